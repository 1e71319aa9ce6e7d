"""Settings: one pydantic model per TOML table, loaded once at start-up."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.redact import masked

TOKEN_ENV = "ANTT_BOT_TOKEN"
ZALO_TOKEN_ENV = "ANTT_ZALO_TOKEN"
DATABASE_ENV = "ANTT_DATABASE_URL"


class _Table(BaseModel):
    # A misspelt key must stop start-up, not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotSettings(_Table):
    """[bot]: who runs the bot and for which province."""

    province: str = "Tỉnh thử nghiệm"
    #: The language of everyone who has not chosen one in /caidat, and of group chats.
    #: Never taken from the messenger: Telegram has no Vietnamese interface, so most
    #: Vietnamese phones say "en".
    default_language: Literal["vi", "en"] = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    admins: list[int] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _language_alias(cls, data: Any) -> Any:
        # `language` was the key's name before `default_language`; configs still use it.
        if isinstance(data, dict) and "language" in data:
            data = dict(data)
            old = data.pop("language")
            if "default_language" in data and data["default_language"] != old:
                raise ValueError(
                    "language and default_language disagree: keep default_language only"
                )
            data["default_language"] = old
        return data

    @property
    def language(self) -> str:
        """Return the default language (the key's old name, kept for callers)."""
        return self.default_language

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


#: What Telegram's setWebhook accepts as a secret_token.
TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


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

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("the public https:// URL Telegram posts to")
        return value

    @field_validator("secret_token")
    @classmethod
    def _telegram_secret(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret and not TELEGRAM_SECRET.match(secret):
            raise ValueError(
                "a secret of 1 to 256 letters, digits, '_' or '-' (what Telegram's "
                "setWebhook accepts)"
            )
        return value


class TelegramSettings(_Table):
    """[telegram]: how to reach the Bot API."""

    token: SecretStr = SecretStr("")
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout: int = Field(default=25, ge=0, le=60)
    request_timeout: float = Field(default=10.0, gt=0, le=120)
    # Keep within Telegram's flood limits (30 messages/s, 20/min per group). Only a
    # benchmark measuring raw capacity against a fake server turns this off.
    rate_limit: bool = True
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)

    @model_validator(mode="after")
    def _webhook_complete(self) -> TelegramSettings:
        hook = self.webhook
        if self.mode == "webhook" and not (hook.url and hook.secret_token.get_secret_value()):
            # Without a URL the bot can't register itself (nor its allowed_updates); without
            # the secret it would refuse every call: a bot that listens and hears nothing.
            raise ValueError(
                "webhook.url (the public https:// address) and webhook.secret_token (e.g. the "
                "output of: python3 -c 'import secrets; print(secrets.token_urlsafe(32))') "
                "in webhook mode"
            )
        return self

    @property
    def enabled(self) -> bool:
        """Return whether a token is set, so the bot runs on Telegram."""
        return bool(self.token.get_secret_value())


class ZaloWebhookSettings(_Table):
    """[zalo.webhook]: where Zalo posts events in webhook mode."""

    listen: str = "127.0.0.1"
    port: int = Field(default=8444, ge=1, le=65535)
    path: str = "/zalo"
    url: str = ""
    secret_token: SecretStr = SecretStr("")

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("a path starting with '/'")
        return value

    @field_validator("secret_token")
    @classmethod
    def _secret_length(cls, value: SecretStr) -> SecretStr:
        size = len(value.get_secret_value())
        if size and not 8 <= size <= 256:
            raise ValueError("a secret of 8 to 256 characters, as Zalo's setWebhook takes")
        return value


class ZaloSettings(_Table):
    """[zalo]: how to reach the Zalo Bot Platform."""

    token: SecretStr = SecretStr("")
    base_url: str = "https://bot-api.zaloplatforms.com"
    mode: Literal["polling", "webhook"] = "polling"
    poll_timeout: int = Field(default=25, ge=0, le=60)
    # Zalo user ids are strings of digits or hex; numbers in the file are taken as text.
    admins: list[str] = Field(default_factory=list)
    max_media_mb: int = Field(default=10, ge=1, le=50)
    # Seconds one photo or voice note may take to download, redirects included; a slow
    # server holds up only the person who sent it, and only this long.
    media_timeout: float = Field(default=30.0, gt=0, le=300)
    # Private networks photos may be fetched from although they are not public. Empty in
    # production; tests and `antt-bot shell --zalo` serve photos from 127.0.0.0/8.
    media_allow_networks: list[str] = Field(default_factory=list)
    # Zalo publishes no rate limits: conservative paces, and "Quota exceeded" (429) makes
    # every Zalo send wait, longer while it lasts (issue 13).
    per_second: float = Field(default=10.0, gt=0, le=1000)
    chat_per_second: float = Field(default=1.0, gt=0, le=100)
    chat_burst: int = Field(default=3, ge=1, le=100)
    group_per_minute: int = Field(default=20, ge=1, le=1000)
    # Seconds a signed address of a kept photo or voice note works (Zalo fetches it when
    # the bot sends it; a retry signs a new one).
    media_link_seconds: int = Field(default=300, ge=30, le=86400)
    webhook: ZaloWebhookSettings = Field(default_factory=ZaloWebhookSettings)

    @field_validator("admins", mode="before")
    @classmethod
    def _ids_as_text(cls, value: object) -> object:
        if isinstance(value, list):
            return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
        return value

    @field_validator("base_url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("an http(s) URL such as https://bot-api.zaloplatforms.com")
        return value.rstrip("/")

    @field_validator("media_allow_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"networks such as 127.0.0.0/8, not {network!r}") from None
        return value

    @model_validator(mode="after")
    def _webhook_reachable(self) -> ZaloSettings:
        hook = self.webhook
        if self.mode == "webhook" and not hook.url and not hook.secret_token.get_secret_value():
            # A generated secret nobody told Zalo would refuse every delivery.
            raise ValueError(
                "webhook.secret_token (the one given to setWebhook) or webhook.url (the bot "
                "then registers itself) in webhook mode"
            )
        return self

    @property
    def enabled(self) -> bool:
        """Return whether a token is set, so the bot runs on Zalo."""
        return bool(self.token.get_secret_value())

    @property
    def on_this_machine(self) -> bool:
        """Return whether the Zalo API runs on this machine (the bundled fake): it can fetch
        photos from the bot's web server even without a public address."""
        return (urlsplit(self.base_url).hostname or "") in ("127.0.0.1", "localhost", "::1")


class StorageSettings(_Table):
    """[storage]: the database (an SQLite file, or a PostgreSQL server) and the media."""

    # "sqlite": one file, no server (a commune, a province). "postgresql": a server that
    # several bot processes share (a ministry's deployment); `dsn` says where.
    backend: Literal["sqlite", "postgresql"] = "sqlite"
    # postgresql://user:password@host:5432/antt (or ANTT_DATABASE_URL): never logged whole.
    dsn: SecretStr = SecretStr("")
    # PostgreSQL connections this process keeps open at most.
    pool_size: int = Field(default=10, ge=2, le=200)
    path: Path = Path("data/antt.sqlite3")
    # FULL: a reference code we have shown a member survives a power cut too.
    synchronous: Literal["FULL", "NORMAL"] = "FULL"
    media_dir: Path = Path("data/media")


class InviteSettings(_Table):
    """[invites]: defaults for new invite codes."""

    ttl_days: int = Field(default=14, ge=1, le=365)
    max_uses: int = Field(default=30, ge=1, le=10_000)
    # Police (and admin) invites: uses of one unless the admin types a number; whoever
    # opens one waits for approval all the same.
    police_max_uses: int = Field(default=1, ge=1, le=100)


class RetentionSettings(_Table):
    """[retention]: how long photos and tip sources are kept."""

    # Photos and the names of residents who gave tips are deleted this many months after
    # the entry was filed (the entry and its figures stay). 0 keeps them forever.
    months: int = Field(default=24, ge=0, le=240)
    # Delivered messages leave the outbox this many hours after they were queued (their
    # text, which can name a source, is blanked as soon as they are sent).
    outbox_hours: int = Field(default=48, ge=1, le=24 * 90)


class LoggingSettings(_Table):
    """[logging]: how much the bot writes to its log."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


# --- [calendar] and [delivery] (issue 4) ------------------------------------------------

Audience = Literal["leaders", "members", "police", "admins"]
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_DDMM = re.compile(r"^(\d{1,2})/(\d{1,2})$")


def _clock_time(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError(f"a local time of day as HH:MM (24-hour), not {value!r}")
    return value


class AnnualDeadline(_Table):
    """[[calendar.annual]]: a deadline every year gets, e.g. the report due 15/11."""

    #: Stable ASCII id: one deadline per (key, year); renaming it makes a new series.
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    name: str = Field(min_length=1, max_length=120)
    #: Day and month, dd/mm (29/02 is refused: it is not in every year).
    date: str
    audience: list[Audience] = Field(min_length=1)
    #: Leaders get what their team is still missing; police chats get the teams behind.
    report: bool = False

    @field_validator("date")
    @classmethod
    def _day_month(cls, value: str) -> str:
        found = _DDMM.match(value.strip())
        try:
            if found is None:
                raise ValueError
            dt.date(2023, int(found[2]), int(found[1]))
        except ValueError:
            raise ValueError(
                f"a day and month that every year has, as dd/mm, not {value!r}"
            ) from None
        return value.strip()

    def on(self, year: int) -> dt.date:
        """Return this deadline's date in a year."""
        day, month = (int(part) for part in self.date.split("/"))
        return dt.date(year, month, day)


def _default_annual() -> list[AnnualDeadline]:
    return [
        AnnualDeadline(
            key="report",
            name="Báo cáo kết quả phong trào Toàn dân bảo vệ an ninh Tổ quốc",
            date="15/11",
            audience=["leaders", "police"],
            report=True,
        ),
        AnnualDeadline(
            key="festival",
            name="Ngày hội toàn dân bảo vệ an ninh Tổ quốc",
            date="19/08",
            audience=["members", "police"],
        ),
    ]


class CalendarSettings(_Table):
    """[calendar]: reminders before deadlines, the monthly nudge, catch-up after downtime."""

    #: Days before a deadline (or a phase's report date) when its audience is reminded.
    offsets: list[int] = Field(default_factory=lambda: [14, 7, 3, 1], max_length=10)
    #: Local time of day the reminders go out.
    time: str = "08:00"
    #: After downtime, sends missed by less than this go out at start-up; older are skipped.
    grace_hours: float = Field(default=24.0, ge=0, le=24 * 30)
    #: Day of the month of the good-deed nudge to teams with none yet (0: no nudge).
    nudge_day: int = Field(default=25, ge=0, le=28)
    nudge_time: str = "08:00"
    #: Deadlines every year gets; an empty list switches them off.
    annual: list[AnnualDeadline] = Field(default_factory=_default_annual)

    _time = field_validator("time", "nudge_time")(_clock_time)

    @field_validator("offsets")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        if any(not 0 <= days <= 90 for days in value):
            raise ValueError("whole numbers of days from 0 to 90")
        return sorted(set(value), reverse=True)

    @field_validator("annual")
    @classmethod
    def _unique_keys(cls, value: list[AnnualDeadline]) -> list[AnnualDeadline]:
        keys = [a.key for a in value]
        if len(set(keys)) != len(keys):
            raise ValueError("a different key for each annual deadline")
        return value

    @property
    def at(self) -> dt.time:
        """Return the reminder time of day."""
        hour, minute = self.time.split(":")
        return dt.time(int(hour), int(minute))

    @property
    def nudge_at(self) -> dt.time:
        """Return the nudge time of day."""
        hour, minute = self.nudge_time.split(":")
        return dt.time(int(hour), int(minute))


class DeliverySettings(_Table):
    """[delivery]: how fast the outbox sends, within the messenger's flood limits."""

    #: Chats served at once; each chat still gets its messages one by one, in order.
    concurrency: int = Field(default=16, ge=1, le=256)
    #: Messages per second across all chats (Telegram allows about 30).
    per_second: float = Field(default=29.0, gt=0, le=1000)
    #: Messages per second to one private chat, after a short burst (Telegram: about 1).
    chat_per_second: float = Field(default=1.0, gt=0, le=100)
    chat_burst: int = Field(default=3, ge=1, le=100)
    #: Messages per minute to one group (Telegram: 20).
    group_per_minute: int = Field(default=20, ge=1, le=1000)


# --- [targets], [digests], [reports] (issue 3) ------------------------------------------


class TargetsSettings(_Table):
    """[targets]: the movement's targets (chỉ tiêu) reports measure, as shares from 0 to 1."""

    tips_through_force: float = Field(default=0.8, ge=0, le=1)
    incidents_on_scene: float = Field(default=1.0, ge=0, le=1)
    fire_rescue_present: float = Field(default=1.0, ge=0, le=1)
    teams_monthly_deed: float = Field(default=1.0, ge=0, le=1)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _time_or_off(value: str) -> str:
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
    #: Local time of the admins' daily list of confidential sources viewed ("" = off).
    admin_sources: str = "07:00"

    @field_validator("daily", "weekly", "admin_sources")
    @classmethod
    def _time(cls, value: str) -> str:
        return _time_or_off(value)

    @property
    def admin_sources_at(self) -> dt.time | None:
        """Return the time of the admins' list of sources viewed, or None when off."""
        if not self.admin_sources:
            return None
        hour, minute = self.admin_sources.split(":")
        return dt.time(int(hour), int(minute))


class ReportSettings(_Table):
    """[reports]: generated report files and the annual report's letterhead."""

    # Body above the issuer in the header (commune reports); default: the province police.
    superior: str = ""
    # Issuer of province-wide reports; default: the province police.
    province_issuer: str = ""
    keep_days: int = Field(default=7, ge=1, le=365)


# --- [web] (issue 12) -------------------------------------------------------------------

_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class WebSettings(_Table):
    """[web]: the police and admin workspace, served by the bot itself."""

    enabled: bool = True
    listen: str = "127.0.0.1"
    #: 0 picks a free port (tests, the sandbox); the link then names the bound port.
    port: int = Field(default=8445, ge=0, le=65535)
    #: Where people reach the workspace (behind the reverse proxy); "" means http on
    #: listen:port, which only works on this machine.
    public_url: str = ""
    #: Map tiles, "{z}/{x}/{y}" style; "" draws the map without tiles (points and places).
    tiles_url: str = ""
    tiles_attribution: str = ""
    #: Telegram Mini App: oldest `auth_date` accepted, in seconds.
    init_data_max_age: int = Field(default=3600, ge=30, le=7 * 86400)
    #: A session ends after this many minutes without a request...
    session_idle_minutes: int = Field(default=60, ge=5, le=24 * 60)
    #: ...and at the latest this many hours after sign-in.
    session_max_hours: int = Field(default=12, ge=1, le=24 * 30)
    #: Telegram Mini App short name (t.me/<bot>/<app>) for links in group chats; "" = none.
    mini_app: str = Field(default="", pattern=r"^[A-Za-z0-9_]{0,64}$")

    @field_validator("public_url", "tiles_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("an http(s) URL, or empty")
        return value.rstrip("/") if value and "{" not in value else value

    @field_validator("public_url")
    @classmethod
    def _https_unless_loopback(cls, value: str) -> str:
        host = value.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0] if value else ""
        if value.startswith("http://") and host not in _LOOPBACK_HOSTS:
            # A session cookie over plain http could be read by anyone on the network.
            raise ValueError("an https:// URL (plain http only on 127.0.0.1 or localhost)")
        return value

    @property
    def secure(self) -> bool:
        """Return whether people reach the workspace over https (cookies marked Secure)."""
        return self.public_url.startswith("https://")


# --- [police]: alerts, escalation, working hours (issue 10) ---------------------------

_PERIOD = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-4]):([0-5]\d)$")
_DDMMYYYY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _day(value: str) -> dt.date:
    found = _DDMMYYYY.match(value.strip())
    try:
        if found is None:
            raise ValueError
        return dt.date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        raise ValueError(f"a date as dd/mm/yyyy, not {value!r}") from None


class PoliceSettings(_Table):
    """[police]: how fast police must take what comes in, and when they are working."""

    #: Minutes an urgent alert may wait untaken before each step of escalation: re-posted
    #: in the group after this, sent to each officer privately after twice this, to the
    #: admins after three times this.
    escalate_after: int = Field(default=15, ge=1, le=24 * 60)
    #: Working hours a routine (not urgent) tip or incident may wait untaken before it is
    #: listed to the police chat and the admins.
    take_within: float = Field(default=8, gt=0, le=24 * 30)
    #: Working days and hours (local time).
    working_days: list[Weekday] = Field(
        default_factory=lambda: list[Weekday](["mon", "tue", "wed", "thu", "fri"]), min_length=1
    )
    working_hours: list[str] = Field(
        default_factory=lambda: ["07:30-11:30", "13:30-17:00"], min_length=1, max_length=6
    )
    #: Vietnam's public holidays (Tết, 30/4, 1/5, 2/9, …) are days off.
    public_holidays: bool = True
    #: More days off (dd/mm/yyyy), and days that are worked although they fall on a day
    #: off (a Saturday worked in exchange for a bridge day).
    days_off: list[str] = Field(default_factory=list, max_length=366)
    extra_working_days: list[str] = Field(default_factory=list, max_length=366)
    #: Where routine entries go by default: "now" (a quiet message at once) or "digest"
    #: (only in the next digest). Police change it per commune with /tinthuong.
    routine: Literal["now", "digest"] = "now"

    @field_validator("working_hours")
    @classmethod
    def _periods(cls, value: list[str]) -> list[str]:
        spans = []
        for period in value:
            found = _PERIOD.match(period.replace(" ", ""))
            if found is None:
                raise ValueError(f'periods as "HH:MM-HH:MM", not {period!r}')
            start, end = _minutes(f"{found[1]}:{found[2]}"), _minutes(f"{found[3]}:{found[4]}")
            if end <= start or end > 24 * 60:
                raise ValueError(f"a period that ends after it starts, not {period!r}")
            spans.append((start, end))
        spans.sort()
        if any(spans[i][1] > spans[i + 1][0] for i in range(len(spans) - 1)):
            raise ValueError("periods that do not overlap")
        return [f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in spans]

    @field_validator("days_off", "extra_working_days")
    @classmethod
    def _dates(cls, value: list[str]) -> list[str]:
        for item in value:
            _day(item)
        return [item.strip() for item in value]

    @property
    def periods(self) -> list[tuple[dt.time, dt.time]]:
        """Return the working periods of a day as (start, end) local times."""
        out = []
        for period in self.working_hours:
            start, end = (_minutes(part) for part in period.split("-"))
            out.append((_clock(start), _clock(end)))
        return out

    @property
    def off_dates(self) -> frozenset[dt.date]:
        """Return the extra days off."""
        return frozenset(_day(d) for d in self.days_off)

    @property
    def worked_dates(self) -> frozenset[dt.date]:
        """Return the extra working days."""
        return frozenset(_day(d) for d in self.extra_working_days)


def _clock(minutes: int) -> dt.time:
    # 24:00 closes a day that works until midnight.
    return dt.time.max if minutes >= 24 * 60 else dt.time(minutes // 60, minutes % 60)


class Settings(_Table):
    """The whole configuration file."""

    bot: BotSettings = Field(default_factory=BotSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    zalo: ZaloSettings = Field(default_factory=ZaloSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    invites: InviteSettings = Field(default_factory=InviteSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    targets: TargetsSettings = Field(default_factory=TargetsSettings)
    digests: DigestSettings = Field(default_factory=DigestSettings)
    reports: ReportSettings = Field(default_factory=ReportSettings)
    police: PoliceSettings = Field(default_factory=PoliceSettings)
    web: WebSettings = Field(default_factory=WebSettings)


class ConfigError(Exception):
    """A configuration problem, worded for the person who edits the file."""


#: Keys whose values are never printed whole, even when they are wrong.
SECRET_KEYS = ("token", "secret_token", "dsn")


def _describe(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{key}: unknown key (check the spelling against config.example.toml)"
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, dict):
        shown = ""
    elif key.endswith(SECRET_KEYS):
        shown = f" (got {masked(str(value))})" if isinstance(value, str) else ""
    else:
        shown = f" (got {value!r})"
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
    database_url = os.environ.get(DATABASE_ENV, "")
    if database_url and not settings.storage.dsn.get_secret_value():
        storage = settings.storage.model_copy(update={"dsn": SecretStr(database_url)})
        settings = settings.model_copy(update={"storage": storage})
    if settings.storage.backend == "postgresql" and not settings.storage.dsn.get_secret_value():
        raise ConfigError(
            f"{source}: storage.backend is postgresql: set storage.dsn or {DATABASE_ENV} "
            "(postgresql://user:password@host:5432/database)"
        )
    zalo_token = os.environ.get(ZALO_TOKEN_ENV, "")
    if zalo_token and not settings.zalo.token.get_secret_value():
        zalo = settings.zalo.model_copy(update={"token": SecretStr(zalo_token)})
        settings = settings.model_copy(update={"zalo": zalo})
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


def settings_from(path: Path | None) -> Settings:
    """Return the configuration in `path`, or the defaults when no file is named."""
    if path is None:
        return parse_settings({}, "defaults")
    return load_settings(path)
