"""Turning a Telegram update into a channel-neutral Inbound, and the shared handler wrapper."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.domain import Channel
from bot.messages import Inbound, Location, MediaRef
from bot.services import Services
from bot.services.context import Speaker, identify
from bot.texts import CATALOGUES
from bot.tg.context import BotContext

log = logging.getLogger(__name__)

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
#: A handler's body; may return a short text for the button-press toast.
Action = Callable[[Services, Inbound, Speaker], Awaitable[str | None]]


def _media(message: Message) -> MediaRef | None:
    group = message.media_group_id
    if message.photo:
        largest = message.photo[-1]
        return MediaRef(
            kind="photo", ref=largest.file_id, unique_id=largest.file_unique_id, group=group
        )
    for kind, item in (
        ("voice", message.voice),
        ("video", message.video or message.video_note),
        ("document", message.document or message.audio),
        ("sticker", message.sticker),
        ("animation", message.animation),
    ):
        if item is not None:
            return MediaRef(
                kind=kind,
                ref=item.file_id,
                unique_id=item.file_unique_id,
                group=group,
            )
    if message.contact or message.poll or message.dice or message.venue or message.game:
        return MediaRef(kind="other", ref="")
    return None


def to_inbound(update: Update) -> Inbound | None:
    """Parse an update into an Inbound; None for updates that carry nothing for us."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    base = {
        "key": f"tg:{update.update_id}",
        "channel": Channel.TELEGRAM,
        "chat_id": str(chat.id),
        "chat_is_group": chat.type != chat.PRIVATE,
        "user_id": str(user.id),
        "user_name": user.full_name,
        "language": user.language_code,
    }
    query = update.callback_query
    if query is not None:
        message = query.message
        text = message.text if isinstance(message, Message) else None
        return Inbound(
            **base,
            callback=query.data or "",
            callback_id=query.id,
            message_id=str(message.message_id) if message else None,
            message_text=text,
        )
    message = update.message or update.edited_message
    if message is None:
        return None
    text = message.text if message.text is not None else message.caption
    command: str | None = None
    args: list[str] = []
    if message.text and message.text.startswith("/"):
        head, *args = message.text.split()
        command = head[1:].split("@", 1)[0].lower()
    location = None
    if message.location is not None:
        location = Location(lat=message.location.latitude, lon=message.location.longitude)
    return Inbound(
        **base,
        message_id=str(message.message_id),
        text=text,
        command=command,
        args=args,
        location=location,
        media=_media(message),
        edited=update.edited_message is not None,
    )


def action(fn: Action, *, registered: bool = True) -> Handler:
    """Wrap a service call: parse, identify, gate unregistered people, answer buttons."""

    @functools.wraps(fn)
    async def handle(update: Update, ctx: BotContext) -> None:
        inbound = to_inbound(update)
        if inbound is None:
            return
        services = ctx.services
        speaker = await identify(services.env, inbound)
        if registered and speaker.person is None:
            if not inbound.chat_is_group:
                await services.onboarding.explain(inbound, speaker.texts)
            if update.callback_query is not None:
                await update.callback_query.answer()
            return
        toast = await fn(services, inbound, speaker)
        services.kick()
        if update.callback_query is not None:
            # Stops the phone's spinner; the real answer arrives as a message.
            try:
                await update.callback_query.answer(toast, show_alert=toast is not None)
            except TelegramError as exc:
                log.debug("Could not answer a button press: %s", type(exc).__name__)

    return handle


def menu_filter(key: str) -> filters.BaseFilter:
    """Match a main-menu button's text in every language."""
    return filters.ChatType.PRIVATE & filters.Text([c[key] for c in CATALOGUES.values()])


def flow_entry(
    flow: str, commands: list[str], menu_key: str
) -> list[BaseHandler[Update, BotContext, None]]:
    """Return the handlers that start a reporting flow: its commands and its menu button."""

    async def begin(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await services.conversations.start(inbound, speaker, flow)
        return None

    callback = action(begin)
    return [
        CommandHandler(commands, callback, filters=filters.ChatType.PRIVATE),
        MessageHandler(menu_filter(menu_key), callback),
    ]
