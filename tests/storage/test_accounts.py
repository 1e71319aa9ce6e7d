"""Link codes and officers' own police chats, at the storage level."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import make_store

from bot.domain import Channel, Role
from bot.messages import Outbound
from bot.services.linking import reach
from storage import Store
from storage.errors import LinkRefused
from storage.models import Invite, Person

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
ZALO = frozenset({Channel.ZALO})


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "s.sqlite3")
    await db.open()
    yield db
    await db.close()


async def join(
    store: Store, role: Role, channel: Channel, account: str, code: str = "INVITE22"
) -> Person:
    communes = await store.list_communes()
    if communes:
        commune_id = communes[0].id
    else:
        province = await store.ensure_province("Cao Bằng")
        commune_id = (await store.add_commune(province.id, "Xã Hòa An", NOW)).id
    if await store.get_invite(code) is None:
        await store.create_invite(
            Invite(
                code=code,
                role=role,
                approval="none",  # officers seeded directly; approvals are tested on their own
                commune_id=commune_id,
                created_at=NOW,
                expires_at=NOW + timedelta(days=1),
                max_uses=10,
            )
        )
    redeemed = await store.redeem_invite(
        code,
        channel=channel,
        external_id=account,
        chat_id=account,
        name="Minh",
        language="vi",
        now=NOW,
        inbox_key=None,
        render=lambda r: [],
        officer_channels=ZALO,
    )
    assert redeemed.person is not None
    return redeemed.person


async def offer(
    store: Store, person: Person, code: str = "LINK2345", on: Channel = Channel.TELEGRAM
) -> None:
    await store.create_link_code(
        code,
        person_id=person.id,
        channel=on,
        expires_at=NOW + timedelta(minutes=30),
        now=NOW,
        outbox=[],
        inbox_key=None,
    )


async def link(store: Store, code: str, account: str, now: datetime = NOW) -> Person:
    return await store.link_account(
        code,
        channel=Channel.ZALO,
        external_id=account,
        chat_id=account,
        now=now,
        officer_channels=ZALO,
        inbox_key="zalo:1",
        render=lambda person, before: [
            Outbound(channel=i.channel, chat_id=i.chat_id, text="linked") for i in before
        ],
    )


async def reason(call: object) -> str:
    with pytest.raises(LinkRefused) as refused:
        await call  # type: ignore[misc]
    return refused.value.reason


async def test_a_code_links_once_and_tells_the_other_accounts(store: Store) -> None:
    person = await join(store, Role.MEMBER, Channel.TELEGRAM, "111")
    await offer(store, person)
    linked = await link(store, "LINK2345", "z-1")
    assert linked.id == person.id
    assert {i.channel for i in await store.identities(person.id)} == {
        Channel.TELEGRAM,
        Channel.ZALO,
    }
    [notice] = await store.outbox_pending(NOW)
    assert (notice.channel, notice.chat_id) == (Channel.TELEGRAM, "111")
    assert await store.inbox_is_done("zalo:1")
    assert {i.channel for i in await reach(store, person.id)} == {Channel.TELEGRAM, Channel.ZALO}
    await store.mark_unreachable(Channel.ZALO, "z-1", NOW)
    assert [i.channel for i in await reach(store, person.id)] == [Channel.TELEGRAM]
    assert await reason(link(store, "LINK2345", "z-1")) == "already"
    assert await reason(link(store, "LINK2345", "z-2")) == "used"
    assert await reason(link(store, "NOSUCH22", "z-2")) == "not_found"


async def test_expired_replaced_and_same_channel_codes(store: Store) -> None:
    person = await join(store, Role.MEMBER, Channel.TELEGRAM, "111")
    await offer(store, person, "FIRST222")
    await offer(store, person, "SECOND22")
    assert await reason(link(store, "FIRST222", "z-1")) == "not_found"
    late = NOW + timedelta(minutes=31)
    assert await reason(link(store, "SECOND22", "z-1", now=late)) == "expired"
    await offer(store, person, "THIRD222")
    with pytest.raises(LinkRefused, match="same_channel"):
        await store.link_account(
            "THIRD222",
            channel=Channel.TELEGRAM,
            external_id="222",
            chat_id="222",
            now=NOW,
            officer_channels=ZALO,
            inbox_key=None,
            render=lambda person, before: [],
        )


async def test_officer_chats_follow_role_and_removal(store: Store) -> None:
    officer = await join(store, Role.POLICE, Channel.ZALO, "z-9", code="POLICE22")
    assert officer.commune_id is not None
    [chat] = await store.police_chats(officer.commune_id)
    assert (chat.channel, chat.chat_id, chat.person_id) == (Channel.ZALO, "z-9", officer.id)
    # The same officer on Telegram gets no private police chat: Telegram has groups.
    await offer(store, officer, on=Channel.ZALO)
    await store.link_account(
        "LINK2345",
        channel=Channel.TELEGRAM,
        external_id="999",
        chat_id="999",
        now=NOW,
        officer_channels=ZALO,
        inbox_key=None,
        render=lambda person, before: [],
    )
    assert [c.chat_id for c in await store.police_chats(officer.commune_id)] == ["z-9"]
    await store.remove_person(officer.id, NOW)
    assert await store.police_chats(officer.commune_id) == []
