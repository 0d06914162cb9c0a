"""The main window's menus and the actions behind them: File, Record, Go, Forms and Help.

Every action is also added to the window itself, so its shortcut works while the menu bar is busy. The Help menu's
shortcut list reads these actions, so it cannot drift from them.

Record > New (Ctrl+N) and Find (Ctrl+F) pass to the section on show (:class:`PageCommand`). A section may have its
own window shortcut for the same keys (a list section's Ctrl+N): two shortcuts for one key in one window would be
ambiguous and neither would fire, so while such a page is showing, the window's action keeps its place and its key
in the menu but leaves the keyboard to the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QWidget

from smgov import APP_NAME
from smgov.ui.frame import icons
from smgov.ui.frame.page import SectionPage
from smgov.ui.shell.sections import SECTIONS

if TYPE_CHECKING:
    from smgov.ui.shell.main_window import MainWindow


def own_shortcut(page: QWidget, keys: QKeySequence) -> QShortcut | None:
    """The page's own shortcut for ``keys`` (its enabled one first), or None."""
    found = [s for s in page.findChildren(QShortcut) if s.key().matches(keys) == QKeySequence.SequenceMatch.ExactMatch]
    found.sort(key=lambda shortcut: not shortcut.isEnabled())
    return found[0] if found else None


class PageCommand:
    """A window action that acts on the section on show through a hook of its :class:`SectionPage`; while the page
    has its own shortcut for the same keys, the page's shortcut takes them and the action answers to the menu."""

    def __init__(
        self, action: QAction, hook: Callable[[SectionPage], object], offered: Callable[[SectionPage], bool]
    ) -> None:
        self.action = action
        self.keys = action.shortcut()
        self.hook = hook
        self.offered = offered
        self.page: SectionPage | None = None
        action.triggered.connect(lambda _checked=False: self.run())

    def follow(self, page: SectionPage | None) -> None:
        """Point the action at ``page`` (None: no section on show, as while locked)."""
        self.page = page
        own = own_shortcut(page, self.keys) if page is not None else None
        # The page's own shortcut takes the keys; the action then answers only to the menu.
        context = Qt.ShortcutContext.WidgetShortcut if own is not None else Qt.ShortcutContext.WindowShortcut
        self.action.setShortcutContext(context)
        self.action.setEnabled(self.available())

    def available(self) -> bool:
        page = self.page
        if page is None:
            return False
        own = own_shortcut(page, self.keys)
        if own is not None:
            return own.isEnabled()
        return self.offered(page)

    def run(self) -> None:
        page = self.page
        if page is not None and self.available():
            self.hook(page)


# Keys that belong to a section's page or a dialog (window shortcuts on the page, not menu actions), listed with them.
PAGE_KEYS = (
    ("Save the record shown", "Ctrl+S"),
    ("Print the record shown", "Ctrl+P"),
    ("Paste a screenshot onto the incident shown", "Ctrl+V"),
    ("Cancel a dialog or clear the search box", "Esc"),
    ("Zoom a screenshot in the viewer", "Ctrl+wheel"),
)


