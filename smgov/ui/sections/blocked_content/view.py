"""Blocked content: requests to open a website the school's filter blocks (the Spixworth policy's Appendix A).

The register is on the left; the chosen request on the right. The requester's part of the form can be corrected
only while the request waits for the authoriser's decision; after that it is read-only and the pane offers only the
next steps the register allows (``RequestDetails.next_states``): record the decision, record that ICT gave access,
extend access, mark it expired. Each step is a small dialog; the service checks everything, and what it refuses is
shown beside the field it is about, or plainly at the top when it is about the request as a whole.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov.data.errors import ValidationError
from smgov.data.models import KeyRole, RequestStatus
from smgov.data.services.blocked_content import EXPIRY_WARNING_DAYS, RequestDetails, RequestInput
from smgov.data.services.incidents import school_today
from smgov.ui.frame import msgbox, operations
from smgov.ui.frame.errors import show_error
from smgov.ui.frame.tables import (
    AnyIndex,
    Column,
    FilterProxy,
    PreparedRows,
    RowTableModel,
    SearchBox,
    TableView,
    section_splitter,
    uk_date,
    window_shortcut,
)
from smgov.ui.frame.widgets import (
    DateField,
    FieldError,
    heading_label,
    nothing_chosen_page,
    plain_label,
    set_text_colour,
    warning_colour,
)
from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)

S = RequestStatus
AREA = "blocked_content"
STATE_ORDER = {status: position for position, status in enumerate(RequestStatus)}
AUTHORISER_ROLES = ("Headteacher", "Executive headteacher", "Head of school", "Deputy headteacher")
FORM_KIND = "blocked-content"


# -- what a request says, in words -----------------------------------------------------------------------------


def site_of(url: str) -> str:
    """The site's name from a full address ("https://www.bbc.co.uk/iplayer" -> "bbc.co.uk")."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def requested_by(request: RequestDetails) -> str:
    """The staff member, and the class or department they asked for when given."""
    return f"{request.staff_name}, {request.requester}" if request.requester else request.staff_name


def days_left(request: RequestDetails, today: dt.date) -> int | None:
    """Days until access given ends or is reviewed (negative when past); None unless access is in place."""
    if request.status is not S.IMPLEMENTED or request.expires_on is None:
        return None
    return (request.expires_on - today).days


def expiry_needs_attention(request: RequestDetails, today: dt.date) -> bool:
    """Access in place that ends within the dashboard's warning time, or is already past its date."""
    days = days_left(request, today)
    return days is not None and days <= EXPIRY_WARNING_DAYS


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def expiry_text(request: RequestDetails, today: dt.date) -> str:
    """The register's "Access expires" cell: the date, with how close it is when that matters."""
    if request.status is S.EXPIRED:
        return f"Ended {uk_date(request.expired_on or request.expires_on)}"
    if request.expires_on is None:
        return ""
    shown = uk_date(request.expires_on)
    days = days_left(request, today)
    if days is None or days > EXPIRY_WARNING_DAYS:
        return shown
    if days < 0:
        return f"{shown} (past its date)"
    if days == 0:
        return f"{shown} (today)"
    return f"{shown} (in {_days(days)})"


def suggested_expiry(after: dt.date) -> dt.date:
    """The end of a school year (31 August) at least four weeks after ``after``: access is reviewed yearly."""
    end = dt.date(after.year, 8, 31)
    if end < after + dt.timedelta(days=28):
        end = dt.date(after.year + 1, 8, 31)
    return end


def next_step_text(request: RequestDetails, today: dt.date) -> str:
    """What happens next, for the business manager."""
    if request.status is S.SUBMITTED:
        return "Print the form for the authoriser to sign, then record their decision."
    if request.status is S.APPROVED:
        return "Pass the signed form to the ICT technician, then record when they gave access."
    if request.status is S.IMPLEMENTED:
        until = f" until {uk_date(request.expires_on)}" if request.expires_on else ""
        return (
            f"Access is in place{until}. When ICT blocks the site again, mark the request expired; "
            "after a review, extend it."
        )
    if request.status is S.REJECTED:
        return (
            "This request was not approved, so nothing more can be done with it. "
            "If access is still needed, submit a new request."
        )
    return "Access has ended and the site is blocked again. Submit a new request if it is needed again."


def attention_text(request: RequestDetails, today: dt.date) -> str:
    days = days_left(request, today)
    if days is None or days > EXPIRY_WARNING_DAYS or request.expires_on is None:
        return ""
    if days < 0:
        return (
            f"Access was due to end on {uk_date(request.expires_on)}. Ask ICT to block the site again and mark "
            "the request expired, or extend it after a review."
        )
    when = "today" if days == 0 else f"in {_days(days)}"
    return f"Access ends or is reviewed on {uk_date(request.expires_on)} ({when})."


# -- the register ----------------------------------------------------------------------------------------------


class RequestTableModel(RowTableModel[RequestDetails]):
    """The register: one row per request, newest first, with access about to end marked."""

    REFERENCE, SITE, STATE, EXPIRES, REQUESTED_BY, DATE, DECIDED_BY = range(7)
    columns = (
        Column[RequestDetails]("Reference", lambda r: r.reference, sort_key=lambda r: r.id, width=9),
        Column[RequestDetails]("Site", lambda r: site_of(r.url), width=17),
        Column[RequestDetails]("State", lambda r: r.status.label, sort_key=lambda r: STATE_ORDER[r.status], width=20),
        Column[RequestDetails](
            "Access expires", lambda r: expiry_text(r, school_today()), sort_key=lambda r: r.expires_on, width=28
        ),
        Column[RequestDetails]("Requested by", lambda r: r.staff_name, width=18),
        Column[RequestDetails]("Date", lambda r: uk_date(r.requested_on), sort_key=lambda r: r.requested_on, width=9),
        Column[RequestDetails]("Decided by", lambda r: r.decision_by),
    )

    @classmethod
    @override
    def haystack(cls, row: RequestDetails, text: tuple[str, ...]) -> str:
        # The full address and what the site is for are searched too (the pane shows them).
        extra = "\x1f".join((row.requester, row.url, row.site_content, row.authoriser, row.implemented_by))
        return f"{super().haystack(row, text)}\x1f{extra.casefold()}"

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole and index.column() == self.REQUESTED_BY:
            return requested_by(self.row_at(index.row()))  # with the class or department they asked for
        if index.isValid() and role == Qt.ItemDataRole.DecorationRole:
            if index.column() == self.EXPIRES and expiry_needs_attention(self.row_at(index.row()), school_today()):
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        return super().data(index, role)


