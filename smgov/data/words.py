"""Counts in words, as every printout and message writes them."""

from __future__ import annotations


def plural(count: float | str, one: str, many: str = "") -> str:
    """ "1 account", "1,000 accounts", "2 people" (``many`` for a plural that is not ``one`` + "s"); a count already
    in words ("fewer than 5") takes the plural."""
    shown = f"{count:,}" if isinstance(count, int | float) else count
    return f"{shown} {one if count == 1 else many or one + 's'}"
