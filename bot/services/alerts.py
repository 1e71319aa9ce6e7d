"""What an alert to a police chat says and which buttons it carries, for any status.

Pure: the police service gathers the facts (names, media, history) and these functions
draw the message, so the first alert and every later edit read the same way. A
confidential source never enters this text: the alert only says it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from bot.domain import FIRE_RESCUE_TYPES, Channel, EntryKind, EntryStatus, TipSource
from bot.fmt import local_datetime
from bot.messages import Attachment, Button, Location
from bot.parsing import format_coordinates
from bot.services.weblinks import entry_url
from bot.texts import Texts
from storage.models import Entry, EntryEvent

#: Callback data: p:<verb>:<entry id>[:<commune id>]; ASCII ids only, far under 64 bytes.
PREFIX = "p"
PREVIEW = 1500


def is_urgent(kind: EntryKind, urgent: bool, category: str, injuries: bool | None) -> bool:
    """Return whether an entry is urgent: pinned with a sound, escalated within minutes.

    Everything else is routine: a quiet message (or the digest only), taken within
    working hours.
    """
    if kind == EntryKind.TIP:
        return urgent
    if kind == EntryKind.INCIDENT:
        return bool(injuries) or category in FIRE_RESCUE_TYPES
    return False


def actionable(kind: EntryKind) -> bool:
    """Return whether police take and handle an entry (tips, incidents; not good deeds)."""
    return kind != EntryKind.DEED


def alert_key(entry_id: int, commune_id: int, round_: int, step: int = 0) -> str:
    """Return the outbox key of an alert copy: entry, the commune it went to, forward round,
    and the escalation step that sent it (0: the first alert)."""
    base = f"alert:{entry_id}:{commune_id}:{round_}"
    return f"{base}:{step}" if step else base


def alert_prefix(entry_id: int) -> str:
    """Return the key prefix every alert copy of an entry shares."""
    return f"alert:{entry_id}:"


def resay_key(key: str, event_id: int) -> str:
    """Return the key of an alert copy said again after a status change (where messages
    can't be edited): the copy's entry, commune and round, and the change that said it."""
    return ":".join([*key.split(":")[:4], f"s{event_id}"])


def entry_of_key(key: str | None) -> int | None:
    """Return the entry an alert copy is about, from its key (None: no alert)."""
    parts = (key or "").split(":")
    if len(parts) in (4, 5) and parts[0] == "alert" and parts[1].isdigit():
        return int(parts[1])
    return None


def commune_of_key(key: str) -> int | None:
    """Return the commune an alert copy was sent to, from its key."""
    parts = key.split(":")
    return int(parts[2]) if len(parts) in (4, 5) and parts[2].isdigit() else None


@dataclass(frozen=True)
class AlertFacts:
    """Everything an alert shows besides the entry itself."""

    commune_name: str
    village_name: str = ""
    team_name: str = ""
    reporter_name: str = ""
    #: Shown only when the tip's source is not confidential.
    open_source: str | None = None
    photos: list[str] = field(default_factory=list)
    voices: list[str] = field(default_factory=list)
    events: list[EntryEvent] = field(default_factory=list)
    #: The messenger the media's file ids belong to; they travel only to chats on it.
    media_channel: Channel | None = None
    #: The web workspace's public address: the alert links to the entry's page (issue 12).
    web_url: str = ""


def urgent_entry(entry: Entry) -> bool:
    """Return whether a stored entry is urgent."""
    return is_urgent(entry.kind, entry.urgent, entry.category, entry.injuries)


def headline(texts: Texts, entry: Entry) -> str:
    """Return the alert's first line: what kind of alarm (or news), and the code."""
    if not urgent_entry(entry):
        key = f"alert.head.routine.{entry.kind.value}"
    elif entry.kind == EntryKind.TIP:
        key = "alert.head.tip"
    elif entry.category in FIRE_RESCUE_TYPES:
        key = f"alert.head.{entry.category}"
    else:
        key = "alert.head.injuries"
    return texts(key, code=entry.code)


CATEGORY_PREFIX = {
    EntryKind.TIP: "tip.cat.",
    EntryKind.INCIDENT: "incident.type.",
    EntryKind.DEED: "deed.kind.",
}


def _category(texts: Texts, entry: Entry) -> str:
    return texts(CATEGORY_PREFIX[entry.kind] + entry.category)


def _place(entry: Entry) -> str:
    parts = [entry.place] if entry.place else []
    if entry.location is not None:
        parts.append("📍 " + format_coordinates(entry.location.lat, entry.location.lon))
    return " · ".join(parts)


def status_line(texts: Texts, tz: tzinfo, entry: Entry, events: list[EntryEvent]) -> str:
    """Return where the entry stands, with who moved it last and when."""
    changes = [e for e in events if e.action != "source"]
    last = changes[-1] if changes else None
    if last is None or entry.status == EntryStatus.NEW:
        return texts("alert.status.new")
    when = local_datetime(last.created_at, tz)
    if entry.status == EntryStatus.FORWARDED:
        return texts("alert.status.forwarded_in", name=last.person_name, when=when)
    key = "alert.status.handled" if entry.status == EntryStatus.HANDLED else "alert.status.taken"
    line = texts(key, name=last.person_name, when=when)
    if last.note:
        key = "alert.status.note_shared" if last.note_shared else "alert.status.note"
        line += "\n" + texts(key, note=last.note)
    return line


def alert_text(
    texts: Texts,
    tz: tzinfo,
    entry: Entry,
    facts: AlertFacts,
    *,
    owning: bool = True,
    lead: str = "",
) -> str:
    """Return the alert as a police chat reads it; `owning` is False once forwarded away.

    `lead` goes above everything: why an escalation sends it again.
    """
    lines = [lead] if lead else []
    lines += [headline(texts, entry), texts("alert.category", category=_category(texts, entry))]
    if entry.kind == EntryKind.INCIDENT and entry.occurred_at is not None:
        lines.append(texts("alert.occurred", when=local_datetime(entry.occurred_at, tz)))
    place = _place(entry)
    if place:
        lines.append(texts("alert.place", place=place))
    where = facts.village_name or texts("alert.no_village")
    lines.append(texts("alert.village", village=where, commune=facts.commune_name))
    if entry.source == TipSource.DIRECT:
        lines.append(texts("alert.reporter_direct", name=facts.reporter_name))
    else:
        lines.append(texts("alert.reporter", name=facts.reporter_name, team=facts.team_name or "—"))
    lines.append(texts("alert.filed", when=local_datetime(entry.created_at, tz)))
    description = entry.description
    if len(description) > PREVIEW:
        description = description[:PREVIEW].rstrip() + "…"
    lines.append(texts("alert.description", text=description))
    if entry.kind == EntryKind.INCIDENT:
        lines.append(_response(texts, entry))
    if entry.kind == EntryKind.DEED:
        if entry.doers:
            lines.append(texts("alert.doers", doers=entry.doers))
        if entry.helped:
            lines.append(texts("alert.helped", helped=entry.helped))
    media = []
    if facts.photos:
        media.append(texts("alert.photos", count=len(facts.photos)))
    if facts.voices:
        media.append(texts("alert.voices", count=len(facts.voices)))
    if media:
        lines.append(" · ".join(media))
    if entry.kind == EntryKind.TIP:
        if entry.confidential:
            lines.append(texts("alert.source_secret"))
        elif facts.open_source:
            lines.append(texts("alert.source", source=facts.open_source))
    link = entry_url(facts.web_url, entry.code)
    if link and owning:
        lines.append(texts("alert.web", url=link))
    if not actionable(entry.kind):
        # Nothing for police to take: the good deed is news, and counts in the reports.
        return "\n".join(lines)
    lines.append("")
    if owning:
        lines.append(status_line(texts, tz, entry, facts.events))
    else:
        lines.append(_moved_away(texts, tz, facts.events))
    return "\n".join(lines)


def _response(texts: Texts, entry: Entry) -> str:
    injuries = texts("choice.yes") if entry.injuries else texts("choice.no")
    if entry.on_scene:
        scene = texts("alert.on_scene_after", minutes=entry.response_minutes or 0)
    else:
        scene = texts("alert.not_on_scene")
    action = texts(f"incident.action.{entry.action}") if entry.action else "—"
    return texts("alert.response", injuries=injuries, scene=scene, action=action)


def _moved_away(texts: Texts, tz: tzinfo, events: list[EntryEvent]) -> str:
    forwards = [e for e in events if e.action == "forward"]
    if not forwards:
        return texts("alert.status.new")
    last = forwards[-1]
    return texts(
        "alert.status.forwarded_out",
        commune=last.to_commune_name,
        name=last.person_name,
        when=local_datetime(last.created_at, tz),
    )


def alert_buttons(texts: Texts, entry: Entry, *, owning: bool = True) -> list[Button]:
    """Return the buttons an alert offers in its current status."""
    if not owning or not actionable(entry.kind):
        return []
    buttons: list[Button] = []
    code = entry.code
    if entry.status in (EntryStatus.NEW, EntryStatus.FORWARDED):
        buttons.append(
            Button(
                label=texts("alert.button.take"),
                data=f"{PREFIX}:take:{entry.id}",
                typed=f"/tiepnhan {code}",
                quick="take",
            )
        )
    if entry.status != EntryStatus.HANDLED:
        buttons.append(
            Button(
                label=texts("alert.button.handled"),
                data=f"{PREFIX}:done:{entry.id}",
                typed=f"/daxuly {code}",
                quick="done",
            )
        )
        buttons.append(
            Button(
                label=texts("alert.button.forward"),
                data=f"{PREFIX}:fwd:{entry.id}",
                typed=f"/chuyen {code}",
            )
        )
    if entry.kind == EntryKind.TIP and entry.confidential:
        buttons.append(
            Button(
                label=texts("alert.button.source"),
                data=f"{PREFIX}:src:{entry.id}",
                typed=f"/nguontin {code}",
            )
        )
    return buttons


def act_on(entry: Entry, *, owning: bool = True) -> list[str]:
    """Return the code an alert lets police act on by a short answer ("nhận 12"): an open
    tip or incident of the commune the copy went to; nothing once handled or moved away."""
    if not owning or not actionable(entry.kind) or entry.status == EntryStatus.HANDLED:
        return []
    return [entry.code]


def alert_media(facts: AlertFacts) -> list[Attachment]:
    """Return the voice notes that travel with an alert (photos go as an album)."""
    return [Attachment(kind="voice", ref=ref) for ref in facts.voices]


def alert_location(entry: Entry) -> Location | None:
    """Return the pin an alert drops, if the reporter shared one."""
    return entry.location
