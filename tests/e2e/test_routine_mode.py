"""Per commune, police choose whether routine entries come at once or in the digest only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from calendar_kit import at, calendar_bench, local, settle
from police_support import alert_in, file_tip, police_group

from bot.devtools.fake_telegram import FakeTelegram
from bot.domain import Role
from harness import Bench

FRIDAY = local(2026, 11, 20, 10, 0)


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """Friday morning; a daily digest at 07:00, nothing else scheduled."""
    bench = await calendar_bench(
        fake,
        tmp_path,
        FRIDAY,
        digests={"daily": "07:00", "weekly": ""},
        calendar={"annual": [], "nudge_day": 0},
    )
    try:
        yield bench
    finally:
        await bench.stop()


async def test_routine_entries_wait_for_the_digest_when_police_say_so(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)

    await minh.send_text("/tinthuong", chat=group)
    shown = await group.next_message()
    assert "Tin thường (không khẩn) của Xã Hòa An" in shown.all_text
    assert "gửi ngay vào nhóm, không chuông" in shown.all_text
    await minh.send_text("/tinthuong bản tin", chat=group)
    saved = await group.next_message()
    assert "Đã lưu cách nhận tin thường của Xã Hòa An" in saved.all_text
    assert "bản tin tới lúc 07:00 ngày 21/11/2026" in saved.all_text
    [line] = await bench.store.db.fetchall(
        "SELECT actor_id, action, detail FROM audit WHERE subject = ?",
        (f"routine:X{org.commune_a}",),
    )
    assert (line["actor_id"], line["detail"]) == ((await bench.person(minh)).id, "digest")

    routine = await file_tip(lan, urgent=False, text="Có người lạ thuê trọ")
    told = lan.chat.messages[-1].all_text
    assert "Công an xã sẽ xem tin này trong bản tin lúc 07:00 ngày 21/11/2026" in told
    urgent = await file_tip(lan, text="Đang có đánh nhau ở chợ")
    alert = await alert_in(group, urgent)  # urgent ones still come at once, with a sound
    assert not alert.raw_params.get("disable_notification")
    await settle(bench)
    assert not any(routine in m.all_text for m in group.messages)

    # Commune B did not choose: its routine entries still come at once.
    mai = await bench.join("Mai", team=org.team_b)
    other = await file_tip(mai, urgent=False)
    await alert_in(group_b, other)

    # Saturday 07:00: the digest lists it, with its code to take.
    await at(bench, local(2026, 11, 21, 7, 0))
    digest = await group.messages_until(lambda m: "BẢN TIN NGÀY 21/11/2026" in m.all_text)
    assert routine in digest[-1].all_text and "Có người lạ thuê trọ" in digest[-1].all_text
    assert "Tiếp nhận: gõ /tiepnhan <mã tin>" in digest[-1].all_text

    # And it still may not wait unseen: untaken after 8 working hours (Monday 10:30) it
    # is listed, like any other.
    await at(bench, local(2026, 11, 23, 10, 30))
    listing = await group.messages_until(lambda m: "CHƯA TIẾP NHẬN" in m.all_text)
    assert routine in listing[-1].all_text

    await minh.send_text("/tinthuong ngay", chat=group)
    assert (
        "gửi ngay vào nhóm"
        in (await group.messages_until(lambda m: "Đã lưu" in m.all_text))[-1].all_text
    )
    again = await file_tip(lan, urgent=False)
    assert "đang được gửi tới Công an xã" in lan.chat.messages[-1].all_text
    await alert_in(group, again)
