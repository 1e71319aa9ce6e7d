"""Commune police at work: alerts on new entries, take / handle / forward, sources, history.

Every action is one Store call that changes the status only if the entry is still as the
officer saw it, records who and when, tells the reporter and edits the alerts — together.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal

from bot.calendar.workhours import WorkingHours
from bot.config import PoliceSettings
from bot.domain import Channel, EntryKind, EntryStatus, Role
from bot.fmt import local_date, local_datetime
from bot.messages import Button, Inbound, MediaRef, Outbound
from bot.parsing import clean_user_text, fold, match_choice
from bot.parsing.refs import parse_ref
from bot.services.alerts import (
    PREFIX,
    AlertFacts,
    act_on,
    alert_buttons,
    alert_key,
    alert_media,
    alert_prefix,
    alert_text,
    commune_of_key,
    is_urgent,
    resay_key,
    urgent_entry,
)
from bot.services.context import Env, Speaker
from bot.services.police_chats import lost_group_stand_ins
from bot.services.scope import (
    Target,
    group_commune,
    private_chat,
    refusal_chat,
    reply_chat,
    to,
)
from bot.texts import Texts
from storage.errors import NotFound
from storage.models import (
    Commune,
    Entry,
    EntryEvent,
    EventAction,
    NewEntry,
    Person,
    RoutineMode,
    SentRef,
    StatusChange,
)

CODE = re.compile(r"^(TB|VV|VT)-\d{4}-\d{1,6}$")
#: How many communes a forward offers as buttons; beyond that, the name is typed.
FORWARD_BUTTONS = 30
OPEN = frozenset({EntryStatus.NEW, EntryStatus.TAKEN, EntryStatus.FORWARDED})
UNTAKEN = frozenset({EntryStatus.NEW, EntryStatus.FORWARDED})
#: Messengers whose bots can edit a message they sent (Zalo's cannot).
EDITABLE_CHANNELS = frozenset({Channel.TELEGRAM})
#: An officer's note is kept to this length; a longer one is refused, not cut.
MAX_NOTE = 500
#: A note that starts like this stays with police: "/daxuly TB-2026-12 nb: ...".
INTERNAL_NOTE = re.compile(r"^\s*(?:!|\(nb\)|nb\s*:|nb\s|nội bộ\s*:|noi bo\s*:)\s*", re.I)
ROUTINE_WORDS: dict[str, RoutineMode] = {
    "ngay": "now",
    "now": "now",
    "guingay": "now",
    "bantin": "digest",
    "digest": "digest",
}

#: How a new entry reaches police: at once, in the next digest, or nobody is there.
Delivery = Literal["now", "digest", "nobody"]
#: Returns the next digest moment of a commune after a moment (None: none scheduled).
NextDigest = Callable[[int, datetime], Awaitable[datetime | None]]


async def _no_digest(commune_id: int, after: datetime) -> datetime | None:
    return None


def normalize_code(text: str) -> str | None:
    """Return a reference code as stored ("tb-2026-12" → "TB-2026-000012"), or None."""
    code = text.strip().upper()
    if not CODE.match(code):
        return None
    prefix, year, number = code.split("-")
    return f"{prefix}-{year}-{int(number):06d}"


def split_note(note: str) -> tuple[str, bool]:
    """Return an officer's note without its marker, and whether it is for the reporter too.

    The note of `/daxuly CODE ghi chú` is sent to the reporter unless it starts with
    «nb:» (nội bộ), «(nb)» or «!»: then it stays in the police record only.
    """
    marker = INTERNAL_NOTE.match(note)
    if marker is None:
        return note.strip(), True
    return note[marker.end() :].strip(), False


def editable_copies(copies: list[SentRef]) -> list[SentRef]:
    """Return the alert copies a status change updates: every one where messages can be
    edited, only the latest per chat where a change is said again as a new message (Zalo)
    — an officer who had an alert twice (the escalation) hears of it once."""
    latest: dict[tuple[Channel, str], SentRef] = {}
    for copy in copies:
        latest[(copy.channel, copy.chat_id)] = copy
    return [
        c for c in copies if c.channel in EDITABLE_CHANNELS or latest[(c.channel, c.chat_id)] is c
    ]


def may_act(person: Person | None, commune_id: int) -> bool:
    """Return whether a person may handle a commune's entries: its police, or an admin."""
    if person is None or not person.active:
        return False
    if person.role == Role.ADMIN:
        return True
    return person.role == Role.POLICE and person.commune_id == commune_id


