"""Zalo-first storage (issue 13): a group stands in for the officers' own chats, short
numbers per chat, the quoted message's key, a lost group given up in one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import bulk_entries, make_store

from bot.domain import Channel, EntryKind, EntryStatus
from bot.messages import Outbound
from storage import Store
from storage.models import NewEntry, OutboxItem, PoliceChat, Team
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


def tip(team: Team) -> NewEntry:
    return NewEntry(
        kind=EntryKind.TIP,
        reporter_id=None,
        team_id=team.id,
        village_id=team.village_id,
        commune_id=team.commune_id,
        category="drugs",
        description="Tin mẫu",
        created_at=NOW,
        code_year=NOW.year,
    )


async def zalo_officer_chat(store: Store, commune_id: int, chat_id: str) -> None:
    """Register an officer's own Zalo chat as a police chat (as joining on Zalo does)."""
    async with store.db.write() as conn:
        await conn.execute(
            "INSERT INTO persons (name, role, commune_id, language, created_at) "
            "VALUES ('Minh', 'police', ?, 'vi', '2026-11-20 03:00:00')",
            (commune_id,),
        )
        await conn.execute(
            "INSERT INTO police_chats (channel, chat_id, commune_id, title, linked_at, "
            "person_id) VALUES ('zalo', ?, ?, 'Minh', '2026-11-20 03:00:00', "
            "(SELECT max(id) FROM persons))",
            (chat_id, commune_id),
        )


async def test_a_zalo_group_stands_in_for_the_officers_own_chats(store: Store) -> None:
    team_a, team_b = await org(store)
    a = team_a.commune_id
    await zalo_officer_chat(store, a, "officer-a")
    await zalo_officer_chat(store, team_b.commune_id, "officer-b")

    def where(chats: list[PoliceChat]) -> list[tuple[Channel, str]]:
        return [(c.channel, c.chat_id) for c in chats]

    assert where(await store.police_chats(a)) == [(Channel.ZALO, "officer-a")]
    await store.link_police_chat(Channel.TELEGRAM, "-100", a, "Nhóm Telegram", 1, NOW)
    # A Telegram group does not stand in for Zalo officers: they read Zalo.
    assert where(await store.police_chats(a)) == [
        (Channel.ZALO, "officer-a"),
        (Channel.TELEGRAM, "-100"),
    ]
    await store.link_police_chat(Channel.ZALO, "group-a", a, "", 1, NOW)
    assert where(await store.police_chats(a)) == [
        (Channel.TELEGRAM, "-100"),
        (Channel.ZALO, "group-a"),
    ]
    everyone = where(await store.all_police_chats())
    assert (Channel.ZALO, "officer-a") not in everyone
    assert (Channel.ZALO, "officer-b") in everyone  # commune B has no group
    # The officer's own chat is still known as what it is (answers there stay private).
    own = await store.police_chat(Channel.ZALO, "officer-a")
    assert own is not None and own.person_id is not None


async def test_each_chat_numbers_its_open_entries_and_reuses_a_number_only_later(
    store: Store, tmp_path: Path
) -> None:
    team_a, _ = await org(store)
    codes = [f"TB-2026-00000{n}" for n in range(1, 5)]
    await bulk_entries(store, [entry_tuple(tip(team_a), code) for code in codes])
    numbers = await store.chat_numbers(Channel.ZALO, "g", codes[:2], NOW)
    assert numbers == {codes[0]: 1, codes[1]: 2}
    # Asked again (the alert said again after a change): the same numbers.
    assert await store.chat_numbers(Channel.ZALO, "g", codes[1::-1], NOW) == numbers
    # Another chat numbers on its own; an unknown code gets none.
    assert await store.chat_numbers(Channel.ZALO, "p", [codes[1], "TB-2026-999999"], NOW) == {
        codes[1]: 1
    }
    first = await store.entry_by_number(Channel.ZALO, "g", 1)
    assert first is not None and first.code == codes[0]
    assert await store.entry_by_number(Channel.ZALO, "g", 3) is None

    # Handled: its number stays its own for three days, then goes to the next one.
    async with store.db.write() as conn:
        await conn.execute(
            "UPDATE entries SET status = 'handled', updated_at = ? WHERE code = ?",
            ((NOW + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"), codes[0]),
        )
    soon = await store.chat_numbers(Channel.ZALO, "g", [codes[2]], NOW + timedelta(days=1))
    assert soon == {codes[2]: 3}
    later = await store.chat_numbers(Channel.ZALO, "g", [codes[3]], NOW + timedelta(days=4))
    assert later == {codes[3]: 1}
    reused = await store.entry_by_number(Channel.ZALO, "g", 1)
    assert reused is not None and reused.code == codes[3]
    assert reused.status == EntryStatus.NEW


async def test_a_reply_finds_the_alert_it_quotes_by_the_sent_message(store: Store) -> None:
    alert = Outbound(channel=Channel.ZALO, chat_id="g", text="🚨", key="alert:7:1:0")
    await store.send([alert], NOW)
    [item] = await store.outbox_pending(NOW)
    await store.outbox_sent(item.id, "m-42", NOW)
    assert await store.sent_key(Channel.ZALO, "g", "m-42") == "alert:7:1:0"
    assert await store.sent_key(Channel.ZALO, "other", "m-42") is None
    assert await store.sent_key(Channel.ZALO, "g", "m-43") is None


async def test_a_lost_group_is_unlinked_with_what_was_queued_for_it(store: Store) -> None:
    team_a, _ = await org(store)
    a = team_a.commune_id
    await zalo_officer_chat(store, a, "officer-a")
    await store.link_police_chat(Channel.ZALO, "group-a", a, "Công an xã", 1, NOW)
    queued = [
        Outbound(channel=Channel.ZALO, chat_id="group-a", text="🚨 alert", key="alert:7:1:0"),
        Outbound(channel=Channel.ZALO, chat_id="group-a", text="📰 digest", key="digest:1"),
    ]
    await store.send(queued, NOW)
    seen: list[tuple[PoliceChat | None, list[str]]] = []

    def reroute(chat: PoliceChat | None, items: list[OutboxItem]) -> list[Outbound]:
        seen.append((chat, [i.message.text for i in items]))
        return [Outbound(channel=Channel.ZALO, chat_id="officer-a", text="🚨 alert")]

    lost = await store.chat_lost(Channel.ZALO, "group-a", "forbidden", NOW, reroute)
    assert lost is not None and lost.commune_id == a
    assert seen == [(lost, ["🚨 alert", "📰 digest"])]
    assert [(c.channel, c.chat_id) for c in await store.police_chats(a)] == [
        (Channel.ZALO, "officer-a")
    ]
    pending = await store.outbox_pending(NOW)
    assert [(p.chat_id, p.message.text) for p in pending] == [("officer-a", "🚨 alert")]
