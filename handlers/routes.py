"""The commands and menu words every messenger understands, and the action each one runs.

Each handler module lists its `ROUTES`; Telegram turns them into CommandHandlers and
menu-button filters (`handlers/common.py: telegram_handlers`), the Zalo router looks typed
words up in the same list (`handlers/zalo.py`). A command added to a module's ROUTES works
on every messenger; nothing maps commands a second time.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.messages import Inbound
from bot.parsing import fold
from bot.services import Services
from bot.services.context import Speaker, identify
from bot.texts import CATALOGUES

#: A handler's body; may return a short text for the button-press toast.
Action = Callable[[Services, Inbound, Speaker], Awaitable[str | None]]
Chats = Literal["private", "group", "any"]


@dataclass(frozen=True)
class Route:
    """Typed commands (and main-menu items) that run one action."""

    commands: tuple[str, ...]
    action: Action
    #: Catalogue keys of main-menu items that do the same ("menu.tip").
    menu: tuple[str, ...] = ()
    #: False for what unregistered people may do (/start with an invite code).
    registered: bool = True
    chats: Chats = "private"

    def allowed_in(self, is_group: bool) -> bool:
        """Return whether the route answers in this kind of chat."""
        return self.chats == "any" or (self.chats == "group") == is_group


async def run_action(
    services: Services, inbound: Inbound, fn: Action, *, registered: bool = True
) -> str | None:
    """Identify the speaker, gate unregistered people, run the action, wake the outbox.

    Returns the action's toast, or None when the person was turned away.
    """
    speaker = await identify(services.env, inbound)
    if registered and speaker.person is None:
        if not inbound.chat_is_group:
            await services.onboarding.explain(inbound, speaker.texts)
        return None
    toast = await fn(services, inbound, speaker)
    services.kick()
    return toast


def split_command(text: str) -> tuple[str | None, list[str]]:
    """Split "/bosung TB-2026-000001" into ("bosung", ["TB-2026-000001"]); (None, []) if no
    command. "/huy@AntBot" (Telegram groups) names the bot: the suffix is dropped."""
    if not text.startswith("/"):
        return None, []
    head, *args = text.split()
    command = head[1:].split("@", 1)[0].lower()
    return (command or None), args


def by_command(routes: Sequence[Route], command: str, is_group: bool) -> Route | None:
    """Return the route of a typed command ("tinbao", already without the slash)."""
    name = command.lower()
    for route in routes:
        if name in route.commands and route.allowed_in(is_group):
            return route
    return None


@functools.cache
def menu_words(key: str) -> frozenset[str]:
    """Return a menu item's label in every language, folded as typed text is."""
    return frozenset(fold(catalogue[key]) for catalogue in CATALOGUES.values())


def by_menu_word(routes: Sequence[Route], text: str, is_group: bool) -> Route | None:
    """Return the route of a main-menu item typed by hand ("tin bao", "📋 Của tôi")."""
    if len(text) > 40:
        return None  # no menu label is that long: spare folding a whole report
    typed = fold(text)
    if not typed:
        return None
    for route in routes:
        if route.allowed_in(is_group) and any(typed in menu_words(key) for key in route.menu):
            return route
    return None


def by_menu_key(routes: Sequence[Route], key: str) -> Route | None:
    """Return the private-chat route of a main-menu item ("menu.tip")."""
    for route in routes:
        if key in route.menu and route.allowed_in(False):
            return route
    return None
