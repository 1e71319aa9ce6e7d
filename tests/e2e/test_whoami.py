"""`/id`: the guide's way to find one's numeric Telegram or Zalo id for `admins` (issue 11)."""

from __future__ import annotations

from bot.devtools.fake_telegram import FakeTelegram
from harness import Bench, say, settings_for


async def test_an_outsider_learns_their_telegram_id_and_how_to_join(bench: Bench) -> None:
    stranger = bench.fake.user("Người lạ")
    reply = (await say(stranger, "/id")).all_text
    assert f"Mã số Telegram của bạn: {stranger.id}" in reply
    assert "bot.admins" in reply and "link mời" in reply
    # Nothing else about anyone: no name, no commune, no other account.
    assert "Xã" not in reply


async def test_the_id_put_in_admins_makes_that_person_an_admin(
    fake: FakeTelegram, bench: Bench
) -> None:
    cadre = bench.fake.user("Cán bộ mới")
    reply = (await say(cadre, "/id")).all_text
    typed_id = int(reply.split("của bạn: ")[1].split()[0])
    await bench.stop()
    bench.settings = settings_for(fake, bench.db, bot={"admins": [typed_id]})
    await bench.start()
    assert "Xã Hòa An" in (await say(cadre, "/tochuc")).all_text
