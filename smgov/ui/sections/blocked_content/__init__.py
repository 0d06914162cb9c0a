"""The blocked content section: Appendix A access requests."""

from smgov.ui.sections.blocked_content.view import BlockedContentView

__all__ = ["BlockedContentView"]
