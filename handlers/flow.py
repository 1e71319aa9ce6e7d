"""Answers inside a conversation: button presses, typed replies, media, /cancel."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import action, telegram_handlers
from handlers.routes import Route


async def answer(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Feeds a message or press to the open conversation, or says nothing is open."""
    if speaker.person is None:
        # Someone not yet registered may type the invite code they were given.
        await services.onboarding.typed(inbound, speaker)
        return None
    if inbound.edited:
        await services.conversations.unmatched(inbound, speaker)
        return None
    if not await services.conversations.answer(inbound, speaker):
        if inbound.callback is not None:
            await services.conversations.stale_button(inbound, speaker)
        else:
            await services.conversations.unmatched(inbound, speaker)
    return None


async def stale(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Answers a press on a button we don't know (old, forged or from another chat)."""
    return speaker.texts("flow.button_unknown")


async def cancel(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Drops the open conversation."""
    await services.conversations.cancel(inbound, speaker)
    return None


async def unknown_command(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Explains an unknown command and re-asks any open question."""
    await services.conversations.unknown_command(inbound, speaker)
    return None


ROUTES = [Route(("cancel", "huy"), cancel)]


def build_flow_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /cancel and the catch-all handlers; register them after every command."""
    private = filters.ChatType.PRIVATE
    return [
        *telegram_handlers(ROUTES),
        CallbackQueryHandler(action(answer), pattern=r"^f:"),
        CallbackQueryHandler(action(stale)),
        MessageHandler(private & filters.COMMAND, action(unknown_command)),
        MessageHandler(private & ~filters.COMMAND, action(answer, registered=False)),
    ]
