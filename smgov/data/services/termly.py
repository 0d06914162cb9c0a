"""What happened in a period, for the termly pack: the reads no screen needed before (escalations recorded on
incidents' timelines, DSL acknowledgements, account decisions, consent withdrawals, outputs in the audit log).

Everything else in the pack comes from the functions the screens use (``incidents.list_incidents``,
``accounts.list_accounts``, ``vault.health_report``, ``consent.grid``...); these only add counts and dates over a
range. Each is one read, a few columns, no secret and no pupil's name. Ranges are UTC moments, start included and
end excluded, or dates with both ends included, as each function says.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from smgov.data.models import AuditEvent
from smgov.data.models.accounts import AccountStatus, AccountTransition
from smgov.data.models.consent import ConsentChange, ConsentEntry
from smgov.data.models.incidents import ActionType, Incident, IncidentAction
from smgov.data.workspace import Workspace

ESCALATIONS = (ActionType.ESCALATED_TO_SLT, ActionType.ESCALATED_TO_DSL, ActionType.ESCALATED_TO_POLICE)


def escalations(workspace: Workspace, start: dt.datetime, end: dt.datetime) -> Counter[ActionType]:
    """How many escalations to SLT, the DSL and the police incidents' timelines record as happening in
    [start, end): current entries only (not withdrawn, not corrected by a later entry)."""
    corrected = select(IncidentAction.corrects_id).where(IncidentAction.corrects_id.is_not(None))
    query = (
        select(IncidentAction.action, func.count())
        .where(
            IncidentAction.action.in_(ESCALATIONS),
            IncidentAction.withdrawn.is_(False),
            IncidentAction.id.not_in(corrected),
            IncidentAction.occurred_at >= start,
            IncidentAction.occurred_at < end,
        )
        .group_by(IncidentAction.action)
    )
    with workspace.read() as session:
        return Counter({action: count for action, count in session.execute(query)})


def dsl_acknowledgements(workspace: Workspace) -> dict[int, dt.datetime]:
    """incident id -> when the DSL acknowledged its safeguarding concern (acknowledged concerns only)."""
    query = select(Incident.id, Incident.dsl_acknowledged_at).where(
        Incident.safeguarding_concern.is_(True), Incident.dsl_acknowledged_at.is_not(None)
    )
    with workspace.read() as session:
        return {incident_id: at for incident_id, at in session.execute(query) if at is not None}


@dataclass(frozen=True)
class AccountMove:
    """An account's move from one state to another (an application submitted, approved, rejected...)."""

    account_id: int
    from_status: AccountStatus
    to_status: AccountStatus
    at: dt.datetime


def account_moves(workspace: Workspace, start: dt.datetime, end: dt.datetime) -> list[AccountMove]:
    """The register's state changes in [start, end), oldest first."""
    query = (
        select(
            AccountTransition.account_id,
            AccountTransition.from_status,
            AccountTransition.to_status,
            AccountTransition.at,
        )
        .where(AccountTransition.at >= start, AccountTransition.at < end)
        .order_by(AccountTransition.at, AccountTransition.id)
    )
    with workspace.read() as session:
        return [AccountMove(*row) for row in session.execute(query)]


def consent_withdrawals(workspace: Workspace, start: dt.date, end: dt.date) -> int:
    """Withdrawals of consent taking effect from ``start`` to ``end`` (both included), one per pupil and purpose."""
    query = select(func.count()).where(
        and_(
            ConsentEntry.change == ConsentChange.WITHDRAWAL,
            ConsentEntry.effective_on >= start,
            ConsentEntry.effective_on <= end,
        )
    )
    with workspace.read() as session:
        return int(session.execute(query).scalar_one())


def audit_action_counts(workspace: Workspace, start: dt.datetime, end: dt.datetime) -> Counter[str]:
    """action value -> how many audit events of it fall in [start, end)."""
    query = (
        select(AuditEvent.action, func.count())
        .where(AuditEvent.at >= start, AuditEvent.at < end)
        .group_by(AuditEvent.action)
    )
    with workspace.read() as session:
        return Counter({action: count for action, count in session.execute(query)})
