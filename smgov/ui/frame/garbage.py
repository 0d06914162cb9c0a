"""Python's cyclic garbage collector, run only on the UI thread (the PyQt recipe Anki follows).

Left automatic, the collector runs in whichever thread happens to allocate, and a background job's SQLAlchemy work
can then free a cycle holding a closed dialog: destroying a widget off the UI thread crashes the process. So automatic
collection is switched off and a timer on the UI thread collects instead, a generation at a time as the counts reach
the usual thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    """Collects on the UI thread every second, by generation, as the automatic collector would have."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

    def check(self) -> int:
        """Collect the oldest generation whose count has passed its threshold; return what was freed."""
        counts = gc.get_count()
        generation = -1
        for index, (count, threshold) in enumerate(zip(counts, self.thresholds, strict=True)):
            if count > threshold:
                generation = index
        return gc.collect(generation) if generation >= 0 else 0
