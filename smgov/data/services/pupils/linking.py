"""Incidents' pupils, kept by name and year group, linked to the register where exactly one pupil matches."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.models import IncidentPerson, InvolvedKind, Pupil
from smgov.data.services.pupils.register import normalise_year_group


def name_key(text: str) -> str:
    """A name compared without case, accents, hyphens, apostrophes or extra spaces: "Oisín O'Neill-Khan" and
    "oisin oneill khan" are the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’`.]", "", plain)
    return " ".join(re.sub(r"[^\w]", " ", plain).split())


def _name_keys(pupil: Pupil) -> Iterable[str]:
    yield name_key(f"{pupil.legal_first_name} {pupil.legal_last_name}")
    if pupil.preferred_first_name:
        yield name_key(f"{pupil.preferred_first_name} {pupil.legal_last_name}")


def link_incident_pupils(session: Session) -> int:
    """Link each incident's pupil (kept by name and year group) that has no link yet to the register, where exactly
    one pupil on roll has that full name (legal or preferred first name and surname; case and accents aside) and,
    when the incident gives one, that year group. Names stay where no single pupil matches. Returns how many were
    linked. Runs inside the caller's unit of work (which records the audit event)."""
    unlinked = list(
        session.scalars(
            select(IncidentPerson).where(IncidentPerson.kind == InvolvedKind.PUPIL, IncidentPerson.pupil_id.is_(None))
        )
    )
    if not unlinked:
        return 0
    by_name: dict[str, dict[int, str]] = {}
    for pupil in session.scalars(select(Pupil).where(Pupil.on_roll.is_(True))):
        for key in _name_keys(pupil):
            by_name.setdefault(key, {})[pupil.id] = pupil.year_group
    linked = 0
    for person in unlinked:
        candidates = by_name.get(name_key(person.name), {})
        if person.year_group.strip():
            year = normalise_year_group(person.year_group)
            candidates = {pid: y for pid, y in candidates.items() if y == year}
        if len(candidates) == 1:
            person.pupil_id = next(iter(candidates))
            linked += 1
    return linked
