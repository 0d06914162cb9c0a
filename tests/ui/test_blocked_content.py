"""The blocked content section: the request form, its steps through the register, the printed form, locking."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
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
from smgov.ui.sections.blocked_content.view import (
    BlockedContentView,
    DecisionDialog,
    ExpireDialog,
    ExtendDialog,
    ImplementDialog,
    RequestTableModel,
    StepDialog,
)
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


def _reload(qtbot: QtBot, view: BlockedContentView, rows: int) -> None:
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == rows)


def _choose(qtbot: QtBot, view: BlockedContentView, request_id: int) -> None:
    """Click the request's row in the table, as a user would."""
    row = next(r for r in range(view.proxy.rowCount()) if view.proxy.row_at(r).id == request_id)
    rect = view.table.visualRect(view.proxy.index(row, RequestTableModel.SITE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.pane.request_id == request_id)


def _offered(view: BlockedContentView) -> set[str]:
    return {button.objectName() for button in view.pane.step_buttons if not button.isHidden()}


def _open_step(qtbot: QtBot, button: QAbstractButton, kind: type[StepDialog], view: BlockedContentView) -> StepDialog:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.pane.step_dialog
    assert isinstance(dialog, kind)
    qtbot.waitExposed(dialog)
    return dialog


def _ok(qtbot: QtBot, dialog: StepDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


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
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    pane = view.pane
    assert pane.is_new and pane.reference_label.text() == "New request"
    assert pane.requested_on.date() == TODAY
    assert not pane.print_button.isEnabled()  # nothing saved to print yet

    qtbot.keyClicks(pane.requester, "History department")
    qtbot.keyClicks(pane.staff_name, STAFF)
    qtbot.keyClicks(pane.url, "https://www.nationalarchives.gov.uk/education/")
    qtbot.keyClicks(pane.site_content, "Propaganda posters <WW1> & more")
    qtbot.keyClicks(pane.reasons, "Year 9 history sources.")
    qtbot.keyClicks(pane.risks, "Teacher-led; no pupil browsing.")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)

    saved = blocked_content.list_requests(session.workspace)
    assert len(saved) == 1
    details = blocked_content.get_request(session.workspace, saved[0].id)
    assert (details.staff_name, details.requester, details.requested_on) == (STAFF, "History department", TODAY)
    assert details.site_content == "Propaganda posters <WW1> & more"
    assert details.status is RequestStatus.SUBMITTED
    assert pane.reference_label.text() == details.reference and not pane.is_new
    assert pane.state_label.text() == "Waiting for a decision"
    assert pane.print_button.isEnabled()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.proxy.index(0, RequestTableModel.SITE).data() == "nationalarchives.gov.uk"
    assert view.count_label.text() == "1 request, all shown"


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
    view.new_request()
    pane = view.pane
    qtbot.keyClicks(pane.staff_name, STAFF)
    qtbot.keyClicks(pane.url, url)
    qtbot.keyClicks(pane.site_content, "A page")
    qtbot.keyClicks(pane.reasons, "Lessons")
    qtbot.keyClicks(pane.risks, "None")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)

    error = pane.errors["url"]
    assert expected in error.message
    assert error.isVisible()
    assert error.parentWidget() is pane.url.parentWidget()  # under the URL field, not in a box
    assert pane.url.accessibleDescription() == error.message
    assert blocked_content.list_requests(session.workspace) == []
    assert pane.is_new and pane.url.text() == url  # what was typed is kept for correcting

    pane.url.setText("https://www.example.org/page")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible()
    assert len(blocked_content.list_requests(session.workspace)) == 1


