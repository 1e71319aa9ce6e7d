"""Audit log, online backup and restore, retention purge."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import backends
import pytest

from bot.cli import main
from bot.clock import ManualClock
from harness import Bench, answer, say
from scheduler.retention import cutoff, purge
from storage.sqlite.maintenance import backup_database, restore_database

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def cli(args: list[str]) -> int:
    """Run the command line as an admin would, beside the running bot."""
    return await asyncio.to_thread(main, args)


def write_config(tmp_path: Path, db: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(backends.storage_toml(db), encoding="utf-8")
    return path


async def file_tip(user, source: str = "Bà Hoa") -> str:  # type: ignore[no-untyped-def]
    await say(user, "/tinbao")
    for text in ["1", "Thấy mua bán"]:
        await say(user, text)
    summary = await say(user, "Chợ")
    prompt = await answer(user, summary, "Thêm ảnh")
    await user.send_photo()
    await user.next_reply()
    summary = await answer(user, prompt, "Xong")
    prompt = await answer(user, summary, "Có người cung cấp tin")
    summary = await say(user, source)
    done = await answer(user, summary, "Gửi")
    return done.all_text.split("Mã số: ")[1].split()[0]


async def test_org_changes_and_views_are_audited(
    bench: Bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = bench.admin()
    await say(admin, "/themxa Xã Quang Trung")
    await say(admin, "/nguoi")
    lines = await bench.store.audit_log()
    assert [(line.event.action, line.event.subject.split(":")[0]) for line in lines] == [
        ("view", "people"),
        ("org", "commune"),
    ]
    assert lines[1].event.detail == "add Xã Quang Trung (01465)"  # with its official code
    assert lines[1].actor_name == "Cán bộ Tỉnh"

    await bench.stop()
    assert await cli(["audit", "--config", str(write_config(tmp_path, bench.db))]) == 0
    out = capsys.readouterr().out
    assert "Cán bộ Tỉnh" in out and "add Xã Quang Trung" in out and "people:all" in out
    assert (
        await cli(["audit", "--config", str(write_config(tmp_path, bench.db)), "--action", "org"])
        == 0
    )
    assert "people:all" not in capsys.readouterr().out


@pytest.mark.sqlite_only  # SQLite's online backup of its file (PostgreSQL: pg_dump)
async def test_backup_while_running_and_restore(bench: Bench, tmp_path: Path) -> None:
    lan = await bench.join("Lan")
    code = await file_tip(lan)
    backup = tmp_path / "backup.sqlite3"

    async def keep_writing() -> None:
        for i in range(20):
            await say(lan, "/cuatoi")
            await asyncio.sleep(0)
            _ = i

    writer = asyncio.create_task(keep_writing())
    version = await backup_database(bench.db, backup)
    await writer
    assert version >= 1
    restored = tmp_path / "restored.sqlite3"
    await restore_database(backup, restored)
    with sqlite3.connect(restored) as db:
        assert db.execute("SELECT code FROM entries").fetchall() == [(code,)]
        assert db.execute("SELECT source FROM tip_sources").fetchall() == [("Bà Hoa",)]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.sqlite_only  # backup and restore copy SQLite's file (PostgreSQL: pg_dump)
async def test_backup_and_restore_commands(
    bench: Bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lan = await bench.join("Lan")
    code = await file_tip(lan)
    config = write_config(tmp_path, bench.db)
    backup = tmp_path / "b.sqlite3"
    assert await cli(["backup", "--config", str(config), "--to", str(backup)]) == 0
    await bench.stop()
    # Closed after (sqlite3's `with` only commits): restore refuses a database left open.
    with contextlib.closing(sqlite3.connect(bench.db)) as db, db:
        db.execute("DELETE FROM tip_sources")
        db.execute("DELETE FROM media")
        db.execute("DELETE FROM entries")
    assert await cli(["restore", str(backup), "--config", str(config)]) == 2
    assert "Stop the bot first" in capsys.readouterr().err
    assert await cli(["restore", str(backup), "--config", str(config), "--yes"]) == 0
    await bench.start()
    assert await bench.store.get_entry(code) is not None


@pytest.mark.sqlite_only  # a damaged SQLite file
async def test_restore_refuses_a_damaged_file(tmp_path: Path) -> None:
    damaged = tmp_path / "bad.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    config = write_config(tmp_path, tmp_path / "x.sqlite3")
    assert await cli(["restore", str(damaged), "--config", str(config), "--yes"]) == 1


def test_cutoff_is_calendar_months_in_local_time() -> None:
    now = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)  # 01/04/2026 01:00 in Vietnam
    assert cutoff(now, 24, TZ) == datetime(2024, 4, 1, tzinfo=TZ)
    assert cutoff(now, 1, TZ) == datetime(2026, 3, 1, tzinfo=TZ)


async def test_retention_purges_old_photos_and_sources_only(bench: Bench) -> None:
    lan = await bench.join("Lan")
    old = await file_tip(lan, "Ông Nông Văn Cũ")
    recent = await file_tip(lan, "Bà Mới")
    async with bench.store.db.write() as conn:
        await conn.execute(
            "UPDATE entries SET created_at = '2023-01-10 03:00:00' WHERE code = ?", (old,)
        )
    clock = ManualClock(datetime(2026, 11, 20, 3, tzinfo=UTC))
    media_dir = bench.settings.storage.media_dir
    done = await purge(bench.store, clock, 24, TZ, media_dir)
    assert done is not None and (done.media, done.sources) == (1, 1)
    old_entry = await bench.store.get_entry(old)
    new_entry = await bench.store.get_entry(recent)
    assert old_entry is not None and new_entry is not None
    assert old_entry.photo_count == 0 and await bench.store.tip_source(old_entry.id) is None
    assert new_entry.photo_count == 1 and await bench.store.tip_source(new_entry.id) == "Bà Mới"
    [line] = await bench.store.audit_log(action="purge")
    assert line.event.detail == "media=1 sources=1 messages=0 drafts=0 updates=0"
    assert await purge(bench.store, clock, 0, TZ, media_dir) is None
    again = await purge(bench.store, clock, 24, TZ, media_dir)
    assert again is not None and (again.media, again.sources) == (0, 0)
    _ = timedelta
