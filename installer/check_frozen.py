"""A quick check of the frozen app before it is packed into the installer (run by .github/workflows/windows.yml).

    python installer/check_frozen.py dist/smgov/smgov.exe

It runs the built executables, not the source: ``--version`` must name this version, and a blank form must come out
as a PDF with a page (the fonts and resources travelled with the build). smgov.exe is a windowed one; run through
subprocess with its output captured, Windows still gives it the pipes, and subprocess waits for it. smgov-cli.exe,
the console build of the same program for the commands, must be beside it and pass the same two checks.
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
    print(f"$ {exe.stem} {' '.join(args)}  -> exit {result.returncode}")
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


def check(exe: Path, form_kind: str, home: Path) -> list[str]:
    """``--version`` and a blank form from one executable: what failed, as lines."""
    from smgov import __version__

    if not exe.is_file():
        return [f"{exe.name}: not in {exe.parent}"]
    failures: list[str] = []
    version = run(exe, "--version", home=home)
    if version.returncode != 0 or f"smgov {__version__}" not in version.stdout:
        failures.append(f"{exe.stem} --version: expected 'smgov {__version__}' and exit 0")

    pdf = home / f"{exe.stem}-{form_kind}.pdf"
    form = run(exe, "form", form_kind, "--blank", "-o", str(pdf), home=home)
    if form.returncode != 0 or not pdf.exists() or pages(pdf) < 1:
        failures.append(f"{exe.stem} form {form_kind} --blank: no PDF with a page")
    else:
        print(f"  {pdf.name}: {pdf.stat().st_size:,} bytes, {pages(pdf)} page(s)")
    return failures


def main(argv: list[str]) -> int:
    exe = Path(argv[1]) if len(argv) > 1 else Path("dist") / "smgov" / "smgov.exe"
    cli = exe.with_name("smgov-cli" + exe.suffix)  # build.spec puts both in the one folder
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="smgov-check-") as folder:
        home = Path(folder)
        failures += check(exe, "account-application", home)
        failures += check(cli, "blocked-content", home)

    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
