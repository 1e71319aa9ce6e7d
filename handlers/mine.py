"""A person's own entries: /my, a leader's /team, and follow-ups (/bosung)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import action, telegram_handlers
from handlers.routes import Route


async def show_mine(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Lists the person's recent entries, then re-asks any open question."""
    await services.entries.show_mine(inbound, speaker)
    await services.conversations.after_interruption(inbound, speaker)
    return None


async def show_team(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Lists the leader's team's entries."""
    await services.entries.show_team(inbound, speaker)
    await services.conversations.after_interruption(inbound, speaker)
    return None


async def followup(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Starts a follow-up on the entry whose code was given (or asks which)."""
    await services.conversations.start_followup(
        inbound, speaker, inbound.args[0] if inbound.args else None
    )
    return None


async def pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Handles the buttons under /my: follow up an entry, or show the team's."""
    data = inbound.callback or ""
    if data.startswith("m:add:"):
        await services.conversations.start_followup(inbound, speaker, data.removeprefix("m:add:"))
    elif data == "m:team":
        await services.entries.show_team(inbound, speaker)
    return None


ROUTES = [
    Route(("my", "cuatoi"), show_mine, menu=("menu.my",)),
    Route(("team", "cuato"), show_team),
    Route(("followup", "bosung"), followup),
]


def build_mine_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the handlers for one's own entries, and the buttons under /my."""
    return [
        *telegram_handlers(ROUTES),
        CallbackQueryHandler(action(pressed), pattern=r"^m:"),
    ]
