"""Helpers for the Zalo police tests: link a Zalo group, file a tip by typing on Zalo."""

from __future__ import annotations

import re

from bot.devtools.fake_zalo import FakeZaloGroup, FakeZaloUser
from harness import Bench, text_of, zsay


async def zalo_group(
    bench: Bench, commune_id: int, title: str = "Công an xã Hòa An"
) -> FakeZaloGroup:
    """Return a Zalo group an admin linked to a commune by typing /lienketnhom in it."""
    group = bench.zalo.group(title)
    admin = bench.zalo_admin()
    # Zalo passes a group message to the bot only if it mentions the bot (or replies to it).
    await admin.send_text(f"/lienketnhom X{commune_id}", group=group, mention=True)
    linked = await group.next_message()
    assert "đã là nhóm Công an" in (linked.text or ""), linked.text
    admin.drain()
    return group


async def summary_after(user: FakeZaloUser, text: str) -> str:
    """Send a text and return the summary it brings back, whole (a long one comes in parts,
    its numbered choices in the last)."""
    await user.send_text(text)
    parts = await user.replies_until(lambda m: "👉 Trả lời" in text_of(m))
    return "\n".join(text_of(m) for m in parts)


def choice(summary: str, label: str) -> str:
    """Return the number to type for a numbered line of a Zalo message ("3. 🚨 Khẩn cấp")."""
    found = re.search(rf"^(\d+)\. [^\n]*{re.escape(label)}", summary, re.MULTILINE)
    assert found is not None, f"no «{label}» in: {summary}"
    return found.group(1)


async def zalo_tip(
    user: FakeZaloUser,
    *,
    category: str = "2",
    text: str = "Trộm gà ở xóm trên",
    place: str = "Xóm Nà Cáp",
    urgent: bool = False,
    photo: bytes | None = None,
    source: str | None = None,
    submit: bool = True,
) -> str:
    """File a tip on Zalo, typing every answer (a photo, urgency, a source from the summary's
    offers); return its code (or stop at the summary, before «Gửi», without `submit`: "")."""
    for answer in ("tin báo", category, text):
        await zsay(user, answer)
    summary = await summary_after(user, place)
    assert "Kiểm tra lại" in summary, summary
    if photo is not None:
        # A photo sent at the summary opens the photos step; «xong» comes back to it.
        await user.send_image(data=photo)
        assert "Đã có 1 ảnh" in text_of(await user.next_reply())
        summary = await summary_after(user, "xong")
    if urgent:
        summary = await summary_after(user, choice(summary, "Khẩn cấp"))
    if source is not None:
        await zsay(user, choice(summary, "người cung cấp tin"))
        summary = await summary_after(user, source)
    assert "Kiểm tra lại" in summary, summary
    if not submit:
        return ""
    done = await zsay(user, choice(summary, "Gửi"))
    assert "Mã số:" in done, done
    return done.split("Mã số: ")[1].split()[0]
