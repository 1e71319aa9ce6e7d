"""The PostgreSQL database: an asyncpg pool behind the interface the repository uses.

The shared repository (storage/sql) runs its hot transactions as plain functions of a
connection (`run_write(work)`), which SQLite runs in its writer thread in one hop. Here
the same function runs in a greenlet: each `conn.execute` hands its query to the event
loop, which awaits asyncpg and switches back with the rows. So the function is written
once, and neither backend pays for the other's way of waiting.

Writes keep SQLite's guarantee that transactions do not interleave: one at a time in a
process (as SQLite's writer), and each takes a transaction-scoped advisory lock first, for
the other processes on the database. Bodies that queue up while the writer is busy are
committed together, each in a savepoint, as SQLite's group commit does: the batch takes
the lock once, and costs one round trip per body fewer. Reads run beside the writes on
other connections of the pool, as SQLite's reader runs beside its writer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, Generic, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import greenlet

from storage.errors import StorageError, StorageUnavailable
from storage.postgres.schema import MIGRATIONS
from storage.postgres.sqlgen import counted, translate
from storage.sqlite.migrations import Migration

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The advisory lock every write transaction holds (see the module's docstring).
WRITE_LOCK = 0x414E5454  # "ANTT"
#: The session lock of the one process serving a database (`claim`).
RUN_LOCK = 0x414E5455

#: The tables a purge deletes from, and those whose rows are blanked once used (a sent
#: message's text, a handled update's payload): rewritten after a purge (`checkpoint`).
PURGED_TABLES = ("media", "tip_sources", "outbox", "drafts", "inbox")

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
    unavailable = isinstance(
        exc, (OSError, asyncpg.InterfaceError, asyncpg.exceptions.InternalClientError)
    ) or (isinstance(state, str) and state[:2] in _UNAVAILABLE_CLASSES)
    if not unavailable:
        return exc
    error = StorageUnavailable(str(exc))
    error.__cause__ = exc
    return error


class PostgresDialect:
    """What PostgreSQL says its own way, beyond what sqlgen rewrites."""

    name = "postgresql"
    ranks_in_sql = True

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

    def wait_seconds(self, later: str, since: str) -> str:
        # Native, not SQLite's julianday and two-argument max (the schema's functions):
        # with those the country's 2.2 million waits took 7.2 s to rank, with this 4.3 s.
        # GREATEST skips a NULL, hence the CASE.
        return (
            f"CASE WHEN {later} IS NOT NULL THEN CAST(GREATEST(0, round(date_part('epoch', "
            f"CAST({later} AS timestamp) - CAST({since} AS timestamp)))) AS INTEGER) END"
        )


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


#: Statements each connection keeps prepared (asyncpg's cache; its default is 100, and
#: the repository has a few hundred).
STATEMENT_CACHE = 1024


class PgConnection:
    """One pooled asyncpg connection, spoken to in the shared repository's terms."""

    def __init__(self, raw: asyncpg.Connection, id_tables: frozenset[str]) -> None:
        self.raw = raw
        self._id_tables = id_tables

    async def run(self, sql: str, parameters: Iterable[Any] | None = None) -> _Result:
        """Run one statement and fetch what it returns.

        Through asyncpg's statement cache, so a statement is parsed once per connection
        (`Connection.prepare` would parse and describe it on the server on every call, a
        round trip, and close it later, another). `_execute` is how asyncpg's own `fetch`
        runs a cached statement; it is the one call that also hands back the command's
        status, which holds the row count the repository reads (pinned versions in
        pyproject.toml; tests/storage cover it).
        """
        text, returns_id = translate(sql, self._id_tables)
        args = list(parameters) if parameters is not None else []
        try:
            rows, status, _ = await self.raw._execute(text, args, 0, None, return_status=True)
        except asyncpg.PostgresError as exc:
            exc.add_note(f"in: {text}")  # the statement, never its parameters
            raise
        lastrowid = int(rows[-1][0]) if returns_id and rows else None
        return _Result(rows, _count(status.decode() if status else None), lastrowid)

    async def run_many(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Result:
        """Run one statement for each set of parameters, in one round trip; rowcount is
        the total (each affected row is returned, and counted)."""
        batch = [list(args) for args in parameters]
        if len(batch) <= 1:  # asyncpg's batch machinery costs more than one statement
            return await self.run(sql, batch[0]) if batch else _Result([], 0, None)
        text = counted(translate(sql, self._id_tables)[0])
        try:
            rows = await self.raw.fetchmany(text, batch)
        except asyncpg.PostgresError as exc:
            exc.add_note(f"in: {text}")
            raise
        return _Result([], len(rows), None)

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


async def _keep_session(raw: asyncpg.Connection) -> None:
    """Hand a connection back to the pool as it is.

    asyncpg's default reset sends RESET ALL, CLOSE ALL, UNLISTEN and an advisory unlock
    on every release: one more round trip per transaction, for state this adapter never
    leaves behind (its settings and locks are the transaction's, which has ended; an open
    transaction is rolled back by the pool all the same).
    """


#: A write's first round trip: the transaction and its lock (see the module's docstring),
#: one simple query so that neither costs a round trip of its own.
BEGIN_WRITE = f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
#: The same for a write whose loss in a power cut is harmless (`durable=False`).
BEGIN_RELAXED = BEGIN_WRITE + "; SET LOCAL synchronous_commit = off"
#: A read of several queries sees one snapshot, as SQLite's reader does.
BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


@asynccontextmanager
async def _transaction(raw: asyncpg.Connection, begin: str) -> AsyncIterator[None]:
    """Run a block in a transaction opened by `begin`; commit, or roll back on an error."""
    await raw.execute(begin)
    try:
        yield
    except BaseException:
        # Cancelled or closed half-way, the pool rolls back when the connection is
        # released (or drops the connection).
        if not raw.is_closed() and raw.is_in_transaction():
            await raw.execute("ROLLBACK")
        raise
    await raw.execute("COMMIT")


#: How long closing waits for the connections still in use before it ends them.
POOL_CLOSE = 10.0


class PgDatabase:
    """Owns the pool; every write is one transaction holding the write lock."""

    dialect = POSTGRES

    def __init__(self, dsn: str, *, min_size: int = 2, max_size: int = 10) -> None:
        self.dsn = dsn
        self.min_size = min_size
        self.max_size = max_size
        self._pool: asyncpg.Pool | None = None
        self._id_tables: frozenset[str] = frozenset()
        # One writer in this process: a write waiting for the advisory lock would hold a
        # pooled connection the reads need.
        self._lock = asyncio.Lock()
        # Group commit (see run_write): bodies waiting for the writer, and who runs them.
        self._queued: list[_Queued[Any]] = []
        self._committer: asyncio.Task[None] | None = None
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
                statement_cache_size=STATEMENT_CACHE,
                reset=_keep_session,
                # JIT compiling a report's aggregate cost more than running it: 1.8 s of
                # 2.6 s for a province's year of 10 million entries.
                server_settings={"jit": "off"},
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
        """Close the pool (after the writes already queued; waiting for what holds a
        connection)."""
        if self._committer is not None and not self._committer.done():
            await asyncio.wait([self._committer])
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                async with asyncio.timeout(POOL_CLOSE):
                    await pool.close()
            except TimeoutError:
                # Pool.close waits for every connection to come back; cancelled, it ends
                # them: a stop must end even if a query never returns.
                log.warning(
                    "Ended the PostgreSQL connections after %.0f s: a query had not finished",
                    POOL_CLOSE,
                )

    async def checkpoint(self) -> None:
        """Rewrite the tables a purge deletes from, so that their files keep no deleted row.

        PostgreSQL leaves a deleted or updated row's bytes in its page until the page is
        reused, VACUUM or not (a source's name, a delivered message's text blanked hours
        ago). VACUUM FULL writes the live rows into new files and empties the old ones.
        Each table is locked while it is rewritten: a moment, for tables the purge and the
        pruning keep small. Not ANALYZE: it would sample the columns' values into the
        catalogue. The server's WAL and its backups keep old bytes until they are recycled.
        """
        try:
            async with self.pool.acquire() as raw:
                await _older_transactions_end(raw)
                for table in PURGED_TABLES:
                    # An empty file has nothing to forget (a new database's first purge).
                    if await raw.fetchval("SELECT pg_relation_size($1::regclass)", table):
                        await raw.execute(f"VACUUM FULL {table}")
        except Exception as exc:
            error = translate_error(exc)
            if error is exc:
                raise
            raise error from exc

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
            async with (
                self._lock,
                self.pool.acquire() as raw,
                _transaction(raw, BEGIN_WRITE if durable else BEGIN_RELAXED),
            ):
                yield PgConnection(raw, self._id_tables)
        except Exception as exc:
            error = self._failed(exc)
            if error is exc:
                raise
            raise error from exc

    async def run_write(self, work: Callable[[Any], T], *, durable: bool = True) -> T:
        """Run `work` as one transaction, or with the bodies queued beside it in one
        (each in a savepoint: one that fails is undone alone and raises to its caller).
        The caller hears back after the commit; `durable=False` commits without waiting
        for the WAL's flush unless a body of the batch needs it."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queued.append(_Queued(work, durable, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued())
        # A cancelled caller must not cancel the batch it shares with others.
        return await asyncio.shield(future)

    async def _commit_queued(self) -> None:
        while self._queued:
            batch, self._queued = self._queued[:MAX_BATCH], self._queued[MAX_BATCH:]
            try:
                async with self._lock:
                    outcomes = await self._run_batch(batch)
            except BaseException as exc:
                error = self._failed(exc)
                for queued in batch:
                    if not queued.future.done():
                        queued.future.set_exception(error)
                if not isinstance(exc, Exception):
                    raise
                continue
            for queued, (ok, value) in zip(batch, outcomes, strict=True):
                if queued.future.done():
                    continue
                if ok:
                    queued.future.set_result(value)
                else:
                    queued.future.set_exception(self._failed(value))

    async def _run_batch(self, batch: list[_Queued[Any]]) -> list[tuple[bool, Any]]:
        """Run queued bodies in one transaction; return each one's outcome."""
        begin = BEGIN_WRITE if any(q.durable for q in batch) else BEGIN_RELAXED
        alone = len(batch) == 1  # no savepoint: its failure undoes the transaction anyway
        outcomes: list[tuple[bool, Any]] = []
        async with self.pool.acquire() as raw:
            sync = PgConnection(raw, self._id_tables).sync
            async with _transaction(raw, begin if alone else begin + "; SAVEPOINT work"):
                for i, queued in enumerate(batch):
                    if i:
                        await raw.execute("RELEASE SAVEPOINT work; SAVEPOINT work")
                    try:
                        outcomes.append((True, await run_body(queued.work, sync)))
                    except Exception as exc:
                        if alone or raw.is_closed() or not raw.is_in_transaction():
                            raise
                        await raw.execute("ROLLBACK TO SAVEPOINT work")
                        outcomes.append((False, exc))
        return outcomes

    async def run_read(self, work: Callable[[Any], T]) -> T:
        """Run `work`'s queries in one snapshot, as SQLite's reader does."""
        try:
            async with (
                self.pool.acquire() as raw,
                _transaction(raw, BEGIN_READ),
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


async def _older_transactions_end(raw: asyncpg.Connection, wait: float = 10.0) -> None:
    """Wait (`wait` seconds at most) for this database's transactions begun before now.

    A deleted row stays, VACUUM FULL included, while a transaction that may still see it
    is open: one that began before the purge committed (a read beside it). The bot's own
    last milliseconds; an operator's session left open is waited for only so long. The
    server's autovacuum is not waited for: vacuums keep no deleted row alive (the server
    leaves them out of that horizon), and an autovacuum gives way to VACUUM FULL's lock.
    """
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND xact_start < $1 AND backend_type = 'client backend'"
    )
    since = await raw.fetchval("SELECT clock_timestamp()")
    deadline = asyncio.get_running_loop().time() + wait
    while await raw.fetchval(query, since):
        if asyncio.get_running_loop().time() > deadline:
            log.warning("A transaction older than the purge is still open: its rows may stay")
            return
        await asyncio.sleep(0.05)


#: Bodies committed together at most (bounds how long the first of them waits).
MAX_BATCH = 64


class _Queued(Generic[T]):
    """A body waiting for the writer, with the future its caller awaits."""

    __slots__ = ("durable", "future", "work")

    def __init__(self, work: Callable[[Any], T], durable: bool, future: asyncio.Future[T]) -> None:
        self.work = work
        self.durable = durable
        self.future = future


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
