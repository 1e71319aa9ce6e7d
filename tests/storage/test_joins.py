"""Join requests in storage: a privileged invite registers nobody until one decision."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import make_store

from bot.domain import Channel, Role
from storage import Store
from storage.errors import InviteRefused
from storage.models import Invite, Redeemed

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "s.sqlite3")
    await db.open()
    yield db
    await db.close()


def test_police_and_admin_invites_need_approval_unless_said_otherwise() -> None:
    base = {"commune_id": 1, "created_at": NOW, "expires_at": NOW, "max_uses": 1}
    assert Invite(code="A", role=Role.POLICE, **base).approval == "admin"
    assert Invite(code="B", role=Role.ADMIN, **base).approval == "admin"
    assert Invite(code="C", role=Role.MEMBER, team_id=1, **base).approval == "none"
    assert Invite(code="D", role=Role.POLICE, approval="police", **base).approval == "police"


async def redeem(store: Store, code: str, account: str) -> Redeemed:
    return await store.redeem_invite(
        code,
        channel=Channel.TELEGRAM,
        external_id=account,
        chat_id=account,
        name=f"Người {account}",
        language="vi",
        now=NOW,
        inbox_key=None,
        render=lambda r: [],
        username="nguoi",
    )


async def test_a_request_waits_then_one_decision_registers_the_officer(
    store: Store,
) -> None:
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", NOW)
    await store.create_invite(
        Invite(
            code="POLICE23",
            role=Role.POLICE,
            commune_id=commune.id,
            created_at=NOW,
            expires_at=NOW + timedelta(days=1),
            max_uses=2,
        )
    )
    admin = await store.ensure_admin(Channel.TELEGRAM, "9", "9", "Quản trị", "vi", NOW)
    filed = await redeem(store, "POLICE23", "1")
    assert filed.person is None and filed.request is not None
    assert filed.request.username == "nguoi" and filed.request.commune_name == "Xã Hòa An"
    assert await store.person_by_identity(Channel.TELEGRAM, "1") is None
    # The same account again: told it waits, and no use is spent.
    with pytest.raises(InviteRefused) as caught:
        await redeem(store, "POLICE23", "1")
    assert caught.value.reason == "pending"
    invite = await store.get_invite("POLICE23")
    assert invite is not None and invite.uses == 1

    decided = await store.decide_join(
        filed.request.id, approve=True, by=admin.id, now=NOW, inbox_key=None, render=lambda d: []
    )
    assert decided is not None and decided.person is not None
    assert decided.person.role == Role.POLICE and decided.person.commune_id == commune.id
    twice = await store.decide_join(
        filed.request.id, approve=False, by=admin.id, now=NOW, inbox_key=None, render=lambda d: []
    )
    assert twice is None
    request = await store.join_request(filed.request.id)
    assert request is not None and request.decision == "approved"
    assert request.decided_by_name == "Quản trị"
    assert await store.open_join_requests() == []

    other = await redeem(store, "POLICE23", "2")
    assert other.request is not None
    refused = await store.decide_join(
        other.request.id, approve=False, by=admin.id, now=NOW, inbox_key=None, render=lambda d: []
    )
    assert refused is not None and refused.person is None
    assert await store.person_by_identity(Channel.TELEGRAM, "2") is None


async def test_withdrawing_an_invite_cancels_only_its_open_requests(store: Store) -> None:
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", NOW)
    for code in ("POLICE23", "OTHER456"):
        await store.create_invite(
            Invite(
                code=code,
                role=Role.POLICE,
                commune_id=commune.id,
                created_at=NOW,
                expires_at=NOW + timedelta(days=1),
                max_uses=3,
            )
        )
    admin = await store.ensure_admin(Channel.TELEGRAM, "9", "9", "Quản trị", "vi", NOW)
    approved, waiting, elsewhere = (
        await redeem(store, "POLICE23", "1"),
        await redeem(store, "POLICE23", "2"),
        await redeem(store, "OTHER456", "3"),
    )
    assert approved.request and waiting.request and elsewhere.request
    await store.decide_join(
        approved.request.id, approve=True, by=admin.id, now=NOW, inbox_key=None, render=lambda d: []
    )
    later = NOW + timedelta(minutes=5)
    seen: list[list[int]] = []
    withdrawn = await store.withdraw_invite(
        "POLICE23",
        by=admin.id,
        now=later,
        render=lambda w: seen.append([r.id for r in w.cancelled]) or [],
        audit=lambda w: [],
    )
    assert withdrawn is not None and withdrawn.invite.revoked_at == later
    assert [r.id for r in withdrawn.cancelled] == [waiting.request.id] == seen[0]
    cancelled = await store.join_request(waiting.request.id)
    assert cancelled is not None and cancelled.decision == "cancelled"
    assert cancelled.decided_by_name == "Quản trị" and cancelled.decided_at == later
    # An approval after it finds the request decided; the others are untouched.
    assert (
        await store.decide_join(
            waiting.request.id,
            approve=True,
            by=admin.id,
            now=later,
            inbox_key=None,
            render=lambda d: [],
        )
        is None
    )
    assert await store.person_by_identity(Channel.TELEGRAM, "2") is None
    assert await store.person_by_identity(Channel.TELEGRAM, "1") is not None
    assert [r.id for r in await store.open_join_requests()] == [elsewhere.request.id]
    # Revoked once: a second revocation does nothing.
    again = await store.withdraw_invite(
        "POLICE23", by=admin.id, now=later, render=lambda w: [], audit=lambda w: []
    )
    assert again is None
