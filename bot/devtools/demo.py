"""`antt-bot demo`: a short scripted session with the real bot, printed as a chat.

`antt-bot demo --zalo` plays it on the fake Zalo Bot API instead: an admin links the
commune's police group on Zalo by typing in it, a member joins by typing her invite code and
files an urgent tip with a photo by typing numbers; the group gets it with the picture, an
officer takes it with one word («nhận 1») and closes it («xong 1 …»), and she hears back. A
teammate on Telegram files another, and both are shown as stored — one table, one series of
codes.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.devtools.fake_zalo import FakeZaloGroup, FakeZaloUser, ZaloSent
from bot.devtools.sandbox import Sandbox, render, sandbox
from bot.domain import Role

Step = Callable[[FakeUser, SentMessage | None], Awaitable[str]]
#: How long the bot must stay quiet before the script types on (seconds).
QUIET = 0.3


def _out(line: str) -> None:
    print(line, flush=True)


async def _bot_says(user: FakeUser, quiet: float = QUIET) -> SentMessage | None:
    """Print every reply until the bot has been quiet for a moment; return the last."""
    last: SentMessage | None = None
    while True:
        try:
            message = await user.next_reply(timeout=quiet if last else 5.0)
        except AssertionError:
            return last
        last = message
        _out(f"🤖 Bot: {render(message, ' ' * 8)}")


async def _type(user: FakeUser, text: str) -> SentMessage | None:
    _out(f"\n👤 {user.first_name}: {text}")
    await user.send_text(text)
    return await _bot_says(user)


async def _press(user: FakeUser, message: SentMessage | None, label: str) -> SentMessage | None:
    assert message is not None, "no message to press a button on"
    button = message.button(label)
    _out(f"\n👤 {user.first_name}: (bấm) {button.text}")
    before = len(message.edits)
    await user.press(message, data=button.callback_data)
    said = await _bot_says(user)
    if said is None and len(message.edits) > before:
        # The bot changed the pressed message in place (a summary choice such as «Khẩn cấp»).
        _out(f"🤖 Bot (sửa tin trên): {render(message, ' ' * 8)}")
        return message
    return said


async def play(box: Sandbox) -> None:
    """Play the script: join, typed news filed as a tip, an incident, a good deed, /cuatoi."""
    code = await box.invite(Role.MEMBER)
    lan = box.person("Lan", "member")
    _out("— Chị Lan, tổ viên Tổ bảo vệ ANTT thôn Nà Cáp, mở link mời —")
    last = await _type(lan, f"/start {code}")
    _out("\n— Bot hỏi họ và tên một lần: tên này hiện trong báo cáo và danh sách khen thưởng —")
    last = await _type(lan, "nông thị lan")

    _out("\n— Gõ luôn tin vào khung chat: bot hỏi loại tin và nơi xảy ra, rồi «Gửi» —")
    last = await _type(lan, "Có người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng.")
    last = await _press(lan, last, "Đối tượng khả nghi")
    last = await _type(lan, "Đầu cầu Nà Cáp")
    last = await _press(lan, last, "Khẩn cấp")
    last = await _press(lan, last, "Có người cung cấp tin")
    last = await _type(lan, "Bà Nông Thị Hoa, bán hàng ở chợ")
    last = await _press(lan, last, "Gửi")

    _out("\n— Báo một vụ việc, gõ chữ thay vì bấm nút —")
    last = await _type(lan, "/vuviec")
    last = await _type(lan, "1")
    last = await _type(lan, "hôm qua 20h")
    last = await _type(lan, "Quán karaoke Hương Quê")
    last = await _type(lan, "Hai thanh niên say rượu đánh nhau, tổ đã can ngăn.")
    last = await _type(lan, "có")
    last = await _type(lan, "10 phút")
    last = await _type(lan, "hoa giai")
    last = await _type(lan, "không")
    last = await _type(lan, "gửi")

    _out("\n— Ghi nhận một việc tốt từ bàn phím —")
    last = await _type(lan, "🌟 Việc tốt")
    last = await _press(lan, last, "Trả lại tài sản")
    last = await _type(lan, "Nhặt được ví có 2 triệu đồng ở chợ, đã trả lại người mất.")
    last = await _press(lan, last, "Cả tổ")
    last = await _press(lan, last, "Thêm người được giúp")
    last = await _type(lan, "Bà Lục Thị Mai, thôn Nà Cáp")
    last = await _press(lan, last, "Gửi")

    _out("\n— Xem lại tin của mình —")
    await _type(lan, "📋 Của tôi")
    await police_scene(box, lan)


async def _group_says(box: Sandbox, quiet: float = 0.5) -> SentMessage | None:
    """Print what the bot posted in the police group; return the last message."""
    assert box.org is not None
    last: SentMessage | None = None
    while True:
        try:
            message = await box.org.police_group.next_message(timeout=quiet)
        except AssertionError:
            return last
        last = message
        _out(f"🤖 Bot (nhóm Công an xã): {render(message, ' ' * 8)}")


async def police_scene(box: Sandbox, lan: FakeUser) -> None:
    """The police side: the urgent tip's alert in the group, taking it, a report."""
    assert box.org is not None
    _out("\n— Trong nhóm Công an xã: tin khẩn của chị Lan đã đến ngay —")
    alert = None
    for message in box.org.police_group.drain():
        _out(f"🤖 Bot (nhóm Công an xã): {render(message, ' ' * 8)}")
        if message.buttons:
            alert = message
    minh = box.person("Minh", "police")
    admin = box.person("Quản trị", "admin")
    code = await box.invite(Role.POLICE)
    _out("\n— Cán bộ Minh mở link mời Công an xã: phải chờ quản trị duyệt —")
    await _type(minh, f"/start {code}")
    request = await _bot_says(admin)
    assert request is not None
    ref = request.all_text.split("Yêu cầu tham gia ")[1].split()[0]
    await _type(admin, f"/duyet {ref}")
    await _bot_says(minh)
    await _type(minh, "Nguyễn Văn Minh")
    assert alert is not None
    _out(f"\n👮 Minh (trong nhóm): (bấm) {alert.button('Tiếp nhận').text}")
    await minh.press(alert, "Tiếp nhận")
    await _bot_says(lan, quiet=1.0)
    await asyncio.sleep(0.3)
    _out(f"🤖 Bot (tin trong nhóm, đã sửa): {render(alert, ' ' * 8)}")
    _out("\n— Cán bộ Minh xem báo cáo tháng này —")
    await _type(minh, "/baocao tháng này")
    await _bot_says(minh, quiet=2.0)
    _out("\n— Cán bộ Minh mở trang làm việc trên trình duyệt —")
    await _type(minh, "/web")


