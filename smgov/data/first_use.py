"""What the data layer does the first time it is used in a process, done ahead of time on request.

The app calls :func:`prepare` on its background thread while the user types the passphrase, so that the unlock and
the first dashboard do not wait for imports, SQLAlchemy's mapper set-up or the bank-holiday tables.
"""

from __future__ import annotations

import datetime as dt
import importlib

SERVICES = (
    "smgov.data.migrations",  # the open's upgrade check
    "smgov.data.operators",
    "smgov.data.services.school",  # the school's details for the status bar
    "smgov.data.services.dashboard",
    "smgov.data.services.consent",  # the dashboard's consent chase imports these when first run
    "smgov.data.services.pupils",
)


def prepare() -> None:
    """Import the services the unlock and the dashboard use, set up the models' mappers and load this year's bank
    holidays. Safe to call from any thread, and again (it does nothing the second time that costs anything)."""
    for name in SERVICES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    from smgov.data import calendar

    configure_mappers()  # the models' relationships, set up by the first query otherwise
    calendar.bank_holiday(dt.date.today())  # the holidays library and its tables: a tenth of a second
