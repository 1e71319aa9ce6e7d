"""The server guide's files (docs/deploy.md, deploy/) work as the IT person copies them."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from bot.cli import main, parser
from bot.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(DEPLOY / name, encoding="utf-8")
    return parsed


def command(line: str) -> list[str]:
    """Return an ExecStart line's arguments after the antt-bot program."""
    words = shlex.split(line)
    assert words[0] == "/opt/antt-bot/venv/bin/antt-bot", words[0]
    return words[1:]


def test_the_production_config_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTT_ZALO_TOKEN", "12345689:abc-xyz")
    settings = load_settings(DEPLOY / "config.production.toml")
    assert settings.zalo.enabled and settings.zalo.mode == "webhook"
    assert settings.storage.path == Path("/var/lib/antt-bot/antt.sqlite3")
    assert settings.storage.media_dir == Path("/var/lib/antt-bot/media")
    assert settings.zalo.media_allow_networks == []  # production fetches public photos only
    assert settings.telegram.webhook.listen == settings.zalo.webhook.listen == "127.0.0.1"


def test_the_service_runs_the_bot_as_its_own_user_and_restarts_it() -> None:
    service = unit("antt-bot.service")["Service"]
    args = parser().parse_args(command(service["ExecStart"]))
    assert args.command == "run" and str(args.config) == "/etc/antt-bot/config.toml"
    assert service["User"] == "antt-bot" and service["UMask"] == "0077"
    assert service["Restart"] == "on-failure"
    assert service["StateDirectory"] == "antt-bot" and service["StateDirectoryMode"] == "0700"
    assert service["StandardOutput"] == "journal"


def test_a_configuration_mistake_is_not_restarted_in_a_loop(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text('[storage]\nsynchronus = "FULL"\n', encoding="utf-8")
    code = main(["run", "--config", str(bad)])
    service = unit("antt-bot.service")["Service"]
    assert str(code) in service["RestartPreventExitStatus"].split()


def test_the_backup_timer_runs_a_backup_the_cli_understands() -> None:
    service = unit("antt-bot-backup.service")["Service"]
    args = parser().parse_args(command(service["ExecStart"]))
    assert args.command == "backup" and str(args.to).startswith("/var/lib/antt-bot/backups")
    assert "OnCalendar" in unit("antt-bot-backup.timer")["Timer"]


def test_nginx_forwards_the_webhooks_and_the_workspace_as_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ANTT_ZALO_TOKEN", "12345689:abc-xyz")
    settings = load_settings(DEPLOY / "config.production.toml")
    site = (DEPLOY / "nginx-antt-bot.conf").read_text(encoding="utf-8")
    for hook in (settings.telegram.webhook, settings.zalo.webhook):
        block = site.split(f"location = {hook.path} {{")[1].split("}")[0]
        assert f"proxy_pass http://{hook.listen}:{hook.port};" in block
        assert hook.url.endswith(hook.path)
    # Everything else is the web workspace, at the address its links carry.
    rest = site.split("location / {")[-1].split("}")[0]
    assert f"proxy_pass http://{settings.web.listen}:{settings.web.port};" in rest
    assert settings.web.public_url == "https://bot.example.vn"


def test_the_readme_links_the_guide_in_both_languages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for guide in ("docs/deploy.md", "docs/huong-dan-trien-khai.md"):
        assert f"]({guide})" in readme
        text = (ROOT / guide).read_text(encoding="utf-8")
        for needed in ("/id", "python3-venv", "systemctl", "nginx", "antt-bot backup", "gpg"):
            assert needed in text, (guide, needed)
        for path in ("antt-bot.service", "nginx-antt-bot.conf", "antt-bot-offsite.sh"):
            assert (DEPLOY / path).exists() and path in text
