"""Import parents' consent returns from an online form (Microsoft Forms, Google Forms, the MIS's parent app...).

Each row is one return: the child's name, year group and class, a Yes/No answer per question, any restrictions, who
filled it in and when. Rows are matched to pupils on roll by name, year and class, tolerating case, accents,
preferred names and small typos; a row that could be two pupils, or is not close enough to anyone, goes to the
review list and is never guessed. The Yes/No columns map to consent purposes through a mapping detected from the
header words, shown in the preview, correctable, and remembered for files with the same columns.

How close is close enough (rapidfuzz ``token_sort_ratio`` on names folded to lower case without accents or
punctuation, so word order does not matter): a name is matched automatically at MATCH_AT (88) or above when the
year group and class agree too and no other pupil comes within MARGIN (6) points. 88 lets one wrong, missing or
swapped letter through in names of nine letters or more ("Mia Smyth" for "Mia Smith" scores 89) but not two, and
not short names, which go to review; names from REVIEW_FROM (75) are offered as candidates on the review list.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from smgov.data import audit
from smgov.data.audit_actions import AuditAction
from smgov.data.errors import ValidationError
from smgov.data.importers import csvfile
from smgov.data.models import (
    ConsentChange,
    ConsentEntry,
    ConsentMethod,
    ConsentStatus,
    ImportMapping,
    Pupil,
)
from smgov.data.operators import actor_name
from smgov.data.services import consent, pupils
from smgov.data.services.consent import PurposeRow
from smgov.data.validation import clean_text
from smgov.data.workspace import Workspace

KIND = "consent"
MATCH_AT = 88
MARGIN = 6
REVIEW_FROM = 75
MAX_CANDIDATES = 5

FIELDS = ("timestamp", "name", "first_name", "last_name", "year_group", "class_name", "restriction", "given_by",
          "relationship")  # fmt: skip
FIELD_LABELS = {
    "timestamp": "Date received",
    "name": "Child's name",
    "first_name": "Child's first name",
    "last_name": "Child's surname",
    "year_group": "Year group",
    "class_name": "Class",
    "restriction": "Restrictions",
    "given_by": "Parent or carer's name",
    "relationship": "Relationship to child",
}
YES = {"yes", "y", "true", "1", "agree", "i agree", "granted", "consent", "x", "✓", "✔"}
NO = {"no", "n", "false", "0", "disagree", "i do not agree", "refused", "do not consent"}
NO_RESTRICTION = {"", "none", "no", "n/a", "na", "nil", "-", "--", "no restrictions", "none thank you", "nothing"}
PARENTS = {"mother", "father", "parent", "mum", "dad", "mom", "stepmother", "stepfather", "adoptive parent"}


# -- text helpers ---------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words: "D'Andre  Clark-Smith" -> "dandre clark
    smith"."""
    text = unicodedata.normalize("NFKD", clean_text(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`‘]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _name_key(text: str) -> str:
    """A name's words in order, so "Khan, Oisín" and "Oisin Khan" are the same."""
    return " ".join(sorted(fold(text).split()))


def _class_key(text: str) -> str:
    return fold(text).replace(" ", "")


def _header_words(header: str) -> set[str]:
    return set(fold(header).split())


# -- the mapping ----------------------------------------------------------------------------------------------------


@dataclass
class ConsentMapping:
    """Which column holds what: ``fields`` maps a field ("name", "timestamp", ...) to a header; ``purposes`` maps a
    Yes/No column's header to a purpose key ("" or absent: not imported)."""

    fields: dict[str, str] = field(default_factory=dict)
    purposes: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"fields": self.fields, "purposes": self.purposes}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ConsentMapping:
        try:
            data = json.loads(text)
            fields = {str(k): str(v) for k, v in dict(data.get("fields", {})).items()}
            purposes_ = {str(k): str(v) for k, v in dict(data.get("purposes", {})).items()}
        except (ValueError, TypeError, AttributeError):
            return cls()
        return cls(fields, purposes_)


def _field_of(header: str) -> str | None:
    words = _header_words(header)
    text = " ".join(sorted(words))
    if not words:
        return None
    if "restriction" in text or "restrictions" in words or "limitations" in words:
        return "restriction"
    if "relationship" in words:
        return "relationship"
    if words & {"timestamp", "submitted", "completion"} or words <= {"date", "time", "received", "start"}:
        return "timestamp"
    child = bool(words & {"child", "childs", "pupil", "pupils", "student", "students", "son", "daughter"})
    if "name" in words and not child and words & {"parent", "carer", "responsibility", "your", "person", "guardian"}:
        return "given_by"
    if words & {"surname", "lastname"} or {"last", "name"} <= words or {"family", "name"} <= words:
        return "last_name"
    if words & {"forename", "firstname"} or {"first", "name"} <= words:
        return "first_name"
    if "name" in words and (child or words == {"name"} or words <= {"full", "name"}):
        return "name"
    if "year" in words or "ncy" in words:
        return "year_group"
    if words & {"class", "form", "registration", "reg", "tutor"}:
        return "class_name"
    return None


_SOCIAL = {"social", "facebook", "twitter", "instagram", "x", "youtube", "tiktok", "linkedin"}
_PURPOSE_WORDS: list[tuple[str, set[str], set[str]]] = [
    # (key, any of these words, and also any of these (empty: none needed))
    ("social_videos", _SOCIAL, {"video", "videos", "film", "filming", "films"}),
    ("social_photos", _SOCIAL, {"photo", "photos", "photograph", "photographs", "image", "images", "picture"}),
    ("school_displays", {"display", "displays", "noticeboard", "noticeboards"}, set()),
    ("website", {"website", "web", "webpage", "site"}, set()),
    ("press", {"press", "newspaper", "newspapers", "news", "local"}, set()),
    ("prospectus", {"prospectus", "brochure", "brochures", "printed", "publicity", "leaflet", "leaflets"}, set()),
]


def _purpose_of(header: str, active: list[PurposeRow]) -> str:
    words = _header_words(header)
    keys = {p.key for p in active}
    for key, any_of, also in _PURPOSE_WORDS:
        if key in keys and words & any_of and (not also or words & also):
            return key
    folded = fold(header)
    best = process.extractOne(
        folded, {p.key: fold(p.label) for p in active}, scorer=fuzz.token_sort_ratio, score_cutoff=85
    )
    return str(best[2]) if best else ""


def detect_mapping(headers: list[str], active: list[PurposeRow]) -> ConsentMapping:
    """The mapping guessed from the header words (the preview shows it for the user to correct)."""
    mapping = ConsentMapping()
    for header in headers:
        name = _field_of(header)
        if name is not None and name not in mapping.fields:
            mapping.fields[name] = header
            continue
        if name is None:
            key = _purpose_of(header, active)
            if key:
                mapping.purposes[header] = key
    return mapping


def signature(headers: list[str]) -> str:
    """Files with the same columns (ignoring case, spaces and punctuation) share a remembered mapping."""
    return hashlib.sha256("\n".join(fold(h) for h in headers).encode()).hexdigest()


def _tidy_mapping(mapping: ConsentMapping, headers: list[str], active: list[PurposeRow]) -> ConsentMapping:
    """Only headers in the file and purposes still in use (a remembered mapping may be out of date)."""
    present, keys = set(headers), {p.key for p in active}
    return ConsentMapping(
        {f: h for f, h in mapping.fields.items() if f in FIELDS and h in present},
        {h: k for h, k in mapping.purposes.items() if h in present and k in keys and h not in mapping.fields.values()},
    )


# -- reading --------------------------------------------------------------------------------------------------------


def _headers(data: bytes) -> list[str]:
    text = csvfile.decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), dialect), [])
    except csv.Error as exc:
        raise ValidationError(f"The file is not a readable CSV ({exc}).", field="file") from exc
    headers: list[str] = []
    seen: set[str] = set()
    for title in first:
        header, key = clean_text(title), re.sub(r"[^a-z0-9]", "", title.lower())
        if key and key not in seen:
            seen.add(key)
            headers.append(header)
    return headers


def _parse_moment(text: str) -> dt.datetime | None:
    text = clean_text(text)
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.replace(tzinfo=None)
    except ValueError:
        pass
    for pattern in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _answer(text: str) -> bool | None:
    """True for yes, False for no, None when blank; ValueError for anything else."""
    folded = fold(text)
    if not folded and not text.strip():
        return None
    if folded in YES or text.strip() in YES or folded.startswith("yes "):
        return True
    if folded in NO or folded.startswith("no "):
        return False
    raise ValueError(text)


def _relationship(text: str) -> tuple[str, bool]:
    """("Grandparent", True) from "Grandparent (PR)"; parents count as having parental responsibility."""
    cleaned = clean_text(text)
    marked = bool(re.search(r"\(\s*pr\s*\)|parental responsibility", cleaned, re.IGNORECASE))
    plain = re.sub(r"\(\s*pr\s*\)|\(?\s*(with )?parental responsibility\s*\)?", "", cleaned, flags=re.IGNORECASE)
    plain = " ".join(plain.split()).strip(" ,-")
    return plain[:100], marked or fold(plain) in PARENTS


# -- the preview ----------------------------------------------------------------------------------------------------


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


def _read_row(
    line: int, values: Mapping[str, str], mapping: ConsentMapping, ids: Mapping[str, int]
) -> ReturnRow | RefusedRow:
    def get(name: str) -> str:
        header = mapping.fields.get(name)
        return clean_text(values.get(header, "")) if header else ""

    name = get("name") or " ".join(p for p in (get("first_name"), get("last_name")) if p)
    shown = name[:80]
    if not name:
        return RefusedRow(line, "", "The child's name is blank.")
    moment = _parse_moment(get("timestamp"))
    if moment is None:
        written = get("timestamp")[:40]
        reason = f"'{written}' is not a date (use dd/mm/yyyy or yyyy-mm-dd)." if written else "The date is blank."
        return RefusedRow(line, shown, reason)
    restriction = get("restriction")
    if fold(restriction) in NO_RESTRICTION:
        restriction = ""
    statuses: dict[int, tuple[ConsentStatus, str]] = {}
    for header, key in mapping.purposes.items():
        if key not in ids:
            continue
        written = values.get(header, "")
        try:
            yes = _answer(written)
        except ValueError:
            return RefusedRow(line, shown, f"'{clean_text(written)[:40]}' is not Yes or No ({header[:60]}).")
        if yes is not None:
            if restriction and yes:
                statuses[ids[key]] = (ConsentStatus.RESTRICTED, restriction)
            else:
                statuses[ids[key]] = (ConsentStatus.GRANTED if yes else ConsentStatus.REFUSED, "")
    if not statuses:
        return RefusedRow(line, shown, "No consent question is answered.")
    relationship, responsible = _relationship(get("relationship"))
    return ReturnRow(
        line, name, get("year_group"), get("class_name"), moment, statuses, get("given_by"), relationship, responsible
    )


def _refusal(row: ReturnRow, year: int, today: dt.date) -> str:
    """Why consent.check_input would refuse the row, or ""."""
    try:
        consent.check_input(_input(row, 0, year, ConsentChange.RETURN), today)
    except ValidationError as exc:
        if exc.field == "given_by":
            return "The parent or carer's name is blank." if "Enter" in str(exc) else str(exc)
        if exc.field == "received_on":
            return "The date is in the future."
        if exc.field == "effective_on":
            return f"Received after the {consent.year_label(year)} school year ended."
        return str(exc)
    return ""


def _input(row: ReturnRow, pupil_id: int, year: int, change: ConsentChange) -> consent.ConsentInput:
    start, _end = consent.year_bounds(year)
    return consent.ConsentInput(
        pupil_id=pupil_id,
        academic_year=year,
        change=change,
        statuses=row.statuses,
        received_on=row.received_on,
        method=ConsentMethod.ONLINE,
        effective_on=max(row.received_on, start),
        given_by=row.given_by,
        relationship=row.relationship,
        parental_responsibility=row.parental_responsibility,
        note=f"Online form, submitted {row.received_at:%d/%m/%Y %H:%M}",
    )


def _existing(workspace: Workspace, year: int) -> tuple[dict[int, dt.date], set[tuple[object, ...]]]:
    """Pupils with any entry for ``year`` (-> first received), and the online entries already recorded, as
    comparable tuples."""
    with workspace.read() as session:
        rows = session.execute(
            select(
                ConsentEntry.pupil_id,
                ConsentEntry.received_on,
                ConsentEntry.method,
                ConsentEntry.given_by,
                ConsentEntry.purpose_id,
                ConsentEntry.status,
                ConsentEntry.restriction,
            ).where(ConsentEntry.academic_year == year)
        ).all()
    first: dict[int, dt.date] = {}
    online: dict[tuple[int, dt.date, str], set[tuple[int, ConsentStatus, str]]] = {}
    for pupil_id, received, method, given_by, purpose_id, status, restriction in rows:
        first[pupil_id] = min(first.get(pupil_id, received), received)
        if method is ConsentMethod.ONLINE:
            online.setdefault((pupil_id, received, given_by), set()).add((purpose_id, status, restriction))
    return first, {(*k, frozenset(v)) for k, v in online.items()}


def _same_return(row: ReturnRow, pupil_id: int, recorded: set[tuple[object, ...]]) -> bool:
    wanted = frozenset((p, s, r) for p, (s, r) in row.statuses.items())
    return (pupil_id, row.received_on, row.given_by, wanted) in recorded


def preview(
    workspace: Workspace,
    data: bytes,
    *,
    mapping: ConsentMapping | None = None,
    academic_year: int | None = None,
    today: dt.date | None = None,
) -> ConsentPreview:
    """Read the returns and match them to pupils; nothing is saved. Give ``mapping`` (the preview's, corrected) and
    ``academic_year`` to read the file again with the user's choices. Raises ValidationError when the file cannot be
    read at all (not a CSV, no header, no name column)."""
    today = today or dt.date.today()
    headers = _headers(data)
    if not headers:
        raise ValidationError("The file has no header row: its first row should name the columns.", field="file")
    active = consent.purposes(workspace)
    sign = signature(headers)
    remembered = False
    if mapping is None:
        saved = _remembered(workspace, sign)
        remembered = saved is not None
        mapping = saved or detect_mapping(headers, active)
    mapping = _tidy_mapping(mapping, headers, active)
    if "name" not in mapping.fields and not {"first_name", "last_name"} <= mapping.fields.keys():
        raise ValidationError(
            "The file has no column for the child's name (for example \"Child's name\", or first name and surname).",
            field="file",
        )
    problems: list[str] = []
    if "timestamp" not in mapping.fields:
        raise ValidationError(
            'The file has no column for the date each form was sent (for example "Timestamp").', field="file"
        )
    if not mapping.purposes:
        problems.append("No column is recognised as a consent question: choose the purpose each Yes/No column is for.")
    used = set(mapping.fields.values()) | set(mapping.purposes)
    ignored = [h for h in headers if h not in used]
    rows = csvfile.read_rows(data, {header: () for header in headers}, required=())
    ids = {p.key: p.id for p in active}
    read = [_read_row(r.line, r.values, mapping, ids) for r in rows]
    returns = [r for r in read if isinstance(r, ReturnRow)]
    if academic_year is None:
        years = [consent.academic_year_of(r.received_on) for r in returns]
        academic_year = max(set(years), key=years.count) if years else consent.academic_year_of(today)
    result = ConsentPreview(
        academic_year, headers, mapping, sign, remembered, active, ignored, problems,
        refused=[r for r in read if isinstance(r, RefusedRow)],
    )  # fmt: skip
    matcher = _Matcher(pupils.list_pupils(workspace, include_off_roll=True))
    first, recorded = _existing(workspace, academic_year)
    claimed: dict[int, tuple[dt.datetime, int]] = {}  # pupil -> (earliest row in the file, its line)
    seen: dict[tuple[object, ...], int] = {}  # the same return twice in the file -> its first line
    for row in sorted(returns, key=lambda r: (r.received_at, r.line)):
        why = _refusal(row, academic_year, today)
        if why:
            result.refused.append(RefusedRow(row.line, row.name[:80], why))
            continue
        found = matcher.match(row.name, row.year_group, row.class_name)
        if not isinstance(found, Candidate):
            reason, candidates, gone = found
            if gone:
                result.unmatched.append(UnmatchedRow(row, reason, not_on_roll=bool(candidates)))
            else:
                result.to_review.append(ReviewRow(row, reason, candidates))
            continue
        same = (found.pupil_id, row.received_at, row.given_by, tuple(sorted(row.statuses.items())))
        if same in seen:
            result.refused.append(RefusedRow(row.line, row.name[:80], f"The same return as line {seen[same]}."))
            continue
        seen[same] = row.line
        item = MatchedRow(row, found)
        if _same_return(row, found.pupil_id, recorded):
            item.note = "Already recorded: the same return was imported before."
            result.already_recorded.append(item)
            continue
        label = consent.year_label(academic_year)
        if found.pupil_id in first:
            item.change = ConsentChange.AMENDMENT
            item.note = f"Already has a return for {label}: recorded as an amendment."
        elif found.pupil_id in claimed:
            item.change = ConsentChange.AMENDMENT
            item.note = f"Also on line {claimed[found.pupil_id][1]} (sent earlier): recorded as an amendment to it."
        else:
            claimed[found.pupil_id] = (row.received_at, row.line)
        result.matched.append(item)
    for group in (result.matched, result.to_review, result.unmatched, result.already_recorded):
        group.sort(key=lambda m: m.row.line)
    result.refused.sort(key=lambda r: r.line)
    return result


def _remembered(workspace: Workspace, sign: str) -> ConsentMapping | None:
    with workspace.read() as session:
        saved = session.scalars(
            select(ImportMapping.mapping)
            .where(ImportMapping.kind == KIND, ImportMapping.signature == sign)
            .order_by(ImportMapping.id.desc())
        ).first()
    return ConsentMapping.from_json(saved) if saved else None


# -- applying -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    returns: int
    amendments: int
    chosen: int  # rows the user matched by hand
    entry_ids: list[int]

    @property
    def total(self) -> int:
        return self.returns + self.amendments


def import_returns(
    workspace: Workspace,
    result: ConsentPreview,
    choices: Mapping[int, int] | None = None,
    *,
    skip: Collection[int] = (),
    today: dt.date | None = None,
) -> ImportResult:
    """Record the matched rows, and the rows to review (or unmatched) for which ``choices`` names a pupil (line ->
    pupil id), in ONE unit of work with one audit event (counts only). Lines in ``skip`` are left out.

    A pupil who already has an entry for the year (or an earlier row of this file) gets an amendment, not a second
    return; an amendment that takes consent away opens takedowns as a withdrawal does. The mapping is remembered for
    files with the same columns."""
    choices = dict(choices or {})
    year = result.academic_year
    pending: list[tuple[ReturnRow, int, bool]] = [(m.row, m.pupil.pupil_id, False) for m in result.matched]
    by_line = {r.row.line: r.row for r in result.to_review} | {r.row.line: r.row for r in result.unmatched}
    for line, pupil_id in sorted(choices.items()):
        if line not in by_line:
            raise ValidationError(f"Line {line} is not one to review.", field="choices")
        pending.append((by_line[line], pupil_id, True))
    pending = [p for p in pending if p[0].line not in skip]
    pending.sort(key=lambda p: (p[0].received_at, p[0].line))
    for row, _pupil, _chosen in pending:
        consent.check_input(_input(row, 0, year, ConsentChange.RETURN), today)
    with workspace.write() as session:
        wanted = {pupil_id for _row, pupil_id, _chosen in pending}
        found = {p.id: p for p in session.scalars(select(Pupil).where(Pupil.id.in_(wanted)))} if wanted else {}
        for row, pupil_id, _chosen in pending:
            pupil = found.get(pupil_id)
            if pupil is None or not pupil.on_roll:
                raise ValidationError(f"Line {row.line}: choose a pupil who is on roll.", field="choices")
        known = set(
            session.scalars(
                select(ConsentEntry.pupil_id)
                .where(ConsentEntry.academic_year == year, ConsentEntry.pupil_id.in_(wanted))
                .distinct()
            )
        ) if wanted else set()  # fmt: skip
        who = actor_name(session)
        counts = {ConsentChange.RETURN: 0, ConsentChange.AMENDMENT: 0}
        entry_ids: list[int] = []
        from smgov.data.services import posting

        for row, pupil_id, _chosen in pending:
            change = ConsentChange.AMENDMENT if pupil_id in known else ConsentChange.RETURN
            known.add(pupil_id)
            checked = consent.check_input(_input(row, pupil_id, year, change), today)
            entries = [
                ConsentEntry(
                    pupil_id=pupil_id,
                    academic_year=year,
                    purpose_id=purpose_id,
                    change=change,
                    status=status,
                    restriction=restriction,
                    effective_on=checked.effective_on,
                    given_by=checked.given_by,
                    relationship=checked.relationship,
                    parental_responsibility=checked.parental_responsibility,
                    by_pupil=False,
                    method=ConsentMethod.ONLINE,
                    received_on=checked.received_on,
                    note=checked.note,
                    recorded_by=who,
                )
                for purpose_id, (status, restriction) in sorted(checked.statuses.items())
            ]
            session.add_all(entries)
            session.flush()
            entry_ids.extend(e.id for e in entries)
            counts[change] += 1
            if change is ConsentChange.AMENDMENT:
                posting.open_takedowns(session, pupil_id, entries)
        _remember(session, result)
        chosen = sum(1 for _row, _pupil, by_hand in pending if by_hand)
        summary = (
            f"{len(pending)} online consent return(s) imported for {consent.year_label(year)}: "
            f"{counts[ConsentChange.RETURN]} new, {counts[ConsentChange.AMENDMENT]} amendment(s), "
            f"{chosen} matched by hand; {len(result.refused)} refused, "
            f"{len(result.to_review) + len(result.unmatched) - len(choices)} not matched"
        )
        audit.record(session, AuditAction.CONSENT_IMPORT, "consent", None, summary)
        return ImportResult(counts[ConsentChange.RETURN], counts[ConsentChange.AMENDMENT], chosen, entry_ids)


def _remember(session: Session, result: ConsentPreview) -> None:
    saved = session.scalars(
        select(ImportMapping).where(ImportMapping.kind == KIND, ImportMapping.signature == result.signature)
    ).first()
    text = result.mapping.to_json()
    if saved is None:
        session.add(ImportMapping(kind=KIND, signature=result.signature, source="Online form", mapping=text))
    elif saved.mapping != text:
        saved.mapping = text
