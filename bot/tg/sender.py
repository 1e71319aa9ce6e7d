"""Draws an Outbound with Telegram's means: inline buttons, reply keyboards, albums."""

from __future__ import annotations

import asyncio
import logging
import warnings
from pathlib import Path
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

from bot.delivery import (
    ChatMoved,
    RetryLater,
    TokenRefused,
    Undeliverable,
    shorten,
    split_text,
    utf16_units,
)
from bot.media import LOCAL, local_file
from bot.messages import Attachment, Button, Outbound
from bot.tg.commands import set_chat_menu

log = logging.getLogger(__name__)
# PTB asks that known methods go through their own wrappers; sendMessage goes through the
# raw call on purpose (TelegramSender._send_text).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)

#: Telegram's limits, in UTF-16 code units (an emoji counts two).
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
#: Bad requests that mean the bot can no longer write to the chat at all.
CHAT_GONE = ("chat not found", "not enough rights", "have no rights", "chat_write_forbidden")
NAV_PER_ROW = 3
NAV_ROW_CHARS = 32

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None
JSONDict = dict[str, Any]


def keyboard(message: Outbound) -> JSONDict | None:
    """Return the keyboard for a message as the Bot API's JSON: inline choices win over
    reply keyboards."""
    if message.keyboard == "location":
        # Only a reply keyboard can ask the phone for its location, so navigation goes
        # there too, as typed words the conversation understands.
        nav = [{"text": b.label} for b in message.nav]
        # One-time: the phone folds it away once the location is sent, and the next
        # question needs no message of its own to take it down (nor the main menu back).
        return {
            "keyboard": [[{"text": message.location_label, "request_location": True}], nav],
            "resize_keyboard": True,
            "one_time_keyboard": True,
        }
    if message.choices or message.nav:
        rows: list[list[JSONDict]] = []
        columns = max(1, message.columns)
        row: list[JSONDict] = []
        for number, button in enumerate(message.choices, start=1):
            label = f"{number}. {button.label}" if message.numbered else button.label
            row.append({"text": label, "callback_data": button.data})
            if len(row) == columns:
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        nav_row: list[JSONDict] = []
        width = 0
        for b in message.nav:
            # Short buttons share a row; long ones get their own, so labels stay readable
            # on a small screen.
            if nav_row and (len(nav_row) == NAV_PER_ROW or width + len(b.label) > NAV_ROW_CHARS):
                rows.append(nav_row)
                nav_row, width = [], 0
            nav_row.append(_inline(b))
            width += len(b.label)
        if nav_row:
            rows.append(nav_row)
        return {"inline_keyboard": rows}
    if message.keyboard == "main" and message.menu:
        return {
            "keyboard": [[{"text": label} for label in line] for line in message.menu],
            "resize_keyboard": True,
            "is_persistent": True,
        }
    if message.keyboard in ("remove", "main"):
        return {"remove_keyboard": True}
    return None


def markup(message: Outbound) -> Markup:
    """Return the keyboard as python-telegram-bot's objects (for the calls made through
    PTB's methods: photos, edits)."""
    found = keyboard(message)
    if found is None:
        return None
    if "inline_keyboard" in found:
        return InlineKeyboardMarkup.de_json(found, None)
    if "keyboard" in found:
        return ReplyKeyboardMarkup.de_json(found, None)
    return ReplyKeyboardRemove.de_json(found, None)


def _inline(button: Button) -> JSONDict:
    """Return a navigation button: a press, a link, or a Mini App to open."""
    if button.url and button.web_app:
        return {"text": button.label, "web_app": {"url": button.url}}
    if button.url:
        return {"text": button.label, "url": button.url}
    return {"text": button.label, "callback_data": button.data}


