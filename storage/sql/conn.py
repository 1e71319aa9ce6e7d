"""What the shared SQL repository needs of a backend: connections, cursors, a database.

The mixins in storage/sql are written once against these shapes. SQLite's own objects
(sqlite3 and aiosqlite) have them already; the PostgreSQL backend (storage/postgres)
provides adapters over asyncpg. Rows are `sqlite3.Row` or `asyncpg.Record`: both are read
by column name and by position, and both have `keys()`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, TypeAlias, TypeVar

import asyncpg

T = TypeVar("T")

#: A result row (sqlite3.Row or asyncpg.Record).
Row: TypeAlias = Any

#: What a unique or foreign-key rule refused, whichever backend said so.
IntegrityError: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError,
    asyncpg.IntegrityConstraintViolationError,
)


class Cursor(Protocol):
    """A statement's outcome, read in the connection's own thread or greenlet."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Conn(Protocol):
    """A connection used synchronously, inside one transaction body (`run_write`)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...


class AsyncCursor(Protocol):
    """A statement's outcome on an async connection."""

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    async def fetchone(self) -> Any: ...

    async def fetchall(self) -> Iterable[Any]: ...


class AsyncConn(Protocol):
    """A connection used with awaits, inside `async with db.write()`."""

    def execute(self, sql: str, parameters: Iterable[Any] | None = ...) -> Awaitable[Any]: ...

    def execute_fetchall(
        self, sql: str, parameters: Iterable[Any] | None = ...
    ) -> Awaitable[Iterable[Any]]: ...

    def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> Awaitable[Any]: ...


class Dialect(Protocol):
    """The few things the backends say differently (the rest of the SQL is shared)."""

    @property
    def name(self) -> str: ...

    @property
    def ranks_in_sql(self) -> bool:
        """Whether the server has percentile_disc … WITHIN GROUP (nearest-rank percentiles)."""
        ...

    def search_query(self, words: Sequence[str], commune_tokens: Sequence[str]) -> str:
        """Return the full-text query for `entries_search MATCH ?`: every word as a
        prefix, within any of the communes' tokens."""
        ...

    def wait_seconds(self, later: str, since: str) -> str:
        """Return an SQL expression: the whole seconds from stored time `since` (never
        NULL) to `later`, 0 if `later` is earlier, NULL if `later` is NULL."""
        ...


class Database(Protocol):
    """A backend's database: reads, one-transaction writes, and what it says differently."""

    write_failures: int

    @property
    def dialect(self) -> Dialect: ...

    def write(self) -> AbstractAsyncContextManager[Any]: ...

    async def run_write(self, work: Callable[[Any], T], *, durable: bool = True) -> T: ...

    async def run_read(self, work: Callable[[Any], T]) -> T: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def checkpoint(self) -> None: ...


async def fetchone(conn: AsyncConn, sql: str, params: Sequence[Any] = ()) -> Row | None:
    """Return the first row of a query on a given connection."""
    # Executed and fetched in one call: a cursor left open between awaits would pin the
    # connection's read snapshot, and another task's query would see stale data.
    rows = list(await conn.execute_fetchall(sql, params))
    return rows[0] if rows else None


async def fetchall(conn: AsyncConn, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Return all rows of a query on a given connection."""
    return list(await conn.execute_fetchall(sql, params))
