"""A fake Telegram Bot API server on loopback.

It drives the real python-telegram-bot stack the way a phone user would: point a ``Bot`` or an
``Application`` at :attr:`FakeTelegram.base_url` / :attr:`FakeTelegram.base_file_url`, create users
and groups, inject their messages and button presses, then read what the bot sent back.

Used by the test-suite, by ``antt-bot shell`` and by the benchmarks, so everything lives in memory
and nothing sleeps unless a fault asks for it. Run it standalone with::

    python -m bot.devtools.fake_telegram --port 8081
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import html
import json
import logging
import math
import mimetypes
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web
from aiohttp.web_request import FileField

__all__ = [
    "TINY_JPEG",
    "ApiError",
    "Button",
    "FakeChat",
    "FakeTelegram",
    "FakeUser",
    "SentMessage",
    "main",
]

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]

#: An 8x8 red JPEG, the default picture a fake user sends.
TINY_JPEG: bytes = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRT"
    "c4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIAAgDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAw"
    "QFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkK"
    "FhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmq"
    "KjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEB"
    "AQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRob"
    "HBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOE"
    "hYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+P"
    "n6/9oADAMBAAIRAxEAPwDHooorhPqD/9k="
)

_NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)

FAULTS = frozenset({"429", "502", "timeout", "drop", "403", "401", "garbage"})

# Update types getUpdates leaves out unless asked for explicitly, as Telegram does.
_NOT_DEFAULT_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_manage_topics",
)
_MEMBER_PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)

_INLINE_BUTTON_KINDS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

# Form fields that are plain strings; everything else arrives JSON-encoded (PTB json.dumps()
# every non-str value, so "123" is an int and '{"inline_keyboard": ...}' an object).
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "language_code",
        "file_id",
        "action",
        "photo",
        "document",
        "voice",
        "video",
        "audio",
        "animation",
        "sticker",
        "thumbnail",
        "title",
        "description",
        "short_description",
        "name",
        "emoji",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "question",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "address",
        "custom_title",
    }
)

_FILE_PREFIX = {
    "photo": "AgACAgIAAxkBAA",
    "document": "BQACAgIAAxkBAA",
    "voice": "AwACAgIAAxkBAA",
    "video": "BAACAgIAAxkBAA",
    "audio": "CQACAgIAAxkBAA",
    "animation": "CgACAgIAAxkBAA",
    "sticker": "CAACAgIAAxkBAA",
}
_FILE_FOLDER = {
    "photo": "photos",
    "document": "documents",
    "voice": "voice",
    "video": "videos",
    "audio": "music",
    "animation": "animations",
    "sticker": "stickers",
}
_FILE_DEFAULT_MIME = {
    "photo": "image/jpeg",
    "document": "application/octet-stream",
    "voice": "audio/ogg",
    "video": "video/mp4",
    "audio": "audio/mpeg",
    "animation": "video/mp4",
    "sticker": "image/webp",
}


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram would answer with."""
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def _u16(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


# ---------------------------------------------------------------------------------------------
# What the bot sent
# ---------------------------------------------------------------------------------------------


@dataclass
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None
    raw: JSONDict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class SentMessage:
    """A message the bot sent; edits update it in place.

    ``text`` and ``caption`` hold what the phone shows, i.e. after parse_mode markup is applied;
    the raw string the bot sent is in :attr:`raw_text`.
    """

    chat_id: int
    message_id: int
    method: str
    text: str | None = None
    caption: str | None = None
    inline_keyboard: list[list[Button]] = field(default_factory=list)
    reply_keyboard: list[list[str]] | None = None
    remove_keyboard: bool = False
    photo: str | None = None
    location: tuple[float, float] | None = None
    media_group_id: str | None = None
    parse_mode: str | None = None
    edits: list[JSONDict] = field(default_factory=list)
    deleted: bool = False
    raw_params: JSONDict = field(default_factory=dict, repr=False)
    document: str | None = None
    voice: str | None = None
    video: str | None = None
    file_name: str | None = None
    reply_to: int | None = None
    message_json: JSONDict = field(default_factory=dict, repr=False)

    @property
    def buttons(self) -> list[Button]:
        """All inline buttons, row by row."""
        return [b for row in self.inline_keyboard for b in row]

    def button(self, text: str) -> Button:
        """The button with exactly this text, else the only one containing it."""
        for b in self.buttons:
            if b.text == text:
                return b
        partial = [b for b in self.buttons if text in b.text]
        if len(partial) == 1:
            return partial[0]
        raise AssertionError(
            f"no single button {text!r} in message {self.message_id}; "
            f"buttons: {[b.text for b in self.buttons]}"
        )

    @property
    def all_text(self) -> str:
        """Text, or caption, or empty string."""
        return self.text or self.caption or ""

    @property
    def raw_text(self) -> str | None:
        """The text or caption exactly as the bot sent it, markup included."""
        value = self.raw_params.get("text", self.raw_params.get("caption"))
        return value if isinstance(value, str) else None

    def summary(self) -> str:
        """One line for failure messages."""
        flags = " (deleted)" if self.deleted else ""
        labels = [b.text for b in self.buttons]
        kb = f" buttons={labels}" if labels else ""
        if self.reply_keyboard:
            kb += f" keyboard={self.reply_keyboard}"
        body = self.all_text
        if not body:
            body = f"<{self.method}>"
        if len(body) > 120:
            body = body[:117] + "..."
        return f"#{self.message_id} {self.method}{flags}: {body!r}{kb}"


@dataclass
class _StoredFile:
    kind: str
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    mime_type: str
    file_name: str | None = None


@dataclass
class _Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class _Fault:
    method: str
    kind: str
    remaining: int
    retry_after: int
    chat_id: int | None


@dataclass
class _Markup:
    inline: list[list[Button]] = field(default_factory=list)
    reply: list[list[str]] | None = None
    remove: bool = False
    one_time: bool = False
    message_field: JSONDict | None = None  # only inline keyboards come back inside a Message


class _Broadcast:
    """Wakes every waiter at once; firing is synchronous so recording code needs no await."""

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def fire(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, seconds: float | None) -> None:
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)


# ---------------------------------------------------------------------------------------------
# Formatting (parse_mode) — enough of Telegram's rules to catch the bugs that bite in production
# ---------------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_RE = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>"
)
_ATTR_RE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?")
_HTML_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_HTML_SPECIAL_RE = re.compile(r"[<&]")


