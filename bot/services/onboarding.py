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
from bot.texts import Texts
from storage.errors import InviteRefused
from storage.models import PRIVILEGED_ROLES, Invite, Person, Redeemed

if TYPE_CHECKING:
    from bot.services.joins import JoinService
    from bot.services.linking import LinkService
    from bot.services.names import NameService

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
        #: The full-name question and join approvals (set by the composition root).
        self.names: NameService | None = None
        self.joins: JoinService | None = None

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
        officers_approve: bool = False,
    ) -> Invite:
        """Create an invite code for a team (members, leaders) or a commune (police).

        Police and admin invites always need an approval: an admin's, or with
        `officers_approve` also an officer's of that commune.
        """
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
            approval=("police" if officers_approve else "admin")
            if role in PRIVILEGED_ROLES
            else "none",
        )
        return await self.env.store.create_invite(invite)

    async def start(self, inbound: Inbound, speaker: Speaker) -> bool:
        """Answer /start: join with a code, welcome back, or explain how to join.

        Returns True when the answer is the full-name question (asked once), which must not
        be asked again right after as "still open".
        """
        code = looks_like_code(inbound.args[0]) if inbound.args else None
        if code is not None:
            redeemed = await self.join(inbound, speaker, code)
            return redeemed is not None and redeemed.asked_name
        texts = speaker.texts
        now = self.env.clock.now()
        if speaker.person is None:
            await self.explain(inbound, texts, bad_code=bool(inbound.args))
            return False
        greeting = texts("start.welcome_back", name=speaker.person.name)
        if self.names is not None and await self.names.ask_at_start(inbound, speaker, greeting):
            return True
        message = reply(inbound, greeting + "\n\n" + texts("help.body"), keyboard="main")
        await self.env.store.send(dress([message], speaker), now, inbox_key=inbound.key)
        return False

    async def explain(self, inbound: Inbound, texts: Texts, *, bad_code: bool = False) -> None:
        """Tell an unregistered person, politely, how to join — and nothing else.

        Someone waiting for approval is told so (and still gets nothing else).
        """
        waiting = await self.env.store.pending_join(inbound.channel, inbound.user_id)
        if waiting is not None and not bad_code:
            invite = await self.env.store.get_invite(waiting.invite_code)
            place = await self.place_of(invite, texts) if invite else ""
            role = texts(f"role.{waiting.role.value}")
            message = reply(inbound, texts("join.waiting", role=role, place=place))
            await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)
            return
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

    async def join(self, inbound: Inbound, speaker: Speaker, code: str) -> Redeemed | None:
        """Redeem a code for the sender; on refusal say why.

        The welcome asks for the full name (the display name offered as the default) in
        the same transaction that registers the person; a police or admin invite files a
        request instead, and whoever made the invite hears of every join by it.
        """
        assert self.names is not None and self.joins is not None
        # A new person has chosen no language yet: "" reads the deployment's default, and
        # follows it if the deployment changes it, until they pick one in /caidat.
        language = speaker.person.language if speaker.person else ""
        texts = self.env.texts(language, inbound.channel.value)
        now = self.env.clock.now()
        invite = await self.env.store.get_invite(code)
        place = await self.place_of(invite, texts) if invite else ""
        profile = inbound.user_name or texts("join.default_name")
        state, prompt = self.names.opening(inbound.channel, inbound.chat_id, texts, profile)
        maker = await self.joins.creator_targets(invite)
        approvers = (
            await self.joins.approver_targets(invite)
            if invite is not None and invite.approval != "none"
            else []
        )
        joins = self.joins

        def render(redeemed: Redeemed) -> list[Outbound]:
            if redeemed.request is not None:
                return joins.request_messages(
                    redeemed.request, redeemed.invite, place, texts, approvers
                )
            person = redeemed.person
            assert person is not None
            asked = prompt if redeemed.asked_name else None
            return [
                *self.welcome(person, texts, place, inbound.channel, inbound.chat_id, asked),
                *joins.joined_notices(person, redeemed.invite, place, inbound, maker),
            ]

        try:
            redeemed = await self.env.store.redeem_invite(
                code,
                channel=inbound.channel,
                external_id=inbound.user_id,
                chat_id=inbound.chat_id,
                name=profile,
                language=language,
                now=now,
                inbox_key=inbound.key,
                render=render,
                officer_channels=PRIVATE_POLICE_CHANNELS,
                username=inbound.user_handle,
                name_draft=state,
            )
        except InviteRefused as refusal:
            if (
                refusal.reason == "not_found"
                and self.links is not None
                and await self.links.redeem(inbound, speaker, code)
            ):
                # It was a link code from the person's other messenger, and it is answered.
                return None
            text = texts(f"join.{refusal.reason}")
            if refusal.reason != "pending":
                text += "\n\n" + texts("join.ask")
            message = reply(inbound, text)
            await self.env.store.send([message], now, inbox_key=inbound.key)
            return None
        return redeemed

    def welcome(
        self,
        person: Person,
        texts: Texts,
        place: str,
        channel: Channel,
        chat_id: str,
        prompt: Outbound | None,
    ) -> list[Outbound]:
        """Welcome someone who joined; with `prompt`, the full-name question comes with it."""
        welcome = texts(
            "join.welcome",
            name=person.name,
            role=texts(f"role.{person.role.value}"),
            place=place,
        )
        if prompt is not None:
            # One message: the question's buttons (Telegram can't add the menu keyboard to
            # them; the answer brings it) under the welcome.
            return [prompt.model_copy(update={"text": welcome + "\n\n" + prompt.text})]
        body = welcome + "\n\n" + texts(f"help.{person.role.value}")
        message = Outbound(channel=channel, chat_id=chat_id, text=body, keyboard="main")
        return dress([message], Speaker(person, texts))

    async def place_of(self, invite: Invite, texts: Texts) -> str:
        """Name where an invite leads: "Tổ bảo vệ ANTT thôn Nà Cáp, xã Hòa An"."""
        if invite.team_id is not None:
            team = await self.env.store.get_team(invite.team_id)
            return texts("place.team", team=team.name, commune=team.commune_name)
        commune = await self.env.store.get_commune(invite.commune_id)
        return texts("place.commune", commune=commune.name)
