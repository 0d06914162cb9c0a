"""Screenshot evidence in the incidents section: pasting (Ctrl+V), dropping and choosing files, the service's refusals
shown and nothing added, the viewer with its SHA-256, and a copy for sharing without EXIF. Pictures are read only
when opened; every write runs off the UI thread; the viewer fits a 1366×728 screen and no control in it changes
under the mouse wheel."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QRectF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QScreen
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from smgov.data.areas import Change
from smgov.data.models import EvidenceSource, IncidentCategory
from smgov.data.services import audit_log, evidence, incidents
from smgov.data.services.incidents import IncidentInput
from smgov.ui.sections.incidents import IncidentsView
from smgov.ui.sections.incidents.evidence import EvidencePanel
from smgov.ui.sections.incidents.evidence_incoming import files_incoming, image_png_bytes
from smgov.ui.sections.incidents.form import IncidentFormDialog
from smgov.ui.sections.incidents.viewer import EvidenceViewer
from smgov.ui.shell.session import AppSession
from tests.ui import wheel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note, not ours


def _png(colour: str = "red", size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # camera make
        image.save(out, format="JPEG", exif=data.tobytes())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def _qimage(width: int = 80, height: int = 60) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366cc"))
    for x in range(10, 30):
        image.setPixelColor(x, 10, QColor("white"))
    return image


@pytest.fixture
def view(qtbot: QtBot, app_session: AppSession) -> IncidentsView:
    page = IncidentsView(app_session)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    with qtbot.waitActive(page):
        page.show()
    qtbot.waitUntil(lambda: page._loaded_once)
    return page


@pytest.fixture
def incident(qtbot: QtBot, view: IncidentsView, app_session: AppSession) -> incidents.IncidentDetails:
    details = incidents.log_incident(
        app_session.workspace,
        IncidentInput(
            category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
            received_at=dt.datetime.now(dt.UTC),
            reported_by="Mrs Patel",
            description="An abusive comment under the sports day post.",
        ),
    )
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.show_record(details.id)
    return details


def _stored(session: AppSession, incident_id: int) -> list[evidence.EvidenceInfo]:
    return evidence.list_evidence(session.workspace, incident_id)


def _drop(widget: object, mime: QMimeData) -> None:
    enter = QDragEnterEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, enter)  # type: ignore[arg-type]
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, drop)  # type: ignore[arg-type]


def _files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def test_log_an_incident_then_paste_the_screenshot_from_the_clipboard(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession
) -> None:
    form = view.new_incident()
    assert isinstance(form, IncidentFormDialog)
    qtbot.keyClicks(form.reported_by, "Mrs Patel")
    qtbot.keyClicks(form.description, "A parent shared a screenshot of a rude comment.")
    with qtbot.waitSignal(form.recorded, timeout=10_000):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    incident_id = incidents.list_incidents(app_session.workspace)[0].id
    qtbot.waitUntil(lambda: view.pane.incident_id == incident_id)  # shown once the list has reloaded
    view.activateWindow()  # as the window manager does when the form closes (the offscreen platform does not)
    qtbot.waitUntil(view.isActiveWindow)

    picture = _qimage()
    QGuiApplication.clipboard().setImage(picture)
    panel = view.pane.evidence
    qtbot.keyClick(view.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not panel.is_adding() and panel.model.rowCount() == 1, timeout=10_000)

    stored = _stored(app_session, incident_id)
    assert len(stored) == 1
    info = stored[0]
    data = evidence.get_evidence_bytes(app_session.workspace, info.id)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert data == image_png_bytes(picture)  # the pasted picture, as PNG, byte for byte
    assert (info.width, info.height, info.source) == (80, 60, EvidenceSource.CLIPBOARD)
    assert view.pane.tabs.currentIndex() == view.pane.EVIDENCE_TAB
    assert "Screenshot 1 added" in panel.status.text()
    assert not panel.problem.message
    assert view.pane.tabs.tabText(view.pane.EVIDENCE_TAB) == "Evidence (1)"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.model.rows()[0].evidence_count == 1)
    assert panel.model.icons.get(info.id) is not None  # the thumbnail, not the picture itself


def test_pasting_text_says_there_is_no_picture_and_adds_nothing(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, incident: incidents.IncidentDetails
) -> None:
    QGuiApplication.clipboard().setText("just some words")
    assert not view.paste()
    assert "no picture" in view.pane.evidence.problem.message
    assert _stored(app_session, incident.id) == []


def test_dropping_a_truncated_image_or_a_non_image_shows_the_services_message_and_adds_nothing(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, incident: incidents.IncidentDetails, tmp_path: Path
) -> None:
    truncated = tmp_path / "cut-short.png"
    truncated.write_bytes(_png(size=(400, 300))[:300])
    letter = tmp_path / "letter.png"
    letter.write_bytes(b"Dear parents, this is not a picture at all.")
    panel = view.pane.evidence

    _drop(view.pane, _files(truncated))
    qtbot.waitUntil(lambda: not panel.is_adding() and bool(panel.problem.message), timeout=10_000)
    assert "cut-short.png" in panel.problem.message
    assert "damaged or incomplete" in panel.problem.message
    assert _stored(app_session, incident.id) == []

    _drop(view.pane, _files(letter))
    qtbot.waitUntil(lambda: not panel.is_adding() and "letter.png" in panel.problem.message, timeout=10_000)
    assert "not an image smgov can read" in panel.problem.message
    assert _stored(app_session, incident.id) == []
    assert panel.model.rowCount() == 0

    # A truncated image's own bytes (as a browser copies them) are refused just the same.
    mime = QMimeData()
    mime.setData("image/png", _png(size=(400, 300))[:200])
    _drop(view.pane, mime)
    qtbot.waitUntil(lambda: not panel.is_adding() and "damaged" in panel.problem.message, timeout=10_000)
    assert _stored(app_session, incident.id) == []


def test_dropping_two_files_adds_both_and_a_bad_one_among_them_is_reported(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, incident: incidents.IncidentDetails, tmp_path: Path
) -> None:
    good = tmp_path / "comment.png"
    good.write_bytes(_png("red"))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(_png("green", exif=True))
    broken = tmp_path / "broken.gif"
    broken.write_bytes(b"GIF89a")
    panel = view.pane.evidence
    _drop(view.pane, _files(good, broken, photo))
    qtbot.waitUntil(lambda: not panel.is_adding() and panel.model.rowCount() == 2, timeout=10_000)
    stored = _stored(app_session, incident.id)
    assert [(e.original_filename, e.source) for e in stored] == [
        ("comment.png", EvidenceSource.DRAG_AND_DROP),
        ("photo.jpg", EvidenceSource.DRAG_AND_DROP),
    ]
    assert evidence.get_evidence_bytes(app_session.workspace, stored[1].id) == photo.read_bytes()
    assert "broken.gif" in panel.problem.message
    assert "Screenshot 1 added" in panel.status.text() and "Screenshot 2 added" in panel.status.text()


def test_add_from_file_and_the_same_screenshot_twice_is_refused(
    qtbot: QtBot,
    view: IncidentsView,
    app_session: AppSession,
    incident: incidents.IncidentDetails,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(_png("blue"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(shot)], ""))
    panel = view.pane.evidence
    view.pane.tabs.setCurrentIndex(view.pane.EVIDENCE_TAB)  # the Evidence tab, as the user would choose it
    qtbot.waitUntil(lambda: panel.add_button.isVisible() and panel.add_button.isEnabled())
    panel.add_button.click()
    qtbot.waitUntil(lambda: not panel.is_adding() and panel.model.rowCount() == 1, timeout=10_000)
    assert _stored(app_session, incident.id)[0].source is EvidenceSource.FILE
    panel.add_button.click()
    qtbot.waitUntil(lambda: not panel.is_adding() and bool(panel.problem.message), timeout=10_000)
    assert "already attached" in panel.problem.message
    assert len(_stored(app_session, incident.id)) == 1


def test_the_viewer_shows_the_screenshot_its_sha256_and_zooms(
    qtbot: QtBot, view: IncidentsView, app_session: AppSession, incident: incidents.IncidentDetails
) -> None:
    info = evidence.add_evidence(
        app_session.workspace,
        incident.id,
        _png(size=(640, 480)),
        source=EvidenceSource.FILE,
        original_filename="comment.png",
    )
    panel = view.pane.evidence
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.grid.setCurrentIndex(panel.model.index(0, 0))
    qtbot.keyClick(panel.grid, Qt.Key.Key_Return)
    viewer = next(d for d in panel.dialogs if isinstance(d, EvidenceViewer))
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=10_000)
    assert (viewer.image.width(), viewer.image.height()) == (640, 480)  # type: ignore[union-attr]
    assert viewer.values["sha256"].text().replace("\n", "") == info.sha256
    assert "match" in viewer.values["integrity"].text()
    assert "comment.png" in viewer.values["source"].text()
    viewer.view.actual_size()
    assert viewer.zoom_label.text() == "100%"
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.zoom_label.text() == "125%"
    assert viewer.view.canvas.width() == round(640 * 1.25)
    viewer.view.zoom_out()
    viewer.view.zoom_out()
    assert viewer.zoom_label.text() == "80%"
    viewer.view.fit()
    assert viewer.view.canvas.zoom <= 1.0
    viewer.reject()


def test_a_copy_for_sharing_has_no_exif_and_is_audited(
    qtbot: QtBot,
    view: IncidentsView,
    app_session: AppSession,
    incident: incidents.IncidentDetails,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = _png("green", exif=True)
    info = evidence.add_evidence(app_session.workspace, incident.id, photo, source=EvidenceSource.FILE)
    assert info.has_metadata
    panel = view.pane.evidence
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.grid.setCurrentIndex(panel.model.index(0, 0))
    dest = tmp_path / "for the parent"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(dest), ""))
    qtbot.mouseClick(panel.share_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "for the parent.png"
    qtbot.waitUntil(lambda: saved.exists() and "Saved" in panel.status.text(), timeout=10_000)
    with Image.open(saved) as copy:
        assert copy.format == "PNG"
        assert len(copy.getexif()) == 0 and "exif" not in copy.info
    assert evidence.get_evidence_bytes(app_session.workspace, info.id) == photo  # the original is untouched
    assert [e for e in audit_log.list_events(app_session.workspace) if e.action == "evidence.export"]
    assert not list(tmp_path.glob("*.partial"))


# -- the panel on its own: lazy reads, writes off the UI thread, the viewer on a small screen ----------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The evidence ids whose full pictures were read."""
    read: list[int] = []
    real = evidence.get_evidence_bytes

    def counting(workspace: Any, evidence_id: int) -> bytes:
        read.append(evidence_id)
        return real(workspace, evidence_id)

    monkeypatch.setattr(evidence, "get_evidence_bytes", counting)
    return read


