"""Entries as their reporters see them: submitting, listing one's own, following up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.domain import EntryKind, Role, TipSource
from bot.flows.engine import FlowEngine
from bot.flows.gooddeed import ME, TEAMMATES, resolve_doers
from bot.fmt import local_datetime
from bot.messages import Button, Inbound, Location, MediaRef, Outbound
from bot.services.context import Env, Speaker, dress
from bot.services.replies import reply
from bot.texts import Texts
from storage.models import AuditEvent, Draft, Entry, NewEntry, NewFollowup

if TYPE_CHECKING:
    from bot.services.police import PoliceService

FLOW_KINDS: dict[str, EntryKind] = {
    "tip": EntryKind.TIP,
    "incident": EntryKind.INCIDENT,
    "deed": EntryKind.DEED,
    "direct_tip": EntryKind.TIP,
}
#: Flows police use: a tip a resident gave them directly.
POLICE_FLOWS = frozenset({"direct_tip"})
NO_VILLAGE = "none"
CATEGORY_PREFIX: dict[EntryKind, str] = {
    EntryKind.TIP: "tip.cat.",
    EntryKind.INCIDENT: "incident.type.",
    EntryKind.DEED: "deed.kind.",
}
KIND_TITLE: dict[EntryKind, str] = {
    EntryKind.TIP: "tip",
    EntryKind.INCIDENT: "incident",
    EntryKind.DEED: "deed",
}
MY_LIMIT = 10


def media_of(data: dict[str, Any]) -> list[MediaRef]:
    """Return the media a draft collected."""
    return [
        MediaRef(
            kind=m["kind"],
            ref=m["ref"],
            unique_id=m.get("unique_id", ""),
            channel=m.get("channel"),
            local_path=m.get("local_path"),
        )
        for m in data.get("media", [])
    ]


def category_label(texts: Texts, entry: Entry) -> str:
    """Return the words for an entry's category."""
    return texts(CATEGORY_PREFIX[entry.kind] + entry.category)


