"""One process serves a database: the run lock (issue 11, §5)."""

from __future__ import annotations

import os
from pathlib import Path

import backends
import pytest

from bot.app import Runtime
from harness import Bench, say, settings_for
from storage.errors import AlreadyRunning
from storage.sqlite.lock import lock_path


async def test_a_second_claim_is_refused_with_the_holder_and_free_after_close(
    tmp_path: Path,
) -> None:
    db = tmp_path / "antt.sqlite3"
    # SQLite: a lock file beside the database. PostgreSQL: a session's advisory lock.
    first, second = backends.make_store(db), backends.make_store(db)
    await first.claim()
    await first.open()
    with pytest.raises(AlreadyRunning) as refused:
        await second.claim()
    assert f"pid {os.getpid()}" in str(refused.value)
    assert "already running on this database" in str(refused.value)
    await first.close()
    await second.claim()
    await second.open()
    await second.close()
    if backends.current == "sqlite":
        assert lock_path(db).exists()  # left in place; only the kernel's lock matters


async def test_tools_that_only_read_or_back_up_need_no_claim(tmp_path: Path) -> None:
    db = tmp_path / "antt.sqlite3"
    running = backends.make_store(db)
    await running.claim()
    await running.open()
    reader = backends.make_store(db)  # `antt-bot audit`, `backup`, an import: no claim
    await reader.open()
    assert await reader.list_communes() == []
    await reader.close()
    await running.close()


async def test_a_second_runtime_on_the_same_database_does_not_start(bench: Bench) -> None:
    lan = await bench.join("Lan")
    second = Runtime(bench.settings)
    with pytest.raises(AlreadyRunning):
        await second.start()
    # Refused before it polled or sent anything: nothing goes out twice.
    assert second.app is None and not hasattr(second, "dispatcher")
    assert len([c for c in bench.fake.calls if c[0] == "getMe"]) == 1
    # The first one keeps serving, alone.
    reply = await say(lan, "/tinbao")
    assert "Tin báo thuộc loại nào?" in reply.all_text


async def test_a_stop_ends_even_if_a_query_never_returns_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if backends.current != "postgresql":
        pytest.skip("a pool of server connections is PostgreSQL's")
    import asyncio

    import bot.app
    import storage.postgres.db

    monkeypatch.setattr(storage.postgres.db, "POOL_CLOSE", 0.5)
    monkeypatch.setattr(bot.app, "SLOW_STOP", 0.2)
    store = backends.make_store(tmp_path / "antt.sqlite3")
    await store.open()
    runtime = Runtime(settings_for(None, tmp_path / "antt.sqlite3"), store=store)
    held = asyncio.Event()

    async def stuck() -> None:
        async with store.db.pool.acquire() as raw:  # type: ignore[attr-defined]
            held.set()
            await raw.execute("SELECT pg_sleep(30)")

    task = asyncio.create_task(stuck())
    await held.wait()
    async with asyncio.timeout(5):
        await runtime.stop()
    assert "Still stopping after 0 s: waiting for the database" in caplog.text
    assert "Ended the PostgreSQL connections after 0 s: a query had not finished" in caplog.text
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
