"""Fixtures: the fake Zalo API, and the bot running on Telegram and Zalo at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from harness import Bench


@pytest.fixture
async def zfake() -> AsyncIterator[FakeZalo]:
    """A fake Zalo Bot API server."""
    async with FakeZalo() as server:
        yield server


@pytest.fixture
async def zbench(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot on both messengers (Zalo by webhook, as in production), organisation seeded."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()
