"""Nothing waits unseen: untaken alerts escalate on time, once per step, across restarts.

The bench's clock stands still (ManualClock) and the scheduler's wake-up is played with
`at`, as APScheduler would; restarts go through the real Runtime over the same database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from calendar_kit import at, calendar_bench, clock, local, settle
from police_support import alert_in, file_direct_tip, file_tip, police_group, press

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.domain import Role
from harness import Bench, say

#: Friday 20/11/2026, 10:00 in Vietnam: a working morning.
FRIDAY = local(2026, 11, 20, 10, 0)


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bench whose clock stands at FRIDAY; no reminders or nudges to get in the way."""
    bench = await calendar_bench(fake, tmp_path, FRIDAY, calendar={"annual": [], "nudge_day": 0})
    try:
        yield bench
    finally:
        await bench.stop()


async def registered_admin(bench: Bench) -> FakeUser:
    """Return the configured admin, after a first contact (which registers them)."""
    admin = bench.admin()
    await say(admin, "/trogiup")
    return admin


async def quiet(bench: Bench, *chats: FakeChat) -> None:
    """Assert that nothing new reached these chats."""
    await settle(bench)
    await bench.fake.wait_idle(quiet=0.1)
    for chat in chats:
        assert chat.unread() == [], [m.summary() for m in chat.unread()]


