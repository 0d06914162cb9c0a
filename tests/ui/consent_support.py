"""Pupils and consent for the Pupils & consent section's tests, put in through the services."""

from __future__ import annotations

import datetime as dt

from smgov.data.models.consent import ConsentChange, ConsentMethod, ConsentStatus, NeverPublishReason
from smgov.data.workspace import Workspace

HEADER = "UPN,Adno,Legal Surname,Legal Forename,Preferred Forename,Year,Reg"
PUPILS = [
    "A820000000001,000101,Okafor,Chidera,Chi,Year 3,3A",
    "A820000000002,000102,Nowak,Zofia,,Year 3,3A",
    "A820000000003,000103,Patel,Riya,,Year 4,4B",
    "A820000000004,000104,Smith,Oliver,,Year 4,4B",
]


def add_pupils(workspace: Workspace) -> dict[str, int]:
    """Four pupils on roll; this year's return for two of them (Okafor all granted but press restricted, Nowak
    refused for social media photos), Patel never published (court order). Surname -> pupil id."""
    from smgov.data.services import consent, pupils

    data = "\n".join([HEADER, *PUPILS]).encode()
    pupils.apply_import(workspace, pupils.preview_import(workspace, data, "sims.csv"))
    ids = {p.legal_last_name: p.id for p in pupils.list_pupils(workspace)}
    purposes = consent.purposes(workspace)
    year = consent.academic_year_of(dt.date.today())
    received = max(dt.date(year, 9, 1), dt.date.today() - dt.timedelta(days=3))

    def give(surname: str, statuses: dict[str, tuple[ConsentStatus, str]]) -> None:
        chosen = {p.id: statuses.get(p.key, (ConsentStatus.GRANTED, "")) for p in purposes}
        form = consent.ConsentInput(
            ids[surname],
            year,
            ConsentChange.RETURN,
            chosen,
            received,
            ConsentMethod.PAPER,
            given_by="Ada Parent",
            relationship="Mother",
        )
        consent.record_consent(workspace, form)

    press = next(p.key for p in purposes if p.key.startswith("press"))
    photos = next(p.key for p in purposes if p.social_media and p.media == "photo")
    give("Okafor", {press: (ConsentStatus.RESTRICTED, "first name only")})
    give("Nowak", {photos: (ConsentStatus.REFUSED, "")})
    pupils.set_never_publish(workspace, ids["Patel"], NeverPublishReason.COURT_ORDER, "order of 3 May")
    return ids
