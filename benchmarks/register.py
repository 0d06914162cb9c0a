"""The register's figures: filtering 1,000 accounts and 5,000 people a keystroke (budget 50 ms), loading them,
and making the account application PDF (budget 100 ms).

Each keystroke is timed as the table sees it: the proxy filters, then the view lays out and paints (offscreen).
Run: .venv/bin/python benchmarks/register.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, report

WORDS = ["m", "mu", "mus", "musi", "music", "musi", "mus", "mu", "m", "", "o", "ok", "oka", "okaf", "", "2026"]


def keystrokes(model_class: type, rows: list, label: str) -> None:
    from PySide6.QtWidgets import QApplication

    from smgov.ui.frame.tables import FilterProxy, TableView

    app = QApplication.instance() or QApplication([])
    model = model_class()
    started = time.perf_counter()
    model.set_rows(model.prepare(rows))
    report(f"{label}: prepare and show {len(rows):,} rows", time.perf_counter() - started)
    proxy = FilterProxy(model)
    view = TableView(label)
    view.use_model(proxy)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    times = []
    for _ in range(3):
        for text in WORDS:
            started = time.perf_counter()
            proxy.set_search_text(text)
            app.processEvents()
            view.viewport().repaint()
            times.append(time.perf_counter() - started)
    times.sort()
    report(f"{label}: a keystroke, median", statistics.median(times), budget=0.05)
    report(f"{label}: a keystroke, slowest of {len(times)}", times[-1], budget=0.05)


def main() -> None:
    from smgov.data.demo import create_demo
    from smgov.data.services import accounts, people
    from smgov.ui.sections.accounts.view import AccountTableModel
    from smgov.ui.sections.people.model import PersonTableModel

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        from smgov import paths

        paths.set_base_dir(folder / "home")
        with create_demo(folder / "large.smgov", size="large") as workspace:
            report(
                "Load the register (1,000 accounts), median of 5",
                median_of(5, lambda: accounts.list_accounts(workspace)),
            )
            report("Load the people (5,000), median of 5", median_of(5, lambda: people.list_people(workspace)))
            keystrokes(AccountTableModel, accounts.list_accounts(workspace), "Accounts")
            keystrokes(PersonTableModel, people.list_people(workspace), "People")
            from smgov import documents

            account_id = accounts.list_accounts(workspace)[0].id
            documents.filled_form("account-application", workspace, account_id)  # fonts registered once
            report(
                "Account application PDF, filled (median of 10)",
                median_of(10, lambda: documents.filled_form("account-application", workspace, account_id)),
                budget=0.1,
            )
            report(
                "Account application PDF, blank (median of 10)",
                median_of(10, lambda: documents.blank_form("account-application", "Benchmark School")),
                budget=0.1,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
    os._exit(0)
