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
import os
import secrets
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from storage.base import Store
from storage.postgres import PostgresStore
from storage.sql.seed import seed_entries
from storage.sqlite import SqliteStore
from storage.sqlite.bulk import DoerTuple, EntryTuple, bulk_insert_entries

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


async def _ensure_template() -> None:
    global _template_ready
    if _template_ready:
        return
    conn = await _admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        await conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    finally:
        await conn.close()
    store = PostgresStore(database_dsn(TEMPLATE), min_size=1, max_size=2)
    await store.open()
    await store.close()
    _template_ready = True


async def create_database() -> str:
    """Create an empty, migrated database for one test; return its DSN."""
    await _ensure_template()
    name = f"antt_test_{secrets.token_hex(6)}"
    conn = await _admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    finally:
        await conn.close()
    return database_dsn(name)


async def drop_database(dsn: str) -> None:
    """Drop a test's database (its connections are closed by then, or ended here)."""
    name = urlsplit(dsn).path.lstrip("/")
    conn = await _admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def drop_template() -> None:
    """Drop this run's template database."""
    if not _template_ready:
        return
    conn = await _admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
    finally:
        await conn.close()


def make_store(path: Path | str, *, synchronous: str = "NORMAL") -> Store:
    """Return a store on the test's backend: the SQLite file at `path`, or its database."""
    if current == "postgresql":
        return PostgresStore(current_dsn, min_size=1, max_size=5)
    return SqliteStore(path, synchronous=synchronous)


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
