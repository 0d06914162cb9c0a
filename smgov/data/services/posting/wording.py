"""Wording the posting modules share: dates and counts in words, and a pupil as the check shows one (by
reference and short name, never in full)."""

from __future__ import annotations

import datetime as dt

from smgov.data.models import Pupil
from smgov.data.words import plural as plural  # (the posting modules take it from here)


def day_text(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def lower_first(label: str) -> str:
    """ "Social media videos" -> "social media videos" (an acronym such as "PE" stays)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def short_name(pupil: Pupil) -> str:
    first = pupil.preferred_first_name or pupil.legal_first_name
    initial = pupil.legal_last_name.strip()[:1]
    return f"{first} {initial}.".strip() if initial else first


def pupil_reference(pupil: Pupil) -> str:
    return pupil.admission_number or pupil.upn or f"pupil {pupil.id}"
