"""Telegram and Zalo in one process or either alone, from one route table and one config."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.app import ROUTES, Runtime, build_application, build_services
from bot.cli import main
from bot.config import (
    TOKEN_ENV,
    ZALO_TOKEN_ENV,
    ConfigError,
    ZaloSettings,
    ZaloWebhookSettings,
    load_settings,
    parse_settings,
)
from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Channel, Role
from bot.messages import Outbound
from harness import ADMIN_ID, Bench, say, settings_for, zalo_settings, zsay
from storage.sqlite import SqliteStore


@pytest.fixture
async def zalo_only(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot with a Zalo token and no Telegram token."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    bench.settings = settings_for(None, bench.db, zalo=zalo_settings(zfake))
    await bench.start()
    await bench.seed()
    try:
        yield bench
    finally:
        await bench.stop()


async def test_a_zalo_only_deployment_is_run_by_a_zalo_admin(zalo_only: Bench) -> None:
    assert zalo_only.runtime is not None and zalo_only.runtime.app is None
    assert zalo_only.org is not None
    admin = zalo_only.zalo_admin()
    org = await zsay(admin, "🏘 Tổ chức")
    assert "Xã Hòa An" in org and f"T{zalo_only.org.team_a.id}" in org
    invite = await zsay(admin, f"/moi T{zalo_only.org.team_a.id}")
    assert "Zalo: tìm «ANTT Bot» và nhắn mã" in invite and "t.me" not in invite
    code = invite.split("Mã: ")[1].split()[0]
    lan = zalo_only.zalo.user("Lan")
    assert "Chào Lan" in await zsay(lan, code)
    assert "chưa có ứng dụng khác để liên kết" in await zsay(lan, "/lienket")


async def test_invites_on_both_messengers_say_how_to_join_on_each(zbench: Bench) -> None:
    assert zbench.org is not None
    admin = zbench.admin()
    invite = (await say(admin, f"/moi T{zbench.org.team_a.id}")).all_text
    code = invite.split("Mã: ")[1].split()[0]
    assert f"Telegram: https://t.me/antt_test_bot?start={code}" in invite
    assert f"Zalo: tìm «ANTT Bot» và nhắn mã {code}" in invite
    stranger = zbench.fake.user("Người lạ")
    assert "Nếu bạn đã dùng bot này trên Zalo" in (await say(stranger, "/start")).all_text


async def test_admin_menu_buttons_work_on_telegram_too(zbench: Bench) -> None:
    admin = zbench.admin()
    assert "Xã Hòa An" in (await say(admin, "🏘 Tổ chức")).all_text
    assert "người" in (await say(admin, "👥 Thành viên")).all_text
    officer = await zbench.join("Minh", Role.POLICE, commune_id=zbench.org.commune_a)  # type: ignore[union-attr]
    assert "Công an xã" in (await say(officer, "❓ Trợ giúp")).all_text


async def test_every_telegram_command_is_in_the_route_table_zalo_reads(tmp_path: Path) -> None:
    settings = parse_settings(
        {"telegram": {"token": "1:offline"}, "bot": {"admins": [ADMIN_ID]}}, "test"
    )
    store = SqliteStore(tmp_path / "x.sqlite3")
    app = build_application(settings, build_services(settings, store, Runtime(settings).clock))
    telegram = {
        command
        for group in app.handlers.values()
        for handler in group
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    routed = {command for route in ROUTES for command in route.commands}
    # A command registered for Telegram only would be missing on Zalo: build it from ROUTES.
    assert telegram - routed == set()
    assert routed - telegram == set()


def test_zalo_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ZALO_TOKEN_ENV, "1234:zalo-SECRET")
    path = tmp_path / "config.toml"
    path.write_text('[zalo]\nadmins = [123, "ab12"]\nbase_url = "http://127.0.0.1:9/"\n')
    settings = load_settings(path)
    assert settings.zalo.enabled and not settings.telegram.enabled
    assert settings.zalo.token.get_secret_value() == "1234:zalo-SECRET"
    assert "SECRET" not in repr(settings)
    assert settings.zalo.admins == ["123", "ab12"]
    assert settings.zalo.base_url == "http://127.0.0.1:9"


def test_a_webhook_zalo_cannot_authenticate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[zalo]\nmode = "webhook"\n')
    with pytest.raises(ConfigError, match=r"zalo: .*secret_token.*url"):
        load_settings(path)
    path.write_text('[zalo]\nmode = "webhook"\n[zalo.webhook]\nsecret_token = "short"\n')
    with pytest.raises(ConfigError, match=r"zalo\.webhook\.secret_token"):
        load_settings(path)


def test_run_without_any_token_names_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    monkeypatch.delenv(ZALO_TOKEN_ENV, raising=False)
    path = tmp_path / "config.toml"
    path.write_text("[bot]\n")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "telegram.token" in err and TOKEN_ENV in err
    assert "zalo.token" in err and ZALO_TOKEN_ENV in err
    assert err.count("\n") == 1


async def test_a_refused_zalo_token_stops_start_up_with_one_line(
    zfake: FakeZalo, tmp_path: Path
) -> None:
    zalo = zalo_settings(zfake) | {"token": "wrong:token"}
    settings = settings_for(None, tmp_path / "db.sqlite3", zalo=zalo)
    runtime = Runtime(settings)
    with pytest.raises(ConfigError, match=r"zalo\.token"):
        await runtime.start()
    await runtime.stop()


async def test_messages_for_a_messenger_not_running_wait_instead_of_dropping(
    zalo_only: Bench,
) -> None:
    await zalo_only.store.send(
        [Outbound(channel=Channel.TELEGRAM, chat_id="-100123", text="🚨 Tin báo khẩn")],
        zalo_only.clock.now(),
    )
    assert zalo_only.runtime is not None
    zalo_only.runtime.dispatcher.kick()
    for _ in range(40):
        row = await zalo_only.store.db.fetchone(
            "SELECT failed_at, not_before, error FROM outbox WHERE channel = 'telegram'"
        )
        if row is not None and row["error"]:
            break
        await asyncio.sleep(0.05)
    assert row is not None and row["failed_at"] is None and row["not_before"] is not None
    assert row["error"] == "no sender for telegram"


def test_every_zalo_key_is_explained_in_the_example_config() -> None:
    example = (Path(__file__).parents[2] / "config.example.toml").read_text(encoding="utf-8")
    zalo = example.split("\n[zalo]\n")[1].split("\n[storage]\n")[0]
    for name in [*ZaloSettings.model_fields, *ZaloWebhookSettings.model_fields]:
        if name != "webhook":
            assert f"\n{name} = " in zalo, name
            above = zalo.split(f"\n{name} = ")[0].rstrip().splitlines()
            # A comment may explain a few keys at once (listen, port, path).
            explained = next(
                line for line in reversed(above) if line.startswith("#") or " = " not in line
            )
            assert explained.startswith("#"), f"{name} has no comment above it"


async def test_a_zalo_token_revoked_mid_run_stops_the_bot_with_one_line(
    zalo_only: Bench,
) -> None:
    runtime = zalo_only.runtime
    assert runtime is not None
    zalo_only.zalo.token = "revoked-in-zalo-bot-manager"
    await zalo_only.store.send(
        [Outbound(channel=Channel.ZALO, chat_id="a1b2c3", text="🚨 Tin báo khẩn")],
        zalo_only.clock.now(),
    )
    runtime.dispatcher.kick()
    for _ in range(100):
        if runtime.failure is not None:
            break
        await asyncio.sleep(0.05)
    assert runtime.exit_code == 1
    assert runtime.failure is not None and "put the new token in zalo.token" in runtime.failure
    row = await zalo_only.store.db.fetchone("SELECT attempts, failed_at FROM outbox")
    assert row is not None and row["attempts"] == 0 and row["failed_at"] is None
