"""The calendar end to end: an admin enters it from a phone, the right people are reminded.

The clock stands still (ManualClock) and the scheduler's wake-up is played by `at(...)`,
which moves the clock and ticks, as APScheduler would at that moment.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from calendar_kit import RunningClock, at, calendar_bench, clock, local, log_entry

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.domain import Audience, EntryKind, Role
from harness import Bench, answer, say, settings_for
from storage.models import NewDeadline


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


async def add_deadline(admin: FakeUser, name: str, due: str, who: list[str]) -> str:
    """Enter a province-wide deadline for some audience (no report); return the reply."""
    prompt = await say(admin, "/themhan")
    assert "Tên của hạn" in prompt.all_text
    prompt = await say(admin, name)
    prompt = await say(admin, due)
    assert "toàn tỉnh" in prompt.all_text.lower()
    prompt = await answer(admin, prompt, "Toàn tỉnh")
    assert "Nhắc ai?" in prompt.all_text
    for label in who:
        prompt = await answer(admin, prompt, label)
        assert f"✅ {label}" in " ".join(b.text for b in prompt.buttons)
    prompt = await answer(admin, prompt, "Xong")
    if "báo cáo không" in prompt.all_text:
        prompt = await answer(admin, prompt, "Không")
    assert "Kiểm tra lại hạn mới" in prompt.all_text
    return (await answer(admin, prompt, "Gửi")).all_text


async def test_a_deadline_moved_after_its_reminders_were_planned(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bench = await calendar_bench(
        fake, tmp_path, local(2026, 11, 1, 10), calendar={"annual": [], "nudge_day": 0}
    )
    try:
        assert bench.org is not None
        admin = bench.admin()
        dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
        done = await add_deadline(admin, "Báo cáo quý IV", "20/11/2026", ["Tổ trưởng"])
        assert "06/11/2026 08:00, 13/11/2026 08:00, 17/11/2026 08:00, 19/11/2026 08:00" in done
        ref = done.split("Đã thêm hạn ")[1].split(":")[0]

        await at(bench, local(2026, 11, 6, 8))
        assert (
            "Còn 14 ngày nữa là hạn: Báo cáo quý IV (20/11/2026)"
            in (await dung.next_reply()).all_text
        )

        # On 07/11 the deadline moves to 25/11: reminders follow the new date.
        clock(bench).set(local(2026, 11, 7, 10))
        summary = await say(admin, f"/suahan {ref}")
        assert "Sửa hạn" in summary.all_text and "20/11/2026" in summary.all_text
        which = await answer(admin, summary, "Sửa")
        prompt = await answer(admin, which, "Ngày hạn")
        summary = await say(admin, "25/11/2026")
        assert "25/11/2026" in summary.all_text
        done = (await answer(admin, summary, "Gửi")).all_text
        assert f"Đã lưu thay đổi hạn {ref}" in done
        assert "11/11/2026 08:00, 18/11/2026 08:00, 22/11/2026 08:00, 24/11/2026 08:00" in done

        await at(bench, local(2026, 11, 11, 8))
        assert (
            "Còn 14 ngày nữa là hạn: Báo cáo quý IV (25/11/2026)"
            in (await dung.next_reply()).all_text
        )
        # The old "7 days before 20/11" (13/11) is gone.
        report = await at(bench, local(2026, 11, 13, 8))
        assert report.queued == 0 and dung.unread() == []
        await at(bench, local(2026, 11, 18, 8))
        assert (
            "Còn 7 ngày nữa là hạn: Báo cáo quý IV (25/11/2026)"
            in (await dung.next_reply()).all_text
        )
        _ = prompt
    finally:
        await bench.stop()


async def test_reminders_go_out_on_the_local_day_and_hour(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # 06:00 in Vietnam is 23:00 UTC the day before: a UTC calendar would be a day late.
    bench = await calendar_bench(
        fake,
        tmp_path,
        local(2026, 12, 1, 10),
        calendar={"annual": [], "nudge_day": 0, "time": "06:00", "offsets": [1]},
    )
    try:
        assert bench.org is not None
        admin = bench.admin()
        dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
        done = await add_deadline(admin, "Nộp danh sách khen thưởng", "10/12/2026", ["Tổ trưởng"])
        assert "09/12/2026 06:00" in done
        report = await at(bench, local(2026, 12, 9, 5, 59))
        assert report.queued == 0 and dung.unread() == []
        await at(bench, local(2026, 12, 9, 6, 0))
        assert clock(bench).now().day == 8 and clock(bench).now().hour == 23
        text = (await dung.next_reply()).all_text
        assert "Ngày mai (10/12/2026) là hạn: Nộp danh sách khen thưởng" in text
    finally:
        await bench.stop()


async def test_across_the_new_year(fake: FakeTelegram, tmp_path: Path) -> None:
    bench = await calendar_bench(fake, tmp_path, local(2026, 12, 20, 10))
    try:
        assert bench.org is not None
        admin = bench.admin()
        dung = await bench.join("Dũng", Role.LEADER, bench.org.team_a)
        done = await add_deadline(admin, "Đăng ký thi đua 2027", "05/01/2027", ["Tổ trưởng"])
        assert "22/12/2026 08:00, 29/12/2026 08:00, 02/01/2027 08:00, 04/01/2027 08:00" in done

        await at(bench, local(2026, 12, 22, 8))
        assert "Còn 14 ngày nữa" in (await dung.next_reply()).all_text
        # The 25th: the team has no good deed in December yet.
        await at(bench, local(2026, 12, 25, 8))
        assert (
            "Tháng 12/2026 tổ của bạn chưa ghi nhận việc tốt" in (await dung.next_reply()).all_text
        )
        await at(bench, local(2026, 12, 29, 8))
        assert (
            "Còn 7 ngày nữa là hạn: Đăng ký thi đua 2027 (05/01/2027)"
            in (await dung.next_reply()).all_text
        )
        await at(bench, local(2027, 1, 2, 8))
        assert "Còn 3 ngày nữa" in (await dung.next_reply()).all_text
        await at(bench, local(2027, 1, 4, 8))
        assert "Ngày mai (05/01/2027) là hạn" in (await dung.next_reply()).all_text
        await at(bench, local(2027, 1, 25, 8))
        assert "Tháng 1/2027 tổ của bạn" in (await dung.next_reply()).all_text

        # The new year has its own annual deadlines, and next year's are ready too.
        listing = (await say(admin, "/lich")).all_text
        assert "Báo cáo kết quả phong trào Toàn dân bảo vệ an ninh Tổ quốc · 15/11/2027" in listing
        assert "Ngày hội toàn dân bảo vệ an ninh Tổ quốc · 19/08/2027" in listing
        assert "15/11/2026" not in listing
        deadlines = await bench.store.list_deadlines()
        assert {(d.series, d.year) for d in deadlines if d.series != "custom"} >= {
            ("report", 2028),
            ("festival", 2028),
        }
    finally:
        await bench.stop()


async def test_bad_dates_are_refused_at_the_step_that_asked(bench: Bench) -> None:
    admin = bench.admin()
    await say(admin, "/themhan")
    prompt = await say(admin, "Báo cáo 6 tháng")
    assert "Ngày này không có thật" in (await say(admin, "31/02/2026")).all_text
    assert "Ngày 01/01/2020 đã qua" in (await say(admin, "01/01/2020")).all_text
    assert "ngày/tháng/năm" in (await say(admin, "cuối tháng")).all_text
    assert "Áp dụng cho toàn tỉnh" in (await say(admin, "30/06")).all_text
    refused = (await say(admin, "Xã Không Có")).all_text
    assert "Không có xã «Xã Không Có»" in refused and "gõ số từ 1 đến 3" in refused
    assert "Hủy hạn mới đang soạn?" in (await say(admin, "/huy")).all_text
    assert "Đã hủy" in (await say(admin, "có")).all_text

    await say(admin, "/themdot")
    await say(admin, "Đợt 1")
    await say(admin, "10/01/2026")
    refused = (await say(admin, "01/12/2025")).all_text
    assert "Ngày kết thúc 01/12/2025 đứng trước ngày bắt đầu 10/01/2026" in refused
    await say(admin, "30/06/2026")
    refused = (await say(admin, "08/01/2026")).all_text
    assert "Hạn báo cáo 08/01/2026 đứng trước ngày bắt đầu 10/01/2026" in refused
    await say(admin, "/huy")
    await say(admin, "/huy")  # asked once; a second /huy means it
    assert await bench.store.list_phases() == []
    _ = prompt


async def test_an_overlapping_phase_is_refused_whole_and_can_be_fixed(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    await add_phase(admin, "Đợt 1", "01/01/2026", "30/06/2026", "25/06/2026")

    # A commune's own phase may not overlap a province-wide one.
    await say(admin, "/themdot")
    await say(admin, "Đợt riêng Hòa An")
    await say(admin, "01/06/2026")
    await say(admin, "31/12/2026")
    prompt = await say(admin, "15/12/2026")
    summary = await say(admin, "hoa an")
    assert "Xã Hòa An" in summary.all_text
    refused = await answer(admin, summary, "Gửi")
    assert "Thời gian trùng với đợt D1 «Đợt 1» (01/01/2026–30/06/2026" in refused.all_text
    assert "Chưa lưu gì" in refused.all_text
    assert len(await bench.store.list_phases()) == 1

    which = await answer(admin, refused, "Sửa")
    await answer(admin, which, "Bắt đầu")
    summary = await say(admin, "01/07/2026")
    done = (await answer(admin, summary, "Gửi")).all_text
    assert "Đã thêm đợt thi đua D2" in done and "01/07/2026–31/12/2026" in done
    assert "Xã Hòa An" in done
    phases = await bench.store.list_phases()
    assert [(p.name, p.commune_id) for p in phases] == [
        ("Đợt 1", None),
        ("Đợt riêng Hòa An", bench.org.commune_a),
    ]
    _ = prompt


async def test_members_cannot_touch_the_calendar(bench: Bench) -> None:
    lan = await bench.join("Lan")
    for command in ["/lich", "/themhan", "/themdot", "/xoahan H1", "/khongnhan"]:
        assert "chỉ dành cho quản trị viên" in (await say(lan, command)).all_text


async def test_the_calendar_lists_the_annual_deadlines_and_one_can_be_removed(
    bench: Bench,
) -> None:
    admin = bench.admin()
    menu = await say(admin, "/trogiup")
    assert "📅 Lịch" in [label for row in menu.reply_keyboard or [] for label in row]
    listing = (await say(admin, "📅 Lịch")).all_text  # the admin's menu button
    assert "📅 Lịch thi đua — Cao Bằng" in listing
    assert (
        "H1 · Báo cáo kết quả phong trào Toàn dân bảo vệ an ninh Tổ quốc · 15/11/2026 · "
        "Toàn tỉnh (Cao Bằng) · nhắc: Tổ trưởng, Nhóm Công an xã · kèm danh sách còn thiếu"
    ) in listing
    assert "H2 · Ngày hội toàn dân bảo vệ an ninh Tổ quốc · 19/08/2026" in listing
    assert "01/11/2026 08:00, 08/11/2026 08:00, 12/11/2026 08:00, 14/11/2026 08:00" in listing
    assert "Chưa có đợt nào" in listing

    ask = await say(admin, "/xoahan H2")
    assert "Xóa H2 «Ngày hội toàn dân bảo vệ an ninh Tổ quốc»?" in ask.all_text
    done = await answer(admin, ask, "Xóa")
    assert "Đã xóa H2" in done.all_text
    # Removed stays removed, even when the year's annual deadlines are checked again.
    await at(bench, local(2026, 1, 6, 9))
    listing = (await say(admin, "/lich")).all_text
    assert "19/08/2026" not in listing and "15/11/2026" in listing
    # A second press on the old button finds nothing to remove.
    assert "Không có mục nào mã H2" in (await say(admin, "/xoahan H2 ok")).all_text


async def test_apscheduler_wakes_the_planner_at_the_due_time_even_after_a_restart(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # A clock that runs: the reminder (one day before, 08:00) falls due 1.5 s after start.
    due = local(2026, 12, 9, 8)
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=RunningClock(due - timedelta(seconds=30)))
    bench.settings = settings_for(
        fake, bench.db, calendar={"annual": [], "nudge_day": 0, "offsets": [1]}
    )
    await bench.start()
    try:
        org = await bench.seed()
        dung = await bench.join("Dũng", Role.LEADER, org.team_a)
        await bench.store.save_deadline(
            NewDeadline(
                name="Nộp danh sách", due=date(2026, 12, 10), audience=frozenset({Audience.LEADERS})
            ),
            None,
            bench.clock.now(),
        )
        # Restarted before the due time: the wake-up is rebuilt from the tables.
        assert isinstance(bench.clock, RunningClock)
        bench.clock.start = due - timedelta(seconds=1.5) - (bench.clock.now() - bench.clock.start)
        await bench.restart()
        assert bench.runtime is not None
        job = bench.runtime.scheduler.get_job("calendar:tick")
        assert job is not None and job.next_run_time is not None
        reminder = await dung.next_reply(timeout=5)
        assert "Ngày mai (10/12/2026) là hạn: Nộp danh sách" in reminder.all_text
    finally:
        await bench.stop()
