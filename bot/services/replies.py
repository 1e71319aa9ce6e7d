"""Small builders for replies, so services speak in catalogue keys and menus."""

from __future__ import annotations

from bot.domain import Role
from bot.messages import Inbound, Keyboard, Outbound
from bot.texts import Texts

MEMBER_MENU: tuple[tuple[str, ...], ...] = (("menu.tip", "menu.incident"), ("menu.deed", "menu.my"))
POLICE_MENU: tuple[tuple[str, ...], ...] = (
    ("menu.direct_tip", "menu.report"),
    ("menu.web", "menu.my"),
    ("menu.help",),
)
#: Leaders report as members do, and open their team's page in the web workspace.
LEADER_MENU: tuple[tuple[str, ...], ...] = (*MEMBER_MENU, ("menu.web",))
ADMIN_MENU: tuple[tuple[str, ...], ...] = (
    ("menu.org", "menu.people"),
    ("menu.report", "menu.calendar"),
    ("menu.web", "menu.help"),
)


def menu_rows(texts: Texts, role: Role | None) -> list[list[str]]:
    """Return the main reply-keyboard for a role (members: the four reporting buttons)."""
    if role == Role.MEMBER:
        layout = MEMBER_MENU
    elif role == Role.LEADER:
        layout = LEADER_MENU
    elif role == Role.POLICE:
        layout = POLICE_MENU
    elif role == Role.ADMIN:
        layout = ADMIN_MENU
    else:
        return []
    return [[texts(key) for key in row] for row in layout]


def reply(
    inbound: Inbound,
    text: str,
    *,
    texts: Texts | None = None,
    role: Role | None = None,
    keyboard: Keyboard = "none",
) -> Outbound:
    """Build a reply into the chat an input came from."""
    menu = menu_rows(texts, role) if keyboard == "main" and texts is not None else []
    return Outbound(
        channel=inbound.channel,
        chat_id=inbound.chat_id,
        text=text,
        keyboard=keyboard,
        menu=menu,
    )
