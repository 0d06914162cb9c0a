"""Printable documents and exports, from an open workspace to bytes: where services meet smgov.reports.

The CLI (``smgov form``, ``smgov export``) and the UI (print preview, Save as PDF) both go through the registries
below, so a document prints the same from either. Each area writes its documents in its own module; the registries
hold typed references to them. Those modules load SQLAlchemy and reportlab (about 0.7 s), so each reference is a
small function here that imports its module when it is first called: the CLI's argument parser and the main window
read the registries without paying for that.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.reports.pdf import Letterhead

BlankRenderer = Callable[["Letterhead"], bytes]
"""Prints a form for paper use, headed with the school's name and logo."""
FilledRenderer = Callable[["Workspace", int], bytes]
"""Prints a form filled from record ``record_id``."""
Exporter = Callable[["Workspace", str, bool], bytes]
"""Exports a table: ``(workspace, fmt, full_names)``, fmt "csv" or "xlsx"."""


class FormKind(enum.StrEnum):
    """The printable forms, by the name the CLI takes (``smgov form KIND``)."""

    ACCOUNT_APPLICATION = "account-application"
    CONSENT = "consent"
    BLOCKED_CONTENT = "blocked-content"
    INAPPROPRIATE_CONTENT = "inappropriate-content"
    INCIDENT = "incident"


class ExportKind(enum.StrEnum):
    """The table exports, by the name the CLI takes (``smgov export WHAT``)."""

    ACCOUNTS = "accounts"
    CONSENT = "consent"
    INCIDENTS = "incidents"


@dataclass(frozen=True)
class FormSpec:
    """A printable form. ``blank(letterhead)`` prints it for paper use; ``filled(workspace, record_id)`` from a
    record. Either is None where it makes no sense."""

    title: str
    blank: BlankRenderer | None
    filled: FilledRenderer | None


@dataclass(frozen=True)
class ExportSpec:
    """A table export: ``export(workspace, fmt, full_names) -> bytes`` where fmt is "csv" or "xlsx"."""

    title: str
    export: Exporter


# -- the references, each importing its module on first call -------------------------------------------------------


def _account_application_blank(head: Letterhead) -> bytes:
    from smgov.documents.accounts import account_application_blank

    return account_application_blank(head)


def _account_application_filled(workspace: Workspace, record_id: int) -> bytes:
    from smgov.documents.accounts import account_application_filled

    return account_application_filled(workspace, record_id)


def _blocked_content_blank(head: Letterhead) -> bytes:
    from smgov.documents.incidents import blocked_content_blank

    return blocked_content_blank(head)


def _blocked_content_filled(workspace: Workspace, record_id: int) -> bytes:
    from smgov.documents.incidents import blocked_content_filled

    return blocked_content_filled(workspace, record_id)


def _inappropriate_content_blank(head: Letterhead) -> bytes:
    from smgov.documents.incidents import inappropriate_content_blank

    return inappropriate_content_blank(head)


def _inappropriate_content_filled(workspace: Workspace, record_id: int) -> bytes:
    from smgov.documents.incidents import inappropriate_content_filled

    return inappropriate_content_filled(workspace, record_id)


def _incident_report(workspace: Workspace, record_id: int) -> bytes:
    from smgov.documents.incidents import incident_report

    return incident_report(workspace, record_id)


def _consent_blank(head: Letterhead) -> bytes:
    from smgov.documents.consent import consent_form_blank

    return consent_form_blank(head)


def _consent_for_pupil(workspace: Workspace, record_id: int) -> bytes:
    from smgov.documents.consent import consent_form_for_pupil

    return consent_form_for_pupil(workspace, record_id)


def _export_consent(workspace: Workspace, fmt: str, full_names: bool) -> bytes:
    from smgov.documents.consent import export_consent

    return export_consent(workspace, fmt, full_names)


def _export_accounts(workspace: Workspace, fmt: str, full_names: bool) -> bytes:
    from smgov.documents.accounts import export_accounts

    return export_accounts(workspace, fmt, full_names)


def _export_incidents(workspace: Workspace, fmt: str, full_names: bool) -> bytes:
    from smgov.documents.incidents import export_incidents

    return export_incidents(workspace, fmt, full_names)


FORMS: dict[FormKind, FormSpec] = {
    FormKind.ACCOUNT_APPLICATION: FormSpec(
        "Social media account application", _account_application_blank, _account_application_filled
    ),
    FormKind.BLOCKED_CONTENT: FormSpec(
        "Blocked content access request form (Appendix A)", _blocked_content_blank, _blocked_content_filled
    ),
    FormKind.INAPPROPRIATE_CONTENT: FormSpec(
        "Inappropriate content report form (Appendix B)", _inappropriate_content_blank, _inappropriate_content_filled
    ),
    FormKind.INCIDENT: FormSpec("Incident report", None, _incident_report),
    FormKind.CONSENT: FormSpec("Images and Videos Parental Consent Form", _consent_blank, _consent_for_pupil),
}
EXPORTS: dict[ExportKind, ExportSpec] = {
    ExportKind.ACCOUNTS: ExportSpec("Account register", _export_accounts),
    ExportKind.INCIDENTS: ExportSpec("Incident log", _export_incidents),
    ExportKind.CONSENT: ExportSpec("Consent register", _export_consent),
}


def letterhead(workspace: Workspace) -> Letterhead:
    """The school's name and logo, for the top of every page."""
    from smgov.data.services import school
    from smgov.reports.pdf import Letterhead

    return Letterhead(school.get_details(workspace).name, school.get_logo(workspace))


def emergency_kit(workspace: Workspace, created_on: dt.date | None = None) -> bytes:
    from smgov.reports.emergency_kit import emergency_kit_pdf

    return emergency_kit_pdf(
        letterhead=letterhead(workspace),
        workspace_file_name=workspace.path.name,
        recovery_key=workspace.recovery_key,
        created_on=created_on or dt.date.today(),
    )


def _form(kind: str) -> FormSpec:
    try:
        return FORMS[FormKind(kind)]
    except ValueError:
        raise KeyError(kind) from None


def blank_form(kind: str, school_name: str = "", logo: bytes | None = None) -> bytes:
    """Form ``kind`` for paper use (KeyError when it has no blank version)."""
    from smgov.reports.pdf import Letterhead

    blank = _form(kind).blank
    if blank is None:
        raise KeyError(kind)
    return blank(Letterhead(school_name, logo))


def filled_form(kind: str, workspace: Workspace, record_id: int) -> bytes:
    """Form ``kind`` filled from record ``record_id`` (KeyError when it has no filled version)."""
    filled = _form(kind).filled
    if filled is None:
        raise KeyError(kind)
    return filled(workspace, record_id)


def export(what: str, workspace: Workspace, fmt: str, *, full_names: bool = False) -> bytes:
    try:
        spec = EXPORTS[ExportKind(what)]
    except ValueError:
        raise KeyError(what) from None
    return spec.export(workspace, fmt, full_names)
