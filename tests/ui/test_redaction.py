"""The redaction editor: boxes drawn with the mouse in the image's own pixels, undo, and a redacted copy saved beside
an original that stays byte for byte as it was. It opens within a 1366×728 screen, the picture scrolling inside."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from smgov.data.models import EvidenceSource
from smgov.data.services import evidence
from smgov.ui.sections.incidents.evidence import EvidencePanel
from smgov.ui.sections.incidents.redaction import RedactionDialog
from smgov.ui.sections.incidents.viewer import EvidenceViewer
from smgov.ui.shell.session import AppSession

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours

RED = (200, 30, 30)


def _image_bytes(size: tuple[int, int] = (320, 200), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, RED)
    out = io.BytesIO()
    if orientation is None:
        image.save(out, format="PNG")
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def _editor(qtbot: QtBot, panel: EvidencePanel, info: evidence.EvidenceInfo) -> RedactionDialog:
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1)
    panel.select_evidence(info.id)
    qtbot.mouseClick(panel.redact_button, Qt.MouseButton.LeftButton)
    editor = next(d for d in panel.dialogs if isinstance(d, RedactionDialog))
    qtbot.waitUntil(lambda: editor.canvas.pixmap is not None, timeout=10_000)
    editor.view.actual_size()  # 100%: a widget pixel is an image pixel
    return editor


def _drag(qtbot: QtBot, widget: object, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_draw_a_box_save_and_the_original_is_unchanged(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    original = _image_bytes()
    info = evidence.add_evidence(app_session.workspace, panel.incident_id or 0, original, source=EvidenceSource.FILE)
    editor = _editor(qtbot, panel, info)
    assert not editor.save_button.isEnabled()

    _drag(qtbot, editor.canvas, QPoint(20, 30), QPoint(120, 70))
    assert editor.canvas.box_tuples() == [(20, 30, 100, 40)]
    assert editor.count.text() == "1 box drawn"
    assert editor.save_button.isEnabled()

    with qtbot.waitSignal(editor.redacted, timeout=10_000) as signal:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    copy_id = signal.args[0]
    assert not editor.isVisible()

    workspace = app_session.workspace
    assert evidence.get_evidence_bytes(workspace, info.id) == original
    assert evidence.check_integrity(workspace, info.id)
    copy = evidence.get_evidence(workspace, copy_id)
    assert copy.redacted_from_id == info.id and copy.cleared_for_sharing
    assert copy.title == "Screenshot 1, redacted copy 1"
    with Image.open(io.BytesIO(evidence.get_evidence_bytes(workspace, copy_id))) as redacted:
        pixels = redacted.convert("RGB")
        assert pixels.getpixel((20, 30)) == (0, 0, 0)
        assert pixels.getpixel((119, 69)) == (0, 0, 0)
        assert pixels.getpixel((70, 50)) == (0, 0, 0)
        assert pixels.getpixel((19, 30)) == RED and pixels.getpixel((120, 50)) == RED
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert "original, which is unchanged" in panel.status.text()


def test_boxes_follow_the_zoom_and_undo_removes_the_last(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _image_bytes((800, 600)), source=EvidenceSource.FILE
    )
    editor = _editor(qtbot, panel, info)
    editor.view.zoom_out()
    editor.view.zoom_out()  # 64%
    zoom = editor.canvas.zoom
    assert zoom == pytest.approx(0.64)
    _drag(qtbot, editor.canvas, QPoint(64, 64), QPoint(128, 96))
    ((x, y, w, h),) = editor.canvas.box_tuples()
    assert (x, y) == (100, 100) and abs(w - 100) <= 2 and abs(h - 50) <= 2  # in image pixels, not screen pixels
    _drag(qtbot, editor.canvas, QPoint(5, 5), QPoint(40, 40))
    assert editor.count.text() == "2 boxes drawn"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(editor.canvas.boxes) == 1
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert editor.canvas.boxes == [] and not editor.save_button.isEnabled()
    _drag(qtbot, editor.canvas, QPoint(50, 50), QPoint(51, 50))  # a click, not a box
    assert editor.canvas.boxes == []
    editor.reject()
    assert len(evidence.list_evidence(app_session.workspace, info.incident_id)) == 1


def test_a_turned_photo_is_shown_upright_so_boxes_cover_what_they_were_drawn_over(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    # Stored 300 wide and 100 high, with EXIF saying "turn it a quarter": upright it is 100 × 300.
    info = evidence.add_evidence(
        app_session.workspace,
        panel.incident_id or 0,
        _image_bytes((300, 100), orientation=6),
        source=EvidenceSource.FILE,
    )
    assert (info.width, info.height) == (100, 300)
    editor = _editor(qtbot, panel, info)
    assert editor.canvas.image_size().width() == 100 and editor.canvas.image_size().height() == 300
    _drag(qtbot, editor.canvas, QPoint(10, 200), QPoint(60, 260))
    with qtbot.waitSignal(editor.redacted, timeout=10_000) as signal:
        editor.save()
    with Image.open(io.BytesIO(evidence.get_evidence_bytes(app_session.workspace, signal.args[0]))) as redacted:
        assert redacted.size == (100, 300)
        assert redacted.convert("RGB").getpixel((30, 230)) == (0, 0, 0)


def test_the_viewer_opens_the_editor_and_cancelling_with_boxes_asks_first(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _image_bytes(), source=EvidenceSource.CLIPBOARD
    )
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.select_evidence(info.id)
    viewer = panel.view_current()
    assert isinstance(viewer, EvidenceViewer)
    qtbot.waitUntil(lambda: viewer.redact_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(viewer.redact_button, Qt.MouseButton.LeftButton)
    editor = next(d for d in panel.dialogs if isinstance(d, RedactionDialog))
    assert editor.canvas.pixmap is not None  # the viewer's picture, not read again
    editor.view.actual_size()
    _drag(qtbot, editor.canvas, QPoint(10, 10), QPoint(50, 50))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()
    box = editor.findChild(QMessageBox, "redaction-discard-question")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible() and len(editor.canvas.boxes) == 1
    editor.force_close()
    assert len(evidence.list_evidence(app_session.workspace, info.incident_id)) == 1


@pytest.mark.parametrize(
    "room",
    [
        pytest.param(None, id="the test platform's screen"),
        pytest.param(QRect(0, 0, 1366, 728), id="1366x768 laptop less the taskbar"),
    ],
)
def test_the_editor_opens_within_the_screen_with_save_in_view(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession, monkeypatch: pytest.MonkeyPatch, room: QRect | None
) -> None:
    if room is not None:
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(room))
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    available = screen.availableGeometry()
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _image_bytes((2400, 1600)), source=EvidenceSource.FILE
    )
    editor = _editor(qtbot, panel, info)
    qtbot.waitExposed(editor)
    assert available.contains(editor.frameGeometry())
    save = editor.save_button
    assert available.contains(QRect(save.mapToGlobal(QPoint(0, 0)), save.size()))
    assert editor.view.isVisible() and editor.view.horizontalScrollBar().maximum() > 0  # 100%: it scrolls inside
    editor.view.fit()
    assert editor.canvas.zoom < 1.0
    editor.force_close()


def test_closing_the_window_with_boxes_asks_first_and_discard_closes_without_a_copy(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _image_bytes(), source=EvidenceSource.FILE
    )
    editor = _editor(qtbot, panel, info)
    _drag(qtbot, editor.canvas, QPoint(10, 10), QPoint(60, 40))
    editor.close()  # the window's close button
    box = editor.findChild(QMessageBox, "redaction-discard-question")
    assert box is not None and box.isVisible() and editor.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter keeps the boxes
    with qtbot.waitSignal(editor.finished):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert not editor.isVisible()
    assert len(evidence.list_evidence(app_session.workspace, info.incident_id)) == 1


def test_locking_closes_the_viewer_and_the_editor_and_drops_their_pictures(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _image_bytes(), source=EvidenceSource.FILE
    )
    editor = _editor(qtbot, panel, info)
    _drag(qtbot, editor.canvas, QPoint(10, 10), QPoint(60, 40))
    viewer = panel.view_current()
    assert isinstance(viewer, EvidenceViewer)
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=10_000)
    panel.clear()  # what the incident pane does when the workspace locks
    assert not editor.isVisible() and not viewer.isVisible()
    assert editor.canvas.pixmap is None and editor.canvas.boxes == [] and viewer.image is None
    assert editor.findChild(QMessageBox) is None  # no "discard the boxes?" question left behind
    assert panel.dialogs == set() and panel.model.rowCount() == 0 and panel.incident_id is None