def test_the_address_is_checked_when_the_cursor_leaves_it_even_if_another_field_is_wrong(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    view.new_request()
    pane = view.pane
    qtbot.keyClicks(pane.url, "example.org")
    qtbot.mouseClick(pane.save_button, Qt.MouseButton.LeftButton)  # the staff name is missing too
    assert pane.errors["staff_name"].message == "Enter the staff name."
    assert "Add https://" in pane.errors["url"].message
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
    assert _offered(view) == {"bc-decide"}
    assert not pane.staff_name.isReadOnly() and not pane.save_bar.isHidden()

    decision = _open_step(qtbot, pane.decide_button, DecisionDialog, view)
    assert isinstance(decision, DecisionDialog)
    assert decision.decided_by.text() == HEAD  # the headteacher from the key people
    qtbot.mouseClick(decision.approve, Qt.MouseButton.LeftButton)
    _ok(qtbot, decision)
    assert blocked_content.get_request(workspace, request_id).status is RequestStatus.APPROVED
    assert pane.state_label.text() == "Approved"
    assert pane.decision_by.text() == HEAD and pane.decision_approved.text() == "Yes"
    assert _offered(view) == {"bc-implement"}
    assert pane.staff_name.isReadOnly() and pane.reasons.isReadOnly() and pane.save_bar.isHidden()

    implement = _open_step(qtbot, pane.implement_button, ImplementDialog, view)
    assert isinstance(implement, ImplementDialog)
    assert implement.implemented_by.text() == ICT  # the ICT lead from the key people
    implement.expires_on.setDate(TODAY + dt.timedelta(days=5))
    _ok(qtbot, implement)
    details = blocked_content.get_request(workspace, request_id)
    assert details.status is RequestStatus.IMPLEMENTED and details.implemented_by == ICT
    assert _offered(view) == {"bc-extend", "bc-expire"}
    assert pane.attention.isVisible() and "(in 5 days)" in pane.attention.text()
    qtbot.waitUntil(lambda: "in 5 days" in str(view.proxy.index(0, RequestTableModel.EXPIRES).data()))
    assert view.proxy.index(0, RequestTableModel.EXPIRES).data(Qt.ItemDataRole.DecorationRole) is not None

    extend = _open_step(qtbot, pane.extend_button, ExtendDialog, view)
    assert isinstance(extend, ExtendDialog)
    later = TODAY + dt.timedelta(days=200)
    extend.expires_on.setDate(later)
    _ok(qtbot, extend)
    assert blocked_content.get_request(workspace, request_id).expires_on == later
    assert pane.access_expires.text() == f"{later:%d/%m/%Y}"
    assert not pane.attention.isVisible()
    qtbot.waitUntil(lambda: view.proxy.index(0, RequestTableModel.EXPIRES).data() == f"{later:%d/%m/%Y}")
    assert view.proxy.index(0, RequestTableModel.EXPIRES).data(Qt.ItemDataRole.DecorationRole) is None

    expire = _open_step(qtbot, pane.expire_button, ExpireDialog, view)
    _ok(qtbot, expire)
    assert blocked_content.get_request(workspace, request_id).status is RequestStatus.EXPIRED
    assert _offered(view) == set()
    assert "Submit a new request" in pane.step_text.text()
    assert pane.state_label.text() == "Expired"
    qtbot.waitUntil(lambda: view.proxy.index(0, RequestTableModel.STATE).data() == "Expired")
    assert pane.step_dialog is None


def test_a_refused_request_offers_no_implementation_and_needs_reasons(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    dialog = _open_step(qtbot, view.pane.decide_button, DecisionDialog, view)
    assert isinstance(dialog, DecisionDialog)

    _ok(qtbot, dialog)  # nothing chosen
    assert dialog.errors["approved"].message == "Choose Approved or Not approved."
    qtbot.mouseClick(dialog.refuse, Qt.MouseButton.LeftButton)
    _ok(qtbot, dialog)  # no reasons
    assert "Enter the reasons for not approving it" in dialog.errors["decision_reasons"].message
    assert dialog.isVisible()
    assert blocked_content.get_request(session.workspace, request_id).status is RequestStatus.SUBMITTED

    qtbot.keyClicks(dialog.reasons, "An unblocked alternative exists.")
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
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
    assert "cannot be decided again" in dialog.problem.message
    assert dialog.problem.isVisible() and dialog.isVisible()
    assert blocked_content.get_request(session.workspace, request_id).approved is True


def test_the_request_can_be_corrected_only_while_it_waits_for_a_decision(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    pane = view.pane
    assert not pane.save_button.isEnabled()
    pane.staff_name.selectAll()
    qtbot.keyClicks(pane.staff_name, "Mr Owain Glyndwr")
    assert pane.save_button.isEnabled() and pane.has_unsaved_changes()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocked_content.get_request(session.workspace, request_id).staff_name == "Mr Owain Glyndwr"
    assert not pane.has_unsaved_changes()

    blocked_content.decide(session.workspace, request_id, approved=True, decided_by=HEAD, decided_on=TODAY)
    view.open_request(request_id)
    assert pane.staff_name.isReadOnly() and pane.url.isReadOnly() and pane.risks.isReadOnly()
    assert pane.requested_on.edit.isReadOnly()
    assert pane.save_bar.isHidden()
    assert "cannot change" in pane.read_only_note.text()


def test_unsaved_changes_are_asked_about_before_another_request_opens(
    qtbot: QtBot, view: BlockedContentView, session: AppSession
) -> None:
    first, second = _submit(session.workspace), _submit(session.workspace, "https://scratch.mit.edu/")
    _reload(qtbot, view, 2)
    _choose(qtbot, view, first)
    qtbot.keyClicks(view.pane.reasons, " And Year 5.")
    assert not view.confirm_leave(lambda: None)
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "bc-unsaved-question"]
    assert len(boxes) == 1
    box = boxes[0]
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert view.pane.has_unsaved_changes()

    view.show_record(str(second))  # as the dashboard does
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "bc-unsaved-question" and w.isVisible())
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: view.pane.request_id == second)
    assert blocked_content.get_request(session.workspace, first).reasons == "Year 6 SATs revision in class."


