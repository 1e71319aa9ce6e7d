"""`antt-bot shell`: chat with the real bot in a terminal, as a chosen person.

Every button is shown with a number: typing it presses that button of the latest message
that has buttons (the bot's own "1. Ma túy" keep their number; «Gửi», «⬅️ Quay lại» and
the menu keyboard get the next ones). Where a question takes a typed number (minutes),
its quick choices are left unnumbered, so "10" still means ten. Anything else is sent as
text. Lines starting with "!" act like a phone: !loc, !photo, !voice, !sticker, !quit.
Report files the bot sends are saved and their path printed. With --zalo you are a Zalo
user instead: no buttons, everything is typed, as on Zalo.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.devtools.fake_telegram import Button, FakeUser, SentMessage
from bot.devtools.fake_zalo import FakeZaloUser, ZaloSent
from bot.devtools.sandbox import Sandbox, render, sandbox
from bot.domain import Role

HELP = """Gõ để trò chuyện với bot. Phím tắt:
  số (1, 2, …)     bấm nút có số đó (của tin nhắn mới nhất có nút)
  !loc [vĩ độ kinh độ]  gửi vị trí (mặc định: 22.6657 106.2570)
  !photo / !voice / !sticker  gửi ảnh / tin nhắn thoại / nhãn dán
  !help            xem lại hướng dẫn này
  !quit            thoát (hoặc Ctrl-D)"""

NUMBERED = re.compile(r"^(\d+)\. ")
ROLES = {"member": Role.MEMBER, "leader": Role.LEADER, "police": Role.POLICE}


@dataclass
class Keys:
    """The buttons of the latest message that has any, by the number shown for each."""

    message: SentMessage | None = None
    inline: dict[str, Button] = field(default_factory=dict)
    keyboard: dict[str, str] = field(default_factory=dict)


def number_buttons(message: SentMessage) -> Keys:
    """Give every button of a message a number; the bot's own numbers are kept."""
    keys = Keys(message)
    buttons = message.buttons
    typed_numbers = any(not NUMBERED.match(b.text) and b.text[:1].isdigit() for b in buttons)
    taken = {int(m.group(1)) for b in buttons if (m := NUMBERED.match(b.text))}
    following = iter(n for n in range(max(taken, default=0) + 1, 10_000))
    for button in buttons:
        found = NUMBERED.match(button.text)
        if found:
            keys.inline[found.group(1)] = button
        elif button.callback_data is not None and not typed_numbers:
            keys.inline[str(next(following))] = button
    for row in message.reply_keyboard or []:
        for label in row:
            keys.keyboard[str(next(following))] = label
    return keys


def render_numbered(message: SentMessage, keys: Keys, indent: str = "   ") -> str:
    """Draw a bot message for the terminal with the number that presses each button."""
    shown = {id(b): n for n, b in keys.inline.items()}

    def label(button: Button) -> str:
        text = f"{button.text} → {button.url}" if button.url else button.text
        number = shown.get(id(button))
        return text if number is None or NUMBERED.match(button.text) else f"{number} {text}"

    numbered = [f"{n} {text}" for n, text in keys.keyboard.items()]
    return render(message, indent, label=label, keys=numbered)


def _save_document(user: FakeUser, message: SentMessage, folder: Path) -> Path | None:
    """Save a file the bot sent (a report) where the person can open it."""
    if not message.document:
        return None
    name = Path(message.file_name or f"{message.document}.bin").name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(user.fake.file_bytes(message.document))
    os.chmod(path, 0o600)
    return path


