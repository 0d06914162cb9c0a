"""The areas of the school's records, as the UI names its sections and announces changes.

:class:`Section` is the key of each section of the main window; :class:`Change` is what a write announces so that
views of that area refresh (``session.changed.emit(Change.PEOPLE)``). Both are ``StrEnum``: the stored and
remembered strings ("people", "blocked_content") stay as they were.
"""

from __future__ import annotations

import enum


class Section(enum.StrEnum):
    """A section of the main window, in the order the navigation lists them."""

    DASHBOARD = "dashboard"
    INCIDENTS = "incidents"
    ACCOUNTS = "accounts"
    PEOPLE = "people"
    VAULT = "vault"
    BLOCKED_CONTENT = "blocked_content"
    CONSENT = "consent"
    REPORTS = "reports"
    AUDIT = "audit"
    SETTINGS = "settings"


class Change(enum.StrEnum):
    """What a write changed: every view showing that area reloads (the dashboard on any change)."""

    SETTINGS = "settings"
    AUDIT = "audit"
    PEOPLE = "people"
    CONSENT = "consent"  # pupils, their consent, posts and takedowns
    ACCOUNTS = "accounts"
    VAULT = "vault"
    INCIDENTS = "incidents"
    BLOCKED_CONTENT = "blocked_content"
    EVERYTHING = ""  # a restore or import that may touch any area
