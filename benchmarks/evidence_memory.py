"""Peak memory of adding a 40-megapixel screenshot as evidence and viewing it, beside the app's baseline (ratio).

Each case runs in a fresh process: the Qt application and an unlocked workspace with one incident are set up and
painted first (the baseline, as ru_maxrss); then the image file is read, added as evidence (checked, hashed,
thumbnailed, stored), read back and shown in the viewer's image view, painted at Fit and at 100%. The peak is
ru_maxrss at the end. The aim is a peak under 2x the baseline for any image smgov accepts.

Run: .venv/bin/python benchmarks/evidence_memory.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from benchmarks.common import ratio
from smgov.data.calendar import SCHOOL_TIME
from smgov.data.models import IncidentCategory
from smgov.data.services import incidents
from smgov.data.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "benchmark passphrase for memory only"
SIZE = (7300, 5500)  # 40.2 megapixels

CHILD = """
import os, resource
from pathlib import Path
from PySide6.QtWidgets import QApplication
from smgov.data.models import EvidenceSource
from smgov.data.services import evidence
from smgov.data.workspace import Workspace
from smgov.ui.sections.incidents.canvas import ImageView, load_image

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = QApplication([])
workspace = Workspace.open(Path(os.environ["BENCH_FILE"]), key=bytes.fromhex(os.environ["BENCH_KEY"]))
incident = int(os.environ["BENCH_INCIDENT"])
view = ImageView()
view.resize(1280, 800)
view.show()
app.processEvents()
view.grab()
baseline = peak_mb()
data = Path(os.environ["BENCH_IMAGE"]).read_bytes()
info = evidence.add_evidence(workspace, incident, data, source=EvidenceSource.FILE, original_filename="big")
del data
loaded = load_image(workspace, info)
view.set_image(loaded.image, loaded.size)
app.processEvents()
view.grab()
view.actual_size()
app.processEvents()
view.grab()
print(f"{baseline:.1f} {peak_mb():.1f} {loaded.image.width()} {loaded.image.height()}", flush=True)
workspace.close()
os._exit(0)
"""


def _gradient_with_noise(seed: int) -> Image.Image:
    """A screenshot-like picture: smooth gradients with grain, so it neither compresses to nothing nor past 50 MB."""
    width, height = SIZE
    base = Image.linear_gradient("L").resize((width, height))
    rng = random.Random(seed)
    grain = Image.frombytes("L", (width // 4, height // 4), rng.randbytes((width // 4) * (height // 4)))
    grain = grain.resize((width, height), Image.Resampling.NEAREST)
    return Image.merge("RGB", (base, grain, base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def _workspace(folder: Path) -> dict[str, str]:
    """A workspace with one incident, made here so the child opens it with its key (no KDF in its peak)."""
    with Workspace.create(folder / "memory.smgov", PASSPHRASE, "Benchmark School") as workspace:
        incident = incidents.log_incident(
            workspace,
            incidents.IncidentInput(
                category=IncidentCategory.ABUSE_ON_SCHOOL_ACCOUNT,
                received_at=dt.datetime(2025, 11, 14, 18, 0, tzinfo=SCHOOL_TIME),
                reported_by="Office",
                description="Memory benchmark",
            ),
        )
        return {
            "BENCH_FILE": str(folder / "memory.smgov"),
            "BENCH_KEY": workspace.key.hex(),
            "BENCH_INCIDENT": str(incident.id),
        }


def _measure(folder: Path, image: Path) -> tuple[float, float, int, int]:
    env = dict(os.environ, BENCH_IMAGE=str(image), QT_QPA_PLATFORM="offscreen", **_workspace(folder))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    baseline, peak, width, height = done.stdout.split()
    return float(baseline), float(peak), int(width), int(height)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        picture = _gradient_with_noise(1)
        cases = []
        for kind, options in (("JPEG", {"quality": 92}), ("PNG", {"compress_level": 6})):
            out = io.BytesIO()
            picture.save(out, kind, **options)
            path = folder / f"big.{kind.lower()}"
            path.write_bytes(out.getvalue())
            cases.append((kind, path, len(out.getvalue())))
        del picture
        for kind, path, size in cases:
            run = folder / kind
            run.mkdir()
            baseline, peak, width, height = _measure(run, path)
            label = f"40 MP {kind} ({size / 1_048_576:.0f} MB), shown at {width} x {height}"
            print(f"{label:<58}baseline {baseline:6.0f} MB  peak {peak:6.0f} MB")
            ratio(f"  peak / baseline, {kind}", peak / baseline, budget=2.0)


if __name__ == "__main__":
    main()
