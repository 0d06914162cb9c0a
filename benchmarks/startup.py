"""Start and unlock, as the user meets them, beside a bare PySide6 window and the KDF alone (ratios).

Figures, each the median of fresh processes on a large demo workspace (offscreen):
- start to the unlock dialog painted (``smgov FILE``, the real way in) vs a bare window's start to its first frame
  (9 of each, run in turn), and a first start's wizard the same way;
- Enter to unlocked (the key derivation and the open, until the dialog has the workspace) vs the KDF alone, the
  passphrase typed once the background imports are in (a user takes longer than they do to type it);
- Enter to a usable dashboard (unlocked, its loads landed, painted);
- the process's peak memory at unlock (the KDF's 256 MiB is most of it);
- start to a painted dashboard with the key remembered (no dialog, no KDF), vs the bare window (a figure only: the
  design's budgets are the three above, and the large workspace's dashboard alone takes longer than a bare window).
Run: .venv/bin/python benchmarks/startup.py
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import compile_bytecode, ratio, report

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
print("painted", flush=True)
"""

# The real way in (python -m smgov FILE), stopped when the unlock dialog has been shown and painted.
DIALOG = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication(sys.argv[:1])

# Told of the dialog by its show(), not by an event filter: a Python filter on every event would slow the app it
# measures (PySide makes a Python event, and its enum types, for each call).
shown = QDialog.show

def show(dialog):
    shown(dialog)
    if dialog.objectName() == "unlock-dialog":
        QTimer.singleShot(0, lambda: (dialog.grab(), print("painted", flush=True), os._exit(0)))

QDialog.show = show
from smgov.__main__ import main
main([os.environ["BENCH_FILE"]])
"""

# A first start (no workspace known on this PC): stopped when the wizard's first page has been shown and painted.
WIZARD = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
app = QApplication(sys.argv[:1])
shown = QWizard.show  # (told by show(), as DIALOG is)

def show(wizard):
    shown(wizard)
    if wizard.objectName() == "first-run-wizard":
        QTimer.singleShot(0, lambda: (wizard.grab(), print("painted", flush=True), os._exit(0)))

QWizard.show = show
from smgov.__main__ import main
main([])
"""

# The same way in; the passphrase typed once the background imports are in, then Enter.
UNLOCK = """
import json, os, resource, statistics, sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
app = QApplication(sys.argv[:1])
PASSPHRASE = os.environ["BENCH_PASSPHRASE"]
figures = {}

class Watch:
    dialog = None

shown = QDialog.show

def show(dialog):  # (not an event filter: see DIALOG)
    shown(dialog)
    if dialog.objectName() == "unlock-dialog" and watch.dialog is None:
        watch.dialog = dialog
        watch.shown = time.perf_counter()
        QTimer.singleShot(50, type_then_enter)

QDialog.show = show

def type_then_enter():
    from smgov.ui.frame import operations
    dialog = watch.dialog
    ready = getattr(dialog, "_ready", True)  # (a dialog from before the background import had no such wait)
    if not ready or operations.pool().activeThreadCount() or time.perf_counter() - watch.shown < 1.0:
        QTimer.singleShot(50, type_then_enter)  # still typing
        return
    dialog.passphrase.setText(PASSPHRASE)
    opened = dialog._opened

    def unlocked(path, how, workspace):
        figures["enter_to_unlocked_s"] = time.perf_counter() - started
        figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(path, "rb") as file:
            figures["salt"] = file.read(16).hex()
        opened(path, how, workspace)
        QTimer.singleShot(0, settle)

    dialog._opened = unlocked
    started = time.perf_counter()
    figures["started"] = started
    QTest.keyClick(dialog.passphrase, Qt.Key.Key_Return)

def settle():
    from smgov.ui.frame import operations
    while not operations.wait_for_background(50):
        app.processEvents()
    app.processEvents()
    operations.wait_for_background()
    app.processEvents()
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main-window")
    window.grab()
    figures["enter_to_dashboard_s"] = time.perf_counter() - figures.pop("started")
    from smgov.data import crypto
    salt = bytes.fromhex(figures.pop("salt"))
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        crypto.derive_key(PASSPHRASE, salt)
        runs.append(time.perf_counter() - began)
    figures["kdf_s"] = statistics.median(runs)
    print("figures " + json.dumps(figures), flush=True)
    os._exit(0)

watch = Watch()
from smgov.__main__ import main
main([os.environ["BENCH_FILE"]])
"""

