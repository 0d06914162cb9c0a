"""Pupil import: a 10,000-row SIMS-like export previewed and applied into an empty register (budget 3 s), then the
same file again (the idempotent re-import: every row unchanged) and with 500 pupils moved class.

Run: .venv/bin/python benchmarks/pupils_import.py
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ratio, report, timed
from smgov.data.services import pupils
from smgov.data.workspace import Workspace

PASSPHRASE = "benchmark passphrase for timing only"
ROWS = 10_000
FIRST = ["Oisín", "Priya", "Kacper", "Zoë", "Theo", "Grace", "Evie", "George", "Siobhán", "Mohammed", "Amelia"]
LAST = ["Khan", "Jones", "White", "Wilson", "Hussain", "Martin", "Edwards", "Ali", "Nowak", "O'Brien", "Smith"]


def export(rng: random.Random, moved: int = 0) -> bytes:
    lines = ["Adno,UPN,Legal Surname,Legal Forename,Preferred Forename,Year,Reg,DOB,Gender"]
    for n in range(ROWS):
        year = 7 + n % 7
        form = "ABCDEF"[(n // 7) % 6] if n >= moved else "Z"
        first = rng.choice(FIRST)
        born = f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2019 - year}"
        lines.append(f"{n + 1:06d},A{n:012d},{rng.choice(LAST)},{first},{first},Year {year},{year}{form},{born},Female")
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "pupils.smgov", PASSPHRASE, "Benchmark School")
        try:
            data = export(random.Random(1))
            preview_s, preview = timed(lambda: pupils.preview_import(workspace, data, "sims.csv"))
            apply_s, result = timed(lambda: pupils.apply_import(workspace, preview))
            assert result.added == ROWS
            report("Preview a 10,000-row SIMS export (empty register)", preview_s)
            report("Apply it (10,000 new pupils, one unit of work)", apply_s)
            report("Import of 10,000 rows: preview + apply", preview_s + apply_s, budget=3.0)
            ratio("  share of the 3 s budget", (preview_s + apply_s) / 3.0)
            again_s, again = timed(lambda: pupils.preview_import(workspace, data, "sims.csv"))
            assert again.unchanged == ROWS and not again.new and not again.changed
            reapply_s, _ = timed(lambda: pupils.apply_import(workspace, again))
            report("Re-import the same file: preview + apply (all unchanged)", again_s + reapply_s, budget=3.0)
            moved = export(random.Random(1), moved=500)
            moved_s, moved_preview = timed(lambda: pupils.preview_import(workspace, moved, "sims.csv"))
            moved_apply_s, moved_result = timed(lambda: pupils.apply_import(workspace, moved_preview))
            assert moved_result.changed == 500
            report("Re-import with 500 class changes: preview + apply", moved_s + moved_apply_s, budget=3.0)
        finally:
            workspace.close()


if __name__ == "__main__":
    main()
