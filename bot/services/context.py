"""Who is speaking and in which language: the first thing every service call needs."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import Role
from bot.messages import Inbound, Outbound
from bot.services.replies import menu_rows
from bot.texts import Texts, language_for
from storage.base import Store
from storage.models import Person


@dataclass(frozen=True)
class Env:
    """What every service shares: storage, the clock, the time zone and the admins."""

    store: Store
    clock: Clock
    tz: ZoneInfo
    #: (channel, account id) of the configured admins.
    admins: frozenset[tuple[str, str]]
    default_language: str = "vi"
    #: The web workspace's public address ("" when not published): alerts link to it.
    web_url: str = ""


@dataclass(frozen=True)
class Speaker:
    """The person behind an input (None if unregistered) and their catalogue."""

    person: Person | None
    texts: Texts

    @property
    def role(self) -> Role | None:
        """Return the person's role, if registered and active."""
        return self.person.role if self.person and self.person.active else None


async def identify(env: Env, inbound: Inbound) -> Speaker:
    """Find the person behind an input; configured admins are registered on first contact."""
    person = await env.store.person_by_identity(inbound.channel, inbound.user_id)
    configured = (inbound.channel.value, inbound.user_id) in env.admins
    if configured and (person is None or not person.active or person.role != Role.ADMIN):
        # A private chat's id is the account id on both messengers, so a first contact
        # from a group still records where to reach the admin privately.
        person = await env.store.ensure_admin(
            inbound.channel,
            inbound.user_id,
            inbound.user_id,
            inbound.user_name or "Admin",
            language_for(inbound.language, env.default_language),
            env.clock.now(),
        )
    if person is not None and not person.active:
        person = None
    language = person.language if person else language_for(inbound.language, env.default_language)
    return Speaker(person, Texts(language, inbound.channel.value))


def dress(messages: list[Outbound], speaker: Speaker) -> list[Outbound]:
    """Fill in the menu rows and keyboard labels a messenger needs to draw the replies."""
    texts = speaker.texts
    dressed = []
    for message in messages:
        update: dict[str, object] = {}
        if message.keyboard == "main":
            update["menu"] = menu_rows(texts, speaker.role)
        if message.keyboard == "location":
            update["location_label"] = texts("place.send_location")
        dressed.append(message.model_copy(update=update) if update else message)
    return dressed
