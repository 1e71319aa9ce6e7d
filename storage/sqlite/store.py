"""The SQLite implementation of the Store interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storage.domain import Channel
from storage.sql.repository import Repository
from storage.sqlite.db import Database
from storage.sqlite.lock import RunLock, lock_path


class SqliteStore(Repository):
    """All persistence over one SQLite file: one writer connection, one reader."""

    db: Database

    def __init__(self, path: Path | str, *, synchronous: str = "FULL") -> None:
        self.db = Database(path, synchronous=synchronous)
        self._run_lock: RunLock | None = None

    async def claim(self, *, shared: bool = False) -> None:
        """Become the one process serving this database; AlreadyRunning if another is.

        SQLite is served by one process whatever the mode: `shared` changes nothing."""
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

    # One process serves an SQLite file (the run lock): every chat and role is its own.

    async def claim_chat(self, channel: Channel, chat_id: str) -> bool:
        """Return True: no other process delivers from this database."""
        return True

    async def release_chat(self, channel: Channel, chat_id: str) -> None:
        """Nothing to release."""

    async def pace(self, channel: Channel, interval: float) -> float | None:
        """Return None: this process paces its sends alone."""
        return None

    async def lead(self, role: str) -> bool:
        """Return True: the only process leads."""
        return True

    async def listen(self, topic: str, wake: Callable[[], None]) -> None:
        """Nothing to listen to: no other process writes."""

    async def notify(self, topic: str) -> None:
        """Nobody else to wake."""

    @property
    def write_failures(self) -> int:
        """Return how many writes the database refused for want of space or I/O so far."""
        return self.db.write_failures
