"""Zalo intake and delivery: the webhook's secret, duplicates, polling, retries, blocked users."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Channel
from bot.messages import Outbound
from harness import ZALO_SECRET, Bench, settings_for, text_of, zalo_settings, zsay
from storage.sqlite import SqliteStore


async def test_a_call_with_a_wrong_secret_is_refused_and_stores_nothing(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    hook = zbench.settings.zalo.webhook.url
    forged = {
        "ok": True,
        "result": {
            "event_name": "message.text.received",
            "message": {
                "from": lan.to_dict(),
                "chat": {"id": lan.id, "chat_type": "PRIVATE"},
                "message_id": "f0f0f0f0f0f0f0f0f0f0",
                "date": 1_790_000_000_000,
                "text": "/tinbao",
            },
        },
    }
    assert await zbench.zalo.post_webhook_raw(forged, "not-the-secret", url=hook) == 403
    assert await zbench.zalo.post_webhook_raw(forged, None, url=hook) == 403
    await asyncio.sleep(0.2)
    row = await zbench.store.db.fetchone(
        "SELECT count(*) FROM inbox WHERE key = 'zalo:f0f0f0f0f0f0f0f0f0f0'"
    )
    assert row is not None and row[0] == 0
    assert lan.unread() == []
    # With the right secret the same call is taken.
    assert await zbench.zalo.post_webhook_raw(forged, ZALO_SECRET, url=hook) == 200
    assert "Tin báo thuộc loại nào?" in text_of(await lan.next_reply())


async def test_a_redelivered_send_creates_one_entry(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    for text in ["/viectot", "1", "Cõng cụ già qua suối"]:
        await zsay(lan, text)
    summary = await zsay(lan, "1")
    assert "Kiểm tra lại việc tốt" in summary
    send = await lan.send_text("1")
    done = text_of(await lan.next_reply())
    assert "Đã gửi việc tốt" in done
    # Zalo delivers the same event again (our 200 was lost on the way back).
    status = await zbench.zalo.post_webhook_raw(
        {"ok": True, "result": send}, ZALO_SECRET, url=zbench.settings.zalo.webhook.url
    )
    assert status == 200
    await asyncio.sleep(0.3)
    assert lan.unread() == []
    person = await zbench.zperson(lan)
    assert len(await zbench.store.entries_by_reporter(person.id)) == 1


async def test_garbage_and_unknown_events(zbench: Bench) -> None:
    hook = zbench.settings.zalo.webhook.url
    zalo = zbench.zalo
    assert await zalo.post_webhook_raw({"hello": "world"}, ZALO_SECRET, url=hook) == 200
    assert await zalo.post_webhook_raw({"event_name": "user.follow"}, ZALO_SECRET, url=hook) == 200
    # Acknowledged (or Zalo would retry them forever), and nothing else happens.
    row = await zbench.store.db.fetchone("SELECT count(*) FROM inbox")
    assert row is not None and row[0] == 0
    lan = await zbench.join_zalo("Lan")
    assert "Bạn có thể" in await zsay(lan, "/trogiup")


async def test_429_from_zalo_is_retried_and_the_reply_arrives_once(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    zbench.zalo.inject("sendMessage", "429", retry_after=0)
    await lan.send_text("/cuatoi")
    reply = await lan.next_reply()
    assert "Bạn chưa gửi tin nào" in text_of(reply)
    assert ("sendMessage", "429") in zbench.zalo.faults_served
    await asyncio.sleep(0.2)
    assert lan.unread() == []


async def test_a_5xx_is_retried_too(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    zbench.zalo.inject("sendMessage", "502")
    assert "Bạn chưa gửi tin nào" in await zsay(lan, "/cuatoi")
    assert ("sendMessage", "502") in zbench.zalo.faults_served


async def test_a_user_who_blocked_the_bot_is_marked_unreachable(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    lan.block_bot()
    await lan.send_text("/cuatoi")
    for _ in range(50):
        identities = await zbench.store.identities((await zbench.zperson(lan)).id)
        if identities[0].unreachable_at is not None:
            break
        await asyncio.sleep(0.05)
    assert identities[0].unreachable_at is not None
    row = await zbench.store.db.fetchone(
        "SELECT error FROM outbox WHERE channel = 'zalo' AND failed_at IS NOT NULL"
    )
    assert row is not None and row["error"] == "forbidden"


async def test_long_messages_are_split_at_2000_characters(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    blocks = [f"• Mục {n}: " + "chữ " * 40 for n in range(30)]
    await zbench.store.send(
        [Outbound(channel=Channel.ZALO, chat_id=lan.id, text="\n\n".join(blocks))],
        zbench.clock.now(),
    )
    assert zbench.runtime is not None
    zbench.runtime.dispatcher.kick()
    first = await lan.next_reply()
    parts = [text_of(first)]
    while sum(len(part) for part in parts) < sum(len(b) for b in blocks):
        parts.append(text_of(await lan.next_reply()))
    assert len(parts) > 1 and all(len(part) <= 2000 for part in parts)
    assert [b.strip() for part in parts for b in part.split("\n\n")] == [b.strip() for b in blocks]


async def test_edits_are_not_sent_on_zalo(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    await zbench.store.send(
        [
            Outbound(channel=Channel.ZALO, chat_id=lan.id, text="old\n👉 new", edit_message_id="x"),
            Outbound(channel=Channel.ZALO, chat_id=lan.id, text="after"),
        ],
        zbench.clock.now(),
    )
    assert zbench.runtime is not None
    zbench.runtime.dispatcher.kick()
    assert text_of(await lan.next_reply()) == "after"


@pytest.fixture
async def polling_bench(
    fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path
) -> AsyncIterator[Bench]:
    """The bot on Zalo only, polling getUpdates (the development mode)."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    bench.settings = settings_for(None, bench.db, zalo=zalo_settings(zfake, mode="polling"))
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()


async def test_polling_runs_the_same_conversation_without_telegram(polling_bench: Bench) -> None:
    assert polling_bench.runtime is not None and polling_bench.runtime.app is None
    lan = await polling_bench.join_zalo("Lan")
    assert "Tin báo thuộc loại nào?" in await zsay(lan, "/tinbao")
    assert ("deleteWebhook", {}) in polling_bench.zalo.calls


async def test_events_stored_before_a_stop_are_handled_after_the_start(
    zbench: Bench,
) -> None:
    lan = await zbench.join_zalo("Lan")
    await zbench.stop()
    # Stored (and acknowledged) just before the stop, not yet handled.
    event = {
        "event_name": "message.text.received",
        "message": {
            "from": lan.to_dict(),
            "chat": {"id": lan.id, "chat_type": "PRIVATE"},
            "message_id": "5a5a5a5a5a5a5a5a5a5a",
            "date": 1_790_000_000_000,
            "text": "/vuviec",
        },
    }
    store = SqliteStore(zbench.db)
    await store.open()
    await store.inbox_add(
        [("zalo:5a5a5a5a5a5a5a5a5a5a", Channel.ZALO, json.dumps({"ok": True, "result": event}))],
        zbench.clock.now(),
    )
    await store.close()
    await zbench.start()
    assert "Vụ việc thuộc loại nào?" in text_of(await lan.next_reply())
