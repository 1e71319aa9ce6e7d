"""Who gets reminders: muting, blocked members, flood limits and 429 storms."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from calendar_kit import add_members, at, calendar_bench, clock, local, settle

from bot.devtools.fake_telegram import FakeTelegram
from bot.domain import Channel, Role
from bot.messages import Outbound
from harness import Bench, answer, say, settings_for
from storage.models import ScheduledSend

FESTIVAL_14 = "Còn 14 ngày nữa là hạn: Ngày hội toàn dân bảo vệ an ninh Tổ quốc (19/08/2026)"


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bench on 01/08/2026: the festival (19/08) is 18 days away."""
    bench = await calendar_bench(fake, tmp_path, local(2026, 8, 1, 10))
    try:
        yield bench
    finally:
        await bench.stop()


async def test_members_mute_optional_reminders_but_leaders_still_get_deadlines(
    bench: Bench,
) -> None:
    assert bench.org is not None
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    lan = await bench.join("Lan", Role.MEMBER, bench.org.team_a)
    minh = await bench.join("Minh", Role.MEMBER, bench.org.team_a)

    view = await say(lan, "/caidat")
    assert "Nhắc nhở không bắt buộc" in view.all_text and "đang bật" in view.all_text
    muted = await answer(lan, view, "Tắt nhắc nhở")
    assert "Đã tắt nhắc nhở không bắt buộc" in muted.all_text
    assert "đang tắt" in muted.all_text
    assert any("Bật nhắc nhở" in b.text for b in muted.buttons)

    view = await say(dung, "/caidat tat")
    assert "Nhắc hạn báo cáo gửi tổ trưởng luôn được gửi" in view.all_text

    await at(bench, local(2026, 8, 5, 8))
    assert FESTIVAL_14 in (await dung.next_reply()).all_text
    to_minh = (await minh.next_reply()).all_text
    assert FESTIVAL_14 in to_minh and "/caidat" in to_minh
    await bench.fake.wait_idle()
    assert lan.unread() == []

    # The nudge on the 25th is optional for everyone: only Minh, who did not mute, gets it.
    await at(bench, local(2026, 8, 25, 8))
    nudge = await minh.next_reply()
    assert "Tháng 8/2026 tổ của bạn chưa ghi nhận việc tốt" in nudge.all_text
    await bench.fake.wait_idle()
    assert lan.unread() == [] and dung.unread() == []

    # Lan turns them back on and hears the next one.
    await say(lan, "/caidat bat")
    await at(bench, local(2026, 9, 25, 8))
    assert "Tháng 9/2026" in (await lan.next_reply()).all_text


async def test_a_member_switches_the_bot_to_english(bench: Bench) -> None:
    lan = await bench.join("Lan")
    view = await say(lan, "/caidat")
    switched = await answer(lan, view, "English")
    assert "Switched to English" in switched.all_text
    keys = [label for row in switched.reply_keyboard or [] for label in row]
    assert "📝 Tip" in keys
    assert "Optional reminders" in (await lan.next_reply()).all_text
    assert "Good deed" in (await say(lan, "/help")).all_text


async def test_blocked_members_are_shown_to_admins_and_the_others_still_reminded(
    bench: Bench,
) -> None:
    assert bench.org is not None
    admin = bench.admin()
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    lan = await bench.join("Lan", Role.MEMBER, bench.org.team_a)
    minh = await bench.join("Minh", Role.MEMBER, bench.org.team_a)
    assert "Mọi người đều đang nhận" in (await say(admin, "/khongnhan")).all_text

    lan.block_bot()  # Telegram tells the bot at once
    minh.block_bot(notify=False)  # the bot only finds out when it sends
    await bench.fake.wait_idle()
    listing = (await say(admin, "/khongnhan")).all_text
    assert "1 người không nhận được tin nhắn" in listing and "Lan · tổ viên" in listing

    await at(bench, local(2026, 8, 5, 8))
    assert FESTIVAL_14 in (await dung.next_reply()).all_text
    listing = (await say(admin, "/khongnhan")).all_text
    assert "2 người" in listing and "Lan" in listing and "Minh" in listing
    forbidden = [e for e in bench.fake.errors if e[2] == 403]
    assert len(forbidden) == 1  # Minh once, never retried; Lan not even tried

    lan.unblock_bot()
    await bench.fake.wait_idle()
    listing = (await say(admin, "/khongnhan")).all_text
    assert "1 người" in listing and "Minh" in listing and "Lan" not in listing


