"""The start-up and list figures of issue 13 in one run (printed figures and ratios, never a test):

- start to the unlock dialog painted vs a bare PySide6 window (budget 1.3x);
- Enter to unlocked vs the KDF alone (budget 0.5 s), Enter to a usable dashboard on the large workspace (1 s);
- peak memory at unlock;
- the search box's slowest keystroke (painted) at 20,000 and 40,000 incidents (50 ms).

Run: .venv/bin/python benchmarks/ship.py  (about three minutes: it makes the large demo and 40,000 incidents)
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import startup
from benchmarks.common import compile_bytecode


def search_box_figures() -> None:
    from benchmarks.incidents import PASSPHRASE, bench_search_box
    from smgov.data.demo_incidents import _fill_bulk
    from smgov.data.workspace import Workspace

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-ship-"))
    try:
        with Workspace.create(folder / "incidents.smgov", PASSPHRASE, "Benchmark School") as workspace:
            _fill_bulk(workspace, random.Random(1), dt.date.today(), 20_000, 0)
            bench_search_box(workspace, 20_000)
            _fill_bulk(workspace, random.Random(2), dt.date.today(), 20_000, 0)
            bench_search_box(workspace, 40_000)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    compile_bytecode()
    print("== Start and unlock (each the median of 5 fresh processes)")
    startup.main()
    print("== Lists")
    search_box_figures()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
