"""``@override`` for the modules on the way to the first dialog, without importing ``typing_extensions`` (about 5 ms
at start). Type checkers see ``typing_extensions.override``; at run time the decorator returns the method as it is.
Every other module imports it from ``typing_extensions`` directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import override
else:

    def override(method):
        return method


__all__ = ["override"]