# -- the register --------------------------------------------------------------------------------------------------


def test_the_register_filters_by_state_and_search(qtbot: QtBot, view: BlockedContentView, session: AppSession) -> None:
    workspace = session.workspace
    waiting = _submit(workspace, "https://www.youtube.com/watch?v=1", staff="Mr Kwame Mensah")
    approved = _submit(workspace, "https://www.reddit.com/r/AskHistorians/")
    refused = _submit(workspace, "https://www.twitch.tv/esports")
    blocked_content.decide(workspace, approved, approved=True, decided_by=HEAD, decided_on=TODAY)
    blocked_content.decide(workspace, refused, approved=False, decided_by=HEAD, decided_on=TODAY, reasons="No")
    _reload(qtbot, view, 3)

    def shown() -> set[int]:
        return {view.proxy.row_at(row).id for row in range(view.proxy.rowCount())}

    view.state_filter.setCurrentIndex(view.state_filter.findData(RequestStatus.APPROVED.value))
    assert shown() == {approved}
    assert view.count_label.text() == "3 requests, 1 shown"
    view.state_filter.setCurrentIndex(view.state_filter.findData(RequestStatus.SUBMITTED.value))
    assert shown() == {waiting}
    view.state_filter.setCurrentIndex(0)
    assert shown() == {waiting, approved, refused}

    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "twitch")
    qtbot.waitUntil(lambda: shown() == {refused})
    view.search.clear()
    qtbot.keyClicks(view.search, "kwame")  # the staff name
    qtbot.waitUntil(lambda: shown() == {waiting})
    view.search.clear()
    qtbot.keyClicks(view.search, "year 6")  # the requester, searched though not a column
    qtbot.waitUntil(lambda: shown() == {waiting, approved, refused})
    view.state_filter.setCurrentIndex(view.state_filter.findData(RequestStatus.REJECTED.value))
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
    assert view.pane.request_id == second
    assert view.search.text() == ""  # the filter was cleared so the row shows
    current = view.table.currentIndex()
    assert current.isValid() and view.proxy.row_at(current.row()).id == second


# -- printing ------------------------------------------------------------------------------------------------------


def test_the_request_form_prints_to_pdf_and_the_print_is_audited(
    qtbot: QtBot, view: BlockedContentView, session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = _submit(session.workspace)
    _reload(qtbot, view, 1)
    _choose(qtbot, view, request_id)
    dest = tmp_path / "form.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(dest), "PDF document (*.pdf)"))
    menu = view.pane.print_button.menu()
    save = next(action for action in menu.actions() if action.objectName() == "pdf-save")
    save.trigger()
    qtbot.waitUntil(dest.exists)

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(dest.read_bytes())).pages)
    assert "Blocked content access request" in text
    assert "BCR-0001" in text and "bbc.co.uk/bitesize" in text
    qtbot.waitUntil(lambda: any(event.action == "form.print" for event in audit_log.list_events(session.workspace)))
    event = next(e for e in audit_log.list_events(session.workspace) if e.action == "form.print")
    assert event.entity_type == "blocked_content_request" and event.entity_id == str(request_id)
    assert "BCR-0001" in event.summary and STAFF not in event.summary


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
    for secret in (STAFF, HEAD, ICT, "bbc", "Revision videos", "BCR-0001", "Year 6"):
        assert secret not in shown
    assert view.model.rowCount() == 0
    assert view.pane.stack.currentWidget() is view.pane.empty
    assert view.pane.step_dialog is None
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted) with the workspace
    assert not view.new_button.isEnabled() and not view.table.isEnabled()
    view.new_request()  # Ctrl+N while locked does nothing
    assert not view.pane.is_new