@dataclass
class AlertPlan:
    """How a new entry reaches police, prepared before it is saved and drawn once it has
    its id and code."""

    facts: AlertFacts
    targets: list[Target]
    texts: Texts
    env: Env
    urgent: bool
    delivery: Delivery
    #: The digest that lists it, when police chose digests for routine entries.
    digest_at: datetime | None = None
    #: Admins standing in for a police group the bot was removed from (issue 11): they get
    #: an urgent alert too, but are not the commune's police the member is told about.
    stand_ins: list[Target] = field(default_factory=list)

    def messages(self, entry: Entry) -> list[Outbound]:
        """Return the alert for every target chat (none when the digest carries it)."""
        if self.delivery == "digest":
            return []
        targets = list(self.targets) if self.delivery == "now" else []
        targets += [t for t in self.stand_ins if t not in targets]
        return draw_alerts(self.env, self.texts, entry, self.facts, targets, round_=0)

    def member_note(self, texts: Texts) -> str:
        """Return what the member is told about when police will see their entry."""
        if self.delivery == "nobody":
            return texts("alert.nobody" if self.urgent else "alert.nobody_routine")
        if self.delivery == "digest" and self.digest_at is not None:
            local = self.digest_at.astimezone(self.env.tz)
            return texts("alert.in_digest", time=f"{local:%H:%M}", date=local_date(local))
        return texts("alert.sent" if self.urgent else "alert.sent_quiet")


def draw_alerts(
    env: Env,
    texts: Texts,
    entry: Entry,
    facts: AlertFacts,
    targets: list[Target],
    round_: int,
    *,
    step: int = 0,
    lead: str = "",
    photos: bool = True,
) -> list[Outbound]:
    """Return the messages that put an alert into each target chat.

    Urgent alerts ring and are pinned in groups; routine ones arrive without a sound.
    """
    urgent = urgent_entry(entry)
    out: list[Outbound] = []
    for channel, chat_id in targets:
        # A file id means something on one messenger only.
        media_here = channel == facts.media_channel
        # Photos first, as their own album: the alert text stays a text message that can
        # be edited later (a caption could not hold it).
        if facts.photos and media_here and photos:
            out.append(
                Outbound(channel=channel, chat_id=chat_id, photos=facts.photos, silent=not urgent)
            )
        out.append(
            Outbound(
                channel=channel,
                chat_id=chat_id,
                # Worded for the messenger it is read on (typed commands where no buttons).
                text=alert_text(texts.on(channel), env.tz, entry, facts, lead=lead),
                nav=alert_buttons(texts.on(channel), entry),
                attachments=alert_media(facts) if media_here and photos else [],
                location=entry.location if photos else None,
                key=alert_key(entry.id, entry.commune_id, round_, step),
                silent=not urgent,
                pin=urgent,
                act_on=act_on(entry),
            )
        )
    return out


