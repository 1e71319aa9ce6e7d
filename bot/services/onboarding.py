"""Joining: invite codes, deep links and what unregistered people are told."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.domain import PRIVATE_POLICE_CHANNELS, Channel, Role
from bot.messages import Inbound, Outbound
from bot.services.context import Env, Speaker, dress
from bot.services.replies import reply
from bot.texts import Texts, language_for
from storage.errors import InviteRefused
from storage.models import Invite, Person

if TYPE_CHECKING:
    from bot.services.linking import LinkService

# No 0/O, 1/I/L: codes get read aloud and typed on small keyboards.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_PATTERN = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    """Return a fresh random invite code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def looks_like_code(text: str) -> str | None:
    """Return the invite code in a typed text ("abcd2345", "/start ABCD2345"), if any."""
    candidate = text.strip().removeprefix("/start").strip().upper()
    return candidate if CODE_PATTERN.match(candidate) else None


class OnboardingService:
    """Invites and first contact."""

    def __init__(self, env: Env, bot_username: str = "") -> None:
        self.env = env
        self.bot_username = bot_username
        #: The Zalo bot's name, as people search for it in Zalo; empty without Zalo.
        self.zalo_name = ""
        #: Link codes are tried when a typed code is no invite (set by the composition root).
        self.links: LinkService | None = None

    def channels(self) -> list[Channel]:
        """Return the messengers this deployment runs on."""
        running = [Channel.TELEGRAM] if self.bot_username else []
        return running + ([Channel.ZALO] if self.zalo_name else [])

    def link(self, code: str) -> str:
        """Return the deep link that opens the bot with a code."""
        return f"https://t.me/{self.bot_username}?start={code}"

    def invite_links(self, code: str, texts: Texts) -> str:
        """Say how to use an invite code on each messenger the bot runs on."""
        if not self.zalo_name:
            return self.link(code)
        zalo = texts("invite.on_zalo", bot=self.zalo_name, code=code)
        if not self.bot_username:
            return zalo
        return texts("invite.on_telegram", link=self.link(code)) + "\n" + zalo

    async def create_invite(
        self,
        *,
        role: Role,
        commune_id: int,
        team_id: int | None,
        created_by: int,
        ttl_days: int,
        max_uses: int,
    ) -> Invite:
        """Create an invite code for a team (members, leaders) or a commune (police)."""
        now = self.env.clock.now()
        invite = Invite(
            code=new_code(),
            role=role,
            commune_id=commune_id,
            team_id=team_id,
            created_by=created_by,
            created_at=now,
            expires_at=now + timedelta(days=ttl_days),
            max_uses=max_uses,
        )
        return await self.env.store.create_invite(invite)

    async def start(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer /start: join with a code, welcome back, or explain how to join."""
        code = looks_like_code(inbound.args[0]) if inbound.args else None
        if code is not None:
            await self.join(inbound, speaker, code)
            return
        texts = speaker.texts
        now = self.env.clock.now()
        if speaker.person is None:
            await self.explain(inbound, texts, bad_code=bool(inbound.args))
            return
        message = reply(
            inbound,
            texts("start.welcome_back", name=speaker.person.name) + "\n\n" + texts("help.body"),
            keyboard="main",
        )
        await self.env.store.send(dress([message], speaker), now, inbox_key=inbound.key)

    async def explain(self, inbound: Inbound, texts: Texts, *, bad_code: bool = False) -> None:
        """Tell an unregistered person, politely, how to join — and nothing else."""
        text = texts("join.how")
        others = [texts(f"channel.{c.value}") for c in self.channels() if c != inbound.channel]
        if others:
            text += "\n\n" + texts("link.hint", other=", ".join(others))
        if bad_code:
            text = texts("join.not_found") + "\n\n" + text
        message = reply(inbound, text, keyboard="remove")
        await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)

    async def tell_id(self, inbound: Inbound, speaker: Speaker) -> None:
        """Tell a person their own account id (for `admins`); an outsider also how to join.

        Safe for anyone: it is their own id, which their messenger gives every bot they
        write to, and it opens nothing; on Zalo it is the only way to learn the id this
        bot sees.
        """
        texts = speaker.texts
        setting = "bot.admins" if inbound.channel == Channel.TELEGRAM else "zalo.admins"
        text = texts(
            "id.yours",
            channel=texts(f"channel.{inbound.channel.value}"),
            id=inbound.user_id,
            setting=setting,
        )
        if speaker.person is None:
            text += "\n\n" + texts("join.how")
        message = reply(inbound, text)
        await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)

    async def typed(self, inbound: Inbound, speaker: Speaker) -> None:
        """Join an unregistered person who typed their code; otherwise explain how to join."""
        code = looks_like_code(inbound.text or "")
        if code is not None:
            await self.join(inbound, speaker, code)
        else:
            await self.explain(inbound, speaker.texts)

    async def join(self, inbound: Inbound, speaker: Speaker, code: str) -> Person | None:
        """Redeem a code for the sender; on refusal say why."""
        language = (
            speaker.person.language
            if speaker.person
            else language_for(inbound.language, self.env.default_language)
        )
        texts = Texts(language, inbound.channel.value)
        now = self.env.clock.now()
        place = await self._place(code, texts)

        def render(person: Person) -> list[Outbound]:
            welcome = texts(
                "join.welcome",
                name=person.name,
                role=texts(f"role.{person.role.value}"),
                place=place,
            )
            body = welcome + "\n\n" + texts(f"help.{person.role.value}")
            return dress([reply(inbound, body, keyboard="main")], Speaker(person, texts))

        try:
            person = await self.env.store.redeem_invite(
                code,
                channel=inbound.channel,
                external_id=inbound.user_id,
                chat_id=inbound.chat_id,
                name=inbound.user_name or texts("join.default_name"),
                language=language,
                now=now,
                inbox_key=inbound.key,
                render=render,
                officer_channels=PRIVATE_POLICE_CHANNELS,
            )
        except InviteRefused as refusal:
            if (
                refusal.reason == "not_found"
                and self.links is not None
                and await self.links.redeem(inbound, speaker, code)
            ):
                # It was a link code from the person's other messenger, and it is answered.
                return None
            message = reply(inbound, texts(f"join.{refusal.reason}") + "\n\n" + texts("join.ask"))
            await self.env.store.send([message], now, inbox_key=inbound.key)
            return None
        return person

    async def _place(self, code: str, texts: Texts) -> str:
        """Name where an invite leads: "Tổ bảo vệ ANTT thôn Nà Cáp, xã Hòa An"."""
        invite = await self.env.store.get_invite(code)
        if invite is None:
            return ""
        if invite.team_id is not None:
            team = await self.env.store.get_team(invite.team_id)
            return texts("place.team", team=team.name, commune=team.commune_name)
        commune = await self.env.store.get_commune(invite.commune_id)
        return texts("place.commune", commune=commune.name)
