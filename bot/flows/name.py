"""The full-name question (họ và tên): asked once at joining, again from /caidat.

One step, no summary: the profile name is offered as the default (a button on Telegram,
"1" on Zalo), anything typed is checked as a name. It is transient: starting a report instead
drops it, and the profile name stays.
"""

from __future__ import annotations

from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, Step, StepContext, StepInput
from bot.flows.steps import error_text, not_text
from bot.parsing import ParseError, fold
from bot.parsing.names import parse_full_name

#: The dynamic option carrying the default: [("keep", name)] or nothing.
DEFAULT = "default_name"
KEEP = "keep"


def default_of(ctx: StepContext) -> str | None:
    """Return the name offered as the default, if any."""
    return dict(ctx.options.get(DEFAULT, ())).get(KEEP)


class NameStep(Step):
    """Type the full name, or take the offered one."""

    name = "name"
    title_key = "name.title"

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for the full name, offering the default as the one choice."""
        default = default_of(ctx)
        if default is None:
            return Ask(ctx.texts("name.ask_plain"))
        label = ctx.texts("name.keep", name=default)
        return Ask(ctx.texts("name.ask", name=default), choices=[(KEEP, label)])

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take the default (pressed, "1", or typed the same) or a typed full name."""
        default = default_of(ctx)
        if answer.choice is not None:
            if answer.choice == KEEP and default is not None:
                return Accept({self.name: default})
            return Reject(ctx.texts("err.want_text"))
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        typed = answer.text.strip()
        if default is not None and (typed == "1" or fold(typed) == fold(default)):
            return Accept({self.name: default})
        parsed = parse_full_name(typed)
        if isinstance(parsed, ParseError):
            return Reject(error_text(ctx, parsed, limit=60))
        return Accept({self.name: parsed})

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the name."""
        value = data.get(self.name)
        return None if value is None else str(value)


NAME = Flow(
    name="name",
    title_key="name",
    steps=(NameStep(),),
    summary=False,
    transient=True,
    counted=False,
)
