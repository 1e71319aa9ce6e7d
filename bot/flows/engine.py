"""Runs conversations: turns a person's answer and their draft into the next draft and replies.

Pure: no messenger, no database. The conversation service loads the draft, calls the
engine and stores what it returns in one transaction, so a step is never half-taken.

A form asks its steps in turn (`Flow.sequence`), then shows a summary whose choices are
«Gửi», one per optional part (`Flow.offered`: photos, urgency, a confidential source —
each with a safe default until chosen) and «Sửa». See docs/developing.md for the diagram.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.domain import Channel
from bot.flows.base import (
    SKIP,
    Accept,
    Ask,
    Data,
    Flow,
    Reject,
    Result,
    Step,
    StepContext,
    StepInput,
)
from bot.messages import Button, Inbound, Outbound
from bot.parsing import is_back, is_cancel, is_done, is_skip, is_yes, match_choice
from storage.models import Draft, DraftState

CALLBACK_PREFIX = "f"
SUMMARY = "_summary"
#: Marks a question the bot asked unprompted (the full name at joining): typing something
#: else instead walks away from it.
UNPROMPTED = "_unprompted"
EDIT = "_edit"
#: "Hủy tin đang soạn? Có / Không": asked once before answers are dropped.
CANCEL = "_cancel"
#: Screens the engine draws itself (a draft's step may be one of these).
MARKERS = (SUMMARY, EDIT, CANCEL)
#: Draft key: where to come back after an edit or an optional part (the summary).
RETURN = "_return"
#: Summary choice ids of the optional parts: "+photos", "+urgent", …
OFFER = "+"


@dataclass(frozen=True)
class Callback:
    """A pressed conversation button: which draft, which question, which answer."""

    nonce: str
    seq: int
    value: str

    def encode(self) -> str:
        """Return the callback data (ASCII, well under Telegram's 64 bytes)."""
        return f"{CALLBACK_PREFIX}:{self.nonce}:{self.seq}:{self.value}"

    @classmethod
    def decode(cls, data: str) -> Callback | None:
        """Parse callback data; None for anything not made by us."""
        parts = data.split(":", 3)
        if len(parts) != 4 or parts[0] != CALLBACK_PREFIX or not parts[2].isdigit():
            return None
        return cls(parts[1], int(parts[2]), parts[3])


@dataclass
class Outcome:
    """What to do after an input: keep going, submit the answers, or drop the draft."""

    action: Literal["continue", "submit", "cancel", "unchanged"]
    state: DraftState | None
    replies: list[Outbound] = field(default_factory=list)


class FlowEngine:
    """Drives every flow the same way, whichever messenger the person uses."""

    def __init__(self, flows: Mapping[str, Flow]) -> None:
        self.flows = dict(flows)

    # --- starting -------------------------------------------------------------------

    def start(
        self,
        flow_name: str,
        channel: Channel,
        chat_id: str,
        ctx: StepContext,
        data: Data | None = None,
        *,
        at_summary: bool = False,
    ) -> Outcome:
        """Begin a flow at its first unanswered step, or (editing a record) at its summary.

        Answers given with `data` (the typed news as what was seen) are not asked again.
        """
        flow = self.flows[flow_name]
        answers: Data = {"_nonce": secrets.token_hex(3), **(data or {})}
        first, history, skip = self._entry(flow, answers)
        assert first is not None or flow.summary, f"flow {flow_name} has nothing to ask"
        if skip:
            answers[SKIP] = skip
        step = SUMMARY if (at_summary and flow.summary) or first is None else first.name
        state = DraftState(
            flow=flow_name,
            step=step,
            seq=1,
            data=answers,
            history=[] if at_summary else history,
            channel=channel,
            chat_id=chat_id,
        )
        return Outcome(
            "continue", state, [self._prompt(flow, state, ctx, lead=self._intro(flow, ctx))]
        )

    def resume(self, draft: Draft, ctx: StepContext, lead: str = "") -> Outbound:
        """Ask the current question again (after a restart, a stray command, …)."""
        flow = self.flows[draft.flow]
        return self._prompt(flow, self._known(flow, state_of(draft)), ctx, lead=lead)

    @staticmethod
    def _intro(flow: Flow, ctx: StepContext) -> str:
        key = flow.title_key + ".intro"
        return ctx.texts(key) if ctx.texts.has(key) else ""

    @staticmethod
    def _entry(flow: Flow, data: Data) -> tuple[Step | None, list[str], list[str]]:
        """Return the first step to ask, the answered steps before it (where "back" goes)
        and the answered ones after it (passed over, and not counted)."""
        first: Step | None = None
        history: list[str] = []
        skip: list[str] = []
        for step in flow.sequence:
            if not step.applies(data):
                continue
            if step.answered(data):
                (history if first is None else skip).append(step.name)
            elif first is None:
                first = step
        return first, history, skip

    @staticmethod
    def _known(flow: Flow, state: DraftState) -> DraftState:
        """A draft stored at a step that no longer exists resumes at the summary."""
        if state.step in MARKERS or flow.has(state.step):
            return state
        first = flow.next_step(None, state.data)
        step = SUMMARY if flow.summary else (first.name if first else flow.steps[0].name)
        return state.model_copy(update={"step": step})

    # --- answering ------------------------------------------------------------------

    def handle(self, draft: Draft, inbound: Inbound, ctx: StepContext) -> Outcome:
        """Apply one input to a draft."""
        flow = self.flows[draft.flow]
        state = self._known(flow, state_of(draft))
        if inbound.callback is not None:
            return self._pressed(flow, state, inbound, ctx)
        text = inbound.text
        if text is not None and inbound.media is None:
            if is_cancel(text):
                return self.request_cancel(state, ctx)
            if is_back(text):
                return self._back(flow, state, ctx)
            step = self._current(flow, state)
            ask = self._ask(flow, state, ctx)
            if ask.skip and is_skip(text):
                return self._advance(flow, state, step, Accept(step.skipped(state.data)), ctx)
            if ask.done and is_done(text):
                return self._advance(flow, state, step, step.done(state.data, ctx), ctx)
        answer = StepInput(text=text, location=inbound.location, media=inbound.media)
        if self._stray_photo(flow, state, answer):
            return self._keep_photo(flow, state, answer, ctx)
        return self._answer(flow, state, answer, ctx)

    def request_cancel(self, state: DraftState, ctx: StepContext) -> Outcome:
        """Drop the draft, but first ask once if the person has answered something."""
        flow = self.flows[state.flow]
        if state.step == CANCEL or flow.transient or not state.history:
            return self.cancel(state, ctx)
        new = state.model_copy(
            update={"step": CANCEL, "seq": state.seq + 1, "history": [*state.history, state.step]}
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

    def cancel(self, state: DraftState, ctx: StepContext) -> Outcome:
        """Drop the draft."""
        flow = self.flows[state.flow]
        reply = Outbound(
            channel=state.channel,
            chat_id=state.chat_id,
            text=ctx.texts("flow.cancelled", title=ctx.texts(flow.title_key)),
            keyboard="main",
        )
        return Outcome("cancel", None, [reply])

    def _pressed(
        self, flow: Flow, state: DraftState, inbound: Inbound, ctx: StepContext
    ) -> Outcome:
        callback = Callback.decode(inbound.callback or "")
        if callback is None or callback.nonce != state.data.get("_nonce"):
            lead = ctx.texts("flow.button_expired")
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        if callback.seq != state.seq:
            lead = ctx.texts("flow.button_past")
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        value = callback.value
        step = self._current(flow, state)
        ask = self._ask(flow, state, ctx)
        echo = self._echo(inbound, ask, value, ctx)
        if value == "x":
            outcome = self.request_cancel(state, ctx)
        elif value == "<":
            outcome = self._back(flow, state, ctx)
        elif value == ">" and ask.skip:
            outcome = self._advance(flow, state, step, Accept(step.skipped(state.data)), ctx)
        elif value == "ok" and ask.done:
            outcome = self._advance(flow, state, step, step.done(state.data, ctx), ctx)
        elif value.startswith("c:"):
            answer = StepInput(choice=value[2:])
            outcome = self._answer(flow, state, answer, ctx, pressed=inbound.message_id)
        else:
            lead = ctx.texts("flow.button_expired")
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        redrawn = any(r.edit_message_id == inbound.message_id for r in outcome.replies)
        if echo is not None and outcome.action != "unchanged" and not redrawn:
            outcome.replies.insert(0, echo)
        return outcome

    def _echo(self, inbound: Inbound, ask: Ask, value: str, ctx: StepContext) -> Outbound | None:
        """Rewrite the pressed message to show the answer and drop its buttons."""
        if inbound.message_id is None or inbound.message_text is None:
            return None
        labels = {f"c:{cid}": label for cid, label in ask.choices}
        labels.update(
            {
                "<": ctx.texts("nav.back"),
                "x": ctx.texts("nav.cancel"),
                ">": ctx.texts("nav.skip"),
                "ok": ctx.texts("nav.done"),
            }
        )
        label = labels.get(value)
        if label is None:
            return None
        return Outbound(
            channel=inbound.channel,
            chat_id=inbound.chat_id,
            text=f"{inbound.message_text}\n👉 {label}",
            edit_message_id=inbound.message_id,
        )

    def _answer(
        self,
        flow: Flow,
        state: DraftState,
        answer: StepInput,
        ctx: StepContext,
        *,
        lead: str = "",
        pressed: str | None = None,
    ) -> Outcome:
        step = self._current(flow, state)
        if step.name == SUMMARY:
            return self._summary_answer(flow, state, answer, ctx, pressed=pressed)
        if step.name == EDIT:
            return self._edit_answer(flow, state, answer, ctx)
        if step.name == CANCEL:
            return self._cancel_answer(flow, state, answer, ctx)
        result = step.accept(state.data, answer, ctx)
        return self._advance(flow, state, step, result, ctx, lead=lead)

    def _advance(
        self,
        flow: Flow,
        state: DraftState,
        step: Step,
        result: Result,
        ctx: StepContext,
        *,
        lead: str = "",
    ) -> Outcome:
        if isinstance(result, Reject):
            # The question and its buttons are just above: say only what went wrong.
            return Outcome("unchanged", state, [self._hint(state, "⚠️ " + result.message)])
        data = {**state.data, **result.updates}
        # What an answer was understood as leads the next question: one message, not two.
        lead = "\n".join(part for part in (lead, "✔️ " + result.note if result.note else "") if part)
        if result.switch is not None:
            return self._switch(state, result.switch, data, ctx, lead)
        if result.stay:
            new = state.model_copy(update={"data": data})
            if not result.reprompt:
                return Outcome("continue", new, [self._hint(state, lead)])
            return Outcome("continue", new, [self._prompt(flow, new, ctx, lead=lead)])
        following = self._following(flow, step, data)
        target = following.name if following else (SUMMARY if flow.summary else None)
        if target is None:
            return Outcome("submit", state.model_copy(update={"data": data}), [])
        history = [*state.history, step.name]
        if target == SUMMARY and SUMMARY in history:
            # Back from the summary goes to the last question, not into an edit or a photo.
            history = history[: history.index(SUMMARY)]
        new = state.model_copy(
            update={"data": data, "step": target, "seq": state.seq + 1, "history": history}
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx, lead=lead)])

    @staticmethod
    def _following(flow: Flow, step: Step, data: Data) -> Step | None:
        """Return the next step to ask (None: the summary), updating `data` on the way."""
        if step.on_summary:
            data.pop(RETURN, None)
            return None
        following = flow.next_step(step.name, data)
        if data.get(RETURN):
            # After an edit, ask only what the change made newly relevant, then summarise.
            while following is not None and following.answered(data):
                following = flow.next_step(following.name, data)
            if following is None:
                data.pop(RETURN)
        return following

    def _switch(
        self, state: DraftState, flow_name: str, data: Data, ctx: StepContext, lead: str
    ) -> Outcome:
        """Go on in another flow with the answers so far (the typed news became a tip)."""
        flow = self.flows[flow_name]
        first, history, skip = self._entry(flow, data)
        data[SKIP] = skip
        new = DraftState(
            flow=flow_name,
            step=first.name if first is not None else SUMMARY,
            seq=state.seq + 1,
            data=data,
            history=history,
            channel=state.channel,
            chat_id=state.chat_id,
        )
        # No intro ("Gửi tin báo mới"): nothing starts over, the next question says enough.
        return Outcome("continue", new, [self._prompt(flow, new, ctx, lead=lead)])

    def _back(self, flow: Flow, state: DraftState, ctx: StepContext) -> Outcome:
        if not state.history:
            return Outcome("unchanged", state, [self._hint(state, ctx.texts("flow.first_step"))])
        history = list(state.history)
        previous = history.pop()
        # "Không" on the cancel question goes back exactly where the person was.
        data = (
            state.data
            if state.step == CANCEL
            else {k: v for k, v in state.data.items() if k != RETURN}
        )
        new = state.model_copy(
            update={"step": previous, "seq": state.seq + 1, "history": history, "data": data}
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

    # --- photos sent at any step ---------------------------------------------------------

    @staticmethod
    def _photos_step(flow: Flow) -> Step | None:
        return next((s for s in flow.offered if s.collects), None)

    def _stray_photo(self, flow: Flow, state: DraftState, answer: StepInput) -> bool:
        """A photo sent where the question wants something else, in a form that takes photos."""
        if answer.media is None or answer.media.kind != "photo":
            return False
        photos = self._photos_step(flow)
        return photos is not None and state.step not in (photos.name, EDIT, CANCEL)

    def _keep_photo(
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        """Keep the photo with the form (never drop it); a caption answers the question."""
        photos = self._photos_step(flow)
        assert photos is not None
        result = photos.accept(state.data, StepInput(media=answer.media), ctx)
        if isinstance(result, Reject):
            return Outcome("unchanged", state, [self._hint(state, "⚠️ " + result.message)])
        kept = state.model_copy(update={"data": {**state.data, **result.updates}})
        note = "📷 " + (result.note or "")
        if state.step == SUMMARY:
            # On the summary a photo opens the photo step: more may follow, then «Xong».
            new = kept.model_copy(
                update={
                    "step": photos.name,
                    "seq": state.seq + 1,
                    "history": [*state.history, SUMMARY],
                }
            )
            # Its question says how many there are and how to finish: no lead needed.
            return Outcome("continue", new, [self._prompt(flow, new, ctx)])
        if answer.text:
            outcome = self._answer(flow, kept, StepInput(text=answer.text), ctx, lead=note)
            if outcome.action != "unchanged":
                return outcome
            # The caption did not answer the question: the photo is kept all the same.
            return Outcome("continue", kept, [self._hint(state, note), *outcome.replies])
        return Outcome("continue", kept, [self._hint(state, note + " " + ctx.texts("photos.kept"))])

    # --- summary and editing -------------------------------------------------------------

    def summary_text(self, flow: Flow, data: Data, ctx: StepContext) -> str:
        """Return every answer, one line each, as the summary shows them."""
        lines = []
        for step in flow.steps:
            if not step.applies(data):
                continue
            value = step.show(data, ctx)
            if value is not None:
                lines.append(f"• {ctx.texts(step.title_key)}: {value}")
        return "\n".join(lines)

    def _summary_ask(self, flow: Flow, state: DraftState, ctx: StepContext) -> Ask:
        text = ctx.texts(
            "flow.summary",
            title=ctx.texts(flow.title_key),
            lines=self.summary_text(flow, state.data, ctx),
        )
        choices = [("send", ctx.texts("choice.send"))]
        choices += [
            (OFFER + s.name, s.offer(state.data, ctx))
            for s in flow.offered
            if s.applies(state.data)
        ]
        choices.append(("edit", ctx.texts("choice.edit")))
        return Ask(text, choices=choices)

    def _editable(self, flow: Flow, data: Data) -> list[Step]:
        return [s for s in flow.sequence if s.applies(data)]

    def _edit_ask(self, flow: Flow, state: DraftState, ctx: StepContext) -> Ask:
        choices = [(s.name, ctx.texts(s.title_key)) for s in self._editable(flow, state.data)]
        return Ask(ctx.texts("flow.edit_which"), choices=choices, columns=2)

    def _summary_answer(
        self,
        flow: Flow,
        state: DraftState,
        answer: StepInput,
        ctx: StepContext,
        *,
        pressed: str | None = None,
    ) -> Outcome:
        if answer.location is not None:
            # The location keyboard may still be on the phone: a pin changes the place.
            place = next((s for s in flow.sequence if s.name == "place"), None)
            if place is not None:
                return self._redraw(flow, state, place.accept(state.data, answer, ctx), ctx)
        ask = self._summary_ask(flow, state, ctx)
        choice = self._typed_choice(ask, answer)
        if choice == "send":
            return Outcome("submit", state, [])
        if choice == "edit":
            return self._open(flow, state, EDIT, state.data, ctx)
        if choice is not None and choice.startswith(OFFER):
            step = flow.step(choice.removeprefix(OFFER))
            toggled = step.pressed(state.data, ctx)
            if toggled is not None:
                return self._redraw(flow, state, toggled, ctx, edit=pressed)
            return self._open(flow, state, step.name, {**state.data, RETURN: SUMMARY}, ctx)
        message = ctx.texts("err.choice", count=len(ask.choices))
        return Outcome("unchanged", state, [self._hint(state, "⚠️ " + message)])

    def _open(
        self, flow: Flow, state: DraftState, step: str, data: Data, ctx: StepContext
    ) -> Outcome:
        """Leave the summary for a question that comes back to it."""
        new = state.model_copy(
            update={
                "step": step,
                "seq": state.seq + 1,
                "history": [*state.history, SUMMARY],
                "data": data,
            }
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

    def _redraw(
        self,
        flow: Flow,
        state: DraftState,
        result: Result,
        ctx: StepContext,
        *,
        edit: str | None = None,
    ) -> Outcome:
        """Apply a change made on the summary and show it again (in place, if pressed)."""
        if isinstance(result, Reject):
            return Outcome("unchanged", state, [self._hint(state, "⚠️ " + result.message)])
        new = state.model_copy(
            update={"data": {**state.data, **result.updates}, "seq": state.seq + 1}
        )
        lead = "✔️ " + result.note if result.note else ""
        prompt = self._prompt(flow, new, ctx, lead=lead)
        if edit is not None:
            prompt = prompt.model_copy(update={"edit_message_id": edit})
        return Outcome("continue", new, [prompt])

    def _edit_answer(
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        ask = self._edit_ask(flow, state, ctx)
        choice = self._typed_choice(ask, answer)
        if choice is None:
            message = ctx.texts("err.choice", count=len(ask.choices))
            return Outcome("unchanged", state, [self._hint(state, "⚠️ " + message)])
        skip = [name for name in state.data.get(SKIP, ()) if name != choice]
        new = state.model_copy(
            update={
                "step": choice,
                "seq": state.seq + 1,
                "history": [*state.history, EDIT],
                "data": {**state.data, RETURN: SUMMARY, SKIP: skip},
            }
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

    # --- "Hủy tin đang soạn?" ----------------------------------------------------------------

    @staticmethod
    def _cancel_ask(flow: Flow, ctx: StepContext) -> Ask:
        choices = [("yes", ctx.texts("flow.cancel_yes")), ("no", ctx.texts("flow.cancel_no"))]
        text = ctx.texts("flow.cancel_ask", title=ctx.texts(flow.title_key))
        return Ask(text, choices=choices, columns=2)

    def _cancel_answer(
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        choice = self._typed_choice(self._cancel_ask(flow, ctx), answer)
        if choice is None and answer.text is not None:
            verdict = is_yes(answer.text)
            choice = None if verdict is None else ("yes" if verdict else "no")
        if choice == "yes":
            return self.cancel(state, ctx)
        if choice == "no":
            return self._back(flow, state, ctx)
        message = ctx.texts("err.choice", count=2)
        return Outcome("unchanged", state, [self._hint(state, "⚠️ " + message)])

    @staticmethod
    def _typed_choice(ask: Ask, answer: StepInput) -> str | None:
        ids = [cid for cid, _ in ask.choices]
        if answer.choice is not None:
            return answer.choice if answer.choice in ids else None
        if answer.text is None:
            return None
        return match_choice(answer.text, list(ask.choices)).id

    # --- rendering ------------------------------------------------------------------------

    def _current(self, flow: Flow, state: DraftState) -> Step:
        if state.step in MARKERS:
            return _Marker(state.step)
        return flow.step(state.step)

    def _ask(self, flow: Flow, state: DraftState, ctx: StepContext) -> Ask:
        if state.step == SUMMARY:
            return self._summary_ask(flow, state, ctx)
        if state.step == EDIT:
            return self._edit_ask(flow, state, ctx)
        if state.step == CANCEL:
            return self._cancel_ask(flow, ctx)
        return flow.step(state.step).ask(state.data, ctx)

    @staticmethod
    def _hint(state: DraftState, text: str) -> Outbound:
        """A short answer under the question, which (with its buttons) stays as it was."""
        return Outbound(channel=state.channel, chat_id=state.chat_id, text=text)

    def _prompt(self, flow: Flow, state: DraftState, ctx: StepContext, lead: str = "") -> Outbound:
        ask = self._ask(flow, state, ctx)
        nonce = str(state.data.get("_nonce", ""))

        def data(value: str) -> str:
            return Callback(nonce, state.seq, value).encode()

        text = ask.text
        step = None if state.step in MARKERS else flow.step(state.step)
        if flow.counted and step is not None and not step.on_summary:
            number, total = flow.position(state.step, state.data)
            text = ctx.texts("flow.step", number=number, total=total) + "\n" + text
        if lead:
            text = f"{lead}\n\n{text}"
        nav: list[Button] = []
        if state.step != CANCEL:
            # Typed twins come from the person's catalogue: "xong" / "done", "bỏ qua" / "skip".
            if ask.done:
                nav.append(nav_button(ctx, "done", data("ok")))
            if ask.skip:
                nav.append(nav_button(ctx, "skip", data(">")))
            if state.history:
                nav.append(nav_button(ctx, "back", data("<")))
            nav.append(nav_button(ctx, "cancel", data("x")))
        choices = [Button(label=label, data=data(f"c:{cid}")) for cid, label in ask.choices]
        return Outbound(
            channel=state.channel,
            chat_id=state.chat_id,
            text=text,
            choices=choices,
            columns=ask.columns,
            nav=nav,
            keyboard=ask.keyboard,
            numbered=ask.numbered,
        )


def nav_button(ctx: StepContext, which: str, data: str) -> Button:
    """Return a navigation button ("done", "skip", "back", "cancel") with its typed twin."""
    return Button(label=ctx.texts(f"nav.{which}"), data=data, typed=ctx.texts(f"nav.typed.{which}"))


class _Marker(Step):
    """Stands for the summary, edit and cancel screens, which the engine draws itself."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.title_key = "flow.summary_title"

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        raise AssertionError("drawn by the engine")

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Accept | Reject:
        raise AssertionError("handled by the engine")


def state_of(draft: Draft) -> DraftState:
    """Return the part of a stored draft that steps change."""
    return DraftState(
        flow=draft.flow,
        step=draft.step,
        seq=draft.seq,
        data=draft.data,
        history=draft.history,
        channel=draft.channel,
        chat_id=draft.chat_id,
    )


def flows_by_name(flows: Sequence[Flow]) -> dict[str, Flow]:
    """Index flows by name."""
    return {f.name: f for f in flows}