async def test_an_untaken_urgent_alert_escalates_once_per_step_across_restarts(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    hoa = await bench.join("Hoa", Role.POLICE, commune_id=org.commune_a)
    tuan = await bench.join("Tuấn", Role.POLICE, commune_id=org.commune_b)
    admin = await registered_admin(bench)

    code = await file_tip(lan)
    first = await alert_in(group, code)
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat)

    # 14 minutes: still the first alert only.
    await at(bench, FRIDAY + timedelta(minutes=14))
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat)

    # 15 minutes: posted again in the group, with a sound, pinned in place of the first.
    await at(bench, FRIDAY + timedelta(minutes=15))
    again = await alert_in(group, code)
    assert "NHẮC LẠI: tin khẩn chưa ai tiếp nhận sau 15 phút" in again.all_text
    assert not again.raw_params.get("disable_notification")
    assert again.buttons and again.message_id != first.message_id
    await bench.fake.wait_until(lambda: group.pinned == again.message_id)
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat)

    # A restart at the same moment, and one a minute on, repeat nothing.
    await bench.restart()
    await at(bench, FRIDAY + timedelta(minutes=16))
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat)

    # 30 minutes: each officer of the commune privately; nobody else.
    await at(bench, FRIDAY + timedelta(minutes=30))
    for officer in (minh, hoa):
        private = await officer.next_reply()
        assert code in private.all_text and "sau 30 phút" in private.all_text
        assert "gửi riêng từng cán bộ" in private.all_text
        assert any("Tiếp nhận" in b.text for b in private.buttons)
        assert "Nông Thị Hoa" not in private.all_text  # still confidential
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat, tuan.chat, group_b)

    await bench.restart()

    # 45 minutes: the admins.
    await at(bench, FRIDAY + timedelta(minutes=45))
    to_admin = await admin.next_reply()
    assert "BÁO QUẢN TRỊ" in to_admin.all_text and "Xã Hòa An" in to_admin.all_text
    assert code in to_admin.all_text and "sau 45 phút" in to_admin.all_text
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat, tuan.chat, group_b)

    # Hoa takes it from her private copy: every copy shows who has it.
    toast = await press(bench, hoa, hoa.chat.messages[-1], "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast
    for message in (first, again, minh.chat.messages[-1], to_admin):
        await bench.fake.wait_until(lambda m=message: "Đã tiếp nhận: Hoa" in (m.text or ""))
    assert (await lan.next_reply()).all_text.startswith("✋")

    # Nothing more, ever: the ledger has each step once.
    await at(bench, FRIDAY + timedelta(hours=2))
    await bench.restart()
    await quiet(bench, group, minh.chat, hoa.chat, admin.chat, group_b)
    runs = await bench.store.db.fetchall(
        "SELECT key, messages FROM schedule_runs WHERE key LIKE 'escalate:%' ORDER BY key"
    )
    entry = await bench.store.get_entry(code)
    assert entry is not None
    assert [(r["key"], r["messages"]) for r in runs] == [
        (f"escalate:{entry.id}:0:1", 1),
        (f"escalate:{entry.id}:0:2", 2),
        (f"escalate:{entry.id}:0:3", 1),
    ]


async def test_a_step_due_while_the_bot_was_down_goes_out_at_start_up(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    lan = await bench.join("Lan")
    code = await file_tip(lan)
    await alert_in(group, code)
    await bench.stop()
    clock(bench).set(FRIDAY + timedelta(minutes=20))
    await bench.start()
    again = await alert_in(group, code)
    assert "NHẮC LẠI" in again.all_text


async def test_taking_in_time_stops_the_escalation(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    code = await file_tip(lan)
    alert = await alert_in(group, code)
    await at(bench, FRIDAY + timedelta(minutes=10))
    await press(bench, minh, alert, "Tiếp nhận")
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Minh" in (alert.text or ""))
    for minutes in (15, 30, 45, 60):
        await at(bench, FRIDAY + timedelta(minutes=minutes))
    await quiet(bench, group, minh.chat)


async def test_a_forwarded_alert_escalates_in_the_commune_that_has_it(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group_a = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    code = await file_tip(lan)
    await alert_in(group_a, code)
    await at(bench, FRIDAY + timedelta(minutes=10))
    reply = await say(minh, f"/chuyen {code} X{org.commune_b}")
    assert "Đã chuyển" in reply.all_text
    await alert_in(group_b, code)
    group_a.drain()
    # A's 15 minutes pass: A no longer has it. B's own 15 minutes run from the forward.
    await at(bench, FRIDAY + timedelta(minutes=15))
    await quiet(bench, group_a, group_b)
    await at(bench, FRIDAY + timedelta(minutes=25))
    again = await alert_in(group_b, code)
    assert "NHẮC LẠI" in again.all_text and "Xã Nguyên Bình" in again.all_text
    await quiet(bench, group_a)


def monday(hour: int, minute: int = 0) -> datetime:
    """Return a moment on Monday 23/11/2026 (Tuesday 24/11 is a public holiday)."""
    return local(2026, 11, 23, hour, minute)


async def test_routine_entries_untaken_after_working_hours_are_listed_once(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    admin = await registered_admin(bench)

    # Friday 16:00: one working hour left that day, four and three and a half on Monday.
    await at(bench, local(2026, 11, 20, 16, 0))
    friday_tip = await file_tip(lan, urgent=False)
    await alert_in(group, friday_tip)
    # Saturday: two more, and one that Minh takes on Monday morning.
    await at(bench, local(2026, 11, 21, 9, 0))
    saturday = [await file_tip(lan, urgent=False, text=f"Tin thứ bảy {n}") for n in (1, 2, 3)]
    for code in saturday:
        await alert_in(group, code)
    await at(bench, monday(8))
    reply = await say(minh, f"/tiepnhan {saturday[2]}")
    assert "Bạn đã tiếp nhận" in reply.all_text
    lan.drain()

    # Urgent escalation never applies to routine tips.
    await at(bench, monday(16, 29))
    await quiet(bench, group, admin.chat)

    # Monday 16:30: Friday's tip has had its 8 working hours.
    await at(bench, monday(16, 30))
    listing = await group.next_message()
    assert "CHƯA TIẾP NHẬN SAU 8 GIỜ LÀM VIỆC — Xã Hòa An: 1 tin" in listing.all_text
    assert friday_tip in listing.all_text and saturday[0] not in listing.all_text
    assert [b.text for b in listing.buttons] == [f"✋ {friday_tip}"]
    to_admin = await admin.next_reply()
    assert "1 tin chưa được Công an xã tiếp nhận sau 8 giờ làm việc" in to_admin.all_text
    assert f"Xã Hòa An (1): {friday_tip}" in to_admin.all_text
    await bench.restart()
    await at(bench, monday(16, 31))
    await quiet(bench, group, admin.chat)

    # Saturday's: Monday's 7.5 working hours, Tuesday 24/11 a public holiday, then
    # Wednesday 08:00 — one listing for both that are still untaken.
    await at(bench, local(2026, 11, 24, 16, 0))
    await quiet(bench, group, admin.chat)
    await at(bench, local(2026, 11, 25, 8, 0))
    listing = await group.next_message()
    assert "Xã Hòa An: 2 tin" in listing.all_text
    assert saturday[0] in listing.all_text and saturday[1] in listing.all_text
    assert saturday[2] not in listing.all_text  # taken in time
    to_admin = await admin.next_reply()
    assert f"Xã Hòa An (2): {saturday[0]}, {saturday[1]}" in to_admin.all_text
    await quiet(bench, group, admin.chat)

    # The listing's buttons take the entry, as the alert's do.
    toast = await press(bench, minh, listing, saturday[0])
    assert toast is not None and f"Bạn đã tiếp nhận {saturday[0]}" in toast


async def test_a_tip_an_officer_logged_himself_does_not_escalate(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    admin = await registered_admin(bench)
    code = await file_direct_tip(minh)
    await alert_in(group, code)  # the group still hears of it at once
    for minutes in (15, 30, 45):
        await at(bench, FRIDAY + timedelta(minutes=minutes))
    await quiet(bench, group, minh.chat, admin.chat)
