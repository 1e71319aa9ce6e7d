"""`/id` on Zalo: the only way to learn the id this bot sees, for `zalo.admins` (issue 11)."""

from __future__ import annotations

from harness import Bench, zsay


async def test_a_member_on_zalo_learns_the_zalo_id_this_bot_sees(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    reply = await zsay(lan, "/id")
    assert f"Mã số Zalo của bạn: {lan.id}" in reply and "zalo.admins" in reply
    assert "link mời" not in reply  # she has joined already
