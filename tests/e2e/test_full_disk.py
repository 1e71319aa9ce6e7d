"""A full disk: nothing acknowledged that was not stored, members told the bot is busy,
everything handled once space returns, and a clean stop meanwhile (issue 11, §4)."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest
from faults_kit import captured_log, fill_disk, free_disk

from bot.app import Runtime
from bot.devtools.fake_telegram import FakeTelegram
from harness import Bench, say, webhook_bench

# SQLite's own behaviour (its file, lock or migrations): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only

BUSY = "Hệ thống đang bận, vui lòng gửi lại sau"


async def test_full_disk_answers_busy_confirms_nothing_and_recovers(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await bench.fake.wait_idle(quiet=0.3)
    with captured_log() as log:
        await fill_disk(bench.store)
        await lan.send_text("/tinbao")
        first = bench.fake.injected[-1]
        busy = await lan.next_reply(timeout=10)
        assert BUSY in busy.all_text
        # Nothing was stored, so nothing was confirmed: Telegram still holds the update.
        assert first["update_id"] in [u["update_id"] for u in bench.fake.pending_updates]
        await lan.send_text("1")
        await asyncio.sleep(2.5)
        assert lan.unread() == [], "told twice that the bot is busy"
        refused = [line for line in log.getvalue().splitlines() if "refuses writes" in line]
        assert len(refused) == 1 and refused[0].startswith("ERROR")

        await free_disk(bench.store)
        # Handled by itself once there is room, in the order they were sent.
        prompt = await lan.next_reply(timeout=40)
        assert "Tin báo thuộc loại nào?" in prompt.all_text
        step = await lan.next_reply(timeout=10)
        assert "Bạn đã thấy" in step.all_text
        assert "accepts writes again" in log.getvalue()
    assert bench.fake.pending_updates == []
    reply = await say(lan, "/huy")
    assert BUSY not in reply.all_text


async def test_an_update_stored_but_not_handled_is_handled_once_space_returns(
    bench: Bench,
) -> None:
    lan = await bench.join("Lan")
    await bench.fake.wait_idle(quiet=0.3)
    await fill_disk(bench.store, room_for_updates=True)
    await lan.send_text("/tinbao")
    update = bench.fake.injected[-1]
    busy = await lan.next_reply(timeout=10)
    assert BUSY in busy.all_text
    # It was stored (and so confirmed to Telegram), but its replies could not be written:
    # it is not marked done, and is handled again later.
    await bench.fake.wait_until(lambda: bench.fake.pending_updates == [], timeout=5)
    assert not await bench.store.inbox_is_done(f"tg:{update['update_id']}")
    await free_disk(bench.store)
    prompt = await lan.next_reply(timeout=40)
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    assert await bench.store.inbox_is_done(f"tg:{update['update_id']}")
    await bench.fake.wait_idle(quiet=0.5)
    assert lan.unread() == []


async def test_webhook_answers_503_while_the_disk_is_full(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bench = webhook_bench(fake, tmp_path / "antt.sqlite3")
    # Telegram keeps trying for a long while; so does the fake here.
    fake.webhook_retry_delay = 0.3
    fake.webhook_max_attempts = 1000
    await bench.start()
    try:
        await bench.seed()
        lan = await bench.join("Lan")
        await fake.wait_idle(quiet=0.3)
        await fill_disk(bench.store)
        await lan.send_text("/tinbao")
        busy = await lan.next_reply(timeout=10)
        assert BUSY in busy.all_text
        await fake.wait_until(lambda: any(s == 503 for _, s in fake.webhook_attempts))
        assert fake.pending_updates, "a call that could not be stored was acknowledged"
        await free_disk(bench.store)
        prompt = await lan.next_reply(timeout=20)
        assert "Tin báo thuộc loại nào?" in prompt.all_text
    finally:
        await bench.stop()


async def test_sigterm_stops_the_bot_cleanly_while_the_disk_is_full(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    runtime = Runtime(bench.settings)
    bench.runtime = runtime
    loop = asyncio.get_running_loop()
    # As `antt-bot run` does (bot/cli.py).
    loop.add_signal_handler(signal.SIGTERM, runtime.request_stop)
    try:
        running = asyncio.create_task(runtime.run())
        await fake.wait_for_call("getUpdates", timeout=10)
        await bench.seed()
        lan = await bench.join("Lan")
        await fake.wait_idle(quiet=0.3)
        await fill_disk(bench.store)
        await lan.send_text("/tinbao")
        assert BUSY in (await lan.next_reply(timeout=10)).all_text
        started = time.monotonic()
        os.kill(os.getpid(), signal.SIGTERM)
        code = await asyncio.wait_for(running, timeout=15)
        assert code == 0
        assert time.monotonic() - started < 12
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        bench.runtime = None
    # What was not stored is still Telegram's to deliver to the next start.
    assert fake.pending_updates


@pytest.mark.parametrize("room", [False, True])
async def test_a_full_disk_during_a_conversation_loses_no_step(bench: Bench, room: bool) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/viectot")
    # Marks of messages delivered meanwhile would blank their text and free room.
    await bench.fake.wait_idle(quiet=0.3)
    await fill_disk(bench.store, room_for_updates=room)
    await lan.send_text("1")
    assert BUSY in (await lan.next_reply(timeout=10)).all_text
    await free_disk(bench.store)
    nxt = await lan.next_reply(timeout=40)
    assert nxt.all_text != prompt.all_text
    assert "Bạn đã" in nxt.all_text or "?" in nxt.all_text
