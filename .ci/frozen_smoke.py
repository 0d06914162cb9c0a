"""Run the frozen app as a school would, and check what it makes: CI's frozen stage (after .ci/frozen_build.sh).

    .venv/bin/python .ci/frozen_smoke.py [dist/smgov/smgov]

Every check runs the frozen executable (never the source tree) in build/frozen-smoke/, which is kept to look at:
offscreen, with the passphrase in SMGOV_PASSPHRASE and its per-PC files (logs, settings, history anchors) in that
folder rather than the user's profile. The folder holds two executables of the same program: smgov (windowed on
Windows) and smgov-cli (the console one, for the commands); smgov-cli must be beside smgov and run too. PDFs must
have pages and text (pypdf), spreadsheets must open (openpyxl), screenshots must not be blank (Pillow), and the
Reports section must show the pack's first page. All checks run; the exit status is 1 when any failed, with the
command's output and the end of the app's log.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "frozen smoke: correct horse battery staple orbit"
SCHOOL = "Frozen Test Primary & Nursery"
TIMEOUT = 300  # seconds for one command; the slowest (a screenshot of the demo) takes under 10 here
FORMS = ("account-application", "blocked-content", "inappropriate-content", "consent")


class CheckFailed(Exception):
    """A check's finding: what was wrong, in a line."""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


