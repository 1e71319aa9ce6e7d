"""A person's own settings (/caidat): their full name, optional reminders, the language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain import Channel, Role
from bot.messages import Button, Inbound, Outbound
from bot.services.context import Env, Speaker, dress
from bot.services.replies import reply
from bot.texts import CATALOGUES, Texts

if TYPE_CHECKING:
    from bot.services.names import NameService

MUTE_WORDS = frozenset({"tat", "tắt", "off", "mute"})
UNMUTE_WORDS = frozenset({"bat", "bật", "on", "unmute"})
NAME_WORDS = frozenset({"ten", "tên", "hoten", "họtên", "name"})


class SettingsService:
    """Shows and changes one person's settings."""

    def __init__(self, env: Env, names: NameService) -> None:
        self.env = env
        self.names = names

    async def show(self, inbound: Inbound, speaker: Speaker) -> bool:
        """/caidat [tat|bat|en|vi|ten [Họ Tên]]: show the settings, or change one by typing it.

        Returns True when the answer was a conversation's question (the full name), which
        must not be asked a second time as "still open".
        """
        word = inbound.args[0].lower() if inbound.args else ""
        if word in NAME_WORDS:
            typed = " ".join(inbound.args[1:])
            await self.names.change(inbound, speaker, typed)
            return not typed
        if word in MUTE_WORDS or word in UNMUTE_WORDS:
            await self._mute(inbound, speaker, word in MUTE_WORDS)
        elif word in CATALOGUES:
            await self._language(inbound, speaker, word)
        else:
            await self._view(inbound, speaker, "")
        return False

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle the settings buttons: s:name, s:mute, s:unmute, s:lang:<code>."""
        data = inbound.callback or ""
        if data == "s:name":
            await self.names.change(inbound, speaker)
        elif data in ("s:mute", "s:unmute"):
            await self._mute(inbound, speaker, data == "s:mute")
        elif data.startswith("s:lang:") and data.removeprefix("s:lang:") in CATALOGUES:
            await self._language(inbound, speaker, data.removeprefix("s:lang:"))
        return None

    @staticmethod
    def _mutable(speaker: Speaker) -> bool:
        return speaker.role in (Role.MEMBER, Role.LEADER)

    async def _mute(self, inbound: Inbound, speaker: Speaker, muted: bool) -> None:
        person = speaker.person
        assert person is not None
        if not self._mutable(speaker):
            await self._view(inbound, speaker, speaker.texts("settings.always"))
            return
        await self.env.store.set_reminders_muted(person.id, muted, self.env.clock.now())
        await self._view(
            inbound, speaker, speaker.texts("settings.muted" if muted else "settings.unmuted")
        )

    async def _language(self, inbound: Inbound, speaker: Speaker, language: str) -> None:
        person = speaker.person
        assert person is not None
        await self.env.store.set_language(person.id, language)
        # Answer in the new language, and redraw the menu keyboard in it first: a message
        # with inline buttons can't carry a reply keyboard. The "/" command menu follows:
        # the chat gets its own only when it differs from the bot-wide one (the default).
        texts = self.env.texts(language, inbound.channel.value)
        changed = Speaker(person.model_copy(update={"language": language}), texts)
        own_menu = "" if language == self.env.default_language else language
        menu = reply(inbound, changed.texts("settings.language_set"), keyboard="main")
        menu = menu.model_copy(update={"command_menu": own_menu})
        # A Telegram account linked to this person (chosen from Zalo) gets its menu too.
        elsewhere = [
            Outbound(channel=i.channel, chat_id=i.chat_id, command_menu=own_menu)
            for i in await self.env.store.identities(person.id)
            if i.channel == Channel.TELEGRAM
            and (i.channel, i.chat_id) != (inbound.channel, inbound.chat_id)
        ]
        await self._view(inbound, changed, "", before=[menu, *elsewhere])

    async def _view(
        self, inbound: Inbound, speaker: Speaker, lead: str, before: Sequence[Outbound] = ()
    ) -> None:
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        lines = [lead, ""] if lead else []
        lines.append(texts("settings.header"))
        lines.append(texts("settings.name", name=person.name))
        buttons: list[Button] = [
            Button(label=texts("settings.name_button"), data="s:name", typed="/caidat ten")
        ]
        if self._mutable(speaker):
            muted = await self.env.store.reminders_muted(person.id)
            state = texts("settings.off" if muted else "settings.on")
            lines.append(texts("settings.reminders", state=state))
            if person.role == Role.LEADER:
                lines.append(texts("settings.leader_note"))
            buttons.append(
                Button(
                    label=texts("settings.unmute_button"),
                    data="s:unmute",
                    typed=texts("typed.unmute"),
                )
                if muted
                else Button(
                    label=texts("settings.mute_button"), data="s:mute", typed=texts("typed.mute")
                )
            )
        lines.append(texts("settings.language", language=texts("language.name")))
        for code in CATALOGUES:
            if code != texts.language:
                name = Texts(code)("language.name")
                buttons.append(
                    Button(
                        label=f"🌐 {name}",
                        data=f"s:lang:{code}",
                        typed=texts("typed.language", code=code),
                    )
                )
        message = reply(inbound, "\n".join(lines)).model_copy(
            update={"choices": buttons, "numbered": False}
        )
        await self.env.store.send(
            dress([*before, message], speaker), self.env.clock.now(), inbox_key=inbound.key
        )
