"""The Passwords section (the credential vault): the list, the details pane, the health report and the dialogs."""

from smgov.ui.sections.vault.view import VaultView

__all__ = ["VaultView"]
