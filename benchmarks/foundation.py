"""Foundation figures: unlock (KDF + open + first query; the open alone; the KDF's peak memory), and the app's
audited write path beside plain SQLite. The GUI's Enter-to-unlocked and Enter-to-dashboard are in startup.py.

Run: .venv/bin/python benchmarks/foundation.py
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from benchmarks.common import median_of, ratio, report
from smgov.data import audit, crypto
from smgov.data.audit_actions import AuditAction
from smgov.data.models import Base
from smgov.data.services import school
from smgov.data.workspace import Workspace

PASSPHRASE = "benchmark passphrase for timing only"
ROWS = 10_000


def bench_unlock(folder: Path) -> None:
    path = folder / "unlock.smgov"
    Workspace.create(path, PASSPHRASE, "Benchmark School").close()
    salt = path.read_bytes()[:16]
    kdf = median_of(5, lambda: crypto.derive_key(PASSPHRASE, salt))
    report(f"KDF: Argon2id {crypto.KDF.memory_kib // 1024} MiB x{crypto.KDF.iterations} (median of 5)", kdf)

    def unlock() -> None:
        with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
            school.get_details(workspace)

    report("Unlock: KDF + open + first query (median of 5)", median_of(5, unlock), budget=1.0)

    key = crypto.derive_key(PASSPHRASE, salt)

    def open_only() -> None:
        Workspace.open(path, key=key).close()

    report("Open alone, the key known (what unlock adds to the KDF)", median_of(5, open_only))
    print(f"{'Peak memory of a fresh process running the KDF once':<58}{kdf_peak_mib(path):9.1f} MiB")


def kdf_peak_mib(path: Path) -> float:
    """The KDF's memory as the process sees it: a fresh interpreter's peak after one derivation (Linux: KiB)."""
    code = (
        "import resource, sys; from smgov.data import crypto; "
        f"crypto.derive_key({PASSPHRASE!r}, open(sys.argv[1], 'rb').read(16)); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024


def bench_writes(folder: Path) -> None:
    # The same unit of work (ORM + audit chain) on SQLCipher and on plain SQLite: the cost of encryption.
    path = folder / "writes.smgov"
    workspace = Workspace.create(path, PASSPHRASE, "Benchmark School")

    def encrypted() -> None:
        with workspace.write() as session:
            for n in range(ROWS):
                audit.record(session, AuditAction.DEMO_NOTE, "bench", n, f"Benchmark event number {n} with some text")

    encrypted_s = median_of(3, encrypted)
    workspace.close()

    plain_path = folder / "plain.db"
    plain = create_engine(f"sqlite:///{plain_path}")

    @event.listens_for(plain, "connect")
    def _wal(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.execute("PRAGMA journal_mode = WAL")

    Base.metadata.create_all(plain)

    def plain_orm() -> None:
        with Session(plain) as session, session.begin():
            for n in range(ROWS):
                audit.record(session, AuditAction.DEMO_NOTE, "bench", n, f"Benchmark event number {n} with some text")

    plain_s = median_of(3, plain_orm)

    raw_path = folder / "raw.db"

    def raw_sqlite() -> None:
        conn = sqlite3.connect(raw_path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS ev (id INTEGER PRIMARY KEY, at, actor, action, summary, hash)")
        at = "2026-11-22T10:00:00"
        rows = [(at, "bm", "bench.insert", f"Benchmark event number {n}", "1" * 64) for n in range(ROWS)]
        with conn:
            conn.executemany("INSERT INTO ev (at, actor, action, summary, hash) VALUES (?,?,?,?,?)", rows)
        conn.close()

    raw_s = median_of(3, raw_sqlite)
    report(f"Write: {ROWS:,} audited inserts, SQLCipher (app path)", encrypted_s)
    report(f"Write: {ROWS:,} audited inserts, plain SQLite (same ORM path)", plain_s)
    report(f"Write: {ROWS:,} rows, plain sqlite3 executemany (reference)", raw_s)
    ratio("Encrypted vs plain SQLite, same workload", encrypted_s / plain_s, budget=1.25)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        bench_unlock(folder)
        bench_writes(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
