"""Sessions over one database, and the two kinds of database trouble worth telling apart.

- `StoreUnavailable`: the database can't be reached or is too busy (connection refused, timed
  out, dropped, locked). The conversation goes on without it; callers catch this one.
- `SchemaOutOfDate`: a table or column is missing, so the database was not migrated
  (`salesbot db upgrade`). Nobody catches it in the conversation: it is a deployment mistake.
- Anything else (a query that finds no row where one must be, a constraint broken) is a bug
  and raises as it is, so a test fails instead of a user hearing "saving is delayed".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
S = TypeVar("S", bound="SqlStore")

# SQLite reports a missing table as an OperationalError; PostgreSQL by its SQLSTATE.
_SQLITE_SCHEMA = re.compile(r"no such (?:table|column)|has no column named", re.IGNORECASE)
_POSTGRES_SCHEMA = ("42P01", "42703")  # undefined_table, undefined_column


class StoreUnavailable(RuntimeError):
    """The database could not be reached, or could not take the request right now."""


class SchemaOutOfDate(RuntimeError):
    """The database lacks a table or column: run `salesbot db upgrade`."""


def now() -> datetime:
    return datetime.now(timezone.utc)


def _translated(error: SQLAlchemyError) -> Exception | None:
    original = getattr(error, "orig", None)
    if _SQLITE_SCHEMA.search(str(original or error)) or getattr(original, "pgcode", None) in _POSTGRES_SCHEMA:
        return SchemaOutOfDate(str(error))
    if isinstance(error, (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)):
        return StoreUnavailable(str(error))
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return StoreUnavailable(str(error))
    return None


class SqlStore:
    """Sessions over one engine; connection trouble becomes StoreUnavailable."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, future=True, expire_on_commit=False)

    @classmethod
    def from_url(cls: type[S], database_url: str) -> S:
        connect_args = {"timeout": 5} if database_url.startswith("sqlite") else {"connect_timeout": 3}
        # hide_parameters: a database error names the statement, never the values (a prospect's
        # answers), so logs and error messages carry no personal data.
        return cls(
            create_engine(
                database_url, future=True, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args
            )
        )

    def _write(self, work: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session, session.begin():
                return work(session)
        except SQLAlchemyError as error:
            raise (_translated(error) or error) from error

    def _read(self, work: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session:
                return work(session)
        except SQLAlchemyError as error:
            raise (_translated(error) or error) from error
