"""Schema versions: a newer bot upgrades an older database; an older bot refuses a newer one."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.errors import StorageError
from storage.sqlite.db import Database, schema_version
from storage.sqlite.migrations import MIGRATIONS, Migration

# SQLite's own behaviour (its file, lock or migrations): not run on PostgreSQL.
pytestmark = pytest.mark.sqlite_only


async def test_older_database_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    await old.open(MIGRATIONS[:1])
    async with old.write() as conn:
        await conn.execute("INSERT INTO provinces (name, name_key) VALUES ('Cao Bằng', 'cao bằng')")
    await old.close()

    later = Migration(
        MIGRATIONS[-1].version + 1,
        "test: add a column",
        "ALTER TABLE provinces ADD COLUMN test_note TEXT NOT NULL DEFAULT '';",
    )
    new = Database(path)
    await new.open((*MIGRATIONS, later))
    assert await schema_version(new.writer) == later.version
    row = await new.fetchone("SELECT name, test_note FROM provinces")
    assert row is not None and row["name"] == "Cao Bằng" and row["test_note"] == ""
    await new.close()


async def test_every_migration_applies_in_order(tmp_path: Path) -> None:
    db = Database(tmp_path / "fresh.sqlite3")
    await db.open()
    assert await schema_version(db.writer) == MIGRATIONS[-1].version
    await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    db = Database(path)
    await db.open()
    await db.writer.execute("PRAGMA user_version = 999")
    await db.close()
    with pytest.raises(StorageError, match="newer than this bot"):
        await Database(path).open()


async def test_failed_migration_leaves_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    db = Database(path)
    await db.open()
    await db.close()
    broken = Migration(MIGRATIONS[-1].version + 1, "broken", "CREATE TABLE x (a); SELECT nope();")
    db = Database(path)
    with pytest.raises(StorageError, match="broken"):
        await db.open((*MIGRATIONS, broken))
    db = Database(path)
    await db.open()
    assert await schema_version(db.writer) == MIGRATIONS[-1].version
    assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 'x'") is None
    await db.close()


async def test_old_good_deeds_get_people_and_old_police_invites_need_approval(
    tmp_path: Path,
) -> None:
    path = tmp_path / "before-names.sqlite3"
    old = Database(path)
    # Every migration before real names (numbers move when branches merge; names don't).
    names = [m.name for m in MIGRATIONS].index("real names; good deeds' doers as people")
    await old.open(MIGRATIONS[:names])
    await old.writer.executescript(
        """
            INSERT INTO provinces (name, name_key) VALUES ('Cao Bằng', 'cao bằng');
            INSERT INTO communes (province_id, name, name_key, created_at)
                VALUES (1, 'Xã Hòa An', 'xã hòa an', '2026-01-01 00:00:00');
            INSERT INTO villages (commune_id, name, name_key) VALUES (1, 'Thôn Nà Cáp', 'nà cáp');
            INSERT INTO teams (village_id, name, name_key) VALUES (1, 'Tổ 1', 'tổ 1');
            INSERT INTO persons (name, role, team_id, commune_id, created_at) VALUES
                ('Lan', 'member', 1, 1, '2026-01-01 00:00:00'),
                ('Hùng', 'leader', 1, 1, '2026-01-01 00:00:00'),
                ('Mới', 'member', 1, 1, '2026-06-01 00:00:00');
            INSERT INTO entries (code, kind, reporter_id, team_id, village_id, commune_id,
                category, description, doers, created_at, updated_at) VALUES
                ('VT-2026-000001', 'deed', 1, 1, 1, 1, 'danger', 'a', '🙋 Tôi',
                 '2026-03-01 00:00:00', '2026-03-01 00:00:00'),
                ('VT-2026-000002', 'deed', 1, 1, 1, 1, 'danger', 'b', '👥 Cả tổ',
                 '2026-03-01 00:00:00', '2026-03-01 00:00:00'),
                ('VT-2026-000003', 'deed', 2, 1, 1, 1, 'danger', 'c', 'Lan, Hùng và bà Mai',
                 '2026-03-01 00:00:00', '2026-03-01 00:00:00');
            INSERT INTO invites (code, role, commune_id, created_at, expires_at, max_uses)
                VALUES ('POLICE23', 'police', 1, '2026-01-01 00:00:00', '2099-01-01 00:00:00', 30);
            """
    )
    await old.close()

    db = Database(path)
    await db.open()
    rows = await db.fetchall(
        "SELECT e.code, COALESCE(p.name, d.name) AS who FROM deed_doers d "
        "JOIN entries e ON e.id = d.entry_id LEFT JOIN persons p ON p.id = d.person_id "
        "ORDER BY e.code, d.id"
    )
    doers: dict[str, list[str]] = {}
    for r in rows:
        doers.setdefault(r["code"], []).append(r["who"])
    # The button words became the reporter and the team of that day (not "Mới", who came
    # later); typed names were matched to members or kept as residents.
    assert doers == {
        "VT-2026-000001": ["Lan"],
        "VT-2026-000002": ["Lan", "Hùng"],
        "VT-2026-000003": ["Lan", "Hùng", "bà Mai"],
    }
    invite = await db.fetchone("SELECT approval FROM invites WHERE code = 'POLICE23'")
    assert invite is not None and invite["approval"] == "admin"
    person = await db.fetchone("SELECT profile_name, name_asked_at FROM persons WHERE id = 1")
    assert (
        person is not None and person["profile_name"] == "Lan" and person["name_asked_at"] is None
    )
    await db.close()


async def test_join_requests_keep_their_decisions_when_cancelling_is_added(
    tmp_path: Path,
) -> None:
    path = tmp_path / "before-cancel.sqlite3"
    old = Database(path)
    step = [m.name for m in MIGRATIONS].index("revoked invites cancel their open requests")
    await old.open(MIGRATIONS[:step])
    await old.writer.executescript(
        """
            INSERT INTO provinces (name, name_key) VALUES ('Cao Bằng', 'cao bằng');
            INSERT INTO communes (province_id, name, name_key, created_at)
                VALUES (1, 'Xã Hòa An', 'xã hòa an', '2026-01-01 00:00:00');
            INSERT INTO invites (code, role, commune_id, created_at, expires_at, max_uses,
                approval) VALUES ('POLICE23', 'police', 1, '2026-01-01 00:00:00',
                '2099-01-01 00:00:00', 3, 'admin');
            INSERT INTO join_requests (invite_code, channel, external_id, chat_id, name,
                username, requested_at, decided_at, decision) VALUES
                ('POLICE23', 'telegram', '1', '1', 'Kẻ Lạ', 'kela99', '2026-01-02 00:00:00',
                 '2026-01-02 01:00:00', 'refused'),
                ('POLICE23', 'zalo', 'z2', 'z2', 'Hải', '', '2026-01-03 00:00:00', NULL, NULL);
            """
    )
    await old.close()

    db = Database(path)
    await db.open()
    rows = await db.fetchall(
        "SELECT id, name, username, channel, decision FROM join_requests ORDER BY id"
    )
    assert [tuple(r) for r in rows] == [
        (1, "Kẻ Lạ", "kela99", "telegram", "refused"),
        (2, "Hải", "", "zalo", None),
    ]
    async with db.write() as conn:
        await conn.execute("UPDATE join_requests SET decision = 'cancelled' WHERE id = 2")
        # Still one open request per account.
        await conn.execute(
            "INSERT INTO join_requests (invite_code, channel, external_id, chat_id, name, "
            "requested_at) VALUES ('POLICE23', 'zalo', 'z3', 'z3', 'Ba', '2026-01-04 00:00:00')"
        )
        with pytest.raises(Exception, match="UNIQUE"):
            await conn.execute(
                "INSERT INTO join_requests (invite_code, channel, external_id, chat_id, name, "
                "requested_at) VALUES ('POLICE23', 'zalo', 'z3', 'z3', 'Ba', "
                "'2026-01-05 00:00:00')"
            )
    await db.close()
