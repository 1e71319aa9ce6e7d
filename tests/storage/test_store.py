"""The SQLite store: codes, exactly-once submission, invites, the organisation import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import make_store

from bot.domain import Channel, EntryKind, Role
from bot.messages import MediaRef, Outbound
from storage import Conflict, InviteRefused, Store
from storage.models import DraftState, Entry, Invite, NewEntry, OrgRow, Person

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "s.sqlite3")
    await db.open()
    yield db
    await db.close()


async def seeded(store: Store) -> tuple[int, int]:
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", NOW)
    team = await store.add_village_with_team(commune.id, "Thôn Nà Cáp", "village", "Tổ 1")
    return commune.id, team.id


async def member(store: Store, external: str = "1") -> Person:
    commune_id, team_id = await seeded(store) if external == "1" else (1, 1)
    code = f"CODE{external:0>4}"
    await store.create_invite(
        Invite(
            code=code,
            role=Role.MEMBER,
            commune_id=commune_id,
            team_id=team_id,
            created_at=NOW,
            expires_at=NOW + timedelta(days=1),
            max_uses=10,
        )
    )
    redeemed = await store.redeem_invite(
        code,
        channel=Channel.TELEGRAM,
        external_id=external,
        chat_id=external,
        name="Lan",
        language="vi",
        now=NOW,
        inbox_key=None,
        render=lambda r: [],
    )
    assert redeemed.person is not None
    return redeemed.person


def new_entry(person: Person, **changes: object) -> NewEntry:
    base = NewEntry(
        kind=EntryKind.TIP,
        reporter_id=person.id,
        team_id=person.team_id,
        village_id=1,
        commune_id=person.commune_id or 1,
        category="drugs",
        description="Thấy mua bán",
        media=[MediaRef(kind="photo", ref="file-1")],
        created_at=NOW,
        code_year=2026,
        tip_source="Bà Hoa",
    )
    return base.model_copy(update=changes)


async def draft_for(store: Store, person: Person) -> int:
    state = DraftState(
        flow="tip",
        step="category",
        seq=1,
        data={},
        history=[],
        channel=Channel.TELEGRAM,
        chat_id="1",
    )
    await store.save_turn(person.id, state, outbox=[], inbox_key=None, now=NOW)
    draft = await store.get_draft(person.id)
    assert draft is not None
    return draft.id


def confirm(entry: Entry) -> list[Outbound]:
    return [Outbound(channel=Channel.TELEGRAM, chat_id="1", text=f"Mã: {entry.code}")]


async def test_reference_codes_count_per_kind_and_year(store: Store) -> None:
    person = await member(store)
    codes = []
    for kind, year in [
        (EntryKind.TIP, 2026),
        (EntryKind.TIP, 2026),
        (EntryKind.DEED, 2026),
        (EntryKind.TIP, 2027),
    ]:
        draft_id = await draft_for(store, person)
        entry, created = await store.submit_entry(
            new_entry(person, kind=kind, code_year=year),
            draft_id=draft_id,
            channel=Channel.TELEGRAM,
            inbox_key=None,
            render=confirm,
            now=NOW,
        )
        assert created
        codes.append(entry.code)
    assert codes == ["TB-2026-000001", "TB-2026-000002", "VT-2026-000001", "TB-2027-000001"]


async def test_submitting_a_draft_twice_saves_once(store: Store) -> None:
    person = await member(store)
    draft_id = await draft_for(store, person)
    first, created = await store.submit_entry(
        new_entry(person),
        draft_id=draft_id,
        channel=Channel.TELEGRAM,
        inbox_key="tg:1",
        render=confirm,
        now=NOW,
    )
    again, created_again = await store.submit_entry(
        new_entry(person),
        draft_id=draft_id,
        channel=Channel.TELEGRAM,
        inbox_key="tg:2",
        render=confirm,
        now=NOW,
    )
    assert created and not created_again
    assert again.code == first.code
    assert len(await store.entries_by_reporter(person.id)) == 1
    pending = await store.outbox_pending(NOW)
    assert [item.message.text for item in pending] == [f"Mã: {first.code}"]
    assert await store.get_draft(person.id) is None
    assert await store.inbox_is_done("tg:1") and await store.inbox_is_done("tg:2")


async def test_entry_keeps_media_and_confidential_source(store: Store) -> None:
    person = await member(store)
    entry, _ = await store.submit_entry(
        new_entry(person, confidential=True),
        draft_id=await draft_for(store, person),
        channel=Channel.TELEGRAM,
        inbox_key=None,
        render=confirm,
        now=NOW,
    )
    assert entry.photo_count == 1 and entry.confidential
    assert await store.entry_media(entry.id) == [
        MediaRef(kind="photo", ref="file-1", channel=Channel.TELEGRAM)
    ]
    assert await store.tip_source(entry.id) == "Bà Hoa"


async def test_a_failed_render_saves_nothing(store: Store) -> None:
    person = await member(store)
    draft_id = await draft_for(store, person)

    def broken(entry: Entry) -> list[Outbound]:
        raise RuntimeError("render failed")

    with pytest.raises(RuntimeError):
        await store.submit_entry(
            new_entry(person),
            draft_id=draft_id,
            channel=Channel.TELEGRAM,
            inbox_key=None,
            render=broken,
            now=NOW,
        )
    assert await store.entries_by_reporter(person.id) == []
    assert await store.get_draft(person.id) is not None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"expires_at": NOW - timedelta(seconds=1)}, "expired"),
        ({"max_uses": 1, "uses": 1}, "used_up"),
        ({"revoked_at": NOW}, "revoked"),
    ],
)
async def test_invites_refuse_when_not_usable(
    store: Store, change: dict[str, object], reason: str
) -> None:
    commune_id, team_id = await seeded(store)
    invite = Invite(
        code="ABCDEFGH",
        role=Role.MEMBER,
        commune_id=commune_id,
        team_id=team_id,
        created_at=NOW - timedelta(days=2),
        expires_at=NOW + timedelta(days=1),
        max_uses=3,
    )
    await store.create_invite(invite)
    if "revoked_at" in change:
        await store.withdraw_invite(
            "ABCDEFGH", by=None, now=NOW, render=lambda _: [], audit=lambda _: []
        )
    elif "uses" in change:
        await store.redeem_invite(
            "ABCDEFGH",
            channel=Channel.TELEGRAM,
            external_id="9",
            chat_id="9",
            name="A",
            language="vi",
            now=NOW,
            inbox_key=None,
            render=lambda r: [],
        )
        # Revoking a code nobody made changes nothing (and says so).
        unknown = await store.withdraw_invite(
            "XXXX", by=None, now=NOW, render=lambda _: [], audit=lambda _: []
        )
        assert unknown is None
        async with store.db.write() as conn:
            await conn.execute("UPDATE invites SET max_uses = 1")
    else:
        async with store.db.write() as conn:
            await conn.execute("UPDATE invites SET expires_at = '2026-11-20 02:59:59'")
    with pytest.raises(InviteRefused) as caught:
        await store.redeem_invite(
            "ABCDEFGH",
            channel=Channel.TELEGRAM,
            external_id="10",
            chat_id="10",
            name="B",
            language="vi",
            now=NOW,
            inbox_key=None,
            render=lambda r: [],
        )
    assert caught.value.reason == reason
    assert await store.person_by_identity(Channel.TELEGRAM, "10") is None


async def test_unknown_invite(store: Store) -> None:
    with pytest.raises(InviteRefused) as caught:
        await store.redeem_invite(
            "NOPE2345",
            channel=Channel.TELEGRAM,
            external_id="1",
            chat_id="1",
            name="A",
            language="vi",
            now=NOW,
            inbox_key=None,
            render=lambda r: [],
        )
    assert caught.value.reason == "not_found"


async def test_org_import_is_all_or_nothing(store: Store) -> None:
    rows = [
        OrgRow(line=2, commune="Xã Hòa An", village="Thôn Nà Cáp", team="Tổ 1"),
        OrgRow(line=3, commune="xã hòa an", village="Thôn Bản Giới", team="Tổ 2"),
        OrgRow(
            line=4,
            commune="Phường Sông Hiến",
            village="Tổ dân phố 1",
            kind="residential_group",
            team="Tổ 3",
        ),
    ]
    counts = await store.import_org("Cao Bằng", rows, NOW)
    assert counts == {"communes": 2, "villages": 3, "teams": 3}
    assert [c.name for c in await store.list_communes()] == ["Phường Sông Hiến", "Xã Hòa An"]
    again = await store.import_org("Cao Bằng", rows, NOW)
    assert again == {"communes": 0, "villages": 0, "teams": 0}

    bad = [*rows, OrgRow(line=5, commune="Xã Mới", village="Thôn A", kind="bogus", team="T")]
    with pytest.raises(Exception):  # noqa: B017 - the CHECK constraint, whatever the driver says
        await store.import_org("Cao Bằng", bad, NOW)
    assert "Xã Mới" not in [c.name for c in await store.list_communes()]


async def test_duplicate_commune_conflicts(store: Store) -> None:
    province = await store.ensure_province("Cao Bằng")
    await store.add_commune(province.id, "Xã Hòa An", NOW)
    with pytest.raises(Conflict):
        await store.add_commune(province.id, "  xã  HÒA AN ", NOW)


async def test_writes_from_many_tasks_do_not_interleave(store: Store) -> None:
    person = await member(store)

    async def one(i: int) -> None:
        await store.send(
            [Outbound(channel=Channel.TELEGRAM, chat_id="1", text=str(i))], NOW, inbox_key=f"tg:{i}"
        )

    await asyncio.gather(*(one(i) for i in range(50)))
    assert len(await store.outbox_pending(NOW, limit=100)) == 50
    assert person.role == Role.MEMBER
