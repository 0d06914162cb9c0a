"""The command line: each command works headless, and every error is one line and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from smgov.__main__ import main
from smgov.data.workspace import Workspace
from tests.conftest import PASSPHRASE, SCHOOL
from tests.long_secrets import random_secret

NEW = "lilac otter pumpkin harbour"


@pytest.fixture(autouse=True)
def passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", PASSPHRASE)


def _one_line_error(err: str) -> None:
    assert err.startswith("smgov: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("smgov ")


def test_help_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from smgov.cli import build_parser

    with pytest.raises(SystemExit):
        main(["--help"])
    named = capsys.readouterr().out.split("Commands:")[1].split("(smgov COMMAND")[0]
    named_commands = {word.strip(" ,\n") for word in named.split()}
    parser_commands = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert named_commands == parser_commands
    assert "report" in named_commands


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["report", "slt", "x.smgov", "--term", "winter", "-o", "a.pdf"], "invalid choice: winter (choose from autumn"),
        (["report", "slt", "x.smgov", "--year", "abc", "-o", "a.pdf"], "argument --year: invalid int value: abc"),
        (["init"], "the following arguments are required: FILE, --school"),
        (["demo", "x.smgov", "--size", "huge"], "invalid choice: huge (choose from small, large)"),
        (["form", "appendix-a", "--blank", "-o", "a.pdf"], "(choose from account-application, blocked-content"),
    ],
)
def test_a_wrong_option_is_one_line_naming_the_help(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"smgov {argv[0]}: ")  # no usage block
    assert said in err and err.rstrip().endswith(f"See smgov {argv[0]} --help.")


def test_init_writes_a_workspace_and_a_kit_and_shows_the_recovery_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, kit = tmp_path / "school.smgov", tmp_path / "kit.pdf"
    assert main(["init", str(path), "--school", 'Ysgol <Gymraeg> & "Co"', "--kit", str(kit)]) == 0
    out = capsys.readouterr().out
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:
        assert workspace.recovery_key in out
    text = PdfReader(kit).pages[0].extract_text()
    assert 'Ysgol <Gymraeg> & "Co"' in text and "school.smgov" in text


def test_init_refuses_a_weak_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", "password1")
    assert main(["init", str(tmp_path / "x.smgov"), "--school", SCHOOL]) == 1
    _one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "x.smgov").exists()


def test_verify_passes_then_finds_tampering(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import text

    path = workspace.path
    with workspace.write() as session:
        session.execute(text("UPDATE audit_event SET summary = 'edited'"))
    workspace.close()
    assert main(["verify", str(path)]) == 3
    captured = capsys.readouterr()
    assert "Audit log entries were changed or removed (1): entry 1 was changed." in captured.err


def test_verify_of_a_good_workspace_exits_zero(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    path = workspace.path
    workspace.close()
    assert main(["verify", str(path)]) == 0
    assert "all checks passed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("wrong", "not right"),
        ("missing", "no file"),
        ("text", "not an smgov workspace"),
        ("in_use", "already open"),
    ],
)
def test_errors_are_one_clear_line(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    setup: str,
    expected: str,
) -> None:
    path = workspace.path
    if setup != "in_use":
        workspace.close()
    if setup == "wrong":
        monkeypatch.setenv("SMGOV_PASSPHRASE", "no no no no no")
    elif setup == "missing":
        path = tmp_path / "nope.smgov"
    elif setup == "text":
        path = tmp_path / "notes.smgov"
        path.write_text("name,role\n")
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert expected in err


def test_backup_then_restore_round_trip(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    folder = tmp_path / "backups"
    folder.mkdir()
    assert main(["backup", str(path), str(folder)]) == 0
    made = next(folder.iterdir())
    assert main(["restore", str(made), str(path)]) == 0
    out = capsys.readouterr().out
    assert "kept as" in out
    Workspace.open(path, passphrase=PASSPHRASE).close()


def test_passwd_changes_the_passphrase_and_prints_the_new_key(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workspace.path
    workspace.close()
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    assert main(["passwd", str(path), "--new-passphrase-file", str(new_file), "--kit", str(tmp_path / "k.pdf")]) == 0
    out = capsys.readouterr().out
    with Workspace.open(path, passphrase=NEW) as reopened:
        assert reopened.recovery_key in out
    assert (tmp_path / "k.pdf").read_bytes().startswith(b"%PDF")


def test_init_then_passwd_with_100_character_passphrases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A password manager's long passphrase: zxcvbn alone refuses more than 72 characters."""
    first, second = random_secret(100, seed=5), random_secret(100, seed=6)
    path = tmp_path / "long.smgov"
    monkeypatch.setenv("SMGOV_PASSPHRASE", first)
    assert main(["init", str(path), "--school", SCHOOL]) == 0, capsys.readouterr().err
    Workspace.open(path, passphrase=first).close()
    monkeypatch.setenv("SMGOV_NEW_PASSPHRASE", second)
    assert main(["passwd", str(path)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    with Workspace.open(path, passphrase=second) as reopened:
        assert reopened.recovery_key in out


def test_passwd_to_a_100_character_passphrase(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    long = random_secret(100, seed=7)
    monkeypatch.setenv("SMGOV_NEW_PASSPHRASE", long)
    assert main(["passwd", str(path)]) == 0, capsys.readouterr().err
    Workspace.open(path, passphrase=long).close()


def test_init_refuses_a_long_but_repetitive_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", "a" * 100)
    assert main(["init", str(tmp_path / "x.smgov"), "--school", SCHOOL]) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "too easy to guess" in err and "ValueError" not in err
    assert not (tmp_path / "x.smgov").exists()


def test_passwd_records_the_operator_given(workspace: Workspace, tmp_path: Path) -> None:
    from sqlalchemy import select

    from smgov.data.filelock import current_user
    from smgov.data.models import AuditEvent
    from smgov.data.services import people

    people.add_person(workspace, people.PersonForm(full_name="Dr Amara Okafor", role="Headteacher"))
    path = workspace.path
    workspace.close()
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    assert main(["passwd", str(path), "--new-passphrase-file", str(new_file), "--operator", "dr amara okafor"]) == 0
    with Workspace.open(path, passphrase=NEW) as reopened, reopened.read() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.actor, last.actor_login) == ("Dr Amara Okafor", current_user())


def test_no_passphrase_and_no_terminal_is_a_clear_error(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    monkeypatch.delenv("SMGOV_PASSPHRASE")
    assert main(["verify", str(path)]) == 1
    _one_line_error(capsys.readouterr().err)


def test_demo_writes_a_workspace_with_the_demo_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from smgov.data.demo import DEMO_PASSPHRASE, DEMO_SCHOOL
    from smgov.data.services import school

    monkeypatch.delenv("SMGOV_PASSPHRASE")
    path = tmp_path / "demo.smgov"
    assert main(["demo", str(path)]) == 0
    with Workspace.open(path, passphrase=DEMO_PASSPHRASE) as demo:
        assert school.get_details(demo).name == DEMO_SCHOOL


# -- bad files and faults: one clear line, nothing lost --------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 8,  # random-looking binary
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00\xff\xfe",  # a PDF
        b"\xff\xfe\x00\x00",
    ],
)
@pytest.mark.parametrize("option", ["--passphrase-file", "--recovery-key-file"])
def test_a_binary_secret_file_is_a_clear_refusal(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, option: str
) -> None:
    path = workspace.path
    workspace.close()
    secret = tmp_path / "kit.pdf"
    secret.write_bytes(content)
    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "out.csv"), option, str(secret)]) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "is not a text file" in err and "UnicodeDecodeError" not in err
    assert not (tmp_path / "out.csv").exists()


