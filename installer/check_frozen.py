"""A quick check of the frozen app before it is packed into the installer (run by .github/workflows/windows.yml).

    python installer/check_frozen.py dist/smgov/smgov.exe

It runs the built executable, not the source: ``--version`` must name this version, and a blank form must come out
as a PDF with a page (the fonts and resources travelled with the build). The executable is a windowed one; run
through subprocess with its output captured, Windows still gives it the pipes, and subprocess waits for it.
Per-PC files go to a temporary folder (SMGOV_HOME), never the runner's profile.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TIMEOUT_S = 120


def run(exe: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env={**os.environ, "SMGOV_HOME": str(home)},
        check=False,
    )
    print(f"$ smgov {' '.join(args)}  -> exit {result.returncode}")
    for stream in (result.stdout, result.stderr):
        if stream.strip():
            print("  " + stream.strip().replace("\n", "\n  "))
    return result


def pages(pdf: Path) -> int:
    """The number of page objects in a PDF smgov wrote (reportlab writes them uncompressed)."""
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-"):
        return 0
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def main(argv: list[str]) -> int:
    from smgov import __version__

    exe = Path(argv[1]) if len(argv) > 1 else Path("dist") / "smgov" / "smgov.exe"
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="smgov-check-") as folder:
        home = Path(folder)

        version = run(exe, "--version", home=home)
        if version.returncode != 0 or f"smgov {__version__}" not in version.stdout:
            failures.append(f"--version: expected 'smgov {__version__}' and exit 0")

        pdf = home / "account-application.pdf"
        form = run(exe, "form", "account-application", "--blank", "-o", str(pdf), home=home)
        if form.returncode != 0 or not pdf.exists() or pages(pdf) < 1:
            failures.append("form account-application --blank: no PDF with a page")
        else:
            print(f"  {pdf.name}: {pdf.stat().st_size:,} bytes, {pages(pdf)} page(s)")

    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
