"""Records as storage returns them: typed, validated, free of driver types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storage.domain import Audience, Channel, EntryKind, EntryStatus, Role, TipSource
from storage.messages import Location, MediaRef, Outbound


class Record(BaseModel):
    """Base of every stored record."""

    model_config = ConfigDict(frozen=True)


class Province(Record):
    id: int
    name: str
    #: The official code (Tổng cục Thống kê), for a province of the official map.
    code: str | None = None


class Commune(Record):
    id: int
    province_id: int
    name: str
    #: The official code of a commune or ward since 07/2025; None for one typed freely.
    code: str | None = None
    #: The commune's centre, from the official list (a web map uses it).
    lat: float | None = None
    lon: float | None = None


class OfficialUnit(Record):
    """A province or commune of the official map, as storage keeps it."""

    code: str
    name: str
    lat: float | None = None
    lon: float | None = None


class Village(Record):
    id: int
    commune_id: int
    name: str
    kind: str = "village"


class Team(Record):
    id: int
    village_id: int
    name: str
    village_name: str = ""
    commune_id: int = 0
    commune_name: str = ""
    #: When the team was added; None when not known (it then counts for every month).
    created_at: datetime | None = None


class Person(Record):
    id: int
    #: The full name (họ và tên) reports show; the profile name until the person gives it.
    name: str
    role: Role
    team_id: int | None = None
    commune_id: int | None = None
    #: The language chosen in /caidat; "" (not chosen) reads the deployment's default.
    language: str = ""
    created_at: datetime
    removed_at: datetime | None = None
    #: The messenger's display name when the person joined.
    profile_name: str = ""
    #: When the bot asked for the full name (it asks once).
    name_asked_at: datetime | None = None
    #: When the person (or an admin) gave the full name; None: still the profile name.
    name_confirmed_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Return whether the person may still use the bot."""
        return self.removed_at is None


class Identity(Record):
    channel: Channel
    external_id: str
    person_id: int
    chat_id: str
    unreachable_at: datetime | None = None


class PersonListing(Record):
    """A person with where they belong, for admin lists."""

    person: Person
    team_name: str = ""
    village_name: str = ""
    commune_name: str = ""
    channels: list[str] = Field(default_factory=list)


#: Roles whose invites are bearer keys: whoever opens one waits for approval.
PRIVILEGED_ROLES = frozenset({Role.POLICE, Role.ADMIN})

#: Who approves a person who opened an invite: nobody needed, an admin, or an admin or an
#: officer of the invite's commune.
Approval = Literal["none", "admin", "police"]


class Invite(Record):
    code: str
    role: Role
    commune_id: int
    team_id: int | None = None
    created_by: int | None = None
    created_at: datetime
    expires_at: datetime
    max_uses: int
    uses: int = 0
    revoked_at: datetime | None = None
    #: Defaults to "admin" for police and admin invites: they never work unapproved unless
    #: whoever makes one says so explicitly.
    approval: Approval = "none"

    @model_validator(mode="before")
    @classmethod
    def _privileged_need_approval(cls, data: Any) -> Any:
        if isinstance(data, dict) and "approval" not in data:
            role = data.get("role")
            if role is not None and Role(role) in PRIVILEGED_ROLES:
                return {**data, "approval": "admin"}
        return data


class JoinRequest(Record):
    """Someone who opened a police or admin invite, waiting for approval (or decided)."""

    id: int
    invite_code: str
    role: Role
    commune_id: int
    commune_name: str = ""
    team_id: int | None = None
    approval: Approval
    #: Who made the invite (told of every join).
    created_by: int | None = None
    channel: Channel
    external_id: str
    chat_id: str
    #: The messenger's display name and @username (Telegram), as the approver sees them.
    name: str
    username: str = ""
    language: str = "vi"
    #: The account's person, if it already belongs to someone (a member asking to be police).
    person_id: int | None = None
    requested_at: datetime
    decided_at: datetime | None = None
    decided_by: int | None = None
    decided_by_name: str = ""
    #: "cancelled": the invite was revoked while the request waited (decided_by revoked it).
    decision: Literal["approved", "refused", "cancelled"] | None = None