class PoliceService:
    """Alerts and the actions police take on them."""

    def __init__(self, env: Env, settings: PoliceSettings | None = None) -> None:
        self.env = env
        self.settings = settings or PoliceSettings()
        self.hours = WorkingHours(self.settings, env.tz)
        #: The next digest of a commune (set by the composition root: digests know it).
        self.next_digest: NextDigest = _no_digest
        #: Asks the planner to wake by a moment (an escalation falls due then).
        self.wake_by: Callable[[datetime], None] = lambda moment: None

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
            web_url=self.env.web_url,
        )

    async def routine_mode(self, commune_id: int) -> RoutineMode:
        """Return how a commune's routine entries reach its police (its choice, or the default)."""
        return (await self.env.store.routine_modes()).get(commune_id, self.settings.routine)

    async def prepare_alert(self, new: NewEntry, reporter: Person, channel: Channel) -> AlertPlan:
        """Prepare how a new entry reaches police: urgent at once with a sound, routine at
        once quietly — or, where police chose it, in the next digest."""
        urgent = is_urgent(new.kind, new.urgent, new.category, new.injuries)
        targets = await self.audience(new.commune_id)
        facts = await self.facts(new, reporter, new.media, open_source=new.tip_source)
        facts = replace(facts, media_channel=channel)
        plan = AlertPlan(facts, targets, self.chat_texts, self.env, urgent, "now")
        if urgent:
            plan.stand_ins = await lost_group_stand_ins(self.env, new.commune_id, channel)
        if not targets:
            plan.delivery = "nobody"
        elif not urgent and await self.routine_mode(new.commune_id) == "digest":
            # Digests reach police chats only; with none scheduled, nothing would list it.
            has_chats = bool(await self.env.store.police_chats(new.commune_id))
            at = await self.next_digest(new.commune_id, new.created_at) if has_chats else None
            if at is not None:
                plan.delivery, plan.digest_at = "digest", at
        return plan

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
        """Handle a typed /tiepnhan, /daxuly, /chuyen, /nguontin or /lichsu with a code.

        In a group that is not the police chat of the entry's commune, every answer goes
        to the officer privately: the group sees nothing of another commune's entry.
        """
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
            await self._say(inbound, texts("police.not_allowed"), refusal_chat(inbound))
            return
        where = await reply_chat(self.env, inbound, entry.commune_id)
        toast: str | None = None
        if verb == "take":
            toast = await self.take(inbound, speaker, entry)
        elif verb == "handled":
            toast = await self._handle_typed(inbound, speaker, entry)
        elif verb == "source":
            toast = await self.send_source(inbound, speaker, entry)
            # The source itself goes privately: so does the word that it went.
            where = private_chat(inbound) if inbound.chat_is_group else where
        elif verb == "history":
            await self.history(inbound, speaker, entry, where)
        elif rest := " ".join(inbound.args[1:]).strip():
            commune = await self._find_commune(rest)
            if commune is None:
                toast = texts("police.forward.unknown", name=rest)
            else:
                toast = await self.forward(inbound, speaker, entry, commune.id)
        else:
            await self.ask_forward(inbound, speaker, entry, where)
        if toast is not None:
            # A typed command has no button to pop a toast on: the answer is a message.
            await self._say(inbound, toast, where)

    async def _handle_typed(self, inbound: Inbound, speaker: Speaker, entry: Entry) -> str | None:
        """/daxuly CODE [ghi chú]: the note is kept, and sent to the reporter unless marked."""
        texts = speaker.texts
        typed = (inbound.text or "").split(maxsplit=2)
        note: str | None = None
        shared = False
        if len(typed) == 3:
            cleaned = clean_user_text(typed[2], MAX_NOTE * 4)
            if isinstance(cleaned, str):
                note, shared = split_note(cleaned)
                if len(note) > MAX_NOTE:
                    return texts("police.note.too_long", limit=MAX_NOTE, length=len(note))
                note = note or None
        return await self.handle(inbound, speaker, entry, note=note, share=shared)

    # --- how routine entries reach a commune (/tinthuong) ----------------------------

    async def routine_command(self, inbound: Inbound, speaker: Speaker) -> None:
        """/tinthuong [X3] [ngay | bantin]: show or change how routine entries reach police.

        Police change their own commune's (in their group or privately); admins any
        commune's (X3, or the group they type in). Every change is audited.
        """
        texts = speaker.texts
        person = speaker.person
        role = speaker.role
        if person is None or role not in (Role.POLICE, Role.ADMIN):
            await self._say(inbound, texts("report.only_police"), refusal_chat(inbound))
            return
        args = list(inbound.args)
        ref = parse_ref(args[0], "X") if args and args[0][:1] in "Xx" else None
        if ref is not None:
            args = args[1:]
        word = fold("".join(args))
        mode = ROUTINE_WORDS.get(word) if word else None
        if word and mode is None:
            await self._say(inbound, texts("police.routine.usage"))
            return
        commune_id = ref
        if role == Role.POLICE:
            # An officer's commune is their own, wherever they type.
            commune_id = ref if ref is not None else person.commune_id
        elif commune_id is None:
            commune_id = await group_commune(self.env, inbound)
        if commune_id is None:
            await self._say(inbound, texts("police.routine.usage"))
            return
        if not may_act(person, commune_id):
            await self._say(inbound, texts("police.routine.not_yours"), refusal_chat(inbound))
            return
        try:
            commune = await self.env.store.get_commune(commune_id)
        except NotFound:
            await self._say(inbound, texts("admin.unknown_commune", ref=f"X{commune_id}"))
            return
        where = await reply_chat(self.env, inbound, commune_id)
        now = self.env.clock.now()
        if mode is None:
            current = await self.routine_mode(commune_id)
            text = texts("police.routine.show", commune=commune.name) + "\n"
            text += await self._routine_line(texts, commune_id, current, now)
            await self._say(inbound, text + "\n" + texts("police.routine.usage"), where)
            return
        await self.env.store.set_routine_mode(commune_id, mode, person.id, now)
        text = texts("police.routine.saved", commune=commune.name) + "\n"
        text += await self._routine_line(texts, commune_id, mode, now)
        await self._say(inbound, text, where)

    async def _routine_line(
        self, texts: Texts, commune_id: int, mode: RoutineMode, now: datetime
    ) -> str:
        """Say where routine entries go, and when the next digest lists them."""
        if mode == "now":
            return texts("police.routine.now")
        at = await self.next_digest(commune_id, now)
        if at is None or not await self.env.store.police_chats(commune_id):
            return texts("police.routine.no_digest")
        local = at.astimezone(self.env.tz)
        return texts("police.routine.digest", time=f"{local:%H:%M}", date=local_date(local))

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
        self,
        inbound: Inbound,
        speaker: Speaker,
        entry: Entry,
        note: str | None,
        *,
        share: bool = False,
    ) -> str | None:
        """Mark an entry handled (from new or taken); a second time changes nothing.

        With `share`, the note is also sent to the reporter with the "handled" notice.
        """
        texts = speaker.texts
        if entry.status == EntryStatus.HANDLED:
            return await self._already(speaker, entry)
        done = await self._change(
            inbound, speaker, entry, "handle", EntryStatus.HANDLED, note=note, share=share
        )
        if done is None:
            return await self._already(speaker, await self._reload(entry))
        answer = texts("police.handled", code=entry.code)
        if note is not None:
            _, event = done
            key = "police.note.shared" if event.note_shared else "police.note.internal"
            if share and not event.note_shared:
                key = "police.note.kept"
            answer += "\n" + texts(key)
        return answer

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

    async def ask_forward(
        self, inbound: Inbound, speaker: Speaker, entry: Entry, where: Target | None = None
    ) -> None:
        """Ask which commune to forward to: buttons, or the name to type."""
        texts = speaker.texts
        where = where or await reply_chat(self.env, inbound, entry.commune_id)
        if entry.status == EntryStatus.HANDLED:
            await self._say(inbound, await self._already(speaker, entry), where)
            return
        others = [c for c in await self.env.store.list_communes() if c.id != entry.commune_id]
        if not others:
            await self._say(inbound, texts("police.forward.none"), where)
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
        message = to(where, text).model_copy(
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

    async def history(
        self, inbound: Inbound, speaker: Speaker, entry: Entry, where: Target
    ) -> None:
        """Show who did what to an entry, and when."""
        texts = speaker.texts
        tz = self.env.tz
        reporter = await self.person(entry.reporter_id)
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
                + (" " + texts("police.history.note_shared") if event.note_shared else "")
            )
        lines.append(texts("police.history.now", status=texts(f"status.{entry.status.value}")))
        await self._say(inbound, "\n".join(lines), where)

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
        share: bool = False,
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
        reporter = await self.person(entry.reporter_id)
        notice_to = None
        if reporter is not None and reporter.active and reporter.id != person.id:
            notice_to = await self._private_chat(reporter.id)
        copies = editable_copies(await store.sent_with_key_prefix(alert_prefix(entry.id)))
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
        base = replace(base, media_channel=await self.media_channel(reporter))
        change = StatusChange(
            entry_id=entry.id,
            action=action,
            expect_status=expect,
            expect_commune_id=entry.commune_id,
            status=status,
            commune_id=to_commune.id if to_commune else entry.commune_id,
            person_id=person.id,
            note=note,
            # Sent only where there is someone to send it to.
            note_shared=bool(note) and share and notice_to is not None,
            created_at=now,
        )

        def render(saved: Entry, event: EntryEvent) -> list[Outbound]:
            after = replace(base, events=[*events, event])
            out: list[Outbound] = []
            for copy in copies:
                owning = commune_of_key(copy.key) == saved.commune_id
                editable = copy.channel in EDITABLE_CHANNELS
                out.append(
                    Outbound(
                        channel=copy.channel,
                        chat_id=copy.chat_id,
                        text=alert_text(
                            texts.on(copy.channel), self.env.tz, saved, after, owning=owning
                        ),
                        nav=alert_buttons(texts.on(copy.channel), saved, owning=owning),
                        # Where a message can't be edited (Zalo) the change is said again,
                        # keyed as a copy of the alert: a reply quoting it acts on the entry,
                        # and the next change is said once more in that chat.
                        edit_message_id=copy.message_id if editable else None,
                        key=None if editable else resay_key(copy.key, event.id),
                        # Pinned means "nobody has it yet"; handled or gone, it comes down.
                        unpin=saved.status == EntryStatus.HANDLED or not owning,
                        act_on=act_on(saved, owning=owning),
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

        done = await store.change_entry_status(change, inbox_key=inbound.key, render=render)
        if done is not None and to_commune is not None:
            # The commune it went to has its own clock: wake the planner for its first step.
            self.wake_by(self.first_due(done[0], done[1].created_at))
        return done

    def first_due(self, entry: Entry, started_at: datetime) -> datetime:
        """Return when an entry nobody takes escalates first: minutes (urgent) or working
        hours (routine) after its commune was told."""
        if urgent_entry(entry):
            return started_at + timedelta(minutes=self.settings.escalate_after)
        return self.hours.add(started_at, self.settings.take_within)

    def _notice(
        self,
        reporter: Person,
        target: Target,
        entry: Entry,
        event: EntryEvent,
        to_commune: Commune | None,
    ) -> Outbound:
        """Tell the reporter what became of their entry."""
        texts = self.env.texts(reporter.language)
        when = local_datetime(event.created_at, self.env.tz)
        if event.action == "take":
            text = texts("police.notice.taken", code=entry.code, name=event.person_name, when=when)
        elif event.action == "handle" and event.note and event.note_shared:
            text = texts("police.notice.handled_note", code=entry.code, when=when, note=event.note)
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

    async def media_channel(self, reporter: Person | None) -> Channel | None:
        """Return the messenger an entry's files came from: the reporter's only one."""
        if reporter is None:
            return None
        channels = {i.channel for i in await self.env.store.identities(reporter.id)}
        # Someone on two messengers: unknown, so no file goes where it might not work.
        return channels.pop() if len(channels) == 1 else None

    async def _reload(self, entry: Entry) -> Entry:
        fresh = await self.env.store.get_entry_by_id(entry.id)
        return fresh or entry

    async def person(self, person_id: int | None) -> Person | None:
        """Return a person by id, or None (removed, or no id)."""
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

    async def _say(self, inbound: Inbound, text: str, where: Target | None = None) -> None:
        target = where or (inbound.channel, inbound.chat_id)
        await self.env.store.send([to(target, text)], self.env.clock.now(), inbox_key=inbound.key)
