"""The steps of a request, each a small dialog on the frame's :class:`StepDialog`: the authoriser's decision, access
given by ICT, access extended, access ended. The service checks each off the UI thread; a refusal shows beside its
field, or on the dialog's problem line when it is about the request as a whole."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton, QWidget
from typing_extensions import override

from smgov.data.areas import Change
from smgov.data.errors import SmgovError, ValidationError
from smgov.data.models import KeyRole
from smgov.data.services.blocked_content import RequestDetails
from smgov.data.services.incidents import school_today
from smgov.ui.frame.dialogs import StepDialog
from smgov.ui.frame.forms import line_edit, text_edit
from smgov.ui.frame.tables import uk_date
from smgov.ui.frame.widgets import DateField
from smgov.ui.sections.blocked_content.words import site_of, suggested_expiry

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

AUTHORISER_ROLES = ("Headteacher", "Executive headteacher", "Head of school", "Deputy headteacher")
Write = Callable[["Workspace"], RequestDetails]


def key_person(session: AppSession, role: KeyRole) -> str:
    """The name of the school's key person in ``role``, to fill in a dialog ("" when none is set)."""
    from smgov.data.services import school

    try:
        person = school.key_people(session.workspace).get(role)
    except SmgovError:  # a default name is a convenience; the dialog works without it
        log.warning("key people could not be read for a default name", exc_info=True)
        return ""
    return person.name if person is not None else ""


class RequestStep(StepDialog):
    """One step of request ``details``; ``recorded`` carries the request's new :class:`RequestDetails`."""

    ok_text = "Record"
    changes = (Change.BLOCKED_CONTENT,)
    kind = "step"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails, title: str, intro: str) -> None:
        super().__init__(parent, session, title, intro, name=f"request-{self.kind}")
        self.setWindowTitle(f"{title}: {details.reference}")
        self.details = details


class DecisionDialog(RequestStep):
    """The authoriser's decision: approved or not, reasons, who decided, their role and the date."""

    ok_text = "Record decision"
    kind = "decision"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails) -> None:
        super().__init__(
            parent,
            session,
            details,
            "Record the decision",
            f"{details.staff_name} asked for access to {site_of(details.url)}. Record what the authoriser decided, "
            "as written on the signed form.",
        )
        self.approve = QRadioButton("&Approved")
        self.approve.setObjectName("request-decision-approve")
        self.approve.setAccessibleName("Approved")
        self.refuse = QRadioButton("&Not approved")
        self.refuse.setObjectName("request-decision-refuse")
        self.refuse.setAccessibleName("Not approved")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.approve)
        self.choice.addButton(self.refuse)
        row = QWidget()
        row.setObjectName("request-decision-choice")
        row.setAccessibleName("Approved?")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.approve)
        line.addSpacing(16)
        line.addWidget(self.refuse)
        line.addStretch(1)
        row.setFocusProxy(self.approve)
        self.add_field("approved", "Approved?", row)

        self.reasons = text_edit("request-decision-reasons", "Reasons", 3)
        self.add_field("decision_reasons", "&Reasons", self.reasons, "Needed when it is not approved.")
        self.decided_by = line_edit("request-decision-by", "Decided by (staff name)", "Staff name")
        self.decided_by.setText(key_person(session, KeyRole.HEADTEACHER))
        self.add_field("decided_by", "Decided &by", self.decided_by, "The staff name of the person who decided.")
        self.authoriser = QComboBox()
        self.authoriser.setObjectName("request-decision-authoriser")
        self.authoriser.setAccessibleName("Authoriser (role)")
        self.authoriser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # never changed by a stray wheel
        self.authoriser.setEditable(True)
        self.authoriser.addItems(AUTHORISER_ROLES)
        self.authoriser.setCurrentText(AUTHORISER_ROLES[0])
        self.add_field("authoriser", "Au&thoriser", self.authoriser, "Their role, as on the form.")
        self.decided_on = DateField(
            accessible_name="Date of the decision", name="request-decision-date", default=school_today()
        )
        self.add_field("decided_on", "&Date", self.decided_on)
        self.add_stretch()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.blocked_content import decide

        if self.choice.checkedButton() is None:
            raise ValidationError("Choose Approved or Not approved.", field="approved")
        request_id, approved, decided_on = self.details.id, self.approve.isChecked(), self.decided_on.date()
        assert decided_on is not None  # the date field is never optional
        decided_by, reasons = self.decided_by.text(), self.reasons.toPlainText()
        authoriser = self.authoriser.currentText()
        return lambda workspace: decide(
            workspace,
            request_id,
            approved=approved,
            decided_by=decided_by,
            decided_on=decided_on,
            reasons=reasons,
            authoriser=authoriser,
        )


