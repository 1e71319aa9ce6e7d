"""A Zalo police group gets everything police get over time: escalations, digests and
reminders (issue 13), the officers' own chats only what goes to each of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from calendar_kit import at, local
from zalo_support import zalo_group, zalo_tip

from bot.clock import ManualClock
from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Role
from harness import Bench, settings_for, text_of

#: Two weeks before the report deadline of 15/11: its first reminder is due at 08:00.
SUNDAY = local(2026, 11, 1, 7, 50)


@pytest.fixture
async def bench(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """Both messengers on a stopped clock; the default calendar and digests."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=ManualClock(SUNDAY), zfake=zfake)
    bench.settings = settings_for(fake, bench.db, zfake, calendar={"nudge_day": 0})
    async for running in bench.running():
        yield running


async def test_escalations_digests_and_reminders_reach_the_zalo_group(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    lan = await bench.join_zalo("Lan")
    group = await zalo_group(bench, org.commune_a)

    # The report deadline's reminder for police chats goes to the group.
    await at(bench, local(2026, 11, 1, 8, 0))
    reminder = [text_of(m) for m in group.drain()]
    assert any("Báo cáo kết quả phong trào" in t for t in reminder), reminder
    assert not any("Báo cáo kết quả phong trào" in text_of(m) for m in minh.drain())

    # An urgent tip nobody takes: said again in the group, then to each officer privately.
    filed = local(2026, 11, 1, 9, 0)
    bench.clock.set(filed)  # type: ignore[attr-defined]
    code = await zalo_tip(lan, urgent=True)
    first = await group.next_message()
    assert code in text_of(first) and "«nhận 1»" in text_of(first)
    await at(bench, filed + timedelta(minutes=15))
    again = text_of(await group.next_message())
    assert "NHẮC LẠI" in again and code in again and "«nhận 1»" in again
    assert minh.unread() == []
    await at(bench, filed + timedelta(minutes=30))
    private = text_of(await minh.next_reply())
    assert "gửi riêng từng cán bộ" in private and code in private
    # His own chat numbers the entry on its own: he answers there with that number.
    assert "👉 Trả lời «nhận 1» để tiếp nhận" in private
    await minh.send_text("nhận 1")
    told = await minh.replies_until(lambda m: f"Bạn đã tiếp nhận {code}" in text_of(m))
    assert told
    said = await group.messages_until(lambda m: "Đã tiếp nhận: Minh" in text_of(m))
    assert code in text_of(said[-1])

    # The next morning's digest lists it in the group, with its number there.
    await at(bench, local(2026, 11, 2, 7, 0))
    sent = group.drain()
    digest = "\n".join(text_of(m) for m in sent)
    assert "BẢN TIN NGÀY" in digest and f"[1] {code}" in digest
    assert "«xong <số>» khi đã xử lý" in digest
    # Its chart is a picture Zalo fetched from the bot, as an alert's photo is.
    [chart] = [m for m in sent if m.method == "sendPhoto"]
    assert chart.fetched is not None and chart.fetched.startswith(b"\x89PNG")
