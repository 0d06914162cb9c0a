"""Reports: the termly pack for SLT or governors in a built-in preview, saved, printed or taken to the spreadsheet
program; the account register, the staff training matrix and the due dates for Outlook."""

from smgov.ui.sections.reports.view import ReportsView

__all__ = ["ReportsView"]
