"""Photo and video consent: purposes, the append-only history per pupil, year and purpose, and the status it gives.

The status of a pupil's consent for a purpose on a date is the latest entry of that academic year effective on or
before the date (entries of one day in the order recorded); with none, it is "not returned", treated as refused. A
new academic year starts with no entries, so from 1 September everyone on roll is "not returned" for it, and last
year's entries stay as they were.

The package's modules, by what they do: :mod:`.status` (academic years, the Standing of a pupil's consent on a date,
and the register grid), :mod:`.timeline` (a pupil's history), :mod:`.recording` (checking and recording a return,
amendment or withdrawal, and the kept forms), :mod:`.purpose_list` (the purposes and their editing in Settings) and
:mod:`.chase` (the chase list). Callers import from the package: ``from smgov.data.services import consent``.
"""

from smgov.data.services.consent.chase import (
    DEFAULT_CHASE_AFTER,
    ChaseClass,
    ChaseCount,
    ChaseList,
    chase_counts,
    chase_date,
    chase_list,
    returned_pupils,
)
from smgov.data.services.consent.purpose_list import (
    MEDIA,
    PurposeRow,
    add_purpose,
    purposes,
    rename_purpose,
    reorder_purposes,
    restore_purpose,
    retire_purpose,
    set_purpose_active,
    update_purpose,
)
from smgov.data.services.consent.purpose_list import _purposes as _purposes  # smgov.data.services.posting uses it
from smgov.data.services.consent.recording import (
    FORM_TYPES,
    MAX_FORM_BYTES,
    MAX_NOTE,
    MAX_RESTRICTION,
    ConsentInput,
    check_input,
    form_bytes,
    record_consent,
)
from smgov.data.services.consent.status import (
    NOT_RETURNED,
    ConsentGrid,
    Standing,
    academic_year_of,
    grid,
    standing_on,
    standings,
    standings_of,
    year_bounds,
    year_label,
)
from smgov.data.services.consent.timeline import HistoryEntry, entries, history

__all__ = [
    "DEFAULT_CHASE_AFTER",
    "FORM_TYPES",
    "MAX_FORM_BYTES",
    "MAX_NOTE",
    "MAX_RESTRICTION",
    "MEDIA",
    "NOT_RETURNED",
    "ChaseClass",
    "ChaseCount",
    "ChaseList",
    "ConsentGrid",
    "ConsentInput",
    "HistoryEntry",
    "PurposeRow",
    "Standing",
    "academic_year_of",
    "add_purpose",
    "chase_date",
    "chase_counts",
    "chase_list",
    "check_input",
    "form_bytes",
    "grid",
    "entries",
    "history",
    "purposes",
    "record_consent",
    "returned_pupils",
    "rename_purpose",
    "reorder_purposes",
    "restore_purpose",
    "retire_purpose",
    "set_purpose_active",
    "standing_on",
    "standings",
    "standings_of",
    "update_purpose",
    "year_bounds",
    "year_label",
]
