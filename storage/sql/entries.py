"""Entries (tips, incidents, good deeds), their media and follow-ups, and drafts."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

from storage.clock import from_db, opt_from_db, to_db
from storage.domain import CODE_PREFIX, Channel, EntryKind, EntryStatus, TipSource
from storage.messages import Location, MediaRef, Outbound
from storage.models import Doer, Draft, DraftState, Entry, Followup, NewEntry, NewFollowup
from storage.sql.conn import Conn, Database, Row
from storage.sql.queue import enqueue_sync, inbox_done_sync

#: A good deed's doers as shown, in the order given: each member's current full name (an
#: admin's correction shows everywhere at once) and residents' typed names. `entries.doers`
#: holds the names as they were at filing, for the web's search index (and, for deeds
#: filed before doers were people, what the old free-text step stored); it is never shown.
DOERS_SQL = (
    "(SELECT group_concat(n, ', ') FROM (SELECT COALESCE(dp.name, dd.name) AS n "
    "FROM deed_doers dd LEFT JOIN persons dp ON dp.id = dd.person_id "
    "WHERE dd.entry_id = e.id ORDER BY dd.id) AS d)"
)

ENTRY_SELECT = f"""
SELECT e.*,
       (SELECT count(*) FROM media m WHERE m.entry_id = e.id) AS photo_count,
       (SELECT count(*) FROM followups f WHERE f.entry_id = e.id) AS followup_count,
       {DOERS_SQL} AS deed_doers
FROM entries e
"""


def _opt_bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def entry_from_row(row: Row) -> Entry:
    """Build an Entry from a row of ENTRY_SELECT (or any row with the entries columns)."""
    keys = row.keys()
    location = (
        Location(lat=row["lat"], lon=row["lon"])
        if row["lat"] is not None and row["lon"] is not None
        else None
    )
    return Entry(
        id=row["id"],
        code=row["code"],
        kind=EntryKind(row["kind"]),
        reporter_id=row["reporter_id"],
        team_id=row["team_id"],
        village_id=row["village_id"],
        commune_id=row["commune_id"],
        source=TipSource(row["source"]),
        category=row["category"],
        description=row["description"],
        place=row["place"],
        location=location,
        occurred_at=opt_from_db(row["occurred_at"]),
        urgent=bool(row["urgent"]),
        confidential=bool(row["confidential"]),
        on_scene=_opt_bool(row["on_scene"]),
        response_minutes=row["response_minutes"],
        action=row["action"],
        injuries=_opt_bool(row["injuries"]),
        doers=row["deed_doers"] if "deed_doers" in keys else None,
        helped=row["helped"],
        status=EntryStatus(row["status"]),
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        photo_count=row["photo_count"] if "photo_count" in keys else 0,
        followup_count=row["followup_count"] if "followup_count" in keys else 0,
    )


def _draft(row: Row) -> Draft:
    return Draft(
        id=row["id"],
        person_id=row["person_id"],
        flow=row["flow"],
        step=row["step"],
        seq=row["seq"],
        data=json.loads(row["data"]),
        history=json.loads(row["history"]),
        channel=Channel(row["channel"]),
        chat_id=row["chat_id"],
        created_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
    )


INSERT_DRAFT = (
    "INSERT INTO drafts (person_id, flow, step, seq, data, history, channel, chat_id, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def draft_values(person_id: int, state: DraftState, now: datetime) -> tuple[object, ...]:
    """Return the parameters of INSERT_DRAFT for a person's conversation."""
    return (
        person_id,
        state.flow,
        state.step,
        state.seq,
        json.dumps(state.data, ensure_ascii=False),
        json.dumps(state.history),
        state.channel.value,
        state.chat_id,
        to_db(now),
        to_db(now),
    )


def _next_code(conn: Conn, kind: EntryKind, year: int) -> str:
    prefix = CODE_PREFIX[kind]
    row = conn.execute(
        "INSERT INTO code_counters (prefix, year, last) VALUES (?, ?, 1) "
        "ON CONFLICT (prefix, year) DO UPDATE SET last = code_counters.last + 1 RETURNING last",
        (prefix, year),
    ).fetchone()
    assert row is not None
    return f"{prefix}-{year}-{int(row[0]):06d}"


INSERT_ENTRY = (
    "INSERT INTO entries (code, kind, reporter_id, team_id, village_id, commune_id, source, "
    "category, description, place, lat, lon, occurred_at, urgent, confidential, on_scene, "
    "response_minutes, action, injuries, doers, helped, status, draft_id, created_at, "
    "updated_at) VALUES "
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?)"
)


