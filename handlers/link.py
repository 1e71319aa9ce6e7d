"""Linking a second messenger account to the same person: /lienket (/link)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import telegram_handlers
from handlers.routes import Route


async def link(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Gives a registered person a link code, or attaches this account with a typed one."""
    await services.links.command(inbound, speaker)
    await services.conversations.after_interruption(inbound, speaker)
    return None


ROUTES = [Route(("lienket", "link"), link, registered=False)]


def build_link_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /lienket and /link."""
    return telegram_handlers(ROUTES)
