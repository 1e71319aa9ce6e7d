"""The web workspace's pages, as services: who may see what, and the same actions as chat.

The web layer parses a request and renders what these return; every rule is here or in
the services the chat uses. Police see their commune, leaders their team, admins the
province. Taking, handling and forwarding go through `PoliceService` — the same
compare-and-set, the same notice to the reporter, the same alert edits as a button press.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain import Channel, EntryKind, EntryStatus, Role
from bot.messages import Inbound, MediaRef
from bot.parsing import ParseError, Period, parse_period
from bot.reports.figures import Figures, FiguresService
from bot.reports.periods import months_in, offset_minutes, utc_bounds
from bot.services.context import Env, Speaker
from bot.services.police import OPEN, PoliceService, may_act, normalize_code
from storage.errors import NotFound
from storage.gazetteer import Centre, commune_centre, province_centre
from storage.models import (
    AuditEvent,
    Commune,
    Entry,
    EntryEvent,
    Followup,
    InboxPage,
    InboxQuery,
    MapLayer,
    Person,
    Team,
    Village,
)
from storage.names import search_words

PAGE_SIZE = 25
MAP_LIMIT = 50_000
STATUS_FILTERS: dict[str, frozenset[EntryStatus]] = {
    "open": OPEN,
    "new": frozenset({EntryStatus.NEW}),
    "taken": frozenset({EntryStatus.TAKEN}),
    "forwarded": frozenset({EntryStatus.FORWARDED}),
    "handled": frozenset({EntryStatus.HANDLED}),
    "all": frozenset(),
}


class Forbidden(Exception):
    """The person may not see or do this (a 403, worded from the catalogue key)."""

    def __init__(self, key: str = "web.forbidden") -> None:
        super().__init__(key)
        self.key = key


class Missing(Exception):
    """No such thing (a 404)."""


@dataclass(frozen=True)
class InboxFilters:
    """What the inbox was asked for, already parsed from the request."""

    kind: EntryKind | None = None
    status: str = "open"
    commune_id: int | None = None
    village_id: int | None = None
    period: str = ""
    urgent: bool = False
    text: str = ""
    before: tuple[datetime, int] | None = None


@dataclass(frozen=True)
class InboxView:
    """A page of the inbox with what its filter form offers."""

    page: InboxPage
    filters: InboxFilters
    communes: list[Commune]
    villages: list[Village]
    period: Period | None
    period_error: str = ""


@dataclass(frozen=True)
class EntryView:
    """Everything an entry page shows, and what the viewer may do with it."""

    entry: Entry
    commune: Commune
    village: str
    team: str
    reporter: str
    photos: int
    voices: int
    followups: list[tuple[Followup, str]]
    events: list[EntryEvent]
    actions: list[str]
    forward_to: list[Commune]
    may_source: bool
    open_source: str | None
    centre: Centre | None


@dataclass(frozen=True)
class MapPlace:
    """A labelled place drawn on a map without tiles: a commune centre, a village."""

    name: str
    lat: float
    lon: float
    kind: str


@dataclass(frozen=True)
class MapData:
    """Points of a period, places to read them by, and where to centre."""

    layer: MapLayer
    places: list[MapPlace]
    centre: Centre | None


@dataclass(frozen=True)
class TeamView:
    """A leader's team: its recent entries and the months with or without a good deed."""

    team: Team
    entries: list[Entry]
    months: list[tuple[str, bool]] = field(default_factory=list)


def period_of(text: str, today: datetime) -> Period | ParseError | None:
    """Parse a period typed or chosen on a page ("tháng này", "2025"); None when empty."""
    if not text.strip():
        return None
    return parse_period(text, today.date())


