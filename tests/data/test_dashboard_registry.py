"""The dashboard's registry of checks: every entry loads a check that runs on an empty workspace."""

from __future__ import annotations

import datetime as dt
import inspect

from smgov.data.services import dashboard
from smgov.data.workspace import Workspace


def test_every_check_loads_and_runs(workspace: Workspace) -> None:
    assert len(dashboard.CHECKS) == 8
    for load in dashboard.CHECKS:
        check = load()
        assert list(inspect.signature(check).parameters) == ["workspace", "today"]
        items = check(workspace, dt.date(2026, 12, 4))
        assert all(isinstance(item, dashboard.AttentionItem) for item in items)