class WindowActions:
    """Builds the menus of ``window`` and holds its actions."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.all: list[QAction] = []
        w = window
        # File
        self.new_workspace = self._action("&New workspace…", w.new_workspace, "Ctrl+Shift+N", "file-plus")
        self.open_workspace = self._action("&Open workspace…", w.open_workspace, "Ctrl+O", "folder-open")
        self.change_passphrase = self._action("&Change passphrase…", w.change_passphrase, None, "key-square")
        self.backup = self._action("&Back up now…", w.backup_now, None, "hard-drive-download", "action-backup")
        self.restore = self._action("&Restore from backup…", w.restore, None, "archive-restore", "action-restore")
        self.verify = self._action("&Verify workspace…", w.verify, None, "shield-check", "action-verify")
        self.lock = self._action("&Lock", w.lock, "Ctrl+L", "lock", "action-lock")
        self.quit = self._action("&Quit", w.close, "Ctrl+Q", "log-out", "action-quit")
        # Record
        self.new_record = self._action("&New", None, "Ctrl+N", "plus", "action-new-record")
        self.find = self._action("&Find in this section", None, "Ctrl+F", "search", "action-find")
        self.new_command = PageCommand(self.new_record, lambda p: p.new_record(), lambda p: p.can_add())
        self.find_command = PageCommand(self.find, lambda p: p.focus_search(), lambda p: p.can_search())
        # Go
        self.go: dict[str, QAction] = {}
        for number, entry in enumerate(SECTIONS, start=1):
            digit = number % 10  # the tenth section is Ctrl+0, the key after 9
            keys = f"Ctrl+{digit}" if number <= 10 else None
            action = self._action(
                f"&{digit} {entry.label.replace('&', '&&')}" if number <= 10 else entry.label.replace("&", "&&"),
                functools.partial(w.navigate, entry.key.value),
                keys,
                entry.icon,
                f"action-go-{entry.key.value}",
            )
            action.setStatusTip(f"Go to {entry.label}")
            self.go[entry.key.value] = action
        # Help
        self.guide = self._action("&User guide", w.user_guide, "F1", "book-open", "action-guide")
        self.shortcuts = self._action("&Keyboard shortcuts", w.keyboard_shortcuts, None, "keyboard", "action-keys")
        self.about = self._action(f"&About {APP_NAME}", w.about, None, "info", "action-about")

        bar = w.menuBar()
        self.file_menu = self._menu(
            "&File",
            self.new_workspace,
            self.open_workspace,
            None,
            self.change_passphrase,
            self.backup,
            self.restore,
            self.verify,
            None,
            self.lock,
            None,
            self.quit,
        )
        self.record_menu = self._menu("&Record", self.new_record, self.find)
        self.record_menu.aboutToShow.connect(self.follow_page)
        self.go_menu = self._menu("&Go", *self.go.values())
        self.help_menu = self._menu("&Help", self.guide, self.shortcuts, None, self.about)
        for menu in (self.file_menu, self.record_menu, self.go_menu, self.help_menu):
            bar.addMenu(menu)
        # Only while a workspace is open (Restore is handled apart: a damaged file can be restored unopened).
        self.workspace_actions = (
            self.change_passphrase,
            self.backup,
            self.restore,
            self.verify,
            self.lock,
            *self.go.values(),
        )

    def _action(
        self,
        text: str,
        slot: Callable[[], object] | None,
        shortcut: str | None = None,
        icon: str = "",
        name: str = "",
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name or "action-" + text.strip("&.…").lower().replace("&", "").replace(" ", "-"))
        if icon:
            action.setIcon(icons.icon(icon, self.window))
            action.setProperty("icon_name", icon)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work even while the menu bar is hidden or busy
        self.all.append(action)
        return action

    def _menu(self, title: str, *actions: QAction | None) -> QMenu:
        menu = QMenu(title, self.window)
        menu.setObjectName(f"menu-{title.strip('&').lower()}")
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def follow_page(self) -> None:
        """Point Record > New and Find at the section on show (called on navigation, lock and unlock)."""
        page = self.window.current_page() if self.window.session.is_unlocked else None
        for command in (self.new_command, self.find_command):
            command.follow(page)
        entry = self.window.sections.get(self.window.current_section())
        self.new_record.setText(f"&New {entry.new_noun}…" if entry is not None and entry.new_noun else "&New…")

    def refresh_icons(self) -> None:
        """Redraw the icons in the palette's text colour (after the system switches light or dark)."""
        for action in self.all:
            name = action.property("icon_name")
            if isinstance(name, str) and name:
                action.setIcon(icons.icon(name, self.window))

    def shortcut_list(self) -> list[tuple[str, str, str]]:
        """(menu, what, keys) for every action with a shortcut, in menu order."""
        rows = []
        for menu in (self.file_menu, self.record_menu, self.go_menu, self.help_menu):
            for action in menu.actions():
                if action.isSeparator() or action.shortcut().isEmpty():
                    continue
                text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
                if menu is self.go_menu:
                    text = f"Go to {text.split(' ', 1)[-1]}"
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                rows.append((menu.title().replace("&", ""), text, keys))
        native = QKeySequence.SequenceFormat.NativeText
        for what, keys in PAGE_KEYS:
            rows.append(("In a section", what, QKeySequence(keys).toString(native) if "+" in keys else keys))
        return rows
