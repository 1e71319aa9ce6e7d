"""The SQLite implementation of the Store interface."""

from __future__ import annotations

from pathlib import Path

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
from storage.sqlite.db import Database
from storage.sqlite.lock import RunLock, lock_path


class SqliteStore(
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
    """All persistence over one SQLite file: one writer connection, one reader."""

    db: Database

    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        self.db = Database(path, synchronous=synchronous)
        self._run_lock: RunLock | None = None

    async def claim(self) -> None:
        """Become the one process serving this database; AlreadyRunning if another is."""
        if self.db.path == ":memory:":
            return
        if self._run_lock is None:
            self._run_lock = RunLock(lock_path(self.db.path))
        self._run_lock.acquire()

    async def open(self) -> None:
        """Open the database and apply pending migrations."""
        await self.db.open()

    async def close(self) -> None:
        """Close the database (and give up the claim on it)."""
        try:
            await self.db.close()
        finally:
            if self._run_lock is not None:
                self._run_lock.release()

    @property
    def write_failures(self) -> int:
        """Return how many writes the database refused for want of space or I/O so far."""
        return self.db.write_failures