class Smoke:
    """The frozen executable, a folder to work in, and the results so far."""

    def __init__(self, executable: Path, folder: Path) -> None:
        self.executable = executable
        self.cli = cli_beside(executable)
        self.folder = folder
        self.failures: list[str] = []
        self.passed = 0
        home = folder / "home"
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("SMGOV_")}
        self.env.update(
            QT_QPA_PLATFORM="offscreen",
            SMGOV_PASSPHRASE=PASSPHRASE,
            SMGOV_HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
        )
        self.last: Run | None = None

    def run(self, *args: str, expect: int = 0, executable: Path | None = None) -> Run:
        executable = executable or self.executable
        name = executable.stem
        if not executable.is_file():
            raise CheckFailed(f"{executable.name} is not in {executable.parent}")
        try:
            done = subprocess.run(
                [str(executable), *args],
                cwd=self.folder,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise CheckFailed(f"{name} {' '.join(args)} still running after {TIMEOUT} s") from exc
        self.last = Run(done.returncode, done.stdout, done.stderr)
        if done.returncode != expect:
            raise CheckFailed(f"{name} {' '.join(args)} exited {done.returncode} (expected {expect})")
        return self.last

    def check(self, name: str, body: Callable[[], str]) -> None:
        self.last = None
        start = time.perf_counter()
        try:
            detail = body()
        except CheckFailed as exc:
            self.failures.append(name)
            print(f"FAIL  {name}: {exc}", flush=True)
            self._explain()
            return
        self.passed += 1
        print(f"ok    {name}: {detail} ({time.perf_counter() - start:.1f} s)", flush=True)

    def _explain(self) -> None:
        if self.last is not None:
            for label, text in (("stdout", self.last.stdout), ("stderr", self.last.stderr)):
                if text.strip():
                    print(f"      {label}:\n" + _indent(text[-3000:]))
        logs = sorted((self.folder / "home" / "logs").glob("*.log"))
        if logs:  # the app's log names no pupil; its end has the traceback of an unexpected error
            print(f"      end of {logs[-1].name}:\n" + _indent("\n".join(_tail(logs[-1], 25))))


def _indent(text: str) -> str:
    return "\n".join(f"        {line}" for line in text.rstrip().splitlines())


def _tail(path: Path, lines: int) -> list[str]:
    return path.read_text("utf-8", errors="replace").splitlines()[-lines:]


def pdf_pages(path: Path, *, at_least: int = 1, showing: str = "") -> str:
    """The PDF opens, has pages, its first page has text (its fonts were found) and shows ``showing``."""
    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    reader = PdfReader(path)
    pages = len(reader.pages)
    if pages < at_least:
        raise CheckFailed(f"{path.name} has {pages} pages, expected at least {at_least}")
    text = " ".join(reader.pages[0].extract_text().split())
    if len(text) < 20:
        raise CheckFailed(f"{path.name}'s first page has no text")
    if showing and showing not in text:
        raise CheckFailed(f"{path.name}'s first page does not show {showing!r}")
    return f"{path.name}, {pages} page{'s' if pages != 1 else ''}"


def png_shown(path: Path) -> Image.Image:
    """The screenshot opens, is window-sized and is not blank (many colours: text, icons, lines)."""
    if not path.is_file():
        raise CheckFailed(f"{path.name} was not written")
    image = Image.open(path).convert("RGB")
    if image.width < 800 or image.height < 500:
        raise CheckFailed(f"{path.name} is {image.width}x{image.height}, smaller than the main window")
    colours = image.getcolors(maxcolors=1 << 16)
    count = len(colours) if colours is not None else 1 << 16
    if count < 16:
        raise CheckFailed(f"{path.name} is blank ({count} colours)")
    return image


def white_share(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The share of pure white pixels in ``box``: a PDF page in the preview is white, the window around it is not."""
    region = image.crop(box)
    histogram = region.convert("L").histogram()
    return histogram[255] / (region.width * region.height)


def cli_beside(executable: Path) -> Path:
    """smgov-cli(.exe) in the same folder as smgov(.exe): build.spec puts both in one COLLECT."""
    return executable.with_name("smgov-cli" + executable.suffix)


def version_in_source() -> str:
    found = re.search(r'^__version__ = "([^"]+)"', (ROOT / "smgov" / "__init__.py").read_text("utf-8"), re.M)
    if found is None:
        raise SystemExit("smgov/__init__.py has no __version__")
    return found.group(1)


def main(argv: list[str]) -> int:
    executable = Path(argv[0]) if argv else ROOT / "dist" / "smgov" / ("smgov.exe" if os.name == "nt" else "smgov")
    executable = executable.resolve()
    if not executable.is_file():
        print(f"frozen smoke: no frozen app at {executable} (build it with .ci/frozen_build.sh)", file=sys.stderr)
        return 2
    folder = ROOT / "build" / "frozen-smoke"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    smoke = Smoke(executable, folder)
    print(f"frozen smoke: {executable} in {folder}", flush=True)

    def version(executable: Path) -> Callable[[], str]:
        def body() -> str:
            shown = smoke.run("--version", executable=executable).stdout.strip()
            if shown != f"smgov {version_in_source()}":
                raise CheckFailed(f"--version says {shown!r}, the source says {version_in_source()}")
            return shown

        return body

    def blank_form(kind: str) -> Callable[[], str]:
        def body() -> str:
            smoke.run("form", kind, "--blank", "-o", f"blank-{kind}.pdf")
            return pdf_pages(folder / f"blank-{kind}.pdf")

        return body

    def init() -> str:
        out = smoke.run("init", "school.smgov", "--school", SCHOOL, "--kit", "kit.pdf").stdout
        key = re.search(r"^\s+((?:[0-9A-F]{8} ){7}[0-9A-F]{8})\s*$", out, re.M)
        if key is None:
            raise CheckFailed("init printed no recovery key")
        first_group = key.group(1).split()[0]
        return pdf_pages(folder / "kit.pdf", showing=first_group) + ", showing the recovery key"

    def verify(name: str, executable: Path | None = None) -> Callable[[], str]:
        def body() -> str:
            out = smoke.run("verify", name, executable=executable).stdout
            if "all checks passed" not in out:
                raise CheckFailed(f"verify {name} did not say all checks passed")
            return out.strip().splitlines()[-1]

        return body

    def demo() -> str:
        out = smoke.run("demo", "demo.smgov").stdout.strip()
        if not (folder / "demo.smgov").is_file():
            raise CheckFailed("demo.smgov was not written")
        return out

    def pack_pdf() -> str:
        smoke.run("report", "slt", "demo.smgov", "-o", "pack.pdf")
        return pdf_pages(folder / "pack.pdf", at_least=2)

    def pack_xlsx() -> str:
        smoke.run("report", "slt", "demo.smgov", "-o", "pack.xlsx")
        workbook = load_workbook(folder / "pack.xlsx", read_only=True)
        rows = sum(sheet.max_row or 0 for sheet in workbook.worksheets)
        workbook.close()
        if rows < 2:
            raise CheckFailed("pack.xlsx has no rows")
        return f"pack.xlsx, {len(workbook.sheetnames)} sheets, {rows} rows"

    def calendar() -> str:
        smoke.run("export", "calendar", "demo.smgov", "-o", "due.ics")
        text = (folder / "due.ics").read_text("utf-8")
        events = text.count("BEGIN:VEVENT")
        if not text.startswith("BEGIN:VCALENDAR") or events == 0:
            raise CheckFailed("due.ics is not a calendar with events")
        return f"due.ics, {events} events"

    def screenshot(name: str, *args: str) -> Image.Image:
        smoke.run(*args, "--screenshot", name)
        return png_shown(folder / name)

    def demo_window() -> str:
        image = screenshot("dashboard.png", "--demo")
        return f"dashboard.png {image.width}x{image.height}, not blank"

    def reports_preview() -> str:
        image = screenshot("reports.png", "--demo", "--section", "reports")
        share = white_share(image, (image.width // 2, image.height // 8, image.width, image.height * 7 // 8))
        if share < 0.25:  # a pack that could not be shown leaves a grey panel with a line of text
            raise CheckFailed(f"the preview shows no page (white {share:.0%} of its half of the window)")
        return f"reports.png: the pack's page fills {share:.0%} of the preview's half"

    def unlocked_file() -> str:
        image = screenshot("school.png", "school.smgov")
        return f"school.png {image.width}x{image.height}, the new workspace unlocked with the passphrase"

    smoke.check("--version", version(smoke.executable))
    smoke.check(f"{smoke.cli.name} --version", version(smoke.cli))
    for kind in FORMS:
        smoke.check(f"blank form {kind}", blank_form(kind))
    smoke.check("init with an Emergency Kit", init)
    smoke.check("verify the new workspace", verify("school.smgov"))
    smoke.check(f"{smoke.cli.name} verify the new workspace", verify("school.smgov", smoke.cli))
    smoke.check("demo", demo)
    smoke.check("verify the demo", verify("demo.smgov"))
    smoke.check("termly pack (PDF)", pack_pdf)
    smoke.check("termly pack (XLSX)", pack_xlsx)
    smoke.check("due dates (ICS)", calendar)
    smoke.check("--demo --screenshot", demo_window)
    smoke.check("--demo --screenshot --section reports", reports_preview)
    smoke.check("a workspace file --screenshot", unlocked_file)

    total = smoke.passed + len(smoke.failures)
    if smoke.failures:
        print(f"frozen smoke: {len(smoke.failures)} of {total} checks FAILED: {', '.join(smoke.failures)}")
        return 1
    print(f"frozen smoke: all {total} checks of the frozen app succeeded")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
