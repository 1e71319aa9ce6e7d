"""Police storage: safe status changes, alert lookups, per-chat digest keys, SQL aggregates."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import bulk_entries, make_store

from bot.domain import Channel, EntryKind, EntryStatus, Role
from bot.messages import Outbound
from storage import Store
from storage.models import Invite, NewEntry, ReportScope, StatusChange, Team
from storage.sql.police import key_range
from storage.sqlite.bulk import entry_tuple

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "s.sqlite3")
    await db.open()
    yield db
    await db.close()


async def org(store: Store) -> tuple[Team, Team]:
    province = await store.ensure_province("Cao Bằng")
    a = await store.add_commune(province.id, "Xã Hòa An", NOW)
    b = await store.add_commune(province.id, "Xã Nguyên Bình", NOW)
    team_a = await store.add_village_with_team(a.id, "Thôn Nà Cáp", "village", "Tổ A")
    team_b = await store.add_village_with_team(b.id, "Bản Chang", "village", "Tổ B")
    return team_a, team_b


async def officer(store: Store, commune_id: int, external: str) -> int:
    await store.create_invite(
        Invite(
            code=f"POL{external:0>5}",
            role=Role.POLICE,
            approval="none",  # seeded directly; approvals are tested on their own
            commune_id=commune_id,
            created_at=NOW,
            expires_at=NOW + timedelta(days=1),
            max_uses=1,
        )
    )
    person = await store.redeem_invite(
        f"POL{external:0>5}",
        channel=Channel.TELEGRAM,
        external_id=external,
        chat_id=external,
        name=f"Cán bộ {external}",
        language="vi",
        now=NOW,
        inbox_key=None,
        render=lambda r: [],
    )
    assert person.person is not None
    return person.person.id


def tip(team: Team, created: datetime, **fields: object) -> NewEntry:
    values: dict[str, object] = {
        "kind": EntryKind.TIP,
        "reporter_id": None,
        "team_id": team.id,
        "village_id": team.village_id,
        "commune_id": team.commune_id,
        "category": "drugs",
        "description": "Tin mẫu",
        "created_at": created,
        "code_year": created.year,
    }
    values.update(fields)
    return NewEntry.model_validate(values)


async def test_second_officer_finds_nothing_to_change(store: Store, tmp_path: Path) -> None:
    team_a, _ = await org(store)
    await bulk_entries(store, [entry_tuple(tip(team_a, NOW), "TB-2026-000001")])
    entry = await store.get_entry("TB-2026-000001")
    assert entry is not None
    first = await officer(store, team_a.commune_id, "11")
    second = await officer(store, team_a.commune_id, "12")

    def change(person: int) -> StatusChange:
        return StatusChange(
            entry_id=entry.id,
            action="take",
            expect_status=frozenset({EntryStatus.NEW}),
            expect_commune_id=team_a.commune_id,
            status=EntryStatus.TAKEN,
            commune_id=team_a.commune_id,
            person_id=person,
            created_at=NOW,
        )

    def notice(saved: object, event: object) -> list[Outbound]:
        return [Outbound(channel=Channel.TELEGRAM, chat_id="1", text="đã tiếp nhận")]

    done = await store.change_entry_status(change(first), inbox_key="tg:1", render=notice)
    assert done is not None and done[0].status == EntryStatus.TAKEN
    assert done[1].person_name == "Cán bộ 11"
    again = await store.change_entry_status(change(second), inbox_key="tg:2", render=notice)
    assert again is None
    events = await store.entry_events(entry.id)
    assert [(e.action, e.person_id) for e in events] == [("take", first)]
    pending = await store.outbox_pending(NOW)
    assert [p.message.text for p in pending] == ["đã tiếp nhận"]
    assert await store.inbox_is_done("tg:1") and not await store.inbox_is_done("tg:2")


async def test_a_forwarded_entry_cannot_be_changed_by_its_old_commune(
    store: Store, tmp_path: Path
) -> None:
    team_a, team_b = await org(store)
    await bulk_entries(store, [entry_tuple(tip(team_a, NOW), "TB-2026-000001")])
    entry = await store.get_entry("TB-2026-000001")
    assert entry is not None
    person = await officer(store, team_a.commune_id, "11")
    moved = await store.change_entry_status(
        StatusChange(
            entry_id=entry.id,
            action="forward",
            expect_status=frozenset({EntryStatus.NEW, EntryStatus.TAKEN}),
            expect_commune_id=team_a.commune_id,
            status=EntryStatus.FORWARDED,
            commune_id=team_b.commune_id,
            person_id=person,
            created_at=NOW,
        ),
        inbox_key=None,
        render=lambda saved, event: [],
    )
    assert moved is not None and moved[1].to_commune_name == "Xã Nguyên Bình"
    stale = await store.change_entry_status(
        StatusChange(
            entry_id=entry.id,
            action="handle",
            expect_status=frozenset({EntryStatus.FORWARDED}),
            expect_commune_id=team_a.commune_id,
            status=EntryStatus.HANDLED,
            commune_id=team_a.commune_id,
            person_id=person,
            created_at=NOW,
        ),
        inbox_key=None,
        render=lambda saved, event: [],
    )
    assert stale is None
    fresh = await store.get_entry_by_id(entry.id)
    assert fresh is not None and fresh.commune_id == team_b.commune_id


async def test_a_digest_in_parts_is_queued_whole_and_once(store: Store) -> None:
    parts = [
        Outbound(channel=Channel.TELEGRAM, chat_id=chat, text=f"phần {i}")
        for chat in ("-1", "-2")
        for i in (1, 2, 3)
    ]
    assert await store.send(parts, NOW, dedupe_key="digest:daily:1:2026-11-20") == 6
    assert await store.send(parts, NOW, dedupe_key="digest:daily:1:2026-11-20") == 0
    pending = await store.outbox_pending(NOW)
    assert [(p.chat_id, p.message.text) for p in pending] == [(m.chat_id, m.text) for m in parts]
    assert {p.dedupe_key for p in pending if p.chat_id == "-1"} == {
        "digest:daily:1:2026-11-20",
        "digest:daily:1:2026-11-20#2",
        "digest:daily:1:2026-11-20#3",
    }


async def test_alert_copies_are_found_by_their_key_once_sent(store: Store) -> None:
    alerts = [
        Outbound(channel=Channel.TELEGRAM, chat_id="-1", text="a", key="alert:7:1:0"),
        Outbound(channel=Channel.TELEGRAM, chat_id="-2", text="b", key="alert:7:2:1"),
        Outbound(channel=Channel.TELEGRAM, chat_id="-1", text="c", key="alert:70:1:0"),
    ]
    await store.send(alerts, NOW)
    for item in await store.outbox_pending(NOW):
        await store.outbox_sent(item.id, str(100 + item.id), NOW)
    found = await store.sent_with_key_prefix("alert:7:")
    assert [(f.chat_id, f.key) for f in found] == [("-1", "alert:7:1:0"), ("-2", "alert:7:2:1")]
    assert key_range("alert:7:") == ("alert:7:", "alert:7;")


async def test_aggregates_count_in_sql_and_stay_in_scope(store: Store, tmp_path: Path) -> None:
    team_a, team_b = await org(store)
    rows = []
    for day in range(40):
        created = NOW - timedelta(days=day)
        rows.append(entry_tuple(tip(team_a, created), f"TB-2026-{day + 1:06d}"))
        rows.append(
            entry_tuple(
                tip(team_b, created, kind=EntryKind.DEED, category="danger"),
                f"VT-2026-{day + 1:06d}",
            )
        )
    await bulk_entries(store, rows)
    province = await store.ensure_province("Cao Bằng")
    scope_a = ReportScope(province_id=province.id, commune_id=team_a.commune_id)
    start, end = NOW - timedelta(days=30), NOW + timedelta(seconds=1)
    aggregates = await store.report_aggregates(scope_a, start, end, 420)
    assert sum(g.count for g in aggregates.groups) == 31
    assert {g.kind for g in aggregates.groups} == {EntryKind.TIP}
    assert [(p.village_name, p.count) for p in aggregates.places] == [("Thôn Nà Cáp", 31)]
    whole = await store.report_aggregates(ReportScope(province_id=province.id), start, end, 420)
    assert sum(g.count for g in whole.groups) == 62
    assert {m.team_id: m.months for m in whole.team_months} == {team_b.id: 2}

    # An export pages through every row, in order, without repeating or skipping.
    seen: list[str] = []
    after = None
    while page := await store.export_entries(
        scope_a, EntryKind.TIP, start, end, after=after, limit=7
    ):
        seen += [r.code for r in page]
        after = (page[-1].created_at, page[-1].id)
    assert len(seen) == len(set(seen)) == 31
    assert all(code.startswith("TB-") for code in seen)


async def test_the_code_counter_continues_after_bulk_loaded_codes(
    store: Store, tmp_path: Path
) -> None:
    team_a, _ = await org(store)
    await bulk_entries(store, [entry_tuple(tip(team_a, NOW), "TB-2026-000041")])
    entry, created = await store.submit_entry(
        tip(team_a, NOW),
        draft_id=1,
        channel=Channel.TELEGRAM,
        inbox_key=None,
        render=lambda e: [],
        now=NOW,
    )
    assert created and entry.code == "TB-2026-000042"
