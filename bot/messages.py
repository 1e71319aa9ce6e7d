"""Channel-neutral messages: what a person sent us and what we send back.

Telegram and Zalo adapters translate to and from these, so conversations, services and
storage never see a messenger's own types. What the outbox stores (Outbound and what it
carries) lives in `storage.messages`, so storage needs nothing from the application.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from bot.domain import Channel
from bot.parsing.text import clean_name, strip_controls
from storage.messages import (
    Attachment,
    Button,
    Keyboard,
    Location,
    MediaKind,
    MediaRef,
    Outbound,
)

__all__ = [
    "Attachment",
    "Button",
    "Inbound",
    "Keyboard",
    "Location",
    "MediaKind",
    "MediaRef",
    "Outbound",
]


class Inbound(BaseModel):
    """One thing a person did: a message, a button press or a command."""

    key: str
    channel: Channel
    chat_id: str
    chat_is_group: bool = False
    chat_title: str = ""
    user_id: str
    user_name: str = ""
    #: The account's @username where the messenger has one (Telegram), without the "@".
    user_handle: str = ""
    message_id: str | None = None
    text: str | None = None
    command: str | None = None
    args: list[str] = Field(default_factory=list)
    callback: str | None = None
    callback_id: str | None = None
    # The text of the message whose button was pressed, to show the answer under it.
    message_text: str | None = None
    location: Location | None = None
    media: MediaRef | None = None
    edited: bool = False
    #: The message this one replies to (quotes), where the messenger says so (Zalo).
    quoted_id: str | None = None

    # Everything below is cleaned where it enters, whichever messenger sent it: a control
    # character in a display name or a text is never stored, so no report can choke on it.
    @field_validator("user_name", "chat_title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return clean_name(value)

    @field_validator("text", "message_text")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        return strip_controls(value) if value is not None else None

    @field_validator("args")
    @classmethod
    def _printable_args(cls, value: list[str]) -> list[str]:
        return [cleaned for arg in value if (cleaned := strip_controls(arg))]
