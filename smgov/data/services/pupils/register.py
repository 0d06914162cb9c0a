"""The register as the app reads it: pupils listed, found and grouped by year group and class; year groups
normalised and put in school order."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data.errors import ValidationError
from smgov.data.models import Pupil
from smgov.data.workspace import Workspace

YEAR_GROUPS = ["Nursery", "Reception", *(f"Year {n}" for n in range(1, 14))]
_YEAR = re.compile(r"^(?:y(?:ea)?r?\s*|year\s*|ncy\s*)?(\d{1,2})$")


def normalise_year_group(text: str) -> str:
    """ "Y4", "4", "yr 4", "Year 04", "NCY 4" -> "Year 4"; "R", "Rec", "YR" -> "Reception"; "N", "N1", "Nur" ->
    "Nursery". Anything else is kept as given (tidied), so nothing is lost."""
    cleaned = " ".join(str(text).split()).strip()
    key = cleaned.lower().replace(".", "")
    if key in ("r", "rec", "reception", "yr", "year r", "fs2", "f2", "foundation 2", "year 0", "0"):
        return "Reception"
    if key in ("n", "n1", "n2", "nur", "nursery", "fs1", "f1", "foundation 1", "pre-school", "preschool"):
        return "Nursery"
    match = _YEAR.match(key)
    if match and 1 <= int(match.group(1)) <= 13:
        return f"Year {int(match.group(1))}"
    return cleaned


def year_order(year_group: str) -> int:
    """Where a year group sorts: Nursery, Reception, Year 1 ... Year 13, then anything else."""
    try:
        return YEAR_GROUPS.index(year_group)
    except ValueError:
        return len(YEAR_GROUPS)


@dataclass(frozen=True)
class PupilRow:
    id: int
    upn: str
    admission_number: str
    legal_first_name: str
    legal_last_name: str
    preferred_first_name: str
    year_group: str
    class_name: str
    date_of_birth: dt.date | None
    on_roll: bool
    off_roll_on: dt.date | None
    never_publish: bool

    @property
    def first_name(self) -> str:
        """The name the pupil goes by."""
        return self.preferred_first_name or self.legal_first_name

    @property
    def shown_name(self) -> str:
        """Preferred first name and surname, as staff know the pupil."""
        return f"{self.first_name} {self.legal_last_name}".strip()

    @property
    def sort_key(self) -> tuple[int, str, str, str]:
        return (year_order(self.year_group), self.class_name, self.legal_last_name.casefold(), self.first_name)

    @property
    def reference(self) -> str:
        """How the pupil is named where a name must not be: the admission number, else the UPN."""
        return self.admission_number or self.upn or f"pupil {self.id}"


def pupil_row(pupil: Pupil) -> PupilRow:
    return PupilRow(
        pupil.id,
        pupil.upn,
        pupil.admission_number,
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.preferred_first_name,
        pupil.year_group,
        pupil.class_name,
        pupil.date_of_birth,
        pupil.on_roll,
        pupil.off_roll_on,
        pupil.never_publish,
    )


def list_pupils(workspace: Workspace, *, include_off_roll: bool = False) -> list[PupilRow]:
    """Every pupil (on roll unless asked), in year, class and name order. The views filter in memory."""
    with workspace.read() as session:
        return _list(session, include_off_roll=include_off_roll)


def _list(session: Session, *, include_off_roll: bool = False) -> list[PupilRow]:
    query = select(Pupil)
    if not include_off_roll:
        query = query.where(Pupil.on_roll.is_(True))
    return sorted((pupil_row(p) for p in session.scalars(query)), key=lambda r: r.sort_key)


def get_pupil(workspace: Workspace, pupil_id: int) -> PupilRow:
    with workspace.read() as session:
        return pupil_row(load_pupil(session, pupil_id))


def load_pupil(session: Session, pupil_id: int) -> Pupil:
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise ValidationError("That pupil is not on the register.", field="pupil")
    return pupil


def find_pupil(workspace: Workspace, reference: str) -> PupilRow:
    """A pupil by admission number or UPN, as typed (case and spaces do not matter; leading zeros do)."""
    wanted = "".join(str(reference).split()).upper()
    if not wanted:
        raise ValidationError("Give the pupil's admission number or UPN.", field="pupil")
    with workspace.read() as session:
        found = session.scalars(select(Pupil).where((Pupil.admission_number == wanted) | (Pupil.upn == wanted))).all()
    if not found:
        raise ValidationError(f"No pupil has the admission number or UPN {wanted[:40]}.", field="pupil")
    if len(found) > 1:
        raise ValidationError(f"{len(found)} pupils match {wanted[:40]}: use the UPN.", field="pupil")
    return pupil_row(found[0])


def classes(workspace: Workspace) -> list[tuple[str, str]]:
    """(year group, class) of the pupils on roll, in school order."""
    with workspace.read() as session:
        pairs = {
            (row[0], row[1])
            for row in session.execute(select(Pupil.year_group, Pupil.class_name).where(Pupil.on_roll.is_(True)))
        }
    return sorted(pairs, key=lambda pair: (year_order(pair[0]), pair[1]))
