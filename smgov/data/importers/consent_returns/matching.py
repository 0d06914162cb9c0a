"""Matching a row's name, year group and class to a pupil on roll (rapidfuzz ``token_sort_ratio``).

A name is matched automatically at MATCH_AT (88) or above when the year group and class agree too and no other pupil
comes within MARGIN (6) points; names from REVIEW_FROM (75) are offered as candidates on the review list; anything
else is never guessed."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from smgov.data.importers.consent_returns.mapping import fold
from smgov.data.importers.consent_returns.records import Candidate
from smgov.data.services import pupils

MATCH_AT = 88
MARGIN = 6
REVIEW_FROM = 75
MAX_CANDIDATES = 5


def _name_key(text: str) -> str:
    """A name's words in order, so "Khan, Oisín" and "Oisin Khan" are the same."""
    return " ".join(sorted(fold(text).split()))


def _class_key(text: str) -> str:
    return fold(text).replace(" ", "")


@dataclass(frozen=True)
class _Known:
    """A pupil as the matcher sees them."""

    row: pupils.PupilRow
    keys: tuple[str, ...]
    year_group: str
    class_key: str

    def candidate(self, score: float) -> Candidate:
        r = self.row
        return Candidate(
            r.id, r.shown_name, r.year_group, r.class_name, round(score), r.on_roll, r.reference, r.date_of_birth
        )


class _Matcher:
    def __init__(self, register: list[pupils.PupilRow]) -> None:
        self.on_roll: list[_Known] = []
        self.off_roll: list[_Known] = []
        self.exact: dict[str, list[_Known]] = {}
        self.choices: list[str] = []
        self.owners: list[_Known] = []
        for row in register:
            first_names = {row.legal_first_name, row.preferred_first_name} - {""}
            keys = tuple(sorted({_name_key(f"{first} {row.legal_last_name}") for first in first_names}))
            known = _Known(row, keys, pupils.normalise_year_group(row.year_group), _class_key(row.class_name))
            (self.on_roll if row.on_roll else self.off_roll).append(known)
            if row.on_roll:
                for key in keys:
                    self.exact.setdefault(key, []).append(known)
                    self.choices.append(key)
                    self.owners.append(known)

    @staticmethod
    def _fits(known: _Known, year: str, class_key: str) -> bool:
        return (not year or known.year_group == year) and (not class_key or known.class_key == class_key)

    def match(self, name: str, year_group: str, class_name: str) -> Candidate | tuple[str, list[Candidate], bool]:
        """The pupil, or (why not, candidates, not on roll)."""
        key = _name_key(name)
        year = pupils.normalise_year_group(year_group) if year_group else ""
        class_key = _class_key(class_name)
        place = " ".join(p for p in (year_group, class_name) if p) or "the school"
        exact = list({k.row.id: k for k in self.exact.get(key, [])}.values())
        fitting = [k for k in exact if self._fits(k, year, class_key)]
        if len(fitting) == 1:
            return fitting[0].candidate(100)
        if len(fitting) > 1:
            return (f"{len(fitting)} pupils of this name in {place}: choose one.", self._list(fitting, 100), False)
        scores: dict[int, tuple[float, _Known]] = {}
        for _choice, score, index in process.extract(
            key, self.choices, scorer=fuzz.token_sort_ratio, score_cutoff=REVIEW_FROM, limit=None
        ):
            owner = self.owners[index]
            if score > scores.get(owner.row.id, (0.0, owner))[0]:
                scores[owner.row.id] = (score, owner)
        ranked = sorted(scores.values(), key=lambda s: (-self._fits(s[1], year, class_key), -s[0], s[1].row.sort_key))
        close = [(s, k) for s, k in ranked if self._fits(k, year, class_key)]
        if close and close[0][0] >= MATCH_AT and not exact:
            rivals = [s for s, k in close[1:] if s > close[0][0] - MARGIN] + [
                s for s, k in ranked if not self._fits(k, year, class_key) and self._fits(k, year, "")
                and s > close[0][0] - MARGIN
            ]  # fmt: skip
            if not rivals:
                return close[0][1].candidate(close[0][0])
        candidates = [k.candidate(s) for s, k in ranked[:MAX_CANDIDATES]]
        if candidates:
            if exact:
                where = ", ".join(sorted({f"{k.row.class_name or k.row.year_group}" for k in exact}))
                return (f"A pupil of this name is on roll in {where}, not in {place}.", candidates, False)
            if close and len([s for s, _ in close if s >= close[0][0] - MARGIN]) > 1 and close[0][0] >= MATCH_AT:
                return ("Two or more pupils have names this close: choose one.", candidates, False)
            if close:
                return ("The name is close to a pupil's but not close enough to be sure.", candidates, False)
            return (f"No pupil of a name this close is in {place}.", candidates, False)
        gone = [k for k in self.off_roll if key in k.keys or self._close(key, k) >= MATCH_AT]
        if gone:
            left = gone[0].row.off_roll_on
            when = f" (left on {left:%d/%m/%Y})" if left else ""
            return (f"This pupil is not on roll{when}.", self._list(gone, 100), True)
        return ("No pupil of this name is on roll.", [], True)

    @staticmethod
    def _close(key: str, known: _Known) -> float:
        return max((fuzz.token_sort_ratio(key, k) for k in known.keys), default=0.0)

    @staticmethod
    def _list(found: list[_Known], score: float) -> list[Candidate]:
        return [k.candidate(score) for k in sorted(found, key=lambda k: k.row.sort_key)][:MAX_CANDIDATES]
