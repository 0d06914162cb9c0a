"""The settings section."""

from smgov.ui.sections.settings.view import SettingsPage

__all__ = ["SettingsPage"]