def _open_viewer(qtbot: QtBot, panel: EvidencePanel, info: evidence.EvidenceInfo) -> EvidenceViewer:
    panel.reload()
    qtbot.waitUntil(lambda: panel.model.row_of(info.id) is not None)
    panel.select_evidence(info.id)
    viewer = panel.view_current()
    assert isinstance(viewer, EvidenceViewer)
    qtbot.waitUntil(lambda: viewer.image is not None, timeout=10_000)
    return viewer


def test_showing_an_incident_reads_thumbnails_only_and_the_viewer_reads_its_one_picture(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession, reads: list[int]
) -> None:
    incident_id = panel.incident_id or 0
    added = [
        evidence.add_evidence(app_session.workspace, incident_id, _png(colour), source=EvidenceSource.FILE)
        for colour in ("red", "green", "blue", "yellow", "purple", "orange")
    ]
    panel.show_incident(incident_id)
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(added))
    assert all(panel.model.icons.get(info.id) is not None for info in added)
    assert reads == []  # a grid of thumbnails: no picture read
    viewer = _open_viewer(qtbot, panel, added[2])
    assert reads == [added[2].id]
    viewer.reject()


def _in_worker(calls: list[bool], real: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread() is not threading.main_thread())
        return real(*args, **kwargs)

    return wrapped


