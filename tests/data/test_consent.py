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
