"""Acting on an alert without buttons: «nhận 12», «xong 12 ghi chú», or a reply quoting it.

Where the messenger has no buttons (Zalo), each open entry gets a small number in each chat
it is shown in (`numbers_for`, asked by the Zalo sender as it draws the alert), and an
officer answers with a short word and that number, the entry's code, or nothing but a reply
quoting the alert. What follows is exactly what the buttons do: the same compare-and-set in
`PoliceService.take` / `handle`, the same scope wall — a number names an entry of the chat it
was typed in, and only that commune's police (and admins) may act on it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from bot.domain import Channel, EntryKind
from bot.messages import Inbound
from bot.parsing import clean_user_text
from bot.parsing.quick import QuickAnswer
from bot.services.alerts import entry_of_key
from bot.services.context import Env, Speaker
from bot.services.police import MAX_NOTE, PoliceService, may_act, normalize_code, split_note
from bot.services.scope import Target, refusal_chat, reply_chat, to
from storage.models import Entry

#: Returns the short numbers of entries (by code) in one chat of a messenger.
Numbers = Callable[[str, Sequence[str]], Awaitable[dict[str, int]]]


class QuickService:
    """Short numbers of open entries per chat, and answers given by them."""

    def __init__(self, env: Env, police: PoliceService) -> None:
        self.env = env
        self.police = police

    def numbers_for(self, channel: Channel) -> Numbers:
        """Return what a messenger's sender asks for the numbers of a message's entries."""

        async def numbers(chat_id: str, codes: Sequence[str]) -> dict[str, int]:
            return await self.env.store.chat_numbers(channel, chat_id, codes, self.env.clock.now())

        return numbers

    async def answer(self, inbound: Inbound, speaker: Speaker, quick: QuickAnswer) -> None:
        """Take or mark handled the entry a short answer names (number, code or quote)."""
        texts = speaker.texts
        person = speaker.person
        assert person is not None
        entry = await self._entry(inbound, speaker, quick)
        if entry is None:
            return
        if not may_act(person, entry.commune_id):
            await self._say(inbound, texts("police.not_allowed"), refusal_chat(inbound))
            return
        where = await reply_chat(self.env, inbound, entry.commune_id)
        if quick.verb == "take":
            answer = await self.police.take(inbound, speaker, entry)
        else:
            note, shared = None, False
            cleaned = clean_user_text(quick.note, MAX_NOTE * 4) if quick.note else None
            if isinstance(cleaned, str):
                note, shared = split_note(cleaned)
                if len(note) > MAX_NOTE:
                    limit = texts("police.note.too_long", limit=MAX_NOTE, length=len(note))
                    await self._say(inbound, limit, where)
                    return
                note = note or None
            answer = await self.police.handle(inbound, speaker, entry, note=note, share=shared)
        if answer is None:
            return
        if inbound.chat_is_group and where == (inbound.channel, inbound.chat_id):
            # "Bạn đã tiếp nhận" read by the whole group: say who.
            answer = texts("police.quick.by", name=person.name, answer=answer)
        await self._say(inbound, answer, where)

    async def _entry(self, inbound: Inbound, speaker: Speaker, quick: QuickAnswer) -> Entry | None:
        """Return the entry an answer names, or say why there is none (privately in a group)."""
        texts = speaker.texts
        store = self.env.store
        quiet = refusal_chat(inbound)
        entry: Entry | None = None
        if quick.number is not None:
            entry = await store.entry_by_number(inbound.channel, inbound.chat_id, quick.number)
            if entry is None:
                await self._say(inbound, texts("police.quick.unknown", n=quick.number), quiet)
                return None
        elif quick.code is not None:
            code = normalize_code(quick.code) or quick.code
            entry = await store.get_entry(code)
            if entry is None:
                await self._say(inbound, texts("police.unknown_code", code=code), quiet)
                return None
        elif inbound.quoted_id is not None:
            key = await store.sent_key(inbound.channel, inbound.chat_id, inbound.quoted_id)
            entry_id = entry_of_key(key)
            entry = await store.get_entry_by_id(entry_id) if entry_id is not None else None
        if entry is None:
            word = texts(f"quick.word.{quick.verb}")
            await self._say(inbound, texts("police.quick.which", word=word), quiet)
            return None
        if entry.kind == EntryKind.DEED:
            await self._say(inbound, texts("police.unknown_code", code=entry.code), quiet)
            return None
        return entry

    async def _say(self, inbound: Inbound, text: str, where: Target) -> None:
        await self.env.store.send([to(where, text)], self.env.clock.now(), inbox_key=inbound.key)
