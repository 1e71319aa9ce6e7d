"""The good-deed conversation (việc tốt): "Người tốt, việc tốt", for commendation.

kind → what was done → who did it → summary, where «👤 Người được giúp» and «📷 Thêm ảnh»
add what is known (neither is needed for the monthly target).

"Who did it" is people, never button words: the reporter («Tôi»), the whole team as its
members at the moment of sending («Cả tổ»), teammates picked by name, and residents typed
by name. The draft keeps `{"team": bool, "people": [person ids], "names": [typed names]}`;
`resolve_doers` turns it into the rows storage keeps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.domain import DEED_KINDS
from bot.flows.base import Accept, Ask, Data, Flow, Reject, Result, Step, StepContext, StepInput
from bot.flows.steps import ChoiceStep, PhotosStep, TextStep, not_text
from bot.parsing import ParseError, fold
from bot.parsing.names import parse_full_name, split_names
from storage.models import Doer

#: Dynamic options the service supplies: the reporter, and their team (reporter first).
ME = "me"
TEAMMATES = "teammates"
#: Teammates offered as buttons; more can be typed by name.
MAX_BUTTONS = 12
ME_WORDS = frozenset({"toi", "me", "minh", "em"})
TEAM_WORDS = frozenset({"ca to", "whole team", "ca nhom"})
_NUMBERS = re.compile(r"^\s*\d{1,2}(?:\s*[,;\s]\s*\d{1,2})*\s*$")

Doers = dict[str, Any]


def _value(data: Data) -> Doers:
    value = data.get("doers")
    return value if isinstance(value, dict) else {}


def _ids(ctx: StepContext, key: str) -> list[tuple[int, str]]:
    return [(int(pid), name) for pid, name in ctx.options.get(key, ()) if pid.isdigit()]


def _me(ctx: StepContext) -> int | None:
    found = _ids(ctx, ME)
    return found[0][0] if found else None


def parse_typed(text: str, me: int | None, team: Sequence[tuple[int, str]]) -> Doers | str:
    """Turn typed names into doers; a name matching a teammate is that person.

    "Tôi" is the reporter, "cả tổ" the team; a teammate matches by full name, or by the
    given name (last word) if only one teammate has it. Returns an error key otherwise.
    """
    people: list[int] = []
    names: list[str] = []
    whole_team = False
    by_full = {fold(name): pid for pid, name in team}
    given: dict[str, list[int]] = {}
    for member, name in team:
        given.setdefault(fold(name.split()[-1]) if name.split() else "", []).append(member)
    for piece in split_names(text):
        key = fold(piece)
        if key in ME_WORDS and me is not None:
            pid: int | None = me
        elif key in TEAM_WORDS:
            whole_team = True
            continue
        else:
            pid = by_full.get(key)
            if pid is None and len(given.get(key, [])) == 1:
                pid = given[key][0]
        if pid is not None:
            if pid not in people:
                people.append(pid)
            continue
        parsed = parse_full_name(piece)
        if isinstance(parsed, ParseError):
            return parsed.key
        names.append(parsed)
    if not (people or names or whole_team):
        return "empty"
    return {"team": whole_team, "people": people, "names": names}


def resolve_doers(value: object, me: int, team: Sequence[tuple[int, str]]) -> list[Doer]:
    """Return who did a deed from the draft's answer (or from old text answers)."""
    if isinstance(value, str):
        # A draft from before doers were people: the old step stored the typed text.
        parsed = parse_typed(value.replace("🙋", "").replace("👥", ""), me, team)
        value = parsed if isinstance(parsed, dict) else {"names": [value[:120]]}
    if not isinstance(value, dict):
        return []
    people = [int(p) for p in value.get("people", [])]
    if value.get("team"):
        people += [pid for pid, _ in team if pid not in people]
    doers = [Doer(person_id=pid) for pid in dict.fromkeys(people)]
    return doers + [Doer(name=str(n)) for n in value.get("names", [])]


