"""The tip conversation (tin báo): what a resident told the team, for commune police.

category → what was seen (text or voice) → where → photos → urgent? → who gave it
(optional) → keep them confidential? → summary.
"""

from __future__ import annotations

from bot.domain import TIP_CATEGORIES
from bot.flows.base import Flow
from bot.flows.steps import ChoiceStep, PhotosStep, PlaceStep, TextStep, YesNoStep

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
        YesNoStep(
            "urgent",
            title_key="tip.urgent.title",
            prompt_key="tip.urgent.ask",
            yes_key="tip.urgent.yes",
            no_key="tip.urgent.no",
        ),
        TextStep(
            "source",
            title_key="tip.source.title",
            prompt_key="tip.source.ask",
            max_len=300,
            optional=True,
        ),
        YesNoStep(
            "confidential",
            title_key="tip.confidential.title",
            prompt_key="tip.confidential.ask",
            when=lambda data: bool(data.get("source")),
        ),
    ),
)