# With the key remembered: the raw key, no dialog, no KDF (that is the figure above).
REMEMBERED = """
import os
from pathlib import Path
from PySide6.QtWidgets import QApplication
from smgov.data.workspace import Workspace
from smgov.ui.frame import operations
from smgov.ui.shell.app import make_application
from smgov.ui.shell.main_window import MainWindow
from smgov.ui.shell.session import AppSession

app = make_application()
session = AppSession()
window = MainWindow(session)
window.resize(1280, 800)
window.show()
session.set_workspace(Workspace.open(Path(os.environ["BENCH_FILE"]), key=bytes.fromhex(os.environ["BENCH_KEY"])))
app.processEvents()
while not operations.wait_for_background(50):
    app.processEvents()
app.processEvents()
operations.wait_for_background()
app.processEvents()
window.grab()
print("painted", flush=True)
session.lock()
os._exit(0)  # the figure is taken; skip interpreter teardown
"""

RUNS = 5


def run_child(code: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if "painted" not in result.stdout and "figures" not in result.stdout:
        raise RuntimeError(result.stderr[-2000:])
    return elapsed, result.stdout


def median_child(code: str, env: dict[str, str]) -> float:
    return statistics.median(run_child(code, env)[0] for _ in range(RUNS))


def paired_medians(first: str, second: str, env: dict[str, str], runs: int = 9) -> tuple[float, float]:
    """Both starts' medians, run in turn (bare, smgov, bare, ...) so a busy spell on the machine falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for code, into in ((first, times[0]), (second, times[1])):
            into.append(run_child(code, env)[0])
    return statistics.median(times[0]), statistics.median(times[1])


def unlock_figures(env: dict[str, str]) -> dict[str, float]:
    runs = []
    for _ in range(RUNS):
        _elapsed, out = run_child(UNLOCK, env)
        line = next(line for line in out.splitlines() if line.startswith("figures "))
        runs.append(json.loads(line.removeprefix("figures ")))
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def main() -> None:
    from smgov.data.demo import DEMO_PASSPHRASE, create_demo

    compile_bytecode()

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SMGOV_HOME=str(folder / "home"))
        made = time.perf_counter()
        with create_demo(folder / "large.smgov", size="large") as workspace:
            key = workspace.key.hex()
        report("Make the large demo workspace (setup, not a budget)", time.perf_counter() - made)
        env.update(BENCH_FILE=str(folder / "large.smgov"), BENCH_KEY=key, BENCH_PASSPHRASE=DEMO_PASSPHRASE)
        os.sync()  # the new file's pages written out now, not while the starts are timed
        time.sleep(2)
        run_child(BARE, env)  # warm the file cache for both
        run_child(DIALOG, env)
        bare, dialog = paired_medians(BARE, DIALOG, env)
        first_run = dict(env, SMGOV_HOME=str(folder / "new-pc"), XDG_CONFIG_HOME=str(folder / "new-pc" / "config"))
        wizard_bare, wizard = paired_medians(BARE, WIZARD, first_run)
        unlock = unlock_figures(env)
        remembered = median_child(REMEMBERED, env)
        report("Bare PySide6 window: launch to first frame (median of 9)", bare)
        report("smgov FILE: launch to the unlock dialog painted (9, in turn)", dialog)
        ratio("Unlock dialog vs bare window", dialog / bare, budget=1.3)
        report("First start: launch to the wizard painted (9, in turn)", wizard)
        ratio("Wizard vs bare window", wizard / wizard_bare, budget=1.3)
        report("KDF alone (in the app's process, median of 3)", unlock["kdf_s"])
        report("Enter to unlocked (KDF + open)", unlock["enter_to_unlocked_s"], budget=0.5)
        ratio("Enter to unlocked vs the KDF alone", unlock["enter_to_unlocked_s"] / unlock["kdf_s"])
        report("Enter to a usable dashboard, large workspace", unlock["enter_to_dashboard_s"], budget=1.0)
        print(f"{'Peak memory at unlock':<58}{unlock['peak_mib']:9.1f} MiB")
        report("Key remembered: launch to painted dashboard, large", remembered)
        ratio("Dashboard (key remembered) vs bare window", remembered / bare)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
