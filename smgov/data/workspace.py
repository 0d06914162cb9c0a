"""The workspace file: one SQLCipher 4 database, opened by passphrase or recovery key.

A :class:`Workspace` owns the engine, the raw key and the file lock for as long as it is unlocked. Services take it
as their first argument and do one unit of work each with :meth:`Workspace.write` or :meth:`Workspace.read`.
:meth:`Workspace.close` (lock, quit) disposes the engine and forgets the key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from smgov.data import audit, crypto, integrity, migrations, pages
from smgov.data.audit import PATH_KEY
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import (
    DiskFull,
    NotAWorkspace,
    SmgovError,
    WorkspaceDamaged,
    WorkspaceInUse,
    WrongPassphrase,
    is_disk_full,
)
from smgov.data.filelock import WorkspaceLock
from smgov.data.models import ResponseRule, School
from smgov.data.operators import OPERATOR_KEY, Operator
from smgov.data.validation import check_school_name

log = logging.getLogger(__name__)

APPLICATION_ID = 0x534D4756  # "SMGV": tells our files from other SQLCipher databases
SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIX = ".smgov"


def _raw_connect(path: Path, key: bytes, salt: bytes | None = None) -> sqlcipher3.Connection:
    """A keyed DB-API connection. ``salt`` only when creating a file (it becomes the file's header)."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # its own stderr logging would print page numbers
        conn.execute(crypto.sqlcipher_key_pragma(key, salt))
        conn.execute("PRAGMA foreign_keys = ON")
    except Exception:
        conn.close()
        raise
    return conn


def read_salt(path: Path) -> bytes:
    """The 16-byte salt SQLCipher keeps at the start of the file, checking it is a file we could open."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(crypto.SALT_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError as exc:
        raise NotAWorkspace(f"There is no file at {path}.") from exc
    except IsADirectoryError as exc:
        raise NotAWorkspace(f"{path} is a folder, not a workspace file.") from exc
    except PermissionError as exc:
        raise NotAWorkspace(f"smgov is not allowed to read {path.name}. Check the file's permissions.") from exc
    except OSError as exc:
        raise NotAWorkspace(f"{path.name} cannot be read ({exc.strerror}).") from exc
    if head == SQLITE_HEADER:
        raise NotAWorkspace(f"{path.name} is an unencrypted SQLite database, not an smgov workspace.")
    if size < 1024 or size % 1024:
        raise NotAWorkspace(
            f"{path.name} is not an smgov workspace (or it is damaged: its size is not whole database pages)."
        )
    return head


class Workspace:
    """An unlocked workspace. Not thread-bound: sessions are short and made per unit of work."""

    def __init__(self, path: Path, key: bytes, lock: WorkspaceLock) -> None:
        self.path = path
        self._key: bytearray | None = bytearray(key)
        self._lock = lock
        self._field_cipher: crypto.FieldCipher | None = None
        self.engine: Engine = self._make_engine()
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(smgov_write=True), expire_on_commit=False)
        self._on_close: list[Callable[[], None]] = []
        self.operator: Operator | None = None  # who is using smgov (smgov.data.operators); never stored in the file

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, passphrase: str, school_name: str) -> Workspace:
        """A new workspace file at ``path`` (which must not exist), at the newest schema."""
        school_name = check_school_name(school_name)
        path = Path(path)
        if path.exists():
            raise SmgovError(f"{path.name} already exists. Choose another name, or open it instead.")
        if not path.parent.is_dir():
            raise SmgovError(f"The folder {path.parent} does not exist.")
        salt = crypto.new_salt()
        key = crypto.derive_key(passphrase, salt)
        lock = WorkspaceLock(path)
        try:
            lock.acquire()
        except OSError as exc:
            if is_disk_full(exc):
                raise DiskFull(what=f"the new workspace {path.name}") from exc
            raise
        try:
            try:
                conn = _raw_connect(path, key, salt)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.close()
            except (sqlcipher3.Error, OSError) as exc:
                if is_disk_full(exc):
                    raise DiskFull(what=f"the new workspace {path.name}") from exc
                raise SmgovError(f"smgov could not create {path.name} ({exc}). Check the folder is writable.") from exc
            workspace = cls(path, key, lock)
        except BaseException:
            lock.release()
            _remove_quietly(path)
            raise
        try:
            migrations.upgrade(workspace)
            workspace._add_school(school_name)
        except BaseException:
            workspace.close()
            _remove_quietly(path)
            raise
        return workspace

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        passphrase: str | None = None,
        key: bytes | None = None,
        migrate: bool = True,
        backup_dir: Path | None = None,
    ) -> Workspace:
        """Unlock ``path`` with a passphrase or a raw key (recovery key or remembered key).

        Raises WrongPassphrase, NotAWorkspace, WorkspaceDamaged or WorkspaceInUse, each with a message for the user.
        Migrates an older schema after an automatic backup (into ``backup_dir``, default beside the file).
        """
        path = Path(path)
        salt = read_salt(path)
        if not os.access(path, os.W_OK):
            raise NotAWorkspace(
                f"{path.name} is read-only, so smgov cannot keep it up to date. Copy it to a folder you can save "
                "in (or ask IT to make it writable) and open the copy."
            )
        if key is None:
            if passphrase is None:
                raise WrongPassphrase("Enter the passphrase.")
            key = crypto.derive_key(passphrase, salt)
        check_key(path, key)
        with _full_disk_while_opening(path):
            lock = WorkspaceLock(path)
            lock.acquire()
            try:
                workspace = cls(path, key, lock)
            except BaseException:
                lock.release()
                raise
            try:
                raw = workspace.raw_connection()  # outside any transaction: journal mode cannot change inside one
                try:
                    raw.execute("PRAGMA journal_mode = WAL")  # copies, backups and files from other tools
                finally:
                    raw.close()
                if migrate:
                    migrations.upgrade(workspace, backup_dir=backup_dir)
            except BaseException:
                workspace.close()
                raise
        return workspace

    def _add_school(self, name: str) -> None:
        """The first records of a new file: the school, with the settings every school starts from, and the first
        event of the audit chain."""
        with self.write() as session:
            session.add(
                School(
                    id=1,
                    name=name,
                    auto_lock_minutes=10,
                    response_rule=ResponseRule.WITHIN_24_HOURS,
                    password_max_age_days=365,
                    email_domains="",
                )
            )
            integrity.note_every_record(session)  # with what the migrations put in (the consent purposes)
            audit.record(session, AuditAction.WORKSPACE_CREATE, "school", 1, "Workspace created")

    def export_copy(self, dest: Path) -> None:
        """A consistent encrypted copy at ``dest`` under the same key (see :func:`export_copy`)."""
        export_copy(self, dest)

    # -- units of work -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that changes data: BEGIN IMMEDIATE, commit on success, roll back on any error."""
        with self._guard(), self._writer.begin() as session:
            session.info[OPERATOR_KEY] = self.operator
            session.info[PATH_KEY] = self.path  # where the audit chain's head is anchored (smgov.data.anchors)
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (a deferred transaction, ended when the session closes).

        Objects loaded here stay readable afterwards (detached, not expired)."""
        with self._guard(), self._reader() as session:
            session.info[OPERATOR_KEY] = self.operator
            yield session

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        if self._key is None:
            from smgov.data.errors import WorkspaceLocked

            raise WorkspaceLocked()
        try:
            yield
        except SADatabaseError as exc:
            if is_disk_full(exc):  # SQLite rolled the transaction back: the file is as it was before
                log.warning("the disk is full: a write was rolled back")
                raise DiskFull() from exc
            if _is_corruption(exc):
                raise _damaged(self.path, exc) from exc
            raise  # a bug (a missing table, a broken query): the crash path reports it

    def check_pages(self) -> None:
        """Refuse to go on when any page of the file fails SQLCipher's HMAC check (damage anywhere in the file).

        Exports and printouts call this first, so nothing is exported, printed or audited from a damaged file.
        Reads every page once (about 0.4 s for a 160 MB file).
        """
        conn = self.raw_connection()
        try:
            failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        except sqlcipher3.Error as exc:
            raise _damaged_for_output(self.path) from exc
        finally:
            conn.close()
        if failures:
            log.error("%d page(s) of %s fail their HMAC check", len(failures), self.path.name)
            raise _damaged_for_output(self.path)

    def raw_connection(self) -> Any:
        """A pooled DB-API connection for checks that SQLAlchemy does not model (PRAGMAs, export)."""
        return self.engine.raw_connection()

    # -- keys ----------------------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._key is not None

    @property
    def key(self) -> bytes:
        if self._key is None:
            from smgov.data.errors import WorkspaceLocked

            raise WorkspaceLocked()
        return bytes(self._key)

    @property
    def recovery_key(self) -> str:
        return crypto.format_recovery_key(self.key)

    @property
    def field_cipher(self) -> crypto.FieldCipher:
        if self._field_cipher is None:
            self._field_cipher = crypto.FieldCipher(self.key)
        return self._field_cipher

    def salt(self) -> bytes:
        return read_salt(self.path)

    def on_close(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` when the workspace closes (views clear themselves this way)."""
        self._on_close.append(callback)

    def close(self) -> None:
        """Dispose the engine (checkpointing the WAL), drop the keys and release the file lock."""
        if self._key is None:
            return
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            try:
                callback()
            except Exception:  # a view's clean-up must not stop the others, nor keep the key in memory
                log.exception("a close callback failed")
        try:
            self.engine.dispose()
        finally:
            for i in range(len(self._key)):
                self._key[i] = 0
            self._key = None
            self._field_cipher = None
            self._lock.release()

    def reopen_with_key(self, key: bytes) -> None:
        """After the file was re-keyed in place: new engine, same lock."""
        self.engine.dispose()
        self._key = bytearray(key)
        self._field_cipher = None
        self.engine = self._make_engine()
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(smgov_write=True), expire_on_commit=False)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- engine --------------------------------------------------------------------------------------------------

    def _make_engine(self) -> Engine:
        path = self.path

        def creator() -> sqlcipher3.Connection:
            return _raw_connect(path, self.key)

        # module=sqlcipher3 so SQLAlchemy recognises (and wraps) the driver's exceptions. The pysqlcipher dialect is not
        # used on purpose: it would send the passphrase itself, unescaped, in a PRAGMA on every connection.
        engine = create_engine(
            "sqlite://",
            module=sqlcipher3,
            creator=creator,
            poolclass=QueuePool,
            pool_size=2,
            max_overflow=4,
            hide_parameters=True,  # a database error never quotes the values (names, encrypted fields) it was given
        )

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # The driver's own transaction handling is off (isolation_level=None); we emit BEGIN ourselves so
            # SQLite's transactional DDL works for migrations, and writers take the write lock up front.
            immediate = conn.get_execution_options().get("smgov_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine


def check_key(path: Path, key: bytes) -> None:
    """Open ``path`` with ``key`` once and check it is one of our workspaces, without taking the lock."""
    try:
        conn = _raw_connect(path, key)
    except sqlcipher3.Error as exc:
        raise NotAWorkspace(f"{path.name} cannot be opened ({exc}).") from exc
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if "not a database" in str(exc):  # SQLCipher cannot read page 1: a wrong key, or page 1 is damaged
                if pages.key_reads_other_pages(path, key):
                    log.error("%s: the key is right but page 1 fails its HMAC check", path.name)
                    raise WorkspaceDamaged(
                        f"{path.name} is damaged: the passphrase (or key) is right, but the start of the file "
                        "cannot be read. Restore its newest backup (File > Restore from backup), and keep the "
                        "damaged file."
                    ) from exc
                raise WrongPassphrase() from exc
            raise _damaged(path, exc) from exc
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise NotAWorkspace(f"{path.name} is an encrypted database, but not an smgov workspace.")
        _check_not_truncated(path, conn)
    finally:
        conn.close()


def _check_not_truncated(path: Path, conn: sqlcipher3.Connection) -> None:
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # pages may live in the WAL until the next checkpoint
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    if path.stat().st_size < page_size * page_count:
        raise WorkspaceDamaged(
            f"{path.name} is damaged: it is shorter than it should be (perhaps a copy that did not finish). "
            "Restore it from a backup."
        )


@contextlib.contextmanager
def _full_disk_while_opening(path: Path) -> Iterator[None]:
    """A full disk while opening (the lock file, the WAL, a migration's backup) is said so, not "unexpected"."""
    try:
        yield
    except (OSError, sqlcipher3.Error, SADatabaseError) as exc:
        if not is_disk_full(exc):
            raise
        log.warning("the disk is full: %s could not be opened", path.name)
        raise DiskFull(
            f"The disk is full, so smgov cannot open {path.name}: it needs a little free space to work. Nothing in "
            "the file was lost. Free some space (empty the Recycle Bin, or delete or move large files), then try "
            "again."
        ) from exc


_CORRUPTION_SIGNS = ("malformed", "not a database", "disk i/o", "hmac", "corrupt")


def _is_corruption(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return any(sign in text for sign in _CORRUPTION_SIGNS)


def _damaged(path: Path, exc: Exception) -> WorkspaceDamaged:
    log.error("database error on %s: %s", path.name, type(exc).__name__)
    return WorkspaceDamaged(
        f"{path.name} is damaged and part of it cannot be read. Run 'Verify workspace' to see what is wrong, and "
        "restore it from a backup."
    )


def _damaged_for_output(path: Path) -> WorkspaceDamaged:
    return WorkspaceDamaged(
        f"{path.name} is damaged (part of it cannot be read), so smgov will not export or print from it. Nothing "
        "was saved. Run 'Verify workspace' to see what is wrong, and restore the newest backup."
    )


def _remove_quietly(path: Path) -> None:
    for extra in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + extra).unlink()


def export_copy(workspace: Workspace, dest: Path, *, key: bytes | None = None, salt: bytes | None = None) -> None:
    """Write a consistent encrypted copy of the open workspace to ``dest`` (which must not exist).

    The same key and salt by default (so the same passphrase opens it); another key and salt re-key the copy. The
    copy is made under a temporary name in ``dest``'s folder, checked, then renamed: ``dest`` never half-exists.
    """
    key = key or workspace.key
    salt = salt or workspace.salt()
    _export(workspace.raw_connection(), workspace.path, dest, key, salt)


def copy_while_open(path: Path, key: bytes, dest: Path) -> None:
    """A consistent encrypted copy of ``path`` at ``dest`` without its lock, while it may be open elsewhere.

    Reads with ``key`` in one read transaction (WAL mode lets it run beside the window that has the file open, which
    keeps writing meanwhile): the copy holds every change committed before the copy began, and none after.
    """
    check_key(path, key)
    try:
        conn = _raw_connect(path, key)
    except sqlcipher3.Error as exc:
        raise _copy_error(dest, exc) from exc
    _export(conn, path, dest, key, read_salt(path))


def _export(conn: Any, source: Path, dest: Path, key: bytes, salt: bytes) -> None:
    """Copy what ``conn`` reads (``source``), in one transaction, to ``dest`` under ``key`` and ``salt``; closes
    ``conn``."""
    tmp = dest.with_name(f".{dest.name}.partial")
    _remove_quietly(tmp)
    try:
        cursor = conn.cursor()
        blob = key.hex() + salt.hex()
        cursor.execute(f"ATTACH DATABASE ? AS smgov_copy KEY \"x'{blob}'\"", (str(tmp),))
        try:
            cursor.execute("BEGIN")
            cursor.execute("SELECT sqlcipher_export('smgov_copy')")
            cursor.execute(f"PRAGMA smgov_copy.application_id = {APPLICATION_ID}")
            cursor.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlcipher3.Error):  # no transaction left to roll back: the error is the news
                cursor.execute("ROLLBACK")
            raise
        finally:
            cursor.execute("DETACH DATABASE smgov_copy")
    except (sqlcipher3.Error, sqlite3.Error, OSError) as exc:
        _remove_quietly(tmp)
        if not is_disk_full(exc) and _is_corruption(exc):
            raise _damaged(source, exc) from exc  # reading the workspace failed: not the copy's fault
        raise _copy_error(dest, exc) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    finally:
        conn.close()
    try:
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        check_key(tmp, key)
        os.replace(tmp, dest)
    except (SmgovError, OSError) as exc:
        _remove_quietly(tmp)
        if isinstance(exc, SmgovError):
            raise
        raise _copy_error(dest, exc) from exc