async def _read(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


#: Seconds the bot must stay quiet before the prompt comes back.
QUIET = 0.4
#: Seconds to wait for a first reply before the prompt comes back anyway.
FIRST = 3.0


class Screen:
    """Prints the bot's messages as they arrive, also between prompts (a report's files).

    After each line typed, `settle` waits until the bot has answered and gone quiet, so
    replies print before the next prompt; `keys` are the latest replies' buttons.
    """

    def __init__(self, user: FakeUser | FakeZaloUser, draw: Callable[[Any], Keys]) -> None:
        self.user = user
        self.draw = draw
        self.keys = Keys()
        self._last = 0.0
        self._fresh = True
        #: How many edits the message whose buttons are `keys` had when it was drawn.
        self._edits = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start printing in the background."""
        self._task = asyncio.create_task(self._print())

    async def stop(self) -> None:
        """Stop printing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _print(self) -> None:
        while True:
            try:
                message = await self.user.next_reply(timeout=3600)
            except AssertionError:
                continue
            keys = self.draw(message)
            if self._fresh:
                # A new answer: the buttons of what came before it are no longer pressable.
                self.keys, self._fresh = Keys(), False
            if keys.inline or keys.keyboard:
                self.keys = keys
                self._edits = len(getattr(message, "edits", ()))
            self._last = time.monotonic()

    def expect(self) -> float:
        """Note that something is about to be sent; return the moment, for `settle`."""
        self._fresh = True
        return time.monotonic()

    async def settle(self, began: float) -> None:
        """Wait until the bot answered what was sent at `began` and went quiet (or never did)."""
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            answered = self._last >= began
            if answered and now - self._last >= QUIET:
                return
            if not answered and now - began >= FIRST:
                # Nothing came (a press answered by a toast): the old buttons still work —
                # unless the bot changed the pressed message in place (a summary choice such
                # as «Khẩn cấp»): then it is shown again, with its new buttons.
                self._fresh = False
                shown = self.keys.message
                if shown is not None and len(getattr(shown, "edits", ())) > self._edits:
                    print("(tin trên vừa được sửa)", flush=True)
                    self.keys = self.draw(shown)
                    self._edits = len(getattr(shown, "edits", ()))
                return


def _telegram_drawer(user: FakeUser, files: Path) -> Callable[[Any], Keys]:
    def draw(message: SentMessage) -> Keys:
        keys = number_buttons(message)
        print(f"🤖 {render_numbered(message, keys, '   ')}", flush=True)
        saved = _save_document(user, message, files)
        if saved is not None:
            print(f"   📎 đã lưu tệp: {saved}", flush=True)
        return keys

    return draw


def _zalo_draw(message: ZaloSent) -> Keys:
    body = message.text or message.caption or f"<{message.method}>"
    print("🤖 " + body.replace("\n", "\n   "), flush=True)
    return Keys()


async def _act(user: FakeUser, line: str, keys: Keys) -> bool:
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
    elif line in keys.inline and keys.message is not None:
        await user.press(keys.message, data=keys.inline[line].callback_data)
    elif line in keys.keyboard:
        await user.send_text(keys.keyboard[line])
    else:
        await user.send_text(line)
    return True


ZALO_HELP = """Bạn đang dùng Zalo: không có nút bấm, mọi câu trả lời đều gõ (số hoặc chữ).
  !photo           gửi ảnh
  !sticker         gửi nhãn dán
  !other           gửi loại tin Zalo không cho bot xem (tệp, video, vị trí…)
  !help            xem lại hướng dẫn này
  !quit            thoát (hoặc Ctrl-D)"""


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
        print(_where(box, db) + "\n")
        screen = Screen(user, _zalo_draw)
        began = screen.expect()
        if as_role in ROLES and not await box.registered(user):
            code = await box.invite(ROLES[as_role], approved=True)
            print(f"(Bạn gõ mã mời {code})")
            await user.send_text(code)
        else:
            await user.send_text("/start")
        await _converse(screen, began, lambda line: _act_zalo(user, line))
    return 0


async def _converse(
    screen: Screen,
    began: float,
    act: Callable[[str], Awaitable[bool]],
    intro: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Read lines and act on them until the person quits, printing replies as they come.

    `intro` prints after the bot's first replies, before the first prompt.
    """
    screen.start()
    try:
        await screen.settle(began)
        if intro is not None:
            await intro()
        while True:
            line = await _read("👤 ")
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            began = screen.expect()
            if not await act(line):
                break
            await screen.settle(began)
    finally:
        await screen.stop()


async def run_shell(as_role: str = "member", db: Path | None = None, zalo: bool = False) -> int:
    """Start the sandbox and chat until the person quits."""
    if zalo:
        return await run_zalo_shell(as_role, db)
    async with sandbox(db) as box:
        user = box.person("Bạn", as_role)
        print("ANTT bot — trò chuyện thử trong terminal (không cần Telegram)")
        print(HELP + "\n")
        print(_where(box, db) + "\n")
        screen = Screen(user, _telegram_drawer(user, box.reports_folder))
        began = screen.expect()
        if as_role in ROLES and not await box.registered(user):
            code = await box.invite(ROLES[as_role], approved=True)
            print(f"(Bạn mở link mời với mã {code})")
            await user.send_text(f"/start {code}")
        else:
            await user.send_text("/start")

        async def web_link() -> None:
            print(
                f"(Trang làm việc: {await box.officer_link()} — link đăng nhập của cán bộ "
                "công an xã mẫu; công an, tổ trưởng, quản trị gõ /web để lấy link của mình)"
            )

        await _converse(screen, began, lambda line: _act(user, line, screen.keys), web_link)
    return 0


def _where(box: Sandbox, db: Path | None) -> str:
    """Say where the sandbox keeps its data, report files first."""
    kept = "" if db else " (thư mục tạm, xóa khi thoát; dùng --db TỆP để giữ lại)"
    return f"Tệp báo cáo (XLSX, DOCX, biểu đồ) bot tạo: {box.reports_folder}{kept}"
