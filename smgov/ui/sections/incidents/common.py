"""What every part of the incidents section shares: words for times and deadlines, the key people's names, and
emptying a widget on its way out.

Times are shown on the school's clock (Europe/London), as the services work them out, in UK format. The markers
(icons beside words) are in :mod:`.markers`, the date-and-time field in :mod:`.datetime_field`; the builders
(buttons, fields, hints) are the frame's (:mod:`smgov.ui.frame.forms`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from smgov.data import calendar
from smgov.data.errors import SmgovError
from smgov.data.models import IncidentCategory, IncidentStatus, KeyRole

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

SHORT_CATEGORY = {
    IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT: "Abuse on a school account",
    IncidentCategory.CYBERBULLYING: "Cyberbullying",
    IncidentCategory.STAFF_CONDUCT: "Staff conduct online",
    IncidentCategory.PARENT_POST: "Parent post",
    IncidentCategory.INAPPROPRIATE_CONTENT: "Inappropriate content on a school device",
    IncidentCategory.DATA_PROTECTION_BREACH: "Data protection breach",
    IncidentCategory.ACCOUNT_COMPROMISE: "Account compromise or impersonation",
    IncidentCategory.OTHER: "Other",
}
STATUS_ORDER = {status: position for position, status in enumerate(IncidentStatus)}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def school_time_text(moment: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM on the school's clock ("" for None)."""
    return calendar.format_school_time(moment)


def response_text(
    due_at: dt.datetime | None,
    first_response_at: dt.datetime | None,
    status: IncidentStatus,
    now: dt.datetime,
) -> str:
    """Where the response stands, in a few words: "Due in 3 h 20 min", "Overdue by 1 day 2 h", "Responded"."""
    if first_response_at is not None:
        late = due_at is not None and first_response_at > due_at
        return "Responded late" if late else "Responded"
    if status is IncidentStatus.CLOSED:
        return "Closed, no response"
    if due_at is None:
        return ""
    left = calendar.describe_time_left(due_at, now)
    if left.startswith("overdue by "):
        return "Overdue by " + left.removeprefix("overdue by ")
    return "Due in " + left.removesuffix(" left")


def key_person_name(workspace: Workspace, role: KeyRole) -> str:
    """A key person's name from settings ("" when none is named or it cannot be read: it is only a default)."""
    from smgov.data.services import school

    try:
        person = school.key_people(workspace).get(role)
    except SmgovError:
        log.exception("key people could not be read")
        return ""
    return person.name if person is not None else ""


def forget(widget: QWidget) -> None:
    """Empty a widget that is on its way out (deleted later), so none of its text can be found meanwhile."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel):
            child.clear()
        elif isinstance(child, QAbstractButton):
            child.setText("")
        child.setAccessibleName("")
        child.setToolTip("")
    widget.hide()
    widget.deleteLater()
