"""What the bot sends and the media it refers to: the shapes the outbox stores.

Shared by storage and the application (bot.messages re-exports them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from storage.domain import Channel

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
    #: What this button does to an entry, for messengers without buttons that answer it
    #: with a short word and the entry's number in the chat ("nhận 12"): "take", "done".
    quick: Literal["", "take", "done"] = ""


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
    # Telegram: give this private chat its own command menu in this language before the
    # text ("" drops it, back to the bot-wide menu); None leaves the menu alone.
    command_menu: str | None = None
    # Delivered without a sound (a routine alert); messengers without the option ignore it.
    silent: bool = False
    # Pinned in a group once sent (an urgent alert), unpinned by an edit (handled).
    pin: bool = False
    unpin: bool = False
    #: Codes of the open entries this message is about: where there are no buttons (Zalo)
    #: each gets its short number in the chat, to answer «nhận 12» / «xong 12».
    act_on: list[str] = Field(default_factory=list)


def part_keys(messages: Sequence[Outbound], key: str) -> list[str]:
    """Key each message of a send made of several parts: "key", "key#2", "key#3" per chat.

    The outbox queues a (key, chat) pair once; a digest of three parts to one chat needs
    three keys, the same ones every time it is rebuilt, so none is taken for a duplicate.
    """
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for message in messages:
        chat = (message.channel.value, message.chat_id)
        seen[chat] = seen.get(chat, 0) + 1
        keys.append(key if seen[chat] == 1 else f"{key}#{seen[chat]}")
    return keys
