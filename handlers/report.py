"""Reports and digests: /baocao (/report), /bantin (/digest), /lichbantin (/digestschedule)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import action, telegram_handlers
from handlers.routes import Route


async def report(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Answers /baocao with the report (or asks for the period)."""
    await services.reports.request(inbound, speaker)
    if not inbound.chat_is_group:
        await services.conversations.after_interruption(inbound, speaker)
    return None


async def pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Handles a period button under /baocao."""
    return await services.reports.pressed(inbound, speaker)


async def digest_now(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Sends the commune's digest now, into the chat that asked."""
    await services.digests.send_now(inbound, speaker)
    return None


async def schedule(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Shows or changes a commune's digest schedule (admins)."""
    await services.digests.set_schedule(inbound, speaker)
    return None


ROUTES = [
    Route(("baocao", "report"), report, menu=("menu.report",), chats="any"),
    Route(("bantin", "digest"), digest_now, chats="any"),
    Route(("lichbantin", "digestschedule"), schedule, chats="any"),
]


def build_report_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the report and digest handlers (private chats and police groups)."""
    return [
        *telegram_handlers(ROUTES),
        CallbackQueryHandler(action(pressed), pattern=r"^r:"),
    ]
