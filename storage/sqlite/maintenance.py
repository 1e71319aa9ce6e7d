"""Online backup and restore of the database file (SQLite's backup API)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path

from storage.errors import StorageError
from storage.sqlite.migrations import MIGRATIONS


def _backup(source: Path, target: Path) -> int:
    if not source.exists():
        raise StorageError(f"{source}: no database here")
    target.parent.mkdir(parents=True, exist_ok=True)
    # The backup API copies a consistent snapshot while the bot keeps writing (WAL).
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=1024)
        version = int(dst.execute("PRAGMA user_version").fetchone()[0])
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise StorageError(f"{target}: the copy failed its integrity check ({check})")
    return version


def _restore(backup: Path, target: Path) -> int:
    if not backup.exists():
        raise StorageError(f"{backup}: no such backup")
    with sqlite3.connect(backup) as src:
        check = src.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise StorageError(f"{backup}: the backup is damaged ({check})")
        version = int(src.execute("PRAGMA user_version").fetchone()[0])
        newest = MIGRATIONS[-1].version
        if version > newest:
            raise StorageError(
                f"{backup}: made by a newer bot (schema {version} > {newest}); upgrade first"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target) as dst:
            src.backup(dst)
    return version


def _guarded(work: Callable[[Path, Path], int], first: Path, second: Path) -> int:
    try:
        return work(first, second)
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{first}: not a usable SQLite database ({exc})") from None


async def backup_database(source: Path, target: Path) -> int:
    """Copy the live database to `target`; return the schema version copied."""
    return await asyncio.to_thread(_guarded, _backup, source, target)


async def restore_database(backup: Path, target: Path) -> int:
    """Replace the database at `target` with a backup; the bot must be stopped."""
    return await asyncio.to_thread(_guarded, _restore, backup, target)
