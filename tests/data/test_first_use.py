"""first_use.prepare leaves nothing for the unlock and the first dashboard to import on the way."""

from __future__ import annotations

import subprocess
import sys

from smgov.data.workspace import Workspace

# In a fresh process: prepare, then open the demo with its key and read the dashboard, noting what that imports
# (beyond the standard library's small modules).
CHILD = """
import datetime as dt, json, sys
from pathlib import Path
from smgov.data import first_use
first_use.prepare()
before = set(sys.modules)
from smgov.data.workspace import Workspace
from smgov.data.services.dashboard import attention_items
with Workspace.open(Path(sys.argv[1]), key=bytes.fromhex(sys.argv[2])) as workspace:
    items = attention_items(workspace, dt.date.today())
new = sorted(m for m in set(sys.modules) - before if m.split(".")[0] not in sys.stdlib_module_names)
print(json.dumps({"items": len(items), "imported": new}))
"""


def test_after_prepare_the_open_and_the_dashboard_import_nothing(demo_workspace: Workspace) -> None:
    import json

    path, key = demo_workspace.path, demo_workspace.key
    demo_workspace.close()  # the child opens it (one process at a time)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), key.hex()], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["items"] > 0  # the demo has things to do: the dashboard really ran its checks
    assert found["imported"] == [], "add what the dashboard imports when first run to first_use.SERVICES"
