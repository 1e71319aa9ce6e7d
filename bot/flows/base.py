"""Building blocks of a conversation: what a step asks and how it takes an answer."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.messages import Keyboard, Location, MediaRef
from bot.texts import Texts

Data = dict[str, Any]


@dataclass(frozen=True)
class StepContext:
    """What a step may look at besides the draft: language, clock, dynamic choices."""

    texts: Texts
    now: datetime
    options: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class StepInput:
    """A person's answer, already parsed from whatever messenger it came from."""

    choice: str | None = None
    text: str | None = None
    location: Location | None = None
    media: MediaRef | None = None


@dataclass(frozen=True)
class Ask:
    """A question: its text, its numbered choices and which navigation it offers."""

    text: str
    choices: Sequence[tuple[str, str]] = ()
    columns: int = 1
    skip: bool = False
    done: bool = False
    keyboard: Keyboard = "none"
    #: False where a typed number means itself (minutes), not the n-th choice.
    numbered: bool = True


@dataclass(frozen=True)
class Accept:
    """The answer is good: store `updates`; `stay` keeps the person on this step."""

    updates: Data = field(default_factory=dict)
    stay: bool = False
    note: str | None = None
    #: With `stay`: False answers with the note alone instead of asking the question again.
    reprompt: bool = True
    #: Go on in another flow with the answers so far (the typed-news offer becomes a tip).
    switch: str | None = None


@dataclass(frozen=True)
class Reject:
    """The answer can't be used; `message` says why and what to do."""

    message: str


Result = Accept | Reject


class Step(ABC):
    """One question of a conversation."""

    #: Stable id, stored in drafts: renaming one strands drafts in progress.
    name: str
    #: Catalogue key of the short field title shown in summaries and the edit list.
    title_key: str
    optional: bool = False
    #: Whether the step takes several answers until the person presses "Xong".
    collects: bool = False
    #: Condition on earlier answers; a step that does not apply is passed over.
    when: Callable[[Data], bool] | None = None
    #: Not asked in turn: offered as a choice on the summary, with a safe default until
    #: chosen (photos, urgency, a confidential source). Nobody has to pass its screen.
    on_summary: bool = False
    #: Catalogue key of the summary choice that opens (or flips) an `on_summary` step.
    offer_key: str = ""
    #: A follow-up question to the step before it (minutes after "on scene?"): it shares
    #: that step's number, so the counter never jumps when it turns out not to apply.
    sub: bool = False

    def applies(self, data: Data) -> bool:
        """Return whether this step is asked, given the answers so far."""
        return self.when is None or self.when(data)

    def offer(self, data: Data, ctx: StepContext) -> str:
        """Return the label of this step's choice on the summary."""
        return ctx.texts(self.offer_key)

    def pressed(self, data: Data, ctx: StepContext) -> Result | None:
        """Apply the summary choice at once (a toggle), or None to ask this step's question."""
        return None

    @abstractmethod
    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Return the question to show."""

    @abstractmethod
    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Check an answer and return what to store, or why it is refused."""

    def answered(self, data: Data) -> bool:
        """Return whether the draft holds an answer to this step."""
        return self.name in data

    def skipped(self, data: Data) -> Data:
        """Return the values stored when the person skips this optional step."""
        return {}

    def done(self, data: Data, ctx: StepContext) -> Result:
        """Finish a collecting step ("Xong")."""
        return Accept()

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Return the answer as the summary shows it, or None to leave it out."""
        return None


#: Draft key: steps passed over because their answer came with the form (the typed news).
SKIP = "_skip"


@dataclass(frozen=True)
class Flow:
    """A conversation: its steps in order and what it produces when sent."""

    name: str
    title_key: str
    steps: Sequence[Step]
    #: Whether the flow ends with a summary and "Gửi" / "Sửa".
    summary: bool = True
    #: Whether questions show "Bước 2/4" (a one-question offer does not).
    counted: bool = True
    #: A single question one may walk away from (the report's period): starting something
    #: else replaces it, nothing reminds of it, and cancelling it asks nothing.
    transient: bool = False

    def step(self, name: str) -> Step:
        """Return a step by name."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def has(self, name: str) -> bool:
        """Return whether the flow has a step of that name (old drafts may name a gone one)."""
        return any(step.name == name for step in self.steps)

    @property
    def sequence(self) -> list[Step]:
        """Return the steps asked in turn (not the ones offered on the summary)."""
        return [s for s in self.steps if not s.on_summary]

    @property
    def offered(self) -> list[Step]:
        """Return the steps offered as choices on the summary."""
        return [s for s in self.steps if s.on_summary]

    def next_step(self, after: str | None, data: Data) -> Step | None:
        """Return the first step to ask after `after` (None: from the start)."""
        skip = set(data.get(SKIP, ()))
        steps = self.sequence
        names = [s.name for s in steps]
        start = 0 if after is None or after not in names else names.index(after) + 1
        for step in steps[start:]:
            if step.applies(data) and step.name not in skip:
                return step
        return None

    def position(self, name: str, data: Data) -> tuple[int, int]:
        """Return (number of this question, number of questions) for "Bước 2/4".

        A conditional step still ahead counts as if it will apply, so the total only ever
        shrinks as answers rule steps out; a follow-up question (`sub`) shares the number
        of the one before it and is not counted, so "5/8" is followed by "6/8" whichever
        way it was answered. Steps whose answer came with the form are not counted.
        """
        skip = set(data.get(SKIP, ()))
        steps = [s for s in self.sequence if s.name not in skip]
        names = [s.name for s in steps]
        here = names.index(name) if name in names else len(names)
        counted = [
            s.name
            for i, s in enumerate(steps)
            if not s.sub and (s.applies(data) or (s.when is not None and i > here))
        ]
        if name in counted:
            return counted.index(name) + 1, len(counted)
        before = [n for n in counted if names.index(n) < here]
        return max(len(before), 1), len(counted)
