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

The package's modules, by what they do: :mod:`.mapping` (which column holds what, detected and remembered),
:mod:`.reading` (the file's rows), :mod:`.matching` (rows to pupils), :mod:`.records` (the dataclasses the preview
returns), :mod:`.previewing` (the preview: nothing saved) and :mod:`.applying` (recording it). Callers import from
the package: ``from smgov.data.importers import consent_returns``.
"""

from smgov.data.importers.consent_returns.applying import ImportResult, import_returns
from smgov.data.importers.consent_returns.mapping import (
    FIELD_LABELS,
    FIELDS,
    KIND,
    ConsentMapping,
    detect_mapping,
    fold,
    signature,
)
from smgov.data.importers.consent_returns.matching import MARGIN, MATCH_AT, MAX_CANDIDATES, REVIEW_FROM
from smgov.data.importers.consent_returns.previewing import preview
from smgov.data.importers.consent_returns.reading import NO, NO_RESTRICTION, PARENTS, YES
from smgov.data.importers.consent_returns.records import (
    Candidate,
    ConsentPreview,
    MatchedRow,
    RefusedRow,
    ReturnRow,
    ReviewRow,
    UnmatchedRow,
)

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "KIND",
    "MARGIN",
    "MATCH_AT",
    "MAX_CANDIDATES",
    "NO",
    "NO_RESTRICTION",
    "PARENTS",
    "REVIEW_FROM",
    "YES",
    "Candidate",
    "ConsentMapping",
    "ConsentPreview",
    "ImportResult",
    "MatchedRow",
    "RefusedRow",
    "ReturnRow",
    "ReviewRow",
    "UnmatchedRow",
    "detect_mapping",
    "fold",
    "import_returns",
    "preview",
    "signature",
]
