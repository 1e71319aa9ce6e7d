"""Admin conversations that put the calendar in: a deadline, a phase (and their edits).

deadline: name → date → where (province or a commune) → who is reminded → report? → summary.
phase:    name → start → end → report date → where → summary.
An edit opens the same questions at the summary, every answer filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.domain import Audience
from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, Step, StepContext, StepInput
from bot.flows.steps import ChoiceStep, TextStep, YesNoStep, error_text, not_text
from bot.fmt import local_date
from bot.parsing import ParseError, fold, match_choice, parse_date

MAX_NAME = 120
#: The scope choice that means "the whole province" (commune ids are positive).
PROVINCE = "0"
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})\s*$")
_SEPARATORS = re.compile(r"\s*(?:,|;|\+|&|\bva\b|\band\b)\s*")


def read_date(text: str, today: date) -> date | ParseError:
    """Read dd/mm/yyyy, or dd/mm meaning this year."""
    parsed = parse_date(text)
    if not isinstance(parsed, ParseError) or parsed.key != "unrecognized":
        return parsed
    found = _DAY_MONTH.match(text)
    if found is None:
        return parsed
    try:
        return date(today.year, int(found[2]), int(found[1]))
    except ValueError:
        return ParseError("invalid_date")


class DateStep(Step):
    """A calendar date typed as dd/mm/yyyy; may refuse the past or a date before another."""

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        future: bool = False,
        after: str | None = None,
        before_key: str = "cal.err.end_before_start",
        when: Callable[[Data], bool] | None = None,
    ) -> None:
        self.name = name
        self.title_key = title_key
        self.prompt_key = prompt_key
        self.future = future
        self.after = after
        self.before_key = before_key
        self.when = when

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for the date."""
        return Ask(ctx.texts(self.prompt_key))

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take a real date, not in the past if that matters, not before its partner."""
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        today = ctx.now.date()
        parsed = read_date(answer.text, today)
        if isinstance(parsed, ParseError):
            if parsed.key == "invalid_date":
                return Reject(error_text(ctx, parsed))
            return Reject(ctx.texts("cal.err.date_format"))
        if self.future and parsed < today:
            return Reject(ctx.texts("cal.err.past", date=local_date(parsed)))
        if self.after and data.get(self.after):
            earlier = date.fromisoformat(data[self.after])
            if parsed < earlier:
                return Reject(
                    ctx.texts(
                        self.before_key,
                        start=local_date(earlier),
                        end=local_date(parsed),
                        report=local_date(parsed),
                    )
                )
        return Accept({self.name: parsed.isoformat()})

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show dd/mm/yyyy."""
        value = data.get(self.name)
        return local_date(date.fromisoformat(value)) if value else None


AUDIENCE_ORDER = (Audience.LEADERS, Audience.MEMBERS, Audience.POLICE, Audience.ADMINS)


