"""Police group chats that change under the bot (issue 11).

Removed from a commune's police group (kicked, or it left), the bot can no longer post
there: the group is unlinked, what was queued for it goes instead to the commune's officers
in private and to the admins, the admins are told how to link it again, and a member whose
urgent entry then reaches no officer is told to call. Added back, the admins are reminded
how to link it. A group upgraded to a supergroup keeps its link under its new id.

The outbox calls `lost` when a send finds out, and `gave_up` when an alert failed every
try; the `my_chat_member` handler calls `removed` or `returned` when Telegram says so
first. Each ends in one Store call (`chat_lost`, `outbox_give_up`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.domain import Channel, Role
from bot.media import LOCAL
from bot.messages import Outbound
from bot.services.alerts import commune_of_key
from bot.services.context import Env
from bot.services.linking import reach
from bot.texts import Texts
from storage.models import Entry, OutboxItem, PoliceChat, Recipient

log = logging.getLogger(__name__)

ALERT_KEY = "alert:"


def alert_commune(item: OutboxItem) -> int | None:
    """Return the commune an alert copy was for, or None if the message is no alert."""
    key = item.dedupe_key or ""
    return commune_of_key(key) if key.startswith(ALERT_KEY) else None


def _key_part(item: OutboxItem, index: int) -> int | None:
    """Return a number of an alert key: alert:<entry>:<commune>:<round>[:<step>]."""
    parts = (item.dedupe_key or "").split(":")
    if len(parts) not in (4, 5) or len(parts) <= index or not parts[index].isdigit():
        return None
    return int(parts[index])


def _entry_id(item: OutboxItem) -> int | None:
    return _key_part(item, 1)


def _first_alert(item: OutboxItem) -> bool:
    """Return whether a copy is the alert the member's filing sent (not a forward's, not
    an escalation's)."""
    parts = (item.dedupe_key or "").split(":")
    return _key_part(item, 3) == 0 and (len(parts) == 4 or parts[4] == "0")


def _album(item: OutboxItem) -> bool:
    """Return whether a message is the photos sent just before an alert's text."""
    message = item.message
    return bool(message.photos) and not message.text and item.dedupe_key is None


def copy_to(message: Outbound, target: Recipient) -> Outbound:
    """Return a message addressed to someone else's private chat.

    A messenger's file ids mean nothing on the other one: only photos and files we keep
    ourselves (`file:…`) go across.
    """
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


def to_each(recipients: Sequence[Recipient], key: str, **values: object) -> list[Outbound]:
    """Return one text to each recipient, in their language and worded for their messenger."""
    return [
        Outbound(
            channel=r.channel,
            chat_id=r.chat_id,
            text=Texts(r.language, r.channel.value)(key, **values),
        )
        for r in recipients
    ]


@dataclass
class Fallback:
    """Who gets what a lost police chat can no longer show, read before the transaction."""

    channel: Channel
    #: Officers of each commune involved, one private chat each.
    officers: dict[int, list[Recipient]] = field(default_factory=dict)
    admins: list[Recipient] = field(default_factory=list)
    communes: dict[int, str] = field(default_factory=dict)
    #: Entries of the alerts involved, and where to reach each one's reporter.
    entries: dict[int, Entry] = field(default_factory=dict)
    reporters: dict[int, list[tuple[Channel, str, str]]] = field(default_factory=dict)


async def lost_group_stand_ins(
    env: Env, commune_id: int, channel: Channel
) -> list[tuple[Channel, str]]:
    """Return the admins' chats that stand in for a commune's police group the bot was
    removed from, until someone links a group again (none if nothing was lost)."""
    store = env.store
    if not await store.lost_police_chats(commune_id) or await store.police_chats(commune_id):
        return []
    admins = one_each(await store.recipients([Role.ADMIN]), channel)
    return [(a.channel, a.chat_id) for a in admins]


