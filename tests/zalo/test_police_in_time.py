"""Officers on Zalo see every tip in time too: routine at once, urgent escalated."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from calendar_kit import at, local, settle

from bot.clock import ManualClock
from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo, FakeZaloUser
from bot.domain import Role
from harness import Bench, say, settings_for, text_of, zsay

FRIDAY = local(2026, 11, 20, 10, 0)


@pytest.fixture
async def bench(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """Both messengers on a stopped clock, no reminders or digests to get in the way."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=ManualClock(FRIDAY), zfake=zfake)
    bench.settings = settings_for(
        fake,
        bench.db,
        zfake,
        digests={"daily": "", "weekly": ""},
        calendar={"annual": [], "nudge_day": 0},
    )
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()


async def zfile_tip(user: FakeZaloUser, *, urgent: bool) -> str:
    """File a tip by typing on Zalo; return what the bot answered to «Gửi»."""
    await zsay(user, "tin báo")
    await zsay(user, "4")
    await zsay(user, "Hai người lạ dò hỏi nhà bà Lan")
    summary = await zsay(user, "Chợ Nà Cáp")
    if urgent:
        summary = await zsay(user, "3")  # «🚨 Khẩn cấp» on the summary
    assert "Kiểm tra lại" in summary, summary
    return await zsay(user, "1")


async def test_a_zalo_officer_gets_routine_tips_at_once_and_urgent_ones_again(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    lan = await bench.join_zalo("Lan")
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    # A Telegram officer of the same commune: alerts go to the commune's (Zalo) police chat.
    hoa = await bench.join("Hoa", Role.POLICE, commune_id=org.commune_a)
    admin = bench.admin()
    await say(admin, "/trogiup")

    done = await zfile_tip(lan, urgent=False)
    assert "đang được gửi tới Công an xã" in done
    routine = text_of(await minh.next_reply())
    assert routine.startswith("📝 TIN BÁO · TB-2026-000001")
    assert "👉 Trả lời «nhận 1» để tiếp nhận, «xong 1» khi đã xử lý." in routine

    done = await zfile_tip(lan, urgent=True)
    assert "đang được chuyển ngay cho Công an xã" in done
    code = done.split("Mã số: ")[1].split()[0]
    assert text_of(await minh.next_reply()).startswith(f"🚨 TIN BÁO KHẨN · {code}")

    await at(bench, FRIDAY + timedelta(minutes=15))
    again = text_of(await minh.next_reply())
    assert "NHẮC LẠI" in again and code in again
    await at(bench, FRIDAY + timedelta(minutes=30))
    # Minh's chat is the police chat and has it twice already; Hoa, on Telegram, now too.
    private = await hoa.next_reply()
    assert code in private.all_text and "gửi riêng từng cán bộ" in private.all_text
    await settle(bench)
    assert minh.unread() == []

    await minh.send_text(f"/tiepnhan {code}")
    # Zalo can't edit: the alert is said again once, taken, then the answer.
    taken = text_of(await minh.next_reply())
    assert taken.startswith(f"🚨 TIN BÁO KHẨN · {code}") and "Đã tiếp nhận: Minh" in taken
    assert f"Bạn đã tiếp nhận {code}" in text_of(await minh.next_reply())
    notice = text_of(await lan.next_reply())
    assert f"Tin {code} của bạn đã được Công an xã tiếp nhận (Minh" in notice
    await at(bench, FRIDAY + timedelta(minutes=45))
    await bench.fake.wait_idle(quiet=0.1)
    assert admin.unread() == []  # taken in time: the admins are not troubled
    assert minh.unread() == []