def load_register(workspace: Any) -> PreparedRows[RequestDetails]:
    """Every request with its details (the register shows who decided, which the list rows leave out)."""
    from smgov.data.services.blocked_content import all_request_details

    return RequestTableModel.prepare(all_request_details(workspace))


# -- small builders ------------------------------------------------------------------------------------------------


def _button(text: str, name: str, tooltip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("…"))
    button.setAutoDefault(False)
    if tooltip:
        button.setToolTip(tooltip)
    return button


def _line_edit(name: str, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class TextBox(QPlainTextEdit):
    """Several lines of text. While editable it is ``lines`` lines tall (longer text scrolls inside); read-only, it
    is as tall as its text, up to ``READ_ONLY_LINES``, so a record reads without empty boxes."""

    READ_ONLY_LINES = 10

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.textChanged.connect(self._fit)
        self._fit()

    @override
    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self._fit()

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.isReadOnly():
            self._fit()

    def _fit(self) -> None:
        lines = self._lines
        margin = round(self.document().documentMargin())
        frame = self.frameWidth() * 2 + margin * 2
        metrics = self.fontMetrics()
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded
        if self.isReadOnly():
            # Measured on the box's whole width (not the viewport's, which a scroll bar would narrow and widen again).
            width = self.width() - frame
            if width > 40:
                box = QRect(0, 0, width, 1_000_000)
                height = metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, self.toPlainText() or " ").height()
                lines = max(1, -(-height // metrics.lineSpacing()))
            if lines <= self.READ_ONLY_LINES:
                policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            lines = min(lines, self.READ_ONLY_LINES)
        self.setVerticalScrollBarPolicy(policy)
        self.setFixedHeight(metrics.lineSpacing() * lines + frame + 2)


def _text_edit(name: str, accessible: str, lines: int = 3, placeholder: str = "") -> TextBox:
    edit = TextBox(lines)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def _hint(text: str) -> QLabel:
    label = plain_label(text)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _stacked(widget: QWidget, error: FieldError, hint: str = "") -> QWidget:
    """A field with its hint and its error message under it (the hint is the box's ``hint`` attribute)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    if hint:
        label = _hint(hint)
        label.setObjectName("field-hint")
        column.addWidget(label)
    column.addWidget(error)
    column.addStretch(1)  # any extra height goes below the message, not between the field and its hint
    return box


def _value(name: str, accessible: str) -> QLabel:
    label = plain_label("", name=name)
    label.setAccessibleName(accessible)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _key_person(workspace: Any, role: KeyRole) -> str:
    from smgov.data.services import school

    try:
        person = school.key_people(workspace).get(role)
    except Exception:  # noqa: BLE001 - a default name is a convenience; the dialog works without it
        log.exception("key people could not be read for a default name")
        return ""
    return person.name if person is not None else ""


# -- the steps -----------------------------------------------------------------------------------------------------


class StepDialog(QDialog):
    """A small form for one step of a request. The service checks it; a refusal shows beside its field, or at the
    top when it is about the request itself.

    Signals:
        recorded(object): the step was recorded (the request's new ``RequestDetails``).
    """

    recorded = Signal(object)
    ok_text = "Record"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails, title: str, intro: str) -> None:
        super().__init__(parent)
        self.setObjectName("bc-step-dialog")
        self.setWindowTitle(f"{title}: {details.reference}")
        self.session = session
        self.details = details
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}

        self.intro = plain_label(intro, name="bc-step-intro")
        self.problem = FieldError(name="bc-step-problem")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setVerticalSpacing(8)
        self.form.setHorizontalSpacing(12)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.ok_text)
        self.ok_button.setObjectName("bc-step-ok")
        self.ok_button.setAccessibleName(self.ok_text)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("bc-step-cancel")
        self.buttons.accepted.connect(self.record_step)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(heading_label(title, name="bc-step-title"))
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(540)

    def add_field(self, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        error = FieldError(for_widget=widget, name=f"bc-step-error-{key}")
        self.errors[key] = error
        self.fields[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, _stacked(widget, error, hint))

    def record(self) -> RequestDetails:
        """Call the service (subclasses)."""
        raise NotImplementedError

    def record_step(self) -> None:
        self.problem.clear()
        for error in self.errors.values():
            error.clear()
        try:
            details = self.record()
        except ValidationError as exc:
            field_error = self.errors.get(exc.field or "")
            if field_error is None:
                self.problem.show_error(str(exc))
            else:
                field_error.show_error(str(exc))
                self.fields[exc.field or ""].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return
        log.info("blocked content request %s: %s recorded", details.id, type(self).__name__)
        self.recorded.emit(details)
        self.accept()


class DecisionDialog(StepDialog):
    """The authoriser's decision: approved or not, reasons, who decided, their role and the date."""

    ok_text = "Record decision"

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
        self.approve.setObjectName("bc-decision-approve")
        self.approve.setAccessibleName("Approved")
        self.refuse = QRadioButton("&Not approved")
        self.refuse.setObjectName("bc-decision-refuse")
        self.refuse.setAccessibleName("Not approved")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.approve)
        self.choice.addButton(self.refuse)
        row = QWidget()
        row.setObjectName("bc-decision-choice")
        row.setAccessibleName("Approved?")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.approve)
        line.addSpacing(16)
        line.addWidget(self.refuse)
        line.addStretch(1)
        row.setFocusProxy(self.approve)
        self.add_field("approved", "Approved?", row)

        self.reasons = _text_edit("bc-decision-reasons", "Reasons", 3)
        self.add_field("decision_reasons", "&Reasons", self.reasons, "Needed when it is not approved.")
        self.decided_by = _line_edit("bc-decision-by", "Decided by (staff name)", "Staff name")
        self.decided_by.setText(_key_person(session.workspace, KeyRole.HEADTEACHER))
        self.add_field("decided_by", "Decided &by", self.decided_by, "The staff name of the person who decided.")
        self.authoriser = QComboBox()
        self.authoriser.setObjectName("bc-decision-authoriser")
        self.authoriser.setAccessibleName("Authoriser (role)")
        self.authoriser.setEditable(True)
        self.authoriser.addItems(AUTHORISER_ROLES)
        self.authoriser.setCurrentText(AUTHORISER_ROLES[0])
        self.add_field("authoriser", "Au&thoriser", self.authoriser, "Their role, as on the form.")
        self.decided_on = DateField(
            accessible_name="Date of the decision", name="bc-decision-date", default=school_today()
        )
        self.add_field("decided_on", "&Date", self.decided_on)

    def record(self) -> RequestDetails:
        from smgov.data.services.blocked_content import decide

        if self.choice.checkedButton() is None:
            raise ValidationError("Choose Approved or Not approved.", field="approved")
        decided_on = self.decided_on.date()
        assert decided_on is not None
        return decide(
            self.session.workspace,
            self.details.id,
            approved=self.approve.isChecked(),
            decided_by=self.decided_by.text(),
            decided_on=decided_on,
            reasons=self.reasons.toPlainText(),
            authoriser=self.authoriser.currentText(),
        )


class ImplementDialog(StepDialog):
    """The ICT technician's part: when access was given, by whom, and its expiry or review date."""

    ok_text = "Record access given"

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
            accessible_name="Date access was given", name="bc-implement-date", default=today
        )
        self.add_field("implemented_on", "Access given &on", self.implemented_on)
        self.implemented_by = _line_edit("bc-implement-by", "ICT technician", "Name of the ICT technician")
        self.implemented_by.setText(_key_person(session.workspace, KeyRole.ICT_LEAD))
        self.add_field("implemented_by", "Given &by", self.implemented_by)
        self.expires_on = DateField(
            accessible_name="Expiry or review date", name="bc-implement-expires", default=suggested_expiry(today)
        )
        self.add_field(
            "expires_on",
            "&Expires or review",
            self.expires_on,
            "The site is blocked again, or access reviewed, on this date.",
        )

    def record(self) -> RequestDetails:
        from smgov.data.services.blocked_content import implement

        implemented_on, expires_on = self.implemented_on.date(), self.expires_on.date()
        assert implemented_on is not None and expires_on is not None
        return implement(
            self.session.workspace,
            self.details.id,
            implemented_on=implemented_on,
            implemented_by=self.implemented_by.text(),
            expires_on=expires_on,
        )


