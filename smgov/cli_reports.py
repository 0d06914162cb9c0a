"""`smgov report`: the termly pack for SLT or governors (PDF or XLSX), the account register and the staff training
matrix (PDF), each save audited as the app's Reports section audits it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from smgov.cli import EXIT_OK, CliError, _add_unlock_options, _write_output, open_workspace
from smgov.data.audit_actions import AuditAction

if TYPE_CHECKING:
    from smgov.documents.pack import PackRequest

REPORTS = ("slt", "register", "training")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help="the termly pack for SLT or governors, the account register or the training matrix"
    )
    report.add_argument(
        "kind",
        choices=REPORTS,
        metavar="KIND",
        help="slt (the termly pack: PDF or XLSX), register (the account register, PDF), training (PDF)",
    )
    report.add_argument("file", metavar="FILE")
    report.add_argument("-o", "--output", required=True, metavar="OUT.pdf|OUT.xlsx")
    period = report.add_argument_group("the pack's period (default: this term)")
    period.add_argument("--term", choices=("autumn", "spring", "summer"), help="a term of --year")
    period.add_argument(
        "--year", type=int, metavar="YYYY", help="the academic year by the year it starts (2026 for 2026–27)"
    )
    period.add_argument("--last-term", action="store_true", help="the term before this one")
    period.add_argument("--from", dest="start", metavar="DATE", help="first day (dd/mm/yyyy or yyyy-mm-dd)")
    period.add_argument("--to", dest="end", metavar="DATE", help="last day (dd/mm/yyyy or yyyy-mm-dd)")
    report.add_argument(
        "--governors", action="store_true", help="the governors' version: no names, counts under 5 not shown"
    )
    _add_unlock_options(report)
    report.set_defaults(run=cmd_report)


def _date(text: str, option: str) -> dt.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = dt.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
        from smgov.data.terms import FIRST_YEAR, LAST_YEAR

        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise CliError(f"{option}: give a date between {FIRST_YEAR} and {LAST_YEAR}, not {day:%d/%m/%Y}.")
        return day
    raise CliError(f"{option}: {text!r} is not a date. Write it as dd/mm/yyyy, e.g. 01/09/2026.")


def pack_request(args: argparse.Namespace) -> PackRequest:
    from smgov.data.terms import Term
    from smgov.documents.pack import PackRequest
    from smgov.reports.pack.model import Audience

    audience = Audience.GOVERNORS if args.governors else Audience.SLT
    dates = args.start is not None or args.end is not None
    if dates and (args.term or args.year is not None or args.last_term):
        raise CliError("Give either --from and --to, or --term and --year, not both.")
    if dates:
        if args.start is None or args.end is None:
            raise CliError("Give both --from and --to.")
        return PackRequest("dates", audience, start=_date(args.start, "--from"), end=_date(args.end, "--to"))
    if args.last_term:
        if args.term or args.year is not None:
            raise CliError("--last-term takes no --term or --year.")
        return PackRequest("last-term", audience)
    if args.term:
        if args.year is None:
            raise CliError("--term needs --year (2026 for the academic year 2026–27).")
        return PackRequest("term", audience, term=Term(args.term), academic_year=args.year)
    if args.year is not None:
        return PackRequest("year", audience, academic_year=args.year)
    return PackRequest("this-term", audience)


def _check_folder(out: Path) -> None:
    """Refuse an output whose folder is missing or is a file, before the workspace is opened or anything is made."""
    folder = out.parent
    if folder.is_dir():
        return
    if folder.exists():
        raise CliError(f"{out} cannot be written: {folder} is a file, not a folder.")
    raise CliError(f"{out} cannot be written: there is no folder {folder}.")


def cmd_report(args: argparse.Namespace) -> int:
    from smgov.data import audit

    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if args.kind == "slt":
        if fmt not in ("pdf", "xlsx"):
            raise CliError("Name the output file .pdf or .xlsx.")
        request: PackRequest | None = pack_request(args)
    else:
        request = None
        if fmt != "pdf":
            raise CliError("Name the output file .pdf.")
        if args.governors or args.term or args.year is not None or args.start or args.end or args.last_term:
            raise CliError(f"The {args.kind} report takes no period or audience: it is the register as it stands.")
    _check_folder(out)
    with open_workspace(args) as workspace:
        workspace.check_pages()  # nothing is printed from, or audited into, a damaged file
        if args.kind == "slt":
            from smgov.documents import pack

            assert request is not None
            data, period = pack.make_pack(workspace, request, fmt)
            summary = pack.audit_summary(request, period, fmt)
        else:
            from smgov.documents import register as registers

            if args.kind == "register":
                data, summary = registers.account_register_pdf(workspace), "Account register saved as PDF"
            else:
                data, summary = registers.training_matrix_pdf(workspace), "Staff training matrix saved as PDF"
        _write_output(out, data)
        with workspace.write() as session:
            audit.record(session, AuditAction.REPORT_PRINT, "report", args.kind, summary)
    print(f"Saved {out}.")
    return EXIT_OK
