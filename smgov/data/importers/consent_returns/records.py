"""The dataclasses the import reads rows into and the preview returns to the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smgov.data.importers.consent_returns.mapping import ConsentMapping
from smgov.data.models import ConsentChange, ConsentStatus
from smgov.data.services.consent import PurposeRow


@dataclass(frozen=True)
class Candidate:
    pupil_id: int
    name: str  # preferred first name and surname
    year_group: str
    class_name: str
    score: int  # how alike the names are, 0-100
    on_roll: bool = True
    reference: str = ""  # admission number or UPN: tells two pupils of one name apart
    date_of_birth: dt.date | None = None


@dataclass
class ReturnRow:
    """One row of the file, read."""

    line: int
    name: str  # as written (tidied)
    year_group: str
    class_name: str
    received_at: dt.datetime
    statuses: dict[int, tuple[ConsentStatus, str]]  # purpose id -> (status, restriction)
    given_by: str
    relationship: str
    parental_responsibility: bool

    @property
    def received_on(self) -> dt.date:
        return self.received_at.date()


@dataclass
class MatchedRow:
    row: ReturnRow
    pupil: Candidate
    change: ConsentChange = ConsentChange.RETURN
    note: str = ""  # "Already has a return for 2026-27: recorded as an amendment."


@dataclass
class ReviewRow:
    row: ReturnRow
    reason: str
    candidates: list[Candidate]


@dataclass
class UnmatchedRow:
    row: ReturnRow
    reason: str
    not_on_roll: bool = False  # names a pupil who has left (or is not on the register)


@dataclass(frozen=True)
class RefusedRow:
    line: int
    name: str  # as written, for the user to find the row
    reason: str


@dataclass
class ConsentPreview:
    academic_year: int
    headers: list[str]
    mapping: ConsentMapping
    signature: str
    remembered: bool  # the mapping came from an earlier import of a file with these columns
    purposes: list[PurposeRow]  # the active purposes the Yes/No columns can map to
    ignored_columns: list[str]
    problems: list[str]  # about the whole file ("No column holds a consent question ...")
    matched: list[MatchedRow] = field(default_factory=list)
    to_review: list[ReviewRow] = field(default_factory=list)
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    already_recorded: list[MatchedRow] = field(default_factory=list)  # the same return is already in the register

    @property
    def amendments(self) -> int:
        return sum(1 for m in self.matched if m.change is ConsentChange.AMENDMENT)

    def summary(self) -> str:
        parts = [
            f"{len(self.matched)} matched",
            f"{len(self.to_review)} to review",
            f"{len(self.unmatched)} not matched",
            f"{len(self.refused)} refused",
        ]
        if self.already_recorded:
            parts.append(f"{len(self.already_recorded)} already recorded")
        return ", ".join(parts)
