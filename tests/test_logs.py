"""The log file: written to the user's log folder, and never holding a name, a passphrase or a secret."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from smgov import logs, paths
from smgov.__main__ import main
from smgov.data.models.accounts import AccountStatus
from smgov.data.services import people, vault
from tests.conftest import PASSPHRASE
from tests.data.registers import make_account, make_credential

PUPILISH = "Gwenllian Przybylski-Nguyễn"
SECRET = "Log-Must-Never-Hold-This-9915"


@pytest.fixture
def log_file() -> Path:
    path = logs.setup(logging.DEBUG)
    yield path
    for handler in list(logging.getLogger().handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_the_log_lives_in_the_log_folder_and_holds_no_names_or_secrets(
    log_file: Path, workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    assert log_file.parent == paths.log_dir()
    account_id, _ = make_account(workspace, AccountStatus.ACTIVE)
    people.add_person(workspace, people.PersonForm(PUPILISH))
    credential = make_credential(workspace, account_id, secret=SECRET)
    vault.reveal(workspace, credential)
    path = workspace.path
    workspace.close()
    monkeypatch.setenv("SMGOV_PASSPHRASE", "a wrong passphrase entirely")
    assert main(["verify", str(path)]) == 1  # a failure, logged
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)
    assert main(["verify", str(path)]) == 0
    capsys.readouterr()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "WrongPassphrase" in text or "wrong" in text.lower()  # the failure was logged, by type
    for forbidden in (PUPILISH, "Przybylski", SECRET, PASSPHRASE, "a wrong passphrase", "Test Person"):
        assert forbidden not in text


def test_a_logged_traceback_keeps_where_it_happened_but_not_the_message(log_file: Path) -> None:
    try:
        raise ValueError(f"{PUPILISH} could not be saved")
    except ValueError:
        logging.getLogger("smgov.test").exception("saving failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "saving failed" in text and "builtins.ValueError" in text and "test_logs.py" in text
    assert PUPILISH not in text


def test_a_database_error_does_not_quote_the_values_it_was_given(workspace) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    with pytest.raises(SQLAlchemyError) as raised, workspace.write() as session:
        session.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": PUPILISH})
    assert PUPILISH not in str(raised.value)


def _logged_traceback(log_file: Path, error: BaseException) -> str:
    try:
        raise error
    except BaseException:
        logging.getLogger("smgov.test").exception("starting failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    return log_file.read_text("utf-8")


def test_a_module_that_cannot_be_imported_is_named_in_the_log(log_file: Path) -> None:
    """Support needs the module a frozen build or a broken install lacks; its name holds no record data."""
    try:
        import smgov_no_such_module  # noqa: F401
    except ModuleNotFoundError as error:
        text = _logged_traceback(log_file, error)
    assert "builtins.ModuleNotFoundError: no module named 'smgov_no_such_module'" in text
    assert "test_logs.py" in text  # where it happened


def test_an_import_error_names_its_module_but_not_its_message(log_file: Path) -> None:
    text = _logged_traceback(log_file, ImportError(f"cannot import {PUPILISH} from {SECRET}", name="sqlcipher3.dbapi2"))
    assert "builtins.ImportError: importing from module 'sqlcipher3.dbapi2' failed" in text
    assert PUPILISH not in text and SECRET not in text


def test_an_import_error_whose_name_is_not_a_module_name_is_withheld(log_file: Path) -> None:
    """exc.name is whatever the raiser gave: only a dotted name is logged, so no text can ride on it."""
    text = _logged_traceback(log_file, ModuleNotFoundError("no module", name=f"{PUPILISH} {SECRET}"))
    assert "builtins.ModuleNotFoundError (its message is not logged)" in text
    assert PUPILISH not in text and SECRET not in text and "Przybylski" not in text


def test_other_exceptions_keep_their_message_withheld(log_file: Path) -> None:
    error = KeyError(SECRET)
    error.name = "looks.like.a.module"  # type: ignore[attr-defined]  # only an ImportError's name is trusted
    text = _logged_traceback(log_file, error)
    assert "builtins.KeyError (its message is not logged)" in text
    assert SECRET not in text and "looks.like.a.module" not in text
