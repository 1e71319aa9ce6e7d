"""The SQLite implementation of the Store interface."""

from __future__ import annotations

from pathlib import Path

from storage.sqlite.accounts import AccountsMixin
from storage.sqlite.audit import AuditMixin
from storage.sqlite.calendar import CalendarMixin
from storage.sqlite.db import Database
from storage.sqlite.entries import EntryMixin
from storage.sqlite.joins import JoinMixin
from storage.sqlite.org import OrgMixin
from storage.sqlite.people import PeopleMixin
from storage.sqlite.police import PoliceMixin
from storage.sqlite.queue import QueueMixin
from storage.sqlite.reports import ReportMixin
from storage.sqlite.web import WebMixin


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
):
    """All persistence over one SQLite file: one writer connection, one reader."""

    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        self.db = Database(path, synchronous=synchronous)

    async def open(self) -> None:
        """Open the database and apply pending migrations."""
        await self.db.open()

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()
