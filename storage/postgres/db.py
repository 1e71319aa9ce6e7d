"""The PostgreSQL database: an asyncpg pool behind the interface the repository uses.

The shared repository (storage/sql) runs its hot transactions as plain functions of a
connection (`run_write(work)`), which SQLite runs in its writer thread in one hop. Here
the same function runs in a greenlet: each `conn.execute` hands its query to the event
loop, which awaits asyncpg and switches back with the rows. So the function is written
once, and neither backend pays for the other's way of waiting.

Writes keep SQLite's guarantee that transactions do not interleave: each takes a
transaction-scoped advisory lock first. Reads run beside them on other connections of the
pool, as SQLite's reader runs beside its writer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import greenlet

from storage.errors import StorageError, StorageUnavailable
from storage.postgres.schema import MIGRATIONS
from storage.postgres.sqlgen import translate
from storage.sqlite.migrations import Migration

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The advisory lock every write transaction holds (see the module's docstring).
WRITE_LOCK = 0x414E5454  # "ANTT"
#: The session lock of the one process serving a database (`claim`).
RUN_LOCK = 0x414E5455

#: SQLSTATE classes that mean "cannot write now": 08 connection, 53 resources (disk full,
#: out of memory), 57 operator intervention (shutdown), 58 system (I/O).
_UNAVAILABLE_CLASSES = ("08", "53", "57", "58")


def redacted(dsn: str) -> str:
    """Return a DSN fit for a log line: the password replaced by ***."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def translate_error(exc: BaseException) -> BaseException:
    """Return the storage error a driver error stands for (or the error itself)."""
    if isinstance(exc, StorageError):
        return exc
    state = getattr(exc, "sqlstate", None)
    unavailable = isinstance(exc, (OSError, asyncpg.InterfaceError)) or (
        isinstance(state, str) and state[:2] in _UNAVAILABLE_CLASSES
    )
    if not unavailable:
        return exc
    error = StorageUnavailable(str(exc))
    error.__cause__ = exc
    return error


class PostgresDialect:
    """What PostgreSQL says its own way, beyond what sqlgen rewrites."""

    name = "postgresql"

    def search_query(self, words: Sequence[str], commune_tokens: Sequence[str]) -> str:
        """Return a tsquery: every word (split as the index splits it) as a prefix,
        within the communes' documents. Only letters and digits get through."""
        terms = [f"'{part}':*" for w in words for part in _parts(w)]
        if not terms:
            return ""
        if commune_tokens:
            communes = " | ".join(f"'{t}'" for t in commune_tokens if t.isalnum())
            terms.insert(0, f"({communes})")
        return " & ".join(terms)


