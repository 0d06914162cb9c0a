"""Launch to a painted dashboard on a large demo workspace, beside a bare PySide6 window's start (ratio).

Both are timed from process start (spawn) to the first frame grabbed offscreen, median of 5. The workspace is
opened with its raw key (as "Remember on this PC" does), so the KDF, reported by foundation.py, is not counted twice.
Run: .venv/bin/python benchmarks/startup.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ratio, report

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

APP = """
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


def time_child(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if "painted" not in result.stdout:
        raise RuntimeError(result.stderr[-2000:])
    return elapsed


def main() -> None:
    from smgov.data.demo import create_demo

    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SMGOV_HOME=str(folder / "home"))
        made = time.perf_counter()
        with create_demo(folder / "large.smgov", size="large") as workspace:
            key = workspace.key.hex()
        report("Make the large demo workspace (setup, not a budget)", time.perf_counter() - made)
        env.update(BENCH_FILE=str(folder / "large.smgov"), BENCH_KEY=key)
        time_child(BARE, env)  # warm the file cache for both
        bare = statistics.median(time_child(BARE, env) for _ in range(5))
        app = statistics.median(time_child(APP, env) for _ in range(5))
        report("Bare PySide6 window: launch to first frame (median of 5)", bare)
        report("smgov: launch to painted dashboard, large workspace", app)
        ratio("smgov dashboard vs bare window", app / bare, budget=2.0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
