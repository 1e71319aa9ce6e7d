"""Police groups the bot can no longer post in (issue 13 for Zalo; Telegram's own signals
come with issue 11).

Zalo sends no word when the bot is removed from a group, or when a group it was linked in
never lets it post (groups are a beta there): the outbox finds out when a send is refused
(403). Then the group is unlinked, what was queued for it goes instead to the commune's
officers in private and to the admins, and the admins are told how to link it again —
while the officers' own Zalo chats, which the group stood in for, take over at once
(storage: `police_chats`). One Store call (`chat_lost`) does all of it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from bot.domain import Channel, Role
from bot.media import LOCAL
from bot.messages import Outbound
from bot.services.alerts import commune_of_key, entry_of_key
from bot.services.context import Env
from bot.texts import Texts
from storage.models import OutboxItem, PoliceChat, Recipient

log = logging.getLogger(__name__)


def is_alert(item: OutboxItem) -> bool:
    """Return whether a queued message is a copy of an alert (not an edit of one)."""
    return entry_of_key(item.dedupe_key) is not None and item.message.edit_message_id is None


def _album(item: OutboxItem) -> bool:
    """Return whether a message is the photos sent just before an alert's text."""
    message = item.message
    return bool(message.photos) and not message.text and item.dedupe_key is None


def copy_to(message: Outbound, target: Recipient) -> Outbound:
    """Return a message addressed to someone's private chat; a messenger's own file ids
    mean nothing on the other one, so only files we keep (`file:…`) go across."""
    same = target.channel == message.channel
    return message.model_copy(
        update={
            "channel": target.channel,
            "chat_id": target.chat_id,
            "edit_message_id": None,
            "photos": [p for p in message.photos if same or p.startswith(LOCAL)],
            "attachments": [
                a for a in message.attachments if same or a.path or (a.ref or "").startswith(LOCAL)
            ],
        }
    )


def one_each(recipients: Sequence[Recipient], channel: Channel) -> list[Recipient]:
    """Return one account per person, the one on `channel` if they have it."""
    chosen: dict[int, Recipient] = {}
    for recipient in recipients:
        kept = chosen.get(recipient.person_id)
        if kept is None or (recipient.channel == channel and kept.channel != channel):
            chosen[recipient.person_id] = recipient
    return list(chosen.values())


class PoliceChatService:
    """Unlinks lost police groups and sends their alerts to people instead."""

    def __init__(self, env: Env) -> None:
        self.env = env

    async def lost(self, item: OutboxItem, reason: str) -> bool:
        """A message can never reach its chat: return True if it was a police group's (now
        unlinked, its alerts sent to people instead), False to leave it to the outbox."""
        store = self.env.store
        chat = await store.police_chat(item.channel, item.chat_id)
        if chat is not None and chat.person_id is not None:
            return False  # an officer's own chat: they blocked the bot
        if chat is None and (
            await store.person_by_identity(item.channel, item.chat_id) is not None
            or not is_alert(item)
        ):
            return False  # a person who blocked the bot, or no police matter
        commune_id = chat.commune_id if chat is not None else commune_of_key(item.dedupe_key or "")
        officers: list[Recipient] = []
        if commune_id is not None:
            officers = one_each(await store.recipients([Role.POLICE], commune_id), item.channel)
        admins = one_each(await store.recipients([Role.ADMIN]), item.channel)
        commune = ""
        if commune_id is not None:
            commune = (await store.get_commune(commune_id)).name
        rerouted = 0

        def reroute(linked: PoliceChat | None, items: list[OutboxItem]) -> list[Outbound]:
            nonlocal rerouted
            out: list[Outbound] = []
            if linked is not None:
                out += self._tell(admins, linked, commune)
            album: list[OutboxItem] = []
            for queued in items:
                if not is_alert(queued):
                    # An alert's photos go with it; the group's digests and reminders are
                    # dropped (the next ones go to wherever the commune's chats are then).
                    album = [*album, queued] if _album(queued) else []
                    continue
                for person in [*officers, *admins]:
                    if (person.channel, person.chat_id) == (item.channel, item.chat_id):
                        continue
                    out += [copy_to(a.message, person) for a in album]
                    out.append(copy_to(queued.message, person))
                rerouted += 1
                album = []
            return out

        unlinked = await store.chat_lost(
            item.channel, item.chat_id, reason, self.env.clock.now(), reroute
        )
        if unlinked is not None:
            log.warning(
                "Police chat of X%d unlinked: the bot may not post there (%s); %d alert(s) "
                "sent to its officers and the admins instead",
                unlinked.commune_id,
                reason,
                rerouted,
            )
        return True

    def _tell(self, admins: Sequence[Recipient], chat: PoliceChat, commune: str) -> list[Outbound]:
        """Tell each admin the group is unlinked and how to link it again."""
        out = []
        for admin in admins:
            texts = Texts(admin.language, admin.channel.value)
            title = chat.title or texts("police_chat.unnamed", chat_id=chat.chat_id)
            text = texts(
                "police_chat.lost", title=title, commune=commune, ref=f"X{chat.commune_id}"
            )
            out.append(Outbound(channel=admin.channel, chat_id=admin.chat_id, text=text))
        return out
