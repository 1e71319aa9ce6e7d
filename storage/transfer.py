"""Moving a deployment from SQLite to PostgreSQL, and checking a database's consistency.

`antt-bot db copy --to postgresql://…` copies every table of the SQLite file into an
empty PostgreSQL database (the media stay where they are on disk), in one transaction,
then reads both back and compares each table's row count and a checksum of its rows. A
target that holds anything is refused: a copy never merges into a live deployment.

`antt-bot db check` runs the invariants the fuzz test holds the bot to, on either backend.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg

from storage.errors import StorageError
from storage.names import search_words
from storage.postgres.db import redacted
from storage.postgres.store import PostgresStore
from storage.sql.conn import Database
from storage.sqlite.migrations import search_document
from storage.sqlite.store import SqliteStore

#: Tables in an order that satisfies their foreign keys (parents first).
TABLES: tuple[str, ...] = (
    "provinces", "communes", "villages", "teams", "persons", "identities", "link_codes",
    "person_settings", "invites", "join_requests", "drafts", "entries", "entry_events",
    "followups", "media", "tip_sources", "deed_doers", "code_counters", "chat_numbers",
    "outbox", "inbox", "audit", "phases", "deadlines", "schedule_runs", "schedule_state",
    "digest_schedules", "police_chats", "unlinked_police_chats", "police_settings",
    "report_jobs", "web_sessions", "web_tokens",
)  # fmt: skip

CODE = re.compile(r"(TB|VV|VT)-\d{4}-\d{6}")


class TargetNotEmpty(StorageError):
    """The PostgreSQL database already holds data: a copy would mix two deployments."""


@dataclass
class TableCopy:
    """One table copied: its rows on each side and whether their checksums agree."""

    table: str
    rows: int
    checksum: str
    same: bool


@dataclass
class CopyReport:
    """What `copy_to_postgres` did."""

    schema: int
    tables: list[TableCopy] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether every table arrived whole."""
        return all(t.same for t in self.tables)


def _canonical(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return repr(round(value, 9))
    return str(value)


class _Checksum:
    """A table's rows as one number that does not depend on the order they are read in.

    Each row's hash is added up (mod 2**128), so either side streams its rows as it
    stores them, with no sort of millions of rows and none held in memory; a row missing,
    doubled or changed changes the sum.
    """

    def __init__(self) -> None:
        self.rows = 0
        self._sum = 0

    def add(self, row: Any, width: int) -> None:
        line = "\x1f".join(_canonical(row[i]) for i in range(width)).encode()
        self._sum = (self._sum + int.from_bytes(hashlib.sha256(line).digest()[:16])) % 2**128
        self.rows += 1

    @property
    def hex(self) -> str:
        return f"{self._sum:032x}"


def _copy_text(value: Any) -> str:
    """Write a value as PostgreSQL's COPY text format reads it."""
    if value is None:
        return "\\N"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes | memoryview):
        raise StorageError("a binary value in a text column: the source database is damaged")
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


async def _columns(raw: asyncpg.Connection, table: str) -> list[str]:
    """Return the columns a copy writes (not the generated insertion order)."""
    rows = await raw.fetch(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = $1 AND column_name <> 'rowid' "
        "ORDER BY ordinal_position",
        table,
    )
    return [r[0] for r in rows]


async def copy_to_postgres(source: Path, dsn: str, *, batch: int = 5_000) -> CopyReport:
    """Copy a SQLite database into an empty PostgreSQL one; verify counts and checksums.

    Rows stream both ways (COPY into the target, a cursor out of each side for the
    check): a province's ten million entries move in minutes, in bounded memory.
    """
    if not source.exists():  # noqa: ASYNC240 - once, before anything starts
        raise StorageError(f"{source}: no such database")
    lite = SqliteStore(source, synchronous="NORMAL")
    await lite.open()  # brings the file's schema up to date first
    version = await lite.db.fetchone("PRAGMA user_version")
    await lite.close()
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, check_same_thread=False)
    target = PostgresStore(dsn, min_size=1, max_size=2)
    try:
        await target.open()
        report = CopyReport(schema=int(version[0]) if version is not None else 0)
        async with target.db.pool.acquire() as raw:
            for table in TABLES:
                if await raw.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):
                    raise TargetNotEmpty(
                        f"{redacted(dsn)}: table {table} is not empty; copy only into a new "
                        "database (createdb antt)"
                    )
            plan: dict[str, tuple[list[str], _Checksum]] = {}
            async with raw.transaction():
                # A bulk load: the foreign keys and secondary indexes are put back once the
                # rows are in (one pass each, instead of a check and an insert per row),
                # and the search index is built in one statement.
                await raw.execute("SET LOCAL maintenance_work_mem = '256MB'")
                restore = await _set_aside(raw)
                # The response times were set by SQLite's triggers already: copied as they
                # are, not replayed.
                await raw.execute("ALTER TABLE entry_events DISABLE TRIGGER entry_events_times")
                await raw.execute("ALTER TABLE entries DISABLE TRIGGER entries_search_add")
                for table in TABLES:
                    columns = await _columns(raw, table)
                    sums = _Checksum()
                    plan[table] = (columns, sums)
                    rows = _read(reader, f"SELECT {', '.join(columns)} FROM {table}", batch)
                    await raw.copy_to_table(
                        table, source=_as_copy(rows, sums), columns=columns, format="text"
                    )
                await _search_index(reader, raw, batch)
                await raw.execute("ALTER TABLE entries ENABLE TRIGGER entries_search_add")
                await raw.execute("ALTER TABLE entry_events ENABLE TRIGGER entry_events_times")
                for statement in restore:
                    await raw.execute(statement)
                for table in TABLES:
                    if "id" in plan[table][0]:
                        await raw.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                        )
            # The planner's statistics, and the visibility map that lets a report count
            # from an index alone, before the first report reads millions of rows.
            await raw.execute("VACUUM (ANALYZE)")
            for table in TABLES:
                columns, theirs = plan[table]
                ours = _Checksum()
                async with raw.transaction(readonly=True):
                    query = f"SELECT {', '.join(columns)} FROM {table}"
                    async for row in raw.cursor(query, prefetch=batch):
                        ours.add(row, len(columns))
                same = ours.rows == theirs.rows and ours.hex == theirs.hex
                report.tables.append(TableCopy(table, ours.rows, ours.hex, same))
        return report
    finally:
        await target.close()
        reader.close()


