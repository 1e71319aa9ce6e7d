"""Browser tests of the web workspace: Debian's headless Chromium driven by Playwright.

One browser for the whole session (starting Chromium costs about a second); each test
gets fresh browser contexts (own cookies) and its own bot, fake Bot API and database. The
tests and these fixtures run on the session's event loop, where the browser lives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from web_support import ARGS, CHROMIUM, new_phone

from bot.devtools.fake_telegram import FakeTelegram
from harness import Bench

try:
    from playwright.async_api import Browser, BrowserContext, async_playwright
except ImportError:  # pragma: no cover - the dev extra is not installed
    async_playwright = None  # type: ignore[assignment]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Headless Chromium, once per test session."""
    if async_playwright is None or not CHROMIUM.exists():
        pytest.skip("browser tests skipped: /usr/bin/chromium or playwright is missing")
    async with async_playwright() as driver:
        found = await driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield found
        finally:
            await found.close()


@pytest_asyncio.fixture(loop_scope="session")
async def wbench(tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot with its workspace, against a fake Bot API, on the session's loop."""
    async with FakeTelegram() as fake:
        bench = Bench(fake, tmp_path / "antt.sqlite3")
        await bench.start()
        await bench.seed()
        try:
            yield bench
        finally:
            await bench.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def phone(browser: Browser) -> AsyncIterator[BrowserContext]:
    """A phone-sized browser context (its own cookies); more with `new_phone`."""
    context = await new_phone(browser)
    try:
        yield context
    finally:
        await context.close()