async def _zalo_says(user: FakeZaloUser) -> str:
    """Print every Zalo reply until the bot has been quiet for a moment; return the last."""
    quiet = QUIET
    last = ""
    while True:
        try:
            message = await user.next_reply(timeout=quiet if last else 5.0)
        except AssertionError:
            return last
        last = message.text or message.caption or ""
        _out("🤖 Bot: " + last.replace("\n", "\n" + " " * 8))


async def _zalo_type(user: FakeZaloUser, text: str) -> str:
    _out(f"\n👤 {user.display_name} (Zalo): {text}")
    await user.send_text(text)
    return await _zalo_says(user)


async def _zalo_group_says(group: FakeZaloGroup, quiet: float = QUIET) -> list[ZaloSent]:
    """Print what the bot posted in the Zalo police group until it is quiet; return it."""
    said: list[ZaloSent] = []
    while True:
        try:
            message = await group.next_message(timeout=quiet if said else 5.0)
        except AssertionError:
            return said
        said.append(message)
        if message.method == "sendPhoto":
            size = len(message.fetched or b"")
            _out(f"🤖 Bot (nhóm Zalo): 🖼 ảnh — Zalo đã tải từ bot qua liên kết ký số ({size} byte)")
            continue
        _out("🤖 Bot (nhóm Zalo): " + (message.text or "").replace("\n", "\n" + " " * 8))


async def _zalo_group_type(
    group: FakeZaloGroup, user: FakeZaloUser, text: str, reply_to: ZaloSent | None = None
) -> list[ZaloSent]:
    how = "trả lời tin của bot" if reply_to is not None else f"@{group.fake.bot_name}"
    _out(f"\n👮 {user.display_name} (nhóm Zalo, {how}): {text}")
    await user.send_text(text, group=group, reply_to=reply_to, mention=reply_to is None)
    return await _zalo_group_says(group)


def _number(alert: ZaloSent) -> str:
    """Return the number an alert gives its entry in the group ("nhận 1" → "1")."""
    found = re.search(r"«nhận (\d+)»", alert.text or "")
    return found.group(1) if found else "1"


