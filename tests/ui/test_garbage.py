"""The cyclic collector runs on the UI thread only: background jobs never free widgets."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QApplication

from smgov.ui.frame.garbage import GarbageCollector
from smgov.ui.shell.app import make_application


class Node:
    def __init__(self) -> None:
        self.me = self


def test_the_application_turns_automatic_collection_off(qapp: QApplication) -> None:
    gc.enable()
    app = make_application()
    assert app.findChild(GarbageCollector) is not None
    GarbageCollector(app).deleteLater()  # a fresh one: creating it switches automatic collection off
    assert not gc.isenabled()


def test_check_frees_cycles_once_the_first_generation_is_full(qapp: QApplication) -> None:
    collector = GarbageCollector(qapp)
    try:
        gc.collect()
        collector.thresholds = (5, 10, 10)
        for _ in range(50):
            Node()
        assert collector.check() >= 50
        assert collector.check() == 0  # nothing new since
    finally:
        collector.deleteLater()