def entry_fields(entry: NewEntry, doers_text: str | None = None) -> tuple[object, ...]:
    """The entry's own columns, kind to helped, as stored (shared with the bulk loader).

    `doers_text` goes to `entries.doers`: the doers' names as they were at filing, for the
    search index only (what is shown comes from deed_doers, with current names).
    """
    return (
        entry.kind.value,
        entry.reporter_id,
        entry.team_id,
        entry.village_id,
        entry.commune_id,
        entry.source.value,
        entry.category,
        entry.description,
        entry.place,
        entry.location.lat if entry.location else None,
        entry.location.lon if entry.location else None,
        to_db(entry.occurred_at) if entry.occurred_at else None,
        int(entry.urgent),
        int(entry.confidential),
        None if entry.on_scene is None else int(entry.on_scene),
        entry.response_minutes,
        entry.action,
        None if entry.injuries is None else int(entry.injuries),
        doers_text,
        entry.helped,
    )


def _entry_values(
    code: str, entry: NewEntry, draft_id: int | None, doers_text: str | None
) -> tuple[object, ...]:
    created = to_db(entry.created_at)
    return (code, *entry_fields(entry, doers_text), draft_id, created, created)


def doers_text(conn: Conn, doers: Sequence[Doer]) -> str | None:
    """Return the doers' names as they are now ("Nguyễn Thị Lan, bà Mai"), None if none."""
    ids = [d.person_id for d in doers if d.person_id is not None]
    names = (
        dict(
            conn.execute(
                f"SELECT id, name FROM persons WHERE id IN ({', '.join('?' * len(ids))})", ids
            ).fetchall()
        )
        if ids
        else {}
    )
    shown = [names.get(d.person_id, "") if d.person_id is not None else d.name or "" for d in doers]
    return ", ".join(n for n in shown if n) or None


def _insert_media(
    conn: Conn,
    media: Sequence[MediaRef],
    channel: Channel,
    now: datetime,
    *,
    entry_id: int | None = None,
    followup_id: int | None = None,
) -> None:
    conn.executemany(
        "INSERT INTO media (entry_id, followup_id, kind, channel, ref, local_path, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                entry_id,
                followup_id,
                m.kind,
                (m.channel or channel).value,
                m.ref,
                m.local_path,
                to_db(now),
            )
            for m in media
        ],
    )


def insert_doers(conn: Conn, entry_id: int, doers: Sequence[Doer]) -> None:
    """Record who did a good deed, in order; a member named twice counts once."""
    conn.executemany(
        "INSERT OR IGNORE INTO deed_doers (entry_id, person_id, name) VALUES (?, ?, ?)",
        [(entry_id, d.person_id, None if d.person_id is not None else d.name) for d in doers],
    )


