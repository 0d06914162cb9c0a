"""A schema-0002 workspace (before incidents) opens, is backed up, migrates and keeps its records."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from smgov.data import migrations
from smgov.data.calendar import SCHOOL_TIME
from smgov.data.models import Base, IncidentCategory
from smgov.data.services import incidents, school
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).parent.parent / "fixtures" / "workspaces"
TABLES = {
    "incident",
    "incident_person",
    "incident_action",
    "evidence",
    "evidence_blob",
    "content_report",
    "blocked_content_request",
}


def test_a_schema_0002_workspace_migrates_with_a_backup_and_keeps_the_school(tmp_path: Path) -> None:
    path = tmp_path / "old.smgov"
    shutil.copyfile(FIXTURES / "schema-0002.smgov", path)
    backups = tmp_path / "backups"
    backups.mkdir()
    with Workspace.open(path, passphrase=PASSPHRASE, backup_dir=backups) as workspace:
        assert migrations.current_revision(workspace) == migrations.HEAD
        details = school.get_details(workspace)
        assert (details.name, details.auto_lock_minutes) == ("Old Schema Primary", 15)
        assert details.email_domains == ("oldschema.sch.uk",)
        assert incidents.list_incidents(workspace) == []  # the new tables exist and are empty
        logged = incidents.log_incident(
            workspace,
            incidents.IncidentInput(
                category=IncidentCategory.PARENT_POST,
                received_at=dt.datetime(2025, 11, 14, 9, 0, tzinfo=SCHOOL_TIME),
                reported_by="Office",
                description="A parent's post about the school.",
            ),
        )
        assert logged.due_at == dt.datetime(2025, 11, 15, 9, 0, tzinfo=SCHOOL_TIME)  # the old row's 24-hour rule
        with workspace.read() as session:
            triggers = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
        assert {"incident_action_no_update", "incident_action_no_delete", "evidence_blob_no_update"} <= triggers
    made = list(backups.glob("old-before-schema-*.smgov"))
    assert len(made) == 1
    with Workspace.open(made[0], passphrase=PASSPHRASE, migrate=False) as backup:
        assert migrations.current_revision(backup) == "0002"


def test_the_migrated_tables_match_the_models(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    def tables_of(diff: object) -> set[str]:
        found: set[str] = set()
        items = diff if isinstance(diff, list) else [diff]
        for item in items:
            for part in item if isinstance(item, tuple) else (item,):
                name = getattr(part, "name", None) if hasattr(part, "columns") else None
                table = getattr(getattr(part, "table", None), "name", None)
                found |= {n for n in (name, table, part if isinstance(part, str) else None) if n}
        return found

    ours = [d for d in differences if tables_of(d) & TABLES]
    assert ours == []
