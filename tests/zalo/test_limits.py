"""Zalo's limits (issue 13): 2,000 characters a message, its "Quota exceeded" answered by
every Zalo send waiting, a paced group, a blocked member marked unreachable."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from zalo_support import zalo_group, zalo_tip

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Channel, Role
from bot.messages import Outbound
from harness import Bench, settings_for, text_of


@pytest.fixture
async def paced(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """Zalo's own pace put back (the harness lifts it), faster than the fake's quota."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    pace = {"per_second": 50, "chat_per_second": 20, "chat_burst": 20, "group_per_minute": 600}
    bench.settings = settings_for(fake, bench.db, zfake, zalo=pace)
    async for running in bench.running():
        yield running


async def test_a_long_alert_is_split_between_its_lines(zbench: Bench) -> None:
    org = zbench.org
    assert org is not None
    group = await zalo_group(zbench, org.commune_a)
    lan = await zbench.join_zalo("Lan")
    seen = "Người lạ đi xe máy không biển số hỏi đường vào các nhà có người già ở một mình. "
    place = "Nhà ông Nguyễn Văn Lục, tổ trưởng tổ dân phố, đối diện chợ Nà Cáp, " * 6
    code = await zalo_tip(lan, text=(seen * 18)[:1480], place=place.strip(" ,")[:290])
    parts = [await group.next_message(), await group.next_message()]
    texts = [text_of(p) for p in parts]
    assert all(len(t) <= 2000 for t in texts), [len(t) for t in texts]
    assert sum(len(t) for t in texts) > 2000
    whole = "\n".join(texts)
    assert texts[0].startswith(f"📝 TIN BÁO · {code}") and "Nguyễn Văn Lục" in whole
    assert len(whole) > 2000
    # Cut between paragraphs, never inside a line; every part of it arrives.
    assert not texts[0].endswith(" ") and texts[1][:1] not in (" ", ",")
    assert "👉 Trả lời «nhận 1» để tiếp nhận" in whole and "↪️ Chuyển" in texts[1]
    assert group.unread() == []


async def test_quota_exceeded_makes_every_zalo_send_wait_and_nothing_is_lost(
    paced: Bench,
) -> None:
    zalo = paced.zalo
    people = [zalo.user(f"Người {n}") for n in range(8)]
    zalo.quota_per_second = 4
    messages = [
        Outbound(channel=Channel.ZALO, chat_id=p.id, text=f"Nhắc {n} cho {p.display_name}")
        for n in range(3)
        for p in people
    ]
    started = time.monotonic()
    await paced.store.send(messages, paced.clock.now())
    assert paced.runtime is not None
    paced.runtime.dispatcher.kick()
    for person in people:
        got = await person.replies_until(lambda m: text_of(m).startswith("Nhắc 2"), timeout=20)
        assert [text_of(m) for m in got] == [
            f"Nhắc {n} cho {person.display_name}" for n in range(3)
        ]
    took = time.monotonic() - started
    refusals = zalo.quota_refusals
    # 24 messages at 4 a second is 6 s at best (measured: 7.2 s, 4 refusals): the pace
    # halves at each refusal and every send waits, instead of hammering the quota.
    assert 0 < refusals <= 8, refusals
    assert took < 15, took
    await asyncio.sleep(0.2)
    assert all(person.unread() == [] for person in people)


async def test_a_member_who_blocked_the_bot_is_not_tried_again(zbench: Bench) -> None:
    org = zbench.org
    assert org is not None
    lan = await zbench.join_zalo("Lan")
    minh = await zbench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    code = await zalo_tip(lan, urgent=True)
    assert code in text_of(await minh.next_reply())
    lan.block_bot()
    await minh.send_text("nhận 1")
    await minh.replies_until(lambda m: "Bạn đã tiếp nhận" in text_of(m))
    person = await zbench.zperson(lan)
    for _ in range(100):
        [identity] = await zbench.store.identities(person.id)
        if identity.unreachable_at is not None:
            break
        await asyncio.sleep(0.05)
    assert identity.unreachable_at is not None
