"""The PostgreSQL implementation of the Store interface: the shared repository over a pool."""

from __future__ import annotations

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
        that session ends, however this process ends, so it is never stale.
        """
        if self._claim is not None:
            return
        try:
            conn = await asyncpg.connect(self.db.dsn)
        except (OSError, asyncpg.PostgresError) as exc:
            raise StorageUnavailable(
                f"cannot connect to PostgreSQL at {redacted(self.db.dsn)}: {exc}"
            ) from exc
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", RUN_LOCK):
            await conn.close()
            raise AlreadyRunning(
                f"{redacted(self.db.dsn)}: another antt-bot is already running on this "
                "database; stop it first"
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
