"""What reminders say and to whom: deadline reminders, phase reports, the monthly nudge.

Deadline and phase-report reminders to leaders, police chats and admins are essential and
always sent; reminders to ordinary members and the good-deed nudge respect `/caidat`.
Before a report, each leader is told what their team is still missing and each commune
police chat which teams are behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.calendar.dates import day_start, local_day, month_ranges, month_start, months_by_year
from bot.domain import Audience, Channel, Role
from bot.fmt import local_date, local_datetime
from bot.messages import Button, Outbound
from bot.services.context import Env
from bot.texts import Texts
from storage.models import (
    Deadline,
    Phase,
    PoliceChat,
    Recipient,
    ScheduledSend,
    TeamGaps,
)

#: At most this many incident codes are listed; the rest are counted.
MAX_CODES = 8


@dataclass(frozen=True)
class Reminder:
    """A dated thing to remind of, whatever it came from (a deadline or a phase report)."""

    name: str
    due: date
    commune_id: int | None
    commune_name: str
    audience: frozenset[Audience]
    report: bool
    #: First day of the period the report covers (gaps are counted from there).
    period_start: date
    period_end: date


def of_deadline(deadline: Deadline) -> Reminder:
    """Return the reminder of a deadline; a report covers its year up to the date."""
    return Reminder(
        name=deadline.name,
        due=deadline.due,
        commune_id=deadline.commune_id,
        commune_name=deadline.commune_name,
        audience=deadline.audience,
        report=deadline.report,
        period_start=date(deadline.due.year, 1, 1),
        period_end=deadline.due,
    )


def of_phase(phase: Phase, texts: Texts) -> Reminder:
    """Return the reminder of a phase's report date: leaders and police, with gaps."""
    return Reminder(
        name=texts("cal.phase_report", phase=phase.name),
        due=phase.report,
        commune_id=phase.commune_id,
        commune_name=phase.commune_name,
        audience=frozenset({Audience.LEADERS, Audience.POLICE}),
        report=True,
        period_start=phase.start,
        period_end=phase.end,
    )


def month_list(texts: Texts, keys: Sequence[str]) -> str:
    """Show months as "tháng 1, 2, 5/2026; tháng 1/2027"."""
    return "; ".join(
        texts("cal.months", months=", ".join(str(m) for m in months), year=year)
        for year, months in months_by_year(keys)
    )


def codes_list(codes: Sequence[str]) -> str:
    """Show a few codes and count the rest."""
    shown = ", ".join(codes[:MAX_CODES])
    return shown + (f" (+{len(codes) - MAX_CODES})" if len(codes) > MAX_CODES else "")


