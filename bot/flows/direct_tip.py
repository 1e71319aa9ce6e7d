"""The direct tip (tin báo trực tiếp): a tip a resident gave commune police in person.

Police log it so the share of tips that came through the grassroots force can be counted.
It is the tip conversation with one question first — which village it concerns — and is
saved with source "direct".
"""

from __future__ import annotations

from bot.flows.base import Flow
from bot.flows.steps import ChoiceStep
from bot.flows.tip import TIP

DIRECT_TIP = Flow(
    name="direct_tip",
    title_key="direct_tip",
    steps=(
        ChoiceStep(
            "village",
            title_key="direct_tip.village.title",
            prompt_key="direct_tip.village.ask",
            dynamic="villages",
            columns=2,
        ),
        *TIP.steps,
    ),
)
