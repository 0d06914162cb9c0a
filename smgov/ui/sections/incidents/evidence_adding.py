"""Adding pictures to an incident: each batch (the files chosen, dropped or pasted at once) is written off the UI
thread through :func:`~smgov.ui.frame.writes.run_write`, one picture after another. The service checks each image: a
broken, truncated, oversized or "bomb" image is refused with its message, and the others still go in."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from smgov.data.areas import Change
from smgov.data.errors import ValidationError
from smgov.data.services.evidence import EvidenceInfo
from smgov.ui.frame.writes import run_write
from smgov.ui.sections.incidents.evidence_incoming import Incoming

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.ui.shell.session import AppSession

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of a batch: the pictures added and the refusals (one message each)."""

    added: list[EvidenceInfo] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def add_all(workspace: Workspace, incident_id: int, items: Sequence[Incoming]) -> Outcome:
    """Add ``items`` to the incident one after another (off the UI thread); a refused picture does not stop the
    others."""
    from smgov.data.services.evidence import add_evidence

    outcome = Outcome()
    for item in items:
        try:
            info = add_evidence(workspace, incident_id, item.read(), source=item.source, original_filename=item.name)
        except ValidationError as exc:  # this picture is refused; the rest of the batch goes on
            outcome.refused.append(f"{item.name}: {exc}" if item.path is not None else str(exc))
            continue
        log.info("evidence %s added to incident %s (%s)", info.id, incident_id, info.source.value)
        outcome.added.append(info)
    return outcome


class EvidenceAdder(QObject):
    """Batches of pictures on their way into incidents; the messages gather until the last batch is done.

    Signals:
        busy_changed(bool): the first batch started or the last one finished.
        added(int): pictures were added to this incident (its id).
        finished(int, object, object): the last batch is done (the incident id of that batch, the "added" messages
            and the refusals of every batch since the panel was last idle).
    """

    busy_changed = Signal(bool)
    added = Signal(int)
    finished = Signal(int, object, object)

    def __init__(self, parent: QWidget, session: AppSession) -> None:
        super().__init__(parent)
        self.widget = parent
        self.session = session
        self.pending = 0
        self._generation = 0
        self._added: list[str] = []
        self._refused: list[str] = []

    def is_busy(self) -> bool:
        return self.pending > 0

    def add(self, incident_id: int, items: Sequence[Incoming]) -> bool:
        """Start adding ``items`` to the incident; False when nothing started (none, or the workspace is locked)."""
        if not items or not self.session.is_unlocked:
            return False
        if self.pending == 0:
            self._added, self._refused = [], []
        batch = tuple(items)
        generation = self._generation
        started = run_write(
            self.widget,
            self.session,
            lambda workspace: add_all(workspace, incident_id, batch),
            lambda outcome: self._done(generation, incident_id, outcome),
            changes=(Change.INCIDENTS,),
            on_finished=lambda: self._finished(generation),
        )
        if started:
            self.pending += 1
            if self.pending == 1:
                self.busy_changed.emit(True)
        return started

    def cancel(self) -> None:
        """Forget the batches under way (the workspace locked): their results are dropped."""
        self._generation += 1
        self._added, self._refused = [], []
        if self.pending:
            self.pending = 0
            self.busy_changed.emit(False)

    def _finished(self, generation: int) -> None:
        # run_write calls this first, whatever the outcome, so the busy state always ends.
        if generation != self._generation:
            return
        self.pending = max(0, self.pending - 1)
        if self.pending == 0:
            self.busy_changed.emit(False)

    def _done(self, generation: int, incident_id: int, outcome: Outcome) -> None:
        if generation != self._generation:
            return
        self._added.extend(f"{info.title} added ({info.width} × {info.height} pixels)." for info in outcome.added)
        self._refused.extend(outcome.refused)
        if outcome.added:
            self.added.emit(incident_id)
        if self.pending == 0:
            self.finished.emit(incident_id, list(self._added), list(self._refused))


__all__ = ["EvidenceAdder", "Outcome", "add_all"]
