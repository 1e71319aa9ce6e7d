"""Schema versions: a newer bot upgrades an older database; an older bot refuses a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.errors import StorageError
from storage.sqlite.db import Database, schema_version
from storage.sqlite.migrations import MIGRATIONS, Migration


async def test_older_database_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    await old.open(MIGRATIONS[:1])
    async with old.write() as conn:
        await conn.execute("INSERT INTO provinces (name, name_key) VALUES ('Cao Bằng', 'cao bằng')")
    await old.close()

    later = Migration(
        MIGRATIONS[-1].version + 1,
        "test: add a column",
        "ALTER TABLE provinces ADD COLUMN test_note TEXT NOT NULL DEFAULT '';",
    )
    new = Database(path)
    await new.open((*MIGRATIONS, later))
    assert await schema_version(new.writer) == later.version
    row = await new.fetchone("SELECT name, test_note FROM provinces")
    assert row is not None and row["name"] == "Cao Bằng" and row["test_note"] == ""
    await new.close()


async def test_every_migration_applies_in_order(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite3")
    await db.open()
    assert await schema_version(db.writer) == MIGRATIONS[-1].version
    await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = Database(path)
    await db.open()
    await db.writer.execute("PRAGMA user_version = 999")
    await db.close()
    with pytest.raises(StorageError, match="newer than this bot"):
        await Database(path).open()


async def test_failed_migration_leaves_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    db = Database(path)
    await db.open()
    await db.close()
    broken = Migration(MIGRATIONS[-1].version + 1, "broken", "CREATE TABLE x (a); SELECT nope();")
    db = Database(path)
    with pytest.raises(StorageError, match="broken"):
        await db.open((*MIGRATIONS, broken))
    db = Database(path)
    await db.open()
    assert await schema_version(db.writer) == MIGRATIONS[-1].version
    assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 'x'") is None
    await db.close()
