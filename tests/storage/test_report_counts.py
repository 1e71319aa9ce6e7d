"""A report's counts read once (issue 14): the trend's period in the same read, the country's
counts by province, good deeds in the local month they were done, on both backends."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backends import bulk_entries, make_store

from bot.domain import EntryKind
from storage import Store
from storage.clock import to_db
from storage.models import AggregateRow, NewEntry, ReportScope, ResponseTimes, Team
from storage.sqlite.bulk import entry_tuple

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
#: Vietnam: local midnight is 17:00 UTC the day before.
VN = 420


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    db = make_store(tmp_path / "s.sqlite3")
    await db.open()
    yield db
    await db.close()


def entry(team: Team, created: datetime, kind: EntryKind, category: str) -> NewEntry:
    return NewEntry.model_validate(
        {
            "kind": kind,
            "reporter_id": None,
            "team_id": team.id,
            "village_id": team.village_id,
            "commune_id": team.commune_id,
            "category": category,
            "description": "Mẫu",
            "created_at": created,
            "code_year": created.year,
        }
    )


def key(row: AggregateRow) -> tuple[object, ...]:
    return (row.kind, row.category, row.source, row.on_scene, row.status)


async def test_one_read_counts_both_periods_the_provinces_and_local_months(store: Store) -> None:
    cao = await store.ensure_province("Cao Bằng")
    lang = await store.ensure_province("Lạng Sơn")
    teams = []
    for province, name in ((cao, "Xã Hòa An"), (cao, "Xã Nguyên Bình"), (lang, "Xã Tân Lập")):
        commune = await store.add_commune(province.id, name, NOW)
        teams.append(await store.add_village_with_team(commune.id, "Thôn Đông", "village", "Tổ"))
    rows = []
    #: The local months each team did a good deed in, as a reader of the dates would say.
    done: dict[int, set[str]] = {}
    kinds = ((EntryKind.TIP, "drugs"), (EntryKind.INCIDENT, "fire"), (EntryKind.DEED, "danger"))
    moment = datetime(2024, 11, 3, 2, tzinfo=UTC)
    n = 0
    while moment < NOW:
        n += 1
        kind, category = kinds[n % 3]
        rows.append(
            entry_tuple(entry(teams[n % 3], moment, kind, category), f"TB-{moment.year}-{n:06d}")
        )
        if kind == EntryKind.DEED:
            local = (moment + timedelta(minutes=VN)).strftime("%Y-%m")
            done.setdefault(teams[n % 3].id, set()).add(local)
        moment += timedelta(hours=37)
    # Good deeds at a month's edges: 23:30 on 31/01 is January in Vietnam, 00:30 on
    # 01/03 (17:30 UTC on 28/02) is March.
    deeds = teams[1]
    edges = (datetime(2025, 1, 31, 16, 30, tzinfo=UTC), datetime(2025, 2, 28, 17, 30, tzinfo=UTC))
    for i, at in enumerate(edges):
        rows.append(entry_tuple(entry(deeds, at, EntryKind.DEED, "other"), f"VT-2025-{900000 + i}"))
        done.setdefault(deeds.id, set()).add(("2025-01", "2025-03")[i])
    await bulk_entries(store, rows)

    year = (datetime(2024, 12, 31, 17, tzinfo=UTC), datetime(2025, 12, 31, 17, tzinfo=UTC))
    before = (datetime(2023, 12, 31, 17, tzinfo=UTC), year[0])
    whole = ReportScope(province_id=cao.id)
    alone = await store.report_aggregates(whole, *year, VN)
    earlier = await store.report_aggregates(whole, *before, VN, places=False)
    both = await store.report_aggregates(
        whole, *year, VN, deeds_from=before[0], deeds_to=year[1], previous=before
    )
    # The trend's period read with the year gives what reading it alone gives.
    assert sorted(map(astuple, both.groups)) == sorted(map(astuple, alone.groups))
    assert sorted(map(astuple, both.previous)) == sorted(map(astuple, earlier.groups))
    assert sum(r.count for r in both.previous) > 0
    months = {m.team_id: m.month_keys for m in both.team_months}
    assert {"2025-01", "2025-03"} <= months[deeds.id]
    span = {f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)}
    mine = {teams[0].id, teams[1].id}
    assert months == {t: found & span for t, found in done.items() if t in mine and found & span}

    # The country's counts by province add up its communes'.
    country = ReportScope(province_id=None)
    communes = await store.report_aggregates(country, *year, VN)
    provinces = await store.report_aggregates(country, *year, VN, by_province=True)
    province_of = {c.id: c.province_id for c in await store.list_communes()}
    expected: Counter[tuple[object, ...]] = Counter()
    for row in communes.groups:
        expected[(province_of[row.commune_id], *key(row))] += row.count
    assert Counter({(r.province_id, *key(r)): r.count for r in provinces.groups}) == expected
    assert {r.province_id for r in provinces.groups} == {cao.id, lang.id}


def astuple(row: AggregateRow) -> tuple[object, ...]:
    return (row.commune_id, *key(row), row.count)


async def test_the_functions_the_response_times_use_agree_on_both_backends(store: Store) -> None:
    # PostgreSQL's julianday and two-argument max/min imitate SQLite's (migration 18 made
    # them fast): a wait is whole seconds, never negative, and unknown if a time is.
    rows = await store.db.fetchall(  # type: ignore[attr-defined]
        "SELECT julianday('2026-01-01 00:00:00'), "
        "CAST(round(max(0, (julianday('2026-01-01 00:15:00') - julianday('2026-01-01 "
        "00:00:00')) * 86400)) AS INTEGER), "
        "max(0, julianday('2026-01-01 00:00:00') - julianday('2026-01-01 00:15:00')), "
        "max(0, julianday(NULL) - julianday('2026-01-01 00:00:00')), min(1.5, 2.5), "
        "min(1.5, NULL)"
    )
    assert tuple(rows[0]) == (2461041.5, 900, 0, None, 1.5, None)


def nearest_rank(values: list[int]) -> tuple[int, int | None, int | None]:
    """How many, the median and the 90th percentile, as a reader counts ranks: ⌈share·n⌉."""
    ordered = sorted(values)
    if not ordered:
        return 0, None, None
    n = len(ordered)
    return n, ordered[-(-n * 50 // 100) - 1], ordered[-(-n * 90 // 100) - 1]


async def test_response_times_rank_the_same_waits_alike_on_both_backends(store: Store) -> None:
    # SQLite ranks the waits in Python, PostgreSQL on the server (percentile_disc): a
    # commune officer must read the same median whichever the deployment runs.
    cao = await store.ensure_province("Cao Bằng")
    teams = [
        await store.add_village_with_team(
            (await store.add_commune(cao.id, name, NOW)).id, "Thôn Đông", "village", "Tổ"
        )
        for name in ("Xã Hòa An", "Xã Nguyên Bình", "Xã Quảng Uyên")
    ]
    rng = random.Random(14)
    created = [
        NOW - timedelta(days=rng.randint(1, 300), minutes=rng.randint(0, 999)) for _ in range(90)
    ]
    await bulk_entries(
        store,
        [
            entry_tuple(entry(teams[i % 2], at, EntryKind.TIP, "drugs"), f"TB-2026-{i + 1:06d}")
            for i, at in enumerate(created)
        ],
    )
    waits: dict[str, tuple[int | None, int | None]] = {}
    for i in range(len(created)):
        code = f"TB-2026-{i + 1:06d}"
        if i % 7 == 0:
            waits[code] = (None, None)  # never taken: not counted
            continue
        take = rng.choice([0, 30, 600, 601, 3600, rng.randint(1, 86400)])
        handle = None if i % 3 == 0 else take + rng.randint(0, 200_000)
        waits[code] = (take, handle)

    def stamp(code: str, seconds: int | None) -> str | None:
        at = created[int(code[-6:]) - 1]
        return None if seconds is None else to_db(at + timedelta(seconds=seconds))

    await store.db.run_write(  # type: ignore[attr-defined]
        lambda c: c.executemany(
            "UPDATE entries SET taken_at = ?, handled_at = ? WHERE code = ?",
            [(stamp(k, t), stamp(k, h), k) for k, (t, h) in waits.items()],
        )
    )
    times = await store.response_times(
        ReportScope(province_id=cao.id), NOW - timedelta(days=400), NOW
    )

    def expected(codes: list[str]) -> tuple[object, ...]:
        taken = [waits[c] for c in codes if waits[c][0] is not None]
        return (
            *nearest_rank([t for t, _ in taken if t is not None]),
            *nearest_rank([h for _, h in taken if h is not None]),
        )

    def got(row: ResponseTimes) -> tuple[object, ...]:
        return (
            row.taken, row.take_median, row.take_p90,
            row.handled, row.handle_median, row.handle_p90,
        )  # fmt: skip

    by_commune = {r.commune_id: got(r) for r in times}
    codes = sorted(waits)
    assert by_commune == {
        teams[0].commune_id: expected(codes[0::2]),
        teams[1].commune_id: expected(codes[1::2]),
        None: expected(codes),
    }
    whole = await store.response_times(
        ReportScope(province_id=cao.id), NOW - timedelta(days=400), NOW, by_commune=False
    )
    assert [got(r) for r in whole] == [expected(codes)]
    nothing = await store.response_times(
        ReportScope(province_id=cao.id, commune_id=teams[2].commune_id),
        NOW - timedelta(days=400),
        NOW,
    )
    assert nothing == []
