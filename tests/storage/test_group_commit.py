"""Writes queued together are committed together, yet each succeeds or fails alone.

On both backends: SQLite's writer thread and PostgreSQL's savepoints in one transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from storage.sql.conn import IntegrityError
from tests import backends


@asynccontextmanager
async def database(path: Path) -> AsyncIterator[Any]:
    """Open the test backend's database (a store's, migrated) and close it afterwards."""
    store = backends.make_store(path)
    await store.open()
    try:
        yield store.db  # type: ignore[attr-defined]
    finally:
        await store.close()


async def test_a_failing_write_is_undone_alone_and_the_rest_are_kept(tmp_path: Path) -> None:
    async with database(tmp_path / "g.sqlite3") as db:
        await db.run_write(lambda c: c.execute("CREATE TABLE t (v TEXT UNIQUE)"))

        def insert(value: str) -> object:
            return lambda c: c.execute("INSERT INTO t (v) VALUES (?)", (value,)).lastrowid

        def half_then_fail(c: Any) -> None:
            c.execute("INSERT INTO t (v) VALUES ('half')")
            c.execute("INSERT INTO t (v) VALUES ('a')")  # a duplicate: the whole work fails

        results = await asyncio.gather(
            db.run_write(insert("a")),
            db.run_write(half_then_fail),
            db.run_write(insert("b")),
            return_exceptions=True,
        )
        assert isinstance(results[1], IntegrityError)
        assert not isinstance(results[0], BaseException)
        assert not isinstance(results[2], BaseException)
        rows = {r[0] for r in await db.fetchall("SELECT v FROM t")}
        assert rows == {"a", "b"}, "the failed work's first insert must be undone with it"


async def test_many_writers_at_once_all_land(tmp_path: Path) -> None:
    async with database(tmp_path / "g.sqlite3") as db:
        await db.run_write(lambda c: c.execute("CREATE TABLE t (v TEXT)"))
        await asyncio.gather(
            *(
                db.run_write(lambda c, v=str(i): c.execute("INSERT INTO t VALUES (?)", (v,)))
                for i in range(300)
            )
        )
        [row] = await db.fetchall("SELECT count(*) FROM t")
        assert row[0] == 300
    async with database(tmp_path / "g.sqlite3") as reopened:
        [row] = await reopened.fetchall("SELECT count(*) FROM t")
        assert row[0] == 300


async def test_a_cancelled_caller_does_not_undo_its_committed_write(tmp_path: Path) -> None:
    async with database(tmp_path / "g.sqlite3") as db:
        await db.run_write(lambda c: c.execute("CREATE TABLE t (v TEXT)"))
        task = asyncio.create_task(
            db.run_write(lambda c: c.execute("INSERT INTO t VALUES ('kept')"))
        )
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await db.run_write(lambda c: None)  # the batch the cancelled one was in is done
        rows = [r[0] for r in await db.fetchall("SELECT v FROM t")]
        assert rows == ["kept"]
