"""A first tip, timed as a first-time member on a cheap phone would take it.

Drives the real bot (the sandbox behind `antt-bot shell`: Runtime, outbox, fake Bot API)
with a Telegram phone, and before every input waits as a person does: first reading the
bot's last message, then acting. The waits come from a simple model of a first-timer
(below, stated so the figures can be argued with); the bot's own answer times are real.
With `--speed 0` nothing is waited and the modelled time is only added up.

    python bench/first_tip.py [--speed 1] [--place typed|location] [--news type|voice]

The model (a first-time village member, Vietnamese, small screen):
- reading: 1 s to notice the new message, then 3 words a second (180 words a minute) of
  its text and of its buttons down to the one pressed;
- a button: 1.5 s to find and press it, plus 0.2 s × log2(choices + 1) to choose (Hick);
- typing: 2 s to start, then 1.2 characters a second (Telex diacritics on a phone);
- sharing the location: 4 s (the keyboard button, then Telegram's confirmation);
- a voice note: 2 s to hold the microphone, then 2.5 words a second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.devtools.sandbox import sandbox
from bot.domain import Role

NEWS = "Có người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng."
PLACE = "Đầu cầu Nà Cáp"
READ_START, WORDS_PER_S = 1.0, 3.0
PRESS, HICK = 1.5, 0.2
TYPE_START, CHARS_PER_S = 2.0, 1.2
LOCATION = 4.0
VOICE_START, SPOKEN_WORDS_PER_S = 2.0, 2.5
#: How long the bot must stay quiet for its answer to be complete (not counted).
QUIET = 0.4

#: (what, value): "type" a text, "press" a button by (part of) its label, "location".
Script = list[tuple[str, str]]


def paths(place: str, news: str) -> dict[str, Script]:
    """Return each shortest path of a first tip, the place typed or shared, the news typed
    or said in a voice note."""
    where = ("location", "") if place == "location" else ("type", PLACE)
    said = (news, NEWS)
    return {
        "from the menu": [
            ("type", "📝 Tin báo"),
            ("press", "Đối tượng khả nghi"),
            said,
            where,
            ("press", "Gửi"),
        ],
        "news straight into the chat": [
            said,
            ("press", "Đối tượng khả nghi"),
            where,
            ("press", "Gửi"),
        ],
    }


def reading(message: SentMessage | None, kind: str, value: str) -> float:
    """Seconds to read a message: its text, then its buttons down to the one pressed (a
    person stops scanning at the answer; typing an answer, they read no button)."""
    if message is None:
        return 0.0
    words = len(message.all_text.split())
    if kind == "press":
        for button in message.buttons:
            words += len(button.text.split())
            if value in button.text:
                break
    return READ_START + words / WORDS_PER_S


def acting(kind: str, value: str, last: SentMessage | None) -> float:
    """Seconds to give one input."""
    if kind == "type":
        keys = [label for row in (last.reply_keyboard if last else None) or [] for label in row]
        if value in keys:
            return PRESS  # a main-menu key
        return TYPE_START + len(value) / CHARS_PER_S
    if kind == "location":
        return LOCATION
    if kind == "voice":
        return VOICE_START + len(value.split()) / SPOKEN_WORDS_PER_S
    choices = len(last.buttons) if last is not None else 1
    return PRESS + HICK * math.log2(choices + 1)


@dataclass
class Timing:
    """One path's figures."""

    inputs: int
    person_s: float
    bot_s: float
    code: str
    steps: list[str]


async def walk(user: FakeUser, script: Script, speed: float, welcome: SentMessage) -> Timing:
    """Take the path as the model's person; return the time it took."""
    shown: list[SentMessage] = [welcome]
    person = bot = 0.0
    steps: list[str] = []
    for n, (kind, value) in enumerate(script, start=1):
        last = shown[-1]
        # The clock starts at the first input: the welcome was read when joining. Every
        # message of an answer is read (an acknowledgement on its own costs a reading).
        read = 0.0 if n == 1 else sum(reading(m, kind, value) for m in shown)
        act = acting(kind, value, last)
        wait = read + act
        steps.append(f"read {read:.0f} s + {kind} {act:.0f} s")
        person += wait
        await asyncio.sleep(wait * speed)
        started = time.perf_counter()
        if kind == "press":
            await user.press(last, next(b.text for b in last.buttons if value in b.text))
        elif kind == "location":
            await user.send_location(22.6657, 106.2570)
        elif kind == "voice":
            await user.send_voice(duration=round(len(value.split()) / SPOKEN_WORDS_PER_S))
        else:
            await user.send_text(value)
        first = await user.next_reply(timeout=30)
        bot += time.perf_counter() - started
        shown = [first]
        with contextlib.suppress(AssertionError):
            while True:
                shown.append(await user.next_reply(timeout=QUIET))
        last = shown[-1]
        if "Mã số:" in last.all_text:
            code = last.all_text.split("Mã số: ")[1].split()[0]
            return Timing(n, person, bot, code, steps)
    raise AssertionError("no reference code at the end of the path")


async def run(speed: float, place: str, news: str) -> None:
    """Time each path with a new member, and print the table."""
    print(f"\nA first tip: news {news}d, place {place}; waits × {speed:g} (0: modelled only)\n")
    print("| path | inputs | reading and acting | bot answering | total |")
    print("|---|---|---|---|---|")
    details: list[str] = []
    async with sandbox() as box:
        for name, script in paths(place, news).items():
            user = box.person(f"Tổ viên ({name})", "member")
            await user.send_text(f"/start {await box.invite(Role.MEMBER)}")
            welcome = await user.next_reply(timeout=30)
            timing = await walk(user, script, speed, welcome)
            total = timing.person_s + timing.bot_s
            print(
                f"| {name} | {timing.inputs} | {timing.person_s:.0f} s | "
                f"{timing.bot_s * 1000:.0f} ms | **{total:.0f} s** |"
            )
            details.append(f"{name}: " + "; ".join(timing.steps))
    print("\n" + "\n".join(details))


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--speed", type=float, default=1.0, help="1: wait in real time")
    parser.add_argument("--place", choices=["typed", "location"], default="typed")
    parser.add_argument("--news", choices=["type", "voice"], default="type")
    args = parser.parse_args()
    asyncio.run(run(args.speed, args.place, args.news))


if __name__ == "__main__":
    main()
