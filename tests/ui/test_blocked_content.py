"""The blocked content section: the request form, its steps through the register, the printed form, locking."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from smgov.data.models import KeyRole, RequestStatus
from smgov.data.services import audit_log, blocked_content, school
from smgov.data.services.incidents import school_today
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.frame.printing import PrintDialog
from smgov.ui.frame.widgets import DateField
from smgov.ui.sections.blocked_content.model import RequestTableModel
from smgov.ui.sections.blocked_content.steps import (
    DecisionDialog,
    ExpireDialog,
    ExtendDialog,
    ImplementDialog,
    RequestStep,
)
from smgov.ui.sections.blocked_content.view import BlockedContentView
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

HEAD = "Dr Siân Ó Briain"
ICT = "Nguyễn Văn Minh"
STAFF = "Mrs Jo Kowalczyk"  # typed with keyClicks, which knows ASCII only
TODAY = school_today()


@pytest.fixture
def session(app_session: AppSession) -> Iterator[AppSession]:
    school.update_settings(
        app_session.workspace,
        school.SettingsChange(
            key_people=[
                school.KeyPersonDetails(KeyRole.HEADTEACHER, HEAD),
                school.KeyPersonDetails(KeyRole.ICT_LEAD, ICT),
            ]
        ),
    )
    yield app_session
    operations.wait_for_background()


@pytest.fixture
def view(qtbot: QtBot, session: AppSession) -> Iterator[BlockedContentView]:
    page = BlockedContentView(session)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    with qtbot.waitActive(page):
        page.show()
    qtbot.waitUntil(lambda: page._loaded_once)
    yield page
    operations.wait_for_background()


def _submit(workspace: Workspace, url: str = "https://www.bbc.co.uk/bitesize", staff: str = STAFF) -> int:
    return blocked_content.submit_request(
        workspace,
        blocked_content.RequestInput(
            staff_name=staff,
            requested_on=TODAY - dt.timedelta(days=3),
            url=url,
            site_content="Revision videos",
            reasons="Year 6 SATs revision in class.",
            risks_and_controls="Teacher-led on the classroom screen.",
            requester="Year 6",
        ),
    ).id


def _boxes(name: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == name
    ]


def _one_box(qtbot: QtBot, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: len(_boxes(name)) == 1)
    return _boxes(name)[0]


def _reload(qtbot: QtBot, view: BlockedContentView, rows: int) -> None:
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == rows)


def _choose(qtbot: QtBot, view: BlockedContentView, request_id: int) -> None:
    """Click the request's row in the table, as a user would."""
    row = next(r for r in range(view.proxy.rowCount()) if view.proxy.row_at(r).id == request_id)
    rect = view.table.visualRect(view.proxy.index(row, RequestTableModel.SITE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.pane.record_id == request_id)


def _offered(view: BlockedContentView) -> set[str]:
    return {button.objectName() for button in view.pane.step_buttons if not button.isHidden()}


def _open_step(qtbot: QtBot, button: QAbstractButton, kind: type[RequestStep], view: BlockedContentView) -> RequestStep:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.pane.step_dialog
    assert isinstance(dialog, kind)
    qtbot.waitExposed(dialog)
    return dialog


def _ok(qtbot: QtBot, dialog: RequestStep) -> None:
    """Press the dialog's OK button (the write then runs in the background)."""
    assert dialog.ok_button is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _record(qtbot: QtBot, dialog: RequestStep) -> None:
    """Press OK and wait until the step is saved."""
    with qtbot.waitSignal(dialog.recorded):
        _ok(qtbot, dialog)


def _save(qtbot: QtBot, view: BlockedContentView) -> None:
    with qtbot.waitSignal(view.pane.saved):
        qtbot.mouseClick(view.pane.save_button, Qt.MouseButton.LeftButton)


def _field(view: BlockedContentView, key: str) -> QLineEdit:
    field = view.pane.form.fields[key]
    assert isinstance(field, QLineEdit)
    return field


def _text(view: BlockedContentView, key: str) -> QPlainTextEdit:
    field = view.pane.form.fields[key]
    assert isinstance(field, QPlainTextEdit)
    return field


def _shown_texts(root: QWidget) -> str:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleDescription(), widget.windowTitle()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    found.append(str(model.index(row, column).data() or ""))
    return "\n".join(found)


# -- the form ------------------------------------------------------------------------------------------------------


def test_a_new_request_is_recorded_from_the_form(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    assert view.count_label.text().startswith("No requests yet")
    assert not view.pane.isVisible()  # the list has the room until a request is chosen
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    pane = view.pane
    assert pane.isVisible()
    assert pane.is_new and pane.title.text() == "New request"
    assert pane.form.value("requested_on") == TODAY
    assert not pane.print_button.isEnabled()  # nothing saved to print yet

    qtbot.keyClicks(_field(view, "requester"), "History department")
    qtbot.keyClicks(_field(view, "staff_name"), STAFF)
    qtbot.keyClicks(_field(view, "url"), "https://www.nationalarchives.gov.uk/education/")
    qtbot.keyClicks(_text(view, "site_content"), "Propaganda posters <WW1> & more")
    qtbot.keyClicks(_text(view, "reasons"), "Year 9 history sources.")
    qtbot.keyClicks(_text(view, "risks_and_controls"), "Teacher-led; no pupil browsing.")
    _save(qtbot, view)

    saved = blocked_content.list_requests(session.workspace)
    assert len(saved) == 1
    details = blocked_content.get_request(session.workspace, saved[0].id)
    assert (details.staff_name, details.requester, details.requested_on) == (STAFF, "History department", TODAY)
    assert details.site_content == "Propaganda posters <WW1> & more"
    assert details.status is RequestStatus.SUBMITTED
    assert pane.title.text() == details.reference and not pane.is_new
    assert pane.state_chip.text() == "Waiting for a decision"
    assert pane.print_button.isEnabled()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.proxy.index(0, RequestTableModel.SITE).data() == "nationalarchives.gov.uk"
    assert view.proxy.index(0, RequestTableModel.REQUESTER).data() == f"{STAFF}, History department"
    assert view.count_label.text() == "1 request, all shown"


def test_giving_up_a_new_request_gives_the_list_its_room_back(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    view.new_record()
    assert view.pane.isVisible()
    qtbot.keyClicks(_field(view, "staff_name"), STAFF)
    qtbot.mouseClick(view.pane.discard_button, Qt.MouseButton.LeftButton)
    assert not view.pane.isVisible() and not view.pane.is_new
    assert blocked_content.list_requests(session.workspace) == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("www.example.org/page", "Add https:// at the start of the full URL"),
        ("https://www.example.org/my page", "A web address has no spaces in it"),
    ],
)
def test_a_wrong_web_address_is_explained_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, view: BlockedContentView, session: AppSession, url: str, expected: str
) -> None:
    view.new_record()
    pane = view.pane
    qtbot.keyClicks(_field(view, "staff_name"), STAFF)
    qtbot.keyClicks(_field(view, "url"), url)
    qtbot.keyClicks(_text(view, "site_content"), "A page")
    qtbot.keyClicks(_text(view, "reasons"), "Lessons")
    qtbot.keyClicks(_text(view, "risks_and_controls"), "None")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)

    error = pane.form.errors["url"]
    qtbot.waitUntil(lambda: expected in error.message)
    qtbot.waitUntil(lambda: not pane.is_saving)
    assert error.isVisible()
    url_field = _field(view, "url")
    assert error.parentWidget() is url_field.parentWidget()  # under the URL field, not in a box
    assert url_field.accessibleDescription() == error.message
    assert blocked_content.list_requests(session.workspace) == []
    assert pane.is_new and url_field.text() == url  # what was typed is kept for correcting

    url_field.setText("https://www.example.org/page")
    _save(qtbot, view)
    assert not error.isVisible()
    assert len(blocked_content.list_requests(session.workspace)) == 1


