"""Bulk loading for benchmarks and imports: one blocking transaction, executemany.

Not for the running bot (it writes through the one async writer); this fills a database
file that is not open elsewhere, as fast as SQLite allows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storage.models import NewEntry
from storage.names import search_words
from storage.sqlite.db import Database
from storage.sqlite.migrations import search_document

ENTRY_COLUMNS = (
    "code, kind, reporter_id, team_id, village_id, commune_id, source, category, description, "
    "place, lat, lon, occurred_at, urgent, confidential, on_scene, response_minutes, action, "
    "injuries, doers, helped, status, created_at, updated_at"
)

#: One row for `bulk_insert_entries`, in ENTRY_COLUMNS order (times as stored UTC strings).
EntryTuple = tuple[object, ...]


async def create_schema(path: Path) -> None:
    """Create (or migrate) the database file."""
    db = Database(path, synchronous="OFF")
    await db.open()
    await db.close()


#: Who did a seeded good deed: (entry code, person id, or a resident's name).
DoerTuple = tuple[str, int | None, str | None]


def bulk_insert_entries(
    path: Path, rows: Iterable[EntryTuple], batch: int = 50_000, doers: Iterable[DoerTuple] = ()
) -> int:
    """Insert entry rows (and good deeds' doers) in one transaction; keep the code counters
    ahead of the codes used.

    Returns how many rows were inserted.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.create_function("antt_fold", 1, search_words, deterministic=True)
        conn.execute("BEGIN IMMEDIATE")
        count = 0
        chunk: list[EntryTuple] = []
        marks = ", ".join("?" * len(ENTRY_COLUMNS.split(",")))
        sql = f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({marks})"
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                conn.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            conn.executemany(sql, chunk)
            count += len(chunk)
        conn.executemany(
            "INSERT OR IGNORE INTO deed_doers (entry_id, person_id, name) "
            "SELECT id, ?, ? FROM entries WHERE code = ?",
            [(person_id, name, code) for code, person_id, name in doers],
        )
        _continue_counters(conn)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return count


#: The columns of a `bulk_load` entry row: its id first, and the handling times the
#: history triggers would otherwise keep (migration 8).
LOAD_COLUMNS = f"id, {ENTRY_COLUMNS}, arrived_at, taken_at, handled_at"
#: One history row: (entry id, action, status, person id, note, created_at).
EventTuple = tuple[int, str, str, int | None, str | None, str]
#: Who did a good deed, by entry id: (entry id, person id, or a resident's name).
DoerRow = tuple[int, int | None, str | None]
#: The tables whose secondary indexes and triggers a `bulk_load` rebuilds after loading.
_DEFERRED_TABLES = ("entries", "entry_events", "deed_doers")


@dataclass
class EntryChunk:
    """One transaction of a bulk load: entries (LOAD_COLUMNS order), their history, doers."""

    entries: list[EntryTuple]
    events: list[EventTuple] = field(default_factory=list)
    doers: list[DoerRow] = field(default_factory=list)


def bulk_load(
    path: Path,
    chunks: Iterable[EntryChunk],
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Load millions of entries, one transaction per chunk; return how many were loaded.

    The entries' secondary indexes and the history and search triggers are dropped while
    loading and made again at the end: building an index from sorted rows once is several
    times faster than keeping a dozen of them up to date row by row. So the rows must carry
    what the triggers would have written (`arrived_at`, `taken_at`, `handled_at`); the
    search index is filled for the new rows in one statement. Committing each chunk keeps
    the WAL file small. Only for a database nobody else has open.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1000000")  # 1 GB: index builds sort in memory
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA threads=2")
        conn.create_function("antt_fold", 1, search_words, deterministic=True)
        marks = ", ".join("?" * len(_DEFERRED_TABLES))
        deferred = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            f"AND tbl_name IN ({marks}) AND sql IS NOT NULL ORDER BY type, name",
            _DEFERRED_TABLES,
        ).fetchall()
        first = int(conn.execute("SELECT COALESCE(max(id), 0) FROM entries").fetchone()[0]) + 1
        conn.execute("BEGIN IMMEDIATE")
        for kind, name, _ in deferred:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        conn.execute("COMMIT")
        entry_sql = (
            f"INSERT INTO entries ({LOAD_COLUMNS}) "
            f"VALUES ({', '.join('?' * len(LOAD_COLUMNS.split(',')))})"
        )
        event_sql = (
            "INSERT INTO entry_events (entry_id, action, status, person_id, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)"
        )
        doer_sql = "INSERT INTO deed_doers (entry_id, person_id, name) VALUES (?, ?, ?)"
        count = 0
        for chunk in chunks:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(entry_sql, chunk.entries)
            conn.executemany(event_sql, chunk.events)
            conn.executemany(doer_sql, chunk.doers)
            conn.execute("COMMIT")
            count += len(chunk.entries)
            if progress is not None:
                progress(count)
        conn.execute("BEGIN IMMEDIATE")
        # Indexes first, then triggers: the search trigger must not see the backfill.
        for _, _, sql in sorted(deferred, key=lambda item: item[0] != "index"):
            conn.execute(sql)
        conn.execute(
            f"INSERT INTO entries_search (rowid, words) SELECT id, {search_document('')} "
            "FROM entries WHERE id >= ?",
            (first,),
        )
        _continue_counters(conn)
        conn.execute("COMMIT")
        # Statistics from a sample of each index: a full ANALYZE reads every row again.
        conn.execute("PRAGMA analysis_limit=2000")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return count


def _continue_counters(conn: sqlite3.Connection) -> None:
    """Keep the code counters ahead of the codes used (codes look like TB-2026-000123)."""
    conn.execute(
        "INSERT INTO code_counters (prefix, year, last) "
        "SELECT substr(code, 1, 2), CAST(substr(code, 4, 4) AS INTEGER), "
        "max(CAST(substr(code, 9) AS INTEGER)) FROM entries GROUP BY 1, 2 "
        "ON CONFLICT (prefix, year) DO UPDATE SET last = max(last, excluded.last)"
    )


def bulk_insert_persons(path: Path, rows: Iterable[tuple[str, str, int | None, int]]) -> list[int]:
    """Insert people (name, role, team id, commune id) in one transaction; return their ids."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        ids = [
            int(
                conn.execute(
                    "INSERT INTO persons (name, role, team_id, commune_id, created_at) "
                    "VALUES (?, ?, ?, ?, '2024-01-01 00:00:00')",
                    row,
                ).lastrowid
                or 0
            )
            for row in rows
        ]
        conn.execute("COMMIT")
    finally:
        conn.close()
    return ids


def entry_tuple(entry: NewEntry, code: str, status: str = "new") -> EntryTuple:
    """Turn a NewEntry into a bulk row (convenient for small generated sets)."""
    from storage.clock import to_db
    from storage.sql.entries import entry_fields

    created = to_db(entry.created_at)
    return (code, *entry_fields(entry), status, created, created)
