"""The follow-up conversation (bổ sung): more text or photos on one's own entry.

which entry (from the person's recent ones, or its code typed) → the addition → saved.
"""

from __future__ import annotations

from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, Step, StepContext, StepInput
from bot.flows.steps import ChoiceStep, error_text, not_text
from bot.parsing import ParseError, clean_user_text

MAX_FOLLOWUP = 2000


class AdditionStep(Step):
    """The follow-up itself: a text, a photo or a voice note."""

    name = "addition"
    title_key = "followup.addition.title"

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for the addition."""
        return Ask(ctx.texts("followup.addition.ask", code=data.get("entry", "")))

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take text, or a photo or voice note (a photo's caption becomes the text)."""
        if answer.media is not None and answer.media.kind in ("photo", "voice"):
            return Accept({"media": [answer.media.model_dump()], "text": answer.text})
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        cleaned = clean_user_text(answer.text, MAX_FOLLOWUP)
        if isinstance(cleaned, ParseError):
            return Reject(error_text(ctx, cleaned, limit=MAX_FOLLOWUP))
        return Accept({"text": cleaned, "media": []})


FOLLOWUP = Flow(
    name="followup",
    title_key="followup",
    summary=False,
    steps=(
        ChoiceStep(
            "entry",
            title_key="followup.entry.title",
            prompt_key="followup.entry.ask",
            dynamic="own_entries",
            when=lambda data: not data.get("_preset"),
        ),
        AdditionStep(),
    ),
)