class Redeemed(Record):
    """What using an invite did: a person joined, or a request now waits for approval."""

    invite: Invite
    person: Person | None = None
    request: JoinRequest | None = None
    #: Whether the full-name question was opened for the person (see `name_draft`).
    asked_name: bool = False


class JoinDecision(Record):
    """A request approved (with the person it made) or refused."""

    request: JoinRequest
    person: Person | None = None
    asked_name: bool = False


class Withdrawn(Record):
    """An invite revoked, with the requests it left waiting, now cancelled."""

    invite: Invite
    cancelled: list[JoinRequest] = Field(default_factory=list)


class WebPurge(Record):
    """What a nightly purge of the web workspace's dead sign-ins removed."""

    links: int = 0
    sessions: int = 0


class PoliceChat(Record):
    channel: Channel
    chat_id: str
    commune_id: int
    title: str = ""
    # Set for an officer's own private chat (messengers without groups): the officer.
    person_id: int | None = None


class Doer(Record):
    """Who did a good deed: a member (by person id) or a resident typed by name."""

    person_id: int | None = None
    name: str | None = None


class NewEntry(Record):
    """What a finished conversation asks storage to save."""

    kind: EntryKind
    reporter_id: int | None
    team_id: int | None
    village_id: int | None
    commune_id: int
    source: TipSource = TipSource.FORCE
    category: str
    description: str
    place: str | None = None
    location: Location | None = None
    occurred_at: datetime | None = None
    urgent: bool = False
    confidential: bool = False
    tip_source: str | None = None
    on_scene: bool | None = None
    response_minutes: int | None = None
    action: str | None = None
    injuries: bool | None = None
    #: A good deed's doers, in the order given.
    doers: list[Doer] = Field(default_factory=list)
    helped: str | None = None
    media: list[MediaRef] = Field(default_factory=list)
    created_at: datetime
    # The year in the reference code: the local (Vietnam) year the entry was filed.
    code_year: int


class Entry(Record):
    id: int
    code: str
    kind: EntryKind
    reporter_id: int | None
    team_id: int | None
    village_id: int | None
    commune_id: int
    source: TipSource
    category: str
    description: str
    place: str | None = None
    location: Location | None = None
    occurred_at: datetime | None = None
    urgent: bool = False
    confidential: bool = False
    on_scene: bool | None = None
    response_minutes: int | None = None
    action: str | None = None
    injuries: bool | None = None
    #: A good deed's doers as shown: members' current full names and residents' names.
    doers: str | None = None
    helped: str | None = None
    status: EntryStatus = EntryStatus.NEW
    created_at: datetime
    updated_at: datetime
    photo_count: int = 0
    followup_count: int = 0


class Followup(Record):
    id: int
    entry_id: int
    person_id: int | None
    text: str | None
    created_at: datetime
    media: list[MediaRef] = Field(default_factory=list)


class NewFollowup(Record):
    entry_id: int
    person_id: int
    text: str | None
    media: list[MediaRef] = Field(default_factory=list)
    created_at: datetime


class Draft(Record):
    """A conversation in progress, written through at every step."""

    id: int
    person_id: int
    flow: str
    step: str
    seq: int
    data: dict[str, Any]
    history: list[str]
    channel: Channel
    chat_id: str
    created_at: datetime
    updated_at: datetime


class DraftState(Record):
    """The part of a draft a conversation step changes."""

    flow: str
    step: str
    seq: int
    data: dict[str, Any]
    history: list[str]
    channel: Channel
    chat_id: str


class OutboxItem(Record):
    id: int
    channel: Channel
    chat_id: str
    message: Outbound
    dedupe_key: str | None
    created_at: datetime
    not_before: datetime | None
    attempts: int


class InboxItem(Record):
    key: str
    channel: Channel
    payload: str
    received_at: datetime
    #: Tries at handling it so far (this one not counted until `inbox_attempt`).
    attempts: int = 0