def telegram_calls(message: Outbound) -> int:
    """Return how many Bot API calls delivering a message takes (each counts for flood)."""
    if message.edit_message_id is not None:
        return 2 if message.unpin else 1
    calls = (1 if message.pin else 0) + (0 if message.command_menu is None else 1)
    text = message.text
    if len(message.photos) == 1 and utf16_units(text) <= CAPTION_LIMIT:
        calls, text = 1, ""
    elif message.photos:
        calls = -(-len(message.photos) // 10)
    calls += len(message.attachments)
    if message.location is not None:
        calls += 1
    if text:
        calls += len(split_text(text, TEXT_LIMIT, utf16=True))
    return max(1, calls)


class TelegramSender:
    """Sends Outbounds through a python-telegram-bot Bot."""

    def __init__(self, bot: ExtBot[Any], media_dir: Path | None = None) -> None:
        self.bot = bot
        self.media_dir = media_dir

    def _photo(self, ref: str) -> str | Path | None:
        """A Telegram file id as is; a photo we keep (from Zalo) as the file to upload."""
        if not ref.startswith(LOCAL):
            return ref
        path = local_file(self.media_dir, ref) if self.media_dir else None
        if path is None:
            log.warning("A kept photo is missing from the media folder; sent without it")
        return path

    async def download(self, file_id: str) -> bytes | None:
        """Fetch a file by its Telegram file id (the web workspace shows photos)."""
        try:
            found = await self.bot.get_file(file_id)
            return bytes(await found.download_as_bytearray())
        except (BadRequest, NetworkError, TimedOut) as exc:
            log.warning("Could not fetch a photo from Telegram: %s", type(exc).__name__)
            return None

    async def deliver(self, message: Outbound) -> str | None:
        """Send (or edit) one Outbound; map Telegram's errors to what the outbox does next."""
        try:
            return await self._deliver(message)
        except RetryAfter as exc:
            retry = exc.retry_after
            delay = retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            raise RetryLater(delay, "flood limit") from None
        except ChatMigrated as exc:
            # A group upgraded to a supergroup: the same people, a new chat id.
            raise ChatMoved(str(exc.new_chat_id)) from None
        except InvalidToken:
            raise TokenRefused from None
        except Forbidden:
            # Blocked by the person, or the bot was removed from the group.
            raise Undeliverable("forbidden", unreachable=True) from None
        except BadRequest as exc:
            problem = exc.message.lower()
            if "not modified" in problem:
                return message.edit_message_id
            if any(gone in problem for gone in CHAT_GONE):
                raise Undeliverable("chat gone", unreachable=True) from None
            raise Undeliverable(f"bad request: {exc.message}") from None
        except TimedOut:
            raise RetryLater(2.0, "timed out") from None
        except TelegramError as exc:
            # NetworkError, a 5xx, anything new: the outbox backs off and tries again.
            raise RetryLater(2.0, f"telegram: {type(exc).__name__}") from None

    async def _deliver(self, message: Outbound) -> str | None:
        chat_id = int(message.chat_id)
        if message.edit_message_id is not None:
            # An edit keeps (or changes) inline buttons; anything else drops them.
            keep = markup(message)
            # A long text went out in parts and its last part carries the buttons: that is
            # the message an edit changes, so it gets the same last part.
            edited = await self.bot.edit_message_text(
                split_text(message.text, TEXT_LIMIT, utf16=True)[-1],
                chat_id=chat_id,
                message_id=int(message.edit_message_id),
                reply_markup=keep if isinstance(keep, InlineKeyboardMarkup) else None,
            )
            if message.unpin:
                await self._pin(chat_id, int(message.edit_message_id), pin=False)
            return str(edited.message_id) if isinstance(edited, Message) else None
        if message.command_menu is not None:
            await set_chat_menu(self.bot, chat_id, message.command_menu)
        last: int | None = None
        text = message.text
        quiet = message.silent
        photos = [p for p in map(self._photo, message.photos) if p is not None]
        if len(photos) == 1 and utf16_units(text) <= CAPTION_LIMIT:
            sent = await self.bot.send_photo(
                chat_id,
                photos[0],
                caption=text or None,
                reply_markup=markup(message),
                disable_notification=quiet,
            )
            last, text = sent.message_id, ""
        elif photos:
            for start in range(0, len(photos), 10):
                album = [InputMediaPhoto(ref) for ref in photos[start : start + 10]]
                if len(album) == 1:
                    sent = await self.bot.send_photo(
                        chat_id, album[0].media, disable_notification=quiet
                    )
                    last = sent.message_id
                else:
                    group = await self.bot.send_media_group(
                        chat_id, album, disable_notification=quiet
                    )
                    last = group[-1].message_id if group else last
        for attachment in message.attachments:
            last = (await self._attach(chat_id, attachment, quiet)).message_id
        if message.location is not None:
            sent = await self.bot.send_location(
                chat_id, message.location.lat, message.location.lon, disable_notification=quiet
            )
            last = sent.message_id
        if text:
            chunks = split_text(text, TEXT_LIMIT, utf16=True)
            buttons = keyboard(message)
            for index, chunk in enumerate(chunks):
                final = index == len(chunks) - 1
                last = await self._send_text(chat_id, chunk, buttons if final else None, quiet)
        if message.pin and last is not None and chat_id < 0:
            await self._pin(chat_id, last, pin=True)
        return str(last) if last is not None else None

    async def _send_text(
        self, chat_id: int, text: str, buttons: JSONDict | None, quiet: bool
    ) -> int:
        """sendMessage through PTB's documented raw call (its rate limiter, its errors).

        Most of what the bot sends is this, so it skips PTB's objects: building the
        keyboard's and parsing the returned Message into them took a third of a send's CPU
        (README, Performance).
        """
        arguments: JSONDict = {"chat_id": chat_id, "text": text}
        if buttons is not None:
            arguments["reply_markup"] = buttons
        if quiet:
            arguments["disable_notification"] = True
        try:
            result = await self.bot.do_api_request("sendMessage", api_kwargs=arguments)
        except EndPointNotFound:
            # A raw call reports a refused token as an unknown method.
            raise InvalidToken from None
        if not isinstance(result, dict) or not isinstance(result.get("message_id"), int):
            raise TelegramError("sendMessage answered without a message")
        return int(result["message_id"])

    async def _pin(self, chat_id: int, message_id: int, *, pin: bool) -> None:
        """Pin or unpin a group message; the message itself is already delivered.

        A group where the bot may not pin (not an admin there) still gets its alerts: the
        failure is logged, never retried (a retry would send the alert twice).
        """
        try:
            if pin:
                # The alert itself rang; the pin need not ring again.
                await self.bot.pin_chat_message(chat_id, message_id, disable_notification=True)
            else:
                await self.bot.unpin_chat_message(chat_id, message_id)
        except TelegramError as exc:
            log.info("Could not %s message in a group: %s", "pin" if pin else "unpin", exc)

    async def _attach(self, chat_id: int, attachment: Attachment, quiet: bool = False) -> Message:
        """Send one attachment: a known file id, or a generated file read from disk."""
        content: str | bytes
        if attachment.path is not None:
            try:
                content = await asyncio.to_thread(Path(attachment.path).read_bytes)
            except OSError:
                # The file was cleaned up or never written: retrying cannot help.
                raise Undeliverable("attachment file missing") from None
        elif attachment.ref:
            content = attachment.ref
        else:
            raise Undeliverable("attachment without a file")
        caption = shorten(attachment.caption, CAPTION_LIMIT, utf16=True) or None
        filename = attachment.filename or None
        if attachment.kind == "photo":
            return await self.bot.send_photo(
                chat_id, content, caption=caption, filename=filename, disable_notification=quiet
            )
        if attachment.kind == "voice":
            return await self.bot.send_voice(
                chat_id, content, caption=caption, disable_notification=quiet
            )
        return await self.bot.send_document(
            chat_id, content, caption=caption, filename=filename, disable_notification=quiet
        )
