"""The command line: everything that is not inherently visual, headless (also how tests and CI reach it).

Passphrases come from SMGOV_PASSPHRASE, a --passphrase-file, or a prompt; never from the command line itself,
where other users and shell history could see them. Every error is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from typing_extensions import override

from smgov import COMMANDS as _COMMANDS
from smgov import __version__
from smgov.data.errors import SmgovError

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PROBLEMS = 0, 1, 2, 3
ENV_PASSPHRASE = "SMGOV_PASSPHRASE"
ENV_NEW_PASSPHRASE = "SMGOV_NEW_PASSPHRASE"


class CliError(SmgovError):
    """A problem with how the command was called or its inputs."""


# -- passphrases --------------------------------------------------------------------------------------------------


_SECRET_FILE_LIMIT = 64 * 1024  # a passphrase or recovery key is one short line; more is the wrong file


def _read_secret_file(path: Path, what: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(_SECRET_FILE_LIMIT + 1)
    except OSError as exc:
        raise CliError(f"The {what} file {path} cannot be read ({exc.strerror}).") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if len(data) > _SECRET_FILE_LIMIT or "\x00" in text or (data and not text):
        raise CliError(
            f"The {what} file {path} is not a text file with the {what} on its first line. Check it is the right file."
        )
    secret = text.splitlines()[0] if text.strip() else ""
    if not secret:
        raise CliError(f"The {what} file {path} is empty.")
    return secret


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(
            f"No {label.lower()} given. Set {ENV_PASSPHRASE}, use --passphrase-file, or run this in a terminal."
        )
    return getpass.getpass(f"{label}: ")


def passphrase_from(args: argparse.Namespace) -> str:
    if getattr(args, "passphrase_file", None):
        return _read_secret_file(Path(args.passphrase_file), "passphrase")
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    return _prompt("Passphrase")


def new_passphrase_from(args: argparse.Namespace, env: str = ENV_PASSPHRASE) -> str:
    """A new passphrase, checked for strength; asked twice when typed."""
    from smgov.data import passphrases

    file_arg = getattr(args, "new_passphrase_file", None) or getattr(args, "passphrase_file", None)
    if file_arg:
        chosen = _read_secret_file(Path(file_arg), "passphrase")
        passphrases.check_new_passphrase(chosen, chosen)
        return chosen
    if os.environ.get(env):
        chosen = os.environ[env]
        passphrases.check_new_passphrase(chosen, chosen)
        return chosen
    chosen = _prompt("New passphrase")
    passphrases.check_new_passphrase(chosen, _prompt("Type it again"))
    return chosen


def open_workspace(args: argparse.Namespace, path: Path | None = None, *, migrate: bool = True) -> Workspace:
    from smgov.data import crypto
    from smgov.data.workspace import Workspace, read_salt

    path = Path(path or args.file)
    read_salt(path)  # a missing or foreign file is reported before anyone is asked for a passphrase
    if getattr(args, "recovery_key_file", None):
        key = crypto.parse_recovery_key(_read_secret_file(Path(args.recovery_key_file), "recovery key"))
        workspace = Workspace.open(path, key=key, migrate=migrate)
    else:
        workspace = Workspace.open(path, passphrase=passphrase_from(args), migrate=migrate)
    if getattr(args, "operator", None):
        try:
            choose_operator(workspace, args.operator)
        except BaseException:
            workspace.close()
            raise
    return workspace


def choose_operator(workspace: Workspace, name: str) -> None:
    """Record the command's work as done by ``name``, a person on the register who has not left (--operator).

    Without it, the command is recorded as done by the computer's login."""
    from smgov.data import operators

    wanted = " ".join(name.split()).casefold()
    found = [c for c in operators.candidates(workspace) if " ".join(c.name.split()).casefold() == wanted]
    if not found:
        raise CliError(f"Nobody called {name} is on the school's register (or they have left). Check the name.")
    if len(found) > 1:
        raise CliError(f"{len(found)} people on the register are called {name}; smgov cannot tell which is meant.")
    operators.set_operator(workspace, found[0].person_id)


def _add_unlock_options(parser: argparse.ArgumentParser, *, operator: bool = True) -> None:
    parser.add_argument("--passphrase-file", metavar="PATH", help="read the passphrase from the first line of PATH")
    parser.add_argument(
        "--recovery-key-file", metavar="PATH", help="open with the recovery key (from the Emergency Kit) in PATH"
    )
    if not operator:  # the command records nothing
        return
    parser.add_argument(
        "--operator",
        metavar="NAME",
        help="who is doing this (a person on the school's register); recorded instead of the computer's login",
    )


