"""`antt-bot run` as an operator sees it: one process per database, start-up failures that say
why in one line and exit (2: the configuration, 1: the rest), an unreachable Bot API waited
for, and the token in no line of the log (issue 11, §5, §16, §17)."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from harness import ADMIN_ID, bot_process, finished, free_port, log_until, seed_file


def write_config(
    path: Path, db: Path, *, token: str, base: str, extra: str = "", telegram: str = ""
) -> Path:
    """Write a configuration for a bot process (Telegram at `base`)."""
    path.write_text(
        f"[bot]\nadmins = [{ADMIN_ID}]\n"
        f'[telegram]\ntoken = "{token}"\nbase_url = "{base}/bot"\n'
        f'base_file_url = "{base}/file/bot"\npoll_timeout = 1\nrequest_timeout = 2\n{telegram}'
        f'[storage]\npath = "{db}"\n{extra}',
        encoding="utf-8",
    )
    return path


def for_fake(path: Path, db: Path, fake: FakeTelegram, **kw: str) -> Path:
    return write_config(path, db, token=fake.token, base=f"http://127.0.0.1:{fake.port}", **kw)


def error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if " ERROR " in line or " CRITICAL " in line]


@pytest.mark.sqlite_only  # its bot process is configured for SQLite
async def test_a_second_bot_on_the_same_database_refuses_to_start(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db = tmp_path / "antt.sqlite3"
    await seed_file(db, "HAAN2345")
    config = for_fake(tmp_path / "config.toml", db, fake)
    first = await bot_process(config, log=True)
    try:
        await log_until(first, "Polling Telegram")
        second = await bot_process(config, log=True)
        code, log = await finished(second)
        assert code == 1
        assert len(error_lines(log)) == 1 and "Traceback" not in log, log
        assert "another antt-bot is already running on this database" in log
        assert f"pid {first.pid}" in log
        # The first one never noticed: it still answers.
        user = fake.user("Lan")
        await user.send_text("/start HAAN2345")
        assert "Chào Lan" in (await user.next_reply(timeout=15)).all_text
    finally:
        first.kill()
        await first.wait()
    # Killed -9, it leaves no stale lock: the kernel released it with the process.
    third = await bot_process(config, log=True)
    try:
        await log_until(third, "Polling Telegram")
    finally:
        third.send_signal(signal.SIGTERM)
        code, _ = await finished(third)
    assert code == 0


@pytest.mark.sqlite_only  # its bot process is configured for SQLite
async def test_unreachable_bot_api_at_start_is_waited_for_and_said(tmp_path: Path) -> None:
    db = tmp_path / "antt.sqlite3"
    await seed_file(db, "HAAN2345")
    port = free_port()
    fake = FakeTelegram()
    config = write_config(
        tmp_path / "config.toml", db, token=fake.token, base=f"http://127.0.0.1:{port}"
    )
    process = await bot_process(config, log=True)
    try:
        lines = await log_until(process, "again in 2 s")
        waiting = [line for line in lines if "Bot API unreachable" in line]
        assert len(waiting) == 2 and "trying getMe again in 1 s" in waiting[0]
        # Telegram comes back: the bot connects by itself and serves.
        await fake.start(port=port)
        await log_until(process, "Polling Telegram")
        user = fake.user("Lan")
        await user.send_text("/start HAAN2345")
        assert "Chào Lan" in (await user.next_reply(timeout=15)).all_text
        process.send_signal(signal.SIGTERM)
        code, rest = await finished(process)
    finally:
        if process.returncode is None:
            process.kill()
        await fake.stop()
    assert code == 0
    everything = "\n".join(lines) + rest
    assert fake.token not in everything and fake.token.split(":")[1] not in everything
    assert "Traceback" not in everything


async def test_sigterm_while_waiting_for_the_bot_api_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    config = write_config(
        tmp_path / "config.toml",
        tmp_path / "antt.sqlite3",
        token="123456:AAFakeTokenForTestsOnly-abcdefghij",
        base=f"http://127.0.0.1:{port}",
    )
    process = await bot_process(config, log=True)
    await log_until(process, "Bot API unreachable")
    process.send_signal(signal.SIGTERM)
    code, rest = await finished(process, timeout=15)
    assert code == 0 and "Traceback" not in rest


async def test_a_damaged_database_is_one_line_and_exit_1(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db = tmp_path / "antt.sqlite3"
    db.write_bytes(b"this is not a database, it was cut in half by a full disk\x00" * 200)
    process = await bot_process(for_fake(tmp_path / "config.toml", db, fake), log=True)
    code, log = await finished(process, timeout=30)
    assert code == 1
    assert len(error_lines(log)) == 1 and "Traceback" not in log, log
    assert "is damaged or not a database" in log and "antt-bot restore" in log


@pytest.mark.parametrize("where", ["telegram", "zalo"])
async def test_a_refused_token_at_start_is_one_line_exit_2_and_never_printed(
    fake: FakeTelegram, tmp_path: Path, where: str
) -> None:
    async with FakeZalo() as zfake:
        await refused_token(fake, zfake, tmp_path, where)


async def refused_token(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path, where: str) -> None:
    db = tmp_path / "antt.sqlite3"
    wrong = "987654:AAWrongTokenThatTelegramRefuses-xyz12"
    if where == "telegram":
        config = write_config(
            tmp_path / "config.toml", db, token=wrong, base=f"http://127.0.0.1:{fake.port}"
        )
    else:
        zalo = f'[zalo]\ntoken = "{wrong}"\nbase_url = "{zfake.base_url}"\n'
        config = for_fake(tmp_path / "config.toml", db, fake, extra=zalo)
    process = await bot_process(config, log=True)
    code, log = await finished(process, timeout=30)
    assert code == 2
    assert len(error_lines(log)) == 1 and "Traceback" not in log, log
    assert f"{where}.token: " in log and "refused the bot token" in log
    assert wrong not in log and wrong.split(":")[1] not in log
    # Nothing was left half open: the database can be used (and locked) at once.
    with sqlite3.connect(db) as conn:
        conn.execute("BEGIN IMMEDIATE")


async def test_a_revoked_token_mid_run_exits_1(fake: FakeTelegram, tmp_path: Path) -> None:
    db = tmp_path / "antt.sqlite3"
    await seed_file(db, "HAAN2345")
    process = await bot_process(for_fake(tmp_path / "config.toml", db, fake), log=True)
    await log_until(process, "Polling Telegram")
    token = fake.token
    fake.revoke_token()
    code, log = await finished(process, timeout=30)
    assert code == 1
    assert len(error_lines(log)) == 1 and "refused the bot token" in log
    assert token not in log


async def test_webhook_mode_without_url_or_secret_is_refused_at_load(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    config = for_fake(
        tmp_path / "config.toml",
        tmp_path / "antt.sqlite3",
        fake,
        telegram='mode = "webhook"\n[telegram.webhook]\nurl = ""\nsecret_token = ""\n',
    )
    process = await bot_process(config, log=True)
    code, log = await finished(process, timeout=30)
    assert code == 2
    assert log.count("\n") == 1
    assert "telegram: expected webhook.url" in log and "webhook.secret_token" in log
    assert not (tmp_path / "antt.sqlite3").exists()


async def test_the_token_is_in_no_line_even_when_libraries_quote_urls(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db = tmp_path / "antt.sqlite3"
    await seed_file(db, "HAAN2345")
    config = for_fake(tmp_path / "config.toml", db, fake, extra='[logging]\nlevel = "DEBUG"\n')
    process = await bot_process(config, log=True)
    try:
        lines = await log_until(process, "Polling Telegram")
        user = fake.user("Lan")
        await user.send_text("/start HAAN2345")
        await user.next_reply(timeout=15)
        fake.inject("getUpdates", "502", times=1)
        fake.inject("sendMessage", "drop", times=1)
        await user.send_text("/tinbao")
        await user.next_reply(timeout=20)
        await asyncio.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        code, rest = await finished(process)
    finally:
        if process.returncode is None:
            process.kill()
    assert code == 0
    everything = "\n".join(lines) + rest
    assert "DEBUG" in everything
    assert fake.token not in everything and fake.token.split(":")[1] not in everything
