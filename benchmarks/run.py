"""Run every benchmark script in this folder and print their figures. Never part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "foundation.py",
    "ship.py",  # startup.py's figures and the search box's, in one run
    "register.py",
    "incidents.py",
    "evidence_memory.py",
    "verify.py",
    "consent_check.py",
    "consent_forms.py",
    "pupils_import.py",
    "consent_grid.py",
    "exports.py",
    "forms.py",
]

if __name__ == "__main__":
    for script in SCRIPTS:
        if (HERE / script).exists():
            print(f"== {script}")
            subprocess.run([sys.executable, str(HERE / script)], check=False)
