"""The consent grid's figures: a filter keystroke on 10,000 pupils × 6 purposes (budget 50 ms at the slowest),
as the table sees it (the proxy filters, then the view lays out and paints, offscreen), and changes of the status
and class filters. With --large, also the grid's load from the large demo workspace (10,000 pupils).

Run: .venv/bin/python benchmarks/consent_grid.py [--large]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, report

# 20 keystrokes: typing a surname and an admission number, and deleting back.
WORDS = [
    "o",
    "ok",
    "oka",
    "okaf",
    "okafo",
    "okafor",
    "okafo",
    "oka",
    "o",
    "",
    "0",
    "00",
    "001",
    "0012",
    "00123",
    "0012",
    "001",
    "00",
    "0",
    "",
]


def synthetic_rows(count: int) -> object:
    from smgov.data.models.consent import ConsentStatus
    from smgov.data.services.consent import PurposeRow, Standing
    from smgov.data.services.pupils import PupilRow
    from smgov.ui.sections.consent.model import GridRow, GridRows

    rng = random.Random(11)
    firsts = ["Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Mia", "Arthur", "Freya", "Zoë", "Chidera", "Riya"]
    lasts = ["Smith", "Jones", "Patel", "Nowak", "Okafor", "Brown", "Khan", "Taylor", "Davies", "Wójcik", "Evans"]
    keys = ["school_displays", "website", "social_photos", "social_videos", "press", "prospectus"]
    purposes = [
        PurposeRow(n, key, key.replace("_", " ").title(), "both", "social" in key, True)
        for n, key in enumerate(keys, 1)
    ]
    statuses = [ConsentStatus.GRANTED] * 6 + [
        ConsentStatus.REFUSED,
        ConsentStatus.RESTRICTED,
        ConsentStatus.NOT_RETURNED,
    ]
    rows = []
    for n in range(count):
        year = 1 + n % 6
        pupil = PupilRow(
            n + 1,
            f"A8200{n:08d}",
            f"{n:06d}",
            rng.choice(firsts),
            rng.choice(lasts),
            "",
            f"Year {year}",
            f"{year}{'ABC'[n % 3]}",
            dt.date(2015, 1, 1),
            True,
            None,
            n % 250 == 0,
        )
        rows.append(GridRow(pupil, tuple(Standing(rng.choice(statuses)) for _ in purposes)))
    return GridRows(rows, purposes, 2026, dt.date(2026, 10, 1))


def keystrokes(rows: object) -> None:
    from PySide6.QtWidgets import QApplication

    from smgov.ui.frame.tables import FilterProxy, TableView
    from smgov.ui.sections.consent.model import ConsentGridModel
    from smgov.ui.sections.consent.view import NOT_GIVEN, _equals, _status

    app = QApplication.instance() or QApplication([])
    model = ConsentGridModel()
    started = time.perf_counter()
    prepared = model.prepare(rows)  # type: ignore[arg-type]
    report(f"Consent grid: prepare {len(prepared.rows):,} pupils (in the background)", time.perf_counter() - started)
    started = time.perf_counter()
    model.set_rows(prepared)
    report("Consent grid: show them", time.perf_counter() - started)
    proxy = FilterProxy(model)
    view = TableView("Consent")
    view.use_model(proxy)
    view.resize(1100, 600)
    view.show()
    app.processEvents()

    def timed(change: object) -> float:
        started = time.perf_counter()
        change()  # type: ignore[operator]
        app.processEvents()
        view.viewport().repaint()
        return time.perf_counter() - started

    times = [timed(lambda text=text: proxy.set_search_text(text)) for text in WORDS]
    report(f"Consent grid: a keystroke, median of {len(times)}", statistics.median(times), budget=0.05)
    report(f"Consent grid: a keystroke, slowest of {len(times)}", max(times), budget=0.05)

    filters = []
    for _ in range(5):
        filters.append(timed(lambda: proxy.set_predicate("status", _status(NOT_GIVEN))))
        filters.append(timed(lambda: proxy.set_predicate("class", _equals("class_name")("4B"))))
        filters.append(timed(lambda: proxy.set_search_text("okafor")))
        filters.append(timed(lambda: proxy.set_search_text("")))
        filters.append(timed(lambda: proxy.set_predicate("class", None)))
        filters.append(timed(lambda: proxy.set_predicate("status", None)))
    report(
        f"Consent grid: a filter change with the search, median of {len(filters)}",
        statistics.median(filters),
        budget=0.05,
    )
    report(f"Consent grid: a filter change, slowest of {len(filters)}", max(filters), budget=0.05)


def load_from_demo() -> None:
    from smgov import paths
    from smgov.data.demo import create_demo
    from smgov.data.services.consent import academic_year_of
    from smgov.ui.sections.consent.load import load_grid

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        paths.set_base_dir(folder / "home")
        with create_demo(folder / "large.smgov", size="large") as workspace:
            year = academic_year_of(dt.date.today())
            rows = load_grid(workspace, year)
            report(
                f"Consent grid: load {len(rows):,} pupils from the workspace, median of 3",
                median_of(3, lambda: load_grid(workspace, year)),
            )
            keystrokes(rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    if "--large" in sys.argv:
        load_from_demo()
    else:
        keystrokes(synthetic_rows(10_000))


if __name__ == "__main__":
    main()
    os._exit(0)