class DoersStep(Step):
    """Who did it: «Tôi», «Cả tổ», teammates picked (then «Xong»), or names typed."""

    name = "doers"
    title_key = "deed.doers.title"

    def _choices(self, data: Data, ctx: StepContext) -> list[tuple[str, str]]:
        picked = set(_value(data).get("people", []))
        me = _me(ctx)
        others = [(pid, name) for pid, name in _ids(ctx, TEAMMATES) if pid != me]
        choices = [("team", ctx.texts("quick.whole_team")), ("me", ctx.texts("quick.me"))]
        for pid, name in others[:MAX_BUTTONS]:
            mark = "deed.doers.picked" if pid in picked else "deed.doers.pick"
            choices.append((f"p{pid}", ctx.texts(mark, name=name)))
        return choices

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask who did it; once teammates are picked, list them and offer «Xong»."""
        shown = self.show(data, ctx)
        text = ctx.texts("deed.doers.ask")
        if shown:
            text += "\n" + ctx.texts("deed.doers.so_far", names=shown)
        return Ask(text, choices=self._choices(data, ctx), done=bool(shown))

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take «Tôi» / «Cả tổ» (done), a teammate (toggled), or typed names (done)."""
        if answer.choice is not None:
            return self._pressed(data, answer.choice, ctx)
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        choices = self._choices(data, ctx)
        if _NUMBERS.match(answer.text):
            # Zalo: "3" or "3, 4" picks by number, as pressing those buttons would.
            result: Result = Accept()
            for number in re.findall(r"\d+", answer.text):
                index = int(number)
                if not 1 <= index <= len(choices):
                    return Reject(ctx.texts("err.choice", count=len(choices)))
                result = self._pressed(data, choices[index - 1][0], ctx)
                if isinstance(result, Accept):
                    data = {**data, **result.updates}
            return result
        team = _ids(ctx, TEAMMATES)
        parsed = parse_typed(answer.text, _me(ctx), team)
        if isinstance(parsed, str):
            return Reject(ctx.texts(f"err.{parsed}", limit=60))
        so_far = _value(data)
        people = [*so_far.get("people", []), *parsed["people"]]
        return Accept(
            {
                self.name: {
                    "team": parsed["team"] or bool(so_far.get("team")),
                    "people": list(dict.fromkeys(people)),
                    "names": [*so_far.get("names", []), *parsed["names"]],
                }
            }
        )

    def _pressed(self, data: Data, choice: str, ctx: StepContext) -> Result:
        so_far = _value(data)
        people = list(so_far.get("people", []))
        names = list(so_far.get("names", []))
        if choice == "team":
            return Accept({self.name: {"team": True, "people": people, "names": names}})
        me = _me(ctx)
        if choice == "me" and me is not None:
            people = [me, *(p for p in people if p != me)]
            return Accept({self.name: {"team": False, "people": people, "names": names}})
        if choice.startswith("p") and choice[1:].isdigit():
            pid = int(choice[1:])
            if pid in {p for p, _ in _ids(ctx, TEAMMATES)}:
                people = [p for p in people if p != pid] if pid in people else [*people, pid]
                return Accept(
                    {self.name: {"team": False, "people": people, "names": names}}, stay=True
                )
        return Reject(ctx.texts("err.choice", count=len(self._choices(data, ctx))))

    def answered(self, data: Data) -> bool:
        """Answered once someone is named (old drafts hold the typed text)."""
        value = data.get(self.name)
        if isinstance(value, str):
            return bool(value)
        if not isinstance(value, dict):
            return False
        return bool(value.get("team") or value.get("people") or value.get("names"))

    def done(self, data: Data, ctx: StepContext) -> Result:
        """Finish picking teammates («Xong»)."""
        if not self.answered(data):
            return Reject(ctx.texts("err.doers_none"))
        return Accept()

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the names: "Nguyễn Thị Lan, Trần Văn Hùng, bà Mai"."""
        value = data.get(self.name)
        if isinstance(value, str):
            return value or None
        if not value:
            return None
        team = _ids(ctx, TEAMMATES)
        known = dict(team)
        people = [known.get(int(p), "?") for p in value.get("people", [])]
        names = [str(n) for n in value.get("names", [])]
        if value.get("team"):
            everyone = [*people, *(n for p, n in team if n not in people)]
            listed = ", ".join([*everyone, *names])
            return ctx.texts("deed.doers.team", count=len(everyone), names=listed)
        return ", ".join([*people, *names]) or None


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
        DoersStep(),
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
