"""The school's social media due dates as an iCalendar file (.ics), so they show in Outlook or any calendar.

One all-day event per date that needs doing: the review date of each account not closed or rejected (those whose
review the dashboard warns of, so an approved account about to go live is reminded too), the policy review date, the
leaving day of each person on the register (staff, governors, volunteers, contractors: never a pupil), the day each
blocked-content access grant ends, and the day each open takedown is due (a week after the consent was withdrawn, as
the dashboard counts it). Each event has a stable UID (kind, record and date), so
importing the file again updates the events instead of doubling them, the record's reference in its description,
and a reminder the day before.

The file holds no pupil's name, initials or reference: a takedown is described by its post's account and the
takedown's own reference only (not the post's address, which may name a pupil).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov.data.workspace import Workspace

TAKEDOWN_DUE_DAYS = 7  # a takedown is overdue a week after the withdrawal took effect (the dashboard's rule)
PRODID = "-//smgov//Social media governance//EN"


@dataclass(frozen=True)
class DueDate:
    """One event: ``kind`` and ``key`` make its UID; ``summary`` and ``description`` are what the calendar shows."""

    kind: str
    key: object
    on: dt.date
    summary: str
    description: str

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.key}-{self.on:%Y%m%d}@smgov"


def due_dates(workspace: Workspace, today: dt.date) -> list[DueDate]:
    """Every due date the calendar holds, by date. Leaving days before ``today`` are left out (they are done)."""
    from smgov.data.references import RecordKind, format_reference
    from smgov.data.services import accounts, blocked_content, people, school
    from smgov.data.services.posting.takedowns import list_takedowns
    from smgov.data.services.register_checks import NO_REVIEW

    found: list[DueDate] = []
    rows = accounts.list_accounts(workspace)
    for account in rows:
        if account.review_date is None or account.status in NO_REVIEW:
            continue
        reference = format_reference(RecordKind.ACCOUNT, account.id)
        label = account.name or account.handle
        found.append(
            DueDate(
                "account-review",
                account.id,
                account.review_date,
                f"Account review: {label} ({account.platform.label})",
                f"Review the account {account.handle} on {account.platform.label} ({reference}): is it still "
                "needed, are the right staff named, is the business case up to date?",
            )
        )
    details = school.get_details(workspace)
    if details.policy_review_date is not None:
        found.append(
            DueDate(
                "policy-review",
                "school",
                details.policy_review_date,
                "Social media policy review due",
                "The school's social media policy is due for review (the date is set in Settings).",
            )
        )
    for person in people.list_people(workspace):
        if person.leaving_date is None or person.leaving_date < today:
            continue
        role = f", {person.role}" if person.role else ""
        found.append(
            DueDate(
                "leaving",
                person.id,
                person.leaving_date,
                f"Leaving: {person.full_name} ({person.kind.label}{role})",
                f"{person.full_name} leaves (people register, person no. {person.id}). Take them off every account "
                "they are named on and change any password they knew.",
            )
        )
    for request in blocked_content.list_requests(workspace):
        if request.expires_on is None or request.status.value != "implemented":
            continue
        found.append(
            DueDate(
                "access-expiry",
                request.id,
                request.expires_on,
                f"Access ends: {request.site} ({request.reference})",
                f"Blocked-content access given under {request.reference} ends today: block the site again, or "
                "extend the access.",
            )
        )
    handles = {account.id: account.handle for account in rows}
    for takedown in list_takedowns(workspace):
        reference = f"TKD-{takedown.id:05d}"
        handle = handles.get(takedown.account_id) if takedown.account_id is not None else None
        where = f"post on {_at(handle)}" if handle else "post (account deleted)"
        found.append(
            DueDate(
                "takedown",
                takedown.id,
                takedown.withdrawn_on + dt.timedelta(days=TAKEDOWN_DUE_DAYS),
                f"Takedown due: {where} ({reference})",
                f"A post logged on {takedown.posted_on:%d/%m/%Y} must come down ({reference}; consent withdrawn "
                f"{takedown.withdrawn_on:%d/%m/%Y}). Remove it where practicable, or record why not, in smgov "
                "(Pupils & consent, Takedowns).",
            )
        )
    return sorted(found, key=lambda d: (d.on, d.kind, str(d.key)))


def _at(handle: str) -> str:
    return handle if handle.startswith("@") else f"@{handle}"


def due_dates_ics(workspace: Workspace, today: dt.date, *, now: dt.datetime | None = None) -> bytes:
    """The due dates as an iCalendar file: all-day events, each with a reminder the day before."""
    from smgov.data.services import school

    name = f"{school.get_details(workspace).name} social media dates"
    return calendar_ics(name, due_dates(workspace, today), now or dt.datetime.now(dt.UTC))


def calendar_ics(name: str, dues: list[DueDate], stamp: dt.datetime) -> bytes:
    """``dues`` as an iCalendar file called ``name`` (the icalendar package escapes and folds the text)."""
    from icalendar import Alarm, Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(" ".join(name.split())))  # (an X- property: typed as text to be escaped)
    for due in dues:
        event = Event()
        event.add("uid", due.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", due.on)  # a date: VALUE=DATE, an all-day event
        event.add("dtend", due.on + dt.timedelta(days=1))
        event.add("summary", due.summary)
        event.add("description", due.description)
        event.add("transp", "TRANSPARENT")  # a reminder of a job, not time taken out of the day
        event.add("categories", ["Social media"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(days=-1))
        alarm.add("description", due.summary)
        event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
