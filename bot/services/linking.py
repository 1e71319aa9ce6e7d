"""One person on several messengers: link codes that attach a second account to a person.

A registered person types /lienket on the messenger they use; the bot answers with a
one-time code; typing that code on the other messenger attaches that account to the same
person — same entries, role, team and reminders. Codes are short-lived and single-use, and
the person's other accounts are told at once, so a stolen code does not go unnoticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.domain import PRIVATE_POLICE_CHANNELS, Channel
from bot.messages import Inbound, Outbound
from bot.services.context import Env, Speaker, dress
from bot.services.onboarding import OnboardingService, looks_like_code, new_code
from bot.services.replies import reply
from bot.texts import Texts
from storage.base import Store
from storage.errors import LinkRefused
from storage.models import Identity, Person

LINK_TTL = timedelta(minutes=30)


async def reach(store: Store, person_id: int) -> list[Identity]:
    """Return where to reach a person outside a reply (reminders, "your tip was taken"):
    each of their accounts that still accepts messages, Telegram and Zalo alike."""
    return [i for i in await store.identities(person_id) if i.unreachable_at is None]


class LinkService:
    """Link codes: offering one, and attaching the account that types it."""

    def __init__(self, env: Env, onboarding: OnboardingService) -> None:
        self.env = env
        self.onboarding = onboarding

    async def command(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer /lienket: offer a code, or use the one typed after it."""
        now = self.env.clock.now()
        if inbound.args:
            code = looks_like_code(inbound.args[0])
            if code is not None and await self.redeem(inbound, speaker, code):
                return
            if code is not None and await self.env.store.get_invite(code) is not None:
                # An invite code typed after the wrong command works all the same.
                await self.onboarding.join(inbound, speaker, code)
                return
            text = speaker.texts("link.not_found")
            await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key)
            return
        if speaker.person is None:
            await self.onboarding.explain(inbound, speaker.texts)
            return
        await self.offer(inbound, speaker)

    def _other_channels(self, channel: Channel) -> list[Channel]:
        return [c for c in self.onboarding.channels() if c != channel]

    async def offer(self, inbound: Inbound, speaker: Speaker) -> None:
        """Give a registered person a code to type on their other messenger."""
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        now = self.env.clock.now()
        others = self._other_channels(inbound.channel)
        if not others:
            text = texts("link.single_channel", channel=texts(f"channel.{inbound.channel.value}"))
            await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key)
            return
        code = new_code()
        how = "\n".join(self._how(texts, other, code) for other in others)
        text = texts("link.offer", code=code, minutes=int(LINK_TTL.total_seconds() // 60), how=how)
        await self.env.store.create_link_code(
            code,
            person_id=person.id,
            channel=inbound.channel,
            expires_at=now + LINK_TTL,
            now=now,
            outbox=[reply(inbound, text)],
            inbox_key=inbound.key,
        )

    def _how(self, texts: Texts, channel: Channel, code: str) -> str:
        if channel == Channel.TELEGRAM:
            return texts("link.how.telegram", link=self.onboarding.link(code), code=code)
        return texts("link.how.zalo", bot=self.onboarding.zalo_name, code=code)

    async def redeem(self, inbound: Inbound, speaker: Speaker, code: str) -> bool:
        """Attach the sender's account to the person who asked for `code`.

        Returns False when no such link code exists (the caller may say so its own way);
        every other outcome has been answered.
        """
        now = self.env.clock.now()
        channel_name = speaker.texts(f"channel.{inbound.channel.value}")

        def render(person: Person, before: Sequence[Identity]) -> list[Outbound]:
            texts = self.env.texts(person.language, inbound.channel.value)
            body = (
                texts("link.done", channel=channel_name, name=person.name)
                + "\n\n"
                + texts(f"help.{person.role.value}")
            )
            welcome = dress([reply(inbound, body, keyboard="main")], Speaker(person, texts))
            notices = [
                Outbound(
                    channel=identity.channel,
                    chat_id=identity.chat_id,
                    text=self.env.texts(person.language, identity.channel.value)(
                        "link.notice",
                        channel=channel_name,
                        account=inbound.user_name or inbound.user_id,
                    ),
                )
                for identity in before
            ]
            return [*welcome, *notices]

        try:
            await self.env.store.link_account(
                code,
                channel=inbound.channel,
                external_id=inbound.user_id,
                chat_id=inbound.chat_id,
                now=now,
                officer_channels=PRIVATE_POLICE_CHANNELS,
                inbox_key=inbound.key,
                render=render,
            )
        except LinkRefused as refusal:
            if refusal.reason == "not_found":
                return False
            text = speaker.texts(f"link.{refusal.reason}")
            await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key)
        return True
