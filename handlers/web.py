"""The web workspace from the chat: /web gives a one-time sign-in link, /web thoat signs out."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import telegram_handlers
from handlers.routes import Route


async def web(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Gives police, leaders and admins a sign-in link, or ends their browser sessions."""
    await services.web_auth.command(inbound, speaker)
    if not inbound.chat_is_group:
        await services.conversations.after_interruption(inbound, speaker)
    return None


#: In a group it answers with the Mini App link (never a sign-in link).
ROUTES = [Route(("web", "trangweb"), web, menu=("menu.web",), chats="any")]


def build_web_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /web and the workspace's menu button."""
    return telegram_handlers(ROUTES)
