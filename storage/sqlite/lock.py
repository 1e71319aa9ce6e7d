"""One process serves a database: an OS lock on a file beside it.

Two `antt-bot run` on one database would both poll, both send and both run the schedule:
every reply and alert twice. The first to start takes an exclusive `flock` on
`<database>.lock`; a second one is refused with who holds it. The kernel releases the lock
when its process ends, however it ends (kill -9, a power cut), so a lock is never stale;
the pid written into the file is only there to tell a person which process it is.

`antt-bot restore` takes the same lock while it replaces the file, so neither can start
while the other works. Backends that several processes may share (PostgreSQL) implement
`Store.claim` their own way, e.g. with a session-level advisory lock, which the server
frees the same way.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from storage.errors import AlreadyRunning


def lock_path(database: Path | str) -> Path:
    """Return the lock file of a database file."""
    return Path(f"{database}.lock")


class RunLock:
    """An exclusive, non-blocking lock held from `acquire` to `release` (or the process end)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Return whether this process holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyRunning naming the process that has it."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise AlreadyRunning(
                f"{self.path.with_suffix('')}: another antt-bot is already running on this "
                f"database, or restoring it ({holder or 'its pid is unknown'}); stop it first"
            ) from None
        os.ftruncate(fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(fd, f"pid {os.getpid()}, since {started}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
