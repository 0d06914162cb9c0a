"""Schema migrations: an old file opens, is backed up first, and keeps every record."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from smgov.data import migrations
from smgov.data.errors import SmgovError
from smgov.data.services import school
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).parent.parent / "fixtures" / "workspaces"


def test_head_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    assert scripts.get_current_head() == migrations.HEAD
    assert [rev.revision for rev in reversed(list(scripts.walk_revisions()))] == migrations.ORDER


def test_a_schema_0001_workspace_migrates_with_a_backup_and_keeps_its_records(tmp_path: Path) -> None:
    path = tmp_path / "old.smgov"
    shutil.copyfile(FIXTURES / "schema-0001.smgov", path)
    backups = tmp_path / "backups"
    backups.mkdir()
    with Workspace.open(path, passphrase=PASSPHRASE, backup_dir=backups) as workspace:
        assert migrations.current_revision(workspace) == migrations.HEAD
        details = school.get_details(workspace)
        assert details.name == "Old Schema Primary"
        assert details.auto_lock_minutes == 15
        assert details.email_domains == ("oldschema.sch.uk",)
        assert school.key_people(workspace) == {}  # the new table exists and is empty
    made = list(backups.glob("old-before-schema-*.smgov"))
    assert len(made) == 1
    with Workspace.open(made[0], passphrase=PASSPHRASE, migrate=False) as backup:
        assert migrations.current_revision(backup) == "0001"


def test_an_up_to_date_workspace_makes_no_backup(workspace: Workspace, tmp_path: Path) -> None:
    path = workspace.path
    workspace.close()
    backups = tmp_path / "b"
    backups.mkdir()
    Workspace.open(path, passphrase=PASSPHRASE, backup_dir=backups).close()
    assert list(backups.iterdir()) == []


def test_a_workspace_from_a_newer_smgov_is_refused_untouched(workspace: Workspace) -> None:
    with workspace.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    path = workspace.path
    workspace.close()
    before = path.read_bytes()
    with pytest.raises(SmgovError, match="newer version of smgov"):
        Workspace.open(path, passphrase=PASSPHRASE)
    assert path.read_bytes() == before


def test_a_failing_migration_rolls_back_to_the_old_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.smgov"
    shutil.copyfile(FIXTURES / "schema-0001.smgov", path)
    from alembic import op

    real_create_table = op.create_table

    def failing_create_table(name: str, *columns, **kw):  # type: ignore[no-untyped-def]
        if name == "closure_day":
            raise RuntimeError("disk went away")
        return real_create_table(name, *columns, **kw)

    with monkeypatch.context() as patch:
        patch.setattr(op, "create_table", failing_create_table)
        with pytest.raises(RuntimeError):
            Workspace.open(path, passphrase=PASSPHRASE, backup_dir=tmp_path)
    with Workspace.open(path, passphrase=PASSPHRASE, migrate=False) as workspace:
        assert migrations.current_revision(workspace) == "0001"
        with workspace.read() as session:
            tables = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert "key_person" not in tables


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-*.smgov")), ids=lambda p: p.stem)
def test_every_past_schema_migrates_to_the_newest(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    with Workspace.open(path, passphrase=PASSPHRASE, backup_dir=tmp_path) as workspace:
        assert migrations.current_revision(workspace) == migrations.HEAD
        assert school.get_details(workspace).name == "Old Schema Primary"
        from smgov.data.verify import verify

        assert verify(workspace).ok


def test_there_is_a_fixture_for_every_past_schema() -> None:
    have = {p.stem.removeprefix("schema-") for p in FIXTURES.glob("schema-*.smgov")}
    assert have == set(migrations.ORDER[:-1])


def test_an_upgraded_file_gets_check_points_so_later_outside_edits_show(tmp_path: Path) -> None:
    from smgov.data.services import audit_log
    from smgov.data.verify import CHANGED, verify

    path = tmp_path / "old.smgov"
    shutil.copyfile(FIXTURES / "schema-0006.smgov", path)
    with Workspace.open(path, passphrase=PASSPHRASE, backup_dir=tmp_path) as workspace:
        newest = audit_log.list_events(workspace, limit=1)[0]
        assert newest.action == "integrity.baseline"
        assert newest.summary.endswith("the audit log before: intact")
        conn = workspace.raw_connection()
        try:
            conn.execute("UPDATE school SET name = 'Changed Outside' WHERE id = 1")
        finally:
            conn.close()
        report = verify(workspace)
        assert [f.group for f in report.findings] == [CHANGED]
        assert report.findings[0].item.startswith("the school's settings")