def _audit_count(path: Path) -> int:
    from smgov.data import crypto
    from smgov.data.workspace import _raw_connect, read_salt

    conn = _raw_connect(path, crypto.derive_key(PASSPHRASE, read_salt(path)))
    try:
        return int(conn.execute("SELECT count(*) FROM audit_event").fetchone()[0])
    finally:
        conn.close()


def _damage_the_middle(workspace: Workspace) -> Path:
    from smgov.data import audit

    with workspace.write() as session:  # grow the file to some pages
        for n in range(200):
            audit.record(session, "demo.note", "test", n, "x" * 500)
    path = workspace.path
    workspace.close()
    pages = path.stat().st_size // 4096
    with open(path, "r+b") as handle:
        handle.seek((pages // 2) * 4096 + 200)
        handle.write(b"\xaa" * 100)
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["export", "accounts", "{file}", "-o", "{out}.csv"],
        ["export", "incidents", "{file}", "-o", "{out}.xlsx"],
        ["form", "account-application", "{file}", "--blank", "-o", "{out}.pdf"],
        ["form", "account-application", "{file}", "--id", "1", "-o", "{out}.pdf"],
        ["form", "incident", "{file}", "--id", "1", "-o", "{out}.pdf"],
    ],
)
def test_export_or_print_from_a_damaged_file_is_one_refusal_and_writes_nothing(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = _damage_the_middle(workspace)
    before, size = path.read_bytes(), path.stat().st_size
    out = tmp_path / "out"
    argv = [part.format(file=path, out=out) for part in command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "is damaged" in err and "will not export or print" in err and "Nothing was saved" in err
    assert not list(tmp_path.glob("out*"))
    assert path.stat().st_size == size and path.read_bytes() == before  # nothing written into it


def test_backup_works_while_the_workspace_is_open(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smgov.data.services import school

    school.update_settings(workspace, school.SettingsChange(name="Open In The App"))
    dest = tmp_path / "copy.smgov"
    assert main(["backup", str(workspace.path), str(dest)]) == 0  # the workspace fixture holds it open
    out = capsys.readouterr().out
    assert f"Backed up to {dest}." in out and "is open" in out
    assert school.get_details(workspace).name == "Open In The App"  # the window that has it is undisturbed
    workspace.close()
    with Workspace.open(dest, passphrase=PASSPHRASE) as copy:
        assert school.get_details(copy).name == "Open In The App"


def test_backup_of_an_open_workspace_with_a_wrong_passphrase_is_refused(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_PASSPHRASE", "battery horse staple correct")
    assert main(["backup", str(workspace.path), str(tmp_path / "copy.smgov")]) == 1
    _one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "copy.smgov").exists()


def test_an_export_into_a_folder_that_is_a_file_is_one_line(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workspace.path
    workspace.close()
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    assert main(["export", "accounts", str(path), "-o", str(not_a_folder / "accounts.xlsx")]) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "accounts.xlsx cannot be written (Not a directory)" in err
    assert not_a_folder.read_text() == "a file, not a folder"


def test_a_full_disk_when_saving_an_export_says_so(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = workspace.path
    workspace.close()
    before = _audit_count(path)

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["export", "accounts", str(path), "-o", str(tmp_path / "out.csv")]) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "disk is full, so out.csv could not be saved" in err and "Nothing in the workspace was lost" in err
    assert _audit_count(path) == before  # the export was not recorded as done


def test_verify_checks_a_seal_and_lists_details_on_request(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from smgov.data import integrity

    with workspace.read() as session:
        seal = integrity.current_seal(session)
    conn = workspace.raw_connection()
    try:
        conn.execute("UPDATE school SET name = 'Changed Elsewhere' WHERE id = 1")
    finally:
        conn.close()
    path = workspace.path
    workspace.close()
    assert main(["verify", str(path), "--seal", seal]) == 3
    captured = capsys.readouterr()
    assert f"the audit seal {seal}: the history up to entry 1 is unchanged" in captured.out
    assert captured.err.splitlines()[0] == "school.smgov: 1 problem found."
    assert "--details" in captured.err and "audit log entry 1 (" not in captured.err
    assert main(["verify", str(path), "--details"]) == 3
    assert "audit log entry 1 (" in capsys.readouterr().err
    assert main(["verify", str(path), "--seal", "1-AAAA"]) == 1
    assert "An audit seal is a number and 12 letters" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["first page", "middle"])
def test_verify_exits_3_for_a_damaged_file(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    path = workspace.path
    workspace.close()
    size = path.stat().st_size
    offset = 100 if where == "first page" else (size // 4096 // 2) * 4096 + 200
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xff" * 64)
    assert main(["verify", str(path)]) == 3
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err


@pytest.mark.parametrize("with_kit", [True, False])
def test_init_with_a_kit_is_what_the_dashboard_reads_as_printed(tmp_path: Path, with_kit: bool) -> None:
    """`init --kit` marks the kit printed in the saved file: the dashboard's service (school.get_details, and the
    attention list built on it) says so when the app opens it; without --kit it still asks for the kit."""
    import datetime as dt

    from smgov.data.services import school
    from smgov.data.services.dashboard import attention_items

    path = tmp_path / "school.smgov"
    assert (
        main(["init", str(path), "--school", SCHOOL, *(["--kit", str(tmp_path / "kit.pdf")] if with_kit else [])]) == 0
    )
    with Workspace.open(path, passphrase=PASSPHRASE) as workspace:  # a new process would open it the same way
        printed = school.get_details(workspace).kit_printed_at
        asks = any(item.record_id == "emergency-kit" for item in attention_items(workspace, dt.date.today()))
    assert (printed is not None) is with_kit
    assert asks is not with_kit


def test_passwd_with_a_new_kit_leaves_it_marked_printed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A new passphrase unmarks the old kit (it holds the old key); the new kit from --kit marks it printed again."""
    from smgov.data.services import school

    school.mark_kit_printed(workspace)
    path = workspace.path
    workspace.close()
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    assert main(["passwd", str(path), "--new-passphrase-file", str(new_file), "--kit", str(tmp_path / "k.pdf")]) == 0
    with Workspace.open(path, passphrase=NEW) as reopened:
        assert school.get_details(reopened).kit_printed_at is not None
    monkeypatch.setenv("SMGOV_PASSPHRASE", NEW)
    again = tmp_path / "again.txt"
    again.write_text("violet kettle marble orchard\n")
    assert main(["passwd", str(path), "--new-passphrase-file", str(again)]) == 0  # no --kit: the kit is out of date
    with Workspace.open(path, passphrase="violet kettle marble orchard") as reopened:
        assert school.get_details(reopened).kit_printed_at is None
