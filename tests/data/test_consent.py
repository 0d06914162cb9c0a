"""Consent: the status on any date comes from an append-only history, never retroactive; withdrawals open takedowns."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from smgov.data.errors import ValidationError
from smgov.data.models import (
    ConsentChange,
    ConsentMethod,
    ConsentStatus,
    PostMedia,
    Publication,
    PublicationPupil,
    Pupil,
    Takedown,
)
from smgov.data.services import consent, pupils
from smgov.data.verify import verify
from smgov.data.workspace import Workspace

YEAR = 2026


def add_pupil(workspace: Workspace, first: str = "Oisín", last: str = "Khan", admission: str = "000696") -> int:
    with workspace.write() as session:
        pupil = Pupil(
            legal_first_name=first,
            legal_last_name=last,
            admission_number=admission,
            upn=f"H{admission}",
            year_group="Year 4",
            class_name="4C",
        )
        session.add(pupil)
        session.flush()
        from smgov.data import audit

        audit.record(session, "pupil.import", "pupil", pupil.id, "test pupil")
        return pupil.id


def purpose_ids(workspace: Workspace) -> dict[str, int]:
    return {p.key: p.id for p in consent.purposes(workspace)}


def give(workspace: Workspace, pupil: int, change: ConsentChange, on: dt.date, **statuses: ConsentStatus) -> list[int]:
    ids = purpose_ids(workspace)
    return consent.record_consent(
        workspace,
        consent.ConsentInput(
            pupil_id=pupil,
            academic_year=YEAR,
            change=change,
            statuses={
                ids[key]: (status, "first name only" if status is ConsentStatus.RESTRICTED else "")
                for key, status in statuses.items()
            },
            received_on=on,
            method=ConsentMethod.PAPER,
            given_by="Anaïs Khan",
            relationship="Grandparent",
            note="Letter in the office file" if change is ConsentChange.WITHDRAWAL else "",
        ),
        today=dt.date(2027, 6, 1),
    )


def test_the_status_on_a_date_comes_from_the_history(workspace: Workspace) -> None:
    pupil = add_pupil(workspace)
    ids = purpose_ids(workspace)
    assert consent.standing_on(workspace, pupil, dt.date(2026, 9, 5))[ids["social_photos"]].status is (
        ConsentStatus.NOT_RETURNED
    )
    give(
        workspace,
        pupil,
        ConsentChange.RETURN,
        dt.date(2026, 9, 10),
        social_photos=ConsentStatus.GRANTED,
        website=ConsentStatus.RESTRICTED,
    )
    give(workspace, pupil, ConsentChange.WITHDRAWAL, dt.date(2026, 11, 3), social_photos=ConsentStatus.REFUSED)
    before = consent.standing_on(workspace, pupil, dt.date(2026, 11, 2))
    after = consent.standing_on(workspace, pupil, dt.date(2026, 11, 3))
    assert before[ids["social_photos"]].allows and not after[ids["social_photos"]].allows
    assert after[ids["website"]].restriction == "first name only"
    # a new academic year starts as not returned, and last year's history stays
    assert consent.standing_on(workspace, pupil, dt.date(2027, 9, 1))[ids["website"]].status is (
        ConsentStatus.NOT_RETURNED
    )
    assert [h.change for h in consent.history(workspace, pupil)].count(ConsentChange.WITHDRAWAL) == 1
    assert verify(workspace).ok


def test_a_change_is_never_retroactive_and_a_withdrawal_is_in_writing(workspace: Workspace) -> None:
    pupil = add_pupil(workspace)
    ids = purpose_ids(workspace)
    base = dict(
        pupil_id=pupil,
        academic_year=YEAR,
        received_on=dt.date(2026, 10, 1),
        method=ConsentMethod.EMAIL,
        given_by="A Parent",
    )
    with pytest.raises(ValidationError, match="not retroactive"):
        consent.record_consent(
            workspace,
            consent.ConsentInput(
                change=ConsentChange.AMENDMENT,
                statuses={ids["website"]: (ConsentStatus.REFUSED, "")},
                effective_on=dt.date(2026, 9, 1),
                **base,
            ),
            today=dt.date(2026, 10, 2),
        )
    with pytest.raises(ValidationError, match="in writing"):
        consent.record_consent(
            workspace,
            consent.ConsentInput(
                change=ConsentChange.WITHDRAWAL, statuses={ids["website"]: (ConsentStatus.REFUSED, "")}, **base
            ),
            today=dt.date(2026, 10, 2),
        )
    with pytest.raises(ValidationError, match="restriction"):
        consent.record_consent(
            workspace,
            consent.ConsentInput(
                change=ConsentChange.RETURN, statuses={ids["website"]: (ConsentStatus.RESTRICTED, " ")}, **base
            ),
            today=dt.date(2026, 10, 2),
        )
    assert consent.history(workspace, pupil) == []


def test_entries_cannot_be_edited_in_the_database(workspace: Workspace) -> None:
    pupil = add_pupil(workspace)
    give(workspace, pupil, ConsentChange.RETURN, dt.date(2026, 9, 10), website=ConsentStatus.GRANTED)
    with pytest.raises(Exception, match="append-only"), workspace.write() as session:
        session.execute(text("UPDATE consent_entry SET status = 'refused'"))


def test_a_withdrawal_opens_a_takedown_for_each_post_showing_the_pupil(workspace: Workspace) -> None:
    pupil = add_pupil(workspace)
    give(
        workspace,
        pupil,
        ConsentChange.RETURN,
        dt.date(2026, 9, 10),
        social_photos=ConsentStatus.GRANTED,
        social_videos=ConsentStatus.GRANTED,
    )
    with workspace.write() as session:
        for media in (PostMedia.PHOTO, PostMedia.VIDEO):
            post = Publication(posted_on=dt.date(2026, 10, 1), media=media, url="https://example.org/p")
            session.add(post)
            session.flush()
            session.add(PublicationPupil(publication_id=post.id, pupil_id=pupil, verdict="yes"))
        from smgov.data import audit

        audit.record(session, "publication.log", "publication", None, "two posts")
    give(workspace, pupil, ConsentChange.WITHDRAWAL, dt.date(2026, 11, 3), social_photos=ConsentStatus.REFUSED)
    with workspace.read() as session:
        takedowns = session.query(Takedown).all()
    assert len(takedowns) == 1  # the photo post only: videos are still allowed
    assert verify(workspace).ok


def test_year_groups_normalise() -> None:
    for given, wanted in [
        ("Y4", "Year 4"),
        ("4", "Year 4"),
        ("Year 04", "Year 4"),
        ("R", "Reception"),
        ("Rec", "Reception"),
        ("N1", "Nursery"),
        ("Yr 13", "Year 13"),
        ("Sixth form", "Sixth form"),
    ]:
        assert pupils.normalise_year_group(given) == wanted
    assert consent.academic_year_of(dt.date(2026, 8, 31)) == 2025
    assert consent.academic_year_of(dt.date(2026, 9, 1)) == 2026
    assert consent.year_label(2026) == "2026-27"


# -- purposes in Settings, the chase list, the grid -----------------------------------------------------------------


def events(workspace: Workspace, action: str) -> list[str]:
    from sqlalchemy import select

    from smgov.data.models import AuditEvent

    with workspace.read() as session:
        return [e.summary for e in session.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def test_purposes_are_renamed_added_retired_restored_and_reordered_never_deleted(workspace: Workspace) -> None:
    pupil = add_pupil(workspace)
    ids = purpose_ids(workspace)
    give(workspace, pupil, ConsentChange.RETURN, dt.date(2026, 9, 10), press=ConsentStatus.GRANTED)
    renamed = consent.rename_purpose(workspace, ids["press"], "  Local newspapers ")
    assert (renamed.key, renamed.label) == ("press", "Local newspapers")
    added = consent.add_purpose(workspace, "Class blog (Seesaw) – photos", media="photo")
    assert added.key == "class_blog_seesaw_photos" and consent.purposes(workspace)[-1].id == added.id
    again = consent.add_purpose(workspace, "Class blog: Seesaw photos!")
    assert again.key == "class_blog_seesaw_photos_2"
    with pytest.raises(ValidationError, match="already a purpose called Local newspapers"):
        consent.add_purpose(workspace, "local NEWSPAPERS")
    with pytest.raises(ValidationError, match="photos, videos or both"):
        consent.add_purpose(workspace, "Films", media="audio")
    with pytest.raises(ValidationError, match="Enter the purpose's name"):
        consent.rename_purpose(workspace, ids["website"], "   ")

    consent.retire_purpose(workspace, ids["press"])
    assert ids["press"] not in {p.id for p in consent.purposes(workspace)}
    assert consent.history(workspace, pupil)[0].purpose == "Local newspapers"  # the history still names it
    with pytest.raises(ValidationError, match="retired: restore it instead"):
        consent.add_purpose(workspace, "Local newspapers")
    consent.restore_purpose(workspace, ids["press"])

    order = [ids["social_videos"], ids["social_photos"]]
    rows = consent.reorder_purposes(workspace, order)
    assert [r.id for r in rows[:2]] == order and len(rows) == 8
    assert [p.id for p in consent.purposes(workspace)][:2] == order
    with pytest.raises(ValidationError, match="listed twice"):
        consent.reorder_purposes(workspace, [ids["website"], ids["website"]])
    for purpose in consent.purposes(workspace)[1:]:
        consent.retire_purpose(workspace, purpose.id)
    with pytest.raises(ValidationError, match="at least one purpose"):
        consent.retire_purpose(workspace, order[0])
    summaries = events(workspace, "consent.purposes")
    assert "Purpose press: renamed" not in summaries[0] and "renamed from Press and local media" in summaries[0]
    assert "Purposes reordered" in summaries and sum("retired" in s for s in summaries) == 8
    assert verify(workspace).ok


def test_the_chase_list_is_by_class_in_school_order(workspace: Workspace) -> None:
    from smgov.data.services import school

    def add(first: str, last: str, year: str, form: str, number: str, on_roll: bool = True) -> int:
        with workspace.write() as session:
            row = Pupil(
                legal_first_name=first,
                legal_last_name=last,
                admission_number=number,
                year_group=year,
                class_name=form,
                on_roll=on_roll,
            )
            session.add(row)
            session.flush()
            from smgov.data import audit

            audit.record(session, "pupil.import", "pupil", row.id, "test pupil")
            return row.id

    returned = add_pupil(workspace)  # Year 4, 4C
    late = add("Zoë", "Adams", "Year 4", "4C", "2")
    early = add("Kacper", "White", "Reception", "RA", "3")
    add("Left", "Already", "Year 4", "4C", "4", on_roll=False)
    add("Ava", "Brown", "Year 10", "10X", "5")
    give(workspace, returned, ConsentChange.RETURN, dt.date(2026, 9, 10), website=ConsentStatus.REFUSED)
    chase = consent.chase_list(workspace, 2026, today=dt.date(2026, 9, 30))
    assert chase.chase_from == dt.date(2026, 10, 1) and not chase.due
    assert [(c.year_group, c.class_name, c.on_roll, c.returned) for c in chase.classes] == [
        ("Reception", "RA", 1, 0),
        ("Year 4", "4C", 2, 1),
        ("Year 10", "10X", 1, 0),
    ]
    assert chase.classes[1].missing == [(late, "Zoë Adams")] and chase.not_returned == 3
    assert chase.classes[0].missing[0][0] == early
    assert consent.chase_list(workspace, 2026, today=dt.date(2026, 10, 1)).due
    # a new year: everyone on roll is to chase again; the date from Settings, in that school year
    school.update_settings(workspace, school.SettingsChange(consent_chase_after="1-15"))
    assert school.get_details(workspace).consent_chase_after == "01-15"
    later = consent.chase_list(workspace, 2027, today=dt.date(2027, 12, 1))
    assert later.chase_from == dt.date(2028, 1, 15) and not later.due and later.not_returned == 4
    for bad in ("15/01", "02-29", "13-01", "", "10-1x"):
        with pytest.raises(ValidationError, match="month-day, for example 10-01"):
            school.update_settings(workspace, school.SettingsChange(consent_chase_after=bad))
    assert "Changed consent chase date" in events(workspace, "settings.update")


def test_the_grid_folds_every_pupil_and_purpose_from_one_query(workspace: Workspace) -> None:
    one = add_pupil(workspace)
    two = add_pupil(workspace, "Priya", "Jones", "000464")
    ids = purpose_ids(workspace)
    give(
        workspace,
        one,
        ConsentChange.RETURN,
        dt.date(2026, 9, 10),
        social_photos=ConsentStatus.GRANTED,
        website=ConsentStatus.RESTRICTED,
    )
    give(workspace, one, ConsentChange.WITHDRAWAL, dt.date(2026, 11, 3), social_photos=ConsentStatus.REFUSED)
    grid = consent.grid(workspace, 2026, dt.date(2026, 11, 2))
    assert grid.pupil_ids == [two, one]  # same class: by surname, Jones before Khan
    assert grid.standing(one, ids["social_photos"]).status is ConsentStatus.GRANTED
    assert grid.standing(one, ids["website"]).restriction == "first name only"
    assert all(s.status is ConsentStatus.NOT_RETURNED for s in grid.cells[two])
    assert grid.counts[ids["social_photos"]][ConsentStatus.GRANTED] == 1
    assert grid.totals[ConsentStatus.NOT_RETURNED] == 2 * 6 - 2
    after = consent.grid(workspace, 2026, dt.date(2026, 11, 3))
    assert after.standing(one, ids["social_photos"]).status is ConsentStatus.REFUSED
    # a date outside the year is kept within it; another year starts empty
    assert consent.grid(workspace, 2026, dt.date(2030, 1, 1)).on == dt.date(2027, 8, 31)
    assert consent.grid(workspace, 2027, dt.date(2027, 9, 1)).totals[ConsentStatus.NOT_RETURNED] == 12