def _write_output(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary name, so a failed write leaves no half-file."""
    tmp = path.with_name(f".{path.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # (the folder may be a file, or gone)
            tmp.unlink(missing_ok=True)
        from smgov.data.errors import DiskFull, is_disk_full

        if is_disk_full(exc):
            raise DiskFull(
                f"The disk is full, so {path.name} could not be saved. Nothing in the workspace was lost. Free some "
                "space (or save it somewhere else), then try again."
            ) from exc
        raise CliError(f"{path} cannot be written ({exc.strerror}).") from exc


def kit_pdf(workspace: Workspace) -> bytes:
    from smgov.documents import emergency_kit

    return emergency_kit(workspace)


# -- commands -----------------------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from smgov.data.services import school
    from smgov.data.workspace import Workspace

    path = Path(args.file)
    if path.suffix.lower() != ".smgov":
        raise CliError(f"Name the workspace file with the .smgov extension (for example {path.stem}.smgov).")
    name = school.check_school_name(args.school)
    passphrase = new_passphrase_from(args)
    with Workspace.create(path, passphrase, name) as workspace:
        print(f"Created {path} for {name}.")
        print("Recovery key (shown once; keep it with the Emergency Kit in a safe place):")
        print(f"  {workspace.recovery_key}")
        if args.kit:
            _write_output(Path(args.kit), kit_pdf(workspace))
            school.mark_kit_printed(workspace)
            print(f"Emergency Kit saved to {args.kit}. Print it, put it in the safe, then delete the file.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from smgov.data.demo import DEMO_PASSPHRASE, create_demo

    path = Path(args.file)
    explicit = args.passphrase_file or os.environ.get(ENV_PASSPHRASE)
    passphrase = passphrase_from(args) if explicit else DEMO_PASSPHRASE
    with create_demo(path, size=args.size, passphrase=passphrase):
        pass
    print(f"Demo workspace ({args.size}) written to {path}.")
    if not explicit:
        print(f"Its passphrase is: {DEMO_PASSPHRASE}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from smgov.data import integrity
    from smgov.data.errors import WorkspaceDamaged
    from smgov.data.verify import verify

    name = Path(args.file).name
    seals = [integrity.parse_seal(seal)[1] for seal in args.seal]  # a mistyped seal is refused before anything else
    try:
        with open_workspace(args, migrate=False) as workspace:
            report = verify(workspace, seals=seals, backup_folders=[Path(f) for f in args.backups])
    except WorkspaceDamaged as exc:
        print(f"smgov: {exc}", file=sys.stderr)
        print(f"{name}: it is too damaged to check.", file=sys.stderr)
        return EXIT_PROBLEMS
    for item in report.checked:
        print(f"checked: {item}")
    if report.ok:
        print(f"{name}: all checks passed.")
        return EXIT_OK
    count = len(report.findings)
    print(f"{name}: {count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
    for line in report.details() if args.details else report.problems:
        print(line if args.details else f"problem: {line}", file=sys.stderr)
    if not args.details:
        print("Run it again with --details to list every problem in full.", file=sys.stderr)
    return EXIT_PROBLEMS


def cmd_backup(args: argparse.Namespace) -> int:
    from smgov.data.backup import backup_file, backup_to
    from smgov.data.workspace import in_use_by, read_salt

    path, dest = Path(args.file), Path(args.dest)
    if dest.is_dir():
        dest = dest / f"{path.stem}-backup-{dt.date.today():%Y-%m-%d}.smgov"
    read_salt(path)  # a missing or foreign file is reported before anyone is asked for a passphrase
    holder = in_use_by(path)
    if holder is None:
        with open_workspace(args) as workspace:
            backup_to(workspace, dest)
        print(f"Backed up to {dest}.")
        return EXIT_OK
    # Open in the app (or another command): copy it beside that window, reading with the key, without its lock.
    backup_file(path, dest, unlock_key(args, path))
    print(f"Backed up to {dest}.")
    print(f"The workspace is open ({holder}), so this backup is not recorded in it.")
    return EXIT_OK


def unlock_key(args: argparse.Namespace, path: Path) -> bytes:
    """The raw key for ``path`` from --recovery-key-file or the passphrase, without opening (or locking) the file."""
    from smgov.data import crypto
    from smgov.data.workspace import read_salt

    if getattr(args, "recovery_key_file", None):
        return crypto.parse_recovery_key(_read_secret_file(Path(args.recovery_key_file), "recovery key"))
    return crypto.derive_key(passphrase_from(args), read_salt(path))


def cmd_restore(args: argparse.Namespace) -> int:
    from smgov.data import crypto
    from smgov.data.backup import restore

    if args.recovery_key_file:
        key = crypto.parse_recovery_key(_read_secret_file(Path(args.recovery_key_file), "recovery key"))
        result = restore(Path(args.backup), Path(args.file), key=key)
    else:
        result = restore(Path(args.backup), Path(args.file), passphrase=passphrase_from(args))
    print(f"Restored {result.restored_to} from {args.backup}.")
    if result.replaced_copy:
        print(f"The file it replaced is kept as {result.replaced_copy}.")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace) -> int:
    from smgov.data import crypto, keys
    from smgov.data.services import school
    from smgov.data.workspace import Workspace

    if args.recovery_key_file:
        current = _read_secret_file(Path(args.recovery_key_file), "recovery key")
        opened = Workspace.open(Path(args.file), key=crypto.parse_recovery_key(current))
    else:
        current = passphrase_from(args)
        opened = Workspace.open(Path(args.file), passphrase=current)
    with opened as workspace:
        if args.operator:
            choose_operator(workspace, args.operator)
        new = new_passphrase_from(argparse.Namespace(new_passphrase_file=args.new_passphrase_file), ENV_NEW_PASSPHRASE)
        recovery = keys.change_passphrase(workspace, current, new, new)
        print("Passphrase changed. The recovery key has changed too: destroy the old Emergency Kit.")
        print(f"New recovery key: {recovery}")
        if args.kit:
            _write_output(Path(args.kit), kit_pdf(workspace))
            school.mark_kit_printed(workspace)
            print(f"New Emergency Kit saved to {args.kit}.")
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose refusals are one line, as every other refusal of the command line is: "smgov
    report: argument --term: invalid choice: 'winter' (choose from autumn, spring, summer). See smgov report
    --help." (argparse prints its whole usage block first). Every command's parser is one too."""

    @override
    def error(self, message: str) -> NoReturn:
        message = message.replace("'", "")  # argparse quotes the values it names
        self.exit(2, f"{self.prog}: {message}. See {self.prog} --help.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="smgov",
        description="smgov: social media governance for schools. Run without a command to open the app.",
        epilog=f"Passphrases are read from {ENV_PASSPHRASE}, --passphrase-file, or a prompt.",
    )
    parser.add_argument("--version", action="version", version=f"smgov {__version__}")
    commands = cast(  # (its parsers are _Parsers, which the commands' modules need not know)
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", required=True, metavar="COMMAND"),
    )

    init = commands.add_parser("init", help="create a new workspace file")
    init.add_argument("file", metavar="FILE")
    init.add_argument("--school", required=True, help="the school's name")
    init.add_argument("--kit", metavar="KIT.pdf", help="also save the Emergency Kit PDF here")
    init.add_argument("--passphrase-file", metavar="PATH", help="read the new passphrase from PATH")
    init.set_defaults(run=cmd_init)

    demo = commands.add_parser("demo", help="write a demo workspace of invented records")
    demo.add_argument("file", metavar="FILE")
    demo.add_argument("--size", choices=["small", "large"], default="small")
    demo.add_argument("--passphrase-file", metavar="PATH")
    demo.set_defaults(run=cmd_demo)

    verify = commands.add_parser(
        "verify",
        help="check the file, its audit log, every record, saved password and screenshot, and the history's anchors",
    )
    verify.add_argument("file", metavar="FILE")
    verify.add_argument(
        "--seal",
        action="append",
        default=[],
        metavar="SEAL",
        help="an audit seal printed on a report (1234-ABCD-EFGH-JK23): proves the history up to it is unchanged",
    )
    verify.add_argument(
        "--backups", action="append", default=[], metavar="FOLDER", help="also compare with the backups in FOLDER"
    )
    verify.add_argument("--details", action="store_true", help="list every problem in full")
    _add_unlock_options(verify, operator=False)
    verify.set_defaults(run=cmd_verify)

    backup = commands.add_parser("backup", help="save an encrypted backup copy")
    backup.add_argument("file", metavar="FILE")
    backup.add_argument("dest", metavar="DEST", help="the backup file, or a folder to put it in")
    _add_unlock_options(backup)
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser("restore", help="replace a workspace with a checked backup")
    restore.add_argument("backup", metavar="BACKUP")
    restore.add_argument("file", metavar="FILE")
    _add_unlock_options(restore, operator=False)
    restore.set_defaults(run=cmd_restore)

    passwd = commands.add_parser("passwd", help="change the passphrase (the recovery key changes too)")
    passwd.add_argument("file", metavar="FILE")
    _add_unlock_options(passwd)
    passwd.add_argument("--new-passphrase-file", metavar="PATH", help=f"or set {ENV_NEW_PASSPHRASE}")
    passwd.add_argument("--kit", metavar="KIT.pdf", help="save the new Emergency Kit PDF here")
    passwd.set_defaults(run=cmd_passwd)

    for register in EXTRA_COMMANDS:
        register(commands)
    return parser


# Areas with commands of their own register them here.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []
COMMANDS = _COMMANDS  # (kept here too: the commands registered below)


def _documents_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov import cli_documents

    cli_documents.register(commands)


def _import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov import cli_imports

    cli_imports.register(commands)


def _consent_check_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov import cli_posting

    cli_posting.register(commands)


def _report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov import cli_reports

    cli_reports.register(commands)


# smgov form and export, smgov import, smgov consent check, smgov report: each in a module of its own.
EXTRA_COMMANDS += [_documents_commands, _import_command, _consent_check_command, _report_command]


def main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    from smgov import logs

    logs.setup()
    log.info("command %s", args.command)
    try:
        return int(args.run(args))
    except SmgovError as exc:
        log.info("command %s refused: %s", args.command, type(exc).__name__)
        print(f"smgov: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("smgov: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("unexpected error in the command line")
        from smgov import paths

        print(
            f"smgov: unexpected error ({type(exc).__name__}). Details are in {paths.log_dir() / 'smgov.log'}.",
            file=sys.stderr,
        )
        return EXIT_ERROR
