"""The report's period question (/baocao, «📊 Báo cáo» in a private chat).

One transient question: a quick period pressed, its words typed ("tháng này"), its
number typed (Zalo), or any period /baocao understands ("tháng 10", "quý 3", "2025",
"01/01/2026-31/03/2026", "đợt D1"). The report service makes the report from the answer.
"""

from __future__ import annotations

from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, Step, StepContext, StepInput
from bot.parsing import ParseError, fold, match_choice, parse_period

#: Quick periods, in the order shown: id → catalogue key of the label.
QUICK = ("week", "month", "ytd", "year", "last_year")
PHASE_WORDS = ("dot", "phase")


class PeriodStep(Step):
    """Which period: stores `period` (a quick id) or `period_text` (typed)."""

    name = "period"
    title_key = "report.flow.period"

    @staticmethod
    def _choices(ctx: StepContext) -> list[tuple[str, str]]:
        return [(key, ctx.texts(f"report.quick.{key}")) for key in QUICK]

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Offer the quick periods and say what else may be typed."""
        text = ctx.texts("report.ask_period", scope=data.get("scope_name", ""))
        return Ask(text, choices=self._choices(ctx), columns=2)

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take a quick period, or a typed period the report understands."""
        choices = self._choices(ctx)
        if answer.choice is not None:
            if answer.choice in QUICK:
                return Accept({"period": answer.choice})
            return Reject(ctx.texts("err.choice", count=len(choices)))
        if answer.text is None:
            return Reject(ctx.texts("err.want_text") + "\n" + ctx.texts("report.period_examples"))
        picked = match_choice(answer.text, choices).id
        if picked is not None:
            return Accept({"period": picked})
        text = answer.text.strip()
        if fold(text).startswith(PHASE_WORDS):
            return Accept({"period_text": text})
        parsed = parse_period(text, ctx.now.date())
        if isinstance(parsed, ParseError):
            reason = ctx.texts(f"err.{parsed.key}", detail=parsed.detail)
            return Reject(reason + "\n" + ctx.texts("report.period_examples"))
        return Accept({"period_text": text})


REPORT = Flow(
    name="report",
    title_key="report.flow",
    steps=(PeriodStep(),),
    summary=False,
    counted=False,
    transient=True,
)