class EntryService:
    """Turns finished drafts into entries and shows people their own."""

    def __init__(self, env: Env, engine: FlowEngine) -> None:
        self.env = env
        self.engine = engine
        #: Set by the composition root: prepares alerts for urgent entries.
        self.police: PoliceService | None = None

    def flow_for(self, speaker: Speaker, flow: str) -> str:
        """Return the flow a person really starts: police log tips as received directly."""
        person = speaker.person
        if flow == "tip" and person is not None and person.role == Role.POLICE:
            return "direct_tip"
        return flow

    def may_start(self, speaker: Speaker, flow: str) -> str | None:
        """Return why this person may not start a flow, or None if they may."""
        person = speaker.person
        assert person is not None
        if flow in POLICE_FLOWS:
            if person.role != Role.POLICE or person.commune_id is None:
                return speaker.texts("entry.police_only")
            return None
        if flow in FLOW_KINDS and (
            person.team_id is None or person.role not in (Role.MEMBER, Role.LEADER)
        ):
            if person.role == Role.POLICE:
                return speaker.texts("entry.police_direct_only")
            return speaker.texts("entry.needs_team")
        return None

    def build(
        self,
        draft: Draft,
        data: dict[str, Any],
        speaker: Speaker,
        team_village: int | None,
        now: datetime,
        team: Sequence[tuple[int, str]] = (),
    ) -> NewEntry:
        """Turn a finished draft's answers into an entry to save (`team`: the reporter's
        teammates now, which «Cả tổ» stands for)."""
        person = speaker.person
        assert person is not None and person.commune_id is not None
        kind = FLOW_KINDS[draft.flow]
        on_scene = data.get("on_scene")
        location = data.get("location")
        occurred = data.get("occurred_at")
        direct = draft.flow in POLICE_FLOWS
        village = data.get("village")
        return NewEntry(
            kind=kind,
            reporter_id=person.id,
            team_id=None if direct else person.team_id,
            village_id=(int(village) if village and village != NO_VILLAGE else None)
            if direct
            else team_village,
            commune_id=person.commune_id,
            source=TipSource.DIRECT if direct else TipSource.FORCE,
            category=str(data["category"]),
            description=str(data.get("description") or ""),
            place=data.get("place"),
            location=Location.model_validate(location) if location else None,
            occurred_at=datetime.fromisoformat(occurred) if occurred else None,
            urgent=bool(data.get("urgent", False)),
            confidential=bool(data.get("confidential", False)),
            tip_source=data.get("source") or None,
            on_scene=on_scene if kind == EntryKind.INCIDENT else None,
            response_minutes=data.get("response_minutes") if on_scene else None,
            action=data.get("action"),
            injuries=data.get("injuries"),
            doers=resolve_doers(data.get("doers"), person.id, team)
            if kind == EntryKind.DEED
            else [],
            helped=data.get("helped"),
            media=media_of(data),
            created_at=now,
            code_year=now.astimezone(self.env.tz).year,
        )

    async def submit(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: Sequence[Outbound],
    ) -> None:
        """Save a finished draft once and confirm with its reference code."""
        person = speaker.person
        assert person is not None
        now = self.env.clock.now()
        if draft.flow == "followup":
            await self._submit_followup(inbound, speaker, draft, data, lead, now)
            return
        village_id = None
        if person.team_id is not None:
            village_id = (await self.env.store.get_team(person.team_id)).village_id
        team = await self.team_of(speaker) if FLOW_KINDS[draft.flow] == EntryKind.DEED else []
        new = self.build(draft, data, speaker, village_id, now, team)
        texts = speaker.texts
        alert = None
        if self.police is not None:
            alert = await self.police.prepare_alert(new, person, draft.channel)

        def render(entry: Entry) -> list[Outbound]:
            text = texts("entry.saved", title=texts(KIND_TITLE[entry.kind]), code=entry.code)
            if alert is not None:
                # Whoever files an entry must know when police will see it.
                text += "\n\n" + alert.member_note(texts)
            confirmation = Outbound(
                channel=draft.channel, chat_id=draft.chat_id, text=text, keyboard="main"
            )
            alerts = alert.messages(entry) if alert is not None else []
            return [*lead, *dress([confirmation], speaker), *alerts]

        entry, _ = await self.env.store.submit_entry(
            new,
            draft_id=draft.id,
            channel=draft.channel,
            inbox_key=inbound.key,
            render=render,
            now=now,
        )
        if self.police is not None and entry.kind != EntryKind.DEED:
            # Wake the planner in time for the first escalation step, should nobody take it.
            self.police.wake_by(self.police.first_due(entry, entry.created_at))

    async def _submit_followup(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: Sequence[Outbound],
        now: datetime,
    ) -> None:
        person = speaker.person
        assert person is not None
        entry = await self.env.store.get_entry(str(data["entry"]))
        assert entry is not None and entry.reporter_id == person.id
        confirmation = Outbound(
            channel=draft.channel,
            chat_id=draft.chat_id,
            text=speaker.texts("followup.saved", code=entry.code),
            keyboard="main",
        )
        await self.env.store.add_followup(
            NewFollowup(
                entry_id=entry.id,
                person_id=person.id,
                text=data.get("text"),
                media=media_of(data),
                created_at=now,
            ),
            draft_id=draft.id,
            channel=draft.channel,
            inbox_key=inbound.key,
            outbox=[*lead, *dress([confirmation], speaker)],
            now=now,
        )

    async def team_of(self, speaker: Speaker) -> list[tuple[int, str]]:
        """Return the active members and leader of the person's team, the person first."""
        person = speaker.person
        assert person is not None
        if person.team_id is None:
            return []
        listed = await self.env.store.list_people(team_id=person.team_id)
        team = [
            (item.person.id, item.person.name)
            for item in listed
            if item.person.role in (Role.MEMBER, Role.LEADER) and item.person.id != person.id
        ]
        return [(person.id, person.name), *team]

    async def doer_options(self, speaker: Speaker) -> dict[str, list[tuple[str, str]]]:
        """Return the good deed's "who did it" choices: the reporter and their team."""
        person = speaker.person
        assert person is not None
        team = [(str(pid), name) for pid, name in await self.team_of(speaker)]
        return {ME: [(str(person.id), person.name)], TEAMMATES: team}

    async def village_options(self, speaker: Speaker) -> list[tuple[str, str]]:
        """Return the villages of an officer's commune as choices, and "not known"."""
        person = speaker.person
        assert person is not None
        if person.commune_id is None:
            return []
        villages = await self.env.store.list_villages(person.commune_id)
        options = [(str(v.id), v.name) for v in villages]
        return [*options, (NO_VILLAGE, speaker.texts("direct_tip.village.none"))]

    async def own_entry_options(self, speaker: Speaker) -> list[tuple[str, str]]:
        """Return the person's recent entries as (code, label) choices."""
        person = speaker.person
        assert person is not None
        entries = await self.env.store.entries_by_reporter(person.id, MY_LIMIT)
        return [(e.code, f"{e.code} · {category_label(speaker.texts, e)}") for e in entries]

    def line(self, texts: Texts, entry: Entry) -> str:
        """Return one line about an entry for lists."""
        return texts(
            "my.line",
            code=entry.code,
            when=local_datetime(entry.created_at, self.env.tz),
            category=category_label(texts, entry),
            status=texts(f"status.{entry.status.value}"),
            extra=texts("my.followups", count=entry.followup_count) if entry.followup_count else "",
        )

    async def show_mine(self, inbound: Inbound, speaker: Speaker) -> None:
        """List the person's recent entries, each with a follow-up button."""
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        entries = await self.env.store.entries_by_reporter(person.id, MY_LIMIT)
        now = self.env.clock.now()
        if not entries:
            message = reply(inbound, texts("my.empty"), keyboard="main")
            await self.env.store.send(dress([message], speaker), now, inbox_key=inbound.key)
            return
        lines = [self.line(texts, e) for e in entries]
        message = reply(inbound, texts("my.header", count=len(entries)) + "\n\n" + "\n".join(lines))
        # Buttons typed as commands where there are none (Zalo): no draft is waiting here.
        nav = [
            Button(
                label=texts("my.add_button", code=e.code),
                data=f"m:add:{e.code}",
                typed=texts("typed.followup", code=e.code),
            )
            for e in entries
        ]
        if person.role == Role.LEADER and person.team_id is not None:
            nav.append(
                Button(label=texts("my.team_button"), data="m:team", typed=texts("typed.team"))
            )
        message = message.model_copy(
            update={"nav": nav, "text": message.text + "\n\n" + texts("my.hint")}
        )
        await self.env.store.send([message], now, inbox_key=inbound.key)

    async def show_team(self, inbound: Inbound, speaker: Speaker) -> None:
        """List a leader's team's recent entries (leaders only)."""
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        now = self.env.clock.now()
        if person.role != Role.LEADER or person.team_id is None:
            await self.env.store.send(
                [reply(inbound, texts("team.leaders_only"))], now, inbox_key=inbound.key
            )
            return
        entries = await self.env.store.entries_by_team(person.team_id, 20)
        team = await self.env.store.get_team(person.team_id)
        if not entries:
            text = texts("team.empty", team=team.name)
        else:
            text = (
                texts("team.header", team=team.name, count=len(entries))
                + "\n\n"
                + "\n".join(self.line(texts, e) for e in entries)
            )
        viewed = AuditEvent(
            at=now,
            actor_id=person.id,
            action="view",
            subject=f"team:{team.id}",
            detail=f"{len(entries)} entries",
        )
        await self.env.store.send(
            [reply(inbound, text)], now, inbox_key=inbound.key, audit=[viewed]
        )

    async def followup_target(self, speaker: Speaker, code: str) -> Entry | None:
        """Return the person's own entry with that code, or None."""
        person = speaker.person
        assert person is not None
        entry = await self.env.store.get_entry(code.strip().upper())
        if entry is None or entry.reporter_id != person.id:
            return None
        return entry
