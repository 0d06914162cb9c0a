"""One package per section of the main window."""
