"""Links to other records, and what must be done because someone leaves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget

from smgov.data.areas import Section
from smgov.data.services.people import LeaverItem
from smgov.ui.frame.dialogs import Dialog
from smgov.ui.frame.forms import button, hint_label
from smgov.ui.frame.tables import uk_date
from smgov.ui.frame.widgets import plain_label
from smgov.ui.sections.people.model import leaver_text

Link = tuple[str, str, str, object]  # (text, button text, section, record id)


class LinkList(QWidget):
    """A short list of lines, each with a button that goes somewhere (an account, a password).

    Signals:
        chosen(str, object): the section and record id of the line whose button was pressed.
    """

    chosen = Signal(str, object)

    def __init__(self, name: str, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._empty_text = empty_text
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        self.lines: list[str] = []

    def set_lines(self, lines: list[Link]) -> None:
        self.clear()
        self.lines = [text for text, _button, _section, _record in lines]
        if not lines and self._empty_text:
            empty = hint_label(self._empty_text)
            self._rows.addWidget(empty)
            empty.show()
        for index, (text, button_text, section, record) in enumerate(lines):
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            label = plain_label(text, name=f"{self.objectName()}-text-{index}")
            go = button(button_text, f"{self.objectName()}-go-{index}", f"{button_text}: {text}")
            go.clicked.connect(lambda _checked=False, s=section, r=record: self.chosen.emit(s, r))
            row_layout.addWidget(label, 1)
            row_layout.addWidget(go, 0, Qt.AlignmentFlag.AlignTop)
            self._rows.addWidget(row)
            row.show()

    def clear(self) -> None:
        self.lines = []
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()


def leaver_links(items: list[LeaverItem]) -> list[Link]:
    links: list[Link] = []
    for item in items:
        if item.credential_id is not None:
            links.append((leaver_text(item), "Go to password", Section.VAULT, str(item.credential_id)))
        else:
            links.append((leaver_text(item), "Go to account", Section.ACCOUNTS, str(item.account_id)))
    return links


class LeaverDialog(Dialog):
    """What must be done because someone leaves, each with a button to the account or password.

    Signals:
        open_record(str, object): the user chose a line: go to that section and record.
    """

    open_record = Signal(str, object)

    def __init__(self, parent: QWidget | None, name: str, leaving: dt.date, items: list[LeaverItem]) -> None:
        left = leaving <= dt.date.today()
        title = f"{name} has left: still to do" if left else f"Before {name} leaves"
        when = f"left on {uk_date(leaving)}" if left else f"leaves on {uk_date(leaving)}"
        super().__init__(
            parent,
            title,
            name="leaver-dialog",
            intro=f"{name} {when}. So that no account is left without its lead and no leaver keeps a way in, "
            "do each of these:",
            buttons=QDialogButtonBox.StandardButton.Close,
            min_width=560,
        )
        self.items = list(items)
        self.list = LinkList("leaver-items")
        self.list.set_lines(leaver_links(items))
        self.list.chosen.connect(self._chosen)
        self.body.addWidget(self.list)
        self.body.addWidget(hint_label("Each stays on the dashboard until it is done.", name="leaver-note"))
        self.add_stretch()

    def lines(self) -> list[str]:
        return list(self.list.lines)

    def _chosen(self, section: str, record: object) -> None:
        self.accept()
        self.open_record.emit(section, record)
