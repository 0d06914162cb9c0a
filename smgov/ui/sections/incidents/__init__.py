"""The incidents section: the incident log, an incident's timeline, screenshot evidence and its redaction, the
inappropriate content report (Appendix B) and the printouts for SLT."""

from smgov.ui.sections.incidents.view import IncidentsView

__all__ = ["IncidentsView"]
