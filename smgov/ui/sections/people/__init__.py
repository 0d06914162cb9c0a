"""The people section: staff, governors, volunteers and contractors."""

from smgov.ui.sections.people.view import PeopleView

__all__ = ["PeopleView"]