class ImplementDialog(RequestStep):
    """The ICT technician's part: when access was given, by whom, and its expiry or review date."""

    ok_text = "Record access given"
    kind = "implement"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails) -> None:
        super().__init__(
            parent,
            session,
            details,
            "Record access given",
            f"Record when the ICT technician unblocked {site_of(details.url)}, and when access ends or is "
            "reviewed. The dashboard reminds you two weeks before that date.",
        )
        today = school_today()
        self.implemented_on = DateField(
            accessible_name="Date access was given", name="request-implement-date", default=today
        )
        self.add_field("implemented_on", "Access given &on", self.implemented_on)
        self.implemented_by = line_edit("request-implement-by", "ICT technician", "Name of the ICT technician")
        self.implemented_by.setText(key_person(session, KeyRole.ICT_LEAD))
        self.add_field("implemented_by", "Given &by", self.implemented_by)
        self.expires_on = DateField(
            accessible_name="Expiry or review date", name="request-implement-expires", default=suggested_expiry(today)
        )
        self.add_field(
            "expires_on",
            "&Expires or review",
            self.expires_on,
            "The site is blocked again, or access reviewed, on this date.",
        )
        self.add_stretch()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.blocked_content import implement

        request_id, by = self.details.id, self.implemented_by.text()
        given, expires = self.implemented_on.date(), self.expires_on.date()
        assert given is not None and expires is not None
        return lambda workspace: implement(
            workspace, request_id, implemented_on=given, implemented_by=by, expires_on=expires
        )


class ExtendDialog(RequestStep):
    """A new expiry or review date for access in place, after a review."""

    ok_text = "Extend access"
    kind = "extend"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails) -> None:
        current = uk_date(details.expires_on) if details.expires_on else "no date"
        super().__init__(
            parent,
            session,
            details,
            "Extend access",
            f"Access to {site_of(details.url)} is due to end or be reviewed on {current}. After a review, set the "
            "new date.",
        )
        start = max(school_today(), details.expires_on or school_today())
        self.expires_on = DateField(
            accessible_name="New expiry or review date", name="request-extend-expires", default=suggested_expiry(start)
        )
        self.add_field("expires_on", "New &expiry or review", self.expires_on)
        self.add_stretch()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.blocked_content import extend_access

        request_id, expires = self.details.id, self.expires_on.date()
        assert expires is not None
        return lambda workspace: extend_access(workspace, request_id, expires_on=expires)


class ExpireDialog(RequestStep):
    """Access has ended: ICT blocked the site again."""

    ok_text = "Mark expired"
    kind = "expire"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails) -> None:
        super().__init__(
            parent,
            session,
            details,
            "Mark access expired",
            f"Record that the ICT technician has blocked {site_of(details.url)} again. The request is then "
            "finished: access needs a new request after this.",
        )
        self.expired_on = DateField(
            accessible_name="Date access ended", name="request-expire-date", default=school_today()
        )
        self.add_field("expired_on", "Access ended &on", self.expired_on)
        self.add_stretch()

    @override
    def prepare(self) -> Write:
        from smgov.data.services.blocked_content import expire

        request_id, ended = self.details.id, self.expired_on.date()
        return lambda workspace: expire(workspace, request_id, expired_on=ended)


StepKind = Callable[[QWidget, "AppSession", RequestDetails], RequestStep]
