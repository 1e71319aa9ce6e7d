"""The calendar from chat: admin commands, /caidat, /khongnhan and reminder buttons."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.calendar import CalendarService
from bot.services.context import Speaker
from bot.tg.context import BotContext
from handlers.common import action, telegram_handlers
from handlers.routes import Route

CalendarCall = Callable[[CalendarService, Inbound, Speaker], Awaitable[None]]

#: (commands, the CalendarService method they call); Vietnamese and English names.
COMMANDS: list[tuple[list[str], CalendarCall]] = [
    (["lich", "calendar"], CalendarService.show),
    (["themhan", "adddeadline"], CalendarService.add_deadline),
    (["suahan", "editdeadline"], CalendarService.edit_deadline),
    (["xoahan", "removedeadline"], CalendarService.remove_deadline),
    (["themdot", "addphase"], CalendarService.add_phase),
    (["suadot", "editphase"], CalendarService.edit_phase),
    (["xoadot", "removephase"], CalendarService.remove_phase),
]


def _call(method: CalendarCall) -> Callable[[Services, Inbound, Speaker], Awaitable[str | None]]:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await method(services.calendar, inbound, speaker)
        return None

    return run


async def settings(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Shows or changes the person's settings, then re-asks any open question."""
    if not await services.settings.show(inbound, speaker):
        await services.conversations.after_interruption(inbound, speaker)
    return None


async def settings_pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Applies a settings button."""
    return await services.settings.pressed(inbound, speaker)


async def unreachable(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Lists the people our messages can't reach."""
    await services.reach.show(inbound, speaker)
    return None


async def calendar_pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Applies a calendar button (remove / keep)."""
    return await services.calendar.pressed(inbound, speaker)


async def log_deed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Starts a good deed from the button under a reminder."""
    await services.conversations.start(inbound, speaker, "deed")
    return None


ROUTES = [
    *(
        Route(
            tuple(names),
            _call(method),
            menu=("menu.calendar",) if method is CalendarService.show else (),
        )
        for names, method in COMMANDS
    ),
    Route(("caidat", "settings"), settings),
    Route(("khongnhan", "unreachable"), unreachable),
]


def build_calendar_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the calendar and settings handlers (blocking the bot: handlers/membership.py)."""
    return [
        *telegram_handlers(ROUTES),
        CallbackQueryHandler(action(calendar_pressed), pattern=r"^cal:"),
        CallbackQueryHandler(action(settings_pressed), pattern=r"^s:"),
        CallbackQueryHandler(action(log_deed), pattern=r"^r:deed$"),
    ]
