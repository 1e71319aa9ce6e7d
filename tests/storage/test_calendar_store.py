"""Calendar storage: overlaps, annual deadlines, report gaps, recipients, outbox order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from backends import make_store

from bot.domain import Audience, Channel, EntryKind, Role
from bot.messages import Outbound
from storage import NotFound, Store
from storage.errors import Overlap
from storage.models import (
    AnnualSpec,
    Invite,
    NewDeadline,
    NewEntry,
    NewFollowup,
    NewPhase,
    ScheduledSend,
)

JAN = datetime(2026, 1, 1, 3, tzinfo=UTC)
LEADERS = frozenset({Audience.LEADERS})


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "c.sqlite3")
    await db.open()
    yield db
    await db.close()


async def org(store: Store) -> tuple[int, int, int, int]:
    """Two communes (created 01/01/2026 and 01/04/2026), a team in each: ids."""
    province = await store.ensure_province("Cao Bằng")
    a = await store.add_commune(province.id, "Xã A", JAN)
    b = await store.add_commune(province.id, "Xã B", datetime(2026, 4, 1, tzinfo=UTC))
    team_a = await store.add_village_with_team(a.id, "Thôn 1", "village", "Tổ 1")
    team_b = await store.add_village_with_team(b.id, "Thôn 2", "village", "Tổ 2")
    return a.id, b.id, team_a.id, team_b.id


def phase(start: str, end: str, commune: int | None = None, **kw: object) -> NewPhase:
    return NewPhase(
        name=str(kw.get("name", "Đợt")),
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        report=date.fromisoformat(end),
        commune_id=commune,
        id=kw.get("id"),  # type: ignore[arg-type]
    )


async def test_phases_may_not_overlap_where_both_apply(store: Store) -> None:
    a, b, _, _ = await org(store)
    first = await store.save_phase(phase("2026-01-01", "2026-06-30"), None, JAN)
    with pytest.raises(Overlap) as clash:
        await store.save_phase(phase("2026-06-30", "2026-12-31", a), None, JAN)
    assert clash.value.other_id == first.id
    # Two communes may run their own phases at the same time.
    await store.save_phase(phase("2026-07-01", "2026-12-31", a), None, JAN)
    await store.save_phase(phase("2026-07-01", "2026-12-31", b), None, JAN)
    # A phase may be changed without clashing with itself.
    await store.save_phase(phase("2026-01-01", "2026-06-15", id=first.id), None, JAN)
    with pytest.raises(NotFound):
        await store.save_phase(phase("2027-01-01", "2027-02-01", 999), None, JAN)
    assert len(await store.list_phases()) == 3


async def test_moving_a_date_moves_the_planning_start_renaming_does_not(
    store: Store,
) -> None:
    later = JAN + timedelta(days=3)
    saved = await store.save_deadline(
        NewDeadline(name="A", due=date(2026, 3, 1), audience=LEADERS), None, JAN
    )
    renamed = await store.save_deadline(
        NewDeadline(id=saved.id, name="B", due=date(2026, 3, 1), audience=LEADERS), None, later
    )
    assert renamed.planned_from == JAN and renamed.name == "B"
    moved = await store.save_deadline(
        NewDeadline(id=saved.id, name="B", due=date(2026, 3, 5), audience=LEADERS), None, later
    )
    assert moved.planned_from == later


async def test_annual_deadlines_are_made_once_follow_the_config_and_stay_removed(
    store: Store,
) -> None:
    def spec(year: int, day: int = 15) -> AnnualSpec:
        return AnnualSpec(
            series="report",
            year=year,
            name="Báo cáo năm",
            due=date(year, 11, day),
            audience=LEADERS,
            report=True,
        )

    a, _, team_a, _ = await org(store)
    admin = await person(store, team_a, a, Role.LEADER, "1")
    assert await store.ensure_annual([spec(2026), spec(2027)], JAN) == 2
    assert await store.ensure_annual([spec(2026), spec(2027)], JAN) == 0
    # The config moves the date: rows nobody edited follow.
    assert await store.ensure_annual([spec(2026, 14)], JAN + timedelta(days=1)) == 1
    row = next(d for d in await store.list_deadlines() if d.year == 2026)
    assert row.due == date(2026, 11, 14) and row.planned_from == JAN + timedelta(days=1)
    # An admin's edit wins over the config; an admin's removal stays.
    await store.save_deadline(
        NewDeadline(id=row.id, name="Báo cáo (sửa)", due=date(2026, 11, 13), audience=LEADERS),
        admin,
        JAN,
    )
    await store.ensure_annual([spec(2026)], JAN)
    assert (await store.get_deadline(row.id)).name == "Báo cáo (sửa)"
    other = next(d for d in await store.list_deadlines() if d.year == 2027)
    await store.remove_deadline(other.id, JAN)
    assert await store.ensure_annual([spec(2027)], JAN) == 0
    assert [d.year for d in await store.list_deadlines()] == [2026]


async def person(store: Store, team_id: int, commune_id: int, role: Role, external: str) -> int:
    code = f"C{external:0>7}"
    await store.create_invite(
        Invite(
            code=code,
            role=role,
            commune_id=commune_id,
            team_id=team_id,
            created_at=JAN,
            expires_at=JAN + timedelta(days=1),
            max_uses=1,
        )
    )
    member = await store.redeem_invite(
        code,
        channel=Channel.TELEGRAM,
        external_id=external,
        chat_id=external,
        name=f"P{external}",
        language="vi",
        now=JAN,
        inbox_key=None,
        render=lambda r: [],
    )
    assert member.person is not None
    return member.person.id


async def entry(
    store: Store,
    team_id: int,
    commune_id: int,
    kind: EntryKind,
    when: datetime,
    draft: int,
    action: str | None = None,
) -> int:
    saved, _ = await store.submit_entry(
        NewEntry(
            kind=kind,
            reporter_id=None,
            team_id=team_id,
            village_id=(await store.get_team(team_id)).village_id,
            commune_id=commune_id,
            category="other",
            description="x",
            action=action,
            created_at=when,
            code_year=when.year,
        ),
        draft_id=draft,
        channel=Channel.TELEGRAM,
        inbox_key=None,
        render=lambda e: [],
        now=when,
    )
    return saved.id


def month(year: int, number: int) -> tuple[str, datetime, datetime]:
    """A month in Vietnam time (UTC+7) as UTC bounds."""
    start = datetime(year, number, 1, tzinfo=UTC) - timedelta(hours=7)
    following = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    return f"{year}-{number:02d}", start, following - timedelta(hours=7)


async def test_team_gaps_count_deed_months_and_incidents_without_outcome(
    store: Store,
) -> None:
    a, b, team_a, team_b = await org(store)
    lan = await person(store, team_a, a, Role.MEMBER, "21")
    # 17:30 UTC on 31/01 is 00:30 on 01/02 in Vietnam: a February deed.
    await entry(store, team_a, a, EntryKind.DEED, datetime(2026, 1, 31, 17, 30, tzinfo=UTC), 1)
    await entry(store, team_a, a, EntryKind.DEED, datetime(2026, 3, 10, tzinfo=UTC), 2)
    open_other = await entry(
        store, team_a, a, EntryKind.INCIDENT, datetime(2026, 2, 3, tzinfo=UTC), 3, "other"
    )
    followed = await entry(
        store, team_a, a, EntryKind.INCIDENT, datetime(2026, 2, 4, tzinfo=UTC), 4, "other"
    )
    await entry(store, team_a, a, EntryKind.INCIDENT, datetime(2026, 2, 5, tzinfo=UTC), 5, None)
    await entry(
        store, team_a, a, EntryKind.INCIDENT, datetime(2026, 2, 6, tzinfo=UTC), 6, "mediated"
    )
    # "Other", but someone followed it up with what was done: it has an outcome.
    await store.add_followup(
        NewFollowup(entry_id=followed, person_id=lan, text="Đã hòa giải xong", created_at=JAN),
        draft_id=99,
        channel=Channel.TELEGRAM,
        inbox_key=None,
        outbox=[],
        now=JAN,
    )
    months = [month(2026, m) for m in (1, 2, 3, 4)]
    start, end = months[0][1], months[-1][2]
    gaps = {g.team_id: g for g in await store.team_gaps(None, months, start, end)}
    assert gaps[team_a].months == ["2026-01", "2026-04"]
    # "Other" with no follow-up and no action at all: two; "mediated" and followed-up: fine.
    assert len(gaps[team_a].incidents) == 2
    # Commune B joined on 01/04: only April is held against its team.
    assert gaps[team_b].months == ["2026-04"] and gaps[team_b].incidents == []
    assert [g.team_id for g in await store.team_gaps(b, months, start, end)] == [team_b]
    backlog = await store.unhandled_counts(None, start, end)
    assert backlog == {a: 6}
    _ = open_other


async def test_recipients_leave_out_the_removed_and_the_unreachable(store: Store) -> None:
    a, _, team_a, _ = await org(store)
    leader = await person(store, team_a, a, Role.LEADER, "11")
    member = await person(store, team_a, a, Role.MEMBER, "12")
    gone = await person(store, team_a, a, Role.MEMBER, "13")
    await person(store, team_a, a, Role.MEMBER, "14")
    await store.remove_person(gone, JAN)
    await store.mark_unreachable(Channel.TELEGRAM, "14", JAN)
    await store.set_reminders_muted(member, True, JAN)
    found = await store.recipients([Role.LEADER, Role.MEMBER], a)
    assert [(r.person_id, r.muted) for r in found] == [(leader, False), (member, True)]
    assert [u.person.name for u in await store.unreachable_people()] == ["P14"]
    assert await store.mark_reachable(Channel.TELEGRAM, "14")
    assert await store.unreachable_people() == []


async def test_conversations_go_before_broadcasts_and_a_postponed_chat_waits(
    store: Store,
) -> None:
    def out(chat: str, text: str) -> Outbound:
        return Outbound(channel=Channel.TELEGRAM, chat_id=chat, text=text)

    now = JAN
    sends = [ScheduledSend(key="b", message=out(str(n), "nhắc")) for n in range(1, 4)]
    assert await store.record_run("b", now, "sent", sends, now) == 3
    assert await store.record_run("b", now, "sent", sends, now) is None
    await store.send([out("9", "trả lời")], now)
    await store.send([out("2", "trả lời 2")], now)
    chats = [chat for _, chat in await store.outbox_due_chats(now)]
    # Chat 2 holds a reply too, so it goes with the conversations (its reminder first).
    assert chats == ["2", "9", "1", "3"]
    pending = await store.outbox_chat_pending(Channel.TELEGRAM, "2", now)
    assert [p.message.text for p in pending] == ["nhắc", "trả lời 2"]
    await store.outbox_retry(pending[0].id, now + timedelta(seconds=30), "flood limit")
    assert await store.outbox_chat_pending(Channel.TELEGRAM, "2", now) == []
    assert "2" not in [c for _, c in await store.outbox_due_chats(now)]
    later = now + timedelta(seconds=31)
    assert [
        p.message.text for p in await store.outbox_chat_pending(Channel.TELEGRAM, "2", later)
    ] == [
        "nhắc",
        "trả lời 2",
    ]
