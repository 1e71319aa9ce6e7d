"""`antt-bot db copy` moves a SQLite deployment into PostgreSQL; `db check` checks either."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import backends
import pytest

from bot.cli import main
from bot.devtools.fake_telegram import FakeTelegram
from harness import Bench, answer, say
from storage.postgres import PostgresStore
from storage.sqlite import SqliteStore
from storage.sqlite.migrations import search_document
from storage.transfer import TargetNotEmpty, consistency_problems, copy_to_postgres

pytestmark = pytest.mark.skipif(backends.server() is None, reason="no PostgreSQL server")


async def used_sqlite(fake: FakeTelegram, tmp_path: Path) -> tuple[Path, str]:
    """A SQLite deployment that has been used: a member filed a tip; return it and the code."""
    db = tmp_path / "antt.sqlite3"
    bench = Bench(fake, db)
    await bench.start()
    try:
        await bench.seed()
        lan = await bench.join("Lan")
        offer = await say(lan, "Có người lạ hỏi thăm nhà ông Hoàng")
        await answer(lan, offer, "Đối tượng khả nghi")
        await lan.send_location(22.6657, 106.2570)
        summary = await lan.next_reply()
        done = await answer(lan, summary, "Gửi")
        code = next(w for w in done.all_text.split() if w.startswith("TB-"))
    finally:
        await bench.stop()
    return db, code.strip(".,")


async def empty_postgres() -> str:
    name = f"antt_copy_{secrets.token_hex(6)}"
    dsn = backends.database_dsn(name)
    import asyncpg

    admin = await asyncpg.connect(backends.server())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return dsn


async def test_a_used_deployment_moves_whole_and_a_second_copy_is_refused(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db, code = await used_sqlite(fake, tmp_path)
    dsn = await empty_postgres()
    try:
        report = await copy_to_postgres(db, dsn)
        assert report.ok and report.schema >= 15
        rows = {t.table: t.rows for t in report.tables}
        assert rows["entries"] == 1 and rows["persons"] >= 1 and rows["outbox"] > 0

        # The copy serves as the original did: the entry, its search, its member.
        store = PostgresStore(dsn, min_size=1, max_size=2)
        await store.open()
        try:
            entry = await store.get_entry(code)
            assert entry is not None and "ông Hoàng" in entry.description
            assert await consistency_problems(store.db) == []
            # New rows continue after the copied ids (the sequences were moved on).
            province = await store.ensure_province("Bắc Kạn")
            assert province.id > 1
        finally:
            await store.close()

        with pytest.raises(TargetNotEmpty):
            await copy_to_postgres(db, dsn)
    finally:
        await backends.drop_database(dsn)


SCHEMA_FACTS = (
    "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()",
    "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
    "SELECT tgrelid::regclass::text || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger "
    "WHERE NOT tgisinternal",
)


async def schema_facts(dsn: str) -> list[set[str]]:
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        return [{r[0] for r in await conn.fetch(query)} for query in SCHEMA_FACTS]
    finally:
        await conn.close()


async def test_the_copy_keeps_every_index_key_and_trigger_and_the_search_finds_words(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # The copy sets the keys and indexes aside while the rows go in and builds the search
    # index in one statement: afterwards the schema is the one a new database has.
    db, code = await used_sqlite(fake, tmp_path)
    dsn, fresh = await empty_postgres(), await empty_postgres()
    try:
        await copy_to_postgres(db, dsn)
        store = PostgresStore(fresh, min_size=1, max_size=2)
        await store.open()
        await store.close()
        copied, new = await schema_facts(dsn), await schema_facts(fresh)
        assert copied == new
        assert any("entries_search_words" in i for i in copied[0])
        assert any("FOREIGN KEY" in k for k in copied[1])
        assert "entries entries_search_add O" in copied[2]
        # Folded words, as a member types them without accents, find the copied tip.
        store = PostgresStore(dsn, min_size=1, max_size=2)
        await store.open()
        try:
            async with store.db.pool.acquire() as raw:
                found = await raw.fetch(
                    "SELECT e.code FROM entries_search s JOIN entries e ON e.id = s.rowid "
                    "WHERE s.words @@ to_tsquery('simple', 'hoang & nguoi')"
                )
            assert [r[0] for r in found] == [code]
            # The copied words are those PostgreSQL's own trigger would have made.
            async with store.db.pool.acquire() as raw:
                same = await raw.fetchval(
                    "SELECT bool_and(s.words = to_tsvector('simple', "
                    f"{search_document('e')})) FROM entries e JOIN entries_search s "
                    "ON s.rowid = e.id"
                )
            assert same is True
            # An entry stored after the copy gets its search words from the trigger again.
            async with store.db.pool.acquire() as raw, raw.transaction():
                await raw.execute("CREATE TEMP TABLE later ON COMMIT DROP AS SELECT * FROM entries")
                await raw.execute(
                    "UPDATE later SET id = id + 1000, code = 'TB-2026-000999', draft_id = NULL"
                )
                await raw.execute("INSERT INTO entries SELECT * FROM later")
                words = await raw.fetchval(
                    "SELECT count(*) FROM entries_search "
                    "WHERE words @@ plainto_tsquery('simple', 'tb-2026-000999 hoang')"
                )
            assert words == 1
        finally:
            await store.close()
    finally:
        await backends.drop_database(dsn)
        await backends.drop_database(fresh)


async def test_the_commands_say_what_they_did(
    fake: FakeTelegram, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = await used_sqlite(fake, tmp_path)
    dsn = await empty_postgres()

    async def run(*argv: str) -> int:
        # The command runs its own event loop, as from a shell.
        return await asyncio.to_thread(main, list(argv))

    try:
        assert await run("db", "copy", "--from", str(db), "--to", dsn) == 0
        out = capsys.readouterr().out
        assert "entries" in out and "DIFFERENT" not in out and "copied" in out
        assert await run("db", "copy", "--from", str(db), "--to", dsn) == 1
        assert "not empty" in capsys.readouterr().err
        assert await run("db", "copy", "--from", str(db), "--to", "mysql://x") == 2

        config = tmp_path / "config.toml"
        config.write_text(f'[storage]\nbackend = "postgresql"\ndsn = "{dsn}"\n', encoding="utf-8")
        assert await run("db", "check", "--config", str(config)) == 0
        assert "consistent" in capsys.readouterr().out
    finally:
        await backends.drop_database(dsn)


async def test_what_members_typed_arrives_exactly_tabs_newlines_backslashes_and_blanks(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    # COPY's text format gives tabs, newlines, backslashes and \N a meaning: a description
    # holding them must arrive as typed, and an empty text must stay empty, not NULL.
    db, code = await used_sqlite(fake, tmp_path)
    typed = "Hai người\tlạ\nđi xe máy \\N biển số 29\\A1\r\n«không rõ»"
    lite = SqliteStore(db)
    await lite.open()
    try:
        await lite.db.run_write(
            lambda conn: conn.execute(
                "UPDATE entries SET description = ?, place = '' WHERE code = ?",
                (typed, code),
            )
        )
    finally:
        await lite.close()
    dsn = await empty_postgres()
    try:
        report = await copy_to_postgres(db, dsn, batch=2)
        assert report.ok, [t for t in report.tables if not t.same]
        store = PostgresStore(dsn, min_size=1, max_size=2)
        await store.open()
        try:
            entry = await store.get_entry(code)
            assert entry is not None and entry.description == typed
            row = await store.db.fetchone("SELECT place FROM entries WHERE code = ?", (code,))
            assert row[0] == ""
        finally:
            await store.close()
    finally:
        await backends.drop_database(dsn)
