"""The PostgreSQL implementation of the Store interface: the shared repository over a pool."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import asyncpg

from storage.errors import AlreadyRunning, StorageUnavailable
from storage.postgres.db import RUN_LOCK, PgDatabase, redacted
from storage.sql.accounts import AccountsMixin
from storage.sql.audit import AuditMixin
from storage.sql.calendar import CalendarMixin
from storage.sql.chats import ChatsMixin
from storage.sql.entries import EntryMixin
from storage.sql.joins import JoinMixin
from storage.sql.numbers import ChatNumbersMixin
from storage.sql.org import OrgMixin
from storage.sql.people import PeopleMixin
from storage.sql.police import PoliceMixin
from storage.sql.queue import QueueMixin
from storage.sql.reports import ReportMixin
from storage.sql.web import WebMixin


async def _holder(conn: asyncpg.Connection) -> str:
    """Return who holds the run lock: its process and machine, as far as the server says.

    A one-key advisory lock is listed with the key's high half as classid and its low half
    as objid. Another account's sessions are hidden without pg_read_all_stats: then "".
    """
    row = await conn.fetchrow(
        "SELECT a.application_name, host(a.client_addr) AS addr FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 "
        "AND l.objsubid = 1 AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())",
        RUN_LOCK >> 32,
        RUN_LOCK & 0xFFFFFFFF,
    )
    if row is None or not row["application_name"]:
        return ""
    name = str(row["application_name"]).removeprefix("antt-bot ")
    return f"{name}, from {row['addr']}" if row["addr"] else name


class PostgresStore(
    OrgMixin,
    PeopleMixin,
    JoinMixin,
    EntryMixin,
    QueueMixin,
    AuditMixin,
    AccountsMixin,
    CalendarMixin,
    PoliceMixin,
    ReportMixin,
    WebMixin,
    ChatNumbersMixin,
    ChatsMixin,
):
    """All persistence in one PostgreSQL database, through a connection pool."""

    db: PgDatabase

    def __init__(self, dsn: str, *, min_size: int = 2, max_size: int = 10) -> None:
        self.db = PgDatabase(dsn, min_size=min_size, max_size=max_size)
        self._claim: asyncpg.Connection | None = None

    async def claim(self) -> None:
        """Become the one process serving this database; AlreadyRunning if another is.

        A session-level advisory lock on a connection of its own: the server frees it when
        that session ends, however this process ends, so it is never stale. The session is
        named after this process, so that a refused one can say which process holds it (as
        SQLite's lock file does), wherever that process runs.
        """
        if self._claim is not None:
            return
        started = datetime.now(UTC).isoformat(timespec="seconds")
        name = f"antt-bot pid {os.getpid()}, since {started}"
        try:
            conn = await asyncpg.connect(self.db.dsn, server_settings={"application_name": name})
        except (OSError, asyncpg.PostgresError) as exc:
            raise StorageUnavailable(
                f"cannot connect to PostgreSQL at {redacted(self.db.dsn)}: {exc}"
            ) from exc
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", RUN_LOCK):
            try:
                holder = await _holder(conn)
            finally:
                await conn.close()
            raise AlreadyRunning(
                f"{redacted(self.db.dsn)}: another antt-bot is already running on this "
                f"database ({holder or 'its pid is unknown'}); stop it first"
            )
        self._claim = conn

    async def open(self) -> None:
        """Connect and apply pending migrations."""
        await self.db.open()

    async def close(self) -> None:
        """Close the pool (and give up the claim on the database)."""
        try:
            await self.db.close()
        finally:
            if self._claim is not None:
                conn, self._claim = self._claim, None
                await conn.close()

    @property
    def write_failures(self) -> int:
        """Return how many writes the database refused for want of space or a connection."""
        return self.db.write_failures