def _copy_error(dest: Path, exc: BaseException) -> SmgovError:
    from smgov.data.errors import BackupFailed

    text = str(exc).lower()
    if is_disk_full(exc) or "full" in text:
        return DiskFull(
            f"The disk is full, so {dest.name} could not be saved. Nothing saved before was lost. Free some space "
            "(or choose another place), then try again."
        )
    if "readonly" in text or "read-only" in text or "permission" in text or "unable to open" in text:
        return BackupFailed(f"smgov cannot write to {dest.parent}. Choose a folder you can save files in.")
    return BackupFailed(f"The copy to {dest.name} could not be made ({type(exc).__name__}). Nothing was changed.")


def in_use_by(path: Path) -> str | None:
    """Who holds the workspace open right now, for messages before trying (None when nobody does)."""
    from smgov.data.filelock import read_holder

    lock = WorkspaceLock(path)
    try:
        lock.acquire()
    except WorkspaceInUse:
        holder = read_holder(path)
        return holder.describe() if holder else "another window"
    lock.release()
    return None


def copy_file_durably(src: Path, dest: Path) -> None:
    """Copy a closed workspace file to ``dest`` through a temporary name (restore uses this)."""
    tmp = dest.with_name(f".{dest.name}.partial")
    try:
        shutil.copyfile(src, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except OSError:
        _remove_quietly(tmp)
        raise


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def read_only(path: Path, key: bytes) -> Iterator[Session]:
    """A read-only session on another file under ``key`` (a backup, for verify), without its lock or any write.

    Raises WrongPassphrase when ``key`` does not open it, WorkspaceDamaged or NotAWorkspace when it cannot be read."""

    def creator() -> sqlcipher3.Connection:
        conn = sqlcipher3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(crypto.sqlcipher_key_pragma(key))
            conn.execute("PRAGMA query_only = ON")
        except Exception:
            conn.close()
            raise
        return conn

    engine = create_engine("sqlite://", module=sqlcipher3, creator=creator, hide_parameters=True)
    try:
        with Session(engine) as session:
            try:
                session.connection().exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchone()
            except SADatabaseError as exc:
                if "not a database" in str(exc.orig).lower():
                    raise WrongPassphrase() from exc
                raise _damaged(Path(path), exc) from exc
            yield session
    finally:
        engine.dispose()
