"""The bot's own place in chats: blocked in private, removed from or added back to a group,
a group upgraded to a supergroup (issue 11). Telegram sends these as `my_chat_member`
updates and as service messages; the outbox finds the same out when a send fails, and
both lead to the same service calls."""

from __future__ import annotations

from telegram import ChatMember, ChatMemberRestricted, Update
from telegram.ext import BaseHandler, ChatMemberHandler, MessageHandler, filters

from bot.domain import Channel
from bot.tg.context import BotContext

GONE = (ChatMember.BANNED, ChatMember.LEFT)


async def my_membership(update: Update, ctx: BotContext) -> None:
    """Notes a person blocking the bot, or the bot removed from (or back in) a group."""
    change = update.my_chat_member
    if change is None:
        return
    chat, new = change.chat, change.new_chat_member
    services = ctx.services
    if chat.type == chat.PRIVATE:
        await services.reach.blocked(Channel.TELEGRAM, str(chat.id), new.status in GONE)
        return
    muted = isinstance(new, ChatMemberRestricted) and not new.can_send_messages
    if new.status in GONE or muted:
        reason = "may not write in the group" if muted else "removed from the group"
        await services.police_chats.removed(Channel.TELEGRAM, str(chat.id), reason)
    elif change.old_chat_member.status in GONE:
        await services.police_chats.returned(Channel.TELEGRAM, str(chat.id), chat.title or "")
    # Made an administrator, or a member again after being one: nothing changes.
    services.kick()


async def group_upgraded(update: Update, ctx: BotContext) -> None:
    """Follows a group that became a supergroup to its new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await ctx.services.police_chats.moved(Channel.TELEGRAM, str(old), str(new))
    ctx.services.kick()


def build_membership_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return the handlers of the bot's own membership and of group upgrades."""
    return [
        ChatMemberHandler(my_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, group_upgraded),
    ]
