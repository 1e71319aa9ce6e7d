"""What makes a phase or a deadline acceptable; the same rules for chat and file imports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.fmt import local_date
from storage.models import NewDeadline, NewPhase, Phase

MAX_NAME = 120


@dataclass(frozen=True)
class Problem:
    """Why a phase or deadline is refused: a catalogue key and the values it names."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


def check_name(name: str) -> Problem | None:
    """Refuse an empty or overlong name."""
    if not name.strip():
        return Problem("cal.err.name_empty")
    if len(name) > MAX_NAME:
        return Problem("cal.err.name_long", {"limit": MAX_NAME})
    return None


def check_phase(phase: NewPhase, today: date) -> list[Problem]:
    """Return what is wrong with a phase's own fields (overlaps are checked separately)."""
    problems = [p for p in (check_name(phase.name),) if p is not None]
    if phase.end < phase.start:
        problems.append(
            Problem(
                "cal.err.end_before_start",
                {"start": local_date(phase.start), "end": local_date(phase.end)},
            )
        )
    if phase.report < phase.start:
        problems.append(
            Problem(
                "cal.err.report_before_start",
                {"start": local_date(phase.start), "report": local_date(phase.report)},
            )
        )
    if phase.report < today:
        problems.append(Problem("cal.err.past", {"date": local_date(phase.report)}))
    return problems


def check_deadline(deadline: NewDeadline, today: date) -> list[Problem]:
    """Return what is wrong with a deadline."""
    problems = [p for p in (check_name(deadline.name),) if p is not None]
    if deadline.due < today:
        problems.append(Problem("cal.err.past", {"date": local_date(deadline.due)}))
    if not deadline.audience:
        problems.append(Problem("cal.err.audience_empty"))
    return problems


def overlaps(a: NewPhase | Phase, b: NewPhase | Phase) -> bool:
    """Return whether two phases share a day where both apply (province-wide or a commune)."""
    same_place = a.commune_id is None or b.commune_id is None or a.commune_id == b.commune_id
    return same_place and a.start <= b.end and b.start <= a.end


def first_overlap(phase: NewPhase, others: Sequence[NewPhase | Phase]) -> NewPhase | Phase | None:
    """Return the first other phase (not the same one) that overlaps `phase`."""
    for other in others:
        if isinstance(other, Phase) and other.id == phase.id:
            continue
        if overlaps(phase, other):
            return other
    return None
