"""Configuration: a wrong key or value stops start-up with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import TOKEN_ENV, ConfigError, PoliceSettings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid() -> None:
    settings = load_settings(Path(__file__).parent.parent / "config.example.toml")
    assert settings.bot.timezone == "Asia/Ho_Chi_Minh"
    assert settings.telegram.mode == "polling"


def test_misspelt_key_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\ntokn = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert str(path) in message
    assert "telegram.tokn" in message
    assert "unknown key" in message
    assert "\n" not in message


def test_bad_value_says_what_is_expected(tmp_path: Path) -> None:
    path = write(tmp_path, '[telegram]\nmode = "poll"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "telegram.mode" in message and "'polling'" in message and "'poll'" in message


def test_bad_time_zone(tmp_path: Path) -> None:
    path = write(tmp_path, '[bot]\ntimezone = "Asia/Hanoi_City"\n')
    with pytest.raises(ConfigError, match=r"bot\.timezone"):
        load_settings(path)


def test_token_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "42:SECRET")
    settings = load_settings(write(tmp_path, "[bot]\n"))
    assert settings.telegram.token.get_secret_value() == "42:SECRET"
    assert "SECRET" not in repr(settings)


def test_relative_paths_follow_the_config_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[storage]\npath = "db/antt.sqlite3"\n'))
    assert settings.storage.path == tmp_path / "db" / "antt.sqlite3"


def test_cli_prints_one_line_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "[storage]\nsynchronous = 3\n")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "storage.synchronous" in err
    assert "Traceback" not in err


def test_cli_without_token_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    path = write(tmp_path, "[bot]\n")
    assert main(["run", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "telegram.token" in err and TOKEN_ENV in err


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "nope.toml")


def test_default_language_and_its_old_name(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "[bot]\n")).bot.default_language == "vi"
    settings = load_settings(write(tmp_path, '[bot]\ndefault_language = "en"\n'))
    assert settings.bot.default_language == "en"
    # Configs written before the key was renamed keep working.
    old = load_settings(write(tmp_path, '[bot]\nlanguage = "en"\n'))
    assert old.bot.default_language == "en"
    with pytest.raises(ConfigError, match="default_language"):
        load_settings(write(tmp_path, '[bot]\nlanguage = "en"\ndefault_language = "vi"\n'))
    with pytest.raises(ConfigError, match=r"bot\.default_language"):
        load_settings(write(tmp_path, '[bot]\ndefault_language = "fr"\n'))


def test_every_web_key_is_in_the_example_with_a_comment() -> None:
    from bot.config import WebSettings

    lines = (Path(__file__).parent.parent / "config.example.toml").read_text("utf-8").splitlines()
    start = lines.index("[web]")
    section = []
    for line in lines[start + 1 :]:
        if line.startswith("["):
            break
        section.append(line)
    keys: dict[str, bool] = {}
    for number, line in enumerate(section):
        if not line or line.startswith("#"):
            continue
        key = line.split("=", 1)[0].strip()
        above = number - 1
        while above >= 0 and section[above] and not section[above].startswith("#"):
            above -= 1
        keys[key] = above >= 0 and section[above].startswith("#")
    assert set(keys) == set(WebSettings.model_fields)
    assert all(keys.values()), [k for k, commented in keys.items() if not commented]
    settings = load_settings(Path(__file__).parent.parent / "config.example.toml")
    assert settings.web == WebSettings()


def test_web_public_url_must_be_https_beyond_loopback(tmp_path: Path) -> None:
    path = write(tmp_path, '[web]\npublic_url = "http://antt.example.vn"\n')
    with pytest.raises(ConfigError, match=r"web\.public_url.*https"):
        load_settings(path)
    ok = load_settings(write(tmp_path, '[web]\npublic_url = "http://127.0.0.1:8445"\n'))
    assert not ok.web.secure
    secure = load_settings(write(tmp_path, '[web]\npublic_url = "https://antt.example.vn/"\n'))
    assert secure.web.secure and secure.web.public_url == "https://antt.example.vn"


def test_every_police_key_is_explained_in_the_example_config() -> None:
    example = (Path(__file__).parent.parent / "config.example.toml").read_text(encoding="utf-8")
    police = example.split("\n[police]\n")[1].split("\n[")[0]
    for name in PoliceSettings.model_fields:
        assert f"\n{name} = " in f"\n{police}", name
        above = f"\n{police}".split(f"\n{name} = ")[0].rstrip().splitlines()
        # A comment may explain a few keys at once (working_days, working_hours).
        explained = next(
            line for line in reversed(above) if line.startswith("#") or " = " not in line
        )
        assert explained.startswith("#"), f"{name} has no comment above it"
    settings = load_settings(Path(__file__).parent.parent / "config.example.toml")
    assert settings.police == PoliceSettings()  # the example shows the defaults


@pytest.mark.parametrize(
    "webhook",
    [
        'url = ""\nsecret_token = ""',
        'url = "https://bot.example.vn/telegram"\nsecret_token = ""',
        'url = ""\nsecret_token = "s3cret_token-123"',
    ],
    ids=["neither", "no-secret", "no-url"],
)
def test_telegram_webhook_without_url_or_secret_is_refused(tmp_path: Path, webhook: str) -> None:
    # As in the example config: a bot that would listen and refuse every update (403).
    path = write(tmp_path, f'[telegram]\nmode = "webhook"\n[telegram.webhook]\n{webhook}\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "telegram: expected webhook.url" in message and "webhook.secret_token" in message
    assert "s3cret_token-123" not in message


def test_telegram_webhook_with_url_and_secret_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[telegram]\nmode = "webhook"\n[telegram.webhook]\n'
        'url = "https://bot.example.vn/telegram"\nsecret_token = "s3cret_token-123"\n',
    )
    assert load_settings(path).telegram.webhook.url == "https://bot.example.vn/telegram"


@pytest.mark.parametrize(
    ("table", "secret"),
    [
        ("telegram.webhook", "has spaces and ünicode, which Telegram refuses"),
        ("zalo.webhook", "short7"),
    ],
)
def test_an_invalid_secret_is_never_printed_whole(tmp_path: Path, table: str, secret: str) -> None:
    path = write(tmp_path, f'[{table}]\nsecret_token = "{secret}"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert f"{table}.secret_token: expected" in message
    assert secret not in message and secret[:6] not in message
    assert f"{len(secret)} characters)" in message
