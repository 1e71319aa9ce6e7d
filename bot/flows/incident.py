"""The incident conversation (vụ việc): what happened and how the team responded.

type → when → where → what happened → on scene promptly? (→ after how many minutes) →
what was done → injuries? → summary, where «📷 Thêm ảnh» adds photos. Every question
asked feeds a target or an alert (on scene 100%, injuries alert police at once).
"""

from __future__ import annotations

from bot.domain import INCIDENT_ACTIONS, INCIDENT_TYPES
from bot.flows.base import Flow
from bot.flows.steps import (
    ChoiceStep,
    MinutesStep,
    PhotosStep,
    PlaceStep,
    TextStep,
    WhenStep,
    YesNoStep,
)

INCIDENT = Flow(
    name="incident",
    title_key="incident",
    steps=(
        ChoiceStep(
            "category",
            title_key="incident.type.title",
            prompt_key="incident.type.ask",
            options=INCIDENT_TYPES,
            label_prefix="incident.type.",
        ),
        WhenStep("occurred_at", title_key="incident.when.title", prompt_key="incident.when.ask"),
        PlaceStep(title_key="field.place", prompt_key="incident.place.ask"),
        TextStep(
            "description",
            title_key="incident.description.title",
            prompt_key="incident.description.ask",
            allow_voice=True,
        ),
        YesNoStep(
            "on_scene",
            title_key="incident.on_scene.title",
            prompt_key="incident.on_scene.ask",
        ),
        MinutesStep(
            "response_minutes",
            title_key="incident.minutes.title",
            prompt_key="incident.minutes.ask",
            when=lambda data: bool(data.get("on_scene")),
            sub=True,
        ),
        ChoiceStep(
            "action",
            title_key="incident.action.title",
            prompt_key="incident.action.ask",
            options=INCIDENT_ACTIONS,
            label_prefix="incident.action.",
        ),
        YesNoStep(
            "injuries",
            title_key="incident.injuries.title",
            prompt_key="incident.injuries.ask",
        ),
        PhotosStep(title_key="field.photos", prompt_key="field.photos.ask"),
    ),
)
