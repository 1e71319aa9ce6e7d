"""The calendar end to end: an admin enters it from a phone, the right people are reminded.

The clock stands still (ManualClock) and the scheduler's wake-up is played by `at(...)`,
which moves the clock and ticks, as APScheduler would at that moment.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from calendar_kit import at, calendar_bench, clock, local, log_entry

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.domain import EntryKind, Role
from harness import Bench, answer, say


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bench whose clock starts on Monday 05/01/2026, 10:00 in Vietnam."""
    bench = await calendar_bench(fake, tmp_path, local(2026, 1, 5, 10))
    try:
        yield bench
    finally:
        await bench.stop()


async def police_group(bench: Bench, admin: FakeUser, commune_id: int) -> FakeChat:
    """Link a new group as a commune's police chat, as an admin does."""
    group = bench.fake.group(f"Công an X{commune_id}")
    await admin.send_text(f"/lienketnhom X{commune_id}", chat=group)
    assert "nhóm Công an" in (await group.next_message()).all_text
    return group


async def add_phase(admin: FakeUser, name: str, start: str, end: str, report: str) -> str:
    """Enter a province-wide phase through the guided conversation; return the reply."""
    prompt = await say(admin, "/themdot")
    assert "Tên đợt" in prompt.all_text
    prompt = await say(admin, name)
    assert "bắt đầu" in prompt.all_text
    prompt = await say(admin, start)
    assert "kết thúc" in prompt.all_text
    prompt = await say(admin, end)
    assert "báo cáo" in prompt.all_text
    prompt = await say(admin, report)
    assert "toàn tỉnh" in prompt.all_text.lower()
    summary = await answer(admin, prompt, "Toàn tỉnh")
    assert "Kiểm tra lại đợt thi đua mới" in summary.all_text
    return (await answer(admin, summary, "Gửi")).all_text


async def test_admin_adds_a_phase_and_each_leader_hears_what_their_team_lacks(
    bench: Bench,
) -> None:
    assert bench.org is not None
    admin = bench.admin()
    group = await police_group(bench, admin, bench.org.commune_a)
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    lan = await bench.join("Lan", Role.MEMBER, bench.org.team_a)
    hoa = await bench.join("Hoa", Role.LEADER, bench.org.team_a2)
    # Team A logs a good deed in January and an incident with no clear outcome in February;
    # team A2 has a good deed every month and nothing open.
    await log_entry(bench, lan, EntryKind.DEED, "lost_property")
    await log_entry(bench, hoa, EntryKind.DEED, "rescue")
    clock(bench).set(local(2026, 2, 10, 15))
    incident = await log_entry(bench, lan, EntryKind.INCIDENT, "fight", action="other")
    await log_entry(bench, hoa, EntryKind.DEED, "mediation")
    clock(bench).set(local(2026, 3, 2, 9))
    await log_entry(bench, hoa, EntryKind.DEED, "propaganda")

    clock(bench).set(local(2026, 3, 12, 9))
    done = await add_phase(admin, "Đợt 1 năm 2026", "01/01/2026", "30/06/2026", "25/03/2026")
    assert "Đã thêm đợt thi đua D" in done
    # Added on 12/03: the 14-day reminder (11/03) is not planned, the others are listed.
    assert "18/03/2026 08:00, 22/03/2026 08:00, 24/03/2026 08:00" in done
    assert "11/03/2026" not in done

    # 07:59 on 18/03: not yet.
    report = await at(bench, local(2026, 3, 18, 7, 59))
    assert report.queued == 0 and dung.unread() == []
    # 08:00: the leaders and the police chat hear it, plain members don't.
    report = await at(bench, local(2026, 3, 18, 8, 0))
    reminder = await dung.next_reply()
    text = reminder.all_text
    assert "Còn 7 ngày nữa là hạn: Báo cáo Đợt 1 năm 2026 (25/03/2026)" in text
    assert "Tổ bảo vệ ANTT thôn Nà Cáp còn thiếu" in text
    assert "Chưa có việc tốt nào trong tháng 2, 3/2026" in text
    assert incident.code in text
    assert any("Việc tốt" in b.text for b in reminder.buttons)
    other = (await hoa.next_reply()).all_text
    assert "Tổ bảo vệ ANTT TDP 3 đã đủ" in other
    police = (await group.next_message()).all_text
    assert "1/2 tổ còn thiếu" in police
    assert "Tổ bảo vệ ANTT thôn Nà Cáp: 2 tháng chưa có việc tốt (tháng 2, 3/2026)" in police
    assert "1 vụ việc chưa có kết quả xử lý" in police
    await bench.fake.wait_idle()
    assert lan.unread() == []

    # The leader presses «Việc tốt» under the reminder and logs one at once.
    prompt = await answer(dung, reminder, "Việc tốt")
    assert "Bước 1/" in prompt.all_text

    # A later tick at the same moment sends nothing again.
    again = await at(bench, local(2026, 3, 18, 9, 0))
    assert again.queued == 0
    await bench.fake.wait_idle()
    assert [m for m in dung.unread() if "Còn 7 ngày" in m.all_text] == []


async def test_a_restart_across_the_due_time_sends_the_reminder_once(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    clock(bench).set(local(2026, 3, 12, 9))
    await add_phase(admin, "Đợt 1", "01/01/2026", "30/06/2026", "25/03/2026")

    # Stopped the evening before, started again at 09:30 on the day: it goes out once.
    clock(bench).set(local(2026, 3, 17, 21))
    await bench.stop()
    clock(bench).set(local(2026, 3, 18, 9, 30))
    await bench.start()
    reminder = await dung.next_reply()
    assert "Còn 7 ngày nữa là hạn: Báo cáo Đợt 1 (25/03/2026)" in reminder.all_text

    # Stopped again after it went out, started again the same day: nothing new.
    await bench.restart()
    await at(bench, local(2026, 3, 18, 10))
    await bench.fake.wait_idle()
    assert [m for m in dung.unread() if "Còn 7 ngày" in m.all_text] == []
    sevens = [m for m in bench.fake.messages(dung) if "Còn 7 ngày" in m.all_text]
    assert len(sevens) == 1


async def test_downtime_longer_than_the_grace_skips_logs_and_tells_the_admins(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    assert bench.org is not None
    admin = bench.admin()
    dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
    clock(bench).set(local(2026, 3, 12, 9))
    await add_phase(admin, "Đợt 1", "01/01/2026", "30/06/2026", "25/03/2026")

    await bench.stop()
    # Down from 17/03 until 10:00 on 19/03: the 7-day reminder (18/03 08:00) is 26 h late.
    clock(bench).set(local(2026, 3, 19, 10))
    with caplog.at_level(logging.WARNING, logger="scheduler.planner"):
        await bench.start()
    # (The clock jumped over 25/02 earlier without a tick, so February's nudge was skipped
    # too, and said so; the notice that matters here is the last one.)
    notices = await admin.replies_until(lambda m: "Báo cáo Đợt 1" in m.all_text)
    notice = notices[-1].all_text
    assert "Bot đã ngừng hoạt động" in notice
    assert "Nhắc «Báo cáo Đợt 1» (25/03/2026), trước 7 ngày" in notice
    assert "18/03/2026 08:00" in notice
    assert any("Skipped phase:" in r.getMessage() for r in caplog.records)
    await bench.fake.wait_idle()
    assert dung.unread() == []

    # The next one (3 days before, 22/03 08:00) goes out as usual.
    await at(bench, local(2026, 3, 22, 8))
    assert "Còn 3 ngày nữa" in (await dung.next_reply()).all_text
