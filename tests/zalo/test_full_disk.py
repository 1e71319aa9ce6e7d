"""A full disk on Zalo: the member is told the bot is busy, nothing is lost, and the event
costs no try towards being set aside (issue 11, §4)."""

from __future__ import annotations

import asyncio

from faults_kit import fill_disk, free_disk

from harness import Bench, text_of, zsay

BUSY = "Hệ thống đang bận, vui lòng gửi lại sau"


async def test_a_zalo_message_during_a_full_disk_is_answered_once_space_returns(
    zbench: Bench,
) -> None:
    # Zalo keeps redelivering a webhook call we could not store; so does the fake here.
    zbench.zalo.webhook_retry_delay = 0.3
    zbench.zalo.webhook_max_attempts = 1000
    lan = await zbench.join_zalo("Lan")
    await asyncio.sleep(0.3)  # the welcome's "sent" mark, which frees room, lands first
    await fill_disk(zbench.store)
    await lan.send_text("tin báo")
    assert BUSY in text_of(await lan.next_reply(timeout=10))
    await free_disk(zbench.store)
    prompt = text_of(await lan.next_reply(timeout=40))
    assert "Tin báo thuộc loại nào?" in prompt
    assert "Bạn đã thấy" in await zsay(lan, "1")


async def test_a_stored_zalo_event_whose_writes_are_refused_is_not_set_aside(
    zbench: Bench,
) -> None:
    lan = await zbench.join_zalo("Lan")
    await asyncio.sleep(0.3)  # the welcome's "sent" mark, which frees room, lands first
    await fill_disk(zbench.store, room_for_updates=True)
    await lan.send_text("tin báo")
    assert BUSY in text_of(await lan.next_reply(timeout=10))
    # Tried again at 1 and 3 s: each time the disk's fault, not the event's.
    await asyncio.sleep(3.5)
    row = await zbench.store.db.fetchone(
        "SELECT attempts, set_aside_at, done_at FROM inbox WHERE key LIKE 'zalo:%' "
        "ORDER BY rowid DESC LIMIT 1"
    )
    assert row is not None and row["set_aside_at"] is None and row["done_at"] is None
    # At most the first try counted (an event from the run's first second counts as left
    # by an earlier run); none of the tries the full disk made it repeat.
    assert row["attempts"] <= 1
    assert [text_of(m) for m in lan.unread()] == [], "told twice that the bot is busy"
    await free_disk(zbench.store)
    assert "Tin báo thuộc loại nào?" in text_of(await lan.next_reply(timeout=40))
