"""The incident log: log, list, edit and close incidents; record what was done on an append-only timeline.

Each public function is one unit of work that checks everything first, then writes (with its audit event) or writes
nothing, and returns frozen dataclasses, never ORM objects. Audit summaries carry references and categories only,
never a pupil's name or what was said.

The timeline is append-only: there is no function to edit or delete an entry (and the database refuses it too). A
correction is a new entry that points at the one it corrects, with a reason (:func:`correct_action`).

Times: ``received_at`` and action times are aware datetimes (a naive one is read as school time, Europe/London), never
in the future. Incidents are shown by reference ("INC-00042"). People involved who are pupils are kept by name and
year group until the pupil register exists; lists, reports and exports show them by initials unless asked otherwise.

The package's modules, by what they do: :mod:`.records` (the dataclasses the UI sends and gets), :mod:`.checks`,
:mod:`.deadlines`, :mod:`.queries` (reading), :mod:`.log` (logging and editing), :mod:`.status`, :mod:`.actions`
(the timeline), :mod:`.safeguarding`, :mod:`.alerts` (the dashboard) and :mod:`.store` (shared session helpers).
Callers import from the package: ``from smgov.data.services import incidents``.
"""

from smgov.data.models.incidents import USER_ACTIONS
from smgov.data.services.incidents.actions import KEEPS_OPEN, add_action, correct_action
from smgov.data.services.incidents.alerts import attention, dashboard_check, dashboard_now
from smgov.data.services.incidents.checks import MAX_PEOPLE, CheckedIncident, check_incident
from smgov.data.services.incidents.deadlines import DUE_SOON, ResponseState, dsl_due_at, due_at_for, response_state
from smgov.data.services.incidents.log import insert_incident, log_incident, update_incident
from smgov.data.services.incidents.queries import all_records, filter_rows, get_incident, list_incidents, timeline
from smgov.data.services.incidents.records import (
    SUMMARY_CHARS,
    IncidentDetails,
    IncidentInput,
    IncidentRecord,
    IncidentRow,
    InvolvedPerson,
    PersonInput,
    TimelineEntry,
    initials,
    reference,
)
from smgov.data.services.incidents.safeguarding import acknowledge_safeguarding
from smgov.data.services.incidents.status import STATUS_CHANGES, set_status
from smgov.data.services.incidents.store import add_entry
from smgov.data.validation import (
    CLOCK_SKEW,
    EARLIEST,
    MAX_LINE,
    MAX_TEXT,
    check_line,
    check_moment,
    check_past_day,
    check_text,
    school_today,
)

__all__ = [
    "CLOCK_SKEW",
    "DUE_SOON",
    "dsl_due_at",
    "EARLIEST",
    "KEEPS_OPEN",
    "MAX_LINE",
    "MAX_PEOPLE",
    "MAX_TEXT",
    "STATUS_CHANGES",
    "SUMMARY_CHARS",
    "USER_ACTIONS",
    "CheckedIncident",
    "IncidentDetails",
    "IncidentInput",
    "IncidentRecord",
    "IncidentRow",
    "InvolvedPerson",
    "PersonInput",
    "ResponseState",
    "TimelineEntry",
    "acknowledge_safeguarding",
    "add_action",
    "add_entry",
    "all_records",
    "attention",
    "check_incident",
    "check_line",
    "check_moment",
    "check_past_day",
    "check_text",
    "correct_action",
    "dashboard_check",
    "dashboard_now",
    "due_at_for",
    "filter_rows",
    "get_incident",
    "initials",
    "insert_incident",
    "list_incidents",
    "log_incident",
    "reference",
    "response_state",
    "school_today",
    "set_status",
    "timeline",
    "update_incident",
]
