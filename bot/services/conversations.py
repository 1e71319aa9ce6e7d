"""Conversations: start one, take each answer, submit or cancel — each step one transaction."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain import Role
from bot.flows.base import StepContext
from bot.flows.engine import UNPROMPTED, FlowEngine, Outcome, state_of
from bot.flows.steps import MAX_TEXT
from bot.messages import Inbound, Outbound
from bot.parsing import ParseError, clean_user_text, fold, is_yes
from bot.services.context import Env, Speaker, dress
from bot.services.entries import EntryService
from bot.services.replies import menu_keys, reply
from bot.texts import CATALOGUES, Texts
from storage.models import Draft

log = logging.getLogger(__name__)


#: How long after sending a late press on "Gửi" is answered with the entry's code.
RECENT = timedelta(minutes=30)

#: Menu items that start a flow when typed instead of pressed.
MENU_FLOWS = {
    "tip": "menu.tip",
    "incident": "menu.incident",
    "deed": "menu.deed",
    "direct_tip": "menu.direct_tip",
}


#: What people type to say hello or thanks: not news to file.
CHATTER = frozenset(
    {
        "xin chao",
        "chao",
        "chao ban",
        "chao bot",
        "alo",
        "a lo",
        "hello",
        "hi",
        "cam on",
        "cam on ban",
        "cam on nhieu",
        "thanks",
        "thank you",
        "tks",
        "test",
        "thu",
        "?",
    }
)
#: Fewer letters than this is no news ("?", "👍", "k").
MIN_LETTERS = 4


def read_news(inbound: Inbound, texts: Texts) -> tuple[dict[str, object] | None, str]:
    """Return the answers a message brings to the news offer — typed text, a voice note or
    a photo (its caption as the text) — or (None, the catalogue key of what to answer
    instead): a greeting or a yes is no news, nor a lone number or emoji."""
    media = inbound.media
    if media is not None and media.kind in ("voice", "photo"):
        kept = {**media.model_dump(), "field": "description" if media.kind == "voice" else "photos"}
        news: dict[str, object] = {"media": [kept]}
        if media.kind == "voice":
            news["description"] = texts("voice.placeholder")
        elif inbound.text:
            caption = clean_user_text(inbound.text, MAX_TEXT)
            if not isinstance(caption, ParseError):
                news["description"] = caption
        return news, ""
    text = inbound.text
    if text is None or media is not None or inbound.location is not None:
        return None, "fallback.unknown"
    if fold(text) in CHATTER or is_yes(text) is not None:
        return None, "fallback.chatter"
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, "fallback.unknown"
    cleaned = clean_user_text(text, MAX_TEXT)
    if isinstance(cleaned, ParseError):
        return None, "fallback.too_long" if cleaned.key == "too_long" else "fallback.unknown"
    return {"description": cleaned}, ""


#: Saves a finished draft of a flow another service owns: (inbound, speaker, draft, answers,
#: the replies to queue first).
Submit = Callable[[Inbound, Speaker, Draft, dict[str, Any], list[Outbound]], Awaitable[None]]
#: Supplies a flow's dynamic choices for one person.
Options = Callable[[Speaker], Awaitable[dict[str, list[tuple[str, str]]]]]


@dataclass(frozen=True)
class FlowHooks:
    """How another service finishes its flows (the calendar's admin conversations)."""

    submit: Submit
    options: Options | None = None


class ConversationService:
    """Runs the flow engine against stored drafts."""

    def __init__(self, env: Env, engine: FlowEngine, entries: EntryService) -> None:
        self.env = env
        self.engine = engine
        self.entries = entries
        #: Flows whose drafts another service saves, by flow name.
        self.hooks: dict[str, FlowHooks] = {}

    def register(self, flow: str, hooks: FlowHooks) -> None:
        """Let another service finish a flow and supply its choices."""
        self.hooks[flow] = hooks

    def context(self, speaker: Speaker, **options: list[tuple[str, str]]) -> StepContext:
        """Build the context steps render and parse with."""
        return StepContext(texts=speaker.texts, now=self._local_now(), options=options)

    def _local_now(self) -> datetime:
        return self.env.clock.now().astimezone(self.env.tz)

    async def _draft(self, inbound: Inbound, speaker: Speaker) -> Draft | None:
        """Return the person's draft, answering into the chat this input came from."""
        person = speaker.person
        assert person is not None
        draft = await self.env.store.get_draft(person.id)
        here = (inbound.channel, inbound.chat_id)
        if (
            draft is not None
            and not inbound.chat_is_group
            and (draft.channel, draft.chat_id) != here
        ):
            # The person went on from their other messenger: the form follows them there,
            # and the next step stored moves it for good.
            draft = draft.model_copy(
                update={"channel": inbound.channel, "chat_id": inbound.chat_id}
            )
        return draft

    async def _options(self, speaker: Speaker, flow: str) -> dict[str, list[tuple[str, str]]]:
        hooks = self.hooks.get(flow)
        if hooks is not None and hooks.options is not None:
            return await hooks.options(speaker)
        if flow == "followup" and speaker.person is not None:
            return {"own_entries": await self.entries.own_entry_options(speaker)}
        if flow == "direct_tip" and speaker.person is not None:
            return {"villages": await self.entries.village_options(speaker)}
        if flow == "deed" and speaker.person is not None:
            return await self.entries.doer_options(speaker)
        return {}

    def _transient(self, draft: Draft) -> bool:
        flow = self.engine.flows.get(draft.flow)
        return flow is not None and flow.transient

    async def start(
        self,
        inbound: Inbound,
        speaker: Speaker,
        flow: str,
        data: dict[str, object] | None = None,
        *,
        at_summary: bool = False,
        quietly: bool = False,
    ) -> bool:
        """Start a flow, unless one is already under way (then say so and re-ask).

        A transient question (the report's period) gives way to the new flow. With
        `quietly`, an open form is left alone and nothing is said. Returns whether the flow
        started (or was refused with an explanation).
        """
        person = speaker.person
        assert person is not None
        flow = self.entries.flow_for(speaker, flow)
        draft = await self._draft(inbound, speaker)
        if draft is not None and not self._transient(draft):
            if quietly:
                return False
            await self.remind(inbound, speaker, draft, speaker.texts("flow.busy"))
            return False
        refusal = self.entries.may_start(speaker, flow)
        if refusal is not None:
            await self.env.store.send(
                [reply(inbound, refusal)], self.env.clock.now(), inbox_key=inbound.key
            )
            return True
        ctx = self.context(speaker, **await self._options(speaker, flow))
        outcome = self.engine.start(
            flow, inbound.channel, inbound.chat_id, ctx, data, at_summary=at_summary
        )
        await self._store(inbound, speaker, outcome, draft=None)
        return True

    async def remind(self, inbound: Inbound, speaker: Speaker, draft: Draft, lead: str) -> None:
        """Ask the current question again, after a lead-in line."""
        ctx = self.context(speaker, **await self._options(speaker, draft.flow))
        prompt = self.engine.resume(draft, ctx, lead=lead)
        await self.env.store.send(
            dress([prompt], speaker), self.env.clock.now(), inbox_key=inbound.key
        )

    async def answer(self, inbound: Inbound, speaker: Speaker) -> bool:
        """Apply an input to the person's draft; return False if they have none."""
        person = speaker.person
        assert person is not None
        draft = await self._draft(inbound, speaker)
        if draft is None:
            return False
        ctx = self.context(speaker, **await self._options(speaker, draft.flow))
        outcome = self.engine.handle(draft, inbound, ctx)
        if outcome.action == "unchanged" and await self._walked_away(inbound, speaker, draft):
            return True
        await self._store(inbound, speaker, outcome, draft=draft)
        return True

    async def _walked_away(self, inbound: Inbound, speaker: Speaker, draft: Draft) -> bool:
        """File the news typed instead of an answer to a question one may walk away from.

        A new member is asked their full name at joining; one who types the news instead
        must not be told "that is no name": the question gives way, the profile name stays,
        and the news is offered for filing. A question the person asked for (/caidat) stays.
        """
        if not self._transient(draft) or not draft.data.get(UNPROMPTED):
            return False
        if inbound.callback is not None:
            return False
        if not self._may_file(speaker):
            return False
        news, _ = read_news(inbound, speaker.texts)
        if news is None:
            return False
        return await self.start(inbound, speaker, "news", news)

    async def cancel(self, inbound: Inbound, speaker: Speaker) -> None:
        """Drop the person's draft, or say there was nothing to cancel."""
        person = speaker.person
        assert person is not None
        draft = await self._draft(inbound, speaker)
        now = self.env.clock.now()
        if draft is None:
            message = reply(inbound, speaker.texts("flow.nothing_to_cancel"), keyboard="main")
            await self.env.store.send(dress([message], speaker), now, inbox_key=inbound.key)
            return
        ctx = self.context(speaker, **await self._options(speaker, draft.flow))
        outcome = self.engine.request_cancel(state_of(draft), ctx)
        await self._store(inbound, speaker, outcome, draft=draft)

    async def _store(
        self, inbound: Inbound, speaker: Speaker, outcome: Outcome, draft: Draft | None
    ) -> None:
        person = speaker.person
        assert person is not None
        now = self.env.clock.now()
        replies = dress(outcome.replies, speaker)
        if outcome.action == "submit":
            assert draft is not None and outcome.state is not None
            hooks = self.hooks.get(draft.flow)
            if hooks is not None:
                await hooks.submit(inbound, speaker, draft, outcome.state.data, replies)
                return
            await self.entries.submit(inbound, speaker, draft, outcome.state.data, replies)
            return
        if outcome.action == "unchanged":
            await self.env.store.send(replies, now, inbox_key=inbound.key)
            return
        await self.env.store.save_turn(
            person.id, outcome.state, outbox=replies, inbox_key=inbound.key, now=now
        )

    async def start_followup(self, inbound: Inbound, speaker: Speaker, code: str | None) -> None:
        """Start a follow-up, on the entry named by `code` if given (it must be the person's)."""
        if not code:
            await self.start(inbound, speaker, "followup")
            return
        entry = await self.entries.followup_target(speaker, code)
        if entry is None:
            text = speaker.texts("followup.unknown", code=code.strip().upper())
            await self.env.store.send(
                [reply(inbound, text)], self.env.clock.now(), inbox_key=inbound.key
            )
            return
        await self.start(inbound, speaker, "followup", {"entry": entry.code, "_preset": True})

    async def unmatched(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer a message that no conversation is waiting for.

        A member who types the news (or says it in a voice note, or sends a photo of it) is
        offered to file it — tip, incident or good deed — with that as what was seen;
        greetings and thanks get a short hint instead.
        """
        texts = speaker.texts
        flow = self._menu_flow(inbound.text or "")
        if flow is not None:
            await self.start(inbound, speaker, flow)
            return
        key = "fallback.edited" if inbound.edited else "fallback.unknown"
        if not inbound.edited and self._may_file(speaker):
            news, key = read_news(inbound, texts)
            if news is not None:
                await self.start(inbound, speaker, "news", news)
                return
        message = reply(inbound, texts(key) + "\n\n" + texts("help.short"), keyboard="main")
        await self.env.store.send(
            dress([message], speaker), self.env.clock.now(), inbox_key=inbound.key
        )

    def _may_file(self, speaker: Speaker) -> bool:
        """Whether this person files tips as a team member (police log theirs directly)."""
        return speaker.role in (Role.MEMBER, Role.LEADER) and (
            self.entries.may_start(speaker, "tip") is None
        )

    async def menu_choice(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Return the main-menu item a typed number picks ("1" → "menu.tip"), with nothing
        open; for messengers that draw the menu as a numbered line (Zalo)."""
        typed = (inbound.text or "").strip()
        if speaker.person is None or inbound.edited or not typed.isdigit() or len(typed) > 2:
            return None
        if await self._draft(inbound, speaker) is not None:
            return None
        keys = menu_keys(speaker.role)
        number = int(typed)
        return keys[number - 1] if 1 <= number <= len(keys) else None

    def _menu_flow(self, text: str) -> str | None:
        """Recognise a menu item typed by hand ("tin bao", "viec tot")."""
        typed = fold(text)
        if not typed:
            return None
        for flow, key in MENU_FLOWS.items():
            if any(fold(catalogue[key]) == typed for catalogue in CATALOGUES.values()):
                return flow
        return None

    async def after_interruption(self, inbound: Inbound, speaker: Speaker) -> None:
        """Re-ask the open question after a command answered in the middle of a flow."""
        person = speaker.person
        if person is None:
            return
        draft = await self._draft(inbound, speaker)
        if draft is not None and not self._transient(draft):
            await self.remind(inbound, speaker, draft, speaker.texts("flow.still_open"))

    async def notice(self, inbound: Inbound, speaker: Speaker, text: str) -> None:
        """Tell the person something about what they sent, then re-ask any open question."""
        person = speaker.person
        assert person is not None
        draft = await self._draft(inbound, speaker)
        if draft is not None:
            # The question (and its choices) is just above: say what went wrong, no more.
            hint = reply(inbound, "⚠️ " + text + "\n" + speaker.texts("flow.answer_above"))
            await self.env.store.send([hint], self.env.clock.now(), inbox_key=inbound.key)
            return
        message = reply(inbound, text + "\n\n" + speaker.texts("help.short"), keyboard="main")
        await self.env.store.send(
            dress([message], speaker), self.env.clock.now(), inbox_key=inbound.key
        )

    async def help(self, inbound: Inbound, speaker: Speaker) -> None:
        """Show what this person can do."""
        texts = speaker.texts
        role = speaker.role.value if speaker.role else "member"
        message = reply(inbound, texts(f"help.{role}"), keyboard="main")
        await self.env.store.send(
            dress([message], speaker), self.env.clock.now(), inbox_key=inbound.key
        )

    async def stale_button(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer a press on a conversation that is over (sent, cancelled or expired)."""
        texts = speaker.texts
        text = texts("flow.over")
        assert speaker.person is not None
        recent = await self.env.store.entries_by_reporter(speaker.person.id, 1)
        if recent and self.env.clock.now() - recent[0].created_at < RECENT:
            text += "\n" + texts("flow.last_code", code=recent[0].code)
        message = reply(inbound, text, keyboard="main")
        await self.env.store.send(
            dress([message], speaker), self.env.clock.now(), inbox_key=inbound.key
        )

    async def unknown_command(self, inbound: Inbound, speaker: Speaker) -> None:
        """Explain an unknown command, then re-ask any open question."""
        texts = speaker.texts
        message = reply(
            inbound,
            texts("fallback.command", command=inbound.command or "") + "\n\n" + texts("help.short"),
        )
        await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)
        await self.after_interruption(inbound, speaker)
