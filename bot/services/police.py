"""Commune police at work: alerts on urgent entries, take / handle / forward, sources, history.

Every action is one Store call that changes the status only if the entry is still as the
officer saw it, records who and when, tells the reporter and edits the alerts — together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.domain import Channel, EntryKind, EntryStatus, Role
from bot.fmt import local_datetime
from bot.messages import Button, Inbound, MediaRef, Outbound
from bot.parsing import match_choice
from bot.services.alerts import (
    PREFIX,
    AlertFacts,
    alert_buttons,
    alert_key,
    alert_media,
    alert_prefix,
    alert_text,
    commune_of_key,
    needs_alert,
)
from bot.services.context import Env, Speaker
from bot.services.org import parse_ref
from bot.services.police_chats import lost_group_stand_ins
from bot.services.replies import reply
from bot.texts import Texts
from storage.errors import NotFound
from storage.models import (
    Commune,
    Entry,
    EntryEvent,
    EventAction,
    NewEntry,
    Person,
    StatusChange,
)

CODE = re.compile(r"^(TB|VV|VT)-\d{4}-\d{1,6}$")
#: How many communes a forward offers as buttons; beyond that, the name is typed.
FORWARD_BUTTONS = 30
OPEN = frozenset({EntryStatus.NEW, EntryStatus.TAKEN, EntryStatus.FORWARDED})

Target = tuple[Channel, str]


def normalize_code(text: str) -> str | None:
    """Return a reference code as stored ("tb-2026-12" → "TB-2026-000012"), or None."""
    code = text.strip().upper()
    if not CODE.match(code):
        return None
    prefix, year, number = code.split("-")
    return f"{prefix}-{year}-{int(number):06d}"


def may_act(person: Person | None, commune_id: int) -> bool:
    """Return whether a person may handle a commune's entries: its police, or an admin."""
    if person is None or not person.active:
        return False
    if person.role == Role.ADMIN:
        return True
    return person.role == Role.POLICE and person.commune_id == commune_id


@dataclass
class AlertPlan:
    """An alert prepared before an entry is saved, drawn once it has its id and code."""

    facts: AlertFacts
    targets: list[Target]
    texts: Texts
    env: Env
    #: Admins standing in for a police group the bot was removed from (issue 11): they get
    #: the alert too, but are not the commune's police the member is told about.
    stand_ins: list[Target] = field(default_factory=list)

    def messages(self, entry: Entry) -> list[Outbound]:
        """Return the alert for every target chat."""
        targets = [*self.targets, *(t for t in self.stand_ins if t not in self.targets)]
        return draw_alerts(self.env, self.texts, entry, self.facts, targets, round_=0)


def draw_alerts(
    env: Env, texts: Texts, entry: Entry, facts: AlertFacts, targets: list[Target], round_: int
) -> list[Outbound]:
    """Return the messages that put an alert into each target chat."""
    out: list[Outbound] = []
    for channel, chat_id in targets:
        # A file id means something on one messenger only.
        media_here = channel == facts.media_channel
        # Photos first, as their own album: the alert text stays a text message that can
        # be edited later (a caption could not hold it).
        if facts.photos and media_here:
            out.append(Outbound(channel=channel, chat_id=chat_id, photos=facts.photos))
        out.append(
            Outbound(
                channel=channel,
                chat_id=chat_id,
                text=alert_text(texts, env.tz, entry, facts),
                nav=alert_buttons(texts, entry),
                attachments=alert_media(facts) if media_here else [],
                location=entry.location,
                key=alert_key(entry.id, entry.commune_id, round_),
            )
        )
    return out


