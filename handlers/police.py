"""Commune police: alert buttons, /tiepnhan /daxuly /chuyen /nguontin /lichsu, /tinthuong,
direct tips."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import action, flow_entry, telegram_handlers
from handlers.routes import Route

#: (commands, verb): Vietnamese and English names; they work in groups and in private.
COMMANDS: list[tuple[list[str], str]] = [
    (["tiepnhan", "take"], "take"),
    (["daxuly", "handled"], "handled"),
    (["chuyen", "forward"], "forward"),
    (["nguontin", "source"], "source"),
    (["lichsu", "history"], "history"),
]


async def pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Handles a press on an alert's button; anyone not allowed gets a toast."""
    return await services.police.pressed(inbound, speaker)


def _command(verb: str) -> Callable[[Services, Inbound, Speaker], Awaitable[str | None]]:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        if speaker.person is None:
            # In a group anyone can type; only the bot's own people get an answer there.
            if not inbound.chat_is_group:
                await services.onboarding.explain(inbound, speaker.texts)
            return None
        await services.police.command(inbound, speaker, verb)
        if not inbound.chat_is_group:
            await services.conversations.after_interruption(inbound, speaker)
        return None

    return run


async def routine(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Shows or changes how a commune's routine entries reach its police (/tinthuong)."""
    await services.police.routine_command(inbound, speaker)
    if not inbound.chat_is_group:
        await services.conversations.after_interruption(inbound, speaker)
    return None


ROUTES = [
    Route(("tinthuong", "routine"), routine, chats="any"),
    *(
        Route(tuple(names), _command(verb), registered=False, chats="any")
        for names, verb in COMMANDS
    ),
    flow_entry("direct_tip", ("tintructiep", "directtip"), "menu.direct_tip"),
]


def build_police_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the police handlers: alert buttons, typed actions, the direct tip."""
    return [
        # Unregistered people pressing in a group get the "not allowed" toast too.
        CallbackQueryHandler(action(pressed, registered=False), pattern=r"^p:"),
        *telegram_handlers(ROUTES),
    ]
