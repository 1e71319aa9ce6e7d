"""First contact: /start (with an invite code from a deep link), /help, /id, typed codes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import telegram_handlers
from handlers.routes import Route


async def start(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Joins with the code from the deep link, or greets, or explains how to join."""
    if not await services.onboarding.start(inbound, speaker):
        await services.conversations.after_interruption(inbound, speaker)
    return None


async def help_(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Shows what the person can do, then re-asks any open question."""
    await services.conversations.help(inbound, speaker)
    await services.conversations.after_interruption(inbound, speaker)
    return None


async def whoami(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Tells the person their own account id, for the `admins` setting."""
    await services.onboarding.tell_id(inbound, speaker)
    return None


ROUTES = [
    Route(("start",), start, registered=False),
    Route(("id",), whoami, registered=False),
    Route(("help", "trogiup"), help_, menu=("menu.help",)),
]


def build_start_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /start, /help, /id and the "❓ Trợ giúp" button."""
    return telegram_handlers(ROUTES)