class PoliceService:
    """Alerts and the actions police take on them."""

    def __init__(self, env: Env) -> None:
        self.env = env

    @property
    def chat_texts(self) -> Texts:
        """Return the catalogue police chats read (the deployment's language)."""
        return Texts(self.env.default_language)

    # --- alerts -----------------------------------------------------------------------

    async def audience(self, commune_id: int) -> list[Target]:
        """Return where a commune's alerts go: its police chats, else its officers privately."""
        chats = await self.env.store.police_chats(commune_id)
        if chats:
            return [(c.channel, c.chat_id) for c in chats]
        targets: list[Target] = []
        for listing in await self.env.store.list_people(commune_id=commune_id):
            person = listing.person
            if person.role != Role.POLICE or person.commune_id != commune_id:
                continue
            target = await self._private_chat(person.id)
            if target is not None:
                targets.append(target)
        return targets

    async def _private_chat(self, person_id: int, channel: Channel | None = None) -> Target | None:
        identities = await self.env.store.identities(person_id)
        usable = [i for i in identities if i.unreachable_at is None] or identities
        if channel is not None:
            usable = [i for i in usable if i.channel == channel] or usable
        return (usable[0].channel, usable[0].chat_id) if usable else None

    async def facts(
        self,
        entry: Entry | NewEntry,
        reporter: Person | None,
        media: list[MediaRef],
        events: list[EntryEvent] | None = None,
        open_source: str | None = None,
    ) -> AlertFacts:
        """Gather the names and media an alert shows."""
        store = self.env.store
        commune = await store.get_commune(entry.commune_id)
        village = team = ""
        if entry.village_id is not None:
            village = (await store.get_village(entry.village_id)).name
        if entry.team_id is not None:
            team = (await store.get_team(entry.team_id)).name
        return AlertFacts(
            commune_name=commune.name,
            village_name=village,
            team_name=team,
            reporter_name=reporter.name if reporter else "",
            open_source=None if entry.confidential else open_source,
            photos=[m.ref for m in media if m.kind == "photo"],
            voices=[m.ref for m in media if m.kind == "voice"],
            events=events or [],
        )

    async def prepare_alert(
        self, new: NewEntry, reporter: Person, channel: Channel
    ) -> AlertPlan | None:
        """Prepare the alert a new entry needs, or None if it needs none."""
        if not needs_alert(new.kind, new.urgent, new.category, new.injuries):
            return None
        targets = await self.audience(new.commune_id)
        facts = await self.facts(new, reporter, new.media, open_source=new.tip_source)
        facts = replace(facts, media_channel=channel)
        stand_ins = await lost_group_stand_ins(self.env, new.commune_id, channel)
        return AlertPlan(facts, targets, self.chat_texts, self.env, stand_ins)

    # --- entry points ------------------------------------------------------------------

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle a press on an alert's button; return the toast to show."""
        texts = speaker.texts
        parts = (inbound.callback or "").split(":")
        verbs = {"take": 3, "done": 3, "fwd": 3, "src": 3, "to": 4}
        if (
            len(parts) < 3
            or parts[0] != PREFIX
            or verbs.get(parts[1]) != len(parts)
            or not all(p.isdigit() for p in parts[2:])
        ):
            return texts("flow.button_unknown")
        entry = await self.env.store.get_entry_by_id(int(parts[2]))
        if entry is None:
            return texts("flow.button_unknown")
        verb = parts[1]
        if not may_act(speaker.person, entry.commune_id):
            return texts("police.not_allowed")
        if verb == "take":
            return await self.take(inbound, speaker, entry)
        if verb == "done":
            return await self.handle(inbound, speaker, entry, note=None)
        if verb == "src":
            return await self.send_source(inbound, speaker, entry)
        if verb == "fwd":
            await self.ask_forward(inbound, speaker, entry)
            return None
        return await self.forward(inbound, speaker, entry, int(parts[3]))

    async def command(self, inbound: Inbound, speaker: Speaker, verb: str) -> None:
        """Handle a typed /tiepnhan, /daxuly, /chuyen, /nguontin or /lichsu with a code."""
        texts = speaker.texts
        code = normalize_code(inbound.args[0]) if inbound.args else None
        if code is None:
            await self._say(inbound, texts(f"police.usage.{verb}"))
            return
        entry = await self.env.store.get_entry(code)
        if entry is None or entry.kind == EntryKind.DEED:
            await self._say(inbound, texts("police.unknown_code", code=code))
            return
        if not may_act(speaker.person, entry.commune_id):
            await self._say(inbound, texts("police.not_allowed"))
            return
        rest = " ".join(inbound.args[1:]).strip()
        toast: str | None = None
        if verb == "take":
            toast = await self.take(inbound, speaker, entry)
        elif verb == "handled":
            toast = await self.handle(inbound, speaker, entry, note=rest[:500] or None)
        elif verb == "source":
            toast = await self.send_source(inbound, speaker, entry)
        elif verb == "history":
            await self.history(inbound, speaker, entry)
        elif rest:
            commune = await self._find_commune(rest)
            if commune is None:
                toast = texts("police.forward.unknown", name=rest)
            else:
                toast = await self.forward(inbound, speaker, entry, commune.id)
        else:
            await self.ask_forward(inbound, speaker, entry)
        if toast is not None:
            # A typed command has no button to pop a toast on: the answer is a message.
            await self._say(inbound, toast)

    # --- actions ----------------------------------------------------------------------

    async def take(self, inbound: Inbound, speaker: Speaker, entry: Entry) -> str | None:
        """Take an entry in hand; tell the reporter and update the alerts."""
        texts = speaker.texts
        if entry.status not in (EntryStatus.NEW, EntryStatus.FORWARDED):
            return await self._already(speaker, entry)
        done = await self._change(inbound, speaker, entry, "take", EntryStatus.TAKEN)
        if done is None:
            return await self._already(speaker, await self._reload(entry))
        return texts("police.taken", code=entry.code)

    async def handle(
        self, inbound: Inbound, speaker: Speaker, entry: Entry, note: str | None
    ) -> str | None:
        """Mark an entry handled (from new or taken); a second time changes nothing."""
        texts = speaker.texts
        if entry.status == EntryStatus.HANDLED:
            return await self._already(speaker, entry)
        done = await self._change(inbound, speaker, entry, "handle", EntryStatus.HANDLED, note=note)
        if done is None:
            return await self._already(speaker, await self._reload(entry))
        return texts("police.handled", code=entry.code)

    async def forward(
        self, inbound: Inbound, speaker: Speaker, entry: Entry, commune_id: int
    ) -> str | None:
        """Move an entry to another commune and alert that commune's police."""
        texts = speaker.texts
        if entry.status == EntryStatus.HANDLED:
            return await self._already(speaker, entry)
        try:
            target = await self.env.store.get_commune(commune_id)
        except NotFound:
            return texts("flow.button_unknown")
        if target.id == entry.commune_id:
            return texts("police.forward.same", commune=target.name)
        done = await self._change(
            inbound, speaker, entry, "forward", EntryStatus.FORWARDED, to_commune=target
        )
        if done is None:
            return await self._already(speaker, await self._reload(entry))
        return texts("police.forwarded", code=entry.code, commune=target.name)

    async def ask_forward(self, inbound: Inbound, speaker: Speaker, entry: Entry) -> None:
        """Ask which commune to forward to: buttons, or the name to type."""
        texts = speaker.texts
        if entry.status == EntryStatus.HANDLED:
            await self._say(inbound, await self._already(speaker, entry))
            return
        others = [c for c in await self.env.store.list_communes() if c.id != entry.commune_id]
        if not others:
            await self._say(inbound, texts("police.forward.none"))
            return
        text = texts("police.forward.ask", code=entry.code)
        choices: list[Button] = []
        if len(others) <= FORWARD_BUTTONS:
            choices = [
                Button(
                    label=c.name,
                    data=f"{PREFIX}:to:{entry.id}:{c.id}",
                    typed=f"/chuyen {entry.code} X{c.id}",
                )
                for c in others
            ]
        else:
            text += "\n" + texts("police.forward.type", code=entry.code)
        message = reply(inbound, text).model_copy(
            update={"choices": choices, "columns": 2, "numbered": False}
        )
        await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)

    async def send_source(self, inbound: Inbound, speaker: Speaker, entry: Entry) -> str:
        """Send a tip's source privately to the officer who asked, and log that they did."""
        texts = speaker.texts
        person = speaker.person
        assert person is not None
        if entry.kind != EntryKind.TIP:
            return texts("police.source.none", code=entry.code)
        source = await self.env.store.tip_source(entry.id)
        if not source:
            return texts("police.source.none", code=entry.code)
        target = await self._private_chat(person.id, inbound.channel)
        if target is None:
            return texts("police.source.no_private")
        channel, chat_id = target
        message = Outbound(
            channel=channel,
            chat_id=chat_id,
            text=texts("police.source.text", code=entry.code, source=source),
        )
        await self.env.store.log_source_view(
            entry.id, person.id, outbox=[message], inbox_key=inbound.key, now=self.env.clock.now()
        )
        return texts("police.source.sent", code=entry.code)

    async def history(self, inbound: Inbound, speaker: Speaker, entry: Entry) -> None:
        """Show who did what to an entry, and when."""
        texts = speaker.texts
        tz = self.env.tz
        reporter = await self._person(entry.reporter_id)
        lines = [
            texts("police.history.header", code=entry.code),
            texts(
                "police.history.filed",
                when=local_datetime(entry.created_at, tz),
                name=reporter.name if reporter else "—",
            ),
        ]
        for event in await self.env.store.entry_events(entry.id):
            lines.append(
                texts(
                    f"police.history.{event.action}",
                    when=local_datetime(event.created_at, tz),
                    name=event.person_name,
                    commune=event.to_commune_name,
                )
                + (f" — {event.note}" if event.note else "")
            )
        lines.append(texts("police.history.now", status=texts(f"status.{entry.status.value}")))
        await self._say(inbound, "\n".join(lines))

    # --- the change itself ----------------------------------------------------------

    async def _change(
        self,
        inbound: Inbound,
        speaker: Speaker,
        entry: Entry,
        action: EventAction,
        status: EntryStatus,
        *,
        note: str | None = None,
        to_commune: Commune | None = None,
    ) -> tuple[Entry, EntryEvent] | None:
        person = speaker.person
        assert person is not None
        store = self.env.store
        now = self.env.clock.now()
        expect = {
            "take": frozenset({EntryStatus.NEW, EntryStatus.FORWARDED}),
            "handle": OPEN,
            "forward": OPEN,
        }[action]
        # Everything the messages need is read first: the transaction only writes.
        reporter = await self._person(entry.reporter_id)
        notice_to = None
        if reporter is not None and reporter.active and reporter.id != person.id:
            notice_to = await self._private_chat(reporter.id)
        copies = await store.sent_with_key_prefix(alert_prefix(entry.id))
        media = await store.entry_media(entry.id)
        events = await store.entry_events(entry.id)
        source = None
        if entry.kind == EntryKind.TIP and not entry.confidential:
            source = await store.tip_source(entry.id)
        new_targets: list[Target] = []
        if to_commune is not None:
            new_targets = await self.audience(to_commune.id)
        rounds = sum(1 for e in events if e.action == "forward")
        texts = self.chat_texts
        base = await self.facts(entry, reporter, media, events, source)
        base = replace(base, media_channel=await self._media_channel(reporter))
        change = StatusChange(
            entry_id=entry.id,
            action=action,
            expect_status=expect,
            expect_commune_id=entry.commune_id,
            status=status,
            commune_id=to_commune.id if to_commune else entry.commune_id,
            person_id=person.id,
            note=note,
            created_at=now,
        )

        def render(saved: Entry, event: EntryEvent) -> list[Outbound]:
            after = replace(base, events=[*events, event])
            out: list[Outbound] = []
            for copy in copies:
                owning = commune_of_key(copy.key) == saved.commune_id
                out.append(
                    Outbound(
                        channel=copy.channel,
                        chat_id=copy.chat_id,
                        text=alert_text(texts, self.env.tz, saved, after, owning=owning),
                        nav=alert_buttons(texts, saved, owning=owning),
                        edit_message_id=copy.message_id,
                    )
                )
            if inbound.callback and inbound.callback.startswith(f"{PREFIX}:to:"):
                # The commune list that was pressed: say where it went and drop its buttons.
                out.append(
                    Outbound(
                        channel=inbound.channel,
                        chat_id=inbound.chat_id,
                        text=speaker.texts(
                            "police.forwarded",
                            code=saved.code,
                            commune=to_commune.name if to_commune else "",
                        ),
                        edit_message_id=inbound.message_id,
                    )
                )
            if new_targets:
                out += draw_alerts(self.env, texts, saved, after, new_targets, rounds + 1)
            if notice_to is not None and reporter is not None:
                out.append(self._notice(reporter, notice_to, saved, event, to_commune))
            return out

        return await store.change_entry_status(change, inbox_key=inbound.key, render=render)

    def _notice(
        self,
        reporter: Person,
        target: Target,
        entry: Entry,
        event: EntryEvent,
        to_commune: Commune | None,
    ) -> Outbound:
        """Tell the reporter what became of their entry."""
        texts = Texts(reporter.language)
        when = local_datetime(event.created_at, self.env.tz)
        if event.action == "take":
            text = texts("police.notice.taken", code=entry.code, name=event.person_name, when=when)
        elif event.action == "handle":
            text = texts("police.notice.handled", code=entry.code, when=when)
        else:
            name = to_commune.name if to_commune else ""
            text = texts("police.notice.forwarded", code=entry.code, commune=name)
        return Outbound(channel=target[0], chat_id=target[1], text=text)

    # --- helpers ----------------------------------------------------------------------

    async def _already(self, speaker: Speaker, entry: Entry) -> str:
        """Explain why nothing changed: someone already took, handled or moved the entry."""
        texts = speaker.texts
        events = [e for e in await self.env.store.entry_events(entry.id) if e.action != "source"]
        last = events[-1] if events else None
        who = last.person_name if last else "—"
        when = local_datetime(last.created_at, self.env.tz) if last else ""
        if entry.status == EntryStatus.HANDLED:
            return texts("police.already.handled", code=entry.code, name=who, when=when)
        if entry.status == EntryStatus.TAKEN:
            return texts("police.already.taken", code=entry.code, name=who, when=when)
        commune = await self.env.store.get_commune(entry.commune_id)
        return texts("police.already.moved", code=entry.code, commune=commune.name)

    async def _media_channel(self, reporter: Person | None) -> Channel | None:
        """Return the messenger an entry's files came from: the reporter's only one."""
        if reporter is None:
            return None
        channels = {i.channel for i in await self.env.store.identities(reporter.id)}
        # Someone on two messengers: unknown, so no file goes where it might not work.
        return channels.pop() if len(channels) == 1 else None

    async def _reload(self, entry: Entry) -> Entry:
        fresh = await self.env.store.get_entry_by_id(entry.id)
        return fresh or entry

    async def _person(self, person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        try:
            return await self.env.store.get_person(person_id)
        except NotFound:
            return None

    async def _find_commune(self, text: str) -> Commune | None:
        """Find a commune by its id (X5) or its name, typed loosely."""
        communes = await self.env.store.list_communes()
        ref = parse_ref(text, "X")
        if ref is not None:
            return next((c for c in communes if c.id == ref), None)
        match = match_choice(text, [(str(c.id), c.name) for c in communes])
        if match.id is None:
            return None
        return next(c for c in communes if str(c.id) == match.id)

    async def _say(self, inbound: Inbound, text: str) -> None:
        await self.env.store.send(
            [reply(inbound, text)], self.env.clock.now(), inbox_key=inbound.key
        )