async def play_zalo(box: Sandbox) -> None:
    """Play the Zalo script: the police group linked, join by code, an urgent tip with a
    photo typed end to end and taken in the group, one Telegram tip beside it."""
    assert box.org is not None and box.runtime.store is not None and box.zfake is not None
    store = box.runtime.store
    group = box.zfake.group("Công an xã Hòa An", group_id=box.zalo_id("police group"))
    admin = box.zalo_person("Cán bộ Tỉnh", "admin")
    _out("— Nhóm Zalo «Công an xã Hòa An»: quản trị thêm bot vào nhóm và gõ lệnh liên kết —")
    await _zalo_group_type(group, admin, f"/lienketnhom X{box.org.commune_id}")
    minh = box.zalo_person("Minh", "police")
    if not await box.registered(minh):
        # The Telegram admin's phone too: a join request goes to every admin.
        box.person("Quản trị", "admin")
        _out("\n— Cán bộ Minh (Công an xã) nhắn mã mời cho bot trên Zalo: chờ quản trị duyệt —")
        await _zalo_type(minh, await box.invite(Role.POLICE))
        request = await _zalo_says(admin)
        ref = request.split("Yêu cầu tham gia ")[1].split()[0]
        await _zalo_type(admin, f"/duyet {ref}")
        await _zalo_says(minh)
        await _zalo_type(minh, "Nguyễn Văn Minh")

    code = await box.invite(Role.MEMBER)
    lan = box.zalo_person("Lan", "member")
    _out(f"\n— Chị Lan dùng Zalo: tìm bot và nhắn mã mời {code} —")
    await _zalo_type(lan, code)
    await _zalo_type(lan, "Nông Thị Lan")

    _out("\n— Gửi một tin báo: Zalo không có nút, chị gõ số hoặc chữ (1 là «Tin báo») —")
    await _zalo_type(lan, "1")
    await _zalo_type(lan, "4")
    await _zalo_type(lan, "Có người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng.")
    await _zalo_type(lan, "https://maps.google.com/?q=22.6657,106.2570")
    _out("\n👤 Lan (Zalo): (gửi một ảnh)")
    await lan.send_image()
    await _zalo_says(lan)
    await _zalo_type(lan, "xong")
    await _zalo_type(lan, "3")
    await _zalo_type(lan, "4")
    await _zalo_type(lan, "Bà Nông Thị Hoa, bán hàng ở chợ")
    await _zalo_type(lan, "1")

    _out("\n— Trong nhóm Zalo của Công an xã: tin khẩn đến ngay, kèm ảnh —")
    posted = await _zalo_group_says(group)
    alert = next(m for m in reversed(posted) if "«nhận" in (m.text or ""))
    number = _number(alert)
    await _zalo_group_type(group, minh, f"nhận {number}", reply_to=alert)
    _out("\n— Chị Lan được báo —")
    await _zalo_says(lan)
    await _zalo_group_type(group, minh, f"xong {number} Đã xác minh, mời người liên quan làm việc")
    await _zalo_says(lan)

    _out("\n— Anh Hùng cùng tổ vẫn dùng Telegram —")
    hung = box.person("Hùng", "member")
    await _type(hung, f"/start {await box.invite(Role.MEMBER)}")
    for text in ["/tinbao", "1", "Nghi mua bán ma túy ở bãi sông", "Bãi sông Bằng", "gửi"]:
        await _type(hung, text)

    _out("\n— Trong cơ sở dữ liệu: cùng bảng entries, cùng một dãy mã —")
    for entry in reversed(await store.entries_by_team(box.org.team.id)):
        assert entry.reporter_id is not None
        reporter = await store.get_person(entry.reporter_id)
        channels = ", ".join(i.channel.value for i in await store.identities(reporter.id))
        _out(
            f"   {entry.code} · {entry.kind.value} · {entry.category} · {reporter.name} "
            f"({channels}) · {entry.photo_count} ảnh"
        )


async def run_demo(db: Path | None = None, zalo: bool = False) -> int:
    """Run the demo and print the conversation."""
    if zalo:
        _out("ANTT bot trên Zalo — bản chạy thử (bot thật, Zalo Bot API giả lập)\n")
        async with sandbox(db, zalo=True) as box:
            await play_zalo(box)
        _out("\nXong. Thử tự trò chuyện như người dùng Zalo: antt-bot shell --zalo")
        return 0
    _out("ANTT bot — bản chạy thử (không cần Telegram: bot thật, máy chủ Bot API giả lập)\n")
    async with sandbox(db) as box:
        await play(box)
        await asyncio.sleep(0)
        if sys.stdin.isatty():
            # The sign-in link above works while the bot runs: keep it running for a look.
            _out(
                f"\nTrang làm việc: {box.runtime.services.web_auth.base_url} — mở link đăng "
                "nhập ở trên trong trình duyệt. Nhấn Enter để dừng."
            )
            await asyncio.to_thread(sys.stdin.readline)
    _out("\nXong. Thử tự trò chuyện: antt-bot shell")
    return 0
