"""Settings: one pydantic model per TOML table, loaded once at start-up."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

TOKEN_ENV = "ANTT_BOT_TOKEN"
ZALO_TOKEN_ENV = "ANTT_ZALO_TOKEN"


class _Table(BaseModel):
    # A misspelt key must stop start-up, not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSettings(_Table):
    """[bot]: who runs the bot and for which province."""

    province: str = "Tỉnh thử nghiệm"
    language: Literal["vi", "en"] = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    admins: list[int] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"a time zone name such as Asia/Ho_Chi_Minh, not {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        """Return the local time zone."""
        return ZoneInfo(self.timezone)


class WebhookSettings(_Table):
    """[telegram.webhook]: where Telegram posts updates in webhook mode."""

    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    path: str = "/telegram"
    url: str = ""
    secret_token: SecretStr = SecretStr("")

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("a path starting with '/'")
        return value


class TelegramSettings(_Table):
    """[telegram]: how to reach the Bot API."""

    token: SecretStr = SecretStr("")
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout: int = Field(default=25, ge=0, le=60)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)


class StorageSettings(_Table):
    """[storage]: the SQLite database."""

    path: Path = Path("data/antt.sqlite3")
    # FULL: a reference code we have shown a member survives a power cut too.
    synchronous: Literal["FULL", "NORMAL"] = "FULL"
    media_dir: Path = Path("data/media")


class InviteSettings(_Table):
    """[invites]: defaults for new invite codes."""

    ttl_days: int = Field(default=14, ge=1, le=365)
    max_uses: int = Field(default=30, ge=1, le=10_000)


class LoggingSettings(_Table):
    """[logging]: how much the bot writes to its log."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class TargetsSettings(_Table):
    """[targets]: the movement's targets (chỉ tiêu) reports measure, as shares from 0 to 1."""

    tips_through_force: float = Field(default=0.8, ge=0, le=1)
    incidents_on_scene: float = Field(default=1.0, ge=0, le=1)
    fire_rescue_present: float = Field(default=1.0, ge=0, le=1)
    teams_monthly_deed: float = Field(default=1.0, ge=0, le=1)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock_time(value: str) -> str:
    """Check an "HH:MM" local time ("" means off)."""
    if value == "":
        return value
    hours, _, minutes = value.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f'a time as "HH:MM", not {value!r}')
    if not (0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(f"a time of day, not {value!r}")
    return f"{int(hours):02d}:{minutes}"


class DigestSettings(_Table):
    """[digests]: default schedule and content of the police chats' digests."""

    daily: str = "07:00"
    weekly_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    weekly: str = "07:30"
    open_after_hours: int = Field(default=24, ge=1, le=24 * 60)
    inactive_days: int = Field(default=30, ge=1, le=365)

    @field_validator("daily", "weekly")
    @classmethod
    def _time(cls, value: str) -> str:
        return _clock_time(value)


class ReportSettings(_Table):
    """[reports]: generated report files and the annual report's letterhead."""

    # Body above the issuer in the header (commune reports); default: the province police.
    superior: str = ""
    # Issuer of province-wide reports; default: the province police.
    province_issuer: str = ""
    keep_days: int = Field(default=7, ge=1, le=365)


class Settings(_Table):
    """The whole configuration file."""

    bot: BotSettings = Field(default_factory=BotSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    invites: InviteSettings = Field(default_factory=InviteSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    targets: TargetsSettings = Field(default_factory=TargetsSettings)
    digests: DigestSettings = Field(default_factory=DigestSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)


class ConfigError(Exception):
    """A configuration problem, worded for the person who edits the file."""


def _describe(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{key}: unknown key (check the spelling against config.example.toml)"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    shown = "" if isinstance(value, dict) else f" (got {value!r})"
    return f"{key}: expected {message[0].lower()}{message[1:]}{shown}"


def parse_settings(data: dict[str, Any], source: str = "config") -> Settings:
    """Validate a parsed TOML document, raising ConfigError with one line per problem."""
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = exc.errors()
        first = _describe(problems[0])
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{source}: {first}{more}") from None
    env_token = os.environ.get(TOKEN_ENV, "")
    if env_token and not settings.telegram.token.get_secret_value():
        telegram = settings.telegram.model_copy(update={"token": SecretStr(env_token)})
        settings = settings.model_copy(update={"telegram": telegram})
    return settings


def load_settings(path: Path) -> Settings:
    """Read and validate a TOML configuration file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    settings = parse_settings(data, str(path))
    base = path.parent
    storage = settings.storage
    resolved = storage.model_copy(
        update={
            "path": storage.path if storage.path.is_absolute() else base / storage.path,
            "media_dir": storage.media_dir
            if storage.media_dir.is_absolute()
            else base / storage.media_dir,
        }
    )
    return settings.model_copy(update={"storage": resolved})
