"""The good-deed conversation (việc tốt): "Người tốt, việc tốt", for commendation.

kind → what was done → who did it → summary, where «👤 Người được giúp» and «📷 Thêm ảnh»
add what is known (neither is needed for the monthly target).
"""

from __future__ import annotations

from bot.domain import DEED_KINDS
from bot.flows.base import Flow
from bot.flows.steps import ChoiceStep, PhotosStep, TextStep

GOOD_DEED = Flow(
    name="deed",
    title_key="deed",
    steps=(
        ChoiceStep(
            "category",
            title_key="deed.kind.title",
            prompt_key="deed.kind.ask",
            options=DEED_KINDS,
            label_prefix="deed.kind.",
        ),
        TextStep(
            "description",
            title_key="deed.description.title",
            prompt_key="deed.description.ask",
            allow_voice=True,
        ),
        TextStep(
            "doers",
            title_key="deed.doers.title",
            prompt_key="deed.doers.ask",
            max_len=500,
            quick=("whole_team", "me"),
        ),
        TextStep(
            "helped",
            title_key="deed.helped.title",
            prompt_key="deed.helped.ask",
            max_len=500,
            optional=True,
            offer_key="deed.helped.offer",
            change_key="deed.helped.change",
        ),
        PhotosStep(title_key="field.photos", prompt_key="field.photos.ask"),
    ),
)