class _Out:
    """Collects visible text and tracks the UTF-16 position entities need."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, piece: str) -> None:
        if piece:
            self.parts.append(piece)
            self.pos += _u16(piece)

    def text(self) -> str:
        return "".join(self.parts)


def _entity_error(message: str) -> ApiError:
    return _bad(f"can't parse entities: {message}")


def _parse_html(src: str) -> tuple[str, list[JSONDict]]:
    out = _Out()
    entities: list[JSONDict] = []
    stack: list[tuple[str, int, JSONDict | None]] = []
    i, n = 0, len(src)
    while i < n:
        m_special = _HTML_SPECIAL_RE.search(src, i)
        j = m_special.start() if m_special else n
        if j > i:
            out.add(src[i:j])
            i = j
            continue
        if src[i] == "&":
            m_ent = _HTML_ENTITY_RE.match(src, i)
            if m_ent:
                out.add(html.unescape(m_ent.group(0)))
                i = m_ent.end()
            else:
                out.add("&")
                i += 1
            continue
        m_tag = _TAG_RE.match(src, i)
        offset = _byte_offset(src, i)
        if not m_tag:
            word = re.match(r"</?([^\s>]*)", src[i:])
            name = word.group(1) if word else ""
            raise _entity_error(f'Unsupported start tag "{name}" at byte offset {offset}')
        closing, raw_name, raw_attrs = m_tag.groups()
        name = raw_name.lower()
        if closing:
            if not stack:
                raise _entity_error(f"Unexpected end tag at byte offset {offset}")
            open_name, start, closed = stack.pop()
            if open_name != name:
                raise _entity_error(
                    f'Unmatched end tag at byte offset {offset}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            if closed is not None and out.pos > start:
                closed["offset"] = start
                closed["length"] = out.pos - start
                entities.append(closed)
        else:
            attrs = {
                a.group(1).lower(): html.unescape(a.group(2) or a.group(3) or a.group(4) or "")
                for a in _ATTR_RE.finditer(raw_attrs)
            }
            kind = _HTML_TAGS.get(name)
            if kind is None or (name == "span" and attrs.get("class") != "tg-spoiler"):
                raise _entity_error(f'Unsupported start tag "{name}" at byte offset {offset}')
            entity: JSONDict | None = {"type": kind}
            if name == "a":
                href = attrs.get("href")
                entity = {"type": "text_link", "url": href} if href else None
            elif name == "code" and stack and stack[-1][0] == "pre":
                # <pre><code class="language-x"> is one pre entity with a language.
                lang = attrs.get("class", "")
                pre_entity = stack[-1][2]
                if lang.startswith("language-") and pre_entity is not None:
                    pre_entity["language"] = lang.removeprefix("language-")
                entity = None
            elif name == "blockquote" and "expandable" in attrs:
                entity = {"type": "expandable_blockquote"}
            elif name == "tg-emoji":
                entity = {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
            stack.append((name, out.pos, entity))
        i = m_tag.end()
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.text(), entities


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_SPECIAL_RE = re.compile(r"[\\_*\[\]()~`>#+\-=|{}.!]")
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
}


def _mdv2_unescape_until(src: str, start: int, terminator: str) -> tuple[str, int]:
    """Read up to an unescaped terminator; returns (content, index of terminator) or -1."""
    out: list[str] = []
    i = start
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src):
            out.append(src[i + 1])
            i += 2
            continue
        if src.startswith(terminator, i):
            return "".join(out), i
        out.append(src[i])
        i += 1
    return "".join(out), -1


def _parse_markdown_v2(src: str) -> tuple[str, list[JSONDict]]:
    out = _Out()
    entities: list[JSONDict] = []
    stack: list[tuple[str, int, int]] = []  # marker, utf16 start, byte offset
    i, n = 0, len(src)
    while i < n:
        m = _MDV2_SPECIAL_RE.search(src, i)
        j = m.start() if m else n
        if j > i:
            out.add(src[i:j])
            i = j
            continue
        c = src[i]
        if c == "\\":
            if i + 1 < n and 0 < ord(src[i + 1]) < 127:
                out.add(src[i + 1])
                i += 2
                continue
            raise _entity_error(
                "Character '\\' is reserved and must be escaped with the preceding '\\'"
            )
        if c == "`":
            fence = "```" if src.startswith("```", i) else "`"
            body, end = _mdv2_unescape_until(src, i + len(fence), fence)
            if end < 0:
                name = "Pre" if fence == "```" else "Code"
                raise _entity_error(
                    f"Can't find end of {name} entity at byte offset {_byte_offset(src, i)}"
                )
            entity: JSONDict = {"type": "pre" if fence == "```" else "code"}
            if fence == "```" and "\n" in body:
                first, rest = body.split("\n", 1)
                if first and " " not in first:
                    entity["language"] = first
                    body = rest
            start = out.pos
            out.add(body)
            if out.pos > start:
                entity.update(offset=start, length=out.pos - start)
                entities.append(entity)
            i = end + len(fence)
            continue
        if c in "*_~|":
            if src.startswith("__", i):
                marker = "__"
            elif src.startswith("||", i):
                marker = "||"
            elif c == "|":
                raise _entity_error(
                    "Character '|' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                marker = c
            if stack and stack[-1][0] == marker:
                _, start, _ = stack.pop()
                if out.pos > start:
                    entities.append(
                        {"type": _MDV2_MARKERS[marker], "offset": start, "length": out.pos - start}
                    )
            elif any(entry[0] == marker for entry in stack):
                top = stack[-1]
                kind = _ENTITY_NAMES.get(_MDV2_MARKERS.get(top[0], "text_link"), "TextUrl")
                raise _entity_error(f"Can't find end of {kind} entity at byte offset {top[2]}")
            else:
                stack.append((marker, out.pos, _byte_offset(src, i)))
            i += len(marker)
            continue
        if c == "[":
            stack.append(("[", out.pos, _byte_offset(src, i)))
            i += 1
            continue
        if c == "]" and stack and stack[-1][0] == "[":
            if not src.startswith("(", i + 1):
                raise _entity_error(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            url, end = _mdv2_unescape_until(src, i + 2, ")")
            _, start, offset = stack.pop()
            if end < 0:
                raise _entity_error(f"Can't find end of a URL at byte offset {offset}")
            if out.pos > start:
                entities.append(
                    {"type": "text_link", "offset": start, "length": out.pos - start, "url": url}
                )
            i = end + 1
            continue
        if c == ">" and (i == 0 or src[i - 1] == "\n"):
            # Block quotes are accepted; their entity is not modelled.
            i += 1
            continue
        raise _entity_error(
            f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
        )
    if stack:
        marker, _, offset = stack[-1]
        kind = _ENTITY_NAMES.get(_MDV2_MARKERS.get(marker, "text_link"), "TextUrl")
        raise _entity_error(f"Can't find end of {kind} entity at byte offset {offset}")
    return out.text(), entities


_MD_LEGACY = {"*": "bold", "_": "italic", "`": "code"}


def _parse_markdown(src: str) -> tuple[str, list[JSONDict]]:
    out = _Out()
    entities: list[JSONDict] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "*_`[":
            out.add(src[i + 1])
            i += 2
            continue
        if c in _MD_LEGACY or c == "[":
            fence = "```" if src.startswith("```", i) else c
            closer = "]" if c == "[" else fence
            end = src.find(closer, i + len(fence))
            if end < 0:
                raise _entity_error(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
                )
            body = src[i + len(fence) : end]
            start = out.pos
            if c == "[":
                url_end = src.find(")", end) if src.startswith("(", end + 1) else -1
                out.add(body)
                if url_end > 0:
                    url = src[end + 2 : url_end]
                    if out.pos > start:
                        entities.append(
                            {"type": "text_link", "offset": start, "length": out.pos - start}
                            | {"url": url}
                        )
                    i = url_end + 1
                else:
                    i = end + 1
                continue
            kind = "pre" if fence == "```" else _MD_LEGACY[c]
            out.add(body)
            if out.pos > start:
                entities.append({"type": kind, "offset": start, "length": out.pos - start})
            i = end + len(fence)
            continue
        out.add(c)
        i += 1
    return out.text(), entities


def _checked_entities(entities: Any) -> list[JSONDict]:
    if entities is None:
        return []
    if not isinstance(entities, list):
        raise _bad("can't parse entities JSON object")
    for entity in entities:
        if (
            not isinstance(entity, dict)
            or not isinstance(entity.get("type"), str)
            or not isinstance(entity.get("offset"), int)
            or not isinstance(entity.get("length"), int)
        ):
            raise _bad("can't parse MessageEntity")
    return [dict(e) for e in entities]


def _strip_with_entities(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Telegram trims surrounding whitespace; entity offsets move with the text."""
    stripped = text.strip()
    if stripped == text or not entities:
        return stripped, entities
    lead = _u16(text[: len(text) - len(text.lstrip())])
    total = _u16(stripped)
    fixed: list[JSONDict] = []
    for entity in entities:
        start = max(0, int(entity["offset"]) - lead)
        end = min(total, int(entity["offset"]) + int(entity["length"]) - lead)
        if end > start:
            fixed.append(entity | {"offset": start, "length": end - start})
    return stripped, fixed


def _format_text(raw: str, parse_mode: Any, entities: Any) -> tuple[str, list[JSONDict]]:
    mode = parse_mode.lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        text, found = _parse_html(raw)
    elif mode == "markdownv2":
        text, found = _parse_markdown_v2(raw)
    elif mode == "markdown":
        text, found = _parse_markdown(raw)
    elif mode == "":
        text, found = raw, _checked_entities(entities)
    else:
        raise _bad("unsupported parse_mode")
    found.sort(key=lambda e: (e["offset"], -e["length"]))
    return _strip_with_entities(text, found)


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG, or a plausible phone-camera size."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
                i += 1 if marker == 0xFF else 2
                continue
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height = int.from_bytes(data[i + 5 : i + 7], "big")
                width = int.from_bytes(data[i + 7 : i + 9], "big")
                return width, height
            i += 2 + length
    return 1280, 960


def _update_type(update: JSONDict) -> str:
    for key in update:
        if key != "update_id":
            return key
    return ""


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


# ---------------------------------------------------------------------------------------------
# Chats and users
# ---------------------------------------------------------------------------------------------