class PoliceChatService:
    """Unlinks lost police groups and sends their alerts to people instead."""

    def __init__(self, env: Env) -> None:
        self.env = env

    async def lost(self, item: OutboxItem, reason: str) -> bool:
        """A message can never reach its chat: return True if it was a police group's (now
        unlinked, its alerts sent to people instead), False to leave it to the outbox."""
        if await self._private(item):
            # A person blocked the bot (an officer's own chat too): they are marked
            # unreachable, and other officers got their own copies.
            return False
        chat = await self.env.store.police_chat(item.channel, item.chat_id)
        if chat is None and alert_commune(item) is None:
            return False
        await self._unlink(item.channel, item.chat_id, reason, chat)
        return True

    async def _private(self, item: OutboxItem) -> bool:
        """Return whether a message's chat is a person's own (a private chat's id is the
        account id, on both messengers)."""
        chat = await self.env.store.police_chat(item.channel, item.chat_id)
        if chat is not None and chat.person_id is not None:
            return True
        return await self.env.store.person_by_identity(item.channel, item.chat_id) is not None

    async def removed(self, channel: Channel, chat_id: str, reason: str) -> None:
        """Telegram says the bot was removed from a group (or may not write in it)."""
        chat = await self.env.store.police_chat(channel, chat_id)
        if chat is not None and chat.person_id is None:
            await self._unlink(channel, chat_id, reason, chat)

    async def returned(self, channel: Channel, chat_id: str, title: str) -> None:
        """The bot was added back to a group: if it was a police chat, say how to relink."""
        store = self.env.store
        if await store.police_chat(channel, chat_id) is not None:
            return
        was = await store.unlinked_police_chat(channel, chat_id)
        if was is None:
            return
        commune = await store.get_commune(was.commune_id)
        messages = to_each(
            await self._admins(channel),
            "police_chat.back",
            title=title or was.title or chat_id,
            commune=commune.name,
            ref=f"X{commune.id}",
        )
        log.info("The bot is back in a former police chat of X%d", commune.id)
        await store.send(messages, self.env.clock.now())

    async def moved(self, channel: Channel, old: str, new: str) -> None:
        """A group became a supergroup: its link and queued messages follow the new id."""
        chat = await self.env.store.move_chat(channel, old, new, self.env.clock.now())
        if chat is not None:
            log.info("Police chat of X%d moved to its supergroup's new id", chat.commune_id)

    # --- the fallback -----------------------------------------------------------------

    async def _admins(self, channel: Channel) -> list[Recipient]:
        return one_each(await self.env.store.recipients([Role.ADMIN]), channel)

    async def _fallback(self, channel: Channel, chat_id: str, chat: PoliceChat | None) -> Fallback:
        """Read everyone the lost chat's messages may go to instead."""
        store = self.env.store
        found = Fallback(channel, admins=await self._admins(channel))
        far = self.env.clock.now().replace(year=9999)
        queued = await store.outbox_chat_pending(channel, chat_id, far, limit=500)
        communes = {alert_commune(i) for i in queued} | {chat.commune_id if chat else None}
        for commune_id in communes - {None}:
            assert commune_id is not None
            officers = await store.recipients([Role.POLICE], commune_id)
            found.officers[commune_id] = one_each(officers, channel)
            found.communes[commune_id] = (await store.get_commune(commune_id)).name
        for item in queued:
            entry_id = _entry_id(item)
            if entry_id is None or entry_id in found.entries:
                continue
            entry = await store.get_entry_by_id(entry_id)
            if entry is None:
                continue
            found.entries[entry_id] = entry
            if entry.reporter_id is not None:
                person = await store.get_person(entry.reporter_id)
                found.reporters[entry_id] = [
                    (i.channel, i.chat_id, person.language)
                    for i in await reach(store, entry.reporter_id)
                ]
        return found

    async def _unlink(
        self, channel: Channel, chat_id: str, reason: str, chat: PoliceChat | None
    ) -> None:
        fallback = await self._fallback(channel, chat_id, chat)
        rerouted: list[int] = []

        def reroute(linked: PoliceChat | None, items: list[OutboxItem]) -> list[Outbound]:
            # The admins read why first, then the alerts that come to them instead.
            out = self._tell_admins(fallback, linked) if linked is not None else []
            album: list[OutboxItem] = []
            for item in items:
                if alert_commune(item) is None:
                    # An alert's photos go with it; the group's digests and reminders are
                    # dropped (the next ones go to wherever the commune's chats are then).
                    album = [*album, item] if _album(item) else []
                    continue
                instead = self._instead(fallback, item, album)
                if instead:
                    rerouted.append(item.id)
                out += instead
                album = []
            return out

        unlinked = await self.env.store.chat_lost(
            channel, chat_id, reason, self.env.clock.now(), reroute
        )
        if unlinked is not None:
            log.warning(
                "Police chat of X%d unlinked: the bot can no longer write there (%s); "
                "%d alert(s) sent to officers and admins instead",
                unlinked.commune_id,
                reason,
                len(rerouted),
            )
        elif rerouted:
            log.warning("%d alert(s) for a lost chat sent to officers instead", len(rerouted))

    async def gave_up(self, item: OutboxItem, reason: str) -> bool:
        """The outbox gave up on a message after many tries: an alert goes to the commune's
        officers privately and the admins instead (the chat stays linked: its trouble may
        pass). Return False to leave any other message to the outbox."""
        if alert_commune(item) is None or item.message.edit_message_id is not None:
            return False
        if await self._private(item):
            return False
        chat = await self.env.store.police_chat(item.channel, item.chat_id)
        fallback = await self._fallback(item.channel, item.chat_id, chat)
        instead = self._instead(fallback, item, [])
        await self.env.store.outbox_give_up(item.id, reason, self.env.clock.now(), instead)
        log.warning("An alert that never reached its chat was sent to officers and admins")
        return True

    def _instead(
        self, fallback: Fallback, item: OutboxItem, album: list[OutboxItem]
    ) -> list[Outbound]:
        """Return an alert (with its photos) for each officer and admin, and the member's
        warning if no officer gets it."""
        commune_id = alert_commune(item)
        if commune_id is None or item.message.edit_message_id is not None:
            return []
        officers = fallback.officers.get(commune_id, [])
        out: list[Outbound] = []
        for target in [*officers, *fallback.admins]:
            if (target.channel, target.chat_id) == (item.channel, item.chat_id):
                continue
            out += [copy_to(a.message, target) for a in album]
            out.append(copy_to(item.message, target))
        if not officers:
            out += self._warn_reporter(fallback, item)
        return out

    def _warn_reporter(self, fallback: Fallback, item: OutboxItem) -> list[Outbound]:
        """Tell the member their urgent entry reached no officer: they should call."""
        entry_id = _entry_id(item)
        entry = fallback.entries.get(entry_id) if entry_id is not None else None
        if entry is None or not _first_alert(item):
            return []
        return [
            Outbound(
                channel=channel,
                chat_id=chat_id,
                text=Texts(language, channel.value)("alert.undelivered", code=entry.code),
            )
            for channel, chat_id, language in fallback.reporters.get(entry.id, [])
        ]

    def _tell_admins(self, fallback: Fallback, chat: PoliceChat) -> list[Outbound]:
        return to_each(
            fallback.admins,
            "police_chat.lost",
            title=chat.title or chat.chat_id,
            commune=fallback.communes.get(chat.commune_id, ""),
            ref=f"X{chat.commune_id}",
        )
