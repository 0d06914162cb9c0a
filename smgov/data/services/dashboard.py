"""What needs attention today: each item says what, why, and which section and record it belongs to.

Each area adds its own checks to ``CHECKS``; the dashboard shows them all, most urgent first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from smgov.data.models import KeyRole
from smgov.data.services import blocked_content, content_reports, incidents, posting, register_checks
from smgov.data.services import school as school_service
from smgov.data.services.attention import AttentionItem as AttentionItem  # re-exported: the UI reads items from here
from smgov.data.services.attention import Urgency as Urgency
from smgov.data.services.attention import days_away as days_away
from smgov.data.workspace import Workspace

Check = Callable[[Workspace, dt.date], list[AttentionItem]]


REVIEW_WARNING_DAYS = 30
BACKUP_WARNING_DAYS = 7
ESSENTIAL_ROLES = (KeyRole.HEADTEACHER, KeyRole.DSL, KeyRole.DPO)


def _school_checks(workspace: Workspace, today: dt.date) -> list[AttentionItem]:
    details = school_service.get_details(workspace)
    items: list[AttentionItem] = []
    review = details.policy_review_date
    if review is None:
        items.append(
            AttentionItem(
                Urgency.TO_DO,
                "Set the policy review date",
                "The social media policy needs a review date so smgov can remind you.",
                "settings",
            )
        )
    elif review < today:
        items.append(
            AttentionItem(
                Urgency.OVERDUE,
                "Social media policy review is overdue",
                f"It was due on {review:%d/%m/%Y}.",
                "settings",
                due=review,
            )
        )
    elif (review - today).days <= REVIEW_WARNING_DAYS:
        items.append(
            AttentionItem(
                Urgency.DUE_SOON,
                "Social media policy review is due soon",
                f"Due on {review:%d/%m/%Y} ({days_away((review - today).days)}).",
                "settings",
                due=review,
            )
        )
    if details.kit_printed_at is None:
        items.append(
            AttentionItem(
                Urgency.TO_DO,
                "Print the Emergency Kit",
                "Without it, nobody can open the school's records if the passphrase is lost.",
                "settings",
                record_id="emergency-kit",
            )
        )
    last = details.last_backup_at
    if last is None or (today - last.astimezone().date()).days > BACKUP_WARNING_DAYS:
        when = "No backup has been made yet." if last is None else f"The last was on {last.astimezone():%d/%m/%Y}."
        items.append(AttentionItem(Urgency.TO_DO, "Back up the workspace", when, "settings", record_id="backup"))
    named = school_service.key_people(workspace)
    missing = [role.label for role in ESSENTIAL_ROLES if role not in named]
    if missing:
        items.append(
            AttentionItem(
                Urgency.TO_DO,
                "Name the school's key people",
                "Not named yet: " + ", ".join(missing) + ".",
                "settings",
                record_id="key-people",
            )
        )
    return items


# Each area's checks, as typed references (mypy checks each exists and has the Check shape). The areas import their
# items from smgov.data.services.attention, never from here, so this module imports them directly.
def _register_checks() -> Check:
    return register_checks.register_checks


def _incident_checks() -> Check:
    return incidents.dashboard_check


def _blocked_content_checks() -> Check:
    return blocked_content.dashboard_check


def _content_report_checks() -> Check:
    return content_reports.dashboard_check


def _school() -> Check:
    return _school_checks


def _takedown_checks() -> Check:
    return posting.takedown_check


def _consent_rollover_checks() -> Check:
    return posting.rollover_check


def _consent_chase_checks() -> Check:
    return posting.chase_check


CHECKS: tuple[Callable[[], Check], ...] = (
    _school,
    _register_checks,
    _incident_checks,
    _blocked_content_checks,
    _content_report_checks,
    _takedown_checks,
    _consent_rollover_checks,
    _consent_chase_checks,
)


def attention_items(workspace: Workspace, today: dt.date | None = None) -> list[AttentionItem]:
    today = today or dt.date.today()
    items = [item for load in CHECKS for item in load()(workspace, today)]
    return sorted(items, key=lambda i: (i.urgency, i.due or dt.date.max, i.title))