class FakeChat:
    """A chat the bot can write into, with a read cursor over what it sent there."""

    def __init__(
        self,
        fake: FakeTelegram,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        user: FakeUser | None = None,
    ) -> None:
        self.fake = fake
        self.id = chat_id
        self.type = chat_type
        self.title = title
        self.username = username
        self.user = user
        self.bot_status = "member" if chat_type == "private" else "administrator"
        self.member_status: dict[int, str] = {}
        #: Set when a group was upgraded to a supergroup: sends here answer 400 with it.
        self.migrated_to: int | None = None
        #: The reply keyboard the phone currently shows under the input field.
        self.reply_keyboard: list[list[str]] | None = None
        self.reply_keyboard_one_time = False
        self.pinned: int | None = None
        self.menu_button: JSONDict | None = None
        self._cursor = 0
        self._last_message_id = 0

    def __repr__(self) -> str:
        return f"FakeChat(id={self.id}, type={self.type!r}, title={self.title!r})"

    def to_dict(self) -> JSONDict:
        """The ``Chat`` object as it appears inside messages."""
        data: JSONDict = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
        if self.title is not None:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        return data

    def next_message_id(self) -> int:
        """Message ids are per chat and shared by both directions, like Telegram's."""
        self._last_message_id += 1
        return self._last_message_id

    @property
    def messages(self) -> list[SentMessage]:
        """Everything the bot sent here, in order."""
        return self.fake.messages(self.id)

    def unread(self) -> list[SentMessage]:
        """Messages not read yet through this chat's cursor (does not advance it)."""
        return self.messages[self._cursor :]

    def drain(self) -> list[SentMessage]:
        """Mark everything read; returns what was unread."""
        pending = self.unread()
        self._cursor += len(pending)
        return pending

    async def next_message(self, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """The next message the bot sent here that was not read yet."""
        deadline = time.monotonic() + timeout
        while True:
            sent = self.messages
            if self._cursor < len(sent):
                self._cursor += 1
                return sent[self._cursor - 1]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(self.fake.describe(self, f"no new message within {timeout}s"))
            await self.fake._sent_signal.wait(remaining)

    async def messages_until(
        self,
        predicate: Callable[[SentMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Read messages until one satisfies ``predicate``; returns all of them, that one last."""
        deadline = time.monotonic() + timeout
        collected: list[SentMessage] = []
        while True:
            remaining = deadline - time.monotonic()
            try:
                message = await self.next_message(max(remaining, 0.0))
            except AssertionError:
                seen = "\n".join("  " + m.summary() for m in collected) or "  (none)"
                raise AssertionError(
                    self.fake.describe(self, f"predicate not met within {timeout}s")
                    + f"\nRead while waiting:\n{seen}"
                ) from None
            collected.append(message)
            if predicate(message):
                return collected


class FakeUser:
    """A phone user. Sending methods queue an update and return the Message (or Update) dict."""

    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> None:
        self.fake = fake
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.blocked = False
        self.chat = FakeChat(fake, user_id, "private", username=username, user=self)

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, first_name={self.first_name!r})"

    def to_dict(self) -> JSONDict:
        """The ``User`` object."""
        data: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    # -- sending -------------------------------------------------------------------------------

    def _message(self, chat: FakeChat | None, content: JSONDict) -> JSONDict:
        target = chat or self.chat
        if target.type == "private" and target is not self.chat:
            raise ValueError(f"{self!r} cannot write into another user's private chat")
        return self.fake._user_message(self, target, content)

    async def send_text(self, text: str, *, chat: FakeChat | None = None) -> JSONDict:
        """Type a message; a leading /command gets its bot_command entity like Telegram's."""
        content: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0] if text.strip() else text
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": _u16(command)}]
        target = chat or self.chat
        if target.reply_keyboard_one_time:
            target.reply_keyboard = None
            target.reply_keyboard_one_time = False
        return self._message(chat, content)

    async def send_location(
        self, latitude: float, longitude: float, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """Share a location pin (the keyboard's location button counts as using it)."""
        target = chat or self.chat
        if target.reply_keyboard_one_time:
            target.reply_keyboard = None
            target.reply_keyboard_one_time = False
        return self._message(chat, {"location": {"latitude": latitude, "longitude": longitude}})

    async def send_photo(
        self,
        data: bytes = TINY_JPEG,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Send a picture (two PhotoSizes, downloadable through getFile)."""
        content: JSONDict = {"photo": self.fake._photo_sizes(data)}
        if caption is not None:
            content["caption"] = caption
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        return self._message(chat, content)

    async def send_voice(
        self,
        duration: int = 3,
        *,
        data: bytes = b"OggS\x00fake-voice",
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Send a voice note."""
        stored = self.fake._store_file("voice", data, mime_type="audio/ogg")
        voice = self.fake._file_dict(stored) | {"duration": duration, "mime_type": "audio/ogg"}
        return self._message(chat, {"voice": voice})

    async def send_video(
        self,
        duration: int = 5,
        *,
        data: bytes = b"\x00\x00\x00\x18ftypmp42",
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Send a video clip."""
        stored = self.fake._store_file("video", data, mime_type="video/mp4")
        video = self.fake._file_dict(stored) | {
            "width": 640,
            "height": 360,
            "duration": duration,
            "mime_type": "video/mp4",
        }
        return self._message(chat, {"video": video})

    async def send_document(
        self,
        name: str = "a.pdf",
        *,
        data: bytes = b"%PDF-1.4\n% fake\n",
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Send a file as a document."""
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        stored = self.fake._store_file("document", data, mime_type=mime, file_name=name)
        content: JSONDict = {
            "document": self.fake._file_dict(stored) | {"file_name": name, "mime_type": mime}
        }
        if caption is not None:
            content["caption"] = caption
        return self._message(chat, content)

    async def send_sticker(self, emoji: str = "😀", *, chat: FakeChat | None = None) -> JSONDict:
        """Send a sticker."""
        stored = self.fake._store_file(
            "sticker", b"RIFF\x00\x00\x00\x00WEBP", mime_type="image/webp"
        )
        sticker = self.fake._file_dict(stored) | {
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": emoji,
            "set_name": "FakeStickers",
        }
        return self._message(chat, {"sticker": sticker})

    async def send_contact(
        self,
        phone: str,
        *,
        first_name: str | None = None,
        user_id: int | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Share a contact; by default the user's own (the request_contact button flow)."""
        contact: JSONDict = {
            "phone_number": phone,
            "first_name": first_name or self.first_name,
            "user_id": self.id if user_id is None else user_id,
        }
        return self._message(chat, {"contact": contact})

    async def send_animation(self, *, chat: FakeChat | None = None) -> JSONDict:
        """Send a GIF; Telegram puts it in both ``animation`` and ``document``."""
        stored = self.fake._store_file("animation", b"GIF89a fake", mime_type="video/mp4")
        base = self.fake._file_dict(stored) | {"file_name": "fun.gif.mp4", "mime_type": "video/mp4"}
        animation = base | {"width": 320, "height": 240, "duration": 2}
        return self._message(chat, {"animation": animation, "document": base})

    async def send_poll(
        self,
        question: str = "Họp tổ lúc mấy giờ?",
        options: Iterable[str] = ("19h", "20h"),
        *,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Send a poll."""
        self.fake._poll_counter += 1
        poll = {
            "id": str(5_000_000_000 + self.fake._poll_counter),
            "question": question,
            "options": [
                {"text": o, "voter_count": 0, "persistent_id": str(i)}
                for i, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            # Required by PTB 22.8 (Bot API 9.6 / 10.0).
            "allows_revoting": False,
            "members_only": False,
        }
        return self._message(chat, {"poll": poll})

    async def edit_text(
        self, message_id: int, new_text: str, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """Edit one of this user's text messages (an ``edited_message`` update)."""
        target = chat or self.chat
        original = self.fake._messages.get((target.id, message_id))
        if original is None or original.get("from", {}).get("id") != self.id:
            raise ValueError(f"{self!r} has no message {message_id} in chat {target.id}")
        if "text" not in original:
            raise ValueError(f"message {message_id} has no text to edit")
        original["text"] = new_text
        original["edit_date"] = int(time.time())
        edited = dict(original)
        self.fake._enqueue({"edited_message": edited})
        return edited

    async def press(
        self,
        message: SentMessage | int,
        button: str | int | None = None,
        *,
        data: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Tap an inline button by visible text, 0-based index, or raw ``data``.

        Returns the queued Update; its ``callback_query.id`` is the key of
        :attr:`FakeTelegram.callback_answers`.
        """
        if isinstance(message, SentMessage):
            sent = message
        else:
            target = chat or self.chat
            found = self.fake._sent_index.get((target.id, message))
            if found is None:
                raise AssertionError(f"the bot sent no message {message} in chat {target.id}")
            sent = found
        if sent.deleted:
            raise AssertionError(f"message {sent.message_id} was deleted; nothing to press")
        if sent.chat_id > 0 and sent.chat_id != self.id:
            raise AssertionError(
                f"{self!r} cannot see message {sent.message_id} of chat {sent.chat_id}"
            )
        if data is None:
            if button is None:
                raise ValueError("press() needs a button (text or index) or data=")
            if isinstance(button, int):
                buttons = sent.buttons
                if not 0 <= button < len(buttons):
                    raise AssertionError(
                        f"message {sent.message_id} has {len(buttons)} buttons, no index {button}"
                    )
                chosen = buttons[button]
            else:
                chosen = sent.button(button)
            if chosen.callback_data is None:
                raise AssertionError(f"button {chosen.text!r} has no callback_data ({chosen.raw})")
            data = chosen.callback_data
        target_chat = self.fake._chats[sent.chat_id]
        return self.fake._callback(self, target_chat, dict(sent.message_json), data)

    async def press_raw(
        self, data: str, message_id: int, *, chat: FakeChat | None = None
    ) -> JSONDict:
        """Forge a callback with arbitrary data; an unknown message arrives as inaccessible."""
        target = chat or self.chat
        known = self.fake._messages.get((target.id, message_id))
        message = (
            dict(known)
            if known is not None
            else {"chat": target.to_dict(), "message_id": message_id, "date": 0}
        )
        return self.fake._callback(self, target, message, data)

    def block_bot(self, *, notify: bool = True) -> None:
        """Block the bot: sends to the private chat answer 403 until :meth:`unblock_bot`."""
        self.blocked = True
        if notify:
            self.fake._my_chat_member(self, "member", "kicked")

    def unblock_bot(self, *, notify: bool = True) -> None:
        """Unblock the bot."""
        self.blocked = False
        if notify:
            self.fake._my_chat_member(self, "kicked", "member")

    # -- reading -------------------------------------------------------------------------------

    async def next_reply(self, timeout: float = 5.0) -> SentMessage:  # noqa: ASYNC109
        """The next unread message the bot sent into this user's private chat."""
        return await self.chat.next_message(timeout)

    async def replies_until(
        self,
        predicate: Callable[[SentMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Read replies until one satisfies ``predicate``; returns all of them."""
        return await self.chat.messages_until(predicate, timeout)

    def unread(self) -> list[SentMessage]:
        """Unread replies in the private chat (does not advance the cursor)."""
        return self.chat.unread()

    def drain(self) -> list[SentMessage]:
        """Mark all replies read; returns them."""
        return self.chat.drain()


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------

_Handler = Callable[[JSONDict, dict[str, _Upload]], Awaitable[Any]]


class FakeTelegram:
    """In-memory Telegram Bot API on 127.0.0.1; see the module docstring."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "antt_test_bot",
        *,
        flood_limits: bool = False,
        first_update_id: int = 1,
    ) -> None:
        # first_update_id: a sandbox reusing its database starts above the ids it already
        # stored, as Telegram's ids keep growing; from 1, its first updates would be taken
        # for ones already handled.
        self.token = token
        self.bot_username = bot_username
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 123456
        self.bot_first_name = "ANTT Test Bot"
        self.flood_limits = flood_limits

        # Knobs tests and benchmarks may turn.
        self.timeout_hold = 30.0
        self.webhook_retry_delay = 0.05
        self.webhook_max_attempts = 50
        self.webhook_timeout = 10.0
        self.group_privacy = False  # True: groups deliver only commands, replies and mentions
        self.flood_global_limit = 30
        self.flood_global_window = 1.0
        self.flood_private_rate = 1.0
        self.flood_private_burst = 3
        self.flood_group_limit = 20
        self.flood_group_window = 60.0
        self.clock: Callable[[], float] = time.monotonic  # flood control only

        # Records.
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, JSONDict]] = []
        self.errors: list[tuple[str, JSONDict, int, str]] = []
        self.callback_answers: dict[str, tuple[str | None, bool]] = {}
        self.commands: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.menu_buttons: dict[int | None, JSONDict] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.faults_served: list[tuple[str, str]] = []
        self.flood_429s = 0
        self.webhook_attempts: list[tuple[int, int | None]] = []  # status None: no connection
        self.injected: list[JSONDict] = []
        self.listeners: list[Callable[[str, SentMessage], None]] = []

        self._chats: dict[int, FakeChat] = {}
        self._users: dict[int, FakeUser] = {}
        self._by_chat: dict[int, list[SentMessage]] = {}
        self._sent_index: dict[tuple[int, int], SentMessage] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._deleted: set[tuple[int, int]] = set()
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, _StoredFile] = {}
        self._file_counter = 0
        self._callbacks: dict[str, bool] = {}  # id -> answered
        self._callback_counter = 0
        self._poll_counter = 0
        self._media_group_counter = 0
        self._next_user_id = 700_000_001
        self._next_group_id = 1_000_000_001
        self._consumed_calls: set[int] = set()
        self._first_unconsumed = 0  # calls before it were all returned by wait_for_call

        self._queue: deque[JSONDict] = deque()
        self._next_update_id = first_update_id
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0

        self._webhook_url: str | None = None
        self._webhook_secret: str | None = None
        self._webhook_allowed: list[str] | None = None
        self._webhook_max_connections = 40
        self._webhook_last_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_session: ClientSession | None = None

        self._faults: list[_Fault] = []
        self._flood_global: deque[float] = deque()
        self._flood_groups: dict[int, deque[float]] = {}
        self._flood_private: dict[int, tuple[float, float]] = {}

        self._updates_signal = _Broadcast()
        self._sent_signal = _Broadcast()
        self._changed_signal = _Broadcast()
        self._closing = False
        self._closed_event: asyncio.Event | None = None
        self._inflight = 0
        self._last_activity = time.monotonic()

        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._host = "127.0.0.1"

        table: dict[str, _Handler] = {
            "getMe": self._get_me,
            "logOut": self._ok,
            "close": self._ok,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "setMyDescription": self._ok,
            "setMyShortDescription": self._ok,
            "setMyName": self._ok,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendVoice": self._send_voice,
            "sendVideo": self._send_video,
            "sendAudio": self._send_audio,
            "sendAnimation": self._send_animation,
            "sendSticker": self._send_sticker,
            "sendMediaGroup": self._send_media_group,
            "sendLocation": self._send_location,
            "sendChatAction": self._send_chat_action,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "deleteMessages": self._delete_messages,
            "pinChatMessage": self._pin_chat_message,
            "unpinChatMessage": self._unpin_chat_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMemberCount": self._get_chat_member_count,
            "leaveChat": self._leave_chat,
        }
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler) for name, handler in table.items()
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port``; port 0 picks a free one."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegram already started")
        self._closing = False
        self._closed_event = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_post("/_fake/users", self._control_user)
        app.router.add_post("/_fake/users/{user_id}/text", self._control_text)
        app.router.add_post("/_fake/updates", self._control_update)
        app.router.add_get("/_fake/sent", self._control_sent)
        # Held requests end as soon as stop() runs, so a short shutdown timeout loses nothing.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._host = host
        address = runner.addresses[0]
        self._port = int(address[1])
        logger.info("fake Telegram listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop serving; held and long-polling requests are released first."""
        self._closing = True
        if self._closed_event is not None:
            self._closed_event.set()
        self._updates_signal.fire()
        await self._stop_webhook_worker()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port in use."""
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``; PTB appends the token."""
        return f"http://{self._host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``Bot(base_file_url=...)``."""
        return f"http://{self._host}:{self.port}/file/bot"

    # -- users, chats, updates -----------------------------------------------------------------

    def user(
        self,
        first_name: str = "Lan",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
        user_id: int | None = None,
    ) -> FakeUser:
        """A new phone user; their private chat id equals their user id."""
        if user_id is None:
            while self._next_user_id in self._chats:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        if user_id in self._users:
            raise ValueError(f"user {user_id} exists already")
        user = FakeUser(
            self,
            user_id,
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self._users[user_id] = user
        self._chats[user_id] = user.chat
        return user

    def group(
        self,
        title: str = "Công an xã A",
        *,
        chat_id: int | None = None,
        kind: str = "supergroup",
        username: str | None = None,
    ) -> FakeChat:
        """A new group chat (negative id) where the bot is an administrator."""
        if kind not in ("group", "supergroup"):
            raise ValueError("kind must be 'group' or 'supergroup'")
        if chat_id is None:
            n = self._next_group_id
            self._next_group_id += 1
            chat_id = -(1_000_000_000_000 + n) if kind == "supergroup" else -n
        if chat_id >= 0:
            raise ValueError("group ids are negative")
        if chat_id in self._chats:
            raise ValueError(f"chat {chat_id} exists already")
        chat = FakeChat(self, chat_id, kind, title=title, username=username)
        self._chats[chat_id] = chat
        return chat

    def chat(self, chat_id: int) -> FakeChat:
        """The chat with this id."""
        return self._chats[chat_id]

    def add_raw_update(self, update: JSONDict) -> JSONDict:
        """Queue an arbitrary update dict (fuzzing); update_id is assigned if missing."""
        return self._enqueue(dict(update))

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates not yet confirmed by getUpdates offset (or delivered by webhook)."""
        return list(self._queue)

    def _enqueue(self, payload: JSONDict) -> JSONDict:
        update_id = payload.get("update_id")
        if isinstance(update_id, int):
            self._next_update_id = max(self._next_update_id, update_id + 1)
            update = payload
        else:
            update = {"update_id": self._next_update_id, **payload}
            self._next_update_id += 1
        callback = update.get("callback_query")
        if isinstance(callback, dict) and isinstance(callback.get("id"), str):
            self._callbacks.setdefault(callback["id"], False)
        self._queue.append(update)
        self.injected.append(update)
        self._touch()
        self._updates_signal.fire()
        return update

    def _user_message(self, user: FakeUser, chat: FakeChat, content: JSONDict) -> JSONDict:
        message: JSONDict = {
            "message_id": chat.next_message_id(),
            "from": user.to_dict(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat.id, message["message_id"])] = message
        if chat.type != "private" and self.group_privacy and not self._addressed_to_bot(message):
            return message
        # A copy: a later edit_text() must not rewrite the update already queued.
        self._enqueue({"message": dict(message)})
        return message

    def _addressed_to_bot(self, message: JSONDict) -> bool:
        text = str(message.get("text") or message.get("caption") or "")
        if text.startswith("/") or f"@{self.bot_username}" in text:
            return True
        reply = message.get("reply_to_message")
        return isinstance(reply, dict) and reply.get("from", {}).get("id") == self.bot_id

    def _callback(self, user: FakeUser, chat: FakeChat, message: JSONDict, data: str) -> JSONDict:
        self._callback_counter += 1
        query_id = str(4_382_000_000_000_000_000 + self._callback_counter)
        query = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(abs(chat.id) * 31 + 7),
            "data": data,
        }
        return self._enqueue({"callback_query": query})

    def _my_chat_member(
        self, user: FakeUser, old: str, new: str, chat: FakeChat | None = None
    ) -> JSONDict:
        target = chat or user.chat
        return self._enqueue(
            {
                "my_chat_member": {
                    "chat": target.to_dict(),
                    "from": user.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": self._member(target, self.bot_user(), old),
                    "new_chat_member": self._member(target, self.bot_user(), new),
                }
            }
        )

    # -- the bot's membership of groups ----------------------------------------------------------

    def remove_bot(
        self, chat: FakeChat, by: FakeUser, *, kicked: bool = True, notify: bool = True
    ) -> JSONDict | None:
        """Remove the bot from a group (kicked by an admin, or it "left"): sends there then
        answer 403 "bot was kicked from the group chat". ``notify=False`` loses the
        ``my_chat_member`` update, as when it was not in ``allowed_updates``."""
        if chat.type == "private":
            raise ValueError("use FakeUser.block_bot() for a private chat")
        old, chat.bot_status = chat.bot_status, "kicked" if kicked else "left"
        return self._my_chat_member(by, old, chat.bot_status, chat) if notify else None

    def add_bot(
        self, chat: FakeChat, by: FakeUser, *, admin: bool = False, notify: bool = True
    ) -> JSONDict | None:
        """Add the bot (back) to a group, as a member or straight away as an administrator."""
        if chat.type == "private":
            raise ValueError("use FakeUser.unblock_bot() for a private chat")
        old, chat.bot_status = chat.bot_status, "administrator" if admin else "member"
        return self._my_chat_member(by, old, chat.bot_status, chat) if notify else None

    def promote_bot(self, chat: FakeChat, by: FakeUser, *, notify: bool = True) -> JSONDict | None:
        """Make the bot an administrator of a group it is a member of."""
        if chat.bot_status != "member":
            raise ValueError(f"the bot is {chat.bot_status} in {chat!r}, not a member")
        chat.bot_status = "administrator"
        return self._my_chat_member(by, "member", "administrator", chat) if notify else None

    def upgrade_group(self, chat: FakeChat, by: FakeUser, *, notify: bool = True) -> FakeChat:
        """Upgrade a basic group to a supergroup, as Telegram does when a group grows or an
        admin changes certain settings: the chat gets a new id (-100…), the bot stays in it,
        and every send to the old id answers 400 with ``migrate_to_chat_id``.

        With ``notify`` the two service messages Telegram sends are queued: ``migrate_to_chat_id``
        in the old group, ``migrate_from_chat_id`` in the new supergroup.
        """
        if chat.type != "group":
            raise ValueError("only a basic group can be upgraded")
        if chat.migrated_to is not None:
            raise ValueError(f"{chat!r} was upgraded already")
        new = self.group(chat.title or "", kind="supergroup", username=chat.username)
        new.bot_status = chat.bot_status
        new.member_status = dict(chat.member_status)
        chat.migrated_to = new.id
        if notify:
            self._user_message(by, chat, {"migrate_to_chat_id": new.id})
            self._user_message(by, new, {"migrate_from_chat_id": chat.id})
        return new

    def revoke_token(self) -> None:
        """Revoke the bot's token (as /revoke in @BotFather does): every call answers 401."""
        self.token = f"{self.token}-revoked"

    def bot_user(self) -> JSONDict:
        """The bot's ``User`` object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # -- reading what the bot did --------------------------------------------------------------

    def messages(self, chat: int | FakeChat | FakeUser) -> list[SentMessage]:
        """Everything the bot sent into one chat, in order."""
        chat_id = chat if isinstance(chat, int) else chat.id
        return self._by_chat.get(chat_id, [])

    def file_bytes(self, file_id: str) -> bytes:
        """Content of a file the bot uploaded or a user sent."""
        return self._files[file_id].data

    def inject(
        self,
        method: str,
        fault: str,
        *,
        times: int = 1,
        retry_after: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*" = any) fail with ``fault``.

        Faults: "429", "502", "timeout" (held :attr:`timeout_hold` seconds, then served
        normally, as a slow Telegram would), "drop" (connection closed unanswered), "403",
        "401" (Unauthorized, as for a revoked token; :meth:`revoke_token` makes it last),
        "garbage" (200 and ok, but a result no client can parse: a broken proxy).
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; use one of {sorted(FAULTS)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        self._faults.append(_Fault(method, fault, times, retry_after, chat_id))

    async def wait_idle(self, quiet: float = 0.05, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once no API request (long polls aside) has arrived for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if self._inflight == 0:
                idle_for = now - self._last_activity
                if idle_for >= quiet:
                    return
                pause = quiet - idle_for
            else:
                pause = deadline - now
            remaining = deadline - now
            if remaining <= 0:
                raise AssertionError(
                    f"bot not idle after {timeout}s ({self._inflight} requests in flight); "
                    f"last calls: {[m for m, _ in self.calls[-10:]]}"
                )
            await self._changed_signal.wait(min(pause, remaining))

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> JSONDict:
        """The params of the first matching call not returned by an earlier wait_for_call."""
        wanted = method.lower()
        deadline = time.monotonic() + timeout
        while self._first_unconsumed in self._consumed_calls:
            self._consumed_calls.discard(self._first_unconsumed)
            self._first_unconsumed += 1
        scanned = self._first_unconsumed
        while True:
            for index in range(scanned, len(self.calls)):
                name, params = self.calls[index]
                if (
                    index >= self._first_unconsumed
                    and index not in self._consumed_calls
                    and name.lower() == wanted
                    and (predicate is None or predicate(params))
                ):
                    self._consumed_calls.add(index)
                    return params
            scanned = len(self.calls)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"no {method} call within {timeout}s; "
                    f"last calls: {[m for m, _ in self.calls[-15:]]}"
                )
            await self._changed_signal.wait(remaining)

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until ``predicate()`` holds; re-checked whenever the server records something."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"condition not met within {timeout}s")
            await self._changed_signal.wait(remaining)

    def describe(self, chat: FakeChat, problem: str) -> str:
        """A failure report: recent messages in ``chat``, calls and error answers."""
        sent = self.messages(chat.id)
        lines = [f"{problem} in chat {chat.id} ({chat.title or chat.type}, read {chat._cursor})."]
        lines.append("Recent bot messages in this chat:")
        start = max(0, len(sent) - 10)
        for index, message in enumerate(sent[start:], start):
            mark = "   " if index < chat._cursor else "new"
            lines.append(f"  {mark} {message.summary()}")
        if not sent:
            lines.append("  (none)")
        lines.append(f"Recent API calls: {[m for m, _ in self.calls[-12:]]}")
        if self.errors:
            lines.append("Error answers served:")
            lines.extend(f"  {m} -> {code} {desc}" for m, _, code, desc in self.errors[-5:])
        lines.append(f"Unconfirmed updates: {len(self._queue)}")
        return "\n".join(lines)

    # -- HTTP plumbing -------------------------------------------------------------------------

    def _touch(self) -> None:
        self._last_activity = time.monotonic()
        self._changed_signal.fire()

    @staticmethod
    def _json(body: JSONDict, status: int = 200) -> web.Response:
        return web.Response(
            text=json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json",
        )

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, _Upload]]:
        raw: JSONDict = dict(request.query)
        files: dict[str, _Upload] = {}
        if request.method == "POST" and request.body_exists:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad("can't parse JSON object") from None
                if not isinstance(body, dict):
                    raise _bad("JSON object expected")
                raw.update(body)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, FileField):
                        files[key] = _Upload(value.filename, value.content_type, value.file.read())
                    else:
                        raw[key] = value
        return {key: _coerce(key, value) for key, value in raw.items()}, files

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return self._json(ApiError(404, "Not Found: method not found").payload(), 404)
        name, handler = entry
        try:
            params, files = await self._read_params(request)
        except ApiError as exc:
            return self._json(exc.payload(), exc.code)
        self.calls.append((name, params))
        logger.info("%s %s", name, params.get("chat_id", ""))
        # Long polls are the idle state, so they wake waiters without counting as activity.
        tracked = name != "getUpdates"
        if tracked:
            self._inflight += 1
            self._touch()
        else:
            self._changed_signal.fire()
        try:
            fault = self._take_fault(name, params)
            if fault is not None:
                self.faults_served.append((name, fault.kind))
                logger.info("fault %s served for %s", fault.kind, name)
                if fault.kind == "429":
                    raise ApiError(
                        429,
                        f"Too Many Requests: retry after {fault.retry_after}",
                        {"retry_after": fault.retry_after},
                    )
                if fault.kind == "403":
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                if fault.kind == "401":
                    raise ApiError(401, "Unauthorized")
                if fault.kind == "garbage":
                    # A broken proxy: 200 and "ok", but no Message where one belongs.
                    return self._json({"ok": True, "result": "garbage"})
                if fault.kind == "502":
                    return web.Response(status=502, text=_NGINX_502, content_type="text/html")
                if fault.kind == "drop":
                    if request.transport is not None:
                        request.transport.close()
                    return web.Response(status=500)
                # "timeout": the client gives up meanwhile, so the hold must not count as work.
                if tracked:
                    self._inflight -= 1
                    tracked = False
                    self._touch()
                await self._hold(self.timeout_hold)
                if self._closing:
                    return web.Response(status=503)
            if self.flood_limits and self._counts_for_flood(name):
                self._check_flood(params)
            result = await handler(params, files)
            return self._json({"ok": True, "result": result})
        except ApiError as exc:
            self.errors.append((name, params, exc.code, exc.description))
            logger.info("%s -> %d %s", name, exc.code, exc.description)
            return self._json(exc.payload(), exc.code)
        except Exception as exc:
            # A gap in the fake, not in the bot: answer in the API's shape and say so loudly.
            logger.exception("fake Telegram failed on %s %s", name, params)
            description = f"Internal Server Error: fake failed: {exc!r}"
            self.errors.append((name, params, 500, description))
            return self._json(ApiError(500, description).payload(), 500)
        finally:
            if tracked:
                self._inflight -= 1
                self._touch()

    async def _hold(self, seconds: float) -> None:
        if self._closed_event is None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed_event.wait(), seconds)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        stored = self._file_paths.get(request.match_info["path"])
        if stored is None:
            return self._json(ApiError(404, "Not Found").payload(), 404)
        return web.Response(body=stored.data, content_type=stored.mime_type)

    def _take_fault(self, method: str, params: JSONDict) -> _Fault | None:
        for fault in self._faults:
            if fault.method != "*" and fault.method.lower() != method.lower():
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    # -- flood control -------------------------------------------------------------------------

    @staticmethod
    def _counts_for_flood(method: str) -> bool:
        return (method.startswith(("send", "edit")) and method != "sendChatAction") or method in (
            "copyMessage",
            "forwardMessage",
        )

    def _too_many(self, wait: float) -> ApiError:
        self.flood_429s += 1
        retry_after = max(1, math.ceil(wait))
        return ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    def _check_flood(self, params: JSONDict) -> None:
        now = self.clock()
        window = self._flood_global
        while window and window[0] <= now - self.flood_global_window:
            window.popleft()
        if len(window) >= self.flood_global_limit:
            raise self._too_many(window[0] + self.flood_global_window - now)
        chat_id = params.get("chat_id")
        bucket: tuple[float, float] | None = None
        group: deque[float] | None = None
        if isinstance(chat_id, int) and chat_id > 0:
            burst = float(self.flood_private_burst)
            tokens, last = self._flood_private.get(chat_id, (burst, now))
            tokens = min(burst, tokens + (now - last) * self.flood_private_rate)
            if tokens < 1.0:
                self._flood_private[chat_id] = (tokens, now)
                raise self._too_many((1.0 - tokens) / self.flood_private_rate)
            bucket = (tokens - 1.0, now)
        elif isinstance(chat_id, int) and chat_id < 0:
            group = self._flood_groups.setdefault(chat_id, deque())
            while group and group[0] <= now - self.flood_group_window:
                group.popleft()
            if len(group) >= self.flood_group_limit:
                raise self._too_many(group[0] + self.flood_group_window - now)
        window.append(now)
        if bucket is not None and isinstance(chat_id, int):
            self._flood_private[chat_id] = bucket
        if group is not None:
            group.append(now)

    # -- helpers for handlers ------------------------------------------------------------------

    def _chat_of(self, params: JSONDict, key: str = "chat_id") -> FakeChat:
        value = params.get(key)
        if value is None or value == "":
            raise _bad(f"{key} is empty")
        if isinstance(value, str) and value.startswith("@"):
            for chat in self._chats.values():
                if chat.username and f"@{chat.username}".lower() == value.lower():
                    return chat
            raise _bad("chat not found")
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad("chat not found")
        found = self._chats.get(value)
        if found is None:
            raise _bad("chat not found")
        return found

    def _writable_chat(self, params: JSONDict) -> FakeChat:
        chat = self._chat_of(params)
        if chat.user is not None and chat.user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.bot_status in ("left", "kicked"):
            what = "supergroup chat" if chat.type == "supergroup" else "group chat"
            verb = "was kicked from" if chat.bot_status == "kicked" else "is not a member of"
            raise ApiError(403, f"Forbidden: bot {verb} the {what}")
        return chat

    def _parse_markup(self, value: Any) -> _Markup:
        if value is None:
            return _Markup()
        if not isinstance(value, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in value:
            rows = value["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse inline keyboard button: InlineKeyboardButton expected")
            parsed: list[list[Button]] = []
            for row in rows:
                buttons: list[Button] = []
                for raw in row:
                    buttons.append(self._parse_inline_button(raw))
                parsed.append(buttons)
            return _Markup(inline=parsed, message_field={"inline_keyboard": rows})
        if "keyboard" in value:
            rows = value["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("can't parse reply keyboard markup JSON object")
            texts = [[self._keyboard_button_text(b) for b in row] for row in rows]
            if not any(texts):
                raise _bad("keyboard must be non-empty")
            return _Markup(reply=texts, one_time=bool(value.get("one_time_keyboard")))
        if value.get("remove_keyboard"):
            return _Markup(remove=True)
        if value.get("force_reply"):
            return _Markup()
        raise _bad("can't parse reply keyboard markup JSON object")

    @staticmethod
    def _keyboard_button_text(raw: Any) -> str:
        if isinstance(raw, str):
            return raw
        if isinstance(raw, dict) and isinstance(raw.get("text"), str):
            return str(raw["text"])
        raise _bad('can\'t parse keyboard button: Field "text" must be of type String')

    @staticmethod
    def _parse_inline_button(raw: Any) -> Button:
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise _bad('can\'t parse inline keyboard button: Field "text" must be of type String')
        kinds = [k for k in _INLINE_BUTTON_KINDS if k in raw]
        if not kinds:
            raise _bad(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline "
                "keyboard"
            )
        data = raw.get("callback_data")
        if "callback_data" in raw and (
            not isinstance(data, str) or not 1 <= len(data.encode()) <= 64
        ):
            raise _bad("BUTTON_DATA_INVALID")
        url = raw.get("url")
        if "url" in raw and (
            not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url, re.IGNORECASE)
        ):
            raise _bad("BUTTON_URL_INVALID")
        return Button(
            text=raw["text"],
            callback_data=data if isinstance(data, str) else None,
            url=url if isinstance(url, str) else None,
            raw=raw,
        )

    def _apply_keyboard(self, chat: FakeChat, markup: _Markup) -> None:
        if markup.reply is not None:
            chat.reply_keyboard = markup.reply
            chat.reply_keyboard_one_time = markup.one_time
        elif markup.remove:
            chat.reply_keyboard = None
            chat.reply_keyboard_one_time = False

    def _reply_to(self, chat: FakeChat, params: JSONDict) -> JSONDict | None:
        reply = params.get("reply_parameters")
        message_id: Any = None
        allow_missing = bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            message_id = reply.get("message_id")
            allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
        elif "reply_to_message_id" in params:
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        original = (
            self._messages.get((chat.id, message_id)) if isinstance(message_id, int) else None
        )
        if original is None or (chat.id, message_id) in self._deleted:
            if allow_missing:
                return None
            raise _bad("message to be replied not found")
        return {k: v for k, v in original.items() if k != "reply_to_message"}

    def _text_of(self, params: JSONDict, key: str, *, required: bool) -> tuple[str, list[JSONDict]]:
        raw = params.get(key)
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raw = str(raw)
        entities_key = "entities" if key == "text" else "caption_entities"
        text, entities = _format_text(raw, params.get("parse_mode"), params.get(entities_key))
        if key == "text":
            if required and not text:
                raise _bad("message text is empty")
            # Telegram counts the limits in UTF-16 code units: an emoji counts twice.
            if _u16(text) > 4096:
                raise _bad("message is too long")
        elif _u16(text) > 1024:
            raise _bad("message caption is too long")
        return text, entities

    def _bot_message(
        self, chat: FakeChat, params: JSONDict, content: JSONDict, markup: _Markup
    ) -> JSONDict:
        message: JSONDict = {
            "message_id": chat.next_message_id(),
            "from": self.bot_user(),
            "chat": chat.to_dict(),
            "date": int(time.time()),
        }
        reply = self._reply_to(chat, params)
        if reply is not None:
            message["reply_to_message"] = reply
        message.update(content)
        if markup.message_field is not None:
            message["reply_markup"] = markup.message_field
        self._messages[(chat.id, message["message_id"])] = message
        return message

    def _record(
        self, method: str, chat: FakeChat, message: JSONDict, params: JSONDict, markup: _Markup
    ) -> SentMessage:
        photo = message.get("photo")
        location = message.get("location")
        document = message.get("document")
        voice = message.get("voice")
        video = message.get("video")
        reply = message.get("reply_to_message")
        parse_mode = params.get("parse_mode")
        sent = SentMessage(
            chat_id=chat.id,
            message_id=message["message_id"],
            method=method,
            text=message.get("text"),
            caption=message.get("caption"),
            inline_keyboard=markup.inline,
            reply_keyboard=markup.reply,
            remove_keyboard=markup.remove,
            photo=photo[-1]["file_id"] if isinstance(photo, list) and photo else None,
            location=(float(location["latitude"]), float(location["longitude"]))
            if isinstance(location, dict)
            else None,
            media_group_id=message.get("media_group_id"),
            parse_mode=parse_mode if isinstance(parse_mode, str) else None,
            raw_params=params,
            document=document["file_id"] if isinstance(document, dict) else None,
            voice=voice["file_id"] if isinstance(voice, dict) else None,
            video=video["file_id"] if isinstance(video, dict) else None,
            file_name=document.get("file_name") if isinstance(document, dict) else None,
            reply_to=reply["message_id"] if isinstance(reply, dict) else None,
            message_json=message,
        )
        self._apply_keyboard(chat, markup)
        self.sent.append(sent)
        self._by_chat.setdefault(chat.id, []).append(sent)
        self._sent_index[(chat.id, sent.message_id)] = sent
        self._sent_signal.fire()
        self._notify("sent", sent)
        return sent

    def _notify(self, event: str, sent: SentMessage) -> None:
        for listener in self.listeners:
            try:
                listener(event, sent)
            except Exception:
                logger.exception("listener failed on %s", event)

    # -- files ---------------------------------------------------------------------------------

    def _store_file(
        self, kind: str, data: bytes, *, mime_type: str | None = None, file_name: str | None = None
    ) -> _StoredFile:
        self._file_counter += 1
        n = self._file_counter
        ext = ""
        if file_name and "." in file_name:
            ext = file_name.rsplit(".", 1)[1]
        elif mime_type:
            ext = (mimetypes.guess_extension(mime_type) or "").lstrip(".")
        if kind == "photo":
            ext = "jpg"
        path = f"{_FILE_FOLDER.get(kind, 'documents')}/file_{n}" + (f".{ext}" if ext else "")
        stored = _StoredFile(
            kind=kind,
            file_id=f"{_FILE_PREFIX.get(kind, 'BQACAgIAAxkBAA')}{n:08X}FaKe",
            file_unique_id=f"AQAD{n:08X}",
            file_path=path,
            data=data,
            mime_type=mime_type or _FILE_DEFAULT_MIME.get(kind, "application/octet-stream"),
            file_name=file_name,
        )
        self._files[stored.file_id] = stored
        self._file_paths[path] = stored
        return stored

    @staticmethod
    def _file_dict(stored: _StoredFile) -> JSONDict:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }

    def _photo_sizes(self, data: bytes, source: _StoredFile | None = None) -> list[JSONDict]:
        width, height = _image_size(data)
        scale = min(1.0, 90 / max(width, height, 1))
        small = self._store_file("photo", data)
        big = source if source is not None and source.kind == "photo" else None
        if big is None:
            big = self._store_file("photo", data)
        return [
            self._file_dict(small)
            | {"width": max(1, round(width * scale)), "height": max(1, round(height * scale))},
            self._file_dict(big) | {"width": width, "height": height},
        ]

    def _input_file(
        self, name: str, value: Any, files: dict[str, _Upload], kind: str
    ) -> _StoredFile:
        upload: _Upload | None = None
        if value is None and name in files:
            upload = files[name]
        elif isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                raise _bad("wrong file identifier/HTTP URL specified")
        if upload is not None:
            if not upload.data:
                raise _bad("file must be non-empty")
            mime = upload.content_type
            if not mime or mime == "application/octet-stream":
                guessed = mimetypes.guess_type(upload.filename or "")[0]
                mime = guessed or _FILE_DEFAULT_MIME.get(kind)
            return self._store_file(kind, upload.data, mime_type=mime, file_name=upload.filename)
        if value is None:
            raise _bad(f"there is no {kind} in the request")
        if isinstance(value, str) and value in self._files:
            stored = self._files[value]
            if (stored.kind == "photo") != (kind == "photo"):
                raise _bad(f"can't use file of type {stored.kind.title()} as {kind.title()}")
            return stored
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            # No network: a URL becomes an empty placeholder file.
            tail = value.rstrip("/").rsplit("/", 1)[-1] or None
            return self._store_file(kind, b"", file_name=tail)
        raise _bad("wrong file identifier/HTTP URL specified")

    # -- methods: bot and updates ---------------------------------------------------------------

    async def _ok(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return True

    async def _get_me(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return self.bot_user() | {
            "can_join_groups": True,
            "can_read_all_group_messages": not self.group_privacy,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _allowed(self, update: JSONDict, allowed: list[str] | None) -> bool:
        kind = _update_type(update)
        if allowed:
            return kind in allowed
        return kind not in _NOT_DEFAULT_UPDATES

    def _deliverable(self, limit: int, allowed: list[str] | None) -> list[JSONDict]:
        batch: list[JSONDict] = []
        dropped: list[JSONDict] = []
        for update in self._queue:
            if len(batch) >= limit:
                break
            if self._allowed(update, allowed):
                batch.append(update)
            else:
                dropped.append(update)
        for update in dropped:
            self._queue.remove(update)
        return batch

    async def _get_updates(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        if self._webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = params.get("limit", 100)
        limit = min(100, max(1, limit)) if isinstance(limit, int) else 100
        timeout = params.get("timeout", 0)
        timeout = max(0.0, float(timeout)) if isinstance(timeout, int | float) else 0.0
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed] or None
        if isinstance(offset, int) and not isinstance(offset, bool):
            if offset < 0:
                while len(self._queue) > -offset:
                    self._queue.popleft()
            else:
                # Confirmed updates are forgotten for good, as on Telegram.
                while self._queue and self._queue[0]["update_id"] < offset:
                    self._queue.popleft()
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            batch = self._deliverable(limit, self._allowed_updates)
            if batch:
                self._touch()
                return batch
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                return []
            await self._updates_signal.wait(remaining)
            if self._webhook_url:
                raise ApiError(409, "Conflict: terminated by setWebhook request")
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )

    async def _set_webhook(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise _bad("bad webhook: Webhook URL must be a string")
        secret = params.get("secret_token")
        if secret is not None and (
            not isinstance(secret, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret)
        ):
            raise _bad("secret token contains unallowed characters")
        if url and not url.startswith(("http://", "https://")):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._queue.clear()
        await self._stop_webhook_worker()
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._webhook_allowed = [str(a) for a in allowed] or None
        max_connections = params.get("max_connections")
        if isinstance(max_connections, int):
            self._webhook_max_connections = max_connections
        self._webhook_url = url or None
        self._webhook_secret = secret if isinstance(secret, str) else None
        self._webhook_last_error = None
        if self._webhook_url:
            self._webhook_session = ClientSession(timeout=ClientTimeout(total=self.webhook_timeout))
            self._webhook_task = asyncio.create_task(self._webhook_loop())
        # Wake a long poll so it notices the webhook took over.
        self._updates_signal.fire()
        return True

    async def _delete_webhook(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        await self._stop_webhook_worker()
        self._webhook_url = None
        self._webhook_secret = None
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _get_webhook_info(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        info: JSONDict = {
            "url": self._webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook_url:
            info["max_connections"] = self._webhook_max_connections
            if self._webhook_allowed:
                info["allowed_updates"] = self._webhook_allowed
            if self._webhook_last_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        session, self._webhook_session = self._webhook_session, None
        if session is not None:
            await session.close()

    async def _webhook_loop(self) -> None:
        session = self._webhook_session
        url = self._webhook_url
        if session is None or url is None:
            return
        headers = {"Content-Type": "application/json"}
        if self._webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._webhook_secret
        failures = 0
        while not self._closing:
            batch = self._deliverable(1, self._webhook_allowed)
            if not batch:
                await self._updates_signal.wait(None)
                continue
            update = batch[0]
            status: int | None
            error: str
            try:
                async with session.post(url, data=json.dumps(update), headers=headers) as resp:
                    status = resp.status
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                    await resp.read()
            except (ClientError, TimeoutError, OSError) as exc:
                status = None
                error = f"Connection failed: {exc.__class__.__name__}"
            self.webhook_attempts.append((update["update_id"], status))
            self._changed_signal.fire()
            if status is not None and 200 <= status < 300:
                failures = 0
                if self._queue and self._queue[0] is update:
                    self._queue.popleft()
                self._touch()
                continue
            failures += 1
            self._webhook_last_error = (int(time.time()), error)
            logger.info("webhook delivery of %s failed: %s", update["update_id"], error)
            if failures >= self.webhook_max_attempts:
                failures = 0
                if self._queue and self._queue[0] is update:
                    self._queue.popleft()
            await asyncio.sleep(self.webhook_retry_delay)

    # -- methods: commands and menu --------------------------------------------------------------

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        """Scope and language: ("default", "en"); a chat's own scope is "chat:<chat id>"."""
        scope = params.get("scope")
        scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
        language = params.get("language_code") or ""
        if not isinstance(language, str) or (language and not re.fullmatch(r"[a-z]{2}", language)):
            raise _bad("invalid language code specified")
        if scope_type == "chat":
            assert isinstance(scope, dict)
            chat_id = scope.get("chat_id")
            if not isinstance(chat_id, int | str) or str(chat_id).lstrip("-") == "":
                raise _bad("chat_id is empty")
            return f"chat:{chat_id}", language
        return str(scope_type), language

    def menu_seen_by(self, user: FakeUser, chat: FakeChat | None = None) -> list[tuple[str, str]]:
        """Return the command menu `user`'s app shows in a chat, as Telegram picks it.

        The first list set of: the chat's own (with the app's language, then without), then
        all private or all group chats, then the default, each with the app's language
        first (core.telegram.org/bots/api#determining-list-of-commands; per-member and
        administrator scopes are not modelled).
        """
        target = chat or user.chat
        language = (user.language_code or "").split("-")[0]
        broad = "all_private_chats" if target.type == "private" else "all_group_chats"
        for scope in (f"chat:{target.id}", broad, "default"):
            for code in dict.fromkeys((language, "")):
                found = self.commands.get((scope, code))
                if found:
                    return found
        return []

    async def _set_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        raw = params.get("commands")
        if not isinstance(raw, list):
            raise _bad("can't parse commands JSON object")
        if len(raw) > 100:
            raise _bad("too many commands")
        parsed: list[tuple[str, str]] = []
        for item in raw:
            command = item.get("command") if isinstance(item, dict) else None
            description = item.get("description") if isinstance(item, dict) else None
            if not isinstance(command, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", command):
                raise _bad("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise _bad("command description must be non-empty")
            parsed.append((command, description))
        key = self._commands_key(params)
        if parsed:
            self.commands[key] = parsed
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        found = self.commands.get(self._commands_key(params), [])
        return [{"command": c, "description": d} for c, d in found]

    async def _delete_my_commands(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _set_chat_menu_button(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        button = params.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise _bad("can't parse menu button JSON object")
        chat_id = params.get("chat_id")
        if chat_id is not None:
            self._chat_of(params).menu_button = button
        self.menu_buttons[chat_id if isinstance(chat_id, int) else None] = button
        return True

    async def _get_chat_menu_button(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat_id = params.get("chat_id")
        key = chat_id if isinstance(chat_id, int) else None
        return self.menu_buttons.get(key) or self.menu_buttons.get(None) or {"type": "default"}

    # -- methods: sending ----------------------------------------------------------------------

    async def _send_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        text, entities = self._text_of(params, "text", required=True)
        markup = self._parse_markup(params.get("reply_markup"))
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        message = self._bot_message(chat, params, content, markup)
        self._record("sendMessage", chat, message, params, markup)
        return message

    def _caption_content(self, params: JSONDict) -> JSONDict:
        caption, entities = self._text_of(params, "caption", required=False)
        content: JSONDict = {}
        if caption:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return content

    async def _send_photo(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        content = self._caption_content(params)
        markup = self._parse_markup(params.get("reply_markup"))
        stored = self._input_file("photo", params.get("photo"), files, "photo")
        content["photo"] = self._photo_sizes(stored.data, stored)
        message = self._bot_message(chat, params, content, markup)
        self._record("sendPhoto", chat, message, params, markup)
        return message

    async def _send_file(
        self, kind: str, method: str, params: JSONDict, files: dict[str, _Upload]
    ) -> Any:
        chat = self._writable_chat(params)
        content = self._caption_content(params) if kind != "sticker" else {}
        markup = self._parse_markup(params.get("reply_markup"))
        stored = self._input_file(kind, params.get(kind), files, kind)
        content[kind] = self._media_dict(kind, stored, params)
        if kind == "animation":
            content["document"] = self._media_dict("document", stored, params)
        message = self._bot_message(chat, params, content, markup)
        self._record(method, chat, message, params, markup)
        return message

    def _media_dict(self, kind: str, stored: _StoredFile, params: JSONDict) -> JSONDict:
        data = self._file_dict(stored) | {"mime_type": stored.mime_type}
        duration = params.get("duration")
        seconds = duration if isinstance(duration, int) else 1
        if kind in ("document", "audio", "animation", "video") and stored.file_name:
            data["file_name"] = stored.file_name
        if kind in ("voice", "audio"):
            data["duration"] = seconds
        if kind in ("video", "animation"):
            data |= {
                "width": params.get("width", 640),
                "height": params.get("height", 360),
                "duration": seconds,
            }
        if kind == "sticker":
            data |= {
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
            if isinstance(params.get("emoji"), str):
                data["emoji"] = params["emoji"]
        return data

    async def _send_document(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("document", "sendDocument", params, files)

    async def _send_voice(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("voice", "sendVoice", params, files)

    async def _send_video(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("video", "sendVideo", params, files)

    async def _send_audio(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("audio", "sendAudio", params, files)

    async def _send_animation(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("animation", "sendAnimation", params, files)

    async def _send_sticker(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        return await self._send_file("sticker", "sendSticker", params, files)

    async def _send_media_group(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        media = params.get("media")
        if not isinstance(media, list) or not all(isinstance(m, dict) for m in media):
            raise _bad("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise _bad("wrong number of media items specified (must be 2-10)")
        kinds = {m.get("type") for m in media}
        if not kinds <= {"photo", "video", "document", "audio"}:
            raise _bad("unsupported media type in the media group")
        if len(kinds) > 1 and kinds & {"document", "audio"}:
            raise _bad(
                f"{sorted(kinds & {'document', 'audio'})[0]} can't be mixed with other media types"
            )
        # Validate every item before sending any: Telegram sends the album whole or not at all.
        prepared: list[tuple[JSONDict, JSONDict]] = []
        for item in media:
            kind = str(item.get("type"))
            item_params = {
                "caption": item.get("caption"),
                "parse_mode": item.get("parse_mode"),
                "caption_entities": item.get("caption_entities"),
            }
            content = self._caption_content(item_params)
            stored = self._input_file("media", item.get("media"), files, kind)
            if kind == "photo":
                content["photo"] = self._photo_sizes(stored.data, stored)
            else:
                content[kind] = self._media_dict(kind, stored, item)
            prepared.append((item, content))
        self._media_group_counter += 1
        group_id = str(13_000_000_000_000_000 + self._media_group_counter)
        messages: list[JSONDict] = []
        for item, content in prepared:
            content["media_group_id"] = group_id
            message = self._bot_message(chat, params, content, _Markup())
            record_params = dict(params) | {"media_item": item}
            if isinstance(item.get("parse_mode"), str):
                record_params["parse_mode"] = item["parse_mode"]
            if item.get("caption") is not None:
                record_params["caption"] = item["caption"]
            self._record("sendMediaGroup", chat, message, record_params, _Markup())
            messages.append(message)
        return messages

    async def _send_location(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        lat, lon = params.get("latitude"), params.get("longitude")
        if not isinstance(lat, int | float) or not isinstance(lon, int | float):
            raise _bad("wrong latitude or longitude specified")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise _bad("wrong latitude or longitude specified")
        markup = self._parse_markup(params.get("reply_markup"))
        content = {"location": {"latitude": float(lat), "longitude": float(lon)}}
        message = self._bot_message(chat, params, content, markup)
        self._record("sendLocation", chat, message, params, markup)
        return message

    async def _send_chat_action(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad("wrong parameter action in request")
        self.chat_actions.append((chat.id, str(action)))
        return True

    def _source_message(self, params: JSONDict) -> JSONDict:
        source_chat = self._chat_of(params, "from_chat_id")
        message_id = params.get("message_id")
        key = (source_chat.id, message_id) if isinstance(message_id, int) else None
        if key is None or key not in self._messages or key in self._deleted:
            raise _bad("message to copy not found")
        return self._messages[key]

    _COPIED = (
        "text",
        "entities",
        "caption",
        "caption_entities",
        "photo",
        "document",
        "voice",
        "video",
        "audio",
        "animation",
        "sticker",
        "location",
        "contact",
        "poll",
    )

    async def _copy_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        source = self._source_message(params)
        content = {k: source[k] for k in self._COPIED if k in source}
        if "caption" in params:
            content.update(self._caption_content(params))
        markup = self._parse_markup(params.get("reply_markup"))
        message = self._bot_message(chat, params, content, markup)
        self._record("copyMessage", chat, message, params, markup)
        return {"message_id": message["message_id"]}

    async def _forward_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        source = self._source_message(params)
        content = {k: source[k] for k in self._COPIED if k in source}
        content["forward_origin"] = {
            "type": "user",
            "date": source["date"],
            "sender_user": source.get("from", self.bot_user()),
        }
        message = self._bot_message(chat, params, content, _Markup())
        self._record("forwardMessage", chat, message, params, _Markup())
        return message

    # -- methods: editing and deleting ---------------------------------------------------------

    def _editable(self, params: JSONDict) -> SentMessage:
        if params.get("inline_message_id") is not None:
            raise _bad("MESSAGE_ID_INVALID")
        chat = self._writable_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise _bad("message identifier is not specified")
        key = (chat.id, message_id)
        sent = self._sent_index.get(key)
        if sent is None or sent.deleted:
            if key in self._messages and key not in self._deleted:
                raise _bad("message can't be edited")
            raise _bad("message to edit not found")
        return sent

    def _edit_markup(self, params: JSONDict) -> _Markup:
        markup = self._parse_markup(params.get("reply_markup"))
        if markup.reply is not None or markup.remove:
            raise _bad("inline keyboard expected")
        return markup

    def _apply_edit(
        self, method: str, sent: SentMessage, params: JSONDict, changes: JSONDict, markup: _Markup
    ) -> JSONDict:
        message = sent.message_json
        current_markup = message.get("reply_markup")
        # Absent keys (None) mean "remove"; unchanged only if they were already absent too.
        unchanged = (
            all(
                (k not in message) if v is None else (message.get(k) == v)
                for k, v in changes.items()
            )
            and current_markup == markup.message_field
        )
        if unchanged:
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        if markup.message_field is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup.message_field
        message["edit_date"] = int(time.time())
        sent.inline_keyboard = markup.inline
        if "text" in changes:
            sent.text = message.get("text")
        if "caption" in changes:
            sent.caption = message.get("caption")
        if "parse_mode" in params:
            parse_mode = params.get("parse_mode")
            sent.parse_mode = parse_mode if isinstance(parse_mode, str) else None
        sent.edits.append({"method": method, **params})
        self._sent_signal.fire()
        self._notify("edited", sent)
        return message

    async def _edit_message_text(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        sent = self._editable(params)
        if "text" not in sent.message_json:
            raise _bad("there is no text in the message to edit")
        text, entities = self._text_of(params, "text", required=True)
        markup = self._edit_markup(params)
        changes: JSONDict = {"text": text, "entities": entities or None}
        return self._apply_edit("editMessageText", sent, params, changes, markup)

    async def _edit_message_caption(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        sent = self._editable(params)
        if "text" in sent.message_json or "location" in sent.message_json:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._text_of(params, "caption", required=False)
        markup = self._edit_markup(params)
        changes: JSONDict = {"caption": caption or None, "caption_entities": entities or None}
        return self._apply_edit("editMessageCaption", sent, params, changes, markup)

    async def _edit_message_reply_markup(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        sent = self._editable(params)
        markup = self._edit_markup(params)
        return self._apply_edit("editMessageReplyMarkup", sent, params, {}, markup)

    def _delete_one(self, chat: FakeChat, message_id: Any) -> bool:
        key = (chat.id, message_id)
        if not isinstance(message_id, int) or key not in self._messages or key in self._deleted:
            return False
        self._deleted.add(key)
        sent = self._sent_index.get(key)
        if sent is not None:
            sent.deleted = True
            self._sent_signal.fire()
            self._notify("deleted", sent)
        return True

    async def _delete_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        if not self._delete_one(chat, params.get("message_id")):
            raise _bad("message to delete not found")
        return True

    async def _delete_messages(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise _bad("message identifiers are not specified")
        for message_id in ids:
            self._delete_one(chat, message_id)
        return True

    async def _pin_chat_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        message_id = params.get("message_id")
        if not isinstance(message_id, int) or (chat.id, message_id) not in self._messages:
            raise _bad("message to pin not found")
        chat.pinned = message_id
        return True

    async def _unpin_chat_message(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._writable_chat(params)
        chat.pinned = None
        return True

    async def _answer_callback_query(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        query_id = params.get("callback_query_id")
        if not isinstance(query_id, str) or self._callbacks.get(query_id) is not False:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        self._callbacks[query_id] = True
        self.callback_answers[query_id] = (
            text if isinstance(text, str) else None,
            bool(params.get("show_alert")),
        )
        return True

    # -- methods: files and chats --------------------------------------------------------------

    async def _get_file(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        file_id = params.get("file_id")
        stored = self._files.get(file_id) if isinstance(file_id, str) else None
        if stored is None:
            raise _bad("invalid file_id")
        return self._file_dict(stored) | {"file_path": stored.file_path}

    async def _get_chat(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._chat_of(params)
        info = chat.to_dict() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.pinned is not None and (chat.id, chat.pinned) in self._messages:
            info["pinned_message"] = self._messages[(chat.id, chat.pinned)]
        return info

    def _member(self, chat: FakeChat, user: JSONDict, status: str) -> JSONDict:
        data: JSONDict = {"status": status, "user": user}
        if status == "creator":
            data["is_anonymous"] = False
        elif status == "administrator":
            data |= dict.fromkeys(_ADMIN_RIGHTS, True)
            data |= {"can_be_edited": False, "is_anonymous": False, "can_promote_members": False}
        elif status == "restricted":
            data |= dict.fromkeys(_MEMBER_PERMISSIONS, False)
            data |= {"is_member": True, "until_date": 0}
        elif status == "kicked":
            data["until_date"] = 0
        return data

    async def _get_chat_member(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._chat_of(params)
        user_id = params.get("user_id")
        if user_id == self.bot_id:
            return self._member(chat, self.bot_user(), chat.bot_status)
        user = self._users.get(user_id) if isinstance(user_id, int) else None
        if user is None:
            raise _bad("user not found")
        if chat.type == "private":
            status = "member" if user.id == chat.id else "left"
        else:
            status = chat.member_status.get(user.id, "member")
        return self._member(chat, user.to_dict(), status)

    async def _get_chat_administrators(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._chat_of(params)
        if chat.type == "private":
            raise _bad("there are no administrators in the private chat")
        admins = []
        if chat.bot_status in ("administrator", "creator"):
            admins.append(self._member(chat, self.bot_user(), chat.bot_status))
        for user_id, status in chat.member_status.items():
            if status in ("administrator", "creator") and user_id in self._users:
                admins.append(self._member(chat, self._users[user_id].to_dict(), status))
        return admins

    async def _get_chat_member_count(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._chat_of(params)
        if chat.type == "private":
            return 2
        senders = {
            m.get("from", {}).get("id") for (cid, _), m in self._messages.items() if cid == chat.id
        }
        senders.discard(self.bot_id)
        return len(senders) + 1

    async def _leave_chat(self, params: JSONDict, files: dict[str, _Upload]) -> Any:
        chat = self._chat_of(params)
        if chat.type == "private":
            raise _bad("chat member status can't be changed in private chats")
        chat.bot_status = "left"
        return True

    # -- control endpoints (standalone use) ----------------------------------------------------

    async def _control_user(self, request: web.Request) -> web.StreamResponse:
        body = await request.json() if request.body_exists else {}
        user = self.user(
            str(body.get("first_name", "Lan")),
            last_name=body.get("last_name"),
            username=body.get("username"),
            user_id=body.get("user_id"),
        )
        return self._json(user.to_dict())

    async def _control_text(self, request: web.Request) -> web.StreamResponse:
        user = self._users.get(int(request.match_info["user_id"]))
        if user is None:
            return self._json({"ok": False, "description": "no such user"}, 404)
        body = await request.json()
        return self._json(await user.send_text(str(body["text"])))

    async def _control_update(self, request: web.Request) -> web.StreamResponse:
        return self._json(self.add_raw_update(await request.json()))

    async def _control_sent(self, request: web.Request) -> web.StreamResponse:
        chat_id = request.query.get("chat_id")
        sent = self.sent if chat_id is None else self.messages(int(chat_id))
        return self._json(
            {
                "sent": [
                    {
                        "chat_id": m.chat_id,
                        "message_id": m.message_id,
                        "method": m.method,
                        "text": m.all_text,
                        "buttons": [[b.text for b in row] for row in m.inline_keyboard],
                        "deleted": m.deleted,
                    }
                    for m in sent
                ]
            }
        )


# ---------------------------------------------------------------------------------------------
# Standalone
# ---------------------------------------------------------------------------------------------


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeTelegram(args.token, args.username, flood_limits=args.flood_limits)
    await fake.start(args.host, args.port)
    print(f"base_url={fake.base_url}\nbase_file_url={fake.base_file_url}\ntoken={fake.token}")
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the fake server until interrupted."""
    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--username", default="antt_test_bot")
    parser.add_argument("--flood-limits", action="store_true")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
