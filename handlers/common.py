"""Turning a Telegram update into a channel-neutral Inbound, and the shared handler wrapper."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.domain import Channel
from bot.messages import Inbound, Location, MediaRef
from bot.services import Services
from bot.services.context import Speaker
from bot.texts import CATALOGUES
from bot.tg.context import BotContext
from handlers.routes import Action, Chats, Route, run_action, split_command

log = logging.getLogger(__name__)

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def _media(message: Message) -> MediaRef | None:
    group = message.media_group_id
    if message.photo:
        largest = message.photo[-1]
        return MediaRef(
            kind="photo",
            ref=largest.file_id,
            unique_id=largest.file_unique_id,
            group=group,
            channel=Channel.TELEGRAM,
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
                channel=Channel.TELEGRAM,
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
        "chat_title": chat.title or "",
        "user_id": str(user.id),
        "user_name": user.full_name,
        "user_handle": user.username or "",
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
    command, args = split_command(message.text or "")
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
    """Wrap a service call for Telegram: parse, run it as every channel does, answer buttons."""

    @functools.wraps(fn)
    async def handle(update: Update, ctx: BotContext) -> None:
        inbound = to_inbound(update)
        if inbound is None:
            return
        toast = await run_action(ctx.services, inbound, fn, registered=registered)
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


CHAT_FILTERS: dict[Chats, filters.BaseFilter | None] = {
    "private": filters.ChatType.PRIVATE,
    "group": filters.ChatType.GROUPS,
    "any": None,
}


def telegram_handlers(routes: Sequence[Route]) -> list[BaseHandler[Update, BotContext, None]]:
    """Return a CommandHandler per route, and a handler per main-menu button it answers."""
    handlers: list[BaseHandler[Update, BotContext, None]] = []
    for route in routes:
        callback = action(route.action, registered=route.registered)
        handlers.append(
            CommandHandler(list(route.commands), callback, filters=CHAT_FILTERS[route.chats])
        )
        handlers += [MessageHandler(menu_filter(key), callback) for key in route.menu]
    return handlers


def flow_entry(flow: str, commands: tuple[str, ...], menu_key: str) -> Route:
    """Return the route that starts a reporting flow: its commands and its menu button."""

    async def begin(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await services.conversations.start(inbound, speaker, flow)
        return None

    begin.__doc__ = f"Starts the {flow} conversation."
    return Route(commands, begin, menu=(menu_key,))
