"""Faults the machine can throw at the bot: a full disk, a log to search for secrets."""

from __future__ import annotations

import io
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from bot.cli import quiet_noisy_loggers
from storage.sqlite import SqliteStore
from storage.sqlite.db import _in_thread, _raw

STAMP = "2000-01-01T00:00:00+00:00"
#: SQLite's own limit: the file may grow this far (i.e. no limit to speak of).
NO_LIMIT = 1_073_741_823


def _until_full(conn: sqlite3.Connection, sql: str, params: list[object], sizes: list[int]) -> None:
    """Insert rows of shrinking sizes until even the smallest does not fit."""
    n = 0
    for size in sizes:
        while True:
            try:
                conn.execute(sql, [p if p != "SIZE" else size for p in params] + [n])
            except sqlite3.OperationalError as exc:
                assert exc.sqlite_errorcode == sqlite3.SQLITE_FULL, exc
                break
            n += 1


async def fill_disk(store: SqliteStore, *, room_for_updates: bool = False) -> None:
    """Make the database's disk full, as the real thing is: every write that needs room
    fails with SQLite's own "database or disk is full" (SQLITE_FULL), while reads and
    writes that fit where they are still work.

    `PRAGMA max_page_count` caps the file at its size (on the bot's writer connection);
    filler rows then take the room left in the free pages and in the last pages of the
    inbox and the outbox. With `room_for_updates` a hole is left in the inbox, so an
    update can still be stored but the writes its handling needs (the replies) can't.
    Call it with the outbox idle: a delivery marked later blanks its row and frees room,
    as it would on a real disk.
    """

    def fill(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS test_disk_filler (b BLOB, n INTEGER)")
        if room_for_updates:
            conn.execute(
                "INSERT INTO inbox (key, channel, payload, received_at, done_at) "
                "VALUES ('test:room', '', ?, ?, ?)",
                ("x" * 3000, STAMP, STAMP),
            )
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        sizes = [4000, 1000, 200, 50, 10, 1]
        _until_full(conn, "INSERT INTO test_disk_filler VALUES (randomblob(?), ?)", ["SIZE"], sizes)
        _until_full(
            conn,
            "INSERT INTO outbox (channel, chat_id, payload, created_at, sent_at) "
            f"VALUES ('test', 'filler', hex(randomblob(?)) || ?, '{STAMP}', '{STAMP}')",
            ["SIZE"],
            [500, 100, 20, 1],
        )
        if room_for_updates:
            conn.execute("DELETE FROM inbox WHERE key = 'test:room'")
        else:
            _until_full(
                conn,
                "INSERT INTO inbox (key, channel, payload, received_at, done_at) "
                f"VALUES ('test:' || hex(randomblob(?)) || ?, '', NULL, '{STAMP}', '{STAMP}')",
                ["SIZE"],
                [200, 20, 1],
            )

    await _run_on_writer(store, fill)


async def free_disk(store: SqliteStore) -> None:
    """Give the database its room back (someone deleted old files)."""
    await _run_on_writer(
        store, lambda conn: conn.execute(f"PRAGMA max_page_count = {NO_LIMIT}").fetchall()
    )


async def _run_on_writer(store: SqliteStore, work: object) -> None:
    db = store.db
    writer = db.writer
    async with db._lock:
        await _in_thread(writer, lambda: work(_raw(writer)))  # type: ignore[operator]


@contextmanager
def captured_log() -> Iterator[io.StringIO]:
    """Capture everything logged (DEBUG and up), with the libraries kept at WARNING as
    `antt-bot run` keeps them, but without its masking filter: what the bot writes must
    be clean by itself."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet_noisy_loggers()
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
