"""The database backends the suite runs on: SQLite always, PostgreSQL where there is one.

Storage, end-to-end and trust tests run once per backend (tests/conftest.py parametrizes
them with `backend`). On PostgreSQL each test gets a database of its own, cloned from a
template that was migrated once per run, and dropped afterwards.

The server is ANTT_TEST_POSTGRES (a DSN to a database we may CREATE DATABASE from), else
127.0.0.1:5432 when something answers there (.ci/run starts a throwaway cluster when
nothing does). With none, the PostgreSQL runs are skipped and the session says so once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import os
import secrets
import socket
import threading
from collections.abc import Coroutine, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.base import Store
from storage.postgres import PostgresStore
from storage.sql.seed import seed_entries
from storage.sqlite import SqliteStore
from storage.sqlite.bulk import DoerTuple, EntryTuple, bulk_insert_entries

T = TypeVar("T")

Backend = Literal["sqlite", "postgresql"]
BACKENDS: tuple[Backend, ...] = ("sqlite", "postgresql")

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
TEMPLATE = f"antt_test_template_{os.getpid()}"

#: The backend of the test now running (set by the `backend` fixture).
current: Backend = "sqlite"
#: The PostgreSQL database of the test now running.
current_dsn: str = ""

_server: str | None = None
_checked = False
_template_ready = False


def server() -> str | None:
    """Return the DSN of a PostgreSQL server to test against, or None."""
    global _server, _checked
    if _checked:
        return _server
    _checked = True
    dsn = os.environ.get("ANTT_TEST_POSTGRES", "")
    if dsn.lower() in ("0", "off", "none"):
        return None
    dsn = dsn or DEFAULT_SERVER
    parts = urlsplit(dsn)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 1):
            pass
    except OSError:
        return None
    try:
        asyncio.run(_probe(dsn))
    except (OSError, asyncpg.PostgresError):
        return None
    _server = dsn
    return _server


async def _probe(dsn: str) -> None:
    conn = await asyncpg.connect(dsn, timeout=3)
    await conn.close()


def database_dsn(name: str) -> str:
    """Return the server's DSN with another database name."""
    base = server()
    assert base is not None
    parts = urlsplit(base)
    # A test's commits need not wait for the disk (asyncpg passes it as a server setting).
    query = "&".join(q for q in (parts.query, "synchronous_commit=off") if q)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, parts.fragment))


async def _admin() -> asyncpg.Connection:
    base = server()
    assert base is not None
    return await asyncpg.connect(base)


async def _ensure_template(admin: asyncpg.Connection) -> None:
    global _template_ready
    if _template_ready:
        return
    await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
    await admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
    store = PostgresStore(database_dsn(TEMPLATE), min_size=1, max_size=2)
    await store.open()
    await store.close()
    _template_ready = True


#: Empties a used test database in one transaction, as its template left it: the tables a
#: test wrote to (their files are not empty: TRUNCATE gives them new ones, so no byte of
#: an earlier test's rows is left for a test that reads the files) and every identity back
#: at 1. A test writes to a few tables, so this takes a fraction of CREATE DATABASE's time
#: (a copy of the whole catalogue, synced to disk).
RESET = """
DO $$
DECLARE
    written text;
    t record;
BEGIN
    SELECT string_agg(format('%I', tablename), ', ') INTO written FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> 'antt_schema'
    AND pg_relation_size(format('%I', tablename)::regclass) > 0;
    IF written IS NOT NULL THEN
        EXECUTE 'TRUNCATE ' || written || ' RESTART IDENTITY CASCADE';
    END IF;
    FOR t IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
        PERFORM setval(format('%I', t.sequencename), 1, false);
    END LOOP;
END $$
"""


class _Databases:
    """The tests' databases: made one test ahead, emptied after each test and used again.

    A test mostly waits on loopback while the server would sit idle: so the work is done in
    a thread of its own, with its own event loop (each test runs its own) and one admin
    connection, while the tests run. A database that cannot be emptied (a test changed its
    schema, or the server's account is no superuser) is dropped, and a new one made.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._admin: asyncpg.Connection | None = None
        self._turn: asyncio.Lock | None = None
        self._ready = threading.Condition()
        #: Databases ready for a test, and how many are being made or emptied.
        self._clean: list[str] = []
        self._pending = 0
        self._error: BaseException | None = None

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(self._in_turn(coro), self._loop)

    async def _in_turn(self, coro: Coroutine[Any, Any, T]) -> T:
        # One at a time, in the order asked: they share the admin connection.
        if self._turn is None:
            self._turn = asyncio.Lock()
        async with self._turn:
            return await coro

    async def _connection(self) -> asyncpg.Connection:
        if self._admin is None or self._admin.is_closed():
            self._admin = await _admin()
        return self._admin

    def _done(self, dsn: str | None, error: BaseException | None = None) -> None:
        with self._ready:
            self._pending -= 1
            if dsn is not None:
                self._clean.append(dsn)
            if error is not None:
                self._error = error
            self._ready.notify_all()

    def _start_making(self) -> None:
        self._pending += 1
        self._submit(self._make())

    async def _make(self) -> None:
        try:
            admin = await self._connection()
            await _ensure_template(admin)
            name = f"antt_test_{secrets.token_hex(6)}"
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        except BaseException as exc:
            self._done(None, exc)
            raise
        self._done(database_dsn(name))

    async def _empty(self, dsn: str) -> None:
        name = urlsplit(dsn).path.lstrip("/")
        admin = await self._connection()
        try:
            # What the test left connected (a killed bot's session, a store never closed).
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
            conn = await asyncpg.connect(dsn)
            try:
                await conn.execute(RESET)
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError):
            with contextlib.suppress(OSError, asyncpg.PostgresError):
                await self._drop(dsn)
            self._done(None)
        else:
            self._done(dsn)

    async def _drop(self, dsn: str) -> None:
        name = urlsplit(dsn).path.lstrip("/")
        admin = await self._connection()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def take(self) -> str:
        """Return an empty, migrated database's DSN; start making the next test's."""
        with self._ready:
            while not self._clean:
                if self._error is not None:
                    raise self._error
                if self._pending == 0:
                    self._start_making()
                if not self._ready.wait(timeout=120):
                    raise TimeoutError("no test database after 2 minutes")
            dsn = self._clean.pop(0)
            if not self._clean and self._pending == 0:
                self._start_making()
        return dsn

    def give_back(self, dsn: str) -> None:
        """Take a test's database back: it is emptied behind the test, for another."""
        with self._ready:
            self._pending += 1
        self._submit(self._empty(dsn))

    def finish(self) -> None:
        """Drop every database and the template; end the thread."""
        with self._ready:
            self._ready.wait_for(lambda: self._pending == 0, timeout=120)
            clean, self._clean = self._clean, []
        with contextlib.suppress(Exception):
            self._submit(self._finish(clean)).result(timeout=120)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _finish(self, databases: list[str]) -> None:
        try:
            for dsn in databases:
                await self._drop(dsn)
            if _template_ready:
                admin = await self._connection()
                await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        finally:
            if self._admin is not None:
                await self._admin.close()