class OrgRow(Record):
    """One line of an organisation import: a team in its village and commune."""

    line: int
    commune: str
    village: str
    kind: str = "village"
    team: str


class InviteProblem(Record):
    """Why an invite code cannot be used."""

    reason: str


class AuditEvent(Record):
    """Something someone did that must stay on the record: a view, an export, a change."""

    at: datetime
    actor_id: int | None
    action: str
    subject: str
    detail: str = ""


class AuditLine(Record):
    """An audit event with the actor's name, for listing."""

    id: int
    event: AuditEvent
    actor_name: str = ""


class Purge(Record):
    """What a retention run removed."""

    media: int
    sources: int
    #: Stored messages, unfinished forms and raw updates older than the cutoff.
    messages: int = 0
    drafts: int = 0
    updates: int = 0
    #: Kept files (relative to storage.media_dir) no entry refers to any more.
    files: list[str] = Field(default_factory=list)
    #: Telegram file ids of purged photos no entry has any more (copies may be cached).
    refs: list[str] = Field(default_factory=list)


# --- Calendar and reminders (issue 4) ---------------------------------------------------------


class Phase(Record):
    """A phase of the emulation (đợt thi đua): local dates, province-wide or one commune."""

    id: int
    name: str
    start: date
    end: date
    report: date
    commune_id: int | None = None
    commune_name: str = ""
    #: Reminders due before this moment are not planned (added late, or dates changed).
    planned_from: datetime


class NewPhase(Record):
    """A phase to add or, with `id`, to change."""

    id: int | None = None
    name: str
    start: date
    end: date
    report: date
    commune_id: int | None = None


class Deadline(Record):
    """A dated deadline and who is reminded of it."""

    id: int
    name: str
    due: date
    commune_id: int | None = None
    commune_name: str = ""
    audience: frozenset[Audience]
    report: bool = False
    series: str = "custom"
    year: int | None = None
    planned_from: datetime


class NewDeadline(Record):
    """A deadline to add or, with `id`, to change."""

    id: int | None = None
    name: str
    due: date
    commune_id: int | None = None
    audience: frozenset[Audience]
    report: bool = False


class AnnualSpec(Record):
    """An annual deadline from the config, made concrete for one year."""

    series: str
    year: int
    name: str
    due: date
    audience: frozenset[Audience]
    report: bool = False


class Recipient(Record):
    """Where to reach one person for a broadcast, and whether they muted optional ones."""

    person_id: int
    name: str
    role: Role
    team_id: int | None
    commune_id: int | None
    language: str
    channel: Channel
    chat_id: str
    muted: bool = False


class TeamGaps(Record):
    """What a team is missing for a report: months without a good deed, incidents unclosed."""

    team_id: int
    team_name: str
    commune_id: int
    #: "YYYY-MM" of the months with no good deed.
    months: list[str] = Field(default_factory=list)
    #: Codes of incidents with no recorded outcome.
    incidents: list[str] = Field(default_factory=list)

    @property
    def behind(self) -> bool:
        """Return whether anything is missing."""
        return bool(self.months or self.incidents)


class ScheduledSend(Record):
    """One message a scheduled occurrence queues, with its ledger key."""

    key: str
    message: Outbound


class UnreachablePerson(Record):
    """Someone whose messenger refuses our messages (blocked the bot, left)."""

    person: Person
    channel: Channel
    since: datetime
    team_name: str = ""
    commune_name: str = ""


# --- Police: status history, alerts, digests, reports (issue 3) ----------------------------

EventAction = Literal["take", "handle", "forward", "source"]


class EntryEvent(Record):
    """One step of an entry's handling: who took, handled or forwarded it, or read its source."""

    id: int
    entry_id: int
    action: EventAction
    status: EntryStatus
    person_id: int | None
    person_name: str = ""
    from_commune_id: int | None = None
    to_commune_id: int | None = None
    to_commune_name: str = ""
    note: str | None = None
    #: The note was also sent to the reporter (meant for them, not police-only).
    note_shared: bool = False
    created_at: datetime


