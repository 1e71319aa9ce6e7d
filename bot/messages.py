"""Channel-neutral messages: what a person sent us and what we send back.

Telegram and Zalo adapters translate to and from these, so conversations, services and
storage never see a messenger's own types.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.domain import Channel
from bot.parsing.text import clean_name, strip_controls

MediaKind = Literal["photo", "voice", "video", "document", "sticker", "animation", "other"]


class Location(BaseModel):
    """A point on the map."""

    model_config = ConfigDict(frozen=True)

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class MediaRef(BaseModel):
    """A file a person sent: the messenger's own reference, fetched later if needed."""

    model_config = ConfigDict(frozen=True)

    kind: MediaKind
    ref: str
    unique_id: str = ""
    group: str | None = None
    # Where `ref` means something (a Telegram file_id only works for our Telegram bot); None
    # in drafts stored before the field existed: the draft's channel.
    channel: Channel | None = None
    # A copy we keep ourselves, relative to storage.media_dir (Zalo photos: their URLs expire).
    local_path: str | None = None


class Inbound(BaseModel):
    """One thing a person did: a message, a button press or a command."""

    key: str
    channel: Channel
    chat_id: str
    chat_is_group: bool = False
    chat_title: str = ""
    user_id: str
    user_name: str = ""
    language: str | None = None
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


class Button(BaseModel):
    """A choice: an inline button on Telegram, a numbered line where there are no buttons."""

    model_config = ConfigDict(frozen=True)

    label: str
    data: str
    # Typed words that press this button where buttons don't exist ("0", "bỏ qua").
    typed: str = ""
    # A link instead of a press (Telegram: a url button, or a Mini App with `web_app`).
    url: str = ""
    web_app: bool = False


Keyboard = Literal["main", "location", "remove", "none"]


class Attachment(BaseModel):
    """A file sent with a message: a messenger file id, or a file we generated on disk.

    Generated files (reports, charts) are referenced by path, never inlined: the outbox
    keeps a few bytes per message, not megabytes.
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["photo", "document", "voice"]
    ref: str | None = None
    path: str | None = None
    filename: str = ""
    caption: str = ""


class Outbound(BaseModel):
    """One message to deliver; kept in the outbox until the messenger accepted it."""

    channel: Channel
    chat_id: str
    text: str = ""
    # Numbered choices (1, 2, 3 …) and navigation (back, cancel, skip, done).
    choices: list[Button] = Field(default_factory=list)
    columns: int = 1
    # False where a typed number means itself (minutes), so choices are not numbered.
    numbered: bool = True
    nav: list[Button] = Field(default_factory=list)
    keyboard: Keyboard = "none"
    menu: list[list[str]] = Field(default_factory=list)
    location_label: str = ""
    photos: list[str] = Field(default_factory=list)
    location: Location | None = None
    edit_message_id: str | None = None
    # Set on channels without buttons: how to answer by typing ("Trả lời 1, 2 hoặc 3").
    typed_hint: str = ""
    # Files sent before the text (after `photos`): voice notes, documents, charts.
    attachments: list[Attachment] = Field(default_factory=list)
    # A stable key: the message is queued at most once per chat under it, and can be found
    # again once sent (an alert is edited when its status changes).
    key: str | None = None
    # Delivered without a sound (a routine alert); messengers without the option ignore it.
    silent: bool = False
    # Pinned in a group once sent (an urgent alert), unpinned by an edit (handled).
    pin: bool = False
    unpin: bool = False
