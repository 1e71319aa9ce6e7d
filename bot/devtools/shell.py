"""`antt-bot shell`: chat with the real bot in a terminal, as a chosen person.

Typing a number presses the button the bot numbered; anything else is sent as text.
Lines starting with "!" act like a phone: !loc, !photo, !voice, !sticker, !quit.
With --zalo you are a Zalo user instead: no buttons, everything is typed, as on Zalo.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.devtools.fake_zalo import FakeZaloUser
from bot.devtools.sandbox import render, sandbox
from bot.domain import Role

HELP = """Gõ để trò chuyện với bot. Phím tắt:
  số (1, 2, …)     bấm nút có số đó
  !loc [vĩ độ kinh độ]  gửi vị trí (mặc định: 22.6657 106.2570)
  !photo / !voice / !sticker  gửi ảnh / tin nhắn thoại / nhãn dán
  !help            xem lại hướng dẫn này
  !quit            thoát (hoặc Ctrl-D)"""

NUMBERED = re.compile(r"^(\d+)\. ")
ROLES = {"member": Role.MEMBER, "leader": Role.LEADER, "police": Role.POLICE}


def _button_for(message: SentMessage | None, typed: str) -> str | None:
    """Return the callback data of the button the bot numbered `typed`, if any."""
    if message is None or not typed.isdigit():
        return None
    for button in message.buttons:
        match = NUMBERED.match(button.text)
        if match and match.group(1) == typed:
            return button.callback_data
    return None


async def _read(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def _show(user: FakeUser, quiet: float = 0.4) -> SentMessage | None:
    last: SentMessage | None = None
    while True:
        try:
            message = await user.next_reply(timeout=quiet if last else 3.0)
        except AssertionError:
            return last
        last = message
        print(f"🤖 {render(message, '   ')}", flush=True)


async def _act(user: FakeUser, line: str, last: SentMessage | None) -> bool:
    """Send one typed line as the phone would; return False to quit."""
    if line in ("!quit", "!exit", "!q"):
        return False
    if line == "!help":
        print(HELP)
    elif line.startswith("!loc"):
        parts = line.split()[1:]
        lat, lon = (float(parts[0]), float(parts[1])) if len(parts) == 2 else (22.6657, 106.257)
        await user.send_location(lat, lon)
    elif line == "!photo":
        await user.send_photo()
    elif line == "!voice":
        await user.send_voice()
    elif line == "!sticker":
        await user.send_sticker()
    elif (data := _button_for(last, line)) is not None:
        assert last is not None
        await user.press(last, data=data)
    else:
        await user.send_text(line)
    return True


ZALO_HELP = """Bạn đang dùng Zalo: không có nút bấm, mọi câu trả lời đều gõ (số hoặc chữ).
  !photo           gửi ảnh
  !sticker         gửi nhãn dán
  !other           gửi loại tin Zalo không cho bot xem (tệp, video, vị trí…)
  !help            xem lại hướng dẫn này
  !quit            thoát (hoặc Ctrl-D)"""


async def _show_zalo(user: FakeZaloUser, quiet: float = 0.4) -> None:
    shown = False
    while True:
        try:
            message = await user.next_reply(timeout=quiet if shown else 3.0)
        except AssertionError:
            return
        shown = True
        body = message.text or message.caption or f"<{message.method}>"
        print("🤖 " + body.replace("\n", "\n   "), flush=True)


async def _act_zalo(user: FakeZaloUser, line: str) -> bool:
    """Send one typed line as a Zalo phone would; return False to quit."""
    if line in ("!quit", "!exit", "!q"):
        return False
    if line == "!help":
        print(ZALO_HELP)
    elif line == "!photo":
        await user.send_image()
    elif line == "!sticker":
        await user.send_sticker()
    elif line == "!other":
        await user.send_unsupported()
    else:
        await user.send_text(line)
    return True


async def run_zalo_shell(as_role: str = "member", db: Path | None = None) -> int:
    """Chat with the bot as a Zalo user until the person quits."""
    async with sandbox(db, zalo=True) as box:
        user = box.zalo_person("Bạn", as_role)
        print("ANTT bot trên Zalo — trò chuyện thử trong terminal (Zalo Bot API giả lập)")
        print(ZALO_HELP + "\n")
        if as_role in ROLES:
            code = await box.invite(ROLES[as_role])
            print(f"(Bạn gõ mã mời {code})")
            await user.send_text(code)
        else:
            await user.send_text("/start")
        await _show_zalo(user)
        while True:
            line = await _read("👤 ")
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            if not await _act_zalo(user, line):
                break
            await _show_zalo(user)
    return 0


async def run_shell(as_role: str = "member", db: Path | None = None, zalo: bool = False) -> int:
    """Start the sandbox and chat until the person quits."""
    if zalo:
        return await run_zalo_shell(as_role, db)
    async with sandbox(db) as box:
        user = box.person("Bạn", as_role)
        print("ANTT bot — trò chuyện thử trong terminal (không cần Telegram)")
        print(HELP + "\n")
        if as_role in ROLES:
            code = await box.invite(ROLES[as_role])
            print(f"(Bạn mở link mời với mã {code})")
            await user.send_text(f"/start {code}")
        else:
            await user.send_text("/start")
        last = await _show(user)
        print(
            f"(Trang làm việc: {await box.officer_link()} — link đăng nhập của cán bộ "
            "công an xã mẫu; công an, tổ trưởng, quản trị gõ /web để lấy link của mình)"
        )
        while True:
            line = await _read("👤 ")
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            if not await _act(user, line, last):
                break
            shown = await _show(user)
            last = shown or last
    return 0
