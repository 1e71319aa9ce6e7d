"""Zalo surface: turn a Zalo event into an Inbound and run the action Telegram would run.

Zalo has no buttons or callbacks: everything arrives as typed text, a picture, a sticker
or "unsupported". A typed command or main-menu word is looked up in the same route table
Telegram registers (handlers/routes.py); a short answer to an alert («nhận 12», «xong 12»,
or «xong» replying to the alert) goes to the police; anything else answers the open
conversation, exactly like Telegram's catch-all. In a group Zalo passes the bot only
messages that @mention it or reply to it: the mention is dropped before parsing. No flow or
rule lives here.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Sequence

from bot.domain import Channel, Role
from bot.messages import Inbound, MediaRef
from bot.parsing.quick import QuickAnswer, parse_quick
from bot.services import Services
from bot.services.context import Speaker, language_of
from bot.services.replies import reply
from bot.texts import Texts
from bot.zalo.media import MediaProblem
from bot.zalo.models import ZaloEvent
from handlers.flow import answer, unknown_command
from handlers.routes import (
    Action,
    Route,
    by_command,
    by_menu_key,
    by_menu_word,
    run_action,
    split_command,
)
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)


def strip_mention(text: str, bot_name: str) -> str:
    """Drop an @mention of the bot from a group message ("@ANTT Bot /lienketnhom X1")."""
    if bot_name and "@" in text:
        text = re.sub(rf"@{re.escape(bot_name)}\b", " ", text, flags=re.IGNORECASE)
    text = text.strip(" \t,:")
    if text.startswith("@"):
        # A mention by a name we don't know (getMe failed): a command starts at its slash.
        slash = text.find(" /")
        if slash > 0:
            text = text[slash + 1 :]
    return text


def to_inbound(
    event: ZaloEvent, key: str, media: MediaRef | None = None, *, bot_name: str = ""
) -> Inbound | None:
    """Parse a Zalo event into an Inbound (media already kept); None for a bot's own message."""
    message = event.message
    user = message.from_user
    if user.is_bot:
        return None
    text: str | None = None
    command: str | None = None
    args: list[str] = []
    group = message.chat.chat_type == "GROUP"
    if event.kind == "text":
        text = message.text or ""
        if group:
            text = strip_mention(text, bot_name)
        command, args = split_command(text)
    elif event.kind == "image":
        text = message.caption
    if media is None and event.kind == "sticker":
        media = MediaRef(kind="sticker", ref=message.sticker or "", channel=Channel.ZALO)
    elif media is None and event.kind != "text" and event.kind != "image":
        media = MediaRef(kind="other", ref="", channel=Channel.ZALO)
    return Inbound(
        key=key,
        channel=Channel.ZALO,
        chat_id=event.chat_id,
        chat_is_group=group,
        user_id=user.id,
        user_name=user.display_name or "",
        message_id=message.message_id,
        text=text,
        command=command,
        args=args,
        media=media,
        quoted_id=message.quoted_id,
    )


def _notice(key: str, **values: object) -> Action:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        await services.conversations.notice(inbound, speaker, speaker.texts(key, **values))
        return None

    run.__doc__ = f"Tells the person {key} and re-asks any open question."
    return run


def _quick(quick: QuickAnswer) -> Action:
    async def run(services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        if speaker.role not in (Role.POLICE, Role.ADMIN):
            # Not police: in private it is an answer to their own conversation.
            if not inbound.chat_is_group:
                await answer(services, inbound, speaker)
            return None
        await services.quick.answer(inbound, speaker, quick)
        if not inbound.chat_is_group:
            await services.conversations.after_interruption(inbound, speaker)
        return None

    run.__doc__ = "Takes or marks handled the alert a short answer names."
    return run


class ZaloRouter:
    """Maps a typed command, a menu word or free text to the shared actions."""

    def __init__(
        self,
        services: Services,
        routes: Sequence[Route],
        max_media_mb: int,
        *,
        groups: set[str] | None = None,
    ) -> None:
        self.services = services
        self.routes = list(routes)
        #: Chat ids seen as groups (the outbox paces them as groups).
        self.groups = groups if groups is not None else set()
        self.problems: dict[MediaProblem, Action] = {
            "failed": _notice("zalo.media_failed"),
            "too_large": _notice("zalo.media_too_large", limit=max_media_mb),
        }
        self.unsupported = _notice("zalo.unsupported")

    async def keeps_media(self, event: ZaloEvent) -> bool:
        """Keep files from registered people (and configured admins) only."""
        env = self.services.env
        user_id = event.user.id
        if (Channel.ZALO.value, user_id) in env.admins:
            return True
        person = await env.store.person_by_identity(Channel.ZALO, user_id)
        return person is not None and person.active

    async def dispatch(
        self, event: ZaloEvent, key: str, media: MediaRef | None, problem: MediaProblem | None
    ) -> None:
        """Handle one stored event; a failure is logged without content and apologised for."""
        inbound = to_inbound(event, key, media, bot_name=self.services.onboarding.zalo_name)
        if inbound is None:
            return
        if inbound.chat_is_group:
            self.groups.add(inbound.chat_id)
        try:
            await self.handle(inbound, problem)
        except StorageUnavailable:
            # The database refuses writes: the intake keeps the event and tells the person.
            log.warning("Zalo event %s: the database refused its writes", key)
        except Exception as exc:
            # As handlers/errors.py: type and frames only; the message may name a source.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("Zalo event %s failed: %s\n%s", key, type(exc).__name__, frames)
            if not inbound.chat_is_group:
                env = self.services.env
                language = await language_of(env, Channel.ZALO, inbound.user_id)
                texts = Texts(language, Channel.ZALO.value)
                apology = reply(inbound, texts("error.sorry"))
                await self.services.env.store.send([apology], self.services.env.clock.now())
                self.services.kick()

    async def handle(self, inbound: Inbound, problem: MediaProblem | None = None) -> None:
        """Run the action for one input; group chats answer commands only, as on Telegram."""
        services = self.services
        if problem is not None:
            await run_action(services, inbound, self.problems[problem])
            return
        if inbound.command is not None:
            route = by_command(self.routes, inbound.command, inbound.chat_is_group)
            if route is not None:
                await run_action(services, inbound, route.action, registered=route.registered)
            elif not inbound.chat_is_group:
                await run_action(services, inbound, unknown_command)
            return
        quick = parse_quick(inbound.text or "") if inbound.media is None else None
        if quick is not None and (
            inbound.chat_is_group or quick.names_entry or inbound.quoted_id is not None
        ):
            # «xong» alone in private is a conversation's "done", unless it answers an alert.
            await run_action(services, inbound, _quick(quick), registered=False)
            return
        if inbound.chat_is_group:
            return
        if inbound.media is not None and inbound.media.kind == "other":
            await run_action(services, inbound, self.unsupported)
            return
        route = by_menu_word(self.routes, inbound.text or "", is_group=False)
        if route is not None:
            await run_action(services, inbound, route.action, registered=route.registered)
            return
        await run_action(services, inbound, self._typed, registered=False)

    async def _typed(self, services: Services, inbound: Inbound, speaker: Speaker) -> str | None:
        """Answers the open conversation; with nothing open, "1"…"4" pick from the menu."""
        key = await services.conversations.menu_choice(inbound, speaker)
        route = by_menu_key(self.routes, key) if key is not None else None
        if route is not None:
            return await route.action(services, inbound, speaker)
        return await answer(services, inbound, speaker)