class StatusChange(Record):
    """A status change asked of storage; applied only if the entry still is as expected.

    `expect_status` and `expect_commune_id` make two officers' simultaneous presses (or a
    press on an entry just forwarded elsewhere) safe: the second finds nothing to change.
    """

    entry_id: int
    action: EventAction
    expect_status: frozenset[EntryStatus]
    expect_commune_id: int
    status: EntryStatus
    commune_id: int
    person_id: int
    note: str | None = None
    note_shared: bool = False
    created_at: datetime


class SentRef(Record):
    """A delivered message found again by its key (to edit an alert)."""

    channel: Channel
    chat_id: str
    message_id: str
    key: str


#: Where a commune's routine (not urgent) entries go: at once, quietly, or the digest only.
RoutineMode = Literal["now", "digest"]


class UntakenEntry(Record):
    """A tip or incident nobody has taken yet in the commune that holds it (issue 10 §4).

    `started_at` is when that commune was first told: the filing, or the last forward;
    `round` counts forwards, so a forwarded entry's clock (and its alert keys) start anew.
    """

    id: int
    code: str
    kind: EntryKind
    commune_id: int
    category: str
    urgent: bool
    injuries: bool | None
    #: Logged by an officer from what a resident told them: police have seen it.
    direct: bool = False
    started_at: datetime
    round: int


class DigestSchedule(Record):
    """When a commune's police chats get digests, in local time; None switches one off."""

    commune_id: int
    daily: str | None
    weekly_day: int | None
    weekly: str | None


class ReportScope(Record):
    """What a report covers: one commune, every commune of a province, or (no province)
    every commune of the country."""

    province_id: int | None
    commune_id: int | None = None


# The counted rows below are slotted dataclasses, not pydantic records: the country's year is
# 250,000 of them, and a record (even built with model_construct, 14 µs each) cost 3.5 s.
@dataclass(frozen=True, slots=True)
class AggregateRow:
    """Entries counted by commune and by every attribute the targets look at.

    Counted by province (the country's report): `province_id` set and `commune_id` 0.
    """

    commune_id: int
    kind: EntryKind
    category: str
    source: TipSource
    on_scene: bool | None
    status: EntryStatus
    count: int
    province_id: int | None = None


@dataclass(frozen=True, slots=True)
class PlaceCount:
    """Entries of one kind counted by village (None: a direct tip with no village).

    A province's or the country's counts are by commune (the village's, which is not the
    entry's after a forward): `village_id` None and `village_name` empty.
    """

    village_id: int | None
    village_name: str
    commune_id: int
    commune_name: str
    kind: EntryKind
    count: int


@dataclass(frozen=True, slots=True)
class TeamMonths:
    """How many distinct local months of a period a team logged a good deed in, and which."""

    team_id: int
    months: int
    #: The months themselves, "YYYY-MM" in local time.
    month_keys: frozenset[str] = frozenset()


class ReportAggregates(Record):
    """Everything a report's figures are computed from, already aggregated by SQL."""

    groups: list[AggregateRow]
    places: list[PlaceCount]
    team_months: list[TeamMonths]
    #: The counts of the span asked for as `previous` (the trend's period), if one was.
    previous: list[AggregateRow] = []


class ExportRow(NamedTuple):
    """One entry as the XLSX export lists it (a tuple: exports stream many thousands)."""

    id: int
    code: str
    kind: str
    created_at: datetime
    commune: str
    village: str
    team: str
    reporter: str
    source: str
    category: str
    description: str
    place: str | None
    lat: float | None
    lon: float | None
    occurred_at: datetime | None
    urgent: bool
    confidential: bool
    on_scene: bool | None
    response_minutes: int | None
    action: str | None
    injuries: bool | None
    doers: str | None
    helped: str | None
    status: str
    updated_at: datetime
    photos: int
    #: Handling by commune police (tips and incidents): who took it and when, when it was
    #: handled and the officer's note.
    taken_by: str = ""
    taken_at: datetime | None = None
    handled_at: datetime | None = None
    note: str | None = None


