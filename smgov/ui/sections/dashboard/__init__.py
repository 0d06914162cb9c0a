"""The dashboard: what needs doing, most urgent first."""

from smgov.ui.sections.dashboard.view import DashboardView

__all__ = ["DashboardView"]
