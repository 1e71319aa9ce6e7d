"""Scope walls for the chat a reply goes to, not only for the person (issue 11 §8).

Anyone in a group reads what the bot posts there. So in a group the bot posts only what
concerns the commune whose police chat it is, and only what that chat's police may see:
commune A's report, history or digest asked for in commune B's group (or in a group
nobody linked) goes to the asker's private chat instead, and a refusal is never said in
front of the group.
"""

from __future__ import annotations

from bot.domain import Channel
from bot.messages import Inbound, Outbound
from bot.services.context import Env

Target = tuple[Channel, str]


def private_chat(inbound: Inbound) -> Target:
    """Return the asker's own chat with the bot (a private chat's id is the account id)."""
    return inbound.channel, inbound.user_id


async def group_commune(env: Env, inbound: Inbound) -> int | None:
    """Return the commune whose police chat the input came from (None: private or unlinked)."""
    if not inbound.chat_is_group:
        return None
    chat = await env.store.police_chat(inbound.channel, inbound.chat_id)
    return chat.commune_id if chat is not None else None


async def reply_chat(env: Env, inbound: Inbound, commune_id: int | None) -> Target:
    """Return where an answer about a commune (None: the province, or a refusal) may go.

    A private chat gets its answer where it asked. A group gets it only if it is that
    commune's police chat; everything else goes privately to whoever asked.
    """
    if not inbound.chat_is_group:
        return inbound.channel, inbound.chat_id
    if commune_id is not None and await group_commune(env, inbound) == commune_id:
        return inbound.channel, inbound.chat_id
    return private_chat(inbound)


def refusal_chat(inbound: Inbound) -> Target:
    """Return where a refusal goes: where it was asked, or privately if that was a group."""
    return private_chat(inbound) if inbound.chat_is_group else (inbound.channel, inbound.chat_id)


def to(target: Target, text: str) -> Outbound:
    """Build a plain message to a chat."""
    return Outbound(channel=target[0], chat_id=target[1], text=text)
