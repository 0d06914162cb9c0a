"""The sections of the main window, in navigation order: a typed registry.

Each entry names its :class:`~smgov.data.areas.Section` key, the label the navigation shows, the icon, and a loader:
a small function that imports the section's package and returns its page class. The loader runs when the section is
first opened, so start-up never imports every section (they load SQLAlchemy, reportlab and more).

A new section is one loader below and one :class:`SectionEntry` in :data:`SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from smgov.data.areas import Section
from smgov.ui.frame.page import SectionPage
from smgov.ui.shell.session import AppSession

PageClass = Callable[[AppSession, QWidget], SectionPage]
"""A section's page class, made with ``(session, parent)``."""


@dataclass(frozen=True)
class SectionEntry:
    """One section in the navigation. ``load()`` imports the section and returns its page class, which is made
    with ``PageClass(session, parent)``."""

    key: Section
    label: str
    load: Callable[[], PageClass]
    icon: str  # an icon under resources/icons (see smgov.ui.frame.icons)
    new_noun: str = ""  # what Record > New makes here ("New incident…"); "" where the section adds nothing


def _dashboard() -> PageClass:
    from smgov.ui.sections.dashboard import DashboardView

    return DashboardView


def _incidents() -> PageClass:
    from smgov.ui.sections.incidents import IncidentsView

    return IncidentsView


def _accounts() -> PageClass:
    from smgov.ui.sections.accounts import AccountsView

    return AccountsView


def _people() -> PageClass:
    from smgov.ui.sections.people import PeopleView

    return PeopleView


def _vault() -> PageClass:
    from smgov.ui.sections.vault import VaultView

    return VaultView


def _blocked_content() -> PageClass:
    from smgov.ui.sections.blocked_content import BlockedContentView

    return BlockedContentView


def _consent() -> PageClass:
    from smgov.ui.sections.consent import ConsentView

    return ConsentView


def _reports() -> PageClass:
    from smgov.ui.sections.reports import ReportsView

    return ReportsView


def _audit() -> PageClass:
    from smgov.ui.sections.audit import AuditView

    return AuditView


def _settings() -> PageClass:
    from smgov.ui.sections.settings import SettingsPage

    return SettingsPage


SECTIONS: tuple[SectionEntry, ...] = (
    SectionEntry(Section.DASHBOARD, "Dashboard", _dashboard, "layout-dashboard"),
    SectionEntry(Section.INCIDENTS, "Incidents", _incidents, "message-square-warning", "incident"),
    SectionEntry(Section.ACCOUNTS, "Accounts", _accounts, "at-sign", "account"),
    SectionEntry(Section.PEOPLE, "People", _people, "users", "person"),
    SectionEntry(Section.VAULT, "Passwords", _vault, "key-round", "credential"),
    SectionEntry(Section.BLOCKED_CONTENT, "Blocked content", _blocked_content, "shield-ban", "request"),
    SectionEntry(Section.CONSENT, "Pupils & consent", _consent, "camera"),
    SectionEntry(Section.REPORTS, "Reports", _reports, "file-chart-column"),
    SectionEntry(Section.AUDIT, "Audit log", _audit, "scroll-text"),
    SectionEntry(Section.SETTINGS, "Settings", _settings, "settings"),
)


def section_key(name: str) -> Section | None:
    """The section a user named (command line): its key or its label, any case, with - or spaces for _."""
    wanted = name.strip().casefold().replace("-", "_").replace(" ", "_")
    for entry in SECTIONS:
        if wanted in (entry.key.value, entry.label.casefold().replace(" ", "_")):
            return entry.key
    return None
