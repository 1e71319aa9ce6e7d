"""Runs conversations: turns a person's answer and their draft into the next draft and replies.

Pure: no messenger, no database. The conversation service loads the draft, calls the
engine and stores what it returns in one transaction, so a step is never half-taken.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.domain import KEYBOARD_CHANNELS, Channel
from bot.flows.base import Accept, Ask, Data, Flow, Reject, Step, StepContext, StepInput
from bot.messages import Button, Inbound, Outbound
from bot.parsing import is_back, is_cancel, is_done, is_skip, match_choice
from storage.models import Draft, DraftState

CALLBACK_PREFIX = "f"
SUMMARY = "_summary"
EDIT = "_edit"


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
        """Begin a flow at its first step, or (editing a record) at its summary."""
        flow = self.flows[flow_name]
        answers: Data = {"_nonce": secrets.token_hex(3), **(data or {})}
        first = flow.next_step(None, answers)
        assert first is not None, f"flow {flow_name} has no step"
        state = DraftState(
            flow=flow_name,
            step=SUMMARY if at_summary and flow.summary else first.name,
            seq=1,
            data=answers,
            history=[],
            channel=channel,
            chat_id=chat_id,
        )
        intro = ctx.texts(flow.title_key + ".intro")
        return Outcome("continue", state, [self._prompt(flow, state, ctx, lead=intro)])

    def resume(self, draft: Draft, ctx: StepContext, lead: str = "") -> Outbound:
        """Ask the current question again (after a restart, a stray command, …)."""
        flow = self.flows[draft.flow]
        return self._prompt(flow, state_of(draft), ctx, lead=lead)

    # --- answering ------------------------------------------------------------------

    def handle(self, draft: Draft, inbound: Inbound, ctx: StepContext) -> Outcome:
        """Apply one input to a draft."""
        flow = self.flows[draft.flow]
        state = state_of(draft)
        if inbound.callback is not None:
            return self._pressed(flow, state, inbound, ctx)
        text = inbound.text
        if text is not None and inbound.media is None:
            if is_cancel(text):
                return self.cancel(state, ctx)
            if is_back(text):
                return self._back(flow, state, ctx)
            step = self._current(flow, state)
            ask = self._ask(flow, state, ctx)
            if ask.skip and is_skip(text):
                return self._advance(flow, state, step, Accept(step.skipped(state.data)), ctx)
            if ask.done and is_done(text):
                return self._advance(flow, state, step, step.done(state.data, ctx), ctx)
        answer = StepInput(text=text, location=inbound.location, media=inbound.media)
        return self._answer(flow, state, answer, ctx)

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
            outcome = self.cancel(state, ctx)
        elif value == "<":
            outcome = self._back(flow, state, ctx)
        elif value == ">" and ask.skip:
            outcome = self._advance(flow, state, step, Accept(step.skipped(state.data)), ctx)
        elif value == "ok" and ask.done:
            outcome = self._advance(flow, state, step, step.done(state.data, ctx), ctx)
        elif value.startswith("c:"):
            outcome = self._answer(flow, state, StepInput(choice=value[2:]), ctx)
        else:
            lead = ctx.texts("flow.button_expired")
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        if echo is not None and outcome.action != "unchanged":
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
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        step = self._current(flow, state)
        if step.name == SUMMARY:
            return self._summary_answer(flow, state, answer, ctx)
        if step.name == EDIT:
            return self._edit_answer(flow, state, answer, ctx)
        result = step.accept(state.data, answer, ctx)
        return self._advance(flow, state, step, result, ctx)

    def _advance(
        self, flow: Flow, state: DraftState, step: Step, result: Accept | Reject, ctx: StepContext
    ) -> Outcome:
        if isinstance(result, Reject):
            reply = self._prompt(flow, state, ctx, lead="⚠️ " + result.message)
            return Outcome("unchanged", state, [reply])
        data = {**state.data, **result.updates}
        replies: list[Outbound] = []
        if result.stay:
            new = state.model_copy(update={"data": data})
            replies.append(self._prompt(flow, new, ctx, lead=result.note or ""))
            return Outcome("continue", new, replies)
        if result.note:
            # Leaving a step that showed the location keyboard: put the main menu back
            # (where there is a keyboard: elsewhere it would be a menu hint mid-form).
            restore = (
                self._ask(flow, state, ctx).keyboard != "none"
                and state.channel in KEYBOARD_CHANNELS
            )
            keyboard = "main" if restore else "none"
            replies.append(
                Outbound(
                    channel=state.channel,
                    chat_id=state.chat_id,
                    text="✔️ " + result.note,
                    keyboard=keyboard,
                )
            )
        following = flow.next_step(step.name, data)
        if data.get("_return"):
            # After an edit, ask only what the change made newly relevant, then summarise.
            while following is not None and following.answered(data):
                following = flow.next_step(following.name, data)
            if following is None:
                data.pop("_return")
        target = following.name if following else (SUMMARY if flow.summary else None)
        if target is None:
            return Outcome("submit", state.model_copy(update={"data": data}), replies)
        new = state.model_copy(
            update={
                "data": data,
                "step": target,
                "seq": state.seq + 1,
                "history": [*state.history, step.name],
            }
        )
        replies.append(self._prompt(flow, new, ctx))
        return Outcome("continue", new, replies)

    def _back(self, flow: Flow, state: DraftState, ctx: StepContext) -> Outcome:
        if not state.history:
            lead = ctx.texts("flow.first_step")
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        history = list(state.history)
        previous = history.pop()
        data = {k: v for k, v in state.data.items() if k != "_return"}
        new = state.model_copy(
            update={"step": previous, "seq": state.seq + 1, "history": history, "data": data}
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

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
        choices = [("send", ctx.texts("choice.send")), ("edit", ctx.texts("choice.edit"))]
        return Ask(text, choices=choices, columns=2)

    def _editable(self, flow: Flow, data: Data) -> list[Step]:
        return [s for s in flow.steps if s.applies(data)]

    def _edit_ask(self, flow: Flow, state: DraftState, ctx: StepContext) -> Ask:
        choices = [(s.name, ctx.texts(s.title_key)) for s in self._editable(flow, state.data)]
        return Ask(ctx.texts("flow.edit_which"), choices=choices, columns=2)

    def _summary_answer(
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        choice = self._typed_choice(self._summary_ask(flow, state, ctx), answer)
        if choice == "send":
            return Outcome("submit", state, [])
        if choice == "edit":
            new = state.model_copy(
                update={
                    "step": EDIT,
                    "seq": state.seq + 1,
                    "history": [*state.history, SUMMARY],
                }
            )
            return Outcome("continue", new, [self._prompt(flow, new, ctx)])
        lead = "⚠️ " + ctx.texts("err.choice", count=2)
        return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])

    def _edit_answer(
        self, flow: Flow, state: DraftState, answer: StepInput, ctx: StepContext
    ) -> Outcome:
        ask = self._edit_ask(flow, state, ctx)
        choice = self._typed_choice(ask, answer)
        if choice is None:
            lead = "⚠️ " + ctx.texts("err.choice", count=len(ask.choices))
            return Outcome("unchanged", state, [self._prompt(flow, state, ctx, lead=lead)])
        new = state.model_copy(
            update={
                "step": choice,
                "seq": state.seq + 1,
                "history": [*state.history, EDIT],
                "data": {**state.data, "_return": SUMMARY},
            }
        )
        return Outcome("continue", new, [self._prompt(flow, new, ctx)])

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
        if state.step in (SUMMARY, EDIT):
            return _Marker(state.step)
        return flow.step(state.step)

    def _ask(self, flow: Flow, state: DraftState, ctx: StepContext) -> Ask:
        if state.step == SUMMARY:
            return self._summary_ask(flow, state, ctx)
        if state.step == EDIT:
            return self._edit_ask(flow, state, ctx)
        return flow.step(state.step).ask(state.data, ctx)

    def _prompt(self, flow: Flow, state: DraftState, ctx: StepContext, lead: str = "") -> Outbound:
        ask = self._ask(flow, state, ctx)
        nonce = str(state.data.get("_nonce", ""))

        def data(value: str) -> str:
            return Callback(nonce, state.seq, value).encode()

        text = ask.text
        if state.step not in (SUMMARY, EDIT) and len(flow.steps) > 1:
            number, total = flow.position(state.step, state.data)
            text = ctx.texts("flow.step", number=number, total=total) + "\n" + text
        if lead:
            text = f"{lead}\n\n{text}"
        nav: list[Button] = []
        if ask.done:
            nav.append(Button(label=ctx.texts("nav.done"), data=data("ok"), typed="xong"))
        if ask.skip:
            nav.append(Button(label=ctx.texts("nav.skip"), data=data(">"), typed="bỏ qua"))
        if state.history:
            nav.append(Button(label=ctx.texts("nav.back"), data=data("<"), typed="0"))
        nav.append(Button(label=ctx.texts("nav.cancel"), data=data("x"), typed="/huy"))
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


class _Marker(Step):
    """Stands for the summary and edit screens, which the engine draws itself."""

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
