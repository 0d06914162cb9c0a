"""Verify's figures: a full verify of the large demo, and what record digests add to one audited save.

Run: .venv/bin/python benchmarks/verify.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, ratio, report, timed
from smgov import paths
from smgov.data import integrity
from smgov.data.demo import create_demo
from smgov.data.services import school
from smgov.data.verify import verify
from smgov.data.workspace import Workspace


def bench_verify(workspace: Workspace) -> None:
    seconds, result = timed(lambda: verify(workspace))
    records = next((line for line in result.checked if line.startswith("every record")), "")
    report("Verify: the large demo, every check", seconds, extra=f"{'ok' if result.ok else 'PROBLEMS'}; {records}")


def bench_save(workspace: Workspace) -> None:
    n = [0]

    def save() -> None:
        n[0] += 1
        school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=5 + n[0] % 20))

    with_digests = median_of(21, save)
    original = integrity.take_changes
    integrity.take_changes = lambda session, key: (integrity.forget_changes(session), [])[1]  # type: ignore[assignment]
    try:
        without = median_of(21, save)
    finally:
        integrity.take_changes = original
    report("One audited settings save, with record digests (median of 21)", with_digests)
    report("The same save without digests (for comparison)", without)
    ratio("Save with digests vs without", with_digests / without)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    paths.set_base_dir(folder / "home")
    try:
        seconds, workspace = timed(lambda: create_demo(folder / "large.smgov", size="large"))
        report("Make the large demo (digests every record at the end)", seconds)
        with workspace:
            bench_verify(workspace)
            bench_save(workspace)
    finally:
        paths.set_base_dir(None)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
