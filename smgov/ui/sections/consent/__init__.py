"""The Pupils & consent section: the consent register as a grid, the pupil's history, recording consent."""

from smgov.ui.sections.consent.view import ConsentView

__all__ = ["ConsentView"]