async def _search_index(reader: sqlite3.Connection, raw: asyncpg.Connection, batch: int) -> None:
    """Fill PostgreSQL's search index from the entries' documents as SQLite makes them.

    PostgreSQL's own fold (a `translate` over every accented letter) costs about 0.2 ms an
    entry: minutes for a province, hours for a country. SQLite's is this process's
    `search_words`, the one the typed queries go through, so its documents are read out
    with the rows and only split into words on the server.
    """
    reader.create_function("antt_fold", 1, search_words, deterministic=True)
    await raw.execute("CREATE TEMPORARY TABLE entry_documents (id BIGINT, doc TEXT) ON COMMIT DROP")
    rows = _read(reader, f"SELECT id, {search_document('')} FROM entries", batch)
    await raw.copy_to_table(
        "entry_documents", source=_as_copy(rows, _Checksum()), columns=["id", "doc"], format="text"
    )
    await raw.execute(
        "INSERT INTO entries_search (rowid, words) "
        "SELECT id, to_tsvector('simple', doc) FROM entry_documents"
    )


async def _set_aside(raw: asyncpg.Connection) -> list[str]:
    """Drop the copied tables' foreign keys and secondary indexes; return the statements
    that put them back (read from the server's catalogue, so they are the schema's own)."""
    tables = [*TABLES, "entries_search"]
    keys = await raw.fetch(
        "SELECT conrelid::regclass::text AS owner, quote_ident(conname) AS name, "
        "pg_get_constraintdef(oid) AS definition FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace "
        "AND conrelid::regclass::text = ANY($1::text[])",
        tables,
    )
    indexes = await raw.fetch(
        "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
        "AND k.contype IN ('p', 'u', 'x'))",
        tables,
    )
    for key in keys:
        await raw.execute(f"ALTER TABLE {key['owner']} DROP CONSTRAINT {key['name']}")
    for index in indexes:
        await raw.execute(f"DROP INDEX {index['name']}")
    return [str(i["definition"]) for i in indexes] + [
        f"ALTER TABLE {k['owner']} ADD CONSTRAINT {k['name']} {k['definition']}" for k in keys
    ]


async def _read(reader: sqlite3.Connection, query: str, batch: int) -> AsyncIterator[list[Any]]:
    """Yield a query's rows in batches, each fetched in a thread (the loop keeps going)."""
    cursor = reader.execute(query)
    try:
        while rows := await asyncio.to_thread(cursor.fetchmany, batch):
            yield rows
    finally:
        cursor.close()


async def _as_copy(batches: AsyncIterator[list[Any]], sums: _Checksum) -> AsyncIterator[bytes]:
    """Turn row batches into COPY text, adding each row to the source's checksum."""
    async for rows in batches:
        lines = []
        for row in rows:
            sums.add(row, len(row))
            lines.append("\t".join(_copy_text(v) for v in row))
        yield ("\n".join(lines) + "\n").encode()


async def consistency_problems(db: Database) -> list[str]:
    """Return what is wrong in a database (nothing, when it is consistent)."""
    problems: list[str] = []
    if db.dialect.name == "sqlite":
        row = await db.fetchone("PRAGMA integrity_check")
        if row is None or row[0] != "ok":
            problems.append(f"integrity check: {row[0] if row else 'no answer'}")
        for fk in await db.fetchall("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: a row of {fk[0]} points to a missing {fk[2]}")
    bad = [r[0] for r in await db.fetchall("SELECT code FROM entries") if not CODE.fullmatch(r[0])]
    if bad:
        problems.append(f"{len(bad)} entries with a malformed code, e.g. {bad[0]}")
    behind = await db.fetchall(
        "SELECT c.prefix, c.year, c.last, max(CAST(substr(e.code, 9) AS INTEGER)) AS used "
        "FROM code_counters c JOIN entries e ON substr(e.code, 1, 2) = c.prefix "
        "AND CAST(substr(e.code, 4, 4) AS INTEGER) = c.year "
        "GROUP BY c.prefix, c.year, c.last HAVING max(CAST(substr(e.code, 9) AS INTEGER)) > c.last"
    )
    for r in behind:
        problems.append(
            f"code counter {r[0]}-{r[1]} is at {r[2]} but {r[3]} is used: new codes would repeat"
        )
    missing = await db.fetchone(
        "SELECT count(*) FROM entries e WHERE NOT EXISTS "
        "(SELECT 1 FROM entries_search s WHERE s.rowid = e.id)"
        if db.dialect.name == "postgresql"
        else "SELECT (SELECT count(*) FROM entries) - (SELECT count(*) FROM entries_search_docsize)"
    )
    if missing is not None and int(missing[0]) > 0:
        problems.append(f"{missing[0]} entries missing from the search index")
    orphans = await db.fetchone(
        "SELECT count(*) FROM drafts d WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = "
        "d.person_id)"
    )
    if orphans is not None and int(orphans[0]) > 0:
        problems.append(f"{orphans[0]} drafts of people who do not exist")
    return problems
