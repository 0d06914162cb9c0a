"""`smgov import`: staff, credentials, pupils from the MIS, and online-form consent returns; each previewed, then
saved in one unit of work (or, with --dry-run, only previewed)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from smgov.cli import EXIT_OK, EXIT_PROBLEMS, CliError, _add_unlock_options, open_workspace

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser("import", help="import staff or credentials from a CSV file")
    importer.add_argument(
        "kind",
        choices=["staff", "credentials", "pupils", "consent"],
        metavar="KIND",
        help="staff, credentials, pupils, consent (online-form returns)",
    )
    importer.add_argument("file", metavar="FILE")
    importer.add_argument(
        "csv",
        metavar="CSV",
        help="a staff list, a KeePassXC or Bitwarden CSV export, an MIS export of pupils (CSV or XLSX), or online-form "
        "consent returns",
    )
    importer.add_argument(
        "--partial",
        action="store_true",
        help="pupils: the file is not the whole school's list (nobody missing from it goes off roll)",
    )
    importer.add_argument("--dry-run", action="store_true", help="show what would change and save nothing")
    _add_unlock_options(importer)
    importer.set_defaults(run=cmd_import)


def _import_pupils(workspace: Workspace, data: bytes, filename: str, args: argparse.Namespace) -> int:
    """Pupils from an MIS export: counts, refused lines with reasons, leavers by reference (never by name)."""
    from smgov.data.services import pupils

    full = not getattr(args, "partial", False)
    preview = pupils.preview_import(workspace, data, filename, full_export=full)
    columns = ", ".join(f"{pupils.FIELD_LABELS[name]} = {header}" for name, header in preview.mapping.items())
    print(f"Read as {preview.source}: {columns}.")
    if preview.ignored_columns:
        print(f"Columns not imported: {', '.join(preview.ignored_columns)}.")
    for line, earlier in preview.duplicates:
        print(f"line {line}: skipped (the same as line {earlier})")
    for row in preview.refused:
        print(f"line {row.line}: refused: {row.reason}")
    for warning in preview.warnings:
        print(f"Warning: {warning}")
    print(
        f"{len(preview.new)} new, {len(preview.changed)} changed, {len(preview.leaving)} leaving, "
        f"{len(preview.refused)} refused ({preview.unchanged} unchanged)."
    )
    if preview.refused:
        print("Nothing was saved: correct the refused rows and import the file again.")
        return EXIT_PROBLEMS
    if getattr(args, "dry_run", False):
        print("Dry run: nothing was saved.")
        return EXIT_OK
    result = pupils.apply_import(workspace, preview)
    linked = f"; {result.incident_pupils_linked} incident pupil(s) linked" if result.incident_pupils_linked else ""
    print(f"Imported: {result.added} added, {result.changed} changed, {result.off_roll} marked off roll{linked}.")
    return EXIT_OK


def _import_consent(workspace: Workspace, data: bytes, args: argparse.Namespace) -> int:
    """Online consent returns: counts, and the lines to review or refused with why (by line and name as written)."""
    from smgov.data.importers import consent_returns
    from smgov.data.services import consent

    preview = consent_returns.preview(workspace, data)
    labels = {p.key: p.label for p in preview.purposes}
    columns = ", ".join(f"{header} = {labels.get(key, key)}" for header, key in preview.mapping.purposes.items())
    print(f"Returns for {consent.year_label(preview.academic_year)}. Questions: {columns or 'none recognised'}.")
    if preview.ignored_columns:
        print(f"Columns not imported: {', '.join(preview.ignored_columns)}.")
    for problem in preview.problems:
        print(f"Warning: {problem}")
    for item in preview.matched:
        if item.note:
            print(f"line {item.row.line}: {item.note}")
    for review in preview.to_review:
        print(f"line {review.row.line}: to review: {review.row.name[:60]}: {review.reason}")
    for unmatched in preview.unmatched:
        print(f"line {unmatched.row.line}: not matched: {unmatched.row.name[:60]}: {unmatched.reason}")
    for refused in preview.refused:
        print(f"line {refused.line}: refused: {refused.name[:60] or '(no name)'}: {refused.reason}")
    print(preview.summary() + ".")
    if getattr(args, "dry_run", False):
        print("Dry run: nothing was saved.")
        return EXIT_OK
    if not preview.matched:
        print("Nothing to import.")
        return EXIT_OK
    result = consent_returns.import_returns(workspace, preview)
    print(f"Imported {result.returns} return(s) and {result.amendments} amendment(s).")
    if preview.to_review or preview.unmatched:
        print("Rows to review or not matched were left out: match them in the app (Pupils & consent > Import).")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.csv)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise CliError(f"{source} cannot be read ({exc.strerror}).") from exc
    with open_workspace(args) as workspace:
        if args.kind == "pupils":
            return _import_pupils(workspace, data, source.name, args)
        if args.kind == "consent":
            return _import_consent(workspace, data, args)
        if args.kind == "staff":
            from smgov.data.importers import staff

            preview = staff.preview(workspace, data)
            for row in preview.rows:
                note = f": {row.message}" if row.message else ""
                print(f"line {row.line}: {row.status.value}{note}")
            added = staff.import_staff(workspace, preview)
            print(f"Imported {added} new staff; {len(preview.errors)} row(s) with problems were left out.")
        else:
            from smgov.data.importers import credentials

            rows = credentials.preview(workspace, data)
            for item in rows:
                where = f" -> {item.account_name}" if item.account_name else ""
                note = f": {item.reason_text()}" if item.left_out_reason else ""
                print(f"line {item.line}: {'left out' if note else item.status.value}{where}{note}")
            added = credentials.import_credentials(workspace, rows)
            left_out = credentials.left_out_text(rows)
            print(f"Imported {added} credential(s)" + (f"; {left_out}." if left_out else "."))
            if any(r.is_duplicate for r in rows):
                print("Rows for the same account were all left out: to add one, import a file holding only that row.")
            print(credentials.DELETE_REMINDER)
    return EXIT_OK
