"""The typed-news offer: a member typed the news straight into the chat, nothing open
(or said it in a voice note, or sent a photo of it).

One question: which kind it is. The tip categories are the choices themselves, with
"⚠️ Vụ việc" and "🌟 Việc tốt" after them, so a tip is one press from the typed text to
its place: text → category → place → «Gửi», four inputs. The choice switches the draft to
the tip, incident or good-deed flow with the typed text as what was seen / what happened.
More text typed before choosing is added to it, not lost.
"""

from __future__ import annotations

from bot.domain import TIP_CATEGORIES
from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, StepContext, StepInput
from bot.flows.steps import MAX_TEXT, ChoiceStep, PhotosStep
from bot.parsing import ParseError, clean_user_text, match_choice

#: Choices after the tip categories: another kind of entry.
KINDS = ("incident", "deed")
#: A typed text this long that names no choice is more of the news, not a wrong answer.
MORE_WORDS = 3


class KindStep(ChoiceStep):
    """Tip (by its category), incident or good deed."""

    def __init__(self) -> None:
        super().__init__(
            "kind",
            title_key="news.kind.title",
            prompt_key="news.kind.ask",
            options=TIP_CATEGORIES,
            label_prefix="tip.cat.",
        )

    def choices(self, ctx: StepContext) -> list[tuple[str, str]]:
        """Return the tip categories, then the other kinds."""
        return [*super().choices(ctx), *((k, ctx.texts(f"news.kind.{k}")) for k in KINDS)]

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask what it is (the news itself is the person's message just above)."""
        return Ask(ctx.texts(self.prompt_key), choices=self.choices(ctx))

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Go on as a tip of that category, or as an incident or good deed."""
        result = super().accept(data, answer, ctx)
        if isinstance(result, Accept):
            kind = str(result.updates[self.name])
            if kind in KINDS:
                return Accept(switch=kind)
            return Accept({"category": kind}, switch="tip")
        typed = (answer.text or "").strip()
        if len(typed.split()) >= MORE_WORDS and match_choice(typed, self.choices(ctx)).id is None:
            more = clean_user_text(f"{data.get('description') or ''}\n{typed}", MAX_TEXT)
            if isinstance(more, ParseError):
                return Reject(ctx.texts("err.too_long", detail=more.detail, limit=MAX_TEXT))
            return Accept(
                {"description": more}, stay=True, note=ctx.texts("news.added"), reprompt=False
            )
        return result


NEWS = Flow(
    name="news",
    title_key="news",
    summary=False,
    counted=False,
    steps=(
        KindStep(),
        # A photo sent before choosing stays with the news (and goes on to the tip).
        PhotosStep(title_key="field.photos", prompt_key="field.photos.ask"),
    ),
)
