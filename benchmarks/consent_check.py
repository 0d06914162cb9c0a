"""The consent check's figures: "Can I post this?" for a class of 30 on a workspace of 10,000 pupils with a year of
consent (budget 50 ms, the slowest of 20 runs), with and without a caption (checked against every pupil's full
name: the first caption check of a file folds every name once, timed on its own; see posting.prepare_caption_check).

Run: .venv/bin/python benchmarks/consent_check.py
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import report, timed
from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.models import (
    Account,
    AccountStatus,
    ConsentChange,
    ConsentEntry,
    ConsentMethod,
    ConsentStatus,
    PostMedia,
    Pupil,
)
from smgov.data.models.accounts import Platform
from smgov.data.services import consent, posting
from smgov.data.workspace import Workspace

PASSPHRASE = "benchmark passphrase for consent checks"
PUPILS = 10_000
CLASS_SIZE = 30
BUDGET = 0.050
FIRST = ["Oisín", "Amelia", "Zoë", "Jack", "Leo", "Ava", "Mohammed", "Isla", "Noah", "Freya", "Aarav", "Chloé"]
LAST = ["Khan", "Smith", "Brontë", "Jones", "Patel", "Nowak", "O'Brien", "Williams", "Taylor", "Müller", "Ahmed"]


def fill(workspace: Workspace) -> None:
    """10,000 pupils in classes of 30, each with a return for every purpose and some amendments and withdrawals,
    in one audited unit of work."""
    rng = random.Random(11)
    purposes = consent.purposes(workspace)
    year = 2026
    with workspace.write() as session:
        session.add(
            Account(platform=Platform.FACEBOOK, handle="school", handle_key="school", status=AccountStatus.ACTIVE)
        )
        pupils = [
            Pupil(
                admission_number=f"{n:06d}",
                upn=f"A{n:012d}",
                legal_first_name=rng.choice(FIRST),
                legal_last_name=rng.choice(LAST) + ("" if n % 7 else f"-{rng.choice(LAST)}"),
                year_group=f"Year {1 + (n // CLASS_SIZE) % 6}",
                class_name=f"C{n // CLASS_SIZE:03d}",
            )
            for n in range(PUPILS)
        ]
        session.add_all(pupils)
        session.flush()
        entries = []
        for pupil in pupils:
            for purpose in purposes:
                status = rng.choices(
                    [ConsentStatus.GRANTED, ConsentStatus.RESTRICTED, ConsentStatus.REFUSED], [8, 1, 1]
                )[0]
                entries.append(
                    ConsentEntry(
                        pupil_id=pupil.id,
                        academic_year=year,
                        purpose_id=purpose.id,
                        change=ConsentChange.RETURN,
                        status=status,
                        restriction="first name only" if status is ConsentStatus.RESTRICTED else "",
                        effective_on=dt.date(year, 9, 10),
                        given_by="A Parent",
                        method=ConsentMethod.PAPER,
                        received_on=dt.date(year, 9, 10),
                    )
                )
            if rng.random() < 0.05:
                entries.append(
                    ConsentEntry(
                        pupil_id=pupil.id,
                        academic_year=year,
                        purpose_id=purposes[2].id,
                        change=ConsentChange.WITHDRAWAL,
                        status=ConsentStatus.REFUSED,
                        effective_on=dt.date(year, 11, 3),
                        given_by="A Parent",
                        method=ConsentMethod.LETTER,
                        received_on=dt.date(year, 11, 3),
                        note="Letter in the office file",
                    )
                )
        session.add_all(entries)
        audit.record(session, AuditAction.CONSENT_IMPORT, "pupil", None, f"Benchmark: {len(entries):,} entries")


def time_check(workspace: Workspace, label: str, pupil_ids: list[int], caption: str) -> None:
    account = 1
    runs = []
    for _ in range(20):
        seconds, _ = timed(
            lambda: posting.check(workspace, pupil_ids, PostMedia.PHOTO, account, dt.date(2027, 3, 1), caption)
        )
        runs.append(seconds)
    report(f"{label}: slowest of 20", max(runs), BUDGET)
    report(f"{label}: median of 20", statistics.median(runs))


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="smgov-bench-"))
    try:
        workspace = Workspace.create(folder / "consent.smgov", PASSPHRASE, "Benchmark School")
        seconds, _ = timed(lambda: fill(workspace))
        report(f"fill {PUPILS:,} pupils and a year of consent (one unit)", seconds)
        pupil_ids = posting.pupils_in_class(workspace, "C123")
        assert len(pupil_ids) == CLASS_SIZE
        time_check(workspace, "check a class of 30, no caption", pupil_ids, "")
        seconds, _ = timed(
            lambda: posting.check(workspace, pupil_ids, PostMedia.PHOTO, 1, dt.date(2027, 3, 1), "Amelia Smith")
        )
        report("first caption check (folds 10,000 names, once a file)", seconds)
        time_check(workspace, "check a class of 30, with a caption", pupil_ids, "Well done Amelia Smith and C123!")
        workspace.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