class EntryMixin:
    """Reads and writes of entries, follow-ups and drafts."""

    db: Database

    async def get_draft(self, person_id: int) -> Draft | None:
        """Return the conversation a person has in progress."""
        row = await self.db.fetchone("SELECT * FROM drafts WHERE person_id = ?", (person_id,))
        return _draft(row) if row else None

    async def save_turn(
        self,
        person_id: int,
        state: DraftState | None,
        *,
        outbox: Sequence[Outbound],
        inbox_key: str | None,
        now: datetime,
    ) -> None:
        """Write a conversation step, its replies and the update's receipt atomically.

        `state=None` ends the conversation (its draft is deleted).
        """

        def work(conn: Conn) -> None:
            if state is None:
                conn.execute("DELETE FROM drafts WHERE person_id = ?", (person_id,))
            else:
                conn.execute(
                    INSERT_DRAFT + " ON CONFLICT (person_id) DO UPDATE SET flow = excluded.flow, "
                    "step = excluded.step, seq = excluded.seq, data = excluded.data, "
                    "history = excluded.history, channel = excluded.channel, "
                    "chat_id = excluded.chat_id, updated_at = excluded.updated_at",
                    draft_values(person_id, state, now),
                )
            enqueue_sync(conn, outbox, now)
            inbox_done_sync(conn, inbox_key, now)

        await self.db.run_write(work)

    async def entry_for_draft(self, draft_id: int) -> Entry | None:
        """Return the entry a draft became, if it was already submitted."""
        row = await self.db.fetchone(ENTRY_SELECT + " WHERE e.draft_id = ?", (draft_id,))
        return entry_from_row(row) if row else None

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
        """Save an entry from a finished draft exactly once; queue what `render` returns.

        Returns the entry and whether it was created now (False: the draft was already
        submitted, e.g. a double tap on "Gửi" — nothing is written twice). `render` runs
        inside the transaction: if it fails, nothing is saved.
        """

        def work(conn: Conn) -> tuple[Entry, bool]:
            row = conn.execute(ENTRY_SELECT + " WHERE e.draft_id = ?", (draft_id,)).fetchone()
            if row is not None:
                inbox_done_sync(conn, inbox_key, now)
                return entry_from_row(row), False
            code = _next_code(conn, entry.kind, entry.code_year)
            searched = doers_text(conn, entry.doers)
            cursor = conn.execute(INSERT_ENTRY, _entry_values(code, entry, draft_id, searched))
            entry_id = int(cursor.lastrowid or 0)
            if entry.tip_source:
                conn.execute(
                    "INSERT INTO tip_sources (entry_id, source) VALUES (?, ?)",
                    (entry_id, entry.tip_source),
                )
            _insert_media(conn, entry.media, channel, now, entry_id=entry_id)
            insert_doers(conn, entry_id, entry.doers)
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            saved = entry_from_row(
                conn.execute(ENTRY_SELECT + " WHERE e.id = ?", (entry_id,)).fetchone()
            )
            enqueue_sync(conn, render(saved), now)
            inbox_done_sync(conn, inbox_key, now)
            return saved, True

        return await self.db.run_write(work)

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

        def work(conn: Conn) -> bool:
            row = conn.execute(
                "SELECT id FROM followups WHERE draft_id = ?", (draft_id,)
            ).fetchone()
            if row is None:
                cursor = conn.execute(
                    "INSERT INTO followups (entry_id, person_id, text, draft_id, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        followup.entry_id,
                        followup.person_id,
                        followup.text,
                        draft_id,
                        to_db(followup.created_at),
                    ),
                )
                _insert_media(
                    conn, followup.media, channel, now, followup_id=int(cursor.lastrowid or 0)
                )
                conn.execute(
                    "UPDATE entries SET updated_at = ? WHERE id = ?",
                    (to_db(now), followup.entry_id),
                )
                conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
                enqueue_sync(conn, outbox, now)
            inbox_done_sync(conn, inbox_key, now)
            return row is None

        return await self.db.run_write(work)

    async def entries_by_reporter(self, person_id: int, limit: int = 10) -> list[Entry]:
        """Return a person's most recent entries."""
        rows = await self.db.fetchall(
            ENTRY_SELECT + " WHERE e.reporter_id = ? ORDER BY e.created_at DESC, e.id DESC LIMIT ?",
            (person_id, limit),
        )
        return [entry_from_row(r) for r in rows]

    async def entries_by_team(self, team_id: int, limit: int = 20) -> list[Entry]:
        """Return a team's most recent entries."""
        rows = await self.db.fetchall(
            ENTRY_SELECT + " WHERE e.team_id = ? ORDER BY e.created_at DESC, e.id DESC LIMIT ?",
            (team_id, limit),
        )
        return [entry_from_row(r) for r in rows]

    async def get_entry(self, code: str) -> Entry | None:
        """Return an entry by its reference code."""
        row = await self.db.fetchone(ENTRY_SELECT + " WHERE e.code = ?", (code,))
        return entry_from_row(row) if row else None

    async def entry_media(self, entry_id: int) -> list[MediaRef]:
        """Return the media attached to an entry (not to its follow-ups)."""
        rows = await self.db.fetchall(
            "SELECT kind, ref, channel, local_path FROM media WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        )
        return [
            MediaRef(
                kind=r["kind"],
                ref=r["ref"],
                channel=Channel(r["channel"]) if r["channel"] else None,
                local_path=r["local_path"],
            )
            for r in rows
        ]

    async def tip_source(self, entry_id: int) -> str | None:
        """Return a tip's source; callers must have checked the reader may see it."""
        row = await self.db.fetchone(
            "SELECT source FROM tip_sources WHERE entry_id = ?", (entry_id,)
        )
        return str(row[0]) if row else None

    async def followups(self, entry_id: int) -> list[Followup]:
        """Return an entry's follow-ups, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM followups WHERE entry_id = ? ORDER BY id", (entry_id,)
        )
        return [
            Followup(
                id=r["id"],
                entry_id=r["entry_id"],
                person_id=r["person_id"],
                text=r["text"],
                created_at=from_db(r["created_at"]),
            )
            for r in rows
        ]
