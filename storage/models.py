"""Records as storage returns them: typed, validated, free of driver types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.domain import Audience, Channel, EntryKind, EntryStatus, Role, TipSource
from bot.messages import Location, MediaRef, Outbound


class Record(BaseModel):
    """Base of every stored record."""

    model_config = ConfigDict(frozen=True)


class Province(Record):
    id: int
    name: str


class Commune(Record):
    id: int
    province_id: int
    name: str


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


class Person(Record):
    id: int
    name: str
    role: Role
    team_id: int | None = None
    commune_id: int | None = None
    language: str = "vi"
    created_at: datetime
    removed_at: datetime | None = None

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


class PoliceChat(Record):
    channel: Channel
    chat_id: str
    commune_id: int
    title: str = ""
    # Set for an officer's own private chat (messengers without groups): the officer.
    person_id: int | None = None


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
    doers: str | None = None
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
    files: list[str] = Field(default_factory=list)


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
