"""Admin commands: organisation, invites, police group link, people."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.messages import Inbound
from bot.services import Services
from bot.services.context import Speaker
from bot.services.org import OrgService
from bot.tg.context import BotContext
from handlers.common import action

OrgCall = Callable[[OrgService, Inbound, Speaker], Awaitable[None]]

#: (commands, the OrgService method they call); Vietnamese and English names.
COMMANDS: list[tuple[list[str], OrgCall]] = [
    (["tochuc", "org"], OrgService.show_org),
    (["themxa", "addcommune"], OrgService.add_commune),
    (["themthon", "addvillage"], OrgService.add_village),
    (["moi", "invite"], OrgService.invite),
    (["loimoi", "invites"], OrgService.list_invites),
    (["huyma", "revoke"], OrgService.revoke),
    (["nguoi", "people"], OrgService.people),
    (["xoanguoi", "remove"], OrgService.remove),
]


def _call(method: OrgCall) -> Callable[[Services, Inbound, Speaker], Awaitable[str | None]]:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await method(services.org, inbound, speaker)
        return None

    return run


async def link_group(update: Update, ctx: BotContext) -> None:
    """Links the group this is sent in to a commune as its police chat."""
    title = update.effective_chat.title if update.effective_chat else ""

    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await services.org.link_group(inbound, speaker, title or "")
        return None

    await action(run)(update, ctx)


def build_admin_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the admin command handlers (private chat), and the group link command."""
    handlers: list[BaseHandler[Update, BotContext, None]] = [
        CommandHandler(names, action(_call(method)), filters=filters.ChatType.PRIVATE)
        for names, method in COMMANDS
    ]
    handlers.append(
        CommandHandler(["lienketnhom", "linkgroup"], link_group, filters=filters.ChatType.GROUPS)
    )
    return handlers
