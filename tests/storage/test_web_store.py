"""Web workspace storage: the inbox's search and pages, map points, links and sessions."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import bulk_entries, make_store

from bot.domain import Channel, EntryKind, EntryStatus, Role
from bot.messages import Location
from storage import Store
from storage.models import (
    Doer,
    DraftState,
    InboxQuery,
    Invite,
    NewEntry,
    StatusChange,
    Team,
    WebSession,
    WebToken,
)
from storage.names import search_words
from storage.sqlite.bulk import entry_tuple

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "w.sqlite3")
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


def entry(team: Team, text: str, minutes: int, **extra: object) -> NewEntry:
    return NewEntry(
        kind=EntryKind.TIP,
        reporter_id=None,
        team_id=team.id,
        village_id=team.village_id,
        commune_id=team.commune_id,
        category="theft",
        description=text,
        created_at=NOW - timedelta(minutes=minutes),
        code_year=2026,
        **extra,  # type: ignore[arg-type]
    )


async def test_words_are_found_without_accents_within_the_commune(
    store: Store, tmp_path: Path
) -> None:
    team_a, team_b = await org(store)
    rows = [
        entry_tuple(entry(team_a, "Mất trộm hai con gà", 30), "TB-2026-000001"),
        entry_tuple(entry(team_a, "Đường trơn, xe máy ngã", 20), "TB-2026-000002"),
        entry_tuple(entry(team_b, "Trộm gà ở bản Chang", 10), "TB-2026-000003"),
    ]
    await bulk_entries(store, rows)
    a = team_a.commune_id

    async def codes(words: str, communes: list[int] | None = None) -> list[str]:
        page = await store.inbox_entries(
            InboxQuery(commune_ids=communes, words=search_words(words).split())
        )
        return [r.code for r in page.rows]

    assert await codes("trom ga", [a]) == ["TB-2026-000001"]
    assert await codes("TRỘM GÀ") == ["TB-2026-000003", "TB-2026-000001"]
    assert await codes("duong", [a]) == ["TB-2026-000002"]  # đ → d
    assert await codes("tro", [a]) == ["TB-2026-000002", "TB-2026-000001"]  # prefixes
    assert await codes('"ga" OR x', [a]) == []  # FTS syntax is taken as words
    # Forwarded to commune B, the tip is found in B's search and no longer in A's.
    admin = await store.ensure_admin(Channel.TELEGRAM, "9", "9", "Quản trị", "vi", NOW)
    moved = await store.change_entry_status(
        StatusChange(
            entry_id=1,
            action="forward",
            expect_status=frozenset({EntryStatus.NEW}),
            expect_commune_id=a,
            status=EntryStatus.FORWARDED,
            commune_id=team_b.commune_id,
            person_id=admin.id,
            created_at=NOW,
        ),
        inbox_key=None,
        render=lambda e, ev: [],
    )
    assert moved is not None
    assert await codes("trom ga", [a]) == []
    assert await codes("trom ga", [team_b.commune_id]) == ["TB-2026-000003", "TB-2026-000001"]


async def test_pages_follow_each_other_without_gaps_or_repeats(store: Store) -> None:
    team_a, _ = await org(store)
    # Several entries filed in the same second: ties are broken by id.
    rows = [
        entry_tuple(entry(team_a, f"Tin số {i}", i // 3), f"TB-2026-{i + 1:06d}") for i in range(23)
    ]
    await bulk_entries(store, rows)
    seen: list[str] = []
    before = None
    while True:
        page = await store.inbox_entries(
            InboxQuery(commune_ids=[team_a.commune_id], before=before, limit=5)
        )
        assert page.total == 23
        seen += [r.code for r in page.rows]
        if page.next_before is None:
            break
        before = page.next_before
    assert len(seen) == 23 and len(set(seen)) == 23


async def test_map_points_are_the_located_entries_of_the_period(store: Store) -> None:
    team_a, team_b = await org(store)
    here = Location(lat=22.75, lon=106.18)
    rows = [
        entry_tuple(entry(team_a, "có vị trí", 10, location=here), "TB-2026-000001"),
        entry_tuple(entry(team_a, "không vị trí", 10), "TB-2026-000002"),
        entry_tuple(entry(team_b, "xã khác", 10, location=here), "TB-2026-000003"),
        entry_tuple(entry(team_a, "năm trước", 60 * 24 * 400, location=here), "TB-2025-000001"),
    ]
    await bulk_entries(store, rows)
    layer = await store.map_points(
        [team_a.commune_id], NOW - timedelta(days=30), NOW + timedelta(minutes=1)
    )
    assert json.loads(layer.points_json) == [[22.75, 106.18, 0, "TB-2026-000001", "new"]]
    assert layer.shown == layer.total == 1
    assert layer.villages == [(team_a.village_id, 22.75, 106.18)]


async def test_a_link_opens_one_session_once(store: Store) -> None:
    await org(store)
    admin = await store.ensure_admin(Channel.TELEGRAM, "9", "9", "Quản trị", "vi", NOW)
    token = WebToken(
        person_id=admin.id,
        channel=Channel.TELEGRAM,
        chat_id="9",
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=10),
    )
    await store.create_web_token("h1", token, outbox=[], inbox_key=None)

    def session(name: str) -> WebSession:
        return WebSession(
            id_hash=name,
            person_id=admin.id,
            csrf="c",
            via="link",
            created_at=NOW,
            last_seen_at=NOW,
            expires_at=NOW + timedelta(hours=1),
        )

    assert await store.redeem_web_token("h1", session("s1"), outbox=[])
    assert not await store.redeem_web_token("h1", session("s2"), outbox=[])
    assert await store.web_session("s2") is None
    opened = await store.web_session("s1")
    assert opened is not None and opened.ended_at is None
    ended = await store.end_web_sessions(admin.id, NOW, render=lambda n: [])
    assert ended == 1
    closed = await store.web_session("s1")
    assert closed is not None and closed.ended_at is not None


async def test_a_good_deed_is_found_by_its_doers_names(store: Store) -> None:
    team_a, _ = await org(store)
    await store.create_invite(
        Invite(
            code="MEMBER23",
            role=Role.MEMBER,
            commune_id=team_a.commune_id,
            team_id=team_a.id,
            created_at=NOW,
            expires_at=NOW + timedelta(days=1),
            max_uses=5,
        )
    )
    joined = await store.redeem_invite(
        "MEMBER23",
        channel=Channel.TELEGRAM,
        external_id="1",
        chat_id="1",
        name="Nông Thị Lan",
        language="vi",
        now=NOW,
        inbox_key=None,
        render=lambda r: [],
    )
    assert joined.person is not None
    draft = DraftState(
        flow="deed", step="x", seq=1, data={}, history=[], channel=Channel.TELEGRAM, chat_id="1"
    )
    await store.save_turn(joined.person.id, draft, outbox=[], inbox_key=None, now=NOW)
    saved = await store.get_draft(joined.person.id)
    assert saved is not None
    deed = entry(team_a, "Hòa giải hai nhà", 5).model_copy(
        update={
            "kind": EntryKind.DEED,
            "category": "mediation",
            "doers": [Doer(person_id=joined.person.id), Doer(name="Ông Hoàng Văn Páo")],
        }
    )
    stored, _ = await store.submit_entry(
        deed,
        draft_id=saved.id,
        channel=Channel.TELEGRAM,
        inbox_key=None,
        render=lambda e: [],
        now=NOW,
    )
    assert stored.doers == "Nông Thị Lan, Ông Hoàng Văn Páo"
    for words in ("nong thi lan", "hoang van pao"):
        page = await store.inbox_entries(
            InboxQuery(commune_ids=[team_a.commune_id], words=search_words(words).split())
        )
        assert [r.code for r in page.rows] == [stored.code], words
