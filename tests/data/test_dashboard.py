"""The dashboard's 'needs attention' list for the foundation's own checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from smgov.data import backup
from smgov.data.models import KeyRole
from smgov.data.services import school
from smgov.data.services.dashboard import Urgency, attention_items
from smgov.data.workspace import Workspace

TODAY = dt.date(2026, 11, 22)


def _titles(workspace: Workspace) -> list[str]:
    return [item.title for item in attention_items(workspace, TODAY)]


def test_a_new_workspace_asks_for_the_kit_a_backup_a_review_date_and_key_people(workspace: Workspace) -> None:
    assert set(_titles(workspace)) == {
        "Set the policy review date",
        "Print the Emergency Kit",
        "Back up the workspace",
        "Name the school's key people",
    }


def test_an_overdue_review_comes_first_and_a_settled_workspace_needs_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    school.update_settings(
        workspace,
        school.SettingsChange(
            policy_review_date=TODAY - dt.timedelta(days=1),
            key_people=[school.KeyPersonDetails(role, f"Person {n}") for n, role in enumerate(KeyRole)],
        ),
    )
    first = attention_items(workspace, TODAY)[0]
    assert first.urgency is Urgency.OVERDUE and first.section == "settings"
    school.mark_kit_printed(workspace)
    backup.backup_to(workspace, tmp_path / "b.smgov")
    school.update_settings(workspace, school.SettingsChange(policy_review_date=TODAY + dt.timedelta(days=200)))
    assert attention_items(workspace, dt.date.today()) == []


def test_a_review_within_thirty_days_is_due_soon(workspace: Workspace) -> None:
    school.update_settings(workspace, school.SettingsChange(policy_review_date=TODAY + dt.timedelta(days=10)))
    item = next(i for i in attention_items(workspace, TODAY) if "review" in i.title)
    assert item.urgency is Urgency.DUE_SOON and "10 days" in item.detail
