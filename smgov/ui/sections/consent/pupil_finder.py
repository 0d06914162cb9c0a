"""Finding a pupil by typing, from the keyboard: a search line and the matching pupils under it. Fast entry and
"Can I post this?" both choose pupils this way.

Keys: type a name, admission number or UPN; Up and Down choose among the matches; Enter takes the chosen one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem
from typing_extensions import override

from smgov.data.services.pupils import PupilRow

MATCHES_SHOWN = 8


def haystack(pupil: PupilRow) -> str:
    return " ".join(
        (
            pupil.legal_first_name,
            pupil.preferred_first_name,
            pupil.legal_last_name,
            pupil.admission_number,
            pupil.upn,
            pupil.class_name,
        )
    ).casefold()


def pupil_line(pupil: PupilRow) -> str:
    return f"{pupil.shown_name}  ·  {pupil.year_group} {pupil.class_name}  ·  {pupil.reference}"


class PupilSearch(QLineEdit):
    """The search line: Up and Down move through the matches, Enter takes the chosen one (and is not passed on to
    the dialog's default button).

    Signals:
        step(int): Up (-1) or Down (+1) was pressed.
        take(): Enter was pressed.
    """

    step = Signal(int)
    take = Signal()

    @override
    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.take.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class PupilFinder(QObject):
    """The search line (``search``) and the list of matches (``matches``, at most eight, the first highlighted).

    Signals:
        taken(): Enter was pressed in the search, or a match double-clicked: :meth:`chosen_id` says which.
    """

    taken = Signal()

    def __init__(self, pupils: Sequence[PupilRow], name: str, accessible: str, placeholder: str) -> None:
        super().__init__()
        self.pupils = list(pupils)
        self._haystacks = [haystack(p) for p in self.pupils]
        self.search = PupilSearch()
        self.search.setObjectName(f"{name}-search")
        self.search.setAccessibleName(accessible)
        self.search.setPlaceholderText(placeholder)
        self.search.textChanged.connect(self._find)
        self.search.step.connect(self._move)
        self.search.take.connect(self.taken)
        self.matches = QListWidget()
        self.matches.setObjectName(f"{name}-matches")
        self.matches.setAccessibleName("Matching pupils")
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search keeps the cursor; Up/Down move here
        self.matches.setMaximumHeight(self.matches.fontMetrics().height() * (MATCHES_SHOWN + 1))
        self.matches.itemDoubleClicked.connect(lambda _item: self.taken.emit())

    def _find(self, text: str) -> None:
        words = text.casefold().split()
        self.matches.clear()
        if not words:
            return
        for pupil, hay in zip(self.pupils, self._haystacks, strict=True):
            if all(word in hay for word in words):
                item = QListWidgetItem(pupil_line(pupil))
                item.setData(Qt.ItemDataRole.UserRole, pupil.id)
                self.matches.addItem(item)
                if self.matches.count() == MATCHES_SHOWN:
                    break
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def _move(self, step: int) -> None:
        count = self.matches.count()
        if count:
            self.matches.setCurrentRow(max(0, min(count - 1, self.matches.currentRow() + step)))

    def chosen_id(self) -> int | None:
        """The highlighted match's pupil (None when nothing matches)."""
        item = self.matches.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
