"""The one DeclarativeBase of the workspace and its column types.

Times are stored as UTC ISO-8601 text and come back timezone-aware; dates as ISO text. Big binary columns (the logo,
later screenshots) are deferred so lists never load them.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Generic, TypeVar

from sqlalchemy import Date, LargeBinary, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from typing_extensions import override

# Constraint names are fixed so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC ISO text (sorts correctly, readable by any SQLCipher client)."""

    impl = String(32)
    cache_ok = True

    @override
    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    @override
    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC)


E = TypeVar("E", bound=enum.StrEnum)


class StoredEnum(TypeDecorator[E], Generic[E]):
    """A StrEnum stored as its value, in a plain VARCHAR (no CHECK constraint, no native enum).

    The stored strings are the values every schema since the first has held, so old files read as they are; a
    column typed ``Mapped[TheEnum]`` gives back members, and takes members (or their values) when written.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[E], length: int) -> None:
        super().__init__(length)
        self.enum_class = enum_class
        self.length = length
        self._members: dict[str, E] = {member.value: member for member in enum_class}

    @override
    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        member = self._members.get(value)  # a member hashes as its value
        if member is None:
            raise ValueError(f"{value!r} is not a {self.enum_class.__name__}")
        return member.value

    @override
    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        if value is None:
            return None
        member = self._members.get(value)
        if member is None:
            raise ValueError(f"{value!r} stored in the file is not a {self.enum_class.__name__}")
        return member

    @property
    @override
    def python_type(self) -> type[E]:
        return self.enum_class


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        dt.datetime: UtcDateTime(),
        dt.date: Date(),
        str: Text(),
        bytes: LargeBinary(),
    }
