"""The storage interface services depend on; SQLite implements it, PostgreSQL could.

Each method is one unit of work: the backend runs it in a single transaction, so a
service never holds a transaction open across its own awaits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from storage.domain import Channel, EntryKind, Role
from storage.messages import MediaRef, Outbound
from storage.models import (
    Achievement,
    AnnualSpec,
    AuditEvent,
    AuditLine,
    Commune,
    DayCount,
    Deadline,
    DigestItem,
    DigestSchedule,
    Draft,
    DraftState,
    Entry,
    EntryEvent,
    ExportRow,
    Followup,
    Identity,
    InboxItem,
    InboxPage,
    InboxQuery,
    Invite,
    JoinDecision,
    JoinRequest,
    MapLayer,
    NewDeadline,
    NewEntry,
    NewFollowup,
    NewPhase,
    OfficialUnit,
    OrgRow,
    OutboxItem,
    Person,
    PersonListing,
    Phase,
    PoliceChat,
    Province,
    Purge,
    Recipient,
    Redeemed,
    ReportAggregates,
    ReportJob,
    ReportScope,
    ResponseTimes,
    RoutineMode,
    ScheduledSend,
    SentRef,
    SourceView,
    StatusChange,
    Team,
    TeamActivity,
    TeamGaps,
    UnreachablePerson,
    UntakenEntry,
    Village,
    WebPurge,
    WebSession,
    WebToken,
    Withdrawn,
)


class Store(Protocol):
    """All persistence the bot needs."""

    async def open(self) -> None:
        """Open the database and apply pending migrations."""
        ...

    async def close(self) -> None:
        """Close the database (and give up the claim on it)."""
        ...

    async def claim(self, *, shared: bool = False) -> None:
        """Become a process that serves this store, before `open`; raise AlreadyRunning if
        that is refused. `shared` (webhook mode): other processes may serve it too, where
        the backend allows several (PostgreSQL); otherwise this one is the only one (it
        polls). Released by `close`, and by the end of the process however it ends."""
        ...

    async def claim_chat(self, channel: Channel, chat_id: str) -> bool:
        """Become the one process delivering to a chat, until `release_chat` (or the end
        of the process); False if another process has it now."""
        ...

    async def release_chat(self, channel: Channel, chat_id: str) -> None:
        """Let other processes deliver to a chat."""
        ...

    async def pace(self, channel: Channel, interval: float) -> float | None:
        """Book the next slot of a messenger's overall rate, `interval` seconds after the
        last one booked by any process; return how long to wait for it, or None when this
        process is the only one sending (it paces itself)."""
        ...

    async def listen(self, topic: str, wake: Callable[[], None]) -> None:
        """Call `wake` whenever any process calls `notify(topic)` (a wake-up, no data)."""
        ...

    async def notify(self, topic: str) -> None:
        """Wake the processes listening on `topic` (after a commit: they read the tables)."""
        ...

    async def lead(self, role: str) -> bool:
        """Return whether this process is (or has just become) the one doing `role` (the
        planner); another process takes over when this one ends."""
        ...

    @property
    def write_failures(self) -> int:
        """Return how many writes were refused for want of space or I/O (StorageUnavailable)
        so far: a handler whose update was not marked done while this grew failed for
        that, and its update is tried again once writes work."""
        ...

    # --- org ---

    async def ensure_province(self, name: str) -> Province:
        """Return the province of that name, creating it if needed."""
        ...

    async def list_provinces(self) -> list[Province]:
        """Return every province, by name."""
        ...

    async def add_commune(self, province_id: int, name: str, now: datetime) -> Commune:
        """Create a commune; Conflict if the province already has one of that name."""
        ...

    async def get_commune(self, commune_id: int) -> Commune:
        """Return a commune by id."""
        ...

    async def list_communes(self) -> list[Commune]:
        """Return every commune, by name."""
        ...

    async def add_official_communes(
        self, province: OfficialUnit, communes: Sequence[OfficialUnit], now: datetime
    ) -> list[Commune]:
        """Create communes of the official map in one transaction; return those that were new."""
        ...

    async def add_village_with_team(
        self, commune_id: int, village: str, kind: str, team: str, *, now: datetime | None = None
    ) -> Team:
        """Create a village and its security team; Conflict if the village exists."""
        ...

    async def list_villages(self, commune_id: int) -> list[Village]:
        """Return the villages of a commune, by name."""
        ...

    async def get_team(self, team_id: int) -> Team:
        """Return a team with its village and commune names."""
        ...

    async def list_teams(
        self, commune_id: int | None = None, *, province_id: int | None = None
    ) -> list[Team]:
        """Return teams, of one commune, one province or all, ordered by commune and village."""
        ...

    async def import_org(
        self, province: str, rows: Sequence[OrgRow], now: datetime
    ) -> dict[str, int]:
        """Create the tree from rows in one transaction; return counts of what was new."""
        ...

    async def link_police_chat(
        self, channel: Channel, chat_id: str, commune_id: int, title: str, by: int, now: datetime
    ) -> PoliceChat:
        """Make a chat the police chat of a commune (a chat serves one commune)."""
        ...

    async def police_chat(self, channel: Channel, chat_id: str) -> PoliceChat | None:
        """Return the police-chat link of a chat, if it has one."""
        ...

    async def police_chats(self, commune_id: int) -> list[PoliceChat]:
        """Return the police chats linked to a commune."""
        ...

    # --- chats that change under the bot (issue 11) ---

    async def unlinked_police_chat(self, channel: Channel, chat_id: str) -> PoliceChat | None:
        """Return the police chat a group used to be, if the bot was removed from it."""
        ...

    async def lost_police_chats(self, commune_id: int) -> list[PoliceChat]:
        """Return the police groups of a commune the bot was removed from (not relinked)."""
        ...

    async def chat_lost(
        self,
        channel: Channel,
        chat_id: str,
        reason: str,
        now: datetime,
        reroute: Callable[[PoliceChat | None, list[OutboxItem]], list[Outbound]],
    ) -> PoliceChat | None:
        """Give up on a chat for good in one transaction: unlink it if it was a police chat,
        fail what is queued for it, queue what `reroute(chat, those items)` returns
        instead; return the police chat unlinked, if any."""
        ...

    async def outbox_give_up(
        self, item_id: int, reason: str, now: datetime, instead: Sequence[Outbound]
    ) -> None:
        """Give up on one message and queue `instead` (its alert for people), one transaction."""
        ...

    async def move_chat(
        self,
        channel: Channel,
        old: str,
        new: str,
        now: datetime,
        *,
        retry_at: datetime | None = None,
        item_id: int | None = None,
    ) -> PoliceChat | None:
        """Move a chat to its new id in one transaction (police-chat link and the messages
        queued for it); return the police chat as now linked, if it is one."""
        ...

    # --- people ---

    async def person_by_identity(self, channel: Channel, external_id: str) -> Person | None:
        """Return the person behind a messenger account, removed or not."""
        ...

    async def get_person(self, person_id: int) -> Person:
        """Return a person by id."""
        ...

    async def identities(self, person_id: int) -> list[Identity]:
        """Return the messenger accounts of a person."""
        ...

    async def ensure_admin(
        self,
        channel: Channel,
        external_id: str,
        chat_id: str,
        name: str,
        language: str,
        now: datetime,
    ) -> Person:
        """Register a configured admin on first contact, or restore their admin role."""
        ...

    async def create_invite(self, invite: Invite) -> Invite:
        """Store a new invite code."""
        ...

    async def get_invite(self, code: str) -> Invite | None:
        """Return an invite by code."""
        ...

    async def list_invites(self, now: datetime) -> list[Invite]:
        """Return the invites still usable now, newest first."""
        ...

    async def redeem_invite(
        self,
        code: str,
        *,
        channel: Channel,
        external_id: str,
        chat_id: str,
        name: str,
        language: str,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[Redeemed], Sequence[Outbound]],
        officer_channels: Collection[Channel] = (),
        username: str = "",
        name_draft: DraftState | None = None,
    ) -> Redeemed:
        """Use an invite: register the account (or move it) and queue the welcome, atomically.

        An invite that needs approval files a join request instead (the use counts). On
        `officer_channels` a police officer's private chat becomes a police chat; someone
        never asked for their full name gets `name_draft` as their conversation.
        """
        ...

    async def ask_name(
        self,
        person_id: int,
        state: DraftState,
        *,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[bool], Sequence[Outbound]],
    ) -> bool:
        """Open the full-name question once (never asked, nothing else open), with replies."""
        ...

    async def set_person_name(
        self,
        person_id: int,
        name: str,
        *,
        now: datetime,
        inbox_key: str | None,
        outbox: Sequence[Outbound],
        audit: Sequence[AuditEvent] = (),
        draft_id: int | None = None,
    ) -> Person:
        """Record a person's full name with its replies and audit (and close `draft_id`)."""
        ...

    # --- join requests: police and admin invites wait for approval (issue 11) ---

    async def join_request(self, request_id: int) -> JoinRequest | None:
        """Return a join request by id, decided or not."""
        ...

    async def pending_join(self, channel: Channel, external_id: str) -> JoinRequest | None:
        """Return the request this account waits on, if any."""
        ...

    async def open_join_requests(self, commune_id: int | None = None) -> list[JoinRequest]:
        """Return the requests still waiting (of one commune's invites, or all), oldest first."""
        ...

    async def decide_join(
        self,
        request_id: int,
        *,
        approve: bool,
        by: int,
        now: datetime,
        inbox_key: str | None,
        render: Callable[[JoinDecision], Sequence[Outbound]],
        audit: Sequence[AuditEvent] = (),
        officer_channels: Collection[Channel] = (),
        name_draft: DraftState | None = None,
    ) -> JoinDecision | None:
        """Approve (registering the account) or refuse a waiting request, once; None if it
        was already decided."""
        ...

    async def withdraw_invite(
        self,
        code: str,
        *,
        by: int | None,
        now: datetime,
        render: Callable[[Withdrawn], Sequence[Outbound]],
        audit: Callable[[Withdrawn], Sequence[AuditEvent]],
        inbox_key: str | None = None,
    ) -> Withdrawn | None:
        """Revoke an invite and cancel the requests still waiting on it, with `render`'s
        messages and `audit`'s events, in one transaction; None if none was unrevoked."""
        ...

    async def list_people(
        self, *, commune_id: int | None = None, team_id: int | None = None
    ) -> list[PersonListing]:
        """Return active people with their team, village and commune names."""
        ...

    async def remove_person(self, person_id: int, now: datetime) -> Person:
        """Take a person out: they keep their history but lose access at once."""
        ...

    async def set_language(self, person_id: int, language: str) -> None:
        """Set the language a person reads the bot in."""
        ...

    # --- entry ---

    async def get_draft(self, person_id: int) -> Draft | None:
        """Return the conversation a person has in progress."""
        ...

    async def save_turn(
        self,
        person_id: int,
        state: DraftState | None,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
    ) -> None:
        """Write a conversation step, its replies and the update's receipt atomically."""
        ...

    async def entry_for_draft(self, draft_id: int) -> Entry | None:
        """Return the entry a draft became, if it was already submitted."""
        ...

    async def submit_entry(
        self,
        entry: NewEntry,
        *,
        draft_id: int,
        channel: Channel,
        inbox_key: str | None,
        render: Callable[[Entry], Sequence[Outbound]],
        now: datetime,
    ) -> tuple[Entry, bool]:
        """Save an entry from a finished draft exactly once; queue what `render` returns."""
        ...

    async def add_followup(
        self,
        followup: NewFollowup,
        *,
        draft_id: int,
        channel: Channel,
        inbox_key: str | None,
        outbox: Sequence[Outbound],
        now: datetime,
    ) -> bool:
        """Save a follow-up from a finished draft exactly once; return whether it is new."""
        ...

    async def entries_by_reporter(self, person_id: int, limit: int = 10) -> list[Entry]:
        """Return a person's most recent entries."""
        ...

    async def entries_by_team(self, team_id: int, limit: int = 20) -> list[Entry]:
        """Return a team's most recent entries."""
        ...

    async def get_entry(self, code: str) -> Entry | None:
        """Return an entry by its reference code."""
        ...

    async def entry_media(self, entry_id: int) -> list[MediaRef]:
        """Return the media attached to an entry (not to its follow-ups)."""
        ...

    async def tip_source(self, entry_id: int) -> str | None:
        """Return a tip's source; callers must have checked the reader may see it."""
        ...

    async def followups(self, entry_id: int) -> list[Followup]:
        """Return an entry's follow-ups, oldest first."""
        ...

    # --- queue ---

    async def inbox_add(
        self, items: Sequence[tuple[str, Channel, str]], now: datetime
    ) -> list[str]:
        """Store raw updates before they are acknowledged; return the keys that were new."""
        ...

    async def inbox_pending(self, channel: Channel, limit: int = 100) -> list[InboxItem]:
        """Return stored updates not yet handled, oldest first."""
        ...

    async def inbox_is_done(self, key: str) -> bool:
        """Return whether an update was already handled."""
        ...

    async def inbox_done(self, key: str, now: datetime) -> None:
        """Mark an update handled when no service did so in its own transaction."""
        ...

    async def inbox_attempt(self, key: str) -> int:
        """Count one more try at handling a stored update; return the tries so far."""
        ...

    async def inbox_set_aside(self, key: str, now: datetime) -> None:
        """Stop trying an update that keeps failing; it stays stored (until the purge)."""
        ...

    async def send(
        self,
        messages: Sequence[Outbound],
        now: datetime,
        *,
        inbox_key: str | None = None,
        dedupe_key: str | None = None,
        not_before: datetime | None = None,
        audit: Sequence[AuditEvent] = (),
    ) -> int:
        """Queue messages (and close an update, and log `audit`) in one transaction."""
        ...

    async def outbox_pending(self, now: datetime, limit: int = 200) -> list[OutboxItem]:
        """Return messages due for delivery, in the order they were queued."""
        ...

    async def outbox_next_due(self) -> datetime | None:
        """Return when the earliest postponed message becomes due."""
        ...

    async def outbox_sent(self, item_id: int, message_id: str | None, now: datetime) -> None:
        """Record a delivered message and blank its text (it may name a tip's source)."""
        ...

    async def outbox_retry(self, item_id: int, not_before: datetime, error: str) -> None:
        """Postpone a message after a temporary failure."""
        ...

    async def outbox_failed(self, item_id: int, error: str, now: datetime) -> None:
        """Give up on a message that can never be delivered (and blank its text)."""
        ...

    async def prune_outbox(self, before: datetime, keep_prefixes: Sequence[str] = ()) -> int:
        """Delete delivered and abandoned messages queued before `before`; return how many."""
        ...

    async def mark_unreachable(self, channel: Channel, chat_id: str, now: datetime) -> None:
        """Flag accounts whose chat refuses messages (the person blocked the bot)."""
        ...

    # --- audit ---

    async def audit(self, events: Sequence[AuditEvent]) -> None:
        """Append events to the audit log."""
        ...

    async def audit_log(
        self,
        *,
        since: datetime | None = None,
        actor_id: int | None = None,
        action: str | None = None,
        limit: int = 500,
    ) -> list[AuditLine]:
        """Return audit events, newest first, optionally filtered."""
        ...

    async def purge_before(self, cutoff: datetime, now: datetime) -> Purge:
        """Delete media, confidential sources and every stored copy of them before `cutoff`."""
        ...

    async def media_in_use(self, paths: Collection[str]) -> set[str]:
        """Return which of these kept files (relative paths) an entry still refers to."""
        ...

    async def forget_deleted(self) -> None:
        """Make what was deleted unrecoverable from the database's files (after a purge)."""
        ...

    # --- accounts across messengers (Zalo, issue 6) ---

    async def create_link_code(
        self,
        code: str,
        *,
        person_id: int,
        channel: Channel,
        expires_at: datetime,
        now: datetime,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
    ) -> None:
        """Store a person's new link code (their unused older ones stop working) and its reply."""
        ...

    async def link_account(
        self,
        code: str,
        *,
        channel: Channel,
        external_id: str,
        chat_id: str,
        now: datetime,
        officer_channels: Collection[Channel],
        inbox_key: str | None,
        render: Callable[[Person, Sequence[Identity]], Sequence[Outbound]],
    ) -> Person:
        """Attach a messenger account to the person who asked for `code`, atomically.

        Raises LinkRefused (not_found, expired, used, same_channel, already, taken).
        """
        ...

    async def outbox_due_chats(
        self, now: datetime, limit: int = 64, channels: Collection[Channel] | None = None
    ) -> list[tuple[Channel, str]]:
        """Return chats whose oldest undelivered message is due: conversations first."""
        ...

    async def outbox_chat_pending(
        self, channel: Channel, chat_id: str, now: datetime, limit: int = 20
    ) -> list[OutboxItem]:
        """Return one chat's messages due now, oldest first, up to the first postponed one."""
        ...

    # --- calendar and reminders (issue 4) ---

    async def list_phases(self, *, reporting_from: date | None = None) -> list[Phase]:
        """Return live phases by start date; with `reporting_from`, those reporting since."""
        ...

    async def get_phase(self, phase_id: int) -> Phase:
        """Return a live phase; NotFound if there is none (or it was removed)."""
        ...

    async def save_phase(
        self,
        phase: NewPhase,
        by: int | None,
        now: datetime,
        *,
        inbox_key: str | None = None,
        render: Callable[[Phase], Sequence[Outbound]] | None = None,
    ) -> Phase:
        """Add or change a phase, close `by`'s draft and queue `render`'s replies, atomically."""
        ...

    async def remove_phase(self, phase_id: int, now: datetime) -> Phase:
        """Take a phase off the calendar; its reminders stop."""
        ...

    async def list_deadlines(self, *, due_from: date | None = None) -> list[Deadline]:
        """Return live deadlines by date; with `due_from`, only those due on or after it."""
        ...

    async def get_deadline(self, deadline_id: int) -> Deadline:
        """Return a live deadline; NotFound if there is none (or it was removed)."""
        ...

    async def save_deadline(
        self,
        deadline: NewDeadline,
        by: int | None,
        now: datetime,
        *,
        inbox_key: str | None = None,
        render: Callable[[Deadline], Sequence[Outbound]] | None = None,
    ) -> Deadline:
        """Add or change a deadline, close `by`'s draft and queue replies, atomically."""
        ...

    async def remove_deadline(self, deadline_id: int, now: datetime) -> Deadline:
        """Take a deadline off the calendar; an annual one stays off for that year."""
        ...

    async def ensure_annual(self, specs: Sequence[AnnualSpec], now: datetime) -> int:
        """Create each year's configured deadlines once; follow config changes until edited."""
        ...

    async def import_calendar(
        self, phases: Sequence[NewPhase], deadlines: Sequence[NewDeadline], now: datetime
    ) -> tuple[int, int]:
        """Add phases and deadlines in one transaction: all of them or, on any error, none."""
        ...

    async def schedule_since(self, now: datetime) -> datetime:
        """Return when scheduling began on this database (set to `now` the first time)."""
        ...

    async def runs_decided(self, keys: Sequence[str]) -> set[str]:
        """Return which of these occurrence keys were already sent or skipped."""
        ...

    async def record_run(
        self,
        key: str,
        due_at: datetime,
        status: str,
        sends: Sequence[ScheduledSend],
        now: datetime,
    ) -> int | None:
        """Decide an occurrence once: record it and queue its messages in one transaction."""
        ...

    async def recipients(
        self, roles: Sequence[Role], commune_id: int | None = None
    ) -> list[Recipient]:
        """Return reachable accounts of active people with these roles (in one commune)."""
        ...

    async def all_police_chats(self, commune_id: int | None = None) -> list[PoliceChat]:
        """Return the police chats of every commune, or of one."""
        ...

    async def team_gaps(
        self,
        commune_id: int | None,
        months: Sequence[tuple[str, datetime, datetime]],
        start: datetime,
        end: datetime,
    ) -> list[TeamGaps]:
        """Return every team in scope with its months lacking a good deed and open incidents."""
        ...

    async def unhandled_counts(
        self, commune_id: int | None, start: datetime, end: datetime
    ) -> dict[int, int]:
        """Return, by commune, how many entries of a period police have not yet handled."""
        ...

    async def reminders_muted(self, person_id: int) -> bool:
        """Return whether a person muted optional reminders."""
        ...

    async def set_reminders_muted(self, person_id: int, muted: bool, now: datetime) -> None:
        """Mute or unmute a person's optional reminders."""
        ...

    async def unreachable_people(self) -> list[UnreachablePerson]:
        """Return active people whose account refuses our messages, longest first."""
        ...

    async def mark_reachable(self, channel: Channel, chat_id: str) -> bool:
        """Clear the unreachable flag of a chat (the person unblocked the bot)."""
        ...

    # --- police: status history, alerts, digests, reports (issue 3) ---

    async def get_entry_by_id(self, entry_id: int) -> Entry | None:
        """Return an entry by its id."""
        ...

    async def get_village(self, village_id: int) -> Village:
        """Return a village by id."""
        ...

    async def change_entry_status(
        self,
        change: StatusChange,
        *,
        inbox_key: str | None,
        render: Callable[[Entry, EntryEvent], Sequence[Outbound]],
    ) -> tuple[Entry, EntryEvent] | None:
        """Apply a status change if the entry is still as expected; queue what `render` returns."""
        ...

    async def log_source_view(
        self,
        entry_id: int,
        person_id: int,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
    ) -> None:
        """Record who was sent a tip's confidential source, with the message that sends it."""
        ...

    async def entry_events(self, entry_id: int) -> list[EntryEvent]:
        """Return an entry's history, oldest first."""
        ...

    async def source_views(self, start: datetime, end: datetime) -> list[SourceView]:
        """Return every confidential source sent to an officer in [start, end), oldest first."""
        ...

    async def sent_with_key_prefix(self, prefix: str) -> list[SentRef]:
        """Return delivered messages whose key starts with `prefix` (an entry's alerts)."""
        ...

    async def untaken_entries(self, since: datetime) -> list[UntakenEntry]:
        """Return tips and incidents nobody took whose commune was told at `since` or later."""
        ...

    async def routine_modes(self) -> dict[int, RoutineMode]:
        """Return the communes whose police chose how routine entries reach them."""
        ...

    async def set_routine_mode(
        self, commune_id: int, mode: RoutineMode, by: int, now: datetime
    ) -> None:
        """Store how a commune's routine entries reach its police, and audit who chose it."""
        ...

    async def digest_schedules(self) -> list[DigestSchedule]:
        """Return the schedules admins set (communes without one use the defaults)."""
        ...

    async def set_digest_schedule(
        self, schedule: DigestSchedule, by: int | None, now: datetime
    ) -> None:
        """Store a commune's digest schedule."""
        ...

    async def new_entries(
        self, commune_id: int, start: datetime, end: datetime, limit: int = 500
    ) -> list[DigestItem]:
        """Return a commune's entries filed in [start, end), oldest first."""
        ...

    async def open_entries(
        self, commune_id: int, before: datetime, limit: int = 50
    ) -> tuple[list[DigestItem], int]:
        """Return tips and incidents filed before `before` and not handled, and their count."""
        ...

    async def team_activity(self, commune_id: int, deeds_since: datetime) -> list[TeamActivity]:
        """Return each team of a commune with its last entry and its good deeds since a time."""
        ...

    async def daily_counts(
        self,
        commune_ids: Sequence[int] | None,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        province_id: int | None = None,
    ) -> list[DayCount]:
        """Count entries per local day and kind in [start, end) for communes or a province."""
        ...

    async def report_aggregates(
        self,
        scope: ReportScope,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        *,
        places: bool = True,
        deeds_from: datetime | None = None,
        deeds_to: datetime | None = None,
        previous: tuple[datetime, datetime] | None = None,
        by_province: bool = False,
    ) -> ReportAggregates:
        """Count a scope's entries filed in [start, end) by everything the targets need.

        `places=False` skips the counts by village (a trend needs only the totals); good
        deeds by team and month are counted over [deeds_from, deeds_to) when given.
        `previous` [start, end): that span's counts too, in `previous`, from the same read.
        `by_province`: the counts by province rather than by commune (the country's).
        """
        ...

    async def response_times(
        self, scope: ReportScope, start: datetime, end: datetime, *, by_commune: bool = True
    ) -> list[ResponseTimes]:
        """Return how fast police took and handled the scope's tips and incidents of a span
        (`by_commune=False`: the scope's row only)."""
        ...

    async def export_entries(
        self,
        scope: ReportScope,
        kind: EntryKind,
        start: datetime,
        end: datetime,
        *,
        after: tuple[datetime, int] | None = None,
        limit: int = 5000,
    ) -> list[ExportRow]:
        """Return one page of a scope's entries of a kind, every field, by filing time."""
        ...

    async def team_achievements(
        self,
        scope: ReportScope,
        start: datetime,
        end: datetime,
        offset_minutes: int,
        limit: int = 10,
    ) -> list[Achievement]:
        """Return the teams with the most good deeds in [start, end), with their record."""
        ...

    async def person_achievements(
        self, scope: ReportScope, start: datetime, end: datetime, limit: int = 10
    ) -> list[Achievement]:
        """Return the people who did the most good deeds in [start, end) (members by person,
        residents by typed name), with examples."""
        ...

    async def queue_report_job(
        self,
        *,
        person_id: int | None,
        channel: Channel,
        chat_id: str,
        request: dict[str, Any],
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
        close_draft: int | None = None,
    ) -> int:
        """Queue a report's files to be made, with the message answering now, atomically;
        `close_draft` ends that person's conversation (the period question) in it too."""
        ...

    async def pending_report_jobs(self, limit: int = 10) -> list[ReportJob]:
        """Return report jobs not yet done or given up, oldest first."""
        ...

    async def finish_report_job(
        self, job_id: int, outbox: Sequence[Outbound], now: datetime, *, error: str | None = None
    ) -> None:
        """Close a report job and queue what it sends (its files, or an apology)."""
        ...

    async def retry_report_job(self, job_id: int, error: str) -> None:
        """Count a failed attempt at a report job; it is tried again later."""
        ...

    # --- the web workspace (issue 12) ---

    async def create_web_token(
        self,
        token_hash: str,
        token: WebToken,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
    ) -> None:
        """Store a sign-in link (its hash) and queue the reply that carries it, atomically."""
        ...

    async def web_token(self, token_hash: str) -> WebToken | None:
        """Return a sign-in link by the hash of its secret, used or not."""
        ...

    async def redeem_web_token(
        self, token_hash: str, session: WebSession, *, outbox: Sequence[Outbound]
    ) -> bool:
        """Use a sign-in link once: open the session and queue the chat notice, atomically."""
        ...

    async def open_web_session(self, session: WebSession) -> None:
        """Open a session (Mini App sign-in, checked by the caller)."""
        ...

    async def web_session(self, id_hash: str) -> WebSession | None:
        """Return a session by the hash of its cookie, ended or not."""
        ...

    async def touch_web_session(self, id_hash: str, now: datetime) -> None:
        """Record that a session was used now (its idle timeout starts again)."""
        ...

    async def end_web_sessions(
        self,
        person_id: int,
        now: datetime,
        *,
        id_hash: str | None = None,
        render: Callable[[int], Sequence[Outbound]] | None = None,
        inbox_key: str | None = None,
    ) -> int:
        """End one session (`id_hash`) or all of a person's; queue `render(ended)`."""
        ...

    async def purge_web_logins(self, now: datetime, idle_before: datetime) -> WebPurge:
        """Delete sign-in links expired by `now` and sessions ended, expired or idle since
        before `idle_before`; the audit log keeps every sign-in (the purge is audited)."""
        ...

    async def inbox_entries(self, query: InboxQuery) -> InboxPage:
        """Return a page of entries, newest first, with the number matching in all."""
        ...

    async def team_deed_months(
        self, team_id: int, start: datetime, end: datetime, offset_minutes: int
    ) -> set[str]:
        """Return the local months ("YYYY-MM") in which a team logged a good deed."""
        ...

    async def map_points(
        self,
        commune_ids: Sequence[int],
        start: datetime,
        end: datetime,
        kinds: Sequence[EntryKind] = (),
        limit: int = 50_000,
    ) -> MapLayer:
        """Return a period's located entries, newest first (at most `limit`), for the map."""
        ...

    # --- Zalo first (issue 13): short numbers per chat, quoted alerts ---

    async def chat_numbers(
        self, channel: Channel, chat_id: str, codes: Sequence[str], now: datetime
    ) -> dict[str, int]:
        """Return the short number of each entry (by code) in a chat, giving the smallest
        free one to an entry that has none yet; unknown codes are left out."""
        ...

    async def entry_by_number(self, channel: Channel, chat_id: str, number: int) -> Entry | None:
        """Return the entry that has this short number in a chat, if any."""
        ...

    async def sent_key(self, channel: Channel, chat_id: str, message_id: str) -> str | None:
        """Return the key of the message the bot sent into a chat under that id."""
        ...
