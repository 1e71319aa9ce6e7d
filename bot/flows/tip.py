"""The tip conversation (tin báo): what a resident told the team, for commune police.

category → what was seen (text or voice) → where → summary. On the summary, with safe
defaults until chosen: «📷 Thêm ảnh» (none), «🚨 Khẩn cấp» (normal), «🔒 Có người cung cấp
tin cần giữ bí mật» (no source recorded). Four questions a first-timer cannot skip, and
none they have to pass for nothing.
"""

from __future__ import annotations

from bot.domain import TIP_CATEGORIES
from bot.flows.base import Accept, Data, Flow, Result, StepContext, StepInput
from bot.flows.steps import ChoiceStep, PhotosStep, PlaceStep, TextStep, ToggleStep


class SourceStep(TextStep):
    """Who gave the tip, offered on the summary; a source recorded is always kept secret.

    Only commune police may read it, privately (`/nguontin`): a group never shows it. A
    source is recorded only to be protected, so there is no "recorded but public" choice
    left to get wrong.
    """

    def __init__(self) -> None:
        super().__init__(
            "source",
            title_key="tip.source.title",
            prompt_key="tip.source.ask",
            max_len=300,
            optional=True,
            offer_key="tip.source.offer",
            change_key="tip.source.change",
        )

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take the name and mark it confidential."""
        result = super().accept(data, answer, ctx)
        if isinstance(result, Accept):
            return Accept({**result.updates, "confidential": True})
        return result

    def skipped(self, data: Data) -> Data:
        """No source after all: nothing recorded, nothing to keep secret."""
        return {"source": None, "confidential": False}

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the source (to the member who typed it) with how it is kept."""
        value = data.get(self.name)
        return None if not value else ctx.texts("tip.source.kept", source=value)


TIP = Flow(
    name="tip",
    title_key="tip",
    steps=(
        ChoiceStep(
            "category",
            title_key="tip.category.title",
            prompt_key="tip.category.ask",
            options=TIP_CATEGORIES,
            label_prefix="tip.cat.",
        ),
        TextStep(
            "description",
            title_key="tip.description.title",
            prompt_key="tip.description.ask",
            allow_voice=True,
        ),
        PlaceStep(title_key="field.place", prompt_key="tip.place.ask"),
        PhotosStep(title_key="field.photos", prompt_key="field.photos.ask"),
        ToggleStep(
            "urgent",
            title_key="tip.urgent.title",
            prompt_key="tip.urgent.ask",
            yes_key="tip.urgent.yes",
            no_key="tip.urgent.no",
            offer_key="tip.urgent.offer",
            undo_key="tip.urgent.undo",
        ),
        SourceStep(),
    ),
)