def test_adding_redacting_and_sharing_run_off_the_ui_thread_and_announce_the_change(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    for name in ("add_evidence", "redact", "copy_for_sharing"):
        monkeypatch.setattr(evidence, name, _in_worker(calls, getattr(evidence, name)))
    shot = tmp_path / "shot.png"
    shot.write_bytes(_png("blue", size=(200, 100)))

    changes: list[str] = []
    app_session.changed.connect(changes.append)
    with qtbot.waitSignal(panel.evidence_changed, timeout=10_000):
        panel.add(files_incoming([str(shot)]))
        assert panel.is_adding()  # under way in the background, the window free meanwhile
    assert changes == [Change.INCIDENTS.value]
    qtbot.waitUntil(lambda: not panel.is_adding() and panel.model.rowCount() == 1, timeout=10_000)
    info = panel.model.items[0]

    panel.select_evidence(info.id)
    editor = panel.redact_current()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.canvas.pixmap is not None, timeout=10_000)
    editor.canvas.add_box(QRectF(10, 10, 40, 20))
    with qtbot.waitSignal(editor.redacted, timeout=10_000):
        assert editor.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)

    dest = tmp_path / "copy.png"
    changes.clear()
    panel.share(info, dest)
    qtbot.waitUntil(lambda: "Saved copy.png" in panel.status.text(), timeout=10_000)
    assert changes == [Change.AUDIT.value]
    assert dest.exists()
    assert calls == [True, True, True]  # add, redact, copy: each on the database worker


