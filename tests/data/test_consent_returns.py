"""Online consent returns: matched to pupils by name, year and class; ambiguous and unknown rows never guessed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from smgov.data import audit
from smgov.data.errors import ValidationError
from smgov.data.importers import consent_returns as returns
from smgov.data.models import AuditEvent, ConsentChange, ConsentEntry, ConsentStatus, ImportMapping, Pupil
from smgov.data.services import consent
from smgov.data.verify import verify
from smgov.data.workspace import Workspace

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
TODAY = dt.date(2026, 12, 1)
HEADER = (
    "Timestamp,Child's name,Year group,Class,Photos in school displays,Photos on school website,"
    "Photos on school social media,Videos on school social media,Any restrictions,"
    "Name of person with parental responsibility,Relationship to child"
)


def add_pupils(workspace: Workspace, rows: list[dict[str, str]], *, on_roll: bool = True) -> dict[str, int]:
    """Pupils from Arbor-style rows; returns admission number -> id."""
    ids: dict[str, int] = {}
    with workspace.write() as session:
        for row in rows:
            pupil = Pupil(
                legal_first_name=row["Legal first name"],
                legal_last_name=row["Legal last name"],
                preferred_first_name=row.get("Preferred first name", ""),
                year_group=row["Year group"],
                class_name=row["Registration form"],
                admission_number=row["Admission number"],
                upn=row.get("UPN", ""),
                on_roll=on_roll,
                off_roll_on=None if on_roll else dt.date(2026, 7, 20),
            )
            session.add(pupil)
            session.flush()
            ids[pupil.admission_number] = pupil.id
        audit.record(session, "pupil.import", "pupil", None, "test pupils")
    return ids


def arbor() -> list[dict[str, str]]:
    text = (SAMPLES / "arbor-students-head.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def pupil(first: str, last: str, year: str, form: str, number: str, preferred: str = "") -> dict[str, str]:
    return {
        "Legal first name": first,
        "Legal last name": last,
        "Preferred first name": preferred,
        "Year group": year,
        "Registration form": form,
        "Admission number": number,
    }


def sample() -> bytes:
    return (SAMPLES / "consent-returns-2026-27-head.csv").read_bytes()


def file_of(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *lines)) + "\n").encode("utf-8")


def keys_of(workspace: Workspace) -> dict[int, str]:
    return {p.id: p.key for p in consent.purposes(workspace, include_retired=True)}


def test_the_sample_returns_match_the_arbor_pupils(workspace: Workspace) -> None:
    ids = add_pupils(workspace, arbor())
    result = returns.preview(workspace, sample(), today=TODAY)
    assert result.academic_year == 2026
    assert result.mapping.fields["name"] == "Child's name"
    assert result.mapping.fields["given_by"] == "Name of person with parental responsibility"
    assert result.mapping.purposes == {
        "Photos in school displays": "school_displays",
        "Photos on school website": "website",
        "Photos on school social media": "social_photos",
        "Videos on school social media": "social_videos",
    }
    assert not result.problems and not result.ignored_columns
    assert len(result.matched) == 24 and not result.to_review and not result.unmatched and not result.refused
    oisin = next(m for m in result.matched if m.pupil.pupil_id == ids["000696"])
    keys = keys_of(workspace)
    statuses = {keys[p]: s for p, s in oisin.row.statuses.items()}
    assert statuses["school_displays"] == (ConsentStatus.REFUSED, "")
    assert statuses["social_photos"] == (ConsentStatus.RESTRICTED, "Not on Facebook")
    assert (oisin.row.given_by, oisin.row.relationship, oisin.row.parental_responsibility) == (
        "Anaïs Khan",
        "Grandparent",
        True,
    )
    carer = next(m for m in result.matched if m.row.relationship == "Carer")
    assert carer.row.parental_responsibility is False

    done = returns.import_returns(workspace, result, today=TODAY)
    assert (done.returns, done.amendments, done.chosen) == (24, 0, 0)
    standing = consent.standing_on(workspace, ids["000696"], dt.date(2026, 9, 8))
    by_key = {keys[p]: s for p, s in standing.items()}
    assert by_key["social_photos"].restriction == "Not on Facebook"
    assert by_key["press"].status is ConsentStatus.NOT_RETURNED  # not asked on this form
    with workspace.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "consent.import")).all()
        assert len(events) == 1
        assert "24 online consent return(s)" in events[0].summary and "Khan" not in events[0].summary
        entry = session.scalars(select(ConsentEntry).where(ConsentEntry.pupil_id == ids["000696"])).first()
        assert entry is not None and entry.received_on == dt.date(2026, 9, 7)
        assert entry.effective_on == dt.date(2026, 9, 7) and entry.method.value == "online"
        assert session.scalar(select(func.count()).select_from(ImportMapping)) == 1
    assert verify(workspace).ok

    # the same file again: nothing new; a changed answer is an amendment, not a second return
    again = returns.preview(workspace, sample(), today=TODAY)
    assert again.remembered and len(again.already_recorded) == 24 and not again.matched
    changed = file_of("2026-10-02 10:00,Oisin Khan,Year 4,4C,Yes,Yes,No,No,,Anaïs Khan,Grandparent (PR)")
    amended = returns.preview(workspace, changed, today=TODAY)
    assert [m.change for m in amended.matched] == [ConsentChange.AMENDMENT]
    assert "amendment" in amended.matched[0].note
    returns.import_returns(workspace, amended, today=TODAY)
    after = consent.standing_on(workspace, ids["000696"], dt.date(2026, 10, 2))
    assert {keys[p]: s.status for p, s in after.items()}["social_photos"] is ConsentStatus.REFUSED


def test_accents_case_preferred_names_and_a_typo_are_matched(workspace: Workspace) -> None:
    ids = add_pupils(
        workspace,
        [
            pupil("Oisín", "Khan", "Year 4", "4C", "1"),
            pupil("Oliver", "Ferreira", "Year 6", "6C", "2", preferred="Ollie"),
            pupil("Siobhán", "Van der Berg", "Year 6", "6B", "3"),
            pupil("Zoë", "Hughes", "Year 1", "1A", "4"),
            pupil("Zoë", "Hughes", "Year 6", "6B", "5"),
        ],
    )
    data = file_of(
        "2026-09-07 21:55,OISIN KHAN,4,4c,Yes,Yes,Yes,Yes,,Anaïs Khan,Mother",
        "2026-09-08 20:23,Ollie Ferreira,Year 6,6C,Yes,Yes,Yes,Yes,,A Ferreira,Father",
        "2026-09-12 14:17,Siobhan Van der Burg,Y6,6B,Yes,No,No,Yes,none,T Van der Berg,Father",
        "10/09/2026 14:41:00,Zoe Hughs,Year 1,1A,No,Yes,Yes,Yes,,O Hughes,Father",
    )
    result = returns.preview(workspace, data, today=TODAY)
    assert not result.to_review and not result.refused
    assert [m.pupil.pupil_id for m in result.matched] == [ids["1"], ids["2"], ids["3"], ids["4"]]
    assert result.matched[2].pupil.score < 100 and result.matched[2].row.statuses  # a typo, still sure
    assert all(s == "" for (s,) in [(r,) for _s, r in result.matched[2].row.statuses.values()])  # "none" is none


def test_ambiguous_and_unknown_rows_go_to_review_never_guessed(workspace: Workspace) -> None:
    ids = add_pupils(
        workspace,
        [
            pupil("Henry", "Evans", "Year 5", "5F", "1"),
            pupil("Henry", "Evans", "Year 5", "5F", "2"),
            pupil("Aaliyah", "Patel", "Year 1", "1E", "3"),
            pupil("Aaliyah", "Patel", "Year 1", "1B", "4"),
            pupil("Mia", "Li", "Year 3", "3A", "5"),
            pupil("Grace", "Kowalski", "Year 5", "5A", "6"),
        ],
    )
    add_pupils(workspace, [pupil("Theo", "Ali", "Year 6", "6A", "9")], on_roll=False)
    data = file_of(
        "2026-09-10 18:00,Henry Evans,Year 5,5F,Yes,Yes,Yes,Yes,,P Evans,Mother",  # two of that name in 5F
        "2026-09-10 18:01,Aaliyah Patell,Year 1,,Yes,Yes,Yes,Yes,,P Patel,Mother",  # typo, class not given
        "2026-09-10 18:02,Aaliyah Patel,Year 1,1B,Yes,Yes,Yes,Yes,,P Patel,Mother",  # class tells them apart
        "2026-09-10 18:03,Mia Lee,Year 3,3A,Yes,Yes,Yes,Yes,,P Li,Mother",  # too short to be sure
        "2026-09-10 18:04,Grace Kowalski,Year 5,5B,Yes,Yes,Yes,Yes,,P Kowalski,Mother",  # on roll in another class
        "2026-09-10 18:05,Theo Ali,Year 6,6A,Yes,Yes,Yes,Yes,,P Ali,Father",  # has left
        "2026-09-10 18:06,Nobody Known,Year 2,2B,Yes,Yes,Yes,Yes,,P Known,Father",
    )
    result = returns.preview(workspace, data, today=TODAY)
    assert [m.pupil.pupil_id for m in result.matched] == [ids["4"]]
    review = {r.row.line: r for r in result.to_review}
    assert sorted(review) == [2, 3, 5, 6]
    assert "2 pupils of this name" in review[2].reason and {c.pupil_id for c in review[2].candidates} == {
        ids["1"],
        ids["2"],
    }
    assert "close" in review[3].reason and len(review[3].candidates) == 2
    assert review[5].candidates[0].pupil_id == ids["5"] and "not close enough" in review[5].reason
    assert "on roll in 5A, not in Year 5 5B" in review[6].reason
    gone = {u.row.line: u for u in result.unmatched}
    assert gone[7].not_on_roll and "not on roll (left on 20/07/2026)" in gone[7].reason
    assert "No pupil of this name" in gone[8].reason

    with pytest.raises(ValidationError, match="not one to review"):
        returns.import_returns(workspace, result, {4: ids["4"]}, today=TODAY)
    done = returns.import_returns(workspace, result, {2: ids["2"], 6: ids["6"]}, today=TODAY)
    assert (done.returns, done.chosen) == (3, 2)
    assert consent.standing_on(workspace, ids["1"], dt.date(2026, 9, 11))  # still not returned
    assert all(s.status is ConsentStatus.NOT_RETURNED for s in consent.standing_on(workspace, ids["1"], TODAY).values())


def test_two_returns_for_one_pupil_in_a_file_are_a_return_and_an_amendment(workspace: Workspace) -> None:
    add_pupils(workspace, [pupil("Priya", "Jones", "Year 4", "4A", "1")])
    data = file_of(
        "2026-09-20 10:00,Priya Jones,Year 4,4A,No,No,No,No,,Isabella Jones,Carer",
        "2026-09-10 18:22,Priya Jones,Year 4,4A,Yes,No,Yes,Yes,,Isabella Jones,Carer",
    )
    result = returns.preview(workspace, data, today=TODAY)
    changes = {m.row.line: m.change for m in result.matched}
    assert changes == {3: ConsentChange.RETURN, 2: ConsentChange.AMENDMENT}
    done = returns.import_returns(workspace, result, today=TODAY)
    assert (done.returns, done.amendments) == (1, 1)


def test_refused_rows_say_why_and_hostile_cells_stay_text(workspace: Workspace) -> None:
    ids = add_pupils(
        workspace, [pupil("Priya", "Jones", "Year 4", "4A", "1"), pupil("Kacper", "White", "Reception", "RA", "2")]
    )
    data = file_of(
        "",
        "2026-09-10 18:22,,Year 4,4A,Yes,No,Yes,Yes,,Isabella Jones,Carer",
        "not a date,Priya Jones,Year 4,4A,Yes,No,Yes,Yes,,Isabella Jones,Carer",
        "2026-09-10 18:22,Priya Jones,Year 4,4A,Maybe,No,Yes,Yes,,Isabella Jones,Carer",
        "2026-09-10 18:22,Priya Jones,Year 4,4A,,,,,,Isabella Jones,Carer",
        "2026-09-10 18:22,Priya Jones,Year 4,4A,Yes,No,Yes,Yes,,,Carer",
        "2027-10-20 18:22,Priya Jones,Year 4,4A,Yes,No,Yes,Yes,,Isabella Jones,Carer",
        "2027-09-10 18:22,Priya Jones,Year 4,4A,Yes,No,Yes,Yes,,Isabella Jones,Carer",
        ",,,,,,,,,,",
        "2026-09-17 20:15,Kacper White,Reception,RA,Yes,Yes,Yes,Yes,"
        '"=HYPERLINK(""http://x"",""y"")",<b>Jayden</b>\'); DROP TABLE pupil;--,Carer',
    )
    later = dt.date(2027, 10, 1)
    result = returns.preview(workspace, data, academic_year=2026, today=later)
    reasons = {r.line: r.reason for r in result.refused}
    assert reasons == {
        3: "The child's name is blank.",
        4: "'not a date' is not a date (use dd/mm/yyyy or yyyy-mm-dd).",
        5: "'Maybe' is not Yes or No (Photos in school displays).",
        6: "No consent question is answered.",
        7: "The parent or carer's name is blank.",
        8: "The date is in the future.",
        9: "Received after the 2026-27 school year ended.",
    }
    assert len(result.matched) == 1
    hostile = result.matched[0].row
    assert hostile.given_by == "<b>Jayden</b>'); DROP TABLE pupil;--"
    returns.import_returns(workspace, result, today=later)
    entries = consent.history(workspace, ids["2"])
    assert entries[0].given_by == "<b>Jayden</b>'); DROP TABLE pupil;--"
    assert {e.restriction for e in entries} == {'=HYPERLINK("http://x","y")'}
    assert verify(workspace).ok


def test_bad_files_are_refused_with_a_plain_message(workspace: Workspace) -> None:
    add_pupils(workspace, arbor())
    with pytest.raises(ValidationError, match="not a CSV file"):
        returns.preview(workspace, b"PK\x03\x04\x00\x00binary\x00" * 50, today=TODAY)
    with pytest.raises(ValidationError, match="empty"):
        returns.preview(workspace, b"  \n", today=TODAY)
    with pytest.raises(ValidationError, match="no column for the child's name"):
        returns.preview(workspace, b"Colour,Shape\nred,round\n", today=TODAY)
    # unknown columns are listed and left out; with no consent question the preview says so
    odd = returns.preview(
        workspace,
        file_of(
            "2026-09-10 18:22,Priya Jones,Year 4,4A,red,x@y.z", header="Timestamp,Child's name,Year,Class,Colour,Email"
        ),
        today=TODAY,
    )
    assert odd.ignored_columns == ["Colour", "Email"]
    assert odd.problems and "No column is recognised" in odd.problems[0]
    assert [r.reason for r in odd.refused] == ["No consent question is answered."]


def test_the_mapping_can_be_corrected_and_is_remembered(workspace: Workspace) -> None:
    ids = add_pupils(workspace, arbor())
    header = "Submitted,Pupil first name,Pupil surname,Year,Form,Photos in the yearbook,Filming at events,Parent name"
    data = file_of("07/09/2026 21:55,Oisín,Khan,Year 4,4C,Yes,No,Anaïs Khan", header=header)
    first = returns.preview(workspace, data, today=TODAY)
    assert first.mapping.fields["first_name"] == "Pupil first name"
    assert first.mapping.fields["last_name"] == "Pupil surname"
    assert first.mapping.fields["given_by"] == "Parent name"
    assert first.mapping.purposes == {} and not first.remembered
    corrected = returns.ConsentMapping(
        first.mapping.fields, {"Photos in the yearbook": "prospectus", "Filming at events": "social_videos"}
    )
    second = returns.preview(workspace, data, mapping=corrected, today=TODAY)
    assert second.matched[0].pupil.pupil_id == ids["000696"]
    returns.import_returns(workspace, second, today=TODAY)
    third = returns.preview(workspace, data, today=TODAY)
    assert third.remembered and third.mapping.purposes == corrected.purposes


def test_a_windows_1252_file_and_a_repeated_row(workspace: Workspace) -> None:
    ids = add_pupils(
        workspace, [pupil("Oisín", "Khan", "Year 4", "4C", "1"), pupil("Renée", "Wilson", "Year 2", "2E", "2")]
    )
    lines = [
        "2026-09-07 21:55;Oisín Khan;Year 4;4C;No;Yes;Yes;Yes;Not on Facebook;Anaïs Khan;Grandparent (PR)",
        "2026-09-04 19:50;Renée Wilson;Year 2;2E;Yes;Yes;Yes;Yes;;Luca Wilson;Mother",
        "2026-09-07 21:55;Oisín Khan;Year 4;4C;No;Yes;Yes;Yes;Not on Facebook;Anaïs Khan;Grandparent (PR)",
    ]
    data = ("\r\n".join((HEADER.replace(",", ";"), *lines)) + "\r\n").encode("cp1252")
    result = returns.preview(workspace, data, today=TODAY)
    assert [m.pupil.pupil_id for m in result.matched] == [ids["1"], ids["2"]]
    assert result.matched[0].row.given_by == "Anaïs Khan"  # kept exactly
    assert [(r.line, r.reason) for r in result.refused] == [(4, "The same return as line 2.")]
    assert result.matched[1].row.parental_responsibility  # a mother
