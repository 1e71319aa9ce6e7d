"""Crash safety: kill -9 the bot at random moments while members file entries.

Every reference code a member received is in the database, complete; every entry in the
database reaches its member (its confirmation was queued with it and is sent after the
restart). The bot runs as a real subprocess; the phones and the Bot API are in the test.
"""

from __future__ import annotations

import asyncio
import random
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import backends
import pytest

from bot.devtools.fake_telegram import FakeTelegram, FakeUser, SentMessage
from harness import bot_process, process_config, seed_file

CODE = re.compile(r"Mã số: (VT-\d{4}-\d{6})")
#: (what the member types, a phrase of the question that must come next)
SCRIPT = [
    ("/viectot", "việc tốt gì"),
    ("1", "Đã làm việc gì"),
    (None, "Ai đã làm"),  # the description, unique per entry
    ("tôi", "Kiểm tra lại"),
    ("gửi", "Mã số"),
]


@dataclass
class Member:
    """A phone and what it was told."""

    user: FakeUser
    codes: dict[str, str] = field(default_factory=dict)


async def wait_for(user: FakeUser, accept: Callable[[SentMessage], bool]) -> SentMessage:
    """Read replies until one is accepted; repeats of earlier prompts are skipped."""
    replies = await user.replies_until(accept, timeout=90)
    return replies[-1]


async def member_files(member: Member, entries: int, tag: str) -> None:
    """File `entries` good deeds by typing, the way a member does."""
    for n in range(entries):
        description = f"{tag}-{n}: giúp bà con qua suối"
        for text, expected in SCRIPT:
            await member.user.send_text(text or description)
            reply = await wait_for(member.user, lambda m, e=expected: e in m.all_text)
            match = CODE.search(reply.all_text)
            if match:
                member.codes[match.group(1)] = description


async def run_crash_session(
    fake: FakeTelegram, tmp_path: Path, *, people: int, entries: int, kills: int, seed_: int
) -> None:
    rng = random.Random(seed_)
    db = tmp_path / "antt.sqlite3"
    code = "CRASH234"
    await seed_file(db, code, uses=people)
    config = process_config(tmp_path / "config.toml", fake, db)
    process = await bot_process(config)
    members = [Member(fake.user(f"Tổ viên {i}")) for i in range(people)]
    try:
        for member in members:
            await member.user.send_text(f"/start {code}")
        for member in members:
            await wait_for(member.user, lambda m: "Chào" in m.all_text)
        work = asyncio.gather(*(member_files(m, entries, f"m{i}") for i, m in enumerate(members)))
        for _ in range(kills):
            await asyncio.sleep(rng.uniform(0.3, 2.0))
            process.send_signal(signal.SIGKILL)
            await process.wait()
            process = await bot_process(config)
        await asyncio.wait_for(work, timeout=300)
        await fake.wait_idle(quiet=1.0, timeout=30)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
            await process.wait()

    stored = {r[0]: r[1] for r in await backends.query(db, "SELECT code, description FROM entries")}
    told = {c: d for m in members for c, d in m.codes.items()}
    # Every code a member was shown is stored, with what that member typed.
    for code_, description in told.items():
        assert stored.get(code_) == description, code_
    # Every stored entry was confirmed to its member (perhaps after a restart).
    assert set(stored) == set(told)
    assert len(stored) == people * entries


async def test_kill_9_loses_no_confirmed_entry(fake: FakeTelegram, tmp_path: Path) -> None:
    await run_crash_session(fake, tmp_path, people=8, entries=2, kills=3, seed_=1)


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(5))
async def test_kill_9_with_50_members_repeated(
    fake: FakeTelegram, tmp_path: Path, round_: int
) -> None:
    await run_crash_session(fake, tmp_path, people=50, entries=2, kills=6, seed_=round_)
