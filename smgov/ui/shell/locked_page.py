"""The page shown instead of every section while the workspace is locked (or before one is opened)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from smgov.ui.frame import icons


class LockedPage(QWidget):
    """The padlock, what state the app is in, and the way in (Unlock, or Create/Open on a first run)."""

    MESSAGE_WIDTH = 540

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("locked-page")
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("")
        self.title.setObjectName("locked-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel("")
        self.message.setObjectName("locked-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setFixedWidth(self.MESSAGE_WIDTH)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(240)
        self.busy.setAccessibleName("Working")
        self.unlock_button = self._button("Unlock…", "unlock-button", "Unlock")
        self.unlock_button.setDefault(True)
        self.create_button = self._button(
            "Create a new workspace…", "create-workspace-button", "Create a new workspace"
        )
        self.open_button = self._button("Open a workspace…", "open-workspace-button", "Open a workspace")

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.unlock_button, self.create_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.icon)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(16)
        layout.addWidget(self.busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(3)

    @staticmethod
    def _button(text: str, name: str, accessible: str) -> QPushButton:
        # Not smgov.ui.frame.forms.button: that module loads the data layer (SQLAlchemy, through frame.widgets ->
        # smgov.data.keys), which the main window must not do before its first paint (test_shell_sections).
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setMinimumWidth(160)
        return button

    def draw_padlock(self) -> None:
        """The padlock in the palette's text colour, a little muted (again after a switch to a dark theme)."""
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        colour.setAlphaF(0.7)
        self.icon.setPixmap(icons.pixmap("lock", 64, self, colour))

    def show_state(self, title: str, message: str, *, busy: bool = False, can_unlock: bool = True) -> None:
        self.draw_padlock()
        self.title.setText(title)
        self.message.setText(message)
        # A centred, wrapped label is not given its wrapped height by the layout: ask for it.
        self.message.setMinimumHeight(self.message.heightForWidth(self.message.width()))
        self.busy.setVisible(busy)
        self.unlock_button.setVisible(not busy and can_unlock)
        self.create_button.setVisible(not busy and not can_unlock)
        self.open_button.setVisible(not busy and not can_unlock)
        self.unlock_button.setDefault(can_unlock)
        self.create_button.setDefault(not can_unlock)
