"""The operator: the person using smgov, chosen from the school's people, as audit events and records name them.

The choice is held on the open :class:`~smgov.data.workspace.Workspace` in memory only (never in the file: the UI
remembers it per PC). Until one is chosen, the operator is known only by the computer's login name. Every unit of
work the workspace opens carries the operator in ``session.info``, so audit events and the "logged by", "recorded
by", "added by" fields of records name them (:func:`actor_name`), with the login kept as a detail
(:func:`actor_login`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from smgov.data.errors import ValidationError
from smgov.data.filelock import current_user
from smgov.data.models.people import Person, PersonKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from smgov.data.workspace import Workspace

# Each unit of work's session.info holds the workspace's operator under this key (set by Workspace.read/write).
OPERATOR_KEY = "smgov.operator"

__all__ = ["Operator", "actor_login", "actor_name", "candidates", "current_operator", "login_only", "set_operator"]


@dataclass(frozen=True)
class Operator:
    """Who is using smgov: a person on the register, or only the computer's login."""

    person_id: int | None  # a person on the school's register, or None when only the login is known
    name: str  # what is printed and recorded ("Jane Smith"); the login name when no person was chosen
    login: str  # the computer's login name, kept as a detail

    @property
    def chosen(self) -> bool:
        """True when a person on the register was chosen (not only the login)."""
        return self.person_id is not None

    def describe(self) -> str:
        """For a status bar: "Jane Smith (login jsmith)", or the login alone."""
        return f"{self.name} (login {self.login})" if self.chosen else self.login


def login_only() -> Operator:
    """The operator when nobody has been chosen: the computer's login name."""
    login = current_user()
    return Operator(None, login, login)


def candidates(workspace: Workspace, *, today: dt.date | None = None) -> list[Operator]:
    """Who may be chosen: everyone on the register who has not left, staff first, then by name."""
    login = current_user()
    today = today or dt.date.today()
    query = select(Person.id, Person.full_name, Person.kind).where(
        or_(Person.leaving_date.is_(None), Person.leaving_date > today)
    )  # three columns, not whole records: the chooser lists thousands on a large register
    with workspace.read() as session:
        rows = list(session.execute(query))
    rows.sort(key=lambda row: (row.kind != PersonKind.STAFF, row.full_name.casefold(), row.id))
    return [Operator(row.id, row.full_name, login) for row in rows]


def set_operator(workspace: Workspace, person_id: int | None, *, today: dt.date | None = None) -> Operator:
    """Choose who is using smgov (None: only the login). Refused for an unknown person or one who has left."""
    if person_id is None:
        chosen = login_only()
    else:
        today = today or dt.date.today()
        with workspace.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError("That person is not on the school's register. Choose someone else.", "operator")
            if person.leaving_date is not None and person.leaving_date <= today:
                raise ValidationError(
                    f"{person.full_name} left on {person.leaving_date:%d/%m/%Y}. Choose someone who is still here.",
                    "operator",
                )
            chosen = Operator(person.id, person.full_name, current_user())
    workspace.operator = chosen
    return chosen


def current_operator(workspace: Workspace) -> Operator:
    """The operator chosen on this workspace, or the login-only one until someone is chosen."""
    return workspace.operator or login_only()


def _from_session(session: Session) -> Operator:
    operator = session.info.get(OPERATOR_KEY)
    return operator if isinstance(operator, Operator) else login_only()


def actor_name(session: Session) -> str:
    """The name to record as having done something in this unit of work."""
    return _from_session(session).name


def actor_login(session: Session) -> str:
    """The computer's login name behind this unit of work."""
    return _from_session(session).login
