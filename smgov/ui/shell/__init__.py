"""The shell: the application, its main window, the session, locking, unlocking and the first-run wizard."""
