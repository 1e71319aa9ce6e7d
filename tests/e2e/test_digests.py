"""Digests in the police chats: on schedule, per commune, split between entries, never twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from police_support import police_group, seed, seeded

from bot.clock import ManualClock
from bot.devtools.fake_telegram import FakeChat, FakeTelegram, SentMessage
from bot.domain import Role
from harness import Bench, say
from scheduler.digests import DigestSource

#: Friday 20/11/2026, 07:00 in Vietnam: the default daily digest time.
SEVEN = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)


@pytest.fixture
async def morning(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bot at 07:00 with police chats in both communes."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=ManualClock(SEVEN))
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()


class Due:
    """Runs the digest source over a chosen window, through the planner's own ledger."""

    def __init__(self, bench: Bench) -> None:
        assert bench.runtime is not None
        self.bench = bench
        self.source = next(s for s in bench.runtime.planner.sources if s.name == "digest")
        assert isinstance(self.source, DigestSource)

    async def run_due(self, now: datetime, since: datetime) -> int:
        """Queue the digests due in (since, now]; return how many messages were new."""
        queued = 0
        for occurrence in await self.source.occurrences(since, now):
            sends = await self.source.build(occurrence, now)
            done = await self.bench.store.record_run(
                occurrence.key, occurrence.due_at, "sent", sends, now
            )
            queued += done or 0
        assert self.bench.runtime is not None
        self.bench.runtime.dispatcher.kick()
        return queued


def scheduler(bench: Bench) -> Due:
    return Due(bench)


async def digest_of(group: FakeChat) -> list[SentMessage]:
    """Read a chat until the digest's chart (its last message) arrives."""
    return await group.messages_until(lambda m: m.photo is not None)


async def test_daily_digest_per_commune_at_seven(morning: Bench) -> None:
    bench = morning
    org = bench.org
    assert org is not None
    group_a = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    hours = [SEVEN - timedelta(hours=h) for h in (2, 5, 30, 60)]
    await seed(
        bench,
        [
            seeded("TB-2026-000001", "tip", org.team_a, hours[0], "drugs", description="Mua bán"),
            seeded("VV-2026-000002", "incident", org.team_a, hours[1], "fight", on_scene=True),
            seeded("VT-2026-000003", "deed", org.team_a, hours[1], "danger"),
            # Filed 30 and 60 hours ago and never handled: overdue; not new today.
            seeded("TB-2026-000004", "tip", org.team_a, hours[2], "theft"),
            seeded("TB-2026-000005", "tip", org.team_a, hours[3], "gambling", status="handled"),
            seeded("TB-2026-000006", "tip", org.team_b, hours[0], "border", description="XÃ B"),
        ],
    )
    queued = await scheduler(bench).run_due(SEVEN, since=SEVEN - timedelta(minutes=1))
    assert queued > 0
    messages = await digest_of(group_a)
    text = "\n\n".join(m.all_text for m in messages if m.text)
    assert "BẢN TIN NGÀY 20/11/2026 — Xã Hòa An" in text
    assert "1 tin báo · 1 vụ việc · 1 việc tốt" in text
    assert "TB-2026-000001" in text and "VV-2026-000002" in text and "VT-2026-000003" in text
    assert "CHƯA XỬ LÝ SAU 24 GIỜ: 1" in text and "TB-2026-000004" in text
    assert "TB-2026-000005" not in text  # handled, and not new
    assert "Tổ chưa có việc tốt trong tháng 11/2026: Tổ bảo vệ ANTT TDP 3" in text
    assert "không gửi tin nào trong 30 ngày qua: Tổ bảo vệ ANTT TDP 3" in text
    assert "XÃ B" not in text and "TB-2026-000006" not in text
    digest_b = await digest_of(group_b)
    text_b = "\n".join(m.all_text for m in digest_b)
    assert "TB-2026-000006" in text_b and "TB-2026-000001" not in text_b

    # Triggered again (a second tick, a restart): nothing is sent twice.
    again = await scheduler(bench).run_due(SEVEN, since=SEVEN - timedelta(minutes=1))
    assert again == 0
    await bench.fake.wait_idle()
    assert group_a.unread() == [] and group_b.unread() == []


async def test_an_empty_day_is_one_line(morning: Bench) -> None:
    bench = morning
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    await scheduler(bench).run_due(SEVEN, since=SEVEN - timedelta(minutes=1))
    message = await group.next_message()
    assert message.all_text == (
        "📰 BẢN TIN NGÀY 20/11/2026 — Xã Hòa An: không có tin mới trong 24 giờ qua."
    )
    await bench.fake.wait_idle()
    assert group.unread() == []


