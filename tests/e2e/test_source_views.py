"""/nguontin stays audited, and every day the admins read who was sent which source."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from calendar_kit import at, calendar_bench, local, settle
from police_support import file_tip

from bot.devtools.fake_telegram import FakeTelegram
from bot.domain import Role
from harness import Bench, say


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bot on 20/11/2026 at 10:00 (Vietnam), its clock moved by the test."""
    bench = await calendar_bench(fake, tmp_path, local(2026, 11, 20, 10))
    try:
        yield bench
    finally:
        await bench.stop()


async def test_admins_get_the_day_s_source_views_once(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    await say(admin, "/trogiup")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan, source="Bà Lò Thị Kín, 0912 000 111")
    await settle(bench)
    minh.drain()
    sent = await say(minh, f"/nguontin {code}")
    assert "Lò Thị Kín" in sent.all_text
    [event, *_] = await bench.store.audit_log(action="view")
    assert event.event.subject == f"entry:{code}" and event.actor_name == "Minh"
    await say(minh, f"/tiepnhan {code}")  # taken: nothing escalates to the admins
    admin.drain()

    def source_lists() -> list[str]:
        return [m.all_text for m in admin.drain() if "NGUỒN TIN BÍ MẬT" in m.all_text]

    await at(bench, local(2026, 11, 21, 7))
    [digest] = source_lists()
    assert "NGUỒN TIN BÍ MẬT ĐÃ ĐƯỢC XEM — 24 giờ đến 21/11/2026 07:00: 1 lần" in digest
    assert f"Minh (Xã Hòa An) · {code}" in digest
    assert "Lò Thị Kín" not in digest and "0912" not in digest

    # Once: not again at the next tick, nor after a restart; nothing on a day without views.
    await at(bench, local(2026, 11, 21, 7, 30))
    await bench.restart()
    await at(bench, local(2026, 11, 21, 8))
    await at(bench, local(2026, 11, 22, 7))
    assert source_lists() == []
