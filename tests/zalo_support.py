"""Helpers for the Zalo police tests: link a Zalo group, file a tip by typing on Zalo."""

from __future__ import annotations

from bot.devtools.fake_zalo import FakeZaloGroup, FakeZaloUser
from harness import Bench, text_of, zsay


async def zalo_group(bench: Bench, commune_id: int, title: str = "Công an xã Hòa An") -> FakeZaloGroup:
    """Return a Zalo group an admin linked to a commune by typing /lienketnhom in it."""
    group = bench.zalo.group(title)
    admin = bench.zalo_admin()
    # Zalo passes a group message to the bot only if it mentions the bot (or replies to it).
    await admin.send_text(f"/lienketnhom X{commune_id}", group=group, mention=True)
    linked = await group.next_message()
    assert "đã là nhóm Công an" in (linked.text or ""), linked.text
    admin.drain()
    return group


async def zalo_tip(
    user: FakeZaloUser,
    *,
    category: str = "2",
    text: str = "Trộm gà ở xóm trên",
    urgent: bool = False,
    photo: bytes | None = None,
    source: str | None = None,
    confidential: bool = True,
    submit: bool = True,
) -> str:
    """File a tip on Zalo, typing every answer (a photo if given); return its code (or
    stop at the summary, before «Gửi», without `submit`: "")."""
    for answer in ("tin báo", category, text):
        await zsay(user, answer)
    assert "Đã ghi nơi" in await zsay(user, "Xóm Nà Cáp")
    assert "Gửi ảnh" in text_of(await user.next_reply())
    if photo is not None:
        await user.send_image(data=photo)
        assert "Đã có 1 ảnh" in text_of(await user.next_reply())
        await zsay(user, "xong")
    else:
        await zsay(user, "bỏ qua")
    await zsay(user, "1" if urgent else "2")
    if source is None:
        summary = await zsay(user, "bỏ qua")
    else:
        await zsay(user, source)
        summary = await zsay(user, "có" if confidential else "không")
    assert "Kiểm tra lại" in summary, summary
    if not submit:
        return ""
    done = await zsay(user, "gửi")
    assert "Mã số:" in done, done
    return done.split("Mã số: ")[1].split()[0]