class ExtendDialog(StepDialog):
    """A new expiry or review date for access in place, after a review."""

    ok_text = "Extend access"

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
            accessible_name="New expiry or review date", name="bc-extend-expires", default=suggested_expiry(start)
        )
        self.add_field("expires_on", "New &expiry or review", self.expires_on)

    def record(self) -> RequestDetails:
        from smgov.data.services.blocked_content import extend_access

        expires_on = self.expires_on.date()
        assert expires_on is not None
        return extend_access(self.session.workspace, self.details.id, expires_on=expires_on)


class ExpireDialog(StepDialog):
    """Access has ended: ICT blocked the site again."""

    ok_text = "Mark expired"

    def __init__(self, parent: QWidget, session: AppSession, details: RequestDetails) -> None:
        super().__init__(
            parent,
            session,
            details,
            "Mark access expired",
            f"Record that the ICT technician has blocked {site_of(details.url)} again. The request is then "
            "finished: access needs a new request after this.",
        )
        today = school_today()
        self.expired_on = DateField(accessible_name="Date access ended", name="bc-expire-date", default=today)
        self.add_field("expired_on", "Access ended &on", self.expired_on)

    def record(self) -> RequestDetails:
        from smgov.data.services.blocked_content import expire

        return expire(self.session.workspace, self.details.id, expired_on=self.expired_on.date())


# -- the chosen request --------------------------------------------------------------------------------------------


