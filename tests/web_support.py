"""Helpers of the web workspace's browser tests (fixtures: tests/workspace/conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Page, Response

from bot.devtools.fake_telegram import FakeUser
from harness import Bench, say

CHROMIUM = Path("/usr/bin/chromium")
#: No network, no background services: the browser only talks to our loopback server.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 640}
LINK = re.compile(r"https?://\S+/login/\S+")


async def new_phone(browser: Browser) -> BrowserContext:
    """Return a fresh 360×640 browser context, as a cheap Android phone shows pages."""
    return await browser.new_context(
        viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", device_scale_factor=1
    )


def base_url(bench: Bench) -> str:
    """Return where the bench's workspace listens."""
    assert bench.runtime is not None
    return bench.runtime.services.web_auth.base_url


async def link_for(user: FakeUser) -> str:
    """Ask the bot for a sign-in link in the private chat, as a person would."""
    reply = await say(user, "/web")
    for _ in range(3):
        found = LINK.search(reply.all_text)
        if found:
            return found.group(0)
        # A "signed in on a browser" notice may still have been on its way.
        reply = await user.next_reply()
    raise AssertionError(reply.all_text)


async def sign_in(context: BrowserContext, user: FakeUser) -> Page:
    """Open the link from the chat in the browser; return the page it lands on."""
    link = await link_for(user)
    page = await context.new_page()
    await page.goto(link)
    await page.wait_for_url(re.compile(r"/(inbox|team)"))
    notice = await user.next_reply()
    assert "đã đăng nhập trên trình duyệt" in notice.all_text
    return page


async def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot under $SCREENSHOTS (nothing when unset)."""
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        await page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


async def weight(page: Page, url: str) -> int:
    """Open a page and return the bytes it transferred, photos left out (as sent: gzip)."""
    sizes: list[int] = []

    def count(response: Response) -> None:
        if "/anh/" not in response.url:
            sizes.append(int(response.headers.get("content-length", "0")))

    page.on("response", count)
    await page.goto(url)
    await page.wait_for_load_state("networkidle")
    page.remove_listener("response", count)
    return sum(sizes)
