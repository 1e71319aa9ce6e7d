"""Entries loaded in bulk through a store's own database (any backend).

SQLite has a faster loader that writes the file directly (storage/sqlite/bulk.py) for
benchmarks of millions of rows; this one goes through the store, so it serves both
backends for seeded tests and imports of thousands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from storage.sql.conn import Conn, Database
from storage.sqlite.bulk import ENTRY_COLUMNS, DoerTuple, EntryTuple


async def seed_entries(
    db: Database, rows: Iterable[EntryTuple], doers: Iterable[DoerTuple] = ()
) -> int:
    """Insert entry rows (in ENTRY_COLUMNS order) and good deeds' doers in one transaction;
    keep the code counters ahead of the codes used. Returns how many entries."""
    entries: Sequence[EntryTuple] = list(rows)
    doer_rows = [(person_id, name, code) for code, person_id, name in doers]
    marks = ", ".join("?" * len(ENTRY_COLUMNS.split(",")))

    def work(conn: Conn) -> int:
        conn.executemany(f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES ({marks})", entries)
        conn.executemany(
            "INSERT OR IGNORE INTO deed_doers (entry_id, person_id, name) "
            "SELECT id, ?, ? FROM entries WHERE code = ?",
            doer_rows,
        )
        # Codes look like TB-2026-000123: the counters continue after the highest one used.
        conn.execute(
            "INSERT INTO code_counters (prefix, year, last) "
            "SELECT substr(code, 1, 2), CAST(substr(code, 4, 4) AS INTEGER), "
            "max(CAST(substr(code, 9) AS INTEGER)) FROM entries "
            "GROUP BY substr(code, 1, 2), CAST(substr(code, 4, 4) AS INTEGER) "
            "ON CONFLICT (prefix, year) DO UPDATE SET "
            "last = max(code_counters.last, excluded.last)"
        )
        return len(entries)

    return await db.run_write(work)
