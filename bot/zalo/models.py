"""Pydantic models for the Zalo Bot Platform (bot-api.zaloplatforms.com) events and answers.

Zalo delivers one event per ``getUpdates`` call or webhook POST. The documented webhook body wraps
it as ``{"ok": true, "result": {event}}`` while ``getUpdates`` answers carry the bare event in
``result``; :func:`parse_event` accepts both. Ids are strings and ``date`` is in milliseconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

__all__ = [
    "EVENT_IMAGE",
    "EVENT_STICKER",
    "EVENT_TEXT",
    "EVENT_UNSUPPORTED",
    "EVENT_VOICE",
    "EventKind",
    "ZaloBotInfo",
    "ZaloChat",
    "ZaloEvent",
    "ZaloMessage",
    "ZaloUser",
    "parse_event",
]

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"
#: Documented on the webhook page but outside our supported kinds; it maps to "other".
EVENT_VOICE = "message.voice.received"

EventKind = Literal["text", "image", "sticker", "unsupported", "other"]

_KINDS: dict[str, EventKind] = {
    EVENT_TEXT: "text",
    EVENT_IMAGE: "image",
    EVENT_STICKER: "sticker",
    EVENT_UNSUPPORTED: "unsupported",
}

#: Where a reply's quoted message may be named: Telegram's name first (Zalo's Bot API
#: mirrors it), then the names Zalo's other APIs and SDKs use.
QUOTE_FIELDS = ("reply_to_message", "quote", "quoted_message", "reply_to")

# Below this a number cannot be a 21st-century time in milliseconds (1e11 ms is March 1973), so
# it is taken as seconds: some relays re-encode the date that way.
_SECONDS_CUTOFF = 100_000_000_000


def _as_id(value: object) -> object:
    """Accept integer ids too (Zalo sends strings, but it costs nothing) and keep them strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ZaloId = Annotated[str, BeforeValidator(_as_id)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class ZaloUser(_Model):
    """The sender of a message (``message.from``)."""

    id: ZaloId
    display_name: str | None = None
    is_bot: bool = False


class ZaloChat(_Model):
    """The conversation a message belongs to; reply to ``id``."""

    id: ZaloId
    chat_type: Literal["PRIVATE", "GROUP"] | str = "PRIVATE"


def _now() -> datetime:
    return datetime.now(UTC)


class ZaloMessage(_Model):
    """One inbound message; which content fields are set depends on the event."""

    message_id: ZaloId
    # Docs always show it; a missing one falls back to the receive time rather than losing the
    # report.
    date: datetime = Field(default_factory=_now)
    chat: ZaloChat
    from_user: ZaloUser = Field(alias="from")
    text: str | None = None
    # The webhook docs name it "photo"; live payloads (and getUpdates) carry "photo_url".
    photo_url: str | None = Field(default=None, validation_alias=AliasChoices("photo_url", "photo"))
    caption: str | None = None
    sticker: str | None = None
    url: str | None = None
    voice_url: str | None = None
    message_type: str | None = None
    #: The message this one replies to (quotes), when Zalo says so: in a group, the bot
    #: hears only replies to its own messages and @mentions.
    quoted_id: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _quoted(cls, value: object) -> object:
        """Find the quoted message's id: Zalo documents no field for it, so the names
        bots of this family use are all read (see docs/developing.md)."""
        if not isinstance(value, Mapping) or value.get("quoted_id"):
            return value
        for name in QUOTE_FIELDS:
            quoted = value.get(name)
            if isinstance(quoted, Mapping):
                quoted = quoted.get("message_id") or quoted.get("msg_id")
            if isinstance(quoted, int) and not isinstance(quoted, bool):
                quoted = str(quoted)
            if isinstance(quoted, str) and quoted:
                return {**value, "quoted_id": quoted}
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _from_millis(cls, value: object) -> object:
        """Convert Zalo's millisecond timestamps to aware UTC datetimes."""
        if isinstance(value, bool):
            raise ValueError("date must be a timestamp, not a boolean")
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int | float):
            seconds = value if value < _SECONDS_CUTOFF else value / 1000
            return datetime.fromtimestamp(seconds, UTC)
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @field_validator("date")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        """Normalise any aware datetime to UTC."""
        return value.astimezone(UTC)


class ZaloEvent(_Model):
    """One event: its name and the message it is about."""

    event_name: str
    message: ZaloMessage

    @property
    def kind(self) -> EventKind:
        """The event kind, "other" for names we do not handle (voice, future events)."""
        return _KINDS.get(self.event_name, "other")

    @property
    def chat_id(self) -> str:
        """Where replies go (``message.chat.id``)."""
        return self.message.chat.id

    @property
    def user(self) -> ZaloUser:
        """Who sent the message."""
        return self.message.from_user


class ZaloBotInfo(_Model):
    """The bot itself, as ``getMe`` describes it."""

    id: ZaloId
    # Current docs say account_name; early SDKs read "name".
    account_name: str | None = Field(
        default=None, validation_alias=AliasChoices("account_name", "name")
    )
    account_type: str | None = None
    # None when Zalo did not say: only an explicit False keeps police groups off.
    can_join_groups: bool | None = None
    avatar: str | None = None


def _describe(exc: ValidationError) -> str:
    """Field paths and reasons only: never echo user content into logs."""
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def parse_event(payload: object) -> ZaloEvent:
    """Parse a webhook body or getUpdates result, wrapped (``{ok, result}``) or bare."""
    if not isinstance(payload, Mapping):
        raise ValueError(f"Zalo event must be a JSON object, got {type(payload).__name__}")
    body: Mapping[str, Any] = payload
    if "event_name" not in body and "result" in body:
        if body.get("ok") is False:
            raise ValueError(
                f"Zalo answered an error instead of an event: "
                f"{body.get('error_code')} {body.get('description')}"
            )
        inner = body["result"]
        if not isinstance(inner, Mapping):
            raise ValueError(f"Zalo event result must be an object, got {type(inner).__name__}")
        body = inner
    if not isinstance(body.get("event_name"), str):
        raise ValueError("not a Zalo event: no event_name")
    try:
        return ZaloEvent.model_validate(dict(body))
    except ValidationError as exc:
        # "from None": pydantic's own message quotes the input, i.e. what the citizen wrote.
        raise ValueError(f"not a Zalo event: {_describe(exc)}") from None