class ResponseTimes(Record):
    """How fast police took and handled the tips and incidents of a period, in seconds.

    Percentiles are nearest-rank (the value at rank ⌈p·n⌉), as PostgreSQL's percentile_disc.
    `commune_id` None is the whole scope.
    """

    commune_id: int | None
    taken: int = 0
    take_median: float | None = None
    take_p90: float | None = None
    handled: int = 0
    handle_median: float | None = None
    handle_p90: float | None = None


class DayCount(Record):
    """Entries of one kind filed on one local day."""

    day: date
    kind: EntryKind
    count: int


class DigestItem(Record):
    """An entry as a digest lists it: never its source."""

    id: int
    code: str
    kind: EntryKind
    category: str
    village_name: str
    urgent: bool
    injuries: bool | None
    status: EntryStatus
    created_at: datetime
    description: str
    doers: str | None


class TeamActivity(Record):
    """A team's last entry and whether it logged a good deed since a given moment."""

    team: Team
    last_entry_at: datetime | None
    deeds_since: int


class Achievement(Record):
    """A team's or a person's record over a period, for commendation lists."""

    id: int
    name: str
    place: str
    deeds: int
    months: int = 0
    tips: int = 0
    incidents: int = 0
    on_scene: int = 0
    by_category: dict[str, int] = Field(default_factory=dict)
    examples: list[str] = Field(default_factory=list)


class ReportJob(Record):
    """A report whose files (XLSX, chart, DOCX) are still to be made and sent."""

    id: int
    person_id: int | None
    channel: Channel
    chat_id: str
    request: dict[str, Any]
    created_at: datetime
    attempts: int = 0


# --- The web workspace (issue 12) ----------------------------------------------------------

WebVia = Literal["link", "miniapp"]


class WebToken(Record):
    """A one-time sign-in link as stored (the link's secret only as its hash)."""

    person_id: int
    channel: Channel
    chat_id: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class WebSession(Record):
    """A browser session: whose, since when, and the token its forms must carry."""

    id_hash: str
    person_id: int
    csrf: str
    via: WebVia
    user_agent: str = ""
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None


class InboxQuery(Record):
    """What the inbox lists: a scope, filters, a page (keyset: older than `before`)."""

    commune_ids: list[int] | None = None
    team_id: int | None = None
    kinds: list[EntryKind] = Field(default_factory=list)
    statuses: list[EntryStatus] = Field(default_factory=list)
    village_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    urgent: bool = False
    code: str | None = None
    #: Folded words, every one must match (as a word prefix).
    words: list[str] = Field(default_factory=list)
    before: tuple[datetime, int] | None = None
    limit: int = 25


class InboxRow(Record):
    """One line of the inbox: never the description's source, only what triage needs."""

    id: int
    code: str
    kind: EntryKind
    category: str
    status: EntryStatus
    urgent: bool
    injuries: bool | None
    confidential: bool
    created_at: datetime
    commune_id: int
    commune_name: str
    village_name: str
    description: str
    photo_count: int = 0


class InboxPage(Record):
    """A page of the inbox, the total matching and where the next page starts."""

    rows: list[InboxRow]
    total: int
    #: True when more matched than were counted (`total` is then a lower bound).
    capped: bool = False
    next_before: tuple[datetime, int] | None = None


class MapLayer(Record):
    """The map's points, encoded as JSON by the database, with where each village's are."""

    #: [[lat, lon, kind index, code, status], ...], newest first.
    points_json: str
    shown: int
    total: int
    #: (village id, mean lat, mean lon) of the points, for labels when there are no tiles.
    villages: list[tuple[int, float, float]] = Field(default_factory=list)


# --- Real names and invite approval (issue 10 §3, issue 11 §11) ---------------------------


class SourceView(Record):
    """A confidential source sent to an officer (/nguontin or its button), for the admins."""

    at: datetime
    code: str
    person_id: int | None
    person_name: str
    commune_name: str
