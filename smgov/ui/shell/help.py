"""The Help menu's windows: the user guide (shipped with smgov, read offline) and the keyboard shortcuts.

The guide is ``resources/guide/user-guide.html``, shown in a QTextBrowser that follows only links within the guide:
nothing is fetched from the network, and a link elsewhere does nothing. The shortcut list is read from the main
window's actions, so it always says what the keys really do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from smgov import resources
from smgov.ui.frame.screen import keep_on_screen

GUIDE = "guide/user-guide.html"


def guide_html() -> str:
    return resources.read_text(GUIDE)


class GuideBrowser(QTextBrowser):
    """A text browser that follows anchors within the guide and nothing else (no files, no network)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._follow)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "" and url.path() == "" and url.fragment():
            self.scrollToAnchor(url.fragment())

    @override
    def loadResource(self, kind: int, name: QUrl | str) -> object:
        return None  # no images or style sheets from anywhere: the guide is self-contained text


class UserGuideDialog(QDialog):
    """How to do the ten most common jobs, with a contents list at the top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user-guide-dialog")
        self.setWindowTitle("User guide - smgov")
        self.browser = GuideBrowser()
        self.browser.setObjectName("user-guide")
        self.browser.setAccessibleName("User guide")
        self.browser.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)
        keep_on_screen(self)


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts of the main window's menus, as the actions have them."""

    def __init__(self, parent: QWidget | None, rows: list[tuple[str, str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts-dialog")
        self.setWindowTitle("Keyboard shortcuts - smgov")
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcut-list")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["What it does", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        groups: dict[str, QTreeWidgetItem] = {}
        for menu, text, keys in rows:
            group = groups.get(menu)
            if group is None:
                group = QTreeWidgetItem(self.tree, [menu, ""])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[menu] = group
            QTreeWidgetItem(group, [text, keys])
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)
        keep_on_screen(self)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(what, keys) for every shortcut listed."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            items = [group.child(c) for c in range(group.childCount())] if group is not None else []
            found += [(item.text(0), item.text(1)) for item in items if item is not None]
        return found
