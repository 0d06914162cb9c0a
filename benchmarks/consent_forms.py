"""Consent document figures: a class batch of 30 pre-filled consent forms (budget 2 s), from plain values and from a
workspace, the blank form, and the do-not-publish list, chase list and summary for a class of 30 and a school of 420.

Run: .venv/bin/python benchmarks/consent_forms.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import median_of, report, timed
from smgov.data import audit
from smgov.data.models import ConsentChange, ConsentMethod, ConsentStatus, Pupil
from smgov.data.services import consent
from smgov.data.workspace import Workspace
from smgov.documents import consent as documents
from smgov.reports.consent_forms import FormPupil, consent_form_pdf
from smgov.reports.pdf import Letterhead

PASSPHRASE = "benchmark passphrase for timing only"
CLASSES = [f"{year}{letter}" for year in range(1, 7) for letter in "ABC"] + ["RA", "RB", "RC"]  # 21 classes of 20-30


def fill(workspace: Workspace) -> None:
    """420 pupils in 21 classes (30 in 4C), a form returned for two in three of them."""
    with workspace.write() as session:
        count = 0
        for class_name in CLASSES:
            size = 30 if class_name == "4C" else 19
            for n in range(size):
                count += 1
                session.add(
                    Pupil(
                        legal_first_name=f"Pupil{n}",
                        legal_last_name=f"Surname-{class_name}-{n}",
                        admission_number=f"{count:06d}",
                        upn=f"H{count:06d}",
                        year_group="Reception" if class_name.startswith("R") else f"Year {class_name[0]}",
                        class_name=class_name,
                    )
                )
        audit.record(session, "pupil.import", "pupil", None, "benchmark pupils")
    purposes = consent.purposes(workspace)
    with workspace.read() as session:
        ids = list(session.scalars(Pupil.__table__.select().with_only_columns(Pupil.id)))
    for index, pupil_id in enumerate(ids):
        if index % 3 == 0:
            continue
        statuses = {
            p.id: (ConsentStatus.GRANTED if (index + p.id) % 4 else ConsentStatus.REFUSED, "") for p in purposes
        }
        consent.record_consent(
            workspace,
            consent.ConsentInput(
                pupil_id=pupil_id,
                academic_year=consent.academic_year_of(dt.date.today()),
                change=ConsentChange.RETURN,
                statuses=statuses,
                received_on=dt.date.today(),
                method=ConsentMethod.PAPER,
                given_by="A parent",
            ),
        )


def main() -> None:
    head = Letterhead("Benchmark Primary School")
    pupils = [FormPupil(f"Pupil {n} Surname-{n}", "Year 4", "4C") for n in range(30)]
    seconds, pdf = timed(lambda: consent_form_pdf(head, pupils=pupils, academic_year="2026-27"))
    report("Class batch of 30 consent forms, plain values (first)", seconds, budget=2.0, extra=f"{len(pdf) // 1024} KB")
    report(
        "Class batch of 30 consent forms, plain values (median of 3)",
        median_of(3, lambda: consent_form_pdf(head, pupils=pupils, academic_year="2026-27")),
        budget=2.0,
    )
    report("Blank consent form (median of 5)", median_of(5, lambda: consent_form_pdf(head)))
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace.create(Path(folder) / "consent.smgov", PASSPHRASE, "Benchmark Primary School")
        try:
            seconds, _ = timed(lambda: fill(workspace))
            report("Fill 420 pupils, 280 returns (setup)", seconds)
            report(
                "Class batch of 30 from the workspace (median of 3)",
                median_of(3, lambda: documents.consent_forms_for_class(workspace, "4C")),
                budget=2.0,
            )
            report(
                "Do-not-publish list, class of 30",
                median_of(3, lambda: documents.do_not_publish_list(workspace, class_name="4C")),
            )
            report("Do-not-publish list, school of 420", median_of(3, lambda: documents.do_not_publish_list(workspace)))
            report("Chase list, school of 420", median_of(3, lambda: documents.chase_list(workspace)))
            report(
                "Consent summary, class of 30",
                median_of(3, lambda: documents.consent_summary(workspace, class_name="4C")),
            )
            report(
                "Consent summary, school of 420 (21 pages)", median_of(3, lambda: documents.consent_summary(workspace))
            )
            report(
                "Consent export XLSX, 420 x 6 rows",
                median_of(3, lambda: documents.export_consent(workspace, "xlsx", True)),
            )
            report(
                "Consent export CSV, 420 x 6 rows",
                median_of(3, lambda: documents.export_consent(workspace, "csv", True)),
            )
        finally:
            workspace.close()


if __name__ == "__main__":
    main()
