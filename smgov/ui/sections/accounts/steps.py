"""The lifecycle in words: each step's button and dialog wording, what follows a step, and where an account stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from smgov.data.models.accounts import AccountStatus
from smgov.data.services.accounts import NEEDS_DECIDER, NEEDS_REASON, AccountDetails
from smgov.ui.frame.tables import uk_date

S = AccountStatus

AFTER_STEP = {
    S.SUBMITTED: "Submitted to SLT. Print the application for the meeting (Print application…).",
    S.DRAFT: "Back to draft: change it, then submit it again.",
    S.ACTIVE: "Now active.",
    S.CLOSED: "Closed.",
}


def after_step(to: AccountStatus) -> str:
    """What the pane says once the account has moved to ``to``."""
    return AFTER_STEP.get(to, f"Now {to.label.lower()}.")


@dataclass(frozen=True)
class Step:
    """How one lifecycle step reads: its button, and (for steps that ask) its dialog."""

    button: str
    help: str
    title: str = ""
    intro: str = ""
    ok: str = ""
    reason_label: str = "Why"
    reason_hint: str = ""


def step_for(current: AccountStatus, to: AccountStatus) -> Step:
    """The plain words for moving an account from ``current`` to ``to``."""
    if to is S.SUBMITTED:
        return Step("Submit to SLT", "Send the application (business case) to SLT for a decision.")
    if to is S.APPROVED:
        return Step(
            "Record approval…",
            "SLT approved the application: record who decided, when, and any conditions.",
            "Record SLT's approval",
            "Record the decision as SLT made it. It appears on the printed application and in the history.",
            "Record approval",
            "Conditions or notes",
            "Optional: anything SLT asked for.",
        )
    if to is S.REJECTED:
        return Step(
            "Record rejection…",
            "SLT turned the application down: record who decided, when and why.",
            "Record SLT's rejection",
            "Record the decision as SLT made it. The account can go back to draft to be changed and sent again.",
            "Record rejection",
            "Reasons",
            "Why SLT turned it down.",
        )
    if to is S.DRAFT:
        return Step("Return to draft", "Take the application back to change it before it goes to SLT again.")
    if to is S.ACTIVE:
        if current is S.UNDER_REVIEW:
            return Step("Finish review", "The review is done and the account carries on as it is.")
        if current is S.TRANSFERRED:
            return Step("Mark active again", "The school runs this account again.")
        return Step("Mark active", "The account is set up and running.")
    if to is S.UNDER_REVIEW:
        return Step(
            "Start review…",
            "Review whether the account still meets its aim and the policy.",
            "Start a review",
            "Say why the account is being reviewed (for example the termly review, or a concern).",
            "Start review",
            "Why it is reviewed",
        )
    if to is S.CLOSING:
        return Step(
            "Close account…",
            "Start closing the account (on the platform too).",
            "Close the account",
            "Say why the account is closing. Mark it closed once the platform has deleted it.",
            "Start closing",
            "Why it closes",
        )
    if to is S.TRANSFERRED:
        return Step(
            "Transfer…",
            "Hand the account over to someone else (another school, the PTA, …).",
            "Transfer the account",
            "Say who the account goes to and why.",
            "Transfer",
            "To whom, and why",
        )
    if to is S.CLOSED:
        return Step("Mark closed", "The account no longer exists on the platform.")
    return Step(to.label, "")


def asks_first(to: AccountStatus) -> bool:
    """Whether the step opens a dialog (it needs a reason or a decider)."""
    return to in NEEDS_REASON or to in NEEDS_DECIDER


def status_story(details: AccountDetails) -> str:
    """Where the account stands, in a sentence or two."""
    status = details.status
    by = f" by {details.decided_by}" if details.decided_by else ""
    on = f" on {uk_date(details.decided_on)}" if details.decided_on else ""
    reasons = details.decision_reasons.strip()
    last_reason = next((t.reason for t in reversed(details.transitions) if t.to_status is status and t.reason), "")
    review = details.form.review_date
    if status is S.DRAFT:
        return (
            "A draft application. Complete the business case and name at least two staff, "
            "then submit it to SLT for a decision."
        )
    if status is S.SUBMITTED:
        return "Waiting for SLT's decision. Print the application for the meeting, then record the decision here."
    if status is S.APPROVED:
        text = f"Approved{by}{on}."
        if reasons:
            text += f" Conditions: {reasons}"
        return text + " Mark it active once the account is set up."
    if status is S.REJECTED:
        text = f"Rejected{by}{on}."
        if reasons:
            text += f" Reasons: {reasons}"
        return text + " Return it to draft to change it and submit it again."
    if status is S.ACTIVE:
        text = "Running."
        if review is not None:
            overdue = review < dt.date.today()
            text += f" Its review {'was due' if overdue else 'is due'} on {uk_date(review)}."
        return text
    if status is S.UNDER_REVIEW:
        return "Being reviewed." + (f" Why: {last_reason}" if last_reason else "")
    if status is S.CLOSING:
        return (
            "Being closed." + (f" Why: {last_reason}" if last_reason else "")
        ) + " Mark it closed once the platform has deleted it."
    if status is S.TRANSFERRED:
        return "Transferred." + (f" {last_reason}" if last_reason else "")
    return "Closed. The record stays in the register; nothing more can be done with it."
