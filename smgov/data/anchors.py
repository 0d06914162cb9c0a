"""Anchors of the audit chain kept on this PC, outside the workspace file: how far each workspace's history had got
(its event count and the last event's MAC) when it last changed here, and when each backup was made.

Someone who holds the file's key could rewrite the history inside the file so that it checks; they cannot make it
agree with an anchor taken before, because that needs the events up to it unchanged. ``smgov verify`` compares the
file with these anchors, with its backups and with any audit seal it is given.

Nothing here is secret or personal: a file id (a MAC of the chain key), counts, MACs, times and backup paths.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smgov import paths

log = logging.getLogger(__name__)

FILE_NAME = "audit-anchors.json"
KEEP_FILES = 40  # workspaces remembered (the demo makes a new one each time)
KEEP_BACKUPS = 60  # backups remembered per workspace

_lock = threading.Lock()


@dataclass(frozen=True)
class Anchor:
    """The history of a workspace had ``count`` events, the last with MAC ``mac``, at ``at`` (UTC)."""

    count: int
    mac: str
    at: dt.datetime
    backup: str | None = None  # the backup file this anchor was taken for


def _path() -> Path:
    return paths.config_dir() / FILE_NAME


def _load() -> dict[str, Any]:
    try:
        data = json.loads(_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, Any]) -> None:
    path = _path()
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # an anchor is extra assurance: never a reason to fail the save that made it
        log.warning("audit anchor not saved (%s)", exc.strerror)
        with contextlib.suppress(OSError):
            tmp.unlink()


def _entry(data: dict[str, Any], file_id: str) -> dict[str, Any]:
    entry = data.get(file_id)
    if not isinstance(entry, dict):
        entry = data[file_id] = {}
    entry["seen"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if len(data) > KEEP_FILES:
        oldest = sorted(data, key=lambda k: str(data[k].get("seen", "")) if isinstance(data[k], dict) else "")
        for stale in oldest[: len(data) - KEEP_FILES]:
            if stale != file_id:
                del data[stale]
    return entry


def _where(path: Path) -> str:
    """A workspace's place on this PC: an anchor holds for the file at one path (a copy elsewhere goes its own way)."""
    return os.path.normcase(str(Path(path).resolve()))


def note_head(file_id: str, path: Path, count: int, mac: str) -> None:
    """The history of workspace ``file_id`` at ``path`` now has ``count`` events, the last with MAC ``mac``."""
    with _lock:
        data = _load()
        entry = _entry(data, file_id)
        heads: dict[str, Any] = entry["heads"] if isinstance(entry.get("heads"), dict) else {}
        heads[_where(path)] = [count, mac, entry["seen"]]
        entry["heads"] = heads
        _save(data)


def note_backup(file_id: str, source: Path, backup: Path, count: int, mac: str) -> None:
    """A backup of the workspace at ``source`` was made at ``backup``, holding the history up to event ``count``."""
    with _lock:
        data = _load()
        entry = _entry(data, file_id)
        backups = [b for b in entry.get("backups", []) if isinstance(b, list) and len(b) == 5]
        backups.append([str(backup), count, mac, entry["seen"], _where(source)])
        entry["backups"] = backups[-KEEP_BACKUPS:]
        _save(data)


def head(file_id: str, path: Path) -> Anchor | None:
    """How far the history of the workspace at ``path`` had got when it last changed on this PC."""
    with _lock:
        entry = _load().get(file_id)
    try:
        count, mac, at = entry["heads"][_where(path)]  # type: ignore[index]
        return Anchor(int(count), str(mac), dt.datetime.fromisoformat(at))
    except (TypeError, KeyError, ValueError):
        return None


def backups(file_id: str, source: Path) -> list[Anchor]:
    """The backups this PC made of the workspace at ``source``."""
    with _lock:
        entry = _load().get(file_id)
    found = []
    where = _where(source)
    for item in entry.get("backups", []) if isinstance(entry, dict) else []:
        with contextlib.suppress(TypeError, ValueError):
            backup, count, mac, at, made_from = item
            if made_from == where:
                found.append(Anchor(int(count), str(mac), dt.datetime.fromisoformat(at), str(backup)))
    return found
