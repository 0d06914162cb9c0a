"""`smgov form` and `smgov export`: forms and registers saved as PDF, CSV or XLSX (the same documents the app
prints), each save audited."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typing_extensions import override

from smgov.cli import EXIT_OK, CliError, _add_unlock_options, _write_output, open_workspace
from smgov.data.audit_actions import AuditAction


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov import documents

    form = commands.add_parser("form", help="save a form as PDF, blank for paper use or filled from a record")
    kinds = sorted(str(kind) for kind in documents.FORMS)  # the words typed, not the enum
    form.add_argument("kind", choices=kinds, metavar="KIND", help=", ".join(kinds))
    form.add_argument("file", nargs="?", metavar="FILE", help="the workspace (needed for a filled form)")
    form.add_argument(
        "--blank",
        action=_BlankForm,
        nargs="?",
        default=False,
        metavar="FILE",
        help="a blank form to fill in by hand or on screen; with the workspace FILE it carries the school's name and "
        "logo (FILE may come before or after --blank)",
    )
    form.add_argument(
        "--id", metavar="REF", help="the record to fill the form from: its reference as shown (INC-00033) or number"
    )
    form.add_argument("--pupil", metavar="REF", help="consent form for one pupil: admission number or UPN")
    form.add_argument("--class", dest="class_name", metavar="NAME", help="consent forms for a class, a page a pupil")
    form.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    _add_unlock_options(form)
    form.set_defaults(run=cmd_form)

    export = commands.add_parser("export", help="export a register as CSV or XLSX, or the due dates as a calendar")
    exports = [*sorted(documents.EXPORTS), "calendar"]
    export.add_argument("what", choices=exports, metavar="WHAT", help=", ".join(exports))
    export.add_argument("file", metavar="FILE")
    export.add_argument("-o", "--output", required=True, metavar="OUT.csv|OUT.xlsx|OUT.ics")
    export.add_argument("--full-names", action="store_true", help="pupils' full names instead of initials")
    _add_unlock_options(export)
    export.set_defaults(run=cmd_export)


class _BlankForm(argparse.Action):
    """``--blank`` alone, or ``--blank FILE``: argparse gives an optional positional its (empty) turn as soon as KIND
    is read, so ``smgov form KIND --blank FILE`` would otherwise reject FILE as an unrecognised argument."""

    @override
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, True)
        if isinstance(values, str):
            if getattr(namespace, "file", None):
                parser.error("give the workspace FILE once")
            namespace.file = values


def cmd_form(args: argparse.Namespace) -> int:
    from smgov import documents
    from smgov.data import audit

    spec = documents.FORMS[args.kind]
    out = Path(args.output)
    if args.kind == "consent":
        return _consent_form(args, out)
    if args.pupil or args.class_name:
        raise CliError("--pupil and --class are for the consent form only.")
    if args.blank:
        if spec.blank is None:
            raise CliError(f"The {spec.title} has no blank version; give a workspace FILE and --id.")
        if args.file:
            with open_workspace(args) as workspace:
                workspace.check_pages()  # nothing is printed from, or audited into, a damaged file
                head = documents.letterhead(workspace)
                _write_output(out, documents.blank_form(args.kind, head.school_name, head.logo))
                with workspace.write() as session:
                    audit.record(session, AuditAction.FORM_PRINT, args.kind, None, f"Blank {spec.title} saved as PDF")
        else:
            _write_output(out, documents.blank_form(args.kind))
    else:
        if spec.filled is None or not args.file or args.id is None:
            raise CliError("Give the workspace FILE and the record's --id, or --blank for a paper form.")
        record_id = record_number(args.kind, args.id)
        with open_workspace(args) as workspace:
            workspace.check_pages()
            _write_output(out, documents.filled_form(args.kind, workspace, record_id))
            with workspace.write() as session:
                audit.record(session, AuditAction.FORM_PRINT, args.kind, record_id, f"{spec.title} saved as PDF")
    print(f"Saved {out}.")
    return EXIT_OK


def _consent_form(args: argparse.Namespace, out: Path) -> int:
    """``smgov form consent``: blank (fillable), for one pupil (--pupil) or for a class, a page a pupil (--class)."""
    from smgov import documents
    from smgov.data import audit
    from smgov.data.services import pupils
    from smgov.documents import consent as forms

    usage = "Give the workspace FILE with --pupil REF or --class NAME, or --blank for a paper form."
    chosen = [
        name
        for name, given in (("--blank", args.blank), ("--pupil", args.pupil), ("--class", args.class_name))
        if given
    ]
    if args.id is not None:
        raise CliError("The consent form takes --pupil REF (admission number or UPN), not --id.")
    if len(chosen) > 1:
        raise CliError(f"Choose one of {', '.join(chosen)}.")
    if not args.file:
        if not args.blank:
            raise CliError(usage)
        _write_output(out, documents.blank_form(args.kind))
        print(f"Saved {out}.")
        return EXIT_OK
    if not chosen:
        raise CliError(usage)
    title = documents.FORMS[args.kind].title
    with open_workspace(args) as workspace:
        workspace.check_pages()  # nothing is printed from, or audited into, a damaged file
        record: int | None = None
        if args.blank:
            data, summary = forms.consent_form_blank_for(workspace), f"Blank {title} saved as PDF"
        elif args.pupil:
            pupil = pupils.find_pupil(workspace, args.pupil)
            record = pupil.id
            data, summary = forms.consent_form_for_pupil(workspace, pupil.id), f"{title} saved as PDF"
        else:
            data = forms.consent_forms_for_class(workspace, args.class_name)
            summary = f"{title} for class {' '.join(args.class_name.split())[:40]} saved as PDF"
        _write_output(out, data)
        with workspace.write() as session:
            audit.record(session, AuditAction.FORM_PRINT, args.kind, record, summary)
    print(f"Saved {out}.")
    return EXIT_OK


# The kind of record each filled form is made from, so --id takes its reference as shown ("INC-00033").
FORM_RECORDS = {
    "account-application": "ACCOUNT",
    "blocked-content": "BLOCKED_CONTENT_REQUEST",
    "inappropriate-content": "CONTENT_REPORT",
    "incident": "INCIDENT",
}


def record_number(kind: str, given: str) -> int:
    """The record number from --id: a reference as shown (any case, leading zeros or not) or the bare number."""
    from smgov.data.errors import ValidationError
    from smgov.data.references import RecordKind, parse_reference

    try:
        return parse_reference(given, RecordKind[FORM_RECORDS[kind]])
    except ValidationError as exc:
        raise CliError(f"--id: {exc}") from exc


def cmd_export(args: argparse.Namespace) -> int:
    from smgov import documents
    from smgov.data import audit

    out = Path(args.output)
    if args.what == "calendar":
        return _export_calendar(args, out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise CliError("Name the output file .csv or .xlsx.")
    with open_workspace(args) as workspace:
        workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
        data = documents.export(args.what, workspace, fmt, full_names=args.full_names)
        _write_output(out, data)
        with workspace.write() as session:
            names = "full names" if args.full_names else "initials only"
            audit.record(
                session, AuditAction.EXPORT, args.what, None, f"Exported {args.what} as {fmt.upper()} ({names})"
            )
    print(f"Saved {out}.")
    return EXIT_OK


def _export_calendar(args: argparse.Namespace, out: Path) -> int:
    """``smgov export calendar FILE -o OUT.ics``: the due dates as an iCalendar file (no pupil names), audited."""
    import datetime as dt

    from smgov.data import audit
    from smgov.documents.calendar import due_dates_ics

    if out.suffix.lower() != ".ics":
        raise CliError("Name the calendar file .ics.")
    if args.full_names:
        raise CliError("--full-names is for the registers: the calendar holds no pupil names.")
    with open_workspace(args) as workspace:
        workspace.check_pages()  # nothing is exported from, or audited into, a damaged file
        _write_output(out, due_dates_ics(workspace, dt.date.today()))
        with workspace.write() as session:
            audit.record(session, AuditAction.EXPORT, "calendar", None, "Exported the due dates as a calendar (ICS)")
    print(f"Saved {out}.")
    return EXIT_OK