def _parts(word: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for ch in word:
        if ch.isalnum():
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


POSTGRES = PostgresDialect()


# --- the bridge between a transaction body written as a plain function and asyncpg ---


class _Body(greenlet.greenlet):  # type: ignore[misc]
    """A transaction body running in its own greenlet (see `_await`)."""


def _await(awaitable: Awaitable[T]) -> T:
    """Wait for `awaitable` from inside a transaction body: switch to the event loop's
    greenlet, which awaits it and switches back with the outcome."""
    current = greenlet.getcurrent()
    if not isinstance(current, _Body):
        raise StorageError("a PostgreSQL query ran outside a transaction body")
    return cast(T, current.parent.switch(awaitable))


async def run_body(work: Callable[..., T], *args: Any) -> T:
    """Run a plain function that calls `_await`, awaiting on its behalf."""
    body = _Body(work)
    pending = body.switch(*args)
    while not body.dead:
        try:
            value = await pending
        except BaseException as exc:  # handed to the body, which may catch it
            pending = body.throw(exc)
        else:
            pending = body.switch(value)
    return cast(T, pending)


# --- cursors and connections with the shapes of storage/sql/conn.py ---


class PgRow(asyncpg.Record):  # type: ignore[misc]
    """A row that reads as sqlite3.Row does: `keys()` is a list, checked more than once."""

    def keys(self) -> list[str]:
        return list(super().keys())


class _Result:
    """A statement's rows and counts, already fetched."""

    __slots__ = ("_rows", "lastrowid", "rowcount")

    def __init__(self, rows: list[asyncpg.Record], rowcount: int, lastrowid: int | None) -> None:
        self._rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class _AsyncResult(_Result):
    """The same, read with awaits (as aiosqlite's cursor is)."""

    async def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    async def fetchall(self) -> list[Any]:  # type: ignore[override]
        return list(self._rows)


def _count(status: str | None) -> int:
    # "INSERT 0 3", "UPDATE 2", "DELETE 0", "SELECT 5"
    if not status:
        return -1
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class PgConnection:
    """One pooled asyncpg connection, spoken to in the shared repository's terms."""

    def __init__(self, raw: asyncpg.Connection, id_tables: frozenset[str]) -> None:
        self.raw = raw
        self._id_tables = id_tables

    async def run(self, sql: str, parameters: Iterable[Any] | None = None) -> _Result:
        """Run one statement and fetch what it returns."""
        text, returns_id = translate(sql, self._id_tables)
        args = list(parameters) if parameters is not None else []
        try:
            statement = await self.raw.prepare(text)
        except asyncpg.PostgresError as exc:
            exc.add_note(f"in: {text}")  # the statement, never its parameters
            raise
        rows = await statement.fetch(*args)
        lastrowid = int(rows[-1][0]) if returns_id and rows else None
        return _Result(rows, _count(statement.get_statusmsg()), lastrowid)

    async def run_many(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Result:
        """Run one statement for each set of parameters; rowcount is the total."""
        text, _ = translate(sql, self._id_tables)
        statement = await self.raw.prepare(text)
        total = 0
        for args in parameters:
            await statement.fetch(*args)
            total += max(_count(statement.get_statusmsg()), 0)
        return _Result([], total, None)

    # The async shape (aiosqlite's).

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> _AsyncResult:
        result = await self.run(sql, parameters)
        return _AsyncResult(result.fetchall(), result.rowcount, result.lastrowid)

    async def execute_fetchall(
        self, sql: str, parameters: Iterable[Any] | None = None
    ) -> list[Any]:
        return (await self.run(sql, parameters)).fetchall()

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _AsyncResult:
        result = await self.run_many(sql, parameters)
        return _AsyncResult([], result.rowcount, None)

    @property
    def sync(self) -> SyncConnection:
        """Return this connection as a transaction body sees it."""
        return SyncConnection(self)


class SyncConnection:
    """The sqlite3 shape, for transaction bodies running in a greenlet (`run_body`)."""

    def __init__(self, conn: PgConnection) -> None:
        self._conn = conn

    def execute(self, sql: str, parameters: Any = None, /) -> _Result:
        return _await(self._conn.run(sql, parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> _Result:
        return _await(self._conn.run_many(sql, parameters))


# --- lenient parameters: SQLite takes an int for a text column and a bool for an int ---


def _int_text(value: Any) -> str:
    return str(int(value))


def _float_text(value: Any) -> str:
    return repr(float(value))


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


async def _init_connection(conn: asyncpg.Connection) -> None:
    # Text format both ways: asyncpg's binary codecs refuse what SQLite accepts (a str
    # for an integer, an int for a text), and the shared code passes SQLite's types.
    for name in ("int2", "int4", "int8"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_int_text, decoder=int, format="text"
        )
    for name in ("float4", "float8"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=_float_text, decoder=float, format="text"
        )
    await conn.set_type_codec(
        "numeric", schema="pg_catalog", encoder=str, decoder=_number, format="text"
    )
    for name in ("text", "varchar", "interval", "json"):
        await conn.set_type_codec(
            name, schema="pg_catalog", encoder=str, decoder=str, format="text"
        )
    await conn.set_type_codec(
        "bool",
        schema="pg_catalog",
        encoder=lambda v: "t" if v else "f",
        decoder=lambda t: t == "t",
        format="text",
    )


class PgDatabase:
    """Owns the pool; every write is one transaction holding the write lock."""

    dialect = POSTGRES

    def __init__(self, dsn: str, *, min_size: int = 2, max_size: int = 10) -> None:
        self.dsn = dsn
        self.min_size = min_size
        self.max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._id_tables: frozenset[str] = frozenset()
        #: Writes refused for want of space or a connection so far.
        self.write_failures = 0

    @property
    def pool(self) -> asyncpg.Pool:
        """Return the pool (the database is open)."""
        if self._pool is None:
            raise StorageError("database is not open")
        return self._pool

    async def open(self, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        """Connect and bring the schema up to date."""
        try:
            self._pool = await asyncpg.create_pool(
                self.dsn,
                min_size=self.min_size,
                max_size=self.max_size,
                init=_init_connection,
                record_class=PgRow,
            )
        except BaseException as exc:
            error = translate_error(exc)
            log.error("Cannot connect to PostgreSQL at %s: %s", redacted(self.dsn), exc)
            if error is exc:
                raise StorageUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
            raise error from exc
        try:
            async with self.pool.acquire() as raw:
                await migrate(raw, migrations)
                rows = await raw.fetch(
                    "SELECT table_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND column_name = 'id'"
                )
            self._id_tables = frozenset(r[0] for r in rows)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Close the pool (waiting for what holds a connection)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def checkpoint(self) -> None:
        """Nothing to do: PostgreSQL keeps no old copies a purge must flush by hand."""

    def _failed(self, exc: BaseException) -> BaseException:
        error = translate_error(exc)
        if isinstance(error, StorageUnavailable):
            self.write_failures += 1
        return error

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[PgConnection]:
        """Lend a pooled connection (outside any transaction)."""
        async with self.pool.acquire() as raw:
            yield PgConnection(raw, self._id_tables)

    @asynccontextmanager
    async def write(self, *, durable: bool = True) -> AsyncIterator[PgConnection]:
        """Run a block as one transaction holding the write lock."""
        try:
            async with self.pool.acquire() as raw, raw.transaction():
                await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
                if not durable:
                    await raw.execute("SET LOCAL synchronous_commit = off")
                yield PgConnection(raw, self._id_tables)
        except Exception as exc:
            error = self._failed(exc)
            if error is exc:
                raise
            raise error from exc

    async def run_write(self, work: Callable[[Any], T], *, durable: bool = True) -> T:
        """Run `work` as one transaction (see the module's docstring)."""
        async with self.write(durable=durable) as conn:
            return await run_body(work, conn.sync)

    async def run_read(self, work: Callable[[Any], T]) -> T:
        """Run `work`'s queries in one snapshot, as SQLite's reader does."""
        try:
            async with (
                self.pool.acquire() as raw,
                raw.transaction(isolation="repeatable_read", readonly=True),
            ):
                return await run_body(work, PgConnection(raw, self._id_tables).sync)
        except Exception as exc:
            error = translate_error(exc)
            if error is exc:
                raise
            raise error from exc

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Run a read query."""
        try:
            async with self.connection() as conn:
                return (await conn.run(sql, params)).fetchall()
        except Exception as exc:
            error = translate_error(exc)
            if error is exc:
                raise
            raise error from exc

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run a read query and return its first row."""
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


async def schema_version(raw: asyncpg.Connection) -> int:
    """Return the schema's version (0 for an empty database)."""
    exists = await raw.fetchval("SELECT to_regclass('antt_schema') IS NOT NULL")
    if not exists:
        return 0
    return int(await raw.fetchval("SELECT coalesce(max(version), 0) FROM antt_schema"))


async def migrate(raw: asyncpg.Connection, migrations: Iterable[Migration]) -> int:
    """Apply every migration newer than the database, each atomically; return the version.

    Several processes may start at once: the first to take the lock migrates, the others
    then find nothing to do.
    """
    steps = sorted(migrations, key=lambda m: m.version)
    newest = steps[-1].version if steps else 0
    async with raw.transaction():
        await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
        await raw.execute(
            "CREATE TABLE IF NOT EXISTS antt_schema (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        current = await schema_version(raw)
        if current > newest:
            raise StorageError(
                f"the database is at schema version {current}, newer than this bot "
                f"understands ({newest}); upgrade the bot"
            )
        for step in steps:
            if step.version <= current:
                continue
            log.info("Migrating database to version %d (%s)", step.version, step.name)
            try:
                async with raw.transaction():
                    await raw.execute(step.sql)
                    await raw.execute(
                        "INSERT INTO antt_schema (version, name) VALUES ($1, $2)",
                        step.version,
                        step.name,
                    )
            except asyncpg.PostgresError as exc:
                raise StorageError(f"migration {step.version} ({step.name}) failed: {exc}") from exc
            current = step.version
    return current
