"""Fixtures: a fake Bot API (and a fake Zalo API) on loopback, the real bot pointed at them."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import backends
import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from harness import Bench

#: Test folders that run once per database backend (tests/backends.py).
BOTH_BACKENDS = ("storage", "e2e")


def pytest_report_header(config: pytest.Config) -> str:
    """Say once which backends this run covers."""
    server = backends.server()
    if server is None:
        return (
            "backends: sqlite only: no PostgreSQL server answered (the postgresql "
            "runs of storage and e2e tests are skipped)"
        )
    return f"backends: sqlite and postgresql ({backends.database_dsn('…')})"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run storage, end-to-end and trust tests on both backends."""
    if "backend" not in metafunc.fixturenames:
        return
    folder = metafunc.definition.path.parent.name
    if folder in BOTH_BACKENDS:
        metafunc.parametrize("backend", backends.BACKENDS, indirect=True)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop this run's PostgreSQL template."""
    if backends.server() is not None:
        asyncio.run(backends.drop_template())


@pytest.fixture(autouse=True)
def backend(request: pytest.FixtureRequest) -> Iterator[backends.Backend]:
    """The database backend of this test: its own PostgreSQL database, or SQLite files."""
    chosen: backends.Backend = getattr(request, "param", "sqlite")
    if chosen == "sqlite":
        yield chosen
        return
    if backends.server() is None:
        pytest.skip("no PostgreSQL server")
    if request.node.get_closest_marker("sqlite_only") is not None:
        pytest.skip("SQLite's own behaviour")
    dsn = asyncio.run(backends.create_database())
    backends.current, backends.current_dsn = chosen, dsn
    try:
        yield chosen
    finally:
        backends.current, backends.current_dsn = "sqlite", ""
        asyncio.run(backends.drop_database(dsn))


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
