"""One process serves a database: the run lock (issue 11, §5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.app import Runtime
from harness import Bench, say
from storage.errors import AlreadyRunning
from storage.sqlite import SqliteStore
from storage.sqlite.lock import lock_path

# SQLite's own behaviour (its file, lock or migrations): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


async def test_a_second_claim_is_refused_with_the_holder_and_free_after_close(
    tmp_path: Path,
) -> None:
    db = tmp_path / "antt.sqlite3"
    first, second = SqliteStore(db), SqliteStore(db)
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
    assert lock_path(db).exists()  # left in place; only the kernel's lock matters


async def test_tools_that_only_read_or_back_up_need_no_claim(tmp_path: Path) -> None:
    db = tmp_path / "antt.sqlite3"
    running = SqliteStore(db)
    await running.claim()
    await running.open()
    reader = SqliteStore(db)  # `antt-bot audit`, `backup`, an import: no claim
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
