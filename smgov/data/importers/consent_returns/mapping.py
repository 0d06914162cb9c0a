"""Which column of the file holds what: the fields, and the Yes/No columns' purposes, detected from the header words
(rapidfuzz against the purposes' labels as a last resort) and remembered for files with the same columns."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from smgov.data.services.consent import PurposeRow
from smgov.data.validation import clean_text

KIND = "consent"

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


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, one space between words: "D'Andre  Clark-Smith" -> "dandre clark
    smith"."""
    text = unicodedata.normalize("NFKD", clean_text(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`‘]", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


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
