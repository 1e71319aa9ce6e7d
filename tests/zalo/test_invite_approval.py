"""On Zalo, which has no buttons, a police join is decided by the typed twin /duyet Y1."""

from __future__ import annotations

from harness import Bench, zsay


async def test_on_zalo_the_typed_twin_decides(zbench: Bench) -> None:
    bench = zbench
    assert bench.org is not None
    zadmin = bench.zalo_admin()
    reply = await zsay(zadmin, f"/moi X{bench.org.commune_a} congan")
    code = reply.split("Mã: ")[1].split()[0]
    officer = bench.zalo.user("Vàng A Sử")
    waiting = await zsay(officer, code)
    assert "đang chờ duyệt" in waiting
    request = (await zadmin.next_reply()).text or ""
    assert "Vàng A Sử (Zalo, id" in request
    assert "gõ /duyet Y1" in request and "gõ /tuchoi Y1" in request
    done = await zsay(zadmin, "/duyet Y1")
    assert "Đã duyệt Vàng A Sử" in done
    welcome = (await officer.next_reply()).text or ""
    assert "công an xã" in welcome and "Trả lời 1" in welcome
    # Only now does the officer's own chat become one of the commune's police chats.
    chats = await bench.store.police_chats(bench.org.commune_a)
    assert [c.chat_id for c in chats] == [officer.chat_id]