def test_the_address_is_checked_when_the_cursor_leaves_it_even_if_another_field_is_wrong(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    view.new_record()
    pane = view.pane
    qtbot.keyClicks(_field(view, "url"), "example.org")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)  # the staff name is missing too
    qtbot.waitUntil(lambda: pane.form.errors["staff_name"].message == "Enter the staff name.")
    assert "Add https://" in pane.form.errors["url"].message
    assert blocked_content.list_requests(session.workspace) == []


# -- the steps -----------------------------------------------------------------------------------------------------


def test_only_allowed_steps_are_offered_and_the_whole_lifecycle_works_through_the_buttons(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    workspace = session.workspace
    request_id = _submit(workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    pane = view.pane
    assert _offered(view) == {"request-decide"}
    assert not _field(view, "staff_name").isReadOnly() and not pane.save_button.isHidden()

    decision = _open_step(qtbot, pane.decide_button, DecisionDialog, view)
    assert isinstance(decision, DecisionDialog)
    assert decision.decided_by.text() == HEAD  # the headteacher from the key people
    qtbot.mouseClick(decision.approve, Qt.MouseButton.LeftButton)
    _record(qtbot, decision)
    assert blocked_content.get_request(workspace, request_id).status is RequestStatus.APPROVED
    assert pane.state_chip.text() == "Approved"
    assert pane.decision_by.text() == HEAD and pane.decision_approved.text() == "Yes"
    assert _offered(view) == {"request-implement"}
    assert _field(view, "staff_name").isReadOnly() and _text(view, "reasons").isReadOnly()
    assert pane.save_button.isHidden() and pane.discard_button.isHidden()

    implement = _open_step(qtbot, pane.implement_button, ImplementDialog, view)
    assert isinstance(implement, ImplementDialog)
    assert implement.implemented_by.text() == ICT  # the ICT lead from the key people
    implement.expires_on.setDate(TODAY + dt.timedelta(days=5))
    _record(qtbot, implement)
    details = blocked_content.get_request(workspace, request_id)
    assert details.status is RequestStatus.IMPLEMENTED and details.implemented_by == ICT
    assert _offered(view) == {"request-extend", "request-expire"}
    assert pane.attention.isVisible() and "(in 5 days)" in pane.attention.text()
    qtbot.waitUntil(lambda: "in 5 days" in str(view.proxy.index(0, RequestTableModel.EXPIRES).data()))
    assert view.proxy.index(0, RequestTableModel.EXPIRES).data(Qt.ItemDataRole.DecorationRole) is not None

    extend = _open_step(qtbot, pane.extend_button, ExtendDialog, view)
    assert isinstance(extend, ExtendDialog)
    later = TODAY + dt.timedelta(days=200)
    extend.expires_on.setDate(later)
    _record(qtbot, extend)
    assert blocked_content.get_request(workspace, request_id).expires_on == later
    assert pane.access_expires.text() == f"{later:%d/%m/%Y}"
    assert not pane.attention.isVisible()
    qtbot.waitUntil(lambda: view.proxy.index(0, RequestTableModel.EXPIRES).data() == f"{later:%d/%m/%Y}")
    assert view.proxy.index(0, RequestTableModel.EXPIRES).data(Qt.ItemDataRole.DecorationRole) is None

    expire = _open_step(qtbot, pane.expire_button, ExpireDialog, view)
    _record(qtbot, expire)
    assert blocked_content.get_request(workspace, request_id).status is RequestStatus.EXPIRED
    assert _offered(view) == set()
    assert "Submit a new request" in pane.step_text.text()
    assert pane.state_chip.text() == "Expired"
    qtbot.waitUntil(lambda: view.proxy.index(0, RequestTableModel.STATUS).data() == "Expired")
    assert pane.step_dialog is None


def test_a_refused_request_offers_no_implementation_and_needs_reasons(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    dialog = _open_step(qtbot, view.pane.decide_button, DecisionDialog, view)
    assert isinstance(dialog, DecisionDialog)

    _ok(qtbot, dialog)  # nothing chosen: refused at once, before any write
    assert dialog.errors["approved"].message == "Choose Approved or Not approved."
    qtbot.mouseClick(dialog.refuse, Qt.MouseButton.LeftButton)
    _ok(qtbot, dialog)  # no reasons: the service refuses it
    qtbot.waitUntil(lambda: "Enter the reasons for not approving it" in dialog.errors["decision_reasons"].message)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.isVisible()
    assert blocked_content.get_request(session.workspace, request_id).status is RequestStatus.SUBMITTED

    qtbot.keyClicks(dialog.reasons, "An unblocked alternative exists.")
    _record(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    details = blocked_content.get_request(session.workspace, request_id)
    assert details.status is RequestStatus.REJECTED and details.approved is False
    assert _offered(view) == set()
    assert view.pane.implement_button.isHidden()
    assert view.pane.decision_approved.text() == "No"
    assert "not approved" in view.pane.step_text.text()


def test_a_refusal_from_the_register_is_shown_plainly_in_the_dialog(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    dialog = _open_step(qtbot, view.pane.decide_button, DecisionDialog, view)
    assert isinstance(dialog, DecisionDialog)
    # Decided elsewhere meanwhile (the dialog was left open): the register refuses a second decision.
    blocked_content.decide(session.workspace, request_id, approved=True, decided_by=HEAD, decided_on=TODAY)
    qtbot.mouseClick(dialog.refuse, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reasons, "No")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "cannot be decided again" in dialog.problem.message)
    assert dialog.problem.isVisible() and dialog.isVisible()
    assert blocked_content.get_request(session.workspace, request_id).approved is True


def test_the_request_can_be_corrected_only_while_it_waits_for_a_decision(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    pane = view.pane
    staff_name = _field(view, "staff_name")
    assert not pane.save_button.isEnabled()
    staff_name.selectAll()
    qtbot.keyClicks(staff_name, "Mr Owain Glyndwr")
    assert pane.save_button.isEnabled() and pane.has_unsaved_changes()
    with qtbot.waitSignal(pane.saved):
        qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocked_content.get_request(session.workspace, request_id).staff_name == "Mr Owain Glyndwr"
    assert not pane.has_unsaved_changes()

    blocked_content.decide(session.workspace, request_id, approved=True, decided_by=HEAD, decided_on=TODAY)
    pane.open(request_id)
    assert staff_name.isReadOnly() and _field(view, "url").isReadOnly()
    assert _text(view, "risks_and_controls").isReadOnly()
    date = pane.form.fields["requested_on"]
    assert isinstance(date, DateField) and date.edit.isReadOnly()
    assert pane.save_button.isHidden()
    assert all(hint.isHidden() for hint in pane.hints)  # advice on filling in is gone too
    assert "cannot change" in pane.read_only_note.text()


def test_a_correction_to_a_request_decided_meanwhile_is_refused_and_the_request_shown_as_it_is(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    qtbot.keyClicks(_text(view, "reasons"), "Also Year 5. ")
    blocked_content.decide(session.workspace, request_id, approved=True, decided_by=HEAD, decided_on=TODAY)
    qtbot.mouseClick(view.pane.save_button, Qt.MouseButton.LeftButton)
    box = _one_box(qtbot, "request-refused")
    assert "has been decided, so what was asked cannot change" in box.text()
    assert view.pane.state_chip.text() == "Approved" and _text(view, "reasons").isReadOnly()
    assert not view.pane.has_unsaved_changes()
    box.close()
    assert "Year 5" not in blocked_content.get_request(session.workspace, request_id).reasons


def test_unsaved_changes_are_asked_about_before_another_request_opens(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    first, second = _submit(session.workspace), _submit(session.workspace, "https://scratch.mit.edu/")
    _reload(qtbot, view, 2)
    _choose(qtbot, view, first)
    qtbot.keyClicks(_text(view, "reasons"), " And Year 5.")
    assert not view.confirm_leave(lambda: None)
    box = _one_box(qtbot, "request-unsaved-question")
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter never saves by accident
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert view.pane.has_unsaved_changes()

    view.show_record(str(second))  # as the dashboard does
    box = _one_box(qtbot, "request-unsaved-question")
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: view.pane.record_id == second)
    assert blocked_content.get_request(session.workspace, first).reasons == "Year 6 SATs revision in class."


def test_a_step_with_unsaved_changes_asks_first_and_saves_before_it_opens(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    qtbot.keyClicks(_text(view, "reasons"), " And Year 5.")
    qtbot.mouseClick(view.pane.decide_button, Qt.MouseButton.LeftButton)
    assert view.pane.step_dialog is None
    box = _one_box(qtbot, "request-unsaved-question")
    box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: isinstance(view.pane.step_dialog, DecisionDialog))
    assert "And Year 5." in blocked_content.get_request(session.workspace, request_id).reasons


# -- the register --------------------------------------------------------------------------------------------------


def test_the_register_filters_by_status_and_search(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    workspace = session.workspace
    waiting = _submit(workspace, "https://www.youtube.com/watch?v=1", staff="Mr Kwame Mensah")
    approved = _submit(workspace, "https://www.reddit.com/r/AskHistorians/")
    refused = _submit(workspace, "https://www.twitch.tv/esports")
    blocked_content.decide(workspace, approved, approved=True, decided_by=HEAD, decided_on=TODAY)
    blocked_content.decide(workspace, refused, approved=False, decided_by=HEAD, decided_on=TODAY, reasons="No")
    _reload(qtbot, view, 3)

    def shown() -> set[int]:
        return {view.proxy.row_at(row).id for row in range(view.proxy.rowCount())}

    status = view.status_filter
    status.setCurrentIndex(status.findData(RequestStatus.APPROVED.value))
    assert shown() == {approved}
    assert view.count_label.text() == "3 requests, 1 shown"
    status.setCurrentIndex(status.findData(RequestStatus.SUBMITTED.value))
    assert shown() == {waiting}
    status.setCurrentIndex(0)
    assert shown() == {waiting, approved, refused}

    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "twitch")
    qtbot.waitUntil(lambda: shown() == {refused})
    view.search.clear()
    qtbot.keyClicks(view.search, "kwame")  # the staff name
    qtbot.waitUntil(lambda: shown() == {waiting})
    view.search.clear()
    qtbot.keyClicks(view.search, "revision videos")  # what the site is for, searched though not a column
    qtbot.waitUntil(lambda: shown() == {waiting, approved, refused})
    status.setCurrentIndex(status.findData(RequestStatus.REJECTED.value))
    assert shown() == {refused}
    assert view.proxy.index(0, RequestTableModel.DECIDED_BY).data() == HEAD


def test_a_dashboard_item_opens_its_request_even_when_filtered_out(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    _submit(session.workspace)
    second = _submit(session.workspace, "https://scratch.mit.edu/")
    _reload(qtbot, view, 2)
    qtbot.keyClicks(view.search, "bbc")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1)
    view.show_record(str(second))
    assert view.pane.record_id == second
    assert view.search.text() == ""  # the filter was cleared so the row shows
    current = view.table.currentIndex()
    assert current.isValid() and view.proxy.row_at(current.row()).id == second


# -- printing ------------------------------------------------------------------------------------------------------


def _save_pdf(qtbot: QtBot, dialog: PrintDialog, dest: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(dest), "PDF document (*.pdf)"))
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dest.exists)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(dest.read_bytes())).pages)


def test_the_request_form_prints_to_pdf_through_the_print_dialog_and_the_print_is_audited(
    qtbot: QtBot, view: BlockedContentView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P opens the same dialog
    dialog = view.pane.print_dialog
    assert isinstance(dialog, PrintDialog) and dialog.objectName() == "request-print-dialog"
    text = _save_pdf(qtbot, dialog, tmp_path / "form.pdf", monkeypatch)

    assert "Blocked content access request" in text
    assert "BCR-00001" in text and "bbc.co.uk/bitesize" in text
    qtbot.waitUntil(lambda: any(event.action == "form.print" for event in audit_log.list_events(session.workspace)))
    event = next(e for e in audit_log.list_events(session.workspace) if e.action == "form.print")
    assert event.entity_type == "blocked_content_request" and event.entity_id == str(request_id)
    assert "BCR-00001" in event.summary and STAFF not in event.summary


def test_the_blank_form_prints_from_the_section_and_ctrl_p_prints_it_when_no_request_is_chosen(
    qtbot: QtBot, view: BlockedContentView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.keyClick(view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = view.blank_dialog
    assert isinstance(dialog, PrintDialog) and dialog.objectName() == "request-blank-form-dialog"
    dialog.reject()
    qtbot.waitUntil(lambda: view.blank_dialog is None)

    qtbot.mouseClick(view.blank_button, Qt.MouseButton.LeftButton)
    dialog = view.blank_dialog
    assert isinstance(dialog, PrintDialog)
    text = _save_pdf(qtbot, dialog, tmp_path / "blank.pdf", monkeypatch)
    assert "Blocked content access request" in text and "BCR-" not in text
    qtbot.waitUntil(lambda: any(event.action == "form.print" for event in audit_log.list_events(session.workspace)))
    event = next(e for e in audit_log.list_events(session.workspace) if e.action == "form.print")
    assert event.entity_type == "blocked-content" and event.entity_id in (None, "")


# -- the layout ----------------------------------------------------------------------------------------------------


def test_the_columns_that_matter_show_at_1366_wide(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    request_id = _submit(session.workspace)
    view.resize(1366 - 220, 700)  # the main window at 1366 wide, less its navigation
    _reload(qtbot, view, 1)
    header = view.table.horizontalHeader()
    viewport = view.table.viewport().width()
    needed = (
        RequestTableModel.REFERENCE,
        RequestTableModel.SITE,
        RequestTableModel.REQUESTER,
        RequestTableModel.STATUS,
        RequestTableModel.EXPIRES,
    )
    for column in needed:
        assert not header.isSectionHidden(column)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport, column
    _choose(qtbot, view, request_id)
    assert view.pane.isVisible()
    assert view.table.width() > 450  # the list keeps a sensible share once a request is chosen


def test_no_unfocused_field_takes_the_mouse_wheel(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    date = view.pane.form.fields["requested_on"]
    assert isinstance(date, DateField)
    before = date.date()
    view.table.setFocus()
    centre = date.edit.rect().center()
    wheel = QWheelEvent(
        QPointF(centre),
        QPointF(date.edit.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(date.edit, wheel)
    assert date.date() == before and not view.pane.has_unsaved_changes()
    assert date.edit.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert view.status_filter.focusPolicy() == Qt.FocusPolicy.StrongFocus
    dialog = _open_step(qtbot, view.pane.decide_button, DecisionDialog, view)
    assert isinstance(dialog, DecisionDialog)
    assert dialog.authoriser.focusPolicy() == Qt.FocusPolicy.StrongFocus


# -- locking -------------------------------------------------------------------------------------------------------


def test_locking_clears_every_widget(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    request_id = _submit(session.workspace)
    blocked_content.decide(session.workspace, request_id, approved=True, decided_by=HEAD, decided_on=TODAY)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    dialog = _open_step(qtbot, view.pane.implement_button, ImplementDialog, view)
    qtbot.keyClicks(view.search, "bbc")
    qtbot.waitUntil(lambda: view.proxy.search_text() == "bbc")
    before = _shown_texts(view) + _shown_texts(dialog)
    assert STAFF in before and HEAD in before and ICT in before  # so the check below can fail

    with qtbot.waitSignal(session.locked):
        session.lock()
    QApplication.processEvents()
    shown = _shown_texts(view)
    for secret in (STAFF, HEAD, ICT, "bbc", "Revision videos", "BCR-00001", "Year 6"):
        assert secret not in shown
    assert view.model.rowCount() == 0
    assert view.pane.stack.currentWidget() is view.pane.empty
    assert view.pane.step_dialog is None
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted) with the workspace
    assert view.new_button is not None and not view.new_button.isEnabled()
    assert not view.table.isEnabled()
    assert not view.blank_button.isEnabled()
    view.new_record()  # Ctrl+N while locked does nothing
    assert not view.pane.is_new
