"""The Passwords section as a user meets it at 1366x768: the list has the room until a password is chosen and keeps
the columns that matter beside the pane, every vault dialog fits the screen, and the wheel edits no unfocused field.

Set SMGOV_SCREENS to a folder to keep a picture of each screen checked here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot

from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.sections.vault import VaultView
from smgov.ui.sections.vault.credential_dialog import CredentialDialog
from smgov.ui.sections.vault.model import VaultTableModel
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession
from tests.ui import wheel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MATTER = (VaultTableModel.ACCOUNT, VaultTableModel.LABEL, VaultTableModel.STRENGTH, VaultTableModel.CHANGED)


@pytest.fixture
def vault(qtbot: QtBot, demo_workspace: Workspace) -> Iterator[VaultView]:
    session = AppSession()
    session.set_workspace(demo_workspace, demo=True)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    assert window.navigate("vault")
    page = window.current_page()
    assert isinstance(page, VaultView)
    qtbot.waitUntil(lambda: page.loaded_once and page.model.rowCount() > 0)
    yield page
    operations.wait_for_background()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    session.lock()


def _keep(widget: QWidget, name: str) -> None:
    folder = os.environ.get("SMGOV_SCREENS")
    if folder:
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _fully_shown(page: VaultView, column: int) -> bool:
    header = page.table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return not header.isSectionHidden(column) and left >= 0 and left + header.sectionSize(column) <= header.width()


def _fits(dialog: QWidget) -> bool:
    room = QGuiApplication.primaryScreen().availableGeometry()
    return room.contains(dialog.frameGeometry()) or (
        dialog.width() <= room.width() and dialog.height() <= room.height()
    )


def _no_wheel_edits(root: QWidget, away: QWidget) -> None:
    kinds = (QComboBox, QAbstractSpinBox, QAbstractSlider)
    fields = [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible() and w.isEnabled()]
    away.setFocus()
    for field in fields:
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus, field.objectName()
        before = wheel.value(field)
        wheel.turn(field)
        assert wheel.value(field) == before, field.objectName()


def test_the_list_has_the_room_until_a_password_is_chosen(qtbot: QtBot, vault: VaultView) -> None:
    assert not vault.pane.isVisible()
    assert all(_fully_shown(vault, column) for column in range(len(VaultTableModel.columns)))
    _keep(vault.window(), "vault-list")
    vault.table.setCurrentIndex(vault.proxy.index(0, 0))
    qtbot.waitUntil(lambda: vault.pane.isVisible() and vault.pane.row is not None)
    assert [column for column in MATTER if not _fully_shown(vault, column)] == []
    _keep(vault.window(), "vault-chosen")
    vault.window().resize(1366, 690)  # maximised on the laptop
    qtbot.waitUntil(lambda: vault.window().width() == 1366)
    assert [column for column in MATTER if not _fully_shown(vault, column)] == []
    assert _fully_shown(vault, VaultTableModel.AGE)
    _keep(vault.window(), "vault-chosen-1366")


def test_every_vault_dialog_fits_the_laptop_screen(qtbot: QtBot, vault: VaultView) -> None:
    vault.table.setCurrentIndex(vault.proxy.index(0, 0))
    qtbot.waitUntil(lambda: vault.pane.row is not None)
    pane = vault.pane
    opened: list[tuple[str, QDialog]] = []
    assert vault.new_record()
    assert isinstance(vault.dialog, CredentialDialog)
    opened.append(("vault-new-credential", vault.dialog))
    vault.dialog.generate()
    assert vault.dialog.generator is not None
    opened.append(("vault-generator", vault.dialog.generator))
    for name, make in (
        ("vault-change-password", pane.change_password),
        ("vault-history", pane.show_history),
        ("vault-disclosure", pane.record_disclosure),
        ("vault-import", vault.import_credentials),
    ):
        dialog = make()
        assert dialog is not None
        opened.append((name, dialog))
    assert pane.edit_details()
    qtbot.waitUntil(lambda: isinstance(pane.dialog, CredentialDialog) and pane.dialog.credential is not None)
    assert pane.dialog is not None
    opened.append(("vault-edit-details", pane.dialog))
    for name, dialog in opened:
        qtbot.waitExposed(dialog)
        assert _fits(dialog), f"{name}: {dialog.frameGeometry()}"
        _no_wheel_edits(dialog, vault.search)
        _keep(dialog, name)


def test_the_wheel_edits_no_filter_of_the_list(qtbot: QtBot, vault: VaultView) -> None:
    _no_wheel_edits(vault, vault.table)
    vault.tabs.setCurrentIndex(vault.HEALTH_TAB)
    _no_wheel_edits(vault.health, vault.health.table)
    _keep(vault.window(), "vault-health")
