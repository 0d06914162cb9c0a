"""`smgov consent check`: "Can I post this?" from the command line (the same service as the GUI's check dialog).

Pupils are named by first name and the initial of their surname, with their admission number; never in full.
Exit 0 when every pupil may be shown and the caption names nobody in full; 1 otherwise, or for bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt

from smgov.data.models import PostMedia


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from smgov.cli import _add_unlock_options

    consent = commands.add_parser("consent", help="photo and video consent: check a post before it goes out")
    actions = consent.add_subparsers(dest="consent_command", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="can I post this? a verdict per pupil and one answer",
        description="Can I post this? Prints a verdict per pupil and one answer: exit 0 when every pupil may be "
        "shown, 1 when any may not or the caption gives a pupil's full name.",
    )
    check.add_argument("file", metavar="FILE")
    check.add_argument(
        "--pupil", action="extend", nargs="+", default=[], metavar="REF", help="a pupil's admission number or UPN"
    )
    check.add_argument("--class", dest="class_name", metavar="NAME", help="every pupil on roll in this class")
    check.add_argument("--media", required=True, choices=[m.value for m in PostMedia], help="photo or video")
    check.add_argument("--account", required=True, metavar="REF", help="the account: ACC-00012 as shown, or 12")
    check.add_argument("--caption", default="", metavar="TEXT", help="the post's caption, checked for full names")
    check.add_argument("--on", metavar="YYYY-MM-DD", help="the day it will be posted (default: today)")
    _add_unlock_options(check, operator=False)
    check.set_defaults(run=cmd_consent_check)


def _day(text: str | None) -> dt.date:
    from smgov.cli import CliError

    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"--on takes a date as YYYY-MM-DD, not {text.strip()[:20]!r}.") from None


def cmd_consent_check(args: argparse.Namespace) -> int:
    from smgov.cli import EXIT_ERROR, EXIT_OK, CliError, open_workspace
    from smgov.data.references import RecordKind, parse_reference
    from smgov.data.services import posting, pupils

    if not args.pupil and not args.class_name:
        raise CliError("Name the pupils: --pupil REF (admission number or UPN) or --class NAME.")
    account_id = parse_reference(args.account, RecordKind.ACCOUNT, field="account")
    on = _day(args.on)
    with open_workspace(args) as workspace:
        pupil_ids = [pupils.find_pupil(workspace, ref).id for ref in args.pupil]
        if args.class_name:
            pupil_ids += posting.pupils_in_class(workspace, args.class_name)
        result = posting.check(workspace, pupil_ids, PostMedia(args.media), account_id, on, args.caption)
    needs = ", ".join(result.needs) or "no purpose covers it"
    print(
        f"A {result.media.value} on {result.account_reference} ({result.account_name}) on {on:%d/%m/%Y}. "
        f"Consent needed: {needs}."
    )
    if result.account_warning:
        print(f"Note: {result.account_warning}")
    for verdict in result.verdicts:
        print(f"  {verdict.short_name} ({verdict.reference}): {verdict.text}")
    for named in result.named_in_caption:
        where = "" if named.chosen else ", not in this post"
        print(f"Caption: gives the full name of {named.short_name} ({named.reference}{where}). Use first names only.")
    print(result.summary)
    return EXIT_OK if result.may_post else EXIT_ERROR