class RequestPane(QWidget):
    """One request: the requester's part of the form (editable while it waits for a decision), the decision,
    ICT's part, the next steps and the printed form. ``start_new`` turns it into an empty form for a new request.

    Signals:
        recorded(object): a request was saved or moved on a step (its new ``RequestDetails``).
        new_cancelled(): the user gave up the new request.
    """

    recorded = Signal(object)
    new_cancelled = Signal()

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bc-pane")
        self.session = session
        self.details: RequestDetails | None = None
        self.is_new = False
        self._loaded: tuple[Any, ...] | None = None
        self._filling = False
        self._pdf_source: tuple[Any, int] | None = None
        self.step_dialog: StepDialog | None = None
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}

        self.stack = QStackedWidget()
        self.empty = self._empty_page()
        self.record_page = self._record_page()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.record_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        from smgov.ui.frame.pdf_output import PdfActions

        self.pdf = PdfActions(self, self._make_pdf, self._pdf_name)
        self.pdf.saved.connect(lambda _path: self._audit_print("saved as PDF"))
        self.pdf.printed.connect(lambda: self._audit_print("printed"))
        self.pdf.busyChanged.connect(lambda busy: self.print_button.setEnabled(not busy and self.details is not None))
        print_menu = QMenu(self.print_button)
        print_menu.setObjectName("bc-print-menu")
        print_menu.addActions(self.pdf.actions)
        print_menu.aboutToShow.connect(self._print_menu_shown)
        self.print_button.setMenu(print_menu)
        self.clear()

    # -- building ----------------------------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        return nothing_chosen_page(
            "No request chosen",
            "Choose a request in the list to see it, or press New request (Ctrl+N).",
            name="bc-empty",
        )

    def _record_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("bc-record")

        self.reference_label = heading_label("", name="bc-reference")
        self.state_label = plain_label("", wrap=False, name="bc-state")
        self.state_label.setAccessibleName("State")
        font = self.state_label.font()
        font.setBold(True)
        self.state_label.setFont(font)
        self.print_button = _button(
            "Print request form (Appendix A)",
            "bc-print",
            "The policy's Appendix A form filled in from this request, to sign and file (Ctrl+P for a preview).",
        )
        self.print_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.reference_label)
        names.addWidget(self.state_label)
        header = QHBoxLayout()
        header.setSpacing(12)
        header.addLayout(names, 1)
        header.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)

        self.problem = FieldError(name="bc-problem")
        self.attention = plain_label("", name="bc-attention")
        self.attention.setAccessibleName("Needs attention")
        self.attention.setVisible(False)

        self.step_text = plain_label("", name="bc-next-step")
        self.step_text.setAccessibleName("Next step")
        self.decide_button = _button("Record decision…", "bc-decide", "Record the authoriser's decision.")
        self.implement_button = _button(
            "Record access given…", "bc-implement", "Record when the ICT technician gave access, and until when."
        )
        self.extend_button = _button("Extend access…", "bc-extend", "Set a later expiry or review date.")
        self.expire_button = _button("Mark expired…", "bc-expire", "Record that ICT has blocked the site again.")
        self.decide_button.clicked.connect(lambda: self.open_step(DecisionDialog))
        self.implement_button.clicked.connect(lambda: self.open_step(ImplementDialog))
        self.extend_button.clicked.connect(lambda: self.open_step(ExtendDialog))
        self.expire_button.clicked.connect(lambda: self.open_step(ExpireDialog))
        self.step_buttons = (self.decide_button, self.implement_button, self.extend_button, self.expire_button)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in self.step_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        steps = QFrame()
        steps.setObjectName("bc-steps")
        steps.setFrameShape(QFrame.Shape.StyledPanel)
        steps_layout = QVBoxLayout(steps)
        steps_layout.setContentsMargins(10, 8, 10, 8)
        steps_layout.setSpacing(6)
        steps_layout.addWidget(self.step_text)
        steps_layout.addLayout(buttons)
        self.steps_frame = steps

        content = QWidget()
        content.setObjectName("bc-content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 10, 10)
        column.setSpacing(14)
        column.addWidget(self._request_group())
        column.addWidget(self._decision_group())
        column.addWidget(self._access_group())
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("bc-scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.problem)
        layout.addWidget(self.attention)
        layout.addWidget(self.steps_frame)
        layout.addWidget(self.scroll_area, 1)
        return page

    def _add(self, form: QFormLayout, key: str, label: str, widget: QWidget, hint: str = "") -> None:
        error = FieldError(for_widget=widget, name=f"bc-error-{key}")
        self.errors[key] = error
        self.fields[key] = widget
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, _stacked(widget, error, hint))

    def _request_group(self) -> QGroupBox:
        group = QGroupBox("The request")
        group.setObjectName("bc-request-group")
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: long labels, narrow pane
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)

        self.read_only_note = plain_label("", name="bc-read-only-note")
        self.read_only_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form.addRow(self.read_only_note)
        self.requester = _line_edit("bc-requester", "Requester", "Class, department or group (optional)")
        self._add(
            form, "requester", "Re&quester", self.requester, "Who the site is for, when not only the staff member."
        )
        self.staff_name = _line_edit("bc-staff-name", "Staff name", "The member of staff asking")
        self._add(form, "staff_name", "&Staff name", self.staff_name)
        self.requested_on = DateField(accessible_name="Date of the request", name="bc-date")
        self._add(form, "requested_on", "Da&te", self.requested_on)
        self.url = _line_edit("bc-url", "Full URL", "https://www.example.org/page")
        self.url.editingFinished.connect(self._check_url)
        self._add(form, "url", "Full &URL", self.url, "Copy it from the browser's address bar.")
        self.site_content = _text_edit("bc-site-content", "Site content", 2, "What the site or page contains")
        self._add(form, "site_content", "Site &content", self.site_content)
        self.reasons = _text_edit("bc-reasons", "Reasons for access", 4, "Why it is needed, for which lessons")
        self._add(form, "reasons", "&Reasons for access", self.reasons)
        self.risks = _text_edit(
            "bc-risks", "Identified risks and control measures", 4, "What could go wrong, and how it is prevented"
        )
        self._add(form, "risks_and_controls", "Identified risks and control &measures", self.risks)
        for edit in (self.requester, self.staff_name, self.url):
            edit.textChanged.connect(self._changed)
        for text in (self.site_content, self.reasons, self.risks):
            text.textChanged.connect(self._changed)
        self.requested_on.dateChanged.connect(self._changed)

        self.save_status = plain_label("", name="bc-save-status")
        self.discard_button = _button("Discard changes", "bc-discard")
        self.discard_button.clicked.connect(self.discard)
        self.save_button = _button("Save request", "bc-save", "Save the request (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 8, 0, 0)
        bar.addWidget(self.save_status, 1)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        self.save_bar = QWidget()
        self.save_bar.setLayout(bar)
        form.addRow(self.save_bar)
        return group

    def _decision_group(self) -> QGroupBox:
        group = QGroupBox("The decision")
        group.setObjectName("bc-decision-group")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.decision_approved = _value("bc-decision-approved", "Approved?")
        self.decision_reasons = _value("bc-decision-reasons-shown", "Reasons")
        self.decision_by = _value("bc-decision-by-shown", "Decided by")
        self.decision_authoriser = _value("bc-decision-authoriser-shown", "Authoriser")
        self.decision_date = _value("bc-decision-date-shown", "Date of the decision")
        for label, value in (
            ("Approved?", self.decision_approved),
            ("Reasons", self.decision_reasons),
            ("Decided by", self.decision_by),
            ("Authoriser", self.decision_authoriser),
            ("Date", self.decision_date),
        ):
            form.addRow(label, value)
        self.decision_group = group
        return group

    def _access_group(self) -> QGroupBox:
        group = QGroupBox("Access (ICT technician)")
        group.setObjectName("bc-access-group")
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.access_given = _value("bc-access-given", "Access given on")
        self.access_by = _value("bc-access-by", "Given by")
        self.access_expires = _value("bc-access-expires", "Expires or review on")
        self.access_ended = _value("bc-access-ended", "Access ended on")
        self.access_ended_label = QLabel("Access ended")
        for label, value in (
            ("Access given on", self.access_given),
            ("Given by", self.access_by),
            ("Expires or review", self.access_expires),
        ):
            form.addRow(label, value)
        form.addRow(self.access_ended_label, self.access_ended)
        self.access_group = group
        return group

    # -- showing -----------------------------------------------------------------------------------------------

    @property
    def request_id(self) -> int | None:
        return None if self.details is None else self.details.id

    def is_editable(self) -> bool:
        return self.is_new or (self.details is not None and self.details.status is S.SUBMITTED)

    def show_details(self, details: RequestDetails) -> None:
        """Show a saved request (its form editable only while it waits for a decision)."""
        self._close_step()
        self.details = details
        self.is_new = False
        self._pdf_source = (self.session.workspace, details.id)
        self.pdf.invalidate()
        self.problem.clear()
        self._clear_errors()
        self.save_status.clear()
        self._fill(details.as_input())
        self.reference_label.setText(details.reference)
        self.reference_label.setAccessibleName(f"Request {details.reference}")
        self.state_label.setText(details.status.label)
        self._show_steps(details)
        self._show_decision(details)
        self._show_access(details)
        self.print_button.setEnabled(True)
        self._set_editable(details.status is S.SUBMITTED)
        self.stack.setCurrentWidget(self.record_page)

    def start_new(self) -> None:
        """An empty form for a new request (dated today)."""
        self._close_step()
        self.details = None
        self.is_new = True
        self._pdf_source = None
        self.pdf.invalidate()
        self.problem.clear()
        self._clear_errors()
        self.save_status.clear()
        self._fill(RequestInput("", school_today(), "", "", "", "", ""))
        self.reference_label.setText("New request")
        self.reference_label.setAccessibleName("New request")
        self.state_label.setText("")
        self.attention.setVisible(False)
        self.steps_frame.setVisible(False)
        self.decision_group.setVisible(False)
        self.access_group.setVisible(False)
        self.print_button.setEnabled(False)
        self._set_editable(True)
        self.read_only_note.setText(
            "Fill in the request as on the paper form. The date is when the member of staff asked."
        )
        self.stack.setCurrentWidget(self.record_page)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.requester.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Show nothing (no request chosen, or the workspace locked): every field emptied."""
        self._close_step()
        self.details = None
        self.is_new = False
        self._pdf_source = None
        self.pdf.invalidate()
        self._filling = True
        try:
            for edit in (self.requester, self.staff_name, self.url):
                edit.clear()
            for text in (self.site_content, self.reasons, self.risks):
                text.clear()
            self.requested_on.setDate(dt.date.today())
        finally:
            self._filling = False
        for label in (
            self.reference_label,
            self.state_label,
            self.step_text,
            self.attention,
            self.read_only_note,
            self.save_status,
            self.decision_approved,
            self.decision_reasons,
            self.decision_by,
            self.decision_authoriser,
            self.decision_date,
            self.access_given,
            self.access_by,
            self.access_expires,
            self.access_ended,
        ):
            label.clear()
        self.problem.clear()
        self._clear_errors()
        self._loaded = None
        self.print_button.setEnabled(False)
        self.stack.setCurrentWidget(self.empty)

    def _fill(self, data: RequestInput) -> None:
        self._filling = True
        try:
            self.requester.setText(data.requester)
            self.staff_name.setText(data.staff_name)
            self.requested_on.setDate(data.requested_on)
            self.url.setText(data.url)
            self.site_content.setPlainText(data.site_content)
            self.reasons.setPlainText(data.reasons)
            self.risks.setPlainText(data.risks_and_controls)
            for edit in (self.requester, self.staff_name, self.url):
                edit.setCursorPosition(0)
        finally:
            self._filling = False
        self._loaded = self._snapshot()
        self._update_dirty()

    def _set_editable(self, editable: bool) -> None:
        # Read-only boxes take the window's colour, so they read as a record rather than a form to fill in.
        palette = self.palette()
        if not editable:
            palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        for edit in (self.requester, self.staff_name, self.url):
            edit.setReadOnly(not editable)
            edit.setPalette(palette)
        for text in (self.site_content, self.reasons, self.risks):
            text.setReadOnly(not editable)
            text.setPalette(palette)
        date = self.requested_on.edit
        date.setReadOnly(not editable)
        date.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.UpDownArrows if editable else QAbstractSpinBox.ButtonSymbols.NoButtons
        )
        date.setCalendarPopup(editable)
        date.setPalette(palette)
        for hint in self.findChildren(QLabel, "field-hint"):
            hint.setVisible(editable)  # advice on filling in is noise on a record that cannot change
        self.save_bar.setVisible(editable)
        if not editable:
            self.read_only_note.setText(
                "The request has been decided, so what was asked cannot change. If something is different, "
                "submit a new request."
            )
        elif not self.is_new:
            self.read_only_note.setText("You can correct the request until the decision is recorded.")

    def _show_steps(self, details: RequestDetails) -> None:
        today = school_today()
        allowed = details.next_states
        self.decide_button.setVisible(S.APPROVED in allowed or S.REJECTED in allowed)
        self.implement_button.setVisible(S.IMPLEMENTED in allowed)
        self.expire_button.setVisible(S.EXPIRED in allowed)
        self.extend_button.setVisible(S.EXPIRED in allowed)  # only access in place can be extended
        self.step_text.setText(next_step_text(details, today))
        self.steps_frame.setVisible(True)
        note = attention_text(details, today)
        self.attention.setText(note)
        set_text_colour(self.attention, warning_colour(self))
        self.attention.setVisible(bool(note))

    def _show_decision(self, details: RequestDetails) -> None:
        decided = details.approved is not None
        self.decision_group.setVisible(decided)
        if not decided:
            for label in (
                self.decision_approved,
                self.decision_reasons,
                self.decision_by,
                self.decision_authoriser,
                self.decision_date,
            ):
                label.clear()
            return
        self.decision_approved.setText("Yes" if details.approved else "No")
        self.decision_reasons.setText(details.decision_reasons or "None given")
        self.decision_by.setText(details.decision_by)
        self.decision_authoriser.setText(details.authoriser or "Not recorded")
        self.decision_date.setText(uk_date(details.decided_on))

    def _show_access(self, details: RequestDetails) -> None:
        given = details.implemented_on is not None
        self.access_group.setVisible(given)
        self.access_given.setText(uk_date(details.implemented_on))
        self.access_by.setText(details.implemented_by if given else "")
        self.access_expires.setText(uk_date(details.expires_on) if given else "")
        self.access_ended.setText(uk_date(details.expired_on))
        self.access_ended.setVisible(details.expired_on is not None)
        self.access_ended_label.setVisible(details.expired_on is not None)

    # -- the form's state --------------------------------------------------------------------------------------

    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.requester.text().strip(),
            self.staff_name.text().strip(),
            self.requested_on.date(),
            self.url.text().strip(),
            self.site_content.toPlainText().strip(),
            self.reasons.toPlainText().strip(),
            self.risks.toPlainText().strip(),
        )

    def form_input(self) -> RequestInput:
        requested_on = self.requested_on.date()
        assert requested_on is not None
        return RequestInput(
            staff_name=self.staff_name.text(),
            requested_on=requested_on,
            url=self.url.text(),
            site_content=self.site_content.toPlainText(),
            reasons=self.reasons.toPlainText(),
            risks_and_controls=self.risks.toPlainText(),
            requester=self.requester.text(),
        )

    def has_unsaved_changes(self) -> bool:
        if not self.is_editable() or self._loaded is None:
            return False
        return self.is_new or self._snapshot() != self._loaded

    def _changed(self, *_args: object) -> None:
        if not self._filling:
            self._update_dirty()

    def _update_dirty(self) -> None:
        dirty = self.is_editable() and self._loaded is not None and self._snapshot() != self._loaded
        self.save_button.setEnabled(dirty or self.is_new)
        self.discard_button.setEnabled(dirty or self.is_new)
        self.discard_button.setText("Cancel" if self.is_new else "Discard changes")
        self.discard_button.setAccessibleName(self.discard_button.text())
        if dirty:
            self.save_status.setText("You have unsaved changes.")
        elif self.save_status.text() == "You have unsaved changes.":
            self.save_status.clear()

    def _clear_errors(self) -> None:
        for error in self.errors.values():
            error.clear()

    def _show_field_error(self, exc: ValidationError) -> bool:
        error = self.errors.get(exc.field or "")
        if error is None:
            return False
        error.show_error(str(exc))
        widget = self.fields[exc.field or ""]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.scroll_area.ensureWidgetVisible(widget, 20, 60)
        return True

    def _check_url(self) -> None:
        """Say at once what is wrong with an address, when the cursor leaves the field (saving checks again)."""
        from smgov.data.services.blocked_content import check_url

        if self._filling or not self.is_editable() or not self.url.text().strip():
            return
        try:
            check_url(self.url.text())
        except ValidationError as exc:
            self.errors["url"].show_error(str(exc))
        else:
            self.errors["url"].clear()

    # -- saving ------------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Check and save the request; a wrong field is explained beside it and nothing is saved."""
        if not self.session.is_unlocked or not self.is_editable():
            return False
        if not self.is_new and not self.has_unsaved_changes():
            return True
        from smgov.data.services.blocked_content import submit_request, update_request

        self.problem.clear()
        self._clear_errors()
        workspace = self.session.workspace
        try:
            if self.is_new:
                details = submit_request(workspace, self.form_input())
            else:
                assert self.details is not None
                details = update_request(workspace, self.details.id, self.form_input())
        except ValidationError as exc:
            if not self._show_field_error(exc):
                self._refused(exc)
            elif exc.field != "url":
                self._check_url()  # the service stops at the first problem; say at once if the address is wrong too
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        log.info("blocked content request %s saved", details.id)
        self.show_details(details)
        self.save_status.setText("Saved.")
        self.recorded.emit(details)
        return True

    def _refused(self, exc: ValidationError) -> None:
        """A refusal about the request itself (it moved on meanwhile, say): show it and what is saved now."""
        message = str(exc)
        if self.details is not None and self.session.is_unlocked:
            from smgov.data.services.blocked_content import get_request

            try:
                fresh = get_request(self.session.workspace, self.details.id)
            except Exception:  # noqa: BLE001 - the refusal is what matters; the old details stay shown
                log.exception("request could not be read again after a refusal")
            else:
                self.show_details(fresh)
                self.recorded.emit(fresh)
        self.problem.show_error(message)

    def discard(self) -> None:
        """Put the form back as saved (or give up a new request)."""
        if self.is_new:
            self.clear()
            self.new_cancelled.emit()
        elif self.details is not None:
            self.show_details(self.details)

    # -- steps -------------------------------------------------------------------------------------------------

    def open_step(self, kind: Callable[[QWidget, AppSession, RequestDetails], StepDialog]) -> StepDialog | None:
        """Open the dialog for one step (non-blocking) and return it."""
        if self.details is None or not self.session.is_unlocked:
            return None
        if self.has_unsaved_changes():
            self.problem.show_error("Save or discard your changes to the request first.")
            return None
        self._close_step()
        self.problem.clear()
        dialog = kind(self, self.session, self.details)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self._step_recorded)
        dialog.finished.connect(lambda _result: self._step_finished(dialog))
        self.step_dialog = dialog
        dialog.adjustSize()
        dialog.open()
        return dialog

    def _step_recorded(self, details: RequestDetails) -> None:
        self.show_details(details)
        self.recorded.emit(details)

    def _step_finished(self, dialog: StepDialog) -> None:
        if self.step_dialog is dialog:
            self.step_dialog = None

    def _close_step(self) -> None:
        dialog, self.step_dialog = self.step_dialog, None
        if dialog is not None:
            dialog.reject()

    # -- the printed form --------------------------------------------------------------------------------------

    def _make_pdf(self) -> bytes:
        from smgov import documents

        source = self._pdf_source
        if source is None:
            raise ValidationError("Save the request first.")
        workspace, request_id = source
        return documents.filled_form(FORM_KIND, workspace, request_id)

    def _pdf_name(self) -> str:
        reference = self.details.reference if self.details is not None else "request"
        return f"Blocked content request {reference}.pdf"

    def _print_menu_shown(self) -> None:
        if self.has_unsaved_changes():
            self.save_status.setText("The form prints what is saved: save your changes first to include them.")

    def print_preview(self) -> None:
        if self.details is not None and self.print_button.isEnabled():
            self.pdf.preview()

    def _audit_print(self, how: str) -> None:
        from smgov.data.services.audit_log import record_output

        source = self._pdf_source
        if source is None or not self.session.is_unlocked:
            return
        workspace, request_id = source
        reference = self.details.reference if self.details is not None else f"Request {request_id}"
        operations.run_in_background(
            self,
            lambda: record_output(
                workspace,
                "form.print",
                "blocked_content_request",
                request_id,
                f"{reference} request form (Appendix A) {how}",
            ),
            lambda _result: self.session.changed.emit("audit"),
        )


