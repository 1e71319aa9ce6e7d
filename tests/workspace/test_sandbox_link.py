"""`antt-bot shell` and `antt-bot demo` print a workspace link that works on loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp
import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.sandbox import sandbox
from bot.domain import Role
from harness import Bench, say

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


async def test_a_taken_web_port_does_not_stop_the_bot(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FakeTelegram() as fake:
            bench = Bench(fake, tmp_path / "antt.sqlite3")
            bench.settings = bench.settings.model_copy(
                update={"web": bench.settings.web.model_copy(update={"port": port})}
            )
            await bench.start()
            try:
                await bench.seed()
                assert bench.org is not None
                minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
                reply = await say(minh, "/web")
                assert "chưa được bật" in reply.all_text
            finally:
                await bench.stop()
