"""Online backup and restore of the database (SQLite's backup API), with the kept media.

`antt-bot backup` copies a consistent snapshot while the bot keeps writing (WAL) and packs
it with the media into one archive (storage/backup.py). `antt-bot restore` refuses while
the bot runs (see `stopped_bot`), checks the copy before anything is replaced, then puts
back the database and the media files that are missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storage.backup import is_archive, restore_media, unpack_archive, write_archive
from storage.errors import StorageError
from storage.files import FILE_MODE, private_dir, touch_private
from storage.sqlite.lock import lock_path
from storage.sqlite.migrations import MIGRATIONS


class BotRunning(StorageError):
    """The database is in use (the bot runs): it must not be replaced under it."""


@dataclass(frozen=True)
class BackupDone:
    """What a backup wrote."""

    schema: int
    media: int


@contextlib.contextmanager
def stopped_bot(db: Path) -> Iterator[None]:
    """Hold the database for a restore; raise BotRunning if the bot (or anyone) has it open.

    Two checks, so that neither alone must be perfect:
    1. the run lock: `antt-bot run` holds an exclusive flock on `<db>.lock` while it runs,
       and this holds the same lock until the restore is done, so a bot started meanwhile
       refuses to start;
    2. SQLite's own locks: every open connection (the bot's, a backup's, a sqlite3 shell)
       keeps a shared lock on the file, so an exclusive one is refused while any is open.
    """
    private_dir(db.parent)
    handle = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BotRunning(f"{db}: the bot is running (it holds {lock_path(db)}).") from None
        if db.exists() and not _nobody_has_it_open(db):
            raise BotRunning(f"{db}: the database is open in another program: is the bot running?")
        yield
    finally:
        os.close(handle)


def _nobody_has_it_open(db: Path) -> bool:
    # A program that has the database open holds its lock for as long as it runs; a short
    # wait only rides out one that is closing (its last checkpoint takes the lock).
    conn = sqlite3.connect(db, timeout=2, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return True


def _snapshot(source: Path, target: Path) -> int:
    """Copy the live database into `target` (a new private file); return its schema."""
    if not source.exists():
        raise StorageError(f"{source}: no database here")
    touch_private(target)
    # The backup API copies a consistent snapshot while the bot keeps writing (WAL).
    # (sqlite3's own `with` only commits: closing() closes.)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst, pages=1024)
        version = int(dst.execute("PRAGMA user_version").fetchone()[0])
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise StorageError(f"{target}: the copy failed its integrity check ({check})")
    return version


def _backup(source: Path, target: Path, media_dir: Path | None) -> BackupDone:
    if media_dir is None:
        private_dir(target.parent)
        return BackupDone(_snapshot(source, target), 0)
    private_dir(target.parent)
    with tempfile.TemporaryDirectory(prefix=".antt-backup-", dir=target.parent) as tmp:
        snapshot = Path(tmp) / "antt.sqlite3"
        version = _snapshot(source, snapshot)
        count = write_archive(snapshot, media_dir, target)
    return BackupDone(version, count)


def _check_copy(backup: Path) -> int:
    """Check a database copy can be restored; return its schema version."""
    with contextlib.closing(sqlite3.connect(backup)) as src:
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise StorageError(f"{backup}: the backup is damaged ({check})")
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
    newest = MIGRATIONS[-1].version
    if version > newest:
        raise StorageError(
            f"{backup}: made by a newer bot (schema {version} > {newest}); upgrade first"
        )
    return version


def _replace(backup: Path, target: Path) -> None:
    private_dir(target.parent)
    touch_private(target)
    with (
        contextlib.closing(sqlite3.connect(backup)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _restore(backup: Path, target: Path, media_dir: Path | None) -> BackupDone:
    if not backup.exists():
        raise StorageError(f"{backup}: no such backup")
    with stopped_bot(target):
        if not is_archive(backup):
            version = _check_copy(backup)
            _replace(backup, target)
            return BackupDone(version, 0)
        private_dir(target.parent)
        unpacked = Path(tempfile.mkdtemp(prefix=".antt-restore-", dir=target.parent))
        try:
            copy, media = unpack_archive(backup, unpacked)
            version = _check_copy(copy)
            _replace(copy, target)
            added = restore_media(media, media_dir) if media_dir is not None else 0
        finally:
            shutil.rmtree(unpacked, ignore_errors=True)
        return BackupDone(version, added)


def _guarded(work: Callable[[], BackupDone], name: Path) -> BackupDone:
    try:
        return work()
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{name}: not a usable SQLite database ({exc})") from None


async def backup_database(source: Path, target: Path, media_dir: Path | None = None) -> int:
    """Copy the live database to `target`; return the schema version copied.

    With `media_dir`, `target` is one archive holding the database and the media.
    """
    done = await backup_files(source, target, media_dir)
    return done.schema


async def backup_files(source: Path, target: Path, media_dir: Path | None) -> BackupDone:
    """Copy the live database (and the media, into one archive) to `target`."""
    return await asyncio.to_thread(_guarded, lambda: _backup(source, target, media_dir), source)


async def restore_database(backup: Path, target: Path, media_dir: Path | None = None) -> int:
    """Replace the database at `target` with a backup; the bot must be stopped."""
    done = await restore_files(backup, target, media_dir)
    return done.schema


async def restore_files(backup: Path, target: Path, media_dir: Path | None) -> BackupDone:
    """Replace the database (and put back missing media) from a backup or an archive."""
    return await asyncio.to_thread(_guarded, lambda: _restore(backup, target, media_dir), backup)