async def test_long_digest_is_split_between_entries(morning: Bench) -> None:
    bench = morning
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    rows = [
        seeded(
            f"TB-2026-{i:06d}",
            "tip",
            org.team_a,
            SEVEN - timedelta(minutes=10 * i),
            "suspicious",
            description=f"Mô tả số {i}: " + "người lạ đi xe máy không biển số " * 8 + f"[hết {i}]",
        )
        for i in range(1, 81)
    ]
    await seed(bench, rows)
    await scheduler(bench).run_due(SEVEN, since=SEVEN - timedelta(minutes=1))
    parts = [m for m in await digest_of(group) if m.text]
    assert len(parts) >= 3
    assert all(len(m.text or "") <= 4096 for m in parts)
    for i in range(1, 81):
        holding = [m for m in parts if f"TB-2026-{i:06d} ·" in (m.text or "")]
        assert len(holding) == 1, i
        assert f"[hết {i}]" in (holding[0].text or "")  # the entry was not cut


async def test_weekly_digest_on_monday(morning: Bench) -> None:
    bench = morning
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    monday = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 07:30 local
    await seed(
        bench,
        [seeded("TB-2026-000001", "tip", org.team_a, monday - timedelta(days=4), "drugs")],
    )
    queued = await scheduler(bench).run_due(monday, since=monday - timedelta(minutes=1))
    assert queued
    messages = await digest_of(group)
    assert "BẢN TIN TUẦN 16/11/2026–23/11/2026 — Xã Hòa An" in messages[0].all_text
    assert "TB-2026-000001" in messages[0].all_text


async def test_admin_changes_the_schedule_from_chat(morning: Bench) -> None:
    bench = morning
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    admin = bench.admin()
    reply = await say(admin, f"/lichbantin X{org.commune_a}")
    assert "Hằng ngày: 07:00" in reply.all_text and "Hằng tuần: Thứ Hai 07:30" in reply.all_text
    reply = await say(admin, f"/lichbantin X{org.commune_a} ngay 6h30")
    assert "Đã lưu" in reply.all_text and "Hằng ngày: 06:30" in reply.all_text
    reply = await say(admin, f"/lichbantin X{org.commune_a} tuan thu 6 17:00")
    assert "Hằng tuần: Thứ Sáu 17:00" in reply.all_text
    reply = await say(admin, f"/lichbantin X{org.commune_a} ngay 25:00")
    assert "Cách dùng" in reply.all_text
    reply = await say(admin, "/lichbantin X999")
    assert "Không có xã mã X999" in reply.all_text
    officer = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    reply = await say(officer, f"/lichbantin X{org.commune_a} ngay 05:00")
    assert "chỉ dành cho quản trị viên" in reply.all_text

    before_half_past_six = SEVEN - timedelta(minutes=31)
    assert await scheduler(bench).run_due(SEVEN, since=before_half_past_six) == 1  # 06:30 only
    await group.next_message()
    reply = await say(admin, f"/lichbantin X{org.commune_a} ngay tat")
    assert "Hằng ngày: tắt" in reply.all_text
    tomorrow = SEVEN + timedelta(days=1)
    assert await scheduler(bench).run_due(tomorrow, since=tomorrow - timedelta(hours=2)) == 0


async def test_digest_on_demand_in_the_police_chat(morning: Bench) -> None:
    bench = morning
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a)
    officer = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    other = await bench.join("Cán bộ B", Role.POLICE, commune_id=org.commune_b)
    await officer.send_text("/bantin", chat=group)
    message = await group.next_message()
    assert "BẢN TIN NGÀY 20/11/2026 — Xã Hòa An" in message.all_text
    reply = await say(other, f"/bantin X{org.commune_a}")
    assert "xã mình" in reply.all_text


async def test_the_planner_sends_the_digest_once_at_seven(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    clock = ManualClock(SEVEN - timedelta(minutes=5))
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=clock)
    await bench.start()
    try:
        org = await bench.seed()
        group = await police_group(bench, org.commune_a)
        assert bench.runtime is not None
        clock.set(SEVEN + timedelta(seconds=5))
        report = await bench.runtime.calendar.run()
        sent = {o.key: n for o, n in report.sent if o.source == "digest"}
        assert sent[f"digest:daily:{org.commune_a}:2026-11-20"] >= 1
        # Commune B has no police chat yet: its digest is decided, with nothing to send.
        assert sent[f"digest:daily:{org.commune_b}:2026-11-20"] == 0
        first = await group.next_message()
        assert "BẢN TIN NGÀY 20/11/2026" in first.all_text
        await bench.restart()
        again = await bench.runtime.calendar.run()
        assert [o for o, _ in again.sent if o.source == "digest"] == []
        await fake.wait_idle(quiet=0.3)
        assert group.unread() == []
    finally:
        await bench.stop()
