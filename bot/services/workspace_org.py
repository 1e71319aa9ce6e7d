"""The Organisation page's changes: the chat's admin commands, with forms instead of words.

Each change makes the same store call, with the same limits, the same calendar rules
(`bot/calendar/rules.py`) and the same audit line as its chat command (`OrgService`,
`CalendarService`); only the parsing differs (a form's fields are already ids). Every
method refuses anyone but an admin. Results are catalogue keys with their values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from bot.calendar.rules import check_deadline, check_name, check_phase
from bot.domain import Audience, Role
from bot.fmt import local_date
from bot.parsing import clean_user_text, fold
from bot.parsing.errors import ParseError
from bot.services.context import Env
from bot.services.joins import JoinService
from bot.services.onboarding import OnboardingService
from bot.services.org import RESIDENTIAL_PREFIXES, Limits
from bot.services.workspace import Forbidden
from bot.texts import Texts
from storage.errors import Conflict, NotFound, Overlap
from storage.models import (
    PRIVILEGED_ROLES,
    AuditEvent,
    Commune,
    Deadline,
    Invite,
    NewDeadline,
    NewPhase,
    Person,
    PersonListing,
    Phase,
    Team,
)

NAME_LIMIT = 120


@dataclass(frozen=True)
class Done:
    """What a change did (or why not): a catalogue key, its values, and success."""

    ok: bool
    key: str
    values: dict[str, object] = field(default_factory=dict)
    #: Already worded by the service that did it (in the person's language), instead of key.
    said: str = ""

    def say(self, texts: Texts) -> str:
        """Return the sentence a page shows."""
        return self.said or texts(self.key, **self.values)


@dataclass(frozen=True)
class OrgView:
    """The whole Organisation page."""

    province: str
    communes: list[Commune]
    teams: list[Team]
    people: list[PersonListing]
    invites: list[Invite]
    phases: list[Phase]
    deadlines: list[Deadline]


class OrgDesk:
    """Admin changes from the web workspace, under the chat commands' rules."""

    def __init__(
        self,
        env: Env,
        onboarding: OnboardingService,
        limits: Limits,
        province: str,
        joins: JoinService,
    ) -> None:
        self.env = env
        self.onboarding = onboarding
        self.limits = limits
        self.province = province
        self.joins = joins
        #: Wakes the scheduler after a calendar change (the composition root sets it).
        self.reschedule: Callable[[], None] = lambda: None

    def _admin(self, person: Person) -> int:
        if person.role != Role.ADMIN or not person.active:
            raise Forbidden("admin.only")
        return person.id

    async def _audit(self, actor: int, action: str, subject: str, detail: str) -> None:
        now = self.env.clock.now()
        await self.env.store.audit(
            [AuditEvent(at=now, actor_id=actor, action=action, subject=subject, detail=detail)]
        )

    async def view(self, person: Person) -> OrgView:
        """Return the tree, the people, the invites and the calendar (the view is audited)."""
        actor = self._admin(person)
        store = self.env.store
        now = self.env.clock.now()
        people = await store.list_people()
        await self._audit(actor, "view", "people:all", f"{len(people)} people (web)")
        today = now.astimezone(self.env.tz).date()
        return OrgView(
            province=self.province,
            communes=await store.list_communes(),
            teams=await store.list_teams(),
            people=people,
            invites=await store.list_invites(now),
            phases=await store.list_phases(),
            deadlines=await store.list_deadlines(due_from=today.replace(month=1, day=1)),
        )

    @staticmethod
    def _name(text: str) -> str | None:
        cleaned = clean_user_text(text, NAME_LIMIT)
        if isinstance(cleaned, ParseError):
            return None
        return " ".join(cleaned.split()) or None

    async def add_commune(self, person: Person, name: str) -> Done:
        """Add a commune or ward (as /themxa)."""
        actor = self._admin(person)
        clean = self._name(name)
        if clean is None:
            return Done(False, "admin.addcommune.usage")
        province = await self.env.store.ensure_province(self.province)
        try:
            commune = await self.env.store.add_commune(province.id, clean, self.env.clock.now())
        except Conflict:
            return Done(False, "admin.addcommune.exists", {"name": clean})
        await self._audit(actor, "org", f"commune:{commune.id}", f"add {commune.name}")
        return Done(True, "web.org.commune_added", {"name": commune.name, "ref": f"X{commune.id}"})

    async def add_village(self, person: Person, commune_id: int | None, name: str) -> Done:
        """Add a village (or residential group) and its team (as /themthon)."""
        actor = self._admin(person)
        clean = self._name(name)
        if commune_id is None or clean is None:
            return Done(False, "web.org.village_usage")
        kind = "residential_group" if fold(clean).startswith(RESIDENTIAL_PREFIXES) else "village"
        team_name = self.env.texts(person.language)("admin.team_name", village=clean)
        try:
            team = await self.env.store.add_village_with_team(commune_id, clean, kind, team_name)
        except NotFound:
            return Done(False, "admin.unknown_commune", {"ref": f"X{commune_id}"})
        except Conflict:
            return Done(False, "admin.addvillage.exists", {"name": clean})
        await self._audit(actor, "org", f"team:{team.id}", f"add {team.village_name} / {team.name}")
        return Done(
            True,
            "web.org.village_added",
            {"village": team.village_name, "team": team.name, "ref": f"T{team.id}"},
        )

    async def invite(
        self, person: Person, role: Role | None, team_id: int | None, commune_id: int | None
    ) -> tuple[Done, Invite | None]:
        """Create an invite (as /moi T12 [totruong] or /moi X3 congan)."""
        actor = self._admin(person)
        texts = self.env.texts(person.language)
        if role not in (Role.MEMBER, Role.LEADER, Role.POLICE):
            return Done(False, "admin.invite.usage"), None
        try:
            if role == Role.POLICE:
                if commune_id is None:
                    return Done(False, "admin.invite.police_commune"), None
                commune = await self.env.store.get_commune(commune_id)
                place = texts("place.commune", commune=commune.name)
                team_id = None
            else:
                if team_id is None:
                    return Done(False, "admin.invite.member_team"), None
                team = await self.env.store.get_team(team_id)
                commune_id = team.commune_id
                place = texts("place.team", team=team.name, commune=team.commune_name)
        except NotFound:
            return Done(False, "admin.invite.unknown", {"ref": "?"}), None
        invite = await self.onboarding.create_invite(
            role=role,
            commune_id=commune_id,
            team_id=team_id,
            created_by=actor,
            ttl_days=self.limits.ttl_days,
            # Police invites are bearer keys (issue 11): single-use, and approved by an admin.
            max_uses=self.limits.privileged_max_uses
            if role in PRIVILEGED_ROLES
            else self.limits.max_uses,
        )
        await self._audit(actor, "org", f"invite:{invite.code}", f"create {role.value}: {place}")
        done = Done(
            True,
            "web.org.invite_added",
            {
                "code": invite.code,
                "role": texts(f"role.{role.value}"),
                "place": place,
                "expires": local_date(invite.expires_at, self.env.tz),
                "uses": invite.max_uses,
            },
        )
        return done, invite

    def invite_links(self, code: str, texts: Texts) -> str:
        """Return how to join with a code, on every messenger the bot runs on."""
        return self.onboarding.invite_links(code, texts)

    async def revoke(self, person: Person, code: str) -> Done:
        """Stop an invite from working and cancel who still waited on it (as /huyma)."""
        self._admin(person)
        outcome = await self.joins.withdraw(person, code)
        return Done(outcome.ok, "", said=outcome.text)

    async def remove_person(self, person: Person, person_id: int | None) -> Done:
        """Take a person's access away (as /xoanguoi)."""
        actor = self._admin(person)
        if person_id is None:
            return Done(False, "admin.remove.usage")
        if person_id == actor:
            return Done(False, "admin.remove.self")
        try:
            removed = await self.env.store.remove_person(person_id, self.env.clock.now())
        except NotFound:
            return Done(False, "admin.remove.unknown", {"ref": f"N{person_id}"})
        await self._audit(actor, "org", f"person:{removed.id}", f"remove {removed.name}")
        return Done(True, "admin.remove.done", {"name": removed.name})

    async def add_deadline(
        self,
        person: Person,
        name: str,
        due: date | None,
        commune_id: int | None,
        audience: frozenset[Audience],
        report: bool,
    ) -> Done:
        """Add a deadline (as /themhan), checked by the calendar's own rules."""
        actor = self._admin(person)
        if due is None:
            return Done(False, "web.org.date_usage")
        clean = self._name(name) or ""
        problem = check_name(clean)
        if problem is not None:
            return Done(False, problem.key, dict(problem.values))
        deadline = NewDeadline(
            name=clean,
            due=due,
            commune_id=commune_id,
            audience=audience,
            report=report and bool(audience & {Audience.LEADERS, Audience.POLICE}),
        )
        today = self.env.clock.now().astimezone(self.env.tz).date()
        problems = check_deadline(deadline, today)
        if problems:
            return Done(False, problems[0].key, dict(problems[0].values))
        try:
            saved = await self.env.store.save_deadline(deadline, actor, self.env.clock.now())
        except NotFound:
            return Done(False, "cal.err.gone")
        self.reschedule()
        return Done(True, "cal.deadline.added", {"ref": f"H{saved.id}"})

    async def add_phase(
        self,
        person: Person,
        name: str,
        dates: tuple[date | None, date | None, date | None],
        commune_id: int | None,
    ) -> Done:
        """Add a phase (as /themdot), checked by the calendar's own rules and overlaps."""
        actor = self._admin(person)
        start, end, report = dates
        if start is None or end is None or report is None:
            return Done(False, "web.org.date_usage")
        phase = NewPhase(
            name=self._name(name) or "", start=start, end=end, report=report, commune_id=commune_id
        )
        today = self.env.clock.now().astimezone(self.env.tz).date()
        problems = check_phase(phase, today)
        if problems:
            return Done(False, problems[0].key, dict(problems[0].values))
        try:
            saved = await self.env.store.save_phase(phase, actor, self.env.clock.now())
        except Overlap as clash:
            other = await self.env.store.get_phase(clash.other_id)
            scope = other.commune_name or self.env.texts(person.language)(
                "cal.scope.province", province=self.province
            )
            return Done(
                False,
                "cal.err.overlap",
                {
                    "name": other.name,
                    "ref": f"D{other.id}",
                    "start": local_date(other.start),
                    "end": local_date(other.end),
                    "scope": scope,
                },
            )
        except NotFound:
            return Done(False, "cal.err.gone")
        self.reschedule()
        return Done(True, "cal.phase.added", {"ref": f"D{saved.id}"})

    async def remove_calendar(self, person: Person, kind: str, item_id: int | None) -> Done:
        """Remove a phase (D…) or a deadline (H…), as /xoadot and /xoahan."""
        actor = self._admin(person)
        prefix = "D" if kind == "phase" else "H"
        if item_id is None or kind not in ("phase", "deadline"):
            return Done(False, "cal.unknown", {"ref": prefix})
        now = self.env.clock.now()
        try:
            if kind == "phase":
                removed: Phase | Deadline = await self.env.store.remove_phase(item_id, now)
            else:
                removed = await self.env.store.remove_deadline(item_id, now)
        except NotFound:
            return Done(False, "cal.unknown", {"ref": f"{prefix}{item_id}"})
        ref = f"{prefix}{removed.id}"
        await self._audit(actor, "org", f"{kind}:{ref}", f"remove {removed.name}")
        self.reschedule()
        return Done(True, "cal.remove.done", {"ref": ref, "name": removed.name})
