"""Start-up: the command menu, webhook mode, and the token kept out of logs."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
from faults_kit import captured_log

from bot.app import Runtime
from bot.devtools.fake_telegram import FakeTelegram
from bot.domain import Channel
from harness import Bench, say, settings_for


async def test_command_menu_in_vietnamese_for_every_app_language(bench: Bench) -> None:
    vi = dict(bench.fake.commands[("default", "")])
    assert vi["tinbao"] == "Gửi tin báo về an ninh, trật tự"
    assert vi["huy"] == "Hủy thao tác đang làm"
    # No menu for English apps: Telegram would show it to every Vietnamese phone set to
    # English (most of them). People who choose English get one for their own chat.
    assert not any(language for _, language in bench.fake.commands)
    phone = bench.fake.user("Lan", language_code="en")
    assert dict(bench.fake.menu_seen_by(phone)) == vi
    assert set(vi) == {
        "tinbao",
        "vuviec",
        "viectot",
        "cuatoi",
        "bosung",
        "huy",
        "trogiup",
        "caidat",
        "lienket",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_webhook_mode_serves_and_refuses_a_wrong_secret(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    bench.settings = settings_for(
        fake,
        tmp_path / "antt.sqlite3",
        telegram={
            "mode": "webhook",
            "webhook": {"port": port, "url": url, "secret_token": "s3cret-token-123"},
        },
    )
    await bench.start()
    try:
        await bench.seed()
        lan = await bench.join("Lan")
        reply = await say(lan, "/tinbao")
        assert "Tin báo thuộc loại nào?" in reply.all_text
        async with aiohttp.ClientSession() as http:
            forged = {
                "update_id": 999,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 1, "type": "private"},
                    "text": "/start",
                },
            }
            async with http.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            ) as r:
                assert r.status == 403
            async with http.post(url, json=forged) as r:
                assert r.status == 403
        assert not await bench.store.inbox_is_done("tg:999")
        assert await bench.store.inbox_pending(Channel.TELEGRAM) == []

        # Telegram retries a webhook call it thinks failed: the same update comes twice.
        answer = await lan.send_text("1")
        first = await lan.next_reply()
        fake.add_raw_update(answer)
        for _ in range(50):
            if not fake.pending_updates:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)
        assert fake.pending_updates == []
        assert lan.chat.unread() == [], "the retried update was answered a second time"
        assert first.all_text != reply.all_text
    finally:
        await bench.stop()


async def test_token_never_reaches_the_log(fake: FakeTelegram, tmp_path: Path) -> None:
    with captured_log() as log:
        runtime = Runtime(settings_for(fake, tmp_path / "antt.sqlite3"))
        await runtime.start()
        user = fake.user("Lan")
        await user.send_text("xin chào")
        await user.next_reply()
        await runtime.stop()
    logged = log.getvalue()
    assert "Polling Telegram" in logged
    assert fake.token not in logged
    assert fake.token.split(":")[1] not in logged


async def test_an_english_menu_left_by_an_older_version_is_taken_down(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    fake.commands[("default", "en")] = [("tip", "Report a tip about security and order")]
    fake.commands[("all_group_chats", "en")] = [("report", "Report")]
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    await bench.start()
    try:
        assert ("default", "en") not in fake.commands
        assert ("all_group_chats", "en") not in fake.commands
        phone = fake.user("Lan", language_code="en")
        assert "tinbao" in dict(fake.menu_seen_by(phone))
    finally:
        await bench.stop()
