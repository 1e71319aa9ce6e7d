"""Nothing waits unseen: what is sent when police leave an entry untaken (issue 10 §4).

Urgent: `police.escalate_after` minutes after its commune was told (filing or forward),
an untaken alert is posted again in the police chat; after twice that it goes to each
officer of the commune privately, after three times to the admins. Routine: a tip or
incident still untaken `police.take_within` working hours later is listed to the police
chat and to the admins. The planner's sources (scheduler/escalations.py) decide each step
once; this module only says what a step sends, as of the moment it is built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain import Role
from bot.fmt import local_datetime, number
from bot.messages import Button, Outbound
from bot.services.alerts import CATEGORY_PREFIX, PREFIX, is_urgent, urgent_entry
from bot.services.police import UNTAKEN, PoliceService, draw_alerts
from bot.services.scope import Target
from bot.texts import Texts
from storage.errors import NotFound
from storage.models import Entry, UntakenEntry

#: Re-posted in the group, then to each officer privately, then to the admins.
STEPS = (1, 2, 3)
#: Take buttons under a listing of untaken entries (the rest are typed).
LIST_BUTTONS = 10


def is_urgent_row(row: UntakenEntry) -> bool:
    """Return whether an untaken entry is urgent (the same rule as its alert)."""
    return is_urgent(row.kind, row.urgent, row.category, row.injuries)


def escalates(row: UntakenEntry, urgent: bool) -> bool:
    """Return whether an untaken entry escalates as urgent (or routine, `urgent=False`).

    A tip an officer logged from what a resident told them in person has been seen by
    police: it is listed in the digest while open, never escalated. A forwarded one
    has not been seen by the commune that has it now, and escalates there.
    """
    return is_urgent_row(row) == urgent and (not row.direct or row.round > 0)


class EscalationService:
    """Builds the messages of escalation steps and of the untaken listings."""

    def __init__(self, police: PoliceService) -> None:
        self.police = police
        self.env = police.env
        self.settings = police.settings

    @property
    def step_minutes(self) -> int:
        """Return the minutes between two steps of an urgent escalation."""
        return self.settings.escalate_after

    def step_due(self, started_at: datetime, step: int) -> datetime:
        """Return when a step of an urgent entry's escalation falls due."""
        return started_at + timedelta(minutes=step * self.step_minutes)

    def deadline(self, started_at: datetime) -> datetime:
        """Return when a routine entry must have been taken, to the minute (rounded up)."""
        moment = self.police.hours.add(started_at, self.settings.take_within)
        rounded = moment.replace(second=0, microsecond=0)
        return rounded if rounded == moment else rounded + timedelta(minutes=1)

    def earliest_start(self, moment: datetime) -> datetime:
        """Return a start before which every routine deadline falls before `moment`.

        Going back two working minutes more than the allowance lands in the working period
        before: whatever started in the break after it (a night, a weekend) has its
        deadline at `moment` or later, and must not be left out.
        """
        return self.police.hours.back(moment, self.settings.take_within + 2 / 60)

    # --- urgent ---------------------------------------------------------------------------

    async def still_untaken(self, entry_id: int, round_: int) -> Entry | None:
        """Return the entry if the commune told in that round still has not taken it."""
        entry = await self.env.store.get_entry_by_id(entry_id)
        if entry is None or entry.status not in UNTAKEN:
            return None
        forwards = sum(
            1 for e in await self.env.store.entry_events(entry.id) if e.action == "forward"
        )
        return entry if forwards == round_ else None

    async def urgent_step(self, entry_id: int, round_: int, step: int) -> list[Outbound]:
        """Return what one step of an urgent escalation sends (nothing once someone took it)."""
        entry = await self.still_untaken(entry_id, round_)
        if entry is None or not urgent_entry(entry):
            return []
        police = self.police
        store = self.env.store
        texts = police.chat_texts
        minutes = step * self.step_minutes
        group = await police.audience(entry.commune_id)
        if step == 1:
            targets = group
        elif step == 2:
            # Whoever the re-post reached (officers without a group, Zalo officers) has it.
            officers = await store.recipients([Role.POLICE], entry.commune_id)
            targets = _unique(
                (r.channel, r.chat_id) for r in officers if r.commune_id == entry.commune_id
            )
            targets = [t for t in targets if t not in group]
        else:
            targets = _unique((r.channel, r.chat_id) for r in await store.recipients([Role.ADMIN]))
        if not targets:
            return []
        commune = await store.get_commune(entry.commune_id)
        lead = texts(f"escalate.lead.{step}", minutes=minutes, commune=commune.name)
        reporter = await police.person(entry.reporter_id)
        events = await store.entry_events(entry.id)
        source = None
        if entry.kind.value == "tip" and not entry.confidential:
            source = await store.tip_source(entry.id)
        facts = await police.facts(
            entry, reporter, await store.entry_media(entry.id), events, source
        )
        facts = replace(facts, media_channel=await police.media_channel(reporter))
        # The group has the photos already; an officer or admin reading it alone gets them.
        return draw_alerts(
            self.env, texts, entry, facts, targets, round_, step=step, lead=lead, photos=step > 1
        )

    # --- routine --------------------------------------------------------------------------

    async def untaken_routine(self, due_at: datetime) -> list[Entry]:
        """Return the routine entries whose time to be taken ran out at `due_at`."""
        store = self.env.store
        rows = await store.untaken_entries(self.earliest_start(due_at))
        out = []
        for row in rows:
            if not escalates(row, urgent=False) or self.deadline(row.started_at) != due_at:
                continue
            entry = await self.still_untaken(row.id, row.round)
            if entry is not None:
                out.append(entry)
        return out

    async def routine_listing(self, entries: Sequence[Entry], due_at: datetime) -> list[Outbound]:
        """Return the listing of untaken routine entries: to each commune's police, and to
        the admins (all communes in one message)."""
        if not entries:
            return []
        police = self.police
        store = self.env.store
        texts = police.chat_texts
        hours = number(self.settings.take_within, texts.language)
        by_commune: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_commune[entry.commune_id].append(entry)
        out: list[Outbound] = []
        summary: list[str] = []
        for commune_id, items in sorted(by_commune.items()):
            try:
                commune = await store.get_commune(commune_id)
            except NotFound:
                continue
            lines = [await self._line(texts, e) for e in items]
            summary.append(
                texts(
                    "untaken.admin_line",
                    commune=commune.name,
                    count=len(items),
                    codes=", ".join(e.code for e in items),
                )
            )
            head = texts("untaken.head", hours=hours, commune=commune.name, count=len(items))
            nav = [
                Button(
                    label=texts("untaken.take", code=e.code),
                    data=f"{PREFIX}:take:{e.id}",
                    typed=f"/tiepnhan {e.code}",
                    quick="take",
                )
                for e in items[:LIST_BUTTONS]
            ]
            for channel, chat_id in await police.audience(commune_id):
                # Where there are no buttons (Zalo), the hint says what to type.
                hint = Texts(texts.language, channel.value)("untaken.hint")
                text = "\n".join([head, *lines, "", hint])
                out.append(
                    Outbound(
                        channel=channel,
                        chat_id=chat_id,
                        text=text,
                        nav=nav,
                        act_on=[e.code for e in items],
                    )
                )
        for admin in await store.recipients([Role.ADMIN]):
            admin_texts = self.env.texts(admin.language)
            head = admin_texts(
                "untaken.admin_head",
                hours=number(self.settings.take_within, admin_texts.language),
                count=len(entries),
            )
            out.append(
                Outbound(
                    channel=admin.channel,
                    chat_id=admin.chat_id,
                    text="\n".join([head, *summary, "", admin_texts("untaken.admin_hint")]),
                )
            )
        return out

    async def _line(self, texts: Texts, entry: Entry) -> str:
        village = ""
        if entry.village_id is not None:
            try:
                village = (await self.env.store.get_village(entry.village_id)).name
            except NotFound:
                village = ""
        return texts(
            "untaken.line",
            code=entry.code,
            category=texts(CATEGORY_PREFIX[entry.kind] + entry.category),
            village=village or texts("alert.no_village"),
            when=local_datetime(entry.created_at, self.env.tz),
        )


def _unique(targets: Iterable[Target]) -> list[Target]:
    seen: list[Target] = []
    for target in targets:
        if target not in seen:
            seen.append(target)
    return seen
