"""What a workspace holds, as one comparable value: each table's rows, in order."""

from __future__ import annotations

import hashlib

from sqlalchemy import text

from smgov.data.workspace import Workspace


def snapshot(workspace: Workspace) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows (in rowid order)."""
    tables: dict[str, tuple[int, str]] = {}
    with workspace.read() as session:
        names = session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        ).all()
        for name in names:
            rows = session.execute(text(f'SELECT * FROM "{name}" ORDER BY rowid')).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode("utf-8", "surrogatepass")).hexdigest()
            tables[name] = (len(rows), digest)
    return tables