_databases: _Databases | None = None


def create_database() -> str:
    """Return the DSN of an empty, migrated database for one test."""
    global _databases
    if _databases is None:
        _databases = _Databases()
    return _databases.take()


async def drop_database(dsn: str) -> None:
    """Drop a database a test made for itself (not one `create_database` handed out)."""
    name = urlsplit(dsn).path.lstrip("/")
    admin = await _admin()
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def release_database(dsn: str) -> None:
    """Hand back a test's database once the test is over (emptied for the next one)."""
    assert _databases is not None
    _databases.give_back(dsn)


def finish() -> None:
    """Drop this run's databases and template (at the end of the session)."""
    global _databases
    if _databases is not None:
        databases, _databases = _databases, None
        databases.finish()


@contextlib.contextmanager
def selected(chosen: Backend) -> Iterator[Backend]:
    """Make `chosen` the backend of what runs inside (on PostgreSQL, a database of its own)."""
    global current, current_dsn
    if chosen == "sqlite":
        yield chosen
        return
    dsn = create_database()
    current, current_dsn = chosen, dsn
    try:
        yield chosen
    finally:
        current, current_dsn = "sqlite", ""
        release_database(dsn)


def make_store(path: Path | str, *, synchronous: str = "NORMAL") -> Store:
    """Return a store on the test's backend: the SQLite file at `path`, or its database."""
    if current == "postgresql":
        return PostgresStore(current_dsn, min_size=1, max_size=5)
    return SqliteStore(path, synchronous=synchronous)


async def query(path: Path | str, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Return a query's rows from the test's database, through a store of its own (for a
    database a bot in another process writes)."""
    store = make_store(path)
    await store.open()
    try:
        return await store.db.fetchall(sql, params)  # type: ignore[attr-defined,no-any-return]
    finally:
        await store.close()


async def database_bytes(path: Path) -> bytes:
    """Return every byte the test's database keeps in its files: SQLite's file, WAL and
    shared memory; the files of PostgreSQL's tables, indexes and TOAST, read by the server
    after a checkpoint wrote its buffers out. Not the server's own: its WAL (recycled in
    its time) and its catalogue (the planner's statistics may sample a column's values)."""
    if current == "sqlite":
        parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        return b"".join(p.read_bytes() for p in parts if p.exists())
    conn = await asyncpg.connect(current_dsn)
    try:
        await conn.execute("CHECKPOINT")
        files = await conn.fetch(
            "SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relfilenode <> 0 AND n.nspname IN (current_schema(), 'pg_toast') "
            "AND c.relpersistence = 'p'"
        )
        chunks = []
        for row in files:
            with contextlib.suppress(asyncpg.UndefinedFileError):
                chunks.append(await conn.fetchval("SELECT pg_read_binary_file($1)", row["path"]))
        return b"".join(chunks)
    finally:
        await conn.close()


def storage_settings(path: Path | str) -> dict[str, object]:
    """Return the [storage] table of the test's backend (media beside `path`)."""
    table: dict[str, object] = {
        "path": str(path),
        "synchronous": "NORMAL",
        "media_dir": str(Path(path).parent),
    }
    if current == "postgresql":
        table.update(backend="postgresql", dsn=current_dsn, pool_size=5)
    return table


def storage_toml(path: Path | str, **overrides: object) -> str:
    """Return the [storage] table of the test's backend as a config file's lines (for a
    bot or a command run as a separate process)."""
    table = {**storage_settings(path), **overrides}
    lines = ["[storage]"]
    for key, value in table.items():
        # A JSON string is a TOML basic string; numbers are the same in both.
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


async def bulk_entries(
    store: Store, rows: Iterable[EntryTuple], doers: Iterable[DoerTuple] = ()
) -> int:
    """Load entry rows into the test's store (SQLite's file loader, or through the store)."""
    if isinstance(store, SqliteStore):
        # The file loader blocks: off the event loop, as the bot runs beside it.
        return await asyncio.to_thread(
            bulk_insert_entries, Path(store.db.path), list(rows), doers=list(doers)
        )
    assert isinstance(store, PostgresStore)
    return await seed_entries(store.db, rows, doers)
