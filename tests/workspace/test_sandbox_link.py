"""`antt-bot shell` and `antt-bot demo` print a workspace link that works on loopback."""

from __future__ import annotations

import aiohttp
import pytest

from bot.devtools.sandbox import sandbox

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_the_sandbox_gives_a_sign_in_link_that_opens_the_inbox() -> None:
    async with sandbox() as box:
        link = await box.officer_link()
        assert link.startswith("http://127.0.0.1:") and "/login/" in link
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(link) as shown:
                assert shown.status == 200 and "Vào trang làm việc" in await shown.text()
            async with client.post(link) as opened:
                assert opened.status == 200
                assert opened.url.path == "/inbox"
                assert "Tin báo, vụ việc" in await opened.text()