class AudienceStep(Step):
    """Who is reminded: several of leaders, members, police chats, admins.

    A press toggles one and stays; "Xong" goes on. Typed, "1 3" or "tổ trưởng, công an"
    chooses at once.
    """

    name = "audience"
    title_key = "cal.f.audience.title"

    def _choices(self, data: Data, ctx: StepContext) -> list[tuple[str, str]]:
        chosen = set(data.get(self.name) or [])
        return [
            (a.value, ("✅ " if a.value in chosen else "") + ctx.texts(f"cal.audience.{a.value}"))
            for a in AUDIENCE_ORDER
        ]

    def answered(self, data: Data) -> bool:
        """Return whether someone was chosen."""
        return bool(data.get(self.name))

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask who, showing who is already chosen."""
        return Ask(
            ctx.texts("cal.f.audience.ask"),
            choices=self._choices(data, ctx),
            done=bool(data.get(self.name)),
        )

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Toggle a pressed choice, or take a typed list."""
        chosen = list(data.get(self.name) or [])
        if answer.choice is not None:
            if answer.choice not in {a.value for a in Audience}:
                return Reject(ctx.texts("err.choice", count=len(AUDIENCE_ORDER)))
            if answer.choice in chosen:
                chosen.remove(answer.choice)
            else:
                chosen.append(answer.choice)
            return Accept({self.name: self._ordered(chosen)}, stay=True)
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        labels = [(a.value, ctx.texts(f"cal.audience.{a.value}")) for a in AUDIENCE_ORDER]
        picked: list[str] = []
        whole = match_choice(answer.text, labels)
        if whole.id is not None:
            picked = [whole.id]
        else:
            folded = fold(answer.text)
            parts = [p for p in _SEPARATORS.split(folded) if p]
            if len(parts) == 1:
                # "1 3": numbers typed with spaces only.
                parts = folded.split()
            for part in parts:
                match = match_choice(part, labels)
                if match.id is None:
                    return Reject(ctx.texts("cal.err.audience_typed", part=part))
                picked.append(match.id)
        if not picked:
            return Reject(ctx.texts("cal.err.audience_empty"))
        return Accept({self.name: self._ordered(picked)})

    def done(self, data: Data, ctx: StepContext) -> Result:
        """Go on once someone is chosen."""
        if not data.get(self.name):
            return Reject(ctx.texts("cal.err.audience_empty"))
        return Accept()

    @staticmethod
    def _ordered(values: list[str]) -> list[str]:
        return [a.value for a in AUDIENCE_ORDER if a.value in values]

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show who, in words."""
        chosen = data.get(self.name) or []
        return ", ".join(ctx.texts(f"cal.audience.{a}") for a in chosen) or None


def _reports(data: Data) -> bool:
    chosen = set(data.get("audience") or [])
    return bool(chosen & {Audience.LEADERS.value, Audience.POLICE.value})


def _name_step(prompt_key: str) -> TextStep:
    return TextStep("name", title_key="cal.f.name.title", prompt_key=prompt_key, max_len=MAX_NAME)


class ScopeStep(ChoiceStep):
    """The whole province or one commune, pressed or typed by name."""

    def __init__(self) -> None:
        super().__init__(
            "scope", title_key="cal.f.scope.title", prompt_key="cal.f.scope.ask", dynamic="scopes"
        )

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take the choice; a typed name that is no commune is named in the refusal."""
        result = super().accept(data, answer, ctx)
        typed = (answer.text or "").strip()
        choices = self.choices(ctx)
        unknown = typed and not typed.isdigit() and not match_choice(typed, choices).ambiguous
        if isinstance(result, Reject) and unknown:
            return Reject(
                ctx.texts("cal.err.unknown_commune", name=typed)
                + "\n"
                + ctx.texts("err.choice", count=len(choices))
            )
        return result


def _scope_step() -> ChoiceStep:
    return ScopeStep()


DEADLINE_STEPS: tuple[Step, ...] = (
    _name_step("cal.f.deadline_name.ask"),
    DateStep("due", title_key="cal.f.due.title", prompt_key="cal.f.due.ask", future=True),
    _scope_step(),
    AudienceStep(),
    YesNoStep(
        "report",
        title_key="cal.f.report.title",
        prompt_key="cal.f.report.ask",
        when=_reports,
        sub=True,
    ),
)
PHASE_STEPS: tuple[Step, ...] = (
    _name_step("cal.f.phase_name.ask"),
    DateStep("start", title_key="cal.f.start.title", prompt_key="cal.f.start.ask"),
    DateStep("end", title_key="cal.f.end.title", prompt_key="cal.f.end.ask", after="start"),
    DateStep(
        "report",
        title_key="cal.f.report_date.title",
        prompt_key="cal.f.report_date.ask",
        future=True,
        after="start",
        before_key="cal.err.report_before_start",
    ),
    _scope_step(),
)

DEADLINE = Flow(name="deadline", title_key="cal.deadline", steps=DEADLINE_STEPS)
DEADLINE_EDIT = Flow(name="deadline_edit", title_key="cal.deadline_edit", steps=DEADLINE_STEPS)
PHASE = Flow(name="phase", title_key="cal.phase", steps=PHASE_STEPS)
PHASE_EDIT = Flow(name="phase_edit", title_key="cal.phase_edit", steps=PHASE_STEPS)
CALENDAR_FLOWS = (DEADLINE, DEADLINE_EDIT, PHASE, PHASE_EDIT)