async def test_a_429_storm_delays_but_every_member_gets_the_reminder_once(
    bench: Bench,
) -> None:
    assert bench.org is not None
    members = await add_members(bench, 8, bench.org.team_a)
    bench.fake.inject("sendMessage", "429", times=5, retry_after=1)
    await at(bench, local(2026, 8, 5, 8))
    for _ in range(20):
        if all(bench.fake.messages(m) for m in members):
            break
        clock(bench).advance(timedelta(seconds=2))
        await settle(bench)
    assert [k for _, k in bench.fake.faults_served].count("429") == 5
    for member in members:
        got = [m.all_text for m in bench.fake.messages(member)]
        assert len(got) == 1 and FESTIVAL_14 in got[0], got


async def test_a_chats_later_message_waits_for_the_one_being_retried(bench: Bench) -> None:
    lan = await bench.join("Lan")
    assert bench.org is not None
    others = await add_members(bench, 3, bench.org.team_a)
    bench.fake.inject("sendMessage", "429", times=1, retry_after=3, chat_id=lan.id)
    now = clock(bench).now()
    messages = [Outbound(channel=Channel.TELEGRAM, chat_id=str(lan.id), text=t) for t in "AB"]
    messages += [Outbound(channel=Channel.TELEGRAM, chat_id=str(o.id), text="C") for o in others]
    await bench.store.send(messages, now)
    await settle(bench)
    # The others are not held up by Lan's flood limit, and B did not overtake A.
    assert all(bench.fake.messages(o) for o in others)
    assert lan.unread() == []
    clock(bench).advance(timedelta(seconds=4))
    await settle(bench)
    assert [(await lan.next_reply()).all_text, (await lan.next_reply()).all_text] == ["A", "B"]


async def test_a_broadcast_keeps_telegrams_flood_limits(tmp_path: Path) -> None:
    async with FakeTelegram(flood_limits=True) as fake:
        bench = Bench(fake, tmp_path / "antt.sqlite3")
        # Telegram's real limits, as in production (the harness lifts them for speed).
        bench.settings = settings_for(
            fake, bench.db, delivery={"per_second": 29, "chat_per_second": 1, "chat_burst": 3}
        )
        await bench.start()
        try:
            org = await bench.seed()
            members = await add_members(bench, 60, org.team_a)
            chatty = members[0]
            now = datetime.now(UTC)
            sends = [
                ScheduledSend(
                    key="test:broadcast",
                    message=Outbound(channel=Channel.TELEGRAM, chat_id=str(m.id), text="Nhắc"),
                )
                for m in members
            ]
            started = time.monotonic()
            await bench.store.record_run("test:broadcast", now, "sent", sends, now)
            # One chat also gets five messages in a row: one a second after a burst of three.
            await bench.store.send(
                [
                    Outbound(channel=Channel.TELEGRAM, chat_id=str(chatty.id), text=str(n))
                    for n in range(5)
                ],
                now,
            )
            assert bench.runtime is not None
            bench.runtime.dispatcher.kick()
            await fake.wait_until(
                lambda: sum(len(fake.messages(m)) for m in members) == 65, timeout=20
            )
            elapsed = time.monotonic() - started
            # Paced under the limits: none, or on a loaded machine the odd one, retried.
            assert fake.flood_429s <= 2
            assert [m.all_text for m in fake.messages(chatty)] == ["Nhắc", "0", "1", "2", "3", "4"]
            assert all(len(fake.messages(m)) == 1 for m in members[1:])
            # 65 messages at 29 a second, and the chatty chat at one a second after its burst.
            assert 65 / 29 - 0.2 < elapsed < 8
            await asyncio.sleep(0)
        finally:
            await bench.stop()


async def test_a_late_reminder_says_the_days_actually_left(bench: Bench) -> None:
    assert bench.org is not None
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    # The bot was down from 01/08 until 07:00 on the festival day: the "1 day before"
    # reminder (18/08 08:00) is still within the grace period and goes out now.
    await at(bench, local(2026, 8, 19, 7))
    texts = []
    while dung.unread() or not texts:
        texts.append((await dung.next_reply()).all_text)
        await bench.fake.wait_idle()
    late = [t for t in texts if "Ngày hội toàn dân bảo vệ an ninh Tổ quốc" in t]
    assert late, texts
    assert "Hôm nay (19/08/2026) là hạn: Ngày hội toàn dân bảo vệ an ninh Tổ quốc" in late[0]
    assert not any("Ngày mai" in t for t in texts)
