"""Real names: the full name (họ và tên) reports, lists and notices show.

Asked once when someone joins (their messenger's display name offered as the default),
changeable in /caidat, correctable by admins (/doiten). The name is stored on the person,
so every report, workbook, commendation list and "taken by" notice shows it at once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain import Channel
from bot.flows.base import StepContext
from bot.flows.engine import UNPROMPTED, FlowEngine
from bot.flows.name import DEFAULT, KEEP, NAME
from bot.messages import Inbound, Outbound
from bot.parsing import ParseError
from bot.parsing.names import clean_profile_name, parse_full_name
from bot.services.context import Env, Speaker, dress
from bot.services.conversations import ConversationService, FlowHooks
from bot.texts import Texts
from storage.models import AuditEvent, Draft, DraftState, Person

FLOW = NAME.name


def name_options(default: str | None) -> dict[str, list[tuple[str, str]]]:
    """Return the name question's options: the default to offer, if it is name-like."""
    cleaned = clean_profile_name(default or "")
    return {DEFAULT: [(KEEP, cleaned)]} if cleaned else {}


def rename_event(by: int | None, person: Person, new: str, at: datetime) -> AuditEvent:
    """Return the audit record of a name change."""
    return AuditEvent(
        at=at,
        actor_id=by,
        action="org",
        subject=f"person:{person.id}",
        detail=f"name {person.name} -> {new}",
    )


class NameService:
    """Asks for, stores and corrects people's full names."""

    def __init__(self, env: Env, engine: FlowEngine, conversations: ConversationService) -> None:
        self.env = env
        self.engine = engine
        self.conversations = conversations
        conversations.register(FLOW, FlowHooks(submit=self._save, options=self._options))

    async def _options(self, speaker: Speaker) -> dict[str, list[tuple[str, str]]]:
        person = speaker.person
        return name_options(person.name if person else None)

    def opening(
        self, channel: Channel, chat_id: str, texts: Texts, default: str | None
    ) -> tuple[DraftState, Outbound]:
        """Return the question as a new conversation (its state and prompt), not yet stored."""
        ctx = StepContext(
            texts=texts,
            now=self.env.clock.now().astimezone(self.env.tz),
            options=name_options(default),
        )
        outcome = self.engine.start(FLOW, channel, chat_id, ctx, {UNPROMPTED: True})
        assert outcome.state is not None
        return outcome.state, outcome.replies[-1]

    async def ask_at_start(self, inbound: Inbound, speaker: Speaker, greeting: str) -> bool:
        """Greet someone never asked for their full name with the question; False if asked."""
        person = speaker.person
        if person is None or person.name_asked_at is not None:
            return False
        if await self.env.store.get_draft(person.id) is not None:
            return False
        state, prompt = self.opening(inbound.channel, inbound.chat_id, speaker.texts, person.name)
        greeted = prompt.model_copy(update={"text": greeting + "\n\n" + prompt.text})

        def render(asked: bool) -> list[Outbound]:
            return [greeted] if asked else []

        return await self.env.store.ask_name(
            person.id, state, now=self.env.clock.now(), inbox_key=inbound.key, render=render
        )

    async def change(self, inbound: Inbound, speaker: Speaker, typed: str = "") -> None:
        """/caidat ten [Họ Tên]: set the name typed, or ask for it."""
        if not typed:
            await self.conversations.start(inbound, speaker, FLOW)
            return
        outcome = await self._typed(inbound, speaker, typed)
        if outcome is not None:
            await self.env.store.send([outcome], self.env.clock.now(), inbox_key=inbound.key)

    async def _typed(self, inbound: Inbound, speaker: Speaker, typed: str) -> Outbound | None:
        """Save a name typed after the command; return the refusal to send, if any."""
        parsed = parse_full_name(typed)
        if isinstance(parsed, ParseError):
            text = speaker.texts(f"err.{parsed.key}", limit=60)
            return Outbound(channel=inbound.channel, chat_id=inbound.chat_id, text="⚠️ " + text)
        # Typed over an open question: that question is answered too.
        assert speaker.person is not None
        draft = await self.env.store.get_draft(speaker.person.id)
        open_question = draft.id if draft is not None and draft.flow == FLOW else None
        await self._store(inbound, speaker, parsed, [], draft_id=open_question)
        return None

    async def _save(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: list[Outbound],
    ) -> None:
        """Store the name the question got, and close it."""
        await self._store(inbound, speaker, str(data["name"]), lead, draft_id=draft.id)

    async def _store(
        self,
        inbound: Inbound,
        speaker: Speaker,
        name: str,
        lead: list[Outbound],
        *,
        draft_id: int | None,
    ) -> None:
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        now = self.env.clock.now()
        # The first time is right after joining: the help the welcome left out comes now.
        first = person.name_confirmed_at is None and speaker.role is not None
        help_key = f"help.{person.role.value}" if first else "help.body"
        text = texts("name.saved", name=name) + "\n\n" + texts(help_key)
        done = Outbound(
            channel=inbound.channel, chat_id=inbound.chat_id, text=text, keyboard="main"
        )
        audit = [rename_event(person.id, person, name, now)] if name != person.name else []
        await self.env.store.set_person_name(
            person.id,
            name,
            now=now,
            inbox_key=inbound.key,
            outbox=[*lead, *dress([done], speaker)],
            audit=audit,
            draft_id=draft_id,
        )
