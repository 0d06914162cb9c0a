"""smgov: social media governance for UK schools."""

__version__ = "0.1.0"
APP_NAME = "smgov"
COMMAND_NAMES = (
    "init",
    "demo",
    "verify",
    "backup",
    "restore",
    "passwd",
    "import",
    "export",
    "form",
    "consent",
    "report",
)
COMMANDS = frozenset(COMMAND_NAMES)
"""The command line's commands (``smgov COMMAND``); anything else opens the app. Here, not in ``smgov.cli``, so the
way to the first window does not import the command line."""
