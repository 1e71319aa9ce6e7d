"""Digest schedules per commune (/lichbantin, admins) and digests on demand (/bantin, police)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.config import WEEKDAYS, DigestSettings
from bot.domain import Role
from bot.messages import Inbound
from bot.parsing import fold
from bot.parsing.refs import parse_ref
from bot.reports.digest import DigestBuilder, DigestKind
from bot.services.context import Env, Speaker
from bot.services.scope import Target, refusal_chat, reply_chat, to
from storage.errors import NotFound
from storage.models import DigestSchedule

TIME = re.compile(r"^(\d{1,2})(?:[:h.](\d{2})?)?$")
DAILY_WORDS = frozenset({"ngay", "hangngay", "daily", "day"})
WEEKLY_WORDS = frozenset({"tuan", "hangtuan", "weekly", "week"})
OFF_WORDS = frozenset({"tat", "off", "khong", "ngung"})
WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{f"thu{n}": n - 2 for n in range(2, 8)},
    **{f"t{n}": n - 2 for n in range(2, 8)},
    "thuhai": 0,
    "thuba": 1,
    "thutu": 2,
    "thunam": 3,
    "thusau": 4,
    "thubay": 5,
    "cn": 6,
    "chunhat": 6,
}


def parse_clock(text: str) -> str | None:
    """Return "HH:MM" for a typed time ("7:30", "7h30", "07h", "19.00"), or None."""
    match = TIME.match(text.strip().lower())
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


@dataclass(frozen=True)
class Slot:
    """A digest due: which kind, for which commune, on which local day, at what moment."""

    commune_id: int
    kind: DigestKind
    day: date
    moment: datetime


def due_slots(schedule: DigestSchedule, since: datetime, until: datetime, env: Env) -> list[Slot]:
    """Return the digests whose local time falls in (since, until]."""
    tz = env.tz
    slots: list[Slot] = []
    day = since.astimezone(tz).date()
    last = until.astimezone(tz).date()
    while day <= last:
        planned: list[tuple[DigestKind, str | None]] = [("daily", schedule.daily)]
        if schedule.weekly_day == day.weekday():
            planned.append(("weekly", schedule.weekly))
        for kind, at in planned:
            if not at:
                continue
            hours, minutes = (int(part) for part in at.split(":"))
            moment = datetime.combine(day, time(hours, minutes), tzinfo=tz)
            if since < moment <= until:
                slots.append(Slot(schedule.commune_id, kind, day, moment))
        day += timedelta(days=1)
    return slots


class DigestService:
    """Digest schedules and on-demand digests."""

    def __init__(self, env: Env, builder: DigestBuilder, defaults: DigestSettings) -> None:
        self.env = env
        self.builder = builder
        self.defaults = defaults

    def default(self, commune_id: int) -> DigestSchedule:
        """Return the configured schedule, for communes whose admins set none."""
        return DigestSchedule(
            commune_id=commune_id,
            daily=self.defaults.daily or None,
            weekly_day=WEEKDAYS.index(self.defaults.weekly_day),
            weekly=self.defaults.weekly or None,
        )

    async def schedules(self) -> list[DigestSchedule]:
        """Return every commune's schedule, defaults filled in."""
        stored = {s.commune_id: s for s in await self.env.store.digest_schedules()}
        return [
            stored.get(c.id) or self.default(c.id) for c in await self.env.store.list_communes()
        ]

    async def next_digest(self, commune_id: int, after: datetime) -> datetime | None:
        """Return when a commune's next digest (daily or weekly) goes out after a moment."""
        stored = {s.commune_id: s for s in await self.env.store.digest_schedules()}
        schedule = stored.get(commune_id) or self.default(commune_id)
        slots = due_slots(schedule, after, after + timedelta(days=8), self.env)
        return min((slot.moment for slot in slots), default=None)

    async def _commune(self, inbound: Inbound, speaker: Speaker, word: str | None) -> int | None:
        """Return the commune a command is about: X3, the group's, or the officer's own."""
        person = speaker.person
        if word is not None:
            return parse_ref(word, "X")
        chat = await self.env.store.police_chat(inbound.channel, inbound.chat_id)
        if chat is not None:
            return chat.commune_id
        if person is not None and person.role == Role.POLICE:
            return person.commune_id
        return None

    async def set_schedule(self, inbound: Inbound, speaker: Speaker) -> None:
        """/lichbantin [X3] [ngày|tuần [thứ 2]] [07:30|tắt]: show or change a schedule."""
        texts = speaker.texts
        if speaker.role != Role.ADMIN:
            await self._say(inbound, texts("admin.only"), refusal_chat(inbound))
            return
        args = [fold(a, keep=":.") for a in inbound.args]
        word = inbound.args[0] if args and args[0][:1] == "x" else None
        if word is not None:
            args = args[1:]
        commune_id = await self._commune(inbound, speaker, word)
        if commune_id is None:
            await self._say(inbound, texts("digest.schedule.usage"))
            return
        try:
            commune = await self.env.store.get_commune(commune_id)
        except NotFound:
            await self._say(inbound, texts("admin.unknown_commune", ref=word or commune_id))
            return
        stored = {s.commune_id: s for s in await self.env.store.digest_schedules()}
        current = stored.get(commune_id) or self.default(commune_id)
        where = await reply_chat(self.env, inbound, commune_id)
        if not args:
            await self._say(inbound, self._describe(speaker, commune.name, current), where)
            return
        changed = self._change(current, args)
        if changed is None:
            await self._say(inbound, texts("digest.schedule.usage"))
            return
        assert speaker.person is not None
        await self.env.store.set_digest_schedule(changed, speaker.person.id, self.env.clock.now())
        await self._say(
            inbound,
            texts("digest.schedule.saved") + "\n" + self._describe(speaker, commune.name, changed),
            where,
        )

    def _change(self, current: DigestSchedule, args: list[str]) -> DigestSchedule | None:
        """Apply typed words to a schedule; None if they don't make sense."""
        kind, *rest = args
        # "thứ 2" typed with a space arrives as two words.
        joined = [
            "".join(rest[i : i + 2]) if rest[i] == "thu" and i + 1 < len(rest) else rest[i]
            for i in range(len(rest))
            if not (i > 0 and rest[i - 1] == "thu")
        ]
        if kind in DAILY_WORDS and len(joined) == 1:
            if joined[0] in OFF_WORDS:
                return current.model_copy(update={"daily": None})
            at = parse_clock(joined[0])
            return current.model_copy(update={"daily": at}) if at else None
        if kind in WEEKLY_WORDS and len(joined) == 1 and joined[0] in OFF_WORDS:
            return current.model_copy(update={"weekly": None})
        if kind in WEEKLY_WORDS and len(joined) == 2:
            day = WEEKDAY_WORDS.get(joined[0])
            at = parse_clock(joined[1])
            if day is None or at is None:
                return None
            return current.model_copy(update={"weekly_day": day, "weekly": at})
        return None

    def _describe(self, speaker: Speaker, commune: str, schedule: DigestSchedule) -> str:
        texts = speaker.texts
        off = texts("digest.schedule.off")
        weekly = off
        if schedule.weekly and schedule.weekly_day is not None:
            weekly = texts(f"weekday.{schedule.weekly_day}") + " " + schedule.weekly
        return texts(
            "digest.schedule.show",
            commune=commune,
            daily=schedule.daily or off,
            weekly=weekly,
        )

    async def send_now(self, inbound: Inbound, speaker: Speaker) -> None:
        """/bantin [tuần] [X3]: the digest now, into the chat that asked."""
        texts = speaker.texts
        if speaker.role not in (Role.POLICE, Role.ADMIN):
            await self._say(inbound, texts("report.only_police"), refusal_chat(inbound))
            return
        words = [fold(a) for a in inbound.args]
        kind: DigestKind = "weekly" if any(w in WEEKLY_WORDS for w in words) else "daily"
        ref = next((a for a in inbound.args if a[:1] in "Xx" and a[1:].isdigit()), None)
        person = speaker.person
        assert person is not None
        if person.role == Role.POLICE:
            # An officer's digest is their own commune's, wherever they ask for it.
            commune_id = parse_ref(ref, "X") if ref else person.commune_id
        else:
            commune_id = await self._commune(inbound, speaker, ref)
        if commune_id is None:
            await self._say(inbound, texts("digest.now.usage"))
            return
        if person.role == Role.POLICE and commune_id != person.commune_id:
            await self._say(inbound, texts("report.not_yours"), refusal_chat(inbound))
            return
        try:
            await self.env.store.get_commune(commune_id)
        except NotFound:
            await self._say(inbound, texts("admin.unknown_commune", ref=ref))
            return
        now = self.env.clock.now()
        # In another commune's group (or one nobody linked) the digest goes to the asker.
        where = await reply_chat(self.env, inbound, commune_id)
        messages = await self.builder.build_digest(commune_id, kind, now, targets=[where])
        await self.env.store.send(messages, now, inbox_key=inbound.key)

    async def _say(self, inbound: Inbound, text: str, where: Target | None = None) -> None:
        target = where or (inbound.channel, inbound.chat_id)
        await self.env.store.send([to(target, text)], self.env.clock.now(), inbox_key=inbound.key)