class WorkspaceService:
    """Reads and actions of the web workspace, under the chat's access rules."""

    def __init__(
        self, env: Env, police: PoliceService, figures: FiguresService, province: str
    ) -> None:
        self.env = env
        self.police = police
        self.figures = figures
        self.province = province

    # --- scope ------------------------------------------------------------------------

    async def communes(self, person: Person) -> list[Commune]:
        """Return the communes a person's pages cover (police: theirs; admins: all)."""
        every = await self.env.store.list_communes()
        if person.role == Role.ADMIN:
            return every
        if person.role == Role.POLICE:
            return [c for c in every if c.id == person.commune_id]
        return []

    async def _scope(self, person: Person, commune_id: int | None) -> list[int] | None:
        """Return the communes a listing covers (None: every one), or refuse."""
        if person.role == Role.POLICE:
            if commune_id is not None and commune_id != person.commune_id:
                raise Forbidden("web.not_your_commune")
            return [person.commune_id] if person.commune_id is not None else []
        if person.role != Role.ADMIN:
            raise Forbidden("web.police_only")
        if commune_id is not None:
            try:
                await self.env.store.get_commune(commune_id)
            except NotFound:
                raise Missing from None
            return [commune_id]
        return None

    # --- inbox ------------------------------------------------------------------------

    async def inbox(self, person: Person, filters: InboxFilters) -> InboxView:
        """Return a page of the inbox for police (their commune) or admins."""
        commune_ids = await self._scope(person, filters.commune_id)
        now = self.env.clock.now()
        local_now = now.astimezone(self.env.tz)
        period: Period | None = None
        period_error = ""
        start = end = None
        parsed = period_of(filters.period, local_now)
        if isinstance(parsed, ParseError):
            period_error = parsed.key
        elif parsed is not None:
            period = parsed
            start, end = utc_bounds(parsed, self.env.tz)
        text = filters.text.strip()[:100]
        code = normalize_code(text) if text else None
        words = [] if code else re.findall(r"\w+", search_words(text))[:8]
        villages: list[Village] = []
        if commune_ids is not None and len(commune_ids) == 1:
            villages = await self.env.store.list_villages(commune_ids[0])
        village_id = filters.village_id
        if village_id is not None and village_id not in {v.id for v in villages}:
            village_id = None
        query = InboxQuery(
            commune_ids=commune_ids,
            kinds=[filters.kind] if filters.kind else [],
            statuses=sorted(STATUS_FILTERS.get(filters.status, OPEN)),
            village_id=village_id,
            start=start,
            end=end,
            urgent=filters.urgent,
            code=code,
            words=words,
            before=filters.before,
            limit=PAGE_SIZE,
        )
        if filters.status == "open" and not filters.kind:
            # Good deeds are never "handled": the open list is tips and incidents.
            query = query.model_copy(update={"kinds": [EntryKind.TIP, EntryKind.INCIDENT]})
        page = await self.env.store.inbox_entries(query)
        return InboxView(
            page=page,
            filters=filters,
            communes=await self.communes(person),
            villages=villages,
            period=period,
            period_error=period_error,
        )

    # --- one entry --------------------------------------------------------------------

    async def _entry(self, person: Person, code: str) -> tuple[Entry, bool]:
        """Return an entry the person may see, and whether they may act on it."""
        normal = normalize_code(code)
        entry = await self.env.store.get_entry(normal) if normal else None
        if entry is None:
            raise Missing
        if may_act(person, entry.commune_id):
            return entry, entry.kind != EntryKind.DEED
        if (
            person.role == Role.LEADER
            and entry.team_id is not None
            and (entry.team_id == person.team_id)
        ):
            return entry, False
        raise Forbidden("web.not_your_commune")

    async def entry(self, person: Person, code: str) -> EntryView:
        """Return an entry page's contents; the source stays behind «Xem nguồn tin»."""
        entry, acting = await self._entry(person, code)
        store = self.env.store
        commune = await store.get_commune(entry.commune_id)
        village = team = reporter = ""
        if entry.village_id is not None:
            village = (await store.get_village(entry.village_id)).name
        if entry.team_id is not None:
            team = (await store.get_team(entry.team_id)).name
        if entry.reporter_id is not None:
            reporter = (await store.get_person(entry.reporter_id)).name
        media = await store.entry_media(entry.id)
        followups = []
        for followup in await store.followups(entry.id):
            author = ""
            if followup.person_id is not None:
                author = (await store.get_person(followup.person_id)).name
            followups.append((followup, author))
        actions: list[str] = []
        forward_to: list[Commune] = []
        if acting:
            if entry.status in (EntryStatus.NEW, EntryStatus.FORWARDED):
                actions.append("take")
            if entry.status != EntryStatus.HANDLED:
                actions += ["handle", "forward"]
                forward_to = [c for c in await store.list_communes() if c.id != entry.commune_id]
        has_source = entry.kind == EntryKind.TIP and await store.tip_source(entry.id) is not None
        open_source = None
        if acting and has_source and not entry.confidential:
            # An open source is shown as the alert shows it; a confidential one is not.
            open_source = await store.tip_source(entry.id)
        return EntryView(
            entry=entry,
            commune=commune,
            village=village,
            team=team,
            reporter=reporter,
            photos=sum(1 for m in media if m.kind == "photo"),
            voices=sum(1 for m in media if m.kind == "voice"),
            followups=followups,
            events=await store.entry_events(entry.id),
            actions=actions,
            forward_to=forward_to,
            may_source=acting and has_source and entry.confidential,
            open_source=open_source,
            centre=commune_centre(self.province, commune.name),
        )

    async def act(
        self,
        person: Person,
        code: str,
        action: str,
        *,
        note: str = "",
        commune_id: int | None = None,
    ) -> str:
        """Take, handle or forward an entry as the chat's buttons do; return what happened."""
        entry, acting = await self._entry(person, code)
        if not acting:
            raise Forbidden("police.not_allowed")
        texts = self.env.texts(person.language)
        speaker = Speaker(person, texts)
        # The chat's actions answer an input; a page's form is one, keyed so a replayed
        # request is recognisable in the inbox table.
        inbound = Inbound(
            key=f"web:{secrets.token_hex(8)}",
            channel=Channel.TELEGRAM,
            chat_id="",
            user_id=str(person.id),
        )
        result: str | None
        if action == "take":
            result = await self.police.take(inbound, speaker, entry)
        elif action == "handle":
            result = await self.police.handle(inbound, speaker, entry, note=note[:500] or None)
        elif action == "forward" and commune_id is not None:
            result = await self.police.forward(inbound, speaker, entry, commune_id)
        else:
            raise Missing
        return result or ""

    async def source(self, person: Person, code: str) -> str:
        """Return a confidential tip's source to an officer who asks, and log that they did."""
        entry, acting = await self._entry(person, code)
        if not acting or entry.kind != EntryKind.TIP:
            raise Forbidden("police.not_allowed")
        source = await self.env.store.tip_source(entry.id)
        if not source:
            raise Missing
        await self.env.store.log_source_view(
            entry.id, person.id, outbox=[], inbox_key=None, now=self.env.clock.now()
        )
        return source

    async def media(self, person: Person, code: str, kind: str, number: int) -> MediaRef:
        """Return an entry's n-th photo or voice note (from 1) for someone who may see it."""
        entry, _ = await self._entry(person, code)
        kept = [m for m in await self.env.store.entry_media(entry.id) if m.kind == kind]
        if not 1 <= number <= len(kept):
            raise Missing
        return kept[number - 1]

    # --- map --------------------------------------------------------------------------

    async def map_data(
        self, person: Person, commune_id: int | None, period: Period, kinds: list[EntryKind]
    ) -> MapData:
        """Return the located entries of a period in the person's scope, and places."""
        commune_ids = await self._scope(person, commune_id)
        start, end = utc_bounds(period, self.env.tz)
        communes = [
            c
            for c in await self.env.store.list_communes()
            if commune_ids is None or c.id in commune_ids
        ]
        # Named communes, never "all": each is one range of the map's own index.
        layer = await self.env.store.map_points(
            [c.id for c in communes], start, end, kinds, limit=MAP_LIMIT
        )
        places: list[MapPlace] = []
        for commune in communes:
            found = commune_centre(self.province, commune.name)
            if found is not None:
                places.append(MapPlace(commune.name, found[0], found[1], "commune"))
        if layer.villages and commune_ids is not None and len(commune_ids) == 1:
            # Villages have no official coordinates: each is drawn where its entries are.
            names = {v.id: v.name for v in await self.env.store.list_villages(commune_ids[0])}
            places += [
                MapPlace(names[v], lat, lon, "village")
                for v, lat, lon in layer.villages
                if v in names
            ]
        centre: Centre | None = (places[0].lat, places[0].lon) if places else None
        if len(communes) != 1:
            centre = province_centre(self.province) or centre
        return MapData(layer=layer, places=places, centre=centre)

    # --- reports ----------------------------------------------------------------------

    async def report(self, person: Person, commune_id: int | None, period: Period) -> Figures:
        """Return the same figures /baocao shows, for the person's scope."""
        commune_ids = await self._scope(person, commune_id)
        scope = commune_ids[0] if commune_ids else None
        return await self.figures.compute(scope, period, self.env.clock.now())

    async def export_scope(self, person: Person, commune_id: int | None) -> int | None:
        """Return the commune a download covers (None: the province), or refuse."""
        commune_ids = await self._scope(person, commune_id)
        return commune_ids[0] if commune_ids else None

    async def log_export(
        self, person: Person, commune_id: int | None, period: Period, what: str
    ) -> None:
        """Record a download as the chat records an export."""
        await self.env.store.audit(
            [
                AuditEvent(
                    at=self.env.clock.now(),
                    actor_id=person.id,
                    action="export",
                    subject=f"report:X{commune_id}" if commune_id else "report:province",
                    detail=f"{period.start.isoformat()}..{period.end.isoformat()} web {what}",
                )
            ]
        )

    # --- team -------------------------------------------------------------------------

    async def team(self, person: Person) -> TeamView:
        """Return a leader's team page: recent entries, good-deed months this year."""
        if person.role != Role.LEADER or person.team_id is None:
            raise Forbidden("team.leaders_only")
        store = self.env.store
        team = await store.get_team(person.team_id)
        entries = await store.entries_by_team(team.id, 50)
        now = self.env.clock.now()
        today = now.astimezone(self.env.tz).date()
        year = Period(today.replace(month=1, day=1), today.replace(month=12, day=31), "ytd")
        start, end = utc_bounds(year, self.env.tz)
        met = await store.team_deed_months(team.id, start, end, offset_minutes(self.env.tz, now))
        months = [
            (f"{m:02d}/{y:04d}", f"{y:04d}-{m:02d}" in met) for y, m in months_in(year, today)
        ]
        await store.audit(
            [
                AuditEvent(
                    at=now,
                    actor_id=person.id,
                    action="view",
                    subject=f"team:{team.id}",
                    detail=f"{len(entries)} entries (web)",
                )
            ]
        )
        return TeamView(team=team, entries=entries, months=months)
