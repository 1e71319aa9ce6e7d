"""Bulk loading for benchmarks and imports: one blocking transaction, executemany.

Not for the running bot (it writes through the one async writer); this fills a database
file that is not open elsewhere, as fast as SQLite allows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from storage.models import NewEntry
from storage.names import search_words
from storage.sqlite.db import Database

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
        # Codes look like TB-2026-000123: the counters continue after the highest one used.
        conn.execute(
            "INSERT INTO code_counters (prefix, year, last) "
            "SELECT substr(code, 1, 2), CAST(substr(code, 4, 4) AS INTEGER), "
            "max(CAST(substr(code, 9) AS INTEGER)) FROM entries GROUP BY 1, 2 "
            "ON CONFLICT (prefix, year) DO UPDATE SET last = max(last, excluded.last)"
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()
    return count


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