def _fake_screen(monkeypatch: pytest.MonkeyPatch, room: QRect | None) -> QRect:
    if room is not None:
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(room))
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def _inside(widget: QWidget, room: QRect) -> bool:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return room.contains(QRect(top_left, widget.size()))


SCREENS = [
    pytest.param(None, id="the test platform's screen"),
    pytest.param(QRect(0, 0, 1366, 728), id="1366x768 laptop less the taskbar"),
]


@pytest.mark.parametrize("room", SCREENS)
def test_the_viewer_opens_within_the_screen_and_the_picture_scrolls_inside(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession, monkeypatch: pytest.MonkeyPatch, room: QRect | None
) -> None:
    available = _fake_screen(monkeypatch, room)
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _png(size=(2400, 1600)), source=EvidenceSource.FILE
    )
    viewer = _open_viewer(qtbot, panel, info)
    qtbot.waitExposed(viewer)
    assert available.contains(viewer.frameGeometry())
    assert viewer.height() <= 728 and viewer.width() <= 1366
    for part in (viewer.view, viewer.zoom.fit, viewer.share_button, viewer.buttons):
        assert part.isVisible() and _inside(part, available)
    assert viewer.view.canvas.zoom < 1.0  # fitted: the whole picture shows in the room there is
    viewer.view.actual_size()
    assert viewer.view.horizontalScrollBar().maximum() > 0  # at 100% it scrolls inside the viewer
    viewer.reject()


def test_no_control_in_the_viewer_changes_under_the_wheel_but_ctrl_wheel_over_the_picture_zooms(
    qtbot: QtBot, panel: EvidencePanel, app_session: AppSession
) -> None:
    info = evidence.add_evidence(
        app_session.workspace, panel.incident_id or 0, _png(size=(1600, 1200)), source=EvidenceSource.FILE
    )
    viewer = _open_viewer(qtbot, panel, info)
    qtbot.waitExposed(viewer)
    fields = [
        w
        for w in viewer.findChildren(QWidget)
        if isinstance(w, QAbstractSpinBox | QComboBox | QAbstractSlider) and w.parentWidget() is not None
    ]
    assert all(w.focusPolicy() != Qt.FocusPolicy.WheelFocus for w in fields)
    viewer.view.actual_size()
    for widget in [viewer.zoom, *viewer.zoom.findChildren(QWidget), viewer.zoom_label]:
        wheel.turn(widget, 1)
        wheel.turn(widget, 1, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_label.text() == "100%"
    wheel.turn(viewer.view.viewport(), 1)  # the wheel alone scrolls the picture
    assert viewer.zoom_label.text() == "100%"
    wheel.turn(viewer.view.viewport(), 1, modifiers=Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_label.text() == "125%"
    viewer.reject()