class ReminderComposer:
    """Builds the messages of one reminder or nudge for everyone it concerns."""

    def __init__(self, env: Env) -> None:
        self.env = env

    # --- shared pieces ----------------------------------------------------------------------

    def _head(self, texts: Texts, reminder: Reminder, days: int) -> str:
        keys = {0: "cal.head.today", 1: "cal.head.tomorrow"}
        key = "cal.head.past" if days < 0 else keys.get(days, "cal.head")
        head = texts(key, days=days, name=reminder.name, date=local_date(reminder.due))
        if reminder.commune_name:
            head += "\n" + texts("cal.scope_line", commune=reminder.commune_name)
        return head

    def _team_lines(self, texts: Texts, gaps: TeamGaps) -> list[str]:
        lines = []
        if gaps.months:
            lines.append(texts("cal.gap.months", months=month_list(texts, gaps.months)))
        if gaps.incidents:
            lines.append(
                texts(
                    "cal.gap.incidents",
                    count=len(gaps.incidents),
                    codes=codes_list(gaps.incidents),
                )
            )
        return lines

    async def _gaps(
        self, reminder: Reminder, now: datetime
    ) -> tuple[dict[int, TeamGaps], dict[int, int]]:
        """Return gaps by team and police backlogs by commune for the report's period."""
        tz = self.env.tz
        today = local_day(now, tz)
        last = min(reminder.period_end, today)
        if last < reminder.period_start:
            return {}, {}
        months = month_ranges(reminder.period_start, last, tz)
        start = day_start(reminder.period_start, tz)
        end = min(now, day_start(last + timedelta(days=1), tz))
        store = self.env.store
        gaps = await store.team_gaps(reminder.commune_id, months, start, end)
        backlog = await store.unhandled_counts(reminder.commune_id, start, end)
        return {g.team_id: g for g in gaps}, backlog

    @staticmethod
    def _send(
        key: str, channel: Channel, chat_id: str, text: str, choices: Sequence[Button] = ()
    ) -> ScheduledSend:
        message = Outbound(
            channel=channel, chat_id=chat_id, text=text, choices=list(choices), numbered=False
        )
        return ScheduledSend(key=key, message=message)

    # --- deadline and phase reminders -------------------------------------------------------

    async def remind(
        self, key: str, reminder: Reminder, days: int, now: datetime
    ) -> list[ScheduledSend]:
        """Return the messages reminding the audience that `reminder` is `days` away.

        `days` is when the reminder was planned for; a reminder sent late (after a restart)
        says the days actually left: a "1 day before" sent on the day itself says today.
        """
        store = self.env.store
        days = (reminder.due - local_day(now, self.env.tz)).days
        audience = reminder.audience
        gaps: dict[int, TeamGaps] = {}
        backlog: dict[int, int] = {}
        if reminder.report and audience & {Audience.LEADERS, Audience.POLICE}:
            gaps, backlog = await self._gaps(reminder, now)
        sends: list[ScheduledSend] = []
        roles = []
        if audience & {Audience.LEADERS, Audience.MEMBERS}:
            roles.append(Role.LEADER)
        if Audience.MEMBERS in audience:
            roles.append(Role.MEMBER)
        if roles:
            for person in await store.recipients(roles, reminder.commune_id):
                send = self._to_member(key, reminder, days, person, gaps)
                if send is not None:
                    sends.append(send)
        if Audience.POLICE in audience:
            for chat in await store.all_police_chats(reminder.commune_id):
                sends.append(self._to_police(key, reminder, days, chat, gaps, backlog))
        if Audience.ADMINS in audience:
            for admin in await store.recipients([Role.ADMIN]):
                texts = Texts(admin.language)
                sends.append(
                    self._send(key, admin.channel, admin.chat_id, self._head(texts, reminder, days))
                )
        return sends

    def _to_member(
        self,
        key: str,
        reminder: Reminder,
        days: int,
        person: Recipient,
        gaps: dict[int, TeamGaps],
    ) -> ScheduledSend | None:
        texts = Texts(person.language)
        lines = [self._head(texts, reminder, days)]
        leader = person.role == Role.LEADER
        if not leader and person.muted:
            return None
        choices: list[Button] = []
        team_gaps = gaps.get(person.team_id or 0)
        if leader and reminder.report and team_gaps is not None:
            found = self._team_lines(texts, team_gaps)
            if found:
                lines += ["", texts("cal.gap.header", team=team_gaps.team_name), *found]
                lines += ["", texts("cal.gap.footer")]
                choices = [
                    Button(label=texts("menu.deed"), data="r:deed", typed="/viectot"),
                    Button(label=texts("my.team_button"), data="m:team", typed="/cuato"),
                ]
            else:
                lines += ["", texts("cal.gap.none", team=team_gaps.team_name)]
        if not leader:
            lines += ["", texts("cal.mute_hint")]
        return self._send(key, person.channel, person.chat_id, "\n".join(lines), choices)

    def _to_police(
        self,
        key: str,
        reminder: Reminder,
        days: int,
        chat: PoliceChat,
        gaps: dict[int, TeamGaps],
        backlog: dict[int, int],
    ) -> ScheduledSend:
        texts = Texts(self.env.default_language)
        lines = [self._head(texts, reminder, days)]
        if reminder.report:
            teams = [g for g in gaps.values() if g.commune_id == chat.commune_id]
            behind = [g for g in teams if g.behind]
            if not teams:
                lines += ["", texts("cal.police.no_teams")]
            elif behind:
                lines += ["", texts("cal.police.behind", behind=len(behind), total=len(teams))]
                for team in behind:
                    parts = []
                    if team.months:
                        parts.append(
                            texts(
                                "cal.police.months",
                                count=len(team.months),
                                months=month_list(texts, team.months),
                            )
                        )
                    if team.incidents:
                        parts.append(texts("cal.police.incidents", count=len(team.incidents)))
                    lines.append(
                        texts("cal.police.team", team=team.team_name, gaps="; ".join(parts))
                    )
            else:
                lines += ["", texts("cal.police.all_good", total=len(teams))]
            waiting = backlog.get(chat.commune_id, 0)
            if waiting:
                lines += ["", texts("cal.police.backlog", count=waiting)]
        return self._send(key, chat.channel, chat.chat_id, "\n".join(lines))

    # --- the monthly nudge ------------------------------------------------------------------

    async def nudge(self, key: str, now: datetime) -> list[ScheduledSend]:
        """Return the nudge to every member of a team with no good deed yet this month."""
        store = self.env.store
        tz = self.env.tz
        today = local_day(now, tz)
        first = month_start(today)
        months = [(f"{first:%Y-%m}", day_start(first, tz), now)]
        behind = {g.team_id for g in await store.team_gaps(None, months, now, now) if g.months}
        if not behind:
            return []
        sends = []
        for person in await store.recipients([Role.LEADER, Role.MEMBER]):
            if person.team_id not in behind or person.muted:
                continue
            texts = Texts(person.language)
            text = "\n".join(
                [
                    texts("cal.nudge", month=today.month, year=today.year),
                    "",
                    texts("cal.mute_hint"),
                ]
            )
            button = Button(label=texts("menu.deed"), data="r:deed", typed="/viectot")
            sends.append(self._send(key, person.channel, person.chat_id, text, [button]))
        return sends

    # --- admins: sends the bot could not make in time ---------------------------------------

    async def skipped_notice(
        self, labels: Sequence[tuple[str, datetime]], key: str, now: datetime
    ) -> int:
        """Tell the admins which scheduled sends were skipped because the bot was down."""
        admins = await self.env.store.recipients([Role.ADMIN])
        messages = []
        for admin in admins:
            texts = Texts(admin.language)
            lines = [texts("cal.skipped.header")]
            lines += [
                texts("cal.skipped.line", what=label, when=local_datetime(due, self.env.tz))
                for label, due in labels
            ]
            messages.append(
                Outbound(channel=admin.channel, chat_id=admin.chat_id, text="\n".join(lines))
            )
        return await self.env.store.send(messages, now, dedupe_key=key)
