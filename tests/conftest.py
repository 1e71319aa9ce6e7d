"""Fixtures: a fake Bot API (and a fake Zalo API) on loopback, the real bot pointed at them."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from harness import Bench


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse any connection that is not to this machine."""
    real = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if isinstance(host, str) and not (host.startswith("127.") or host in ("::1", "localhost")):
            raise RuntimeError(f"test tried to reach {host}: tests stay on loopback")
        return real(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """A fake Telegram Bot API server."""
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot running against the fake server, with the sample organisation seeded."""
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()


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
