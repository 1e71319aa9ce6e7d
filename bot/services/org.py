"""Admin work from chat: the organisation tree, invites, police chats and people."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Channel, Role
from bot.fmt import local_date
from bot.messages import Button, Inbound, Outbound
from bot.official_map import (
    OfficialCommune,
    OfficialProvince,
    find_province,
    match_communes,
    suggestions,
)
from bot.parsing import ParseError, fold
from bot.parsing.names import parse_full_name
from bot.parsing.refs import parse_ref
from bot.services.context import Env, Speaker
from bot.services.joins import JoinService
from bot.services.linking import reach
from bot.services.names import rename_event
from bot.services.onboarding import OnboardingService
from bot.services.replies import reply
from bot.services.scope import private_chat, to
from storage.errors import Conflict, NotFound
from storage.models import PRIVILEGED_ROLES, AuditEvent, OfficialUnit

ROLE_WORDS: dict[str, Role] = {
    "thanhvien": Role.MEMBER,
    "member": Role.MEMBER,
    "totruong": Role.LEADER,
    "leader": Role.LEADER,
    "congan": Role.POLICE,
    "police": Role.POLICE,
}
RESIDENTIAL_PREFIXES = ("to dan pho", "tdp")
#: Typed after `/moi X3 congan`: the commune's officers may approve who opens it too.
OFFICERS_APPROVE_WORDS = frozenset({"duyetxa", "xaduyet", "canboduyet", "officers"})
#: Callback data of the organisation's buttons: o:xa:<official commune code>.
PREFIX = "o"


@dataclass(frozen=True)
class Limits:
    """Defaults for new invites, from the config."""

    ttl_days: int
    max_uses: int
    #: Police and admin invites: single-use unless the admin types a number.
    privileged_max_uses: int = 1


class OrgService:
    """Organisation commands; every method checks the caller is an admin."""

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
        #: Messengers whose bot may not be in group chats (Zalo's getMe can say so).
        self.no_groups: set[Channel] = set()

    async def _say(
        self, inbound: Inbound, text: str, audit: tuple[Speaker, str, str, str] | None = None
    ) -> None:
        """Reply; with `audit` (who, action, subject, detail) log it in the same write."""
        now = self.env.clock.now()
        events = []
        if audit is not None:
            who, action, subject, detail = audit
            actor = who.person.id if who.person else None
            events.append(
                AuditEvent(at=now, actor_id=actor, action=action, subject=subject, detail=detail)
            )
        await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key, audit=events)

    async def _admin(self, inbound: Inbound, speaker: Speaker) -> bool:
        if speaker.role == Role.ADMIN:
            return True
        await self._say(inbound, speaker.texts("admin.only"))
        return False

    async def add_commune(self, inbound: Inbound, speaker: Speaker) -> None:
        """/themxa <name>: add a commune or ward, by its official name when the map has it."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        name = " ".join(inbound.args).strip()
        if not name:
            await self._say(inbound, texts("admin.addcommune.usage"))
            return
        official = find_province(self.province)
        if official is None:
            # A province the official map does not know (a test deployment): names as typed.
            await self._add_typed_commune(inbound, speaker, name)
            return
        matches = match_communes(official, name)
        if len(matches) == 1:
            await self._add_official(inbound, speaker, official, matches[0])
            return
        if matches:
            choices = [
                Button(label=c.name, data=f"{PREFIX}:xa:{c.code}", typed=f"/themxa {c.name}")
                for c in matches
            ]
            message = reply(
                inbound, texts("admin.addcommune.pick", name=name, province=official.name)
            ).model_copy(update={"choices": choices, "numbered": False})
            await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)
            return
        close = suggestions(official, name)
        key = "admin.addcommune.unknown_close" if close else "admin.addcommune.unknown"
        await self._say(
            inbound,
            texts(
                key,
                name=name,
                province=official.name,
                close=", ".join(c.name for c in close),
                example=(close or list(official.communes))[0].name,
            ),
        )

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle a press on one of the communes /themxa offered (o:xa:<official code>)."""
        texts = speaker.texts
        parts = (inbound.callback or "").split(":")
        official = find_province(self.province)
        commune = None
        if len(parts) == 3 and parts[:2] == [PREFIX, "xa"] and official is not None:
            commune = next((c for c in official.communes if c.code == parts[2]), None)
        if official is None or commune is None:
            return texts("flow.button_unknown")
        if speaker.role != Role.ADMIN:
            return texts("admin.only")
        await self._add_official(inbound, speaker, official, commune)
        return None

    async def _add_official(
        self,
        inbound: Inbound,
        speaker: Speaker,
        province: OfficialProvince,
        commune: OfficialCommune,
    ) -> None:
        texts = speaker.texts
        store = self.env.store
        try:
            created = await store.add_official_communes(
                OfficialUnit(code=province.code, name=self.province),
                [commune.unit()],
                self.env.clock.now(),
            )
        except Conflict:
            created = []
        if not created:
            await self._say(inbound, texts("admin.addcommune.exists", name=commune.name))
            return
        added = created[0]
        await self._say(
            inbound,
            texts(
                "admin.addcommune.done_official",
                name=added.name,
                code=commune.code,
                ref=f"X{added.id}",
            ),
            audit=(speaker, "org", f"commune:{added.id}", f"add {added.name} ({commune.code})"),
        )

    async def _add_typed_commune(self, inbound: Inbound, speaker: Speaker, name: str) -> None:
        texts = speaker.texts
        province = await self.env.store.ensure_province(self.province)
        try:
            commune = await self.env.store.add_commune(province.id, name, self.env.clock.now())
        except Conflict:
            await self._say(inbound, texts("admin.addcommune.exists", name=name))
            return
        await self._say(
            inbound,
            texts("admin.addcommune.done", name=commune.name, ref=f"X{commune.id}"),
            audit=(speaker, "org", f"commune:{commune.id}", f"add {commune.name}"),
        )

    async def add_village(self, inbound: Inbound, speaker: Speaker) -> None:
        """/themthon X3 <village name>: add a village (or residential group) and its team."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        commune_id = parse_ref(inbound.args[0], "X") if inbound.args else None
        village = " ".join(inbound.args[1:]).strip()
        if commune_id is None or not village:
            await self._say(inbound, texts("admin.addvillage.usage"))
            return
        kind = "residential_group" if fold(village).startswith(RESIDENTIAL_PREFIXES) else "village"
        team_name = texts("admin.team_name", village=village)
        try:
            team = await self.env.store.add_village_with_team(
                commune_id, village, kind, team_name, now=self.env.clock.now()
            )
        except NotFound:
            await self._say(inbound, texts("admin.unknown_commune", ref=inbound.args[0]))
            return
        except Conflict:
            await self._say(inbound, texts("admin.addvillage.exists", name=village))
            return
        await self._say(
            inbound,
            texts(
                "admin.addvillage.done",
                village=team.village_name,
                commune=team.commune_name,
                team=team.name,
                ref=f"T{team.id}",
            ),
            audit=(speaker, "org", f"team:{team.id}", f"add {team.village_name} / {team.name}"),
        )

    async def show_org(self, inbound: Inbound, speaker: Speaker) -> None:
        """/tochuc: the tree with the ids other commands take."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        communes = await self.env.store.list_communes()
        if not communes:
            await self._say(inbound, texts("admin.org.empty"))
            return
        teams = await self.env.store.list_teams()
        lines = [texts("admin.org.header", province=self.province)]
        for commune in communes:
            chats = await self.env.store.police_chats(commune.id)
            linked = texts("admin.org.linked") if chats else texts("admin.org.unlinked")
            lines.append(f"\nX{commune.id} · {commune.name} · {linked}")
            lines += [
                f"   T{t.id} · {t.village_name} — {t.name}"
                for t in teams
                if t.commune_id == commune.id
            ]
        await self._say(inbound, "\n".join(lines))

    async def invite(self, inbound: Inbound, speaker: Speaker) -> None:
        """/moi T12 [totruong] or /moi X3 congan [N] [duyetxa]: create an invite link.

        Police invites are single-use (N uses if typed) and whoever opens one waits for an
        admin's approval — or, with `duyetxa`, an admin's or an officer's of that commune.
        """
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        args = list(inbound.args)
        if not args:
            await self._say(inbound, texts("admin.invite.usage"))
            return
        role_word = fold(args[1]).replace(" ", "") if len(args) > 1 else ""
        role = ROLE_WORDS.get(role_word) if role_word else Role.MEMBER
        options = [fold(a).replace(" ", "") for a in args[2:]]
        uses = [int(o) for o in options if o.isdigit()]
        officers = any(o in OFFICERS_APPROVE_WORDS for o in options)
        unknown = [o for o in options if not o.isdigit() and o not in OFFICERS_APPROVE_WORDS]
        privileged = role in PRIVILEGED_ROLES
        if (
            role is None
            or unknown
            or len(uses) > 1
            or (uses and not 1 <= uses[0] <= self.limits.max_uses)
            or (officers and not privileged)
        ):
            await self._say(inbound, texts("admin.invite.usage"))
            return
        team_id = parse_ref(args[0], "T")
        commune_id = parse_ref(args[0], "X") if args[0].upper().startswith("X") else None
        try:
            if role == Role.POLICE:
                if commune_id is None:
                    await self._say(inbound, texts("admin.invite.police_commune"))
                    return
                commune = await self.env.store.get_commune(commune_id)
                place = texts("place.commune", commune=commune.name)
                team_id = None
            else:
                if team_id is None or args[0].upper().startswith("X"):
                    await self._say(inbound, texts("admin.invite.member_team"))
                    return
                team = await self.env.store.get_team(team_id)
                commune_id = team.commune_id
                place = texts("place.team", team=team.name, commune=team.commune_name)
        except NotFound:
            await self._say(inbound, texts("admin.invite.unknown", ref=args[0]))
            return
        assert speaker.person is not None and commune_id is not None
        default_uses = self.limits.privileged_max_uses if privileged else self.limits.max_uses
        invite = await self.onboarding.create_invite(
            role=role,
            commune_id=commune_id,
            team_id=team_id,
            created_by=speaker.person.id,
            ttl_days=self.limits.ttl_days,
            max_uses=uses[0] if uses else default_uses,
            officers_approve=officers,
        )
        text = texts(
            "admin.invite.done",
            role=texts(f"role.{role.value}"),
            place=place,
            link=self.onboarding.invite_links(invite.code, texts),
            code=invite.code,
            expires=local_date(invite.expires_at, self.env.tz),
            uses=invite.max_uses,
        )
        if invite.approval != "none":
            text += "\n\n" + texts(f"admin.invite.approval.{invite.approval}")
        await self._say(
            inbound,
            text,
            audit=(
                speaker,
                "org",
                f"invite:{invite.code}",
                f"create {role.value} x{invite.max_uses} approval={invite.approval}: {place}",
            ),
        )

    async def list_invites(self, inbound: Inbound, speaker: Speaker) -> None:
        """/loimoi: invites still usable."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        invites = await self.env.store.list_invites(self.env.clock.now())
        if not invites:
            await self._say(inbound, texts("admin.invites.empty"))
            return
        lines = [texts("admin.invites.header")]
        for invite in invites:
            where = f"T{invite.team_id}" if invite.team_id else f"X{invite.commune_id}"
            lines.append(
                texts(
                    "admin.invites.line",
                    code=invite.code,
                    role=texts(f"role.{invite.role.value}"),
                    where=where,
                    used=invite.uses,
                    uses=invite.max_uses,
                    expires=local_date(invite.expires_at, self.env.tz),
                )
                + (texts("admin.invites.approval") if invite.approval != "none" else "")
            )
        await self._say(inbound, "\n".join(lines))

    async def revoke(self, inbound: Inbound, speaker: Speaker) -> None:
        """/huyma CODE: stop an invite from working; who still waited on it is told."""
        if not await self._admin(inbound, speaker):
            return
        assert speaker.person is not None
        await self.joins.withdraw(speaker.person, inbound.args[0] if inbound.args else "", inbound)

    async def link_group(self, inbound: Inbound, speaker: Speaker, title: str) -> None:
        """/lienketnhom X3, sent inside a group: it becomes that commune's police chat."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        if not inbound.chat_is_group:
            await self._say(inbound, texts("admin.link.in_group"))
            return
        commune_id = parse_ref(inbound.args[0], "X") if inbound.args else None
        if commune_id is None:
            await self._say(inbound, texts("admin.link.usage"))
            return
        try:
            commune = await self.env.store.get_commune(commune_id)
        except NotFound:
            await self._say(inbound, texts("admin.unknown_commune", ref=inbound.args[0]))
            return
        if inbound.channel in self.no_groups:
            # The messenger keeps this bot out of groups (Zalo's getMe): link nothing, and
            # say so where the admin reads it; the officers' own chats keep the alerts.
            refusal = texts("admin.link.no_groups", commune=commune.name, ref=f"X{commune.id}")
            await self.env.store.send(
                [to(private_chat(inbound), refusal)], self.env.clock.now(), inbox_key=inbound.key
            )
            return
        assert speaker.person is not None
        await self.env.store.link_police_chat(
            inbound.channel,
            inbound.chat_id,
            commune.id,
            title,
            speaker.person.id,
            self.env.clock.now(),
        )
        await self._say(
            inbound,
            texts("admin.link.done", commune=commune.name),
            audit=(speaker, "org", f"commune:{commune.id}", f"police chat {inbound.chat_id}"),
        )

    async def people(self, inbound: Inbound, speaker: Speaker) -> None:
        """/nguoi [X3]: who is registered, with ids for /xoanguoi."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        commune_id = parse_ref(inbound.args[0], "X") if inbound.args else None
        people = await self.env.store.list_people(commune_id=commune_id)
        if not people:
            await self._say(inbound, texts("admin.people.empty"))
            return
        lines = [texts("admin.people.header", count=len(people))]
        for item in people:
            where = item.team_name or item.commune_name or "—"
            unnamed = "" if item.person.name_confirmed_at else texts("admin.people.unnamed")
            lines.append(
                f"N{item.person.id} · {item.person.name}{unnamed} · "
                f"{texts('role.' + item.person.role.value)} · {where}"
            )
        lines.append(texts("admin.people.hint"))
        scope = f"X{commune_id}" if commune_id else "all"
        await self._say(
            inbound,
            "\n".join(lines),
            audit=(speaker, "view", f"people:{scope}", f"{len(people)} people"),
        )

    async def remove(self, inbound: Inbound, speaker: Speaker) -> None:
        """/xoanguoi N45: take a person's access away."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        person_id = parse_ref(inbound.args[0], "N") if inbound.args else None
        if person_id is None:
            await self._say(inbound, texts("admin.remove.usage"))
            return
        if speaker.person is not None and person_id == speaker.person.id:
            await self._say(inbound, texts("admin.remove.self"))
            return
        try:
            person = await self.env.store.remove_person(person_id, self.env.clock.now())
        except NotFound:
            await self._say(inbound, texts("admin.remove.unknown", ref=inbound.args[0]))
            return
        await self._say(
            inbound,
            texts("admin.remove.done", name=person.name),
            audit=(speaker, "org", f"person:{person.id}", f"remove {person.name}"),
        )

    async def rename(self, inbound: Inbound, speaker: Speaker) -> None:
        """/doiten N45 Họ Và Tên: correct someone's full name (checked as they are)."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        person_id = parse_ref(inbound.args[0], "N") if inbound.args else None
        typed = " ".join(inbound.args[1:])
        if person_id is None or not typed:
            await self._say(inbound, texts("admin.rename.usage"))
            return
        name = parse_full_name(typed)
        if isinstance(name, ParseError):
            await self._say(inbound, "⚠️ " + texts(f"err.{name.key}", limit=60))
            return
        try:
            person = await self.env.store.get_person(person_id)
        except NotFound:
            person = None
        if person is None or not person.active:
            await self._say(inbound, texts("admin.remove.unknown", ref=inbound.args[0]))
            return
        now = self.env.clock.now()
        told: list[Outbound] = []
        if speaker.person is None or person.id != speaker.person.id:
            for identity in await reach(self.env.store, person.id):
                theirs = self.env.texts(person.language, identity.channel.value)
                told.append(
                    Outbound(
                        channel=identity.channel,
                        chat_id=identity.chat_id,
                        text=theirs("name.corrected", name=name),
                    )
                )
        done = texts("admin.rename.done", ref=f"N{person.id}", old=person.name, name=name)
        await self.env.store.set_person_name(
            person.id,
            name,
            now=now,
            inbox_key=inbound.key,
            outbox=[reply(inbound, done), *told],
            audit=[rename_event(speaker.person.id if speaker.person else None, person, name, now)],
        )
