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

    def applies(self, data: Data) -> bool:
        """Return whether this step is asked, given the answers so far."""
        return self.when is None or self.when(data)

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


@dataclass(frozen=True)
class Flow:
    """A conversation: its steps in order and what it produces when sent."""

    name: str
    title_key: str
    steps: Sequence[Step]
    #: Whether the flow ends with a summary and "Gửi" / "Sửa".
    summary: bool = True
    #: Whether starting another flow drops this one instead of being refused ("busy"): a
    #: question the person may leave unanswered (their full name, asked once).
    yields: bool = False

    def step(self, name: str) -> Step:
        """Return a step by name."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    def next_step(self, after: str | None, data: Data) -> Step | None:
        """Return the first applicable step after `after` (None: from the start)."""
        names = [s.name for s in self.steps]
        start = 0 if after is None else names.index(after) + 1
        for step in self.steps[start:]:
            if step.applies(data):
                return step
        return None

    def position(self, name: str, data: Data) -> tuple[int, int]:
        """Return (number of this step, number of steps) among those that apply.

        A conditional step still ahead counts as if it will apply, so the total only ever
        shrinks as answers rule steps out: "3/7" never turns into "7/8".
        """
        names = [s.name for s in self.steps]
        here = names.index(name) if name in names else len(names)
        applicable = [
            s.name
            for i, s in enumerate(self.steps)
            if s.applies(data) or (s.when is not None and i > here)
        ]
        index = applicable.index(name) + 1 if name in applicable else len(applicable)
        return index, len(applicable)
