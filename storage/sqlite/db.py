"""The SQLite connections: one writer guarded by a lock, two readers in threads, and one
for short reads on the event loop's own thread."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

import aiosqlite

from storage.errors import DamagedDatabase, StorageError, StorageUnavailable
from storage.files import make_private, private_dir, touch_private, warn_if_open
from storage.names import search_words
from storage.sqlite.migrations import MIGRATIONS, Migration

log = logging.getLogger(__name__)

T = TypeVar("T")

#: SQLite's primary result codes that mean "cannot write now", not "this write is wrong":
#: BUSY, READONLY, IOERR, FULL, CANTOPEN (https://sqlite.org/rescode.html).
_UNAVAILABLE = frozenset({5, 8, 10, 13, 14})
#: NOTADB, CORRUPT: the file itself is damaged.
_DAMAGED = frozenset({26, 11})
#: INTERRUPT (a read over its time on the loop's thread), BUSY, LOCKED: run it again in a
#: reader's thread.
_MOVE_TO_THREAD = frozenset({9, 5, 6})
#: How long a read may hold the event loop before it is stopped and run again in a
#: reader's thread. A point read (a draft, a person, a chat's queued messages) takes a few
#: microseconds inline against 15-50 µs for the hop to a thread and back, and a step makes
#: several; a count over a year of entries is stopped after this and loses no more.
INLINE_BUDGET_S = 0.002
#: VM instructions between looks at the clock (a look costs about 0.1 µs).
_INLINE_CHECK_EVERY = 1000


def translate(exc: BaseException) -> BaseException:
    """Return the storage error a driver error stands for (or the error itself).

    A full disk or an I/O error raises StorageUnavailable, so callers can wait and retry
    instead of taking the write for a bug; a damaged file raises DamagedDatabase.
    """
    if isinstance(exc, StorageError) or not isinstance(exc, sqlite3.Error):
        return exc
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in _UNAVAILABLE:
        error: StorageError = StorageUnavailable(str(exc))
    elif code in _DAMAGED:
        error = DamagedDatabase(str(exc))
    else:
        return exc
    error.__cause__ = exc
    return error


class SqliteDialect:
    """What SQLite says its own way (the shared SQL is written in SQLite's dialect)."""

    name = "sqlite"
    ranks_in_sql = False

    def search_query(self, words: Sequence[str], commune_tokens: Sequence[str]) -> str:
        """Return an FTS5 query: every word as a quoted prefix (no FTS syntax gets
        through), within the communes' documents."""
        terms = ['"' + w.replace('"', "") + '"*' for w in words if w.replace('"', "")]
        if not terms:
            return ""
        if commune_tokens:
            terms.insert(0, "(" + " OR ".join(f'"{t}"' for t in commune_tokens) + ")")
        return " AND ".join(terms)

    def wait_seconds(self, later: str, since: str) -> str:
        # round: stored times have whole seconds, julianday's float has noise (3118.99998).
        return f"CAST(round(max(0, (julianday({later}) - julianday({since})) * 86400)) AS INTEGER)"


SQLITE = SqliteDialect()


class Database:
    """Owns the connections; every write goes through `write()`, one at a time."""

    dialect = SQLITE

    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        self.path = str(path)
        self.synchronous = synchronous
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        # A second reader, for reads made while the first is busy: a country's report
        # runs its long counts side by side, one per core, and a long read holds up no
        # other (WAL readers do not block one another).
        self._spare: aiosqlite.Connection | None = None
        self._reading = {0: 0, 1: 0}
        # Short reads on the loop's thread (see _inline_rows); None when not open or in memory.
        self._inline: sqlite3.Connection | None = None
        self._inline_thread = 0
        self._inline_deadline = 0.0
        # One writer: transactions spanning several awaits must not interleave.
        self._lock = asyncio.Lock()
        # Group commit (see run_write): works waiting for the writer, and who runs them.
        self._queued: list[_Queued[Any]] = []
        self._committer: asyncio.Task[None] | None = None
        #: Writes refused for want of space or I/O so far (see Store.write_failures).
        self.write_failures = 0

    async def open(self, migrations: Sequence[Migration] = MIGRATIONS) -> None:
        """Open both connections and bring the schema up to date."""
        if self.path != ":memory:":
            self._private_files()
        try:
            self._writer = await self._connect()
            await migrate(self._writer, migrations)
            self._reader = await self._connect()
            self._spare = await self._connect()
            if self.path != ":memory:":
                self._inline = self._connect_inline()
        except BaseException as exc:
            # A half-open database would keep its threads alive and the process with them.
            await self.close()
            error = translate(exc)
            if error is exc:
                raise
            raise error from exc

    def _private_files(self) -> None:
        """Make the database, its WAL and its shared-memory file 0600 in a 0700 folder.

        SQLite creates the -wal and -shm files with the database file's own mode, so a
        database created 0600 keeps them 0600 too; files made by an older version are
        tightened here.
        """
        path = Path(self.path)
        folder = path.parent
        if folder.exists():
            warn_if_open(folder)
        private_dir(folder)
        touch_private(path)
        for suffix in ("-wal", "-shm", "-journal"):
            make_private(path.with_name(path.name + suffix))

    async def _connect(self) -> aiosqlite.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly
        # what `write()` spans.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            for pragma in (
                "journal_mode=WAL",
                f"synchronous={self.synchronous}",
                "foreign_keys=ON",
                "busy_timeout=5000",
                # Deleted rows (a purged source, a scrubbed message) are overwritten with
                # zeros instead of lingering in free pages and free space of the file.
                "secure_delete=ON",
            ):
                await conn.execute_fetchall(f"PRAGMA {pragma}")
            # The entry search index folds text in a trigger (migration 7).
            await conn.create_function("antt_fold", 1, search_words, deterministic=True)
        except BaseException:
            await conn.close()
            raise
        return conn

    def _connect_inline(self) -> sqlite3.Connection:
        """Open the connection for short reads made on the event loop's thread.

        It never waits for a lock (busy_timeout 0: a busy database sends the read to a
        reader's thread instead of stalling every chat), and a progress handler stops any
        read that runs past INLINE_BUDGET_S.
        """
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.row_factory = sqlite3.Row
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=0"):
                conn.execute(f"PRAGMA {pragma}")
            conn.create_function("antt_fold", 1, search_words, deterministic=True)
            conn.set_progress_handler(self._over_budget, _INLINE_CHECK_EVERY)
        except BaseException:
            conn.close()
            raise
        self._inline_thread = threading.get_ident()
        return conn

    def _over_budget(self) -> bool:
        return time.perf_counter() > self._inline_deadline

    def _inline_rows(self, sql: str, params: Sequence[Any]) -> list[sqlite3.Row] | None:
        """Run a read on the loop's thread; None when it must go to a reader's thread
        instead (it ran too long, the database was busy, or this is another thread)."""
        conn = self._inline
        if conn is None or threading.get_ident() != self._inline_thread:
            return None
        self._inline_deadline = time.perf_counter() + INLINE_BUDGET_S
        try:
            rows: list[sqlite3.Row] = conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _MOVE_TO_THREAD:
                return None
            raise
        return rows

    def _failed(self, exc: BaseException) -> BaseException:
        """Translate a write's error, counting those that mean "cannot write now"."""
        error = translate(exc)
        if isinstance(error, StorageUnavailable):
            self.write_failures += 1
        return error

    async def close(self) -> None:
        """Close both connections (after the writes already queued)."""
        if self._committer is not None and not self._committer.done():
            await asyncio.wait([self._committer])
        if self._inline is not None:
            self._inline.close()
            self._inline = None
        for conn in (self._spare, self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._spare = self._reader = self._writer = None

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it (after a purge).

        Until then the WAL still holds old copies of the pages a purge rewrote; TRUNCATE
        waits for readers (busy_timeout) and leaves a WAL of zero bytes.
        """
        async with self._lock:
            rows = await self.writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = next(iter(rows))[0] if rows else 0
        if busy:
            log.warning("The WAL could not be emptied after a purge (a reader was busy)")

    @property
    def writer(self) -> aiosqlite.Connection:
        """Return the writer connection (for backups and migrations)."""
        if self._writer is None:
            raise StorageError("database is not open")
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        """Return the reader connection."""
        if self._reader is None:
            raise StorageError("database is not open")
        return self._reader

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run a block as one IMMEDIATE transaction on the writer."""
        async with self._lock:
            conn = self.writer
            try:
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    await conn.execute("COMMIT")
                except BaseException:
                    # SQLite may have rolled back already (a full disk does): a transaction
                    # left open would refuse every later BEGIN, space or not.
                    if conn.in_transaction:
                        await conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                error = self._failed(exc)
                if error is exc:
                    raise
                raise error from exc

    async def run_write(
        self, work: Callable[[sqlite3.Connection], T], *, durable: bool = True
    ) -> T:
        """Run `work` in a transaction of its own, whole, in the writer's thread.

        A transaction of N statements through aiosqlite's API costs N thread hops, each a
        wake-up; the hot paths (a conversation step, a delivery) do their work in one hop
        instead. And works that queue up while the writer is busy are committed together
        (group commit): each in its own savepoint, so one that fails is undone alone and
        raises to its caller; all in one transaction, one hop and one fsync. A caller
        hears back only after that commit, so what it was told is on disk. With 50 writers
        at once that is 14 times the fsynced writes a second (bench/group_commit.py).

        `durable=False` commits without an fsync even under synchronous=FULL, for records
        whose loss in a power cut is harmless (a "sent" mark: the message goes once more);
        a batch holding any durable work is synced.
        """
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
                    outcomes = await _in_thread(self.writer, partial(self._transaction, batch))
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

    def _transaction(self, batch: list[_Queued[Any]]) -> list[tuple[bool, Any]]:
        """Run queued works in one transaction (in the writer's thread)."""
        conn = _raw(self.writer)
        relax = self.synchronous == "FULL" and not any(q.durable for q in batch)
        if relax:
            conn.execute("PRAGMA synchronous=NORMAL")
        outcomes: list[tuple[bool, Any]] = []
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for queued in batch:
                    conn.execute("SAVEPOINT work")
                    try:
                        outcomes.append((True, queued.work(conn)))
                    except Exception as exc:
                        if not conn.in_transaction:
                            # SQLite rolled the whole transaction back (a full disk, an I/O
                            # error): the works before this one are undone too.
                            raise
                        conn.execute("ROLLBACK TO work")
                        outcomes.append((False, exc))
                    conn.execute("RELEASE work")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            if relax:
                conn.execute(f"PRAGMA synchronous={self.synchronous}")
        return outcomes

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[aiosqlite.Connection]:
        """Lend the reader with fewer reads under way (the first when both are idle)."""
        which = 0 if self._reading[0] <= self._reading[1] or self._spare is None else 1
        conn = self.reader if which == 0 else self._spare
        if conn is None:
            raise StorageError("database is not open")
        self._reading[which] += 1
        try:
            yield conn
        finally:
            self._reading[which] -= 1

    async def run_read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in a reader's thread (several queries, one hop)."""
        async with self._read() as reader:
            return await _in_thread(reader, lambda: work(_raw(reader)))

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query on the loop's thread if it is short, else on a reader
        connection (never through a lingering cursor)."""
        inline = self._inline_rows(sql, params)
        if inline is not None:
            return inline
        async with self._read() as reader:
            rows = await reader.execute_fetchall(sql, params)
        return list(rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        """Run a read query and return its first row."""
        inline = self._inline_rows(sql, params)
        if inline is not None:
            return inline[0] if inline else None
        async with self._read() as reader:
            return await fetchone(reader, sql, params)


#: Works committed together at most (bounds how long the first of them waits).
MAX_BATCH = 64


class _Queued(Generic[T]):
    """A work waiting for the writer, with the future its caller awaits."""

    __slots__ = ("durable", "future", "work")

    def __init__(
        self, work: Callable[[sqlite3.Connection], T], durable: bool, future: asyncio.Future[T]
    ) -> None:
        self.work = work
        self.durable = durable
        self.future = future


def _raw(conn: aiosqlite.Connection) -> sqlite3.Connection:
    # Only called inside the connection's own thread (from _in_thread).
    raw: sqlite3.Connection = conn._conn
    return raw


async def _in_thread(conn: aiosqlite.Connection, work: Callable[[], T]) -> T:
    """Run a function in an aiosqlite connection's worker thread.

    aiosqlite has no public call for this; `_execute` is how its own methods do it (stable
    across the versions pinned in pyproject.toml; tests/storage cover it).
    """
    result: T = await conn._execute(work)  # type: ignore[no-untyped-call]
    return result


async def fetchone(
    conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()
) -> sqlite3.Row | None:
    """Return the first row of a query on a given connection."""
    # Executed and fetched in one call: a cursor left open between awaits would pin the
    # connection's read snapshot, and another task's query would see stale data.
    rows = list(await conn.execute_fetchall(sql, params))
    return rows[0] if rows else None


async def fetchall(
    conn: aiosqlite.Connection, sql: str, params: Sequence[Any] = ()
) -> list[sqlite3.Row]:
    """Return all rows of a query on a given connection."""
    return list(await conn.execute_fetchall(sql, params))


async def schema_version(conn: aiosqlite.Connection) -> int:
    """Return PRAGMA user_version."""
    row = await fetchone(conn, "PRAGMA user_version")
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, migrations: Iterable[Migration]) -> int:
    """Apply every migration newer than the database, each atomically; return the version."""
    steps = sorted(migrations, key=lambda m: m.version)
    current = await schema_version(conn)
    newest = steps[-1].version if steps else 0
    if current > newest:
        raise StorageError(
            f"the database is at schema version {current}, newer than this bot "
            f"understands ({newest}); upgrade the bot"
        )
    for step in steps:
        if step.version <= current:
            continue
        log.info("Migrating database to version %d (%s)", step.version, step.name)
        # The version bump is inside the same transaction as the change it records.
        try:
            await conn.executescript(
                f"BEGIN IMMEDIATE;\n{step.sql}\nPRAGMA user_version={step.version};\nCOMMIT;"
            )
        except sqlite3.Error as exc:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise StorageError(f"migration {step.version} ({step.name}) failed: {exc}") from exc
        current = step.version
    return current