# -- the section ---------------------------------------------------------------------------------------------------


class BlockedContentView(QWidget):
    """The blocked content section: the register on the left, the chosen request on the right.

    Loads in the background, clears on lock, reloads on unlock and when requests change.
    """

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blocked-content-view")
        self.session = session
        self.loads = operations.LatestLoad(self, session)
        self.freshness = operations.ReloadWhenShown(self, self.reload)
        self._loaded_once = False
        self._pending_record: int | None = None
        self._selecting = False
        self._announcing = False

        self.model = RequestTableModel(self)
        self.proxy = FilterProxy(self.model, self)
        self.proxy.counts_changed.connect(self._show_counts)

        title = heading_label("Blocked content", name="bc-title")
        font = title.font()
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        title.setFont(font)
        intro = plain_label(
            "Requests from staff to open a website the school's filter blocks (the policy's Appendix A): "
            "the headteacher decides, then the ICT technician gives access until an expiry or review date.",
            name="bc-intro",
        )
        self.new_button = _button("New request", "bc-new", "Record a new blocked content access request (Ctrl+N)")
        self.new_button.clicked.connect(self.new_request)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.search = SearchBox(self, "Search requests", name="bc-search")
        self.search.search_changed.connect(self.proxy.set_search_text)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("bc-state-filter")
        self.state_filter.setAccessibleName("State")
        self.state_filter.addItem("All states", None)
        for status in RequestStatus:
            self.state_filter.addItem(status.label, status.value)
        self.state_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.state_filter.currentIndexChanged.connect(self._state_chosen)
        state_label = QLabel("S&tate")
        state_label.setBuddy(self.state_filter)
        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.search, 1)
        filters.addSpacing(10)
        filters.addWidget(state_label)
        filters.addWidget(self.state_filter)

        self.table = TableView("Blocked content requests", self, name="bc-table")
        self.table.use_model(self.proxy, RequestTableModel.REFERENCE, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = plain_label("", wrap=False, name="bc-count")
        self.count_label.setAccessibleName("Number of requests")
        self.notice = plain_label("", name="bc-notice")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(8)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.notice)

        self.pane = RequestPane(session, self)
        self.pane.setMinimumWidth(420)
        self.pane.recorded.connect(self._recorded)
        self.pane.new_cancelled.connect(self._new_cancelled)

        self.splitter = section_splitter("bc-splitter", left, self.pane)
        self.splitter.setHandleWidth(12)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.new_button, self.search)
        self.setTabOrder(self.search, self.state_filter)
        self.setTabOrder(self.state_filter, self.table)

        # Window shortcuts on a hidden page do not match, so these never clash with another section's.
        self.new_shortcut = window_shortcut(self, QKeySequence.StandardKey.New, self.new_request)
        self.save_shortcut = window_shortcut(self, QKeySequence.StandardKey.Save, self.pane.save)
        self.print_shortcut = window_shortcut(self, QKeySequence.StandardKey.Print, self.pane.print_preview)

        session.locked.connect(self.clear)
        session.unlocked.connect(self._on_unlocked)
        session.changed.connect(self._on_changed)
        self._set_enabled(session.is_unlocked)
        if session.is_unlocked:
            self.reload()

    # -- loading -----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the register again in the background (the table keeps showing the old rows meanwhile)."""
        if not self.session.is_unlocked:
            return
        self.freshness.stale = False
        workspace = self.session.workspace
        if not self.model.rowCount():
            self.count_label.setText("Loading the requests…")
        self.loads.start(lambda: load_register(workspace), self._loaded, self._failed)

    def _loaded(self, prepared: PreparedRows[RequestDetails]) -> None:
        self._loaded_once = True
        self._selecting = True
        try:
            self.model.set_rows(prepared)
        finally:
            self._selecting = False
        pending, self._pending_record = self._pending_record, None
        if pending is not None:
            self.show_record(pending)
        elif self.pane.request_id is not None:
            self._select_row(self.pane.request_id)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("The requests could not be loaded.")
        show_error(self, exc)

    def clear(self) -> None:
        """Forget everything shown (the workspace locked)."""
        self.loads.cancel()
        self.freshness.stale = True
        self._loaded_once = False
        self._pending_record = None
        self.search.reset()
        self.state_filter.blockSignals(True)
        self.state_filter.setCurrentIndex(0)
        self.state_filter.blockSignals(False)
        self.proxy.set_predicate("state", None)
        self.model.clear()
        self.pane.clear()
        self.count_label.clear()
        self.notice.clear()
        self._set_enabled(False)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.new_button, self.search, self.state_filter, self.table, self.pane):
            widget.setEnabled(enabled)
        for shortcut in (self.new_shortcut, self.save_shortcut, self.print_shortcut):
            shortcut.setEnabled(enabled)

    def _on_unlocked(self, _workspace: object) -> None:
        self._set_enabled(True)
        self.freshness.mark_stale()

    def _on_changed(self, area: str) -> None:
        if area != AREA or self._announcing:
            return
        self.freshness.mark_stale()

    # -- filters -----------------------------------------------------------------------------------------------

    def _state_chosen(self, _index: int = 0) -> None:
        value = self.state_filter.currentData()
        if value is None:
            self.proxy.set_predicate("state", None)
            return
        status = RequestStatus(value)
        self.proxy.set_predicate("state", lambda row: row.status is status)

    def reset_filters(self) -> None:
        self.search.reset()
        self.state_filter.setCurrentIndex(0)

    def _show_counts(self, total: int, shown: int) -> None:
        if not self.session.is_unlocked:
            self.count_label.setText("")
            return
        if not self._loaded_once:
            return  # still loading: "Loading the requests…" stays
        noun = "request" if total == 1 else "requests"
        if total == 0:
            self.count_label.setText("No requests yet. Press New request to record the first.")
        elif shown == total:
            self.count_label.setText(f"{total:,} {noun}, all shown")
        else:
            self.count_label.setText(f"{total:,} {noun}, {shown:,} shown")

    # -- choosing ----------------------------------------------------------------------------------------------

    def _proxy_row(self, request_id: int) -> int:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).id == request_id:
                return row
        return -1

    def _select_row(self, request_id: int | None) -> None:
        """Mark ``request_id`` in the table without opening it again (None: no row)."""
        self._selecting = True
        try:
            row = -1 if request_id is None else self._proxy_row(request_id)
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
        finally:
            self._selecting = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        request_id = self.proxy.row_at(current.row()).id
        if request_id == self.pane.request_id and not self.pane.is_new:
            return
        if self.pane.has_unsaved_changes():
            self._select_row(None if self.pane.is_new else self.pane.request_id)
            self._ask_unsaved(lambda: self.open_request(request_id))
            return
        self.open_request(request_id)

    def open_request(self, request_id: int) -> bool:
        """Show request ``request_id`` in the pane and mark it in the table."""
        from smgov.data.services.blocked_content import get_request

        if not self.session.is_unlocked:
            return False
        try:
            details = get_request(self.session.workspace, request_id)
        except ValidationError as exc:
            self.notice.setText(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - shown by the one error path
            show_error(self, exc)
            return False
        self.notice.clear()
        self.pane.show_details(details)
        self._select_row(request_id)
        return True

    def show_record(self, record_id: object) -> None:
        """Bring request ``record_id`` (a dashboard item's id, "7" or 7) into view."""
        try:
            request_id = int(str(record_id))
        except ValueError:
            log.warning("not a request id: %r", type(record_id).__name__)
            return
        if not self._loaded_once:
            self._pending_record = request_id
            if self.session.is_unlocked and self.freshness.stale:
                self.reload()
            return
        if self.pane.request_id == request_id and not self.pane.is_new:
            self._select_row(request_id)
            return
        if self._proxy_row(request_id) < 0:
            self.reset_filters()

        def go() -> None:
            self.open_request(request_id)

        if self.pane.has_unsaved_changes():
            self._ask_unsaved(go)
            return
        go()

    def new_request(self) -> None:
        """Start a new request in the pane (asks first about unsaved changes)."""
        if not self.session.is_unlocked:
            return
        if self.pane.has_unsaved_changes() and not self.pane.is_new:
            self._ask_unsaved(self.new_request)
            return
        if self.pane.is_new:
            self.pane.requester.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self._select_row(None)
        self.notice.clear()
        self.pane.start_new()

    def _new_cancelled(self) -> None:
        self._select_row(None)

    def _recorded(self, details: RequestDetails) -> None:
        self._pending_record = None
        self.reload()
        self._announcing = True
        try:
            self.session.changed.emit(AREA)
        finally:
            self._announcing = False

    # -- unsaved changes ---------------------------------------------------------------------------------------

    def _ask_unsaved(self, proceed: Callable[[], object]) -> QMessageBox:
        buttons = QMessageBox.StandardButton
        box = msgbox.msgbox(
            self,
            "Unsaved changes",
            "You have changed this request without saving. Save the changes?",
            QMessageBox.Icon.Question,
            buttons.Save | buttons.Discard | buttons.Cancel,
        )
        box.setObjectName("bc-unsaved-question")
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)

        def answered(_result: int) -> None:
            choice = box.standardButton(box.clickedButton()) if box.clickedButton() else buttons.Cancel
            if choice == buttons.Save:
                if self.pane.save():
                    proceed()
            elif choice == buttons.Discard:
                self.pane.discard()
                proceed()

        box.finished.connect(answered)
        return box

    def confirm_leave(self, proceed: Callable[[], None]) -> bool:
        """True when the page can be left now; otherwise ask about the unsaved request and call ``proceed`` after."""
        if not self.pane.has_unsaved_changes():
            return True
        self._ask_unsaved(proceed)
        return False

    def focus_search(self) -> None:
        self.search.focus_search()


__all__ = ["BlockedContentView", "RequestPane", "RequestTableModel"]
