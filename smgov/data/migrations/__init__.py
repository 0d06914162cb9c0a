"""Schema migrations (Alembic), run at open inside one transaction after an automatic backup.

``HEAD`` names the newest revision so an up-to-date file opens without loading Alembic at all; a test keeps it equal
to Alembic's own head.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from smgov.data.errors import SmgovError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

HEAD = "0009"
ORDER = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009"]
HERE = Path(__file__).parent


class Migratable(Protocol):
    """What a migration needs of an open workspace (smgov.data.workspace.Workspace is one): its engine, its file,
    and a way to copy itself before the schema changes."""

    engine: Engine
    path: Path

    def export_copy(self, dest: Path) -> None: ...


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    return config


def current_revision(workspace: Migratable) -> str | None:
    with workspace.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
        except OperationalError:
            return None  # a brand-new file: no version table yet


def upgrade(workspace: Migratable, *, backup_dir: Path | None = None, target: str = "head") -> None:
    """Bring the workspace to ``target`` (normally the newest schema). A no-op when it is there already."""
    current = current_revision(workspace)
    if target == "head" and current == HEAD:
        return
    if current is not None and current not in ORDER:
        raise SmgovError(
            f"{workspace.path.name} was made by a newer version of smgov (schema {current}). Update smgov to open it."
        )
    if current is not None:
        _backup_before_migration(workspace, current, backup_dir)
    from alembic import command

    config = alembic_config()
    with workspace.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
    log.info("workspace schema upgraded from %s to %s", current, target)
    if current is not None and current_revision(workspace) == HEAD:
        _record_check_points(workspace, current)


def _record_check_points(workspace: Migratable, before: str) -> None:
    """After an upgrade: one audit event with the digest of every record as it now stands (the records' shape may
    have changed), so verify can tell any later change made outside smgov. It says how the chain before it checked.
    """
    from sqlalchemy.orm import Session

    from smgov.data import audit, integrity
    from smgov.data.audit_actions import AuditAction

    with Session(workspace.engine) as session, session.begin():
        problems = audit.verify_chain(session)
        found = "intact" if not problems else f"{len(problems)} problem(s) found (the backup made before it keeps it)"
        integrity.note_every_record(session)
        audit.record(
            session,
            AuditAction.INTEGRITY_BASELINE,
            "workspace",
            None,
            f"Upgraded from schema {before}: every record's check point written; the audit log before: {found}",
        )


def _backup_before_migration(workspace: Migratable, current: str, backup_dir: Path | None) -> None:
    folder = backup_dir or workspace.path.parent
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{workspace.path.stem}-before-schema-{HEAD}-{stamp}{workspace.path.suffix or '.smgov'}"
    workspace.export_copy(dest)
    log.info("backed up before migrating from schema %s", current)
