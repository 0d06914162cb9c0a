"""Printable documents and exports, from an open workspace to bytes: where services meet smgov.reports.

The CLI (``smgov form``, ``smgov export``) and the UI (print preview, Save as PDF) both go through the registries
below, so a document prints the same from either. Each area adds its entries in its own module; they are named
here as "module:function" strings and imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smgov.data.workspace import Workspace
    from smgov.reports.pdf import Letterhead


@dataclass(frozen=True)
class FormSpec:
    """A printable form. ``blank(letterhead)`` prints it for paper use; ``filled(workspace, record_id)`` from a
    record. Either may be None where it makes no sense."""

    title: str
    blank: str | None
    filled: str | None


@dataclass(frozen=True)
class ExportSpec:
    """A table export: ``export(workspace, fmt, full_names) -> bytes`` where fmt is "csv" or "xlsx"."""

    title: str
    export: str


FORMS: dict[str, FormSpec] = {
    "account-application": FormSpec(
        "Social media account application",
        "smgov.documents.accounts:account_application_blank",
        "smgov.documents.accounts:account_application_filled",
    ),
    "blocked-content": FormSpec(
        "Blocked content access request form (Appendix A)",
        "smgov.documents.incidents:blocked_content_blank",
        "smgov.documents.incidents:blocked_content_filled",
    ),
    "inappropriate-content": FormSpec(
        "Inappropriate content report form (Appendix B)",
        "smgov.documents.incidents:inappropriate_content_blank",
        "smgov.documents.incidents:inappropriate_content_filled",
    ),
    "incident": FormSpec("Incident report", None, "smgov.documents.incidents:incident_report"),
}
EXPORTS: dict[str, ExportSpec] = {
    "accounts": ExportSpec("Account register", "smgov.documents.accounts:export_accounts"),
    "incidents": ExportSpec("Incident log", "smgov.documents.incidents:export_incidents"),
}


def resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


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


def blank_form(kind: str, school_name: str = "", logo: bytes | None = None) -> bytes:
    from smgov.reports.pdf import Letterhead

    spec = FORMS[kind]
    if spec.blank is None:
        raise KeyError(kind)
    result: bytes = resolve(spec.blank)(Letterhead(school_name, logo))
    return result


def filled_form(kind: str, workspace: Workspace, record_id: int) -> bytes:
    spec = FORMS[kind]
    if spec.filled is None:
        raise KeyError(kind)
    result: bytes = resolve(spec.filled)(workspace, record_id)
    return result


def export(what: str, workspace: Workspace, fmt: str, *, full_names: bool = False) -> bytes:
    result: bytes = resolve(EXPORTS[what].export)(workspace, fmt, full_names)
    return result
