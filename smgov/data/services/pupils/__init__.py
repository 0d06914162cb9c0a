"""The pupil register: pupils as the MIS exports them (imported, never typed in), and the never-publish flag.

Pupils are never deleted: one missing from a full export goes off roll, and their consent history stays.

The package's modules, by what they do: :mod:`.register` (listing and finding pupils, classes, year groups),
:mod:`.never_publish`, :mod:`.importing` (the MIS import's three steps: detect_columns, preview_import,
apply_import), with :mod:`.import_records` (the dataclasses the import sends and gets), :mod:`.parsing` (checking
rows), :mod:`.matching` (against the register) and :mod:`.mappings` (remembered column mappings), and
:mod:`.linking` (incidents' pupils linked to the register). Callers import from the package:
``from smgov.data.services import pupils``.
"""

from smgov.data.services.pupils.import_records import (
    FIELD_LABELS,
    MAPPING_KIND,
    ColumnChoice,
    ImportedPupil,
    ImportPreview,
    ImportResult,
    PupilChange,
    RefusedRow,
)
from smgov.data.services.pupils.importing import apply_import, detect_columns, preview_import
from smgov.data.services.pupils.linking import link_incident_pupils, name_key
from smgov.data.services.pupils.never_publish import never_publish_reason, set_never_publish
from smgov.data.services.pupils.parsing import parse_date
from smgov.data.services.pupils.register import (
    YEAR_GROUPS,
    PupilRow,
    classes,
    find_pupil,
    get_pupil,
    list_pupils,
    normalise_year_group,
    year_order,
)

__all__ = [
    "FIELD_LABELS",
    "MAPPING_KIND",
    "YEAR_GROUPS",
    "ColumnChoice",
    "ImportPreview",
    "ImportResult",
    "ImportedPupil",
    "PupilChange",
    "PupilRow",
    "RefusedRow",
    "apply_import",
    "classes",
    "detect_columns",
    "find_pupil",
    "get_pupil",
    "link_incident_pupils",
    "list_pupils",
    "name_key",
    "never_publish_reason",
    "normalise_year_group",
    "parse_date",
    "preview_import",
    "set_never_publish",
    "year_order",
]
