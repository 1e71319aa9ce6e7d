"""Admin commands: organisation, invites and their approvals, police group link, people."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.services.org import OrgService
from bot.tg.context import BotContext
from handlers.common import action, telegram_handlers
from handlers.routes import Action, Route

OrgCall = Callable[[OrgService, Inbound, Speaker], Awaitable[None]]


def _call(method: OrgCall) -> Action:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await method(services.org, inbound, speaker)
        return None

    run.__doc__ = method.__doc__
    return run


async def link_group(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Links the group this is sent in to a commune as its police chat."""
    await services.org.link_group(inbound, speaker, inbound.chat_title)
    return None


async def approve(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Approves a join request: /duyet Y5 (the button's typed twin)."""
    await services.joins.command(inbound, speaker, approve=True)
    return None


async def refuse(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Refuses a join request: /tuchoi Y5."""
    await services.joins.command(inbound, speaker, approve=False)
    return None


async def waiting(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Lists the join requests waiting for this person's decision."""
    await services.joins.list_open(inbound, speaker)
    return None


async def decide_pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Handles «Duyệt» / «Từ chối» under a join request; a refusal is a toast."""
    return await services.joins.pressed(inbound, speaker)


async def pressed(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
    """Adds the commune an admin picked among those /themxa matched."""
    return await services.org.pressed(inbound, speaker)


#: Vietnamese and English names; the menu items admins have on their keyboard.
ROUTES = [
    Route(("tochuc", "org"), _call(OrgService.show_org), menu=("menu.org",)),
    Route(("themxa", "addcommune"), _call(OrgService.add_commune)),
    Route(("themthon", "addvillage"), _call(OrgService.add_village)),
    Route(("moi", "invite"), _call(OrgService.invite)),
    Route(("loimoi", "invites"), _call(OrgService.list_invites)),
    Route(("huyma", "revoke"), _call(OrgService.revoke)),
    Route(("nguoi", "people"), _call(OrgService.people), menu=("menu.people",)),
    Route(("xoanguoi", "remove"), _call(OrgService.remove)),
    Route(("doiten", "rename"), _call(OrgService.rename)),
    Route(("duyet", "approve"), approve),
    Route(("tuchoi", "refuse"), refuse),
    Route(("choduyet", "pending"), waiting),
    # Answers in a private chat too, to say it must be typed in the group.
    Route(("lienketnhom", "linkgroup"), link_group, chats="any"),
]


def build_admin_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the admin command handlers, the join-decision buttons, the group link command
    and the commune picker."""
    return [
        *telegram_handlers(ROUTES),
        CallbackQueryHandler(action(decide_pressed), pattern=r"^j:"),
        CallbackQueryHandler(action(pressed), pattern=r"^o:"),
    ]
