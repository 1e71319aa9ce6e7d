"""Benchmark of the web workspace's server time (not run in CI).

Generates (once; reused on later runs) a province of 1,000,000 entries over 100 communes
and three years, one commune of which holds 100,000 of them, 70% with a location. Then,
through the real aiohttp application and its middlewares (session, CSRF, templates) on
loopback, times what an officer and an admin wait for:

* the inbox of the 100,000-entry commune: the open list, every status, a word search
  without accents, a village filter, the second page; the same for the whole province;
* an entry page (random entries of that commune);
* the map data of the commune for a year, and of the province for a month.

The baseline, measured in the same run, is the same figures' SQL alone: the Store calls
the page makes, without HTTP, session, service or template. Reported: p50 and p95 of each
and their ratio. Goal: inbox and entry p95 < 150 ms, map of a commune-year < 300 ms.

    python bench/web_bench.py                    # generate if needed, then measure
    python bench/web_bench.py --entries 200000 --db /tmp/web-small.sqlite3 --repeat 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_services  # noqa: E402
from bot.clock import ManualClock  # noqa: E402
from bot.config import parse_settings  # noqa: E402
from bot.domain import DEED_KINDS, INCIDENT_TYPES, TIP_CATEGORIES, EntryKind  # noqa: E402
from bot.services.web_auth import digest  # noqa: E402
from bot.services.workspace import STATUS_FILTERS  # noqa: E402
from storage.clock import to_db  # noqa: E402
from storage.models import InboxQuery, OrgRow, WebSession  # noqa: E402
from storage.names import search_words  # noqa: E402
from storage.sqlite import SqliteStore  # noqa: E402
from storage.sqlite.bulk import bulk_insert_entries, bulk_insert_persons, create_schema  # noqa: E402
from web.app import build_app  # noqa: E402
from web.common import COOKIE, Web  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = "Cao Bằng"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
FIRST = datetime(2024, 1, 1, tzinfo=TZ)
PHRASES = (
    "Người lạ đi xe máy không biển số hỏi thăm nhà ông {n}",
    "Phát hiện nhóm thanh niên tụ tập uống rượu gây ồn ào gần chợ, khoảng {n} người",
    "Bà con báo mất trộm {n} con gà trong đêm, nghi có người lạ vào xóm",
    "Giúp cụ bà {n} tuổi bị ngã ngoài đồng về nhà an toàn",
    "Nhặt được ví có {n} nghìn đồng, đã trả lại người đánh rơi",
    "Hòa giải mâu thuẫn đất đai giữa hai hộ, lần thứ {n}",
    "Đối tượng lạ mặt rao bán thuốc không rõ nguồn gốc ở bản {n}",
    "Cháy rơm rạ sau nhà dân, tổ đã dập tắt sau {n} phút",
)
SECRETS = {"police": "bench-police-session", "admin": "bench-admin-session"}


def generate(
    n: int, heavy: list[tuple[int, int, int]], rest: list[tuple[int, int, int]], share: float
) -> Iterator[Any]:
    """Yield entry rows in filing order; `share` of them in the heavy commune's teams."""
    rng = random.Random(7)
    span = int((NOW - FIRST).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(n))
    counters: Counter[tuple[str, int]] = Counter()
    recent = NOW - timedelta(days=14)
    for offset in offsets:
        created = FIRST + timedelta(seconds=offset)
        team_id, village_id, commune_id = rng.choice(heavy if rng.random() < share else rest)
        roll = rng.random()
        kind = "tip" if roll < 0.4 else "incident" if roll < 0.6 else "deed"
        prefix = {"tip": "TB", "incident": "VV", "deed": "VT"}[kind]
        year = created.astimezone(TZ).year
        counters[(prefix, year)] += 1
        category = rng.choice(
            TIP_CATEGORIES
            if kind == "tip"
            else INCIDENT_TYPES
            if kind == "incident"
            else DEED_KINDS
        )
        located = rng.random() < 0.7
        status = "handled" if kind != "deed" and created < recent and rng.random() < 0.97 else "new"
        stamp = to_db(created)
        yield (
            f"{prefix}-{year}-{counters[(prefix, year)]:06d}",
            kind,
            None,
            team_id,
            village_id,
            commune_id,
            "force",
            category,
            rng.choice(PHRASES).format(n=rng.randrange(2, 90)),
            f"Thôn {village_id}",
            22.6 + (commune_id % 10) * 0.05 + rng.random() * 0.04 if located else None,
            106.0 + (commune_id // 10) * 0.05 + rng.random() * 0.04 if located else None,
            stamp if kind == "incident" else None,
            int(kind == "tip" and rng.random() < 0.1),
            int(kind == "tip" and rng.random() < 0.3),
            int(rng.random() < 0.9) if kind == "incident" else None,
            10 if kind == "incident" else None,
            "on_site" if kind == "incident" else None,
            0 if kind == "incident" else None,
            "Cả tổ" if kind == "deed" else None,
            None,
            status,
            stamp,
            stamp,
        )


async def build(path: Path, entries: int, communes: int, villages: int) -> None:
    """Create the database: the organisation, an officer and an admin, the entries."""
    started = time.perf_counter()
    await create_schema(path)
    store = SqliteStore(path, synchronous="OFF")
    await store.open()
    per = villages // communes
    rows = [
        OrgRow(line=i, commune=f"Xã {c:03d}", village=f"Thôn {c:03d}-{v:02d}", team=f"Tổ {v:02d}")
        for i, (c, v) in enumerate(((c, v) for c in range(communes) for v in range(per)), 1)
    ]
    await store.import_org(PROVINCE, rows, NOW)
    teams = await store.list_teams()
    await store.close()
    first = teams[0].commune_id
    bulk_insert_persons(
        path, [("Cán bộ Minh", "police", None, first), ("Quản trị", "admin", None, first)]
    )
    triples = [(t.id, t.village_id, t.commune_id) for t in teams]
    heavy = [t for t in triples if t[2] == first]
    rest = [t for t in triples if t[2] != first]
    # The heavy commune holds 100,000 of 1,000,000: a tenth, whatever --entries says.
    inserted = bulk_insert_entries(path, generate(entries, heavy, rest, share=0.1))
    print(f"generated {inserted:,} entries in {time.perf_counter() - started:.1f} s", flush=True)


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


async def sample(fn: Callable[[int], Awaitable[Any]], repeat: int) -> list[float]:
    """Run `fn(i)` once to warm up, then `repeat` times; return the times in ms."""
    await fn(0)
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        await fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


async def measure(path: Path, repeat: int, only: str = "") -> dict[str, Any]:
    settings = parse_settings(
        {
            "bot": {"province": PROVINCE},
            "storage": {"path": str(path), "synchronous": "NORMAL"},
            "web": {"port": 0},
        },
        "bench",
    )
    store = SqliteStore(path, synchronous="NORMAL")
    await store.open()
    services = build_services(settings, store, ManualClock(NOW))
    people = {p.person.role.value: p.person for p in await store.list_people()}
    for role, secret in SECRETS.items():
        if await store.web_session(digest(secret)) is None:
            await store.open_web_session(
                WebSession(
                    id_hash=digest(secret),
                    person_id=people[role].id,
                    csrf="bench",
                    via="link",
                    created_at=NOW,
                    last_seen_at=NOW,
                    expires_at=NOW + timedelta(days=3650),
                )
            )
    async with store.db.write() as conn:
        # The idle timeout counts from the frozen clock: keep the sessions fresh.
        await conn.execute("UPDATE web_sessions SET last_seen_at = ?", (to_db(NOW),))
    parts = Web(services=services, settings=settings.web, media_dir=path.parent)
    runner = web.AppRunner(build_app(parts), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    base = f"http://127.0.0.1:{port}"
    commune = people["police"].commune_id
    assert commune is not None
    villages = await store.list_villages(commune)
    sample_ids = [
        r[0]
        for r in await store.db.fetchall(
            "SELECT code FROM entries WHERE commune_id = ? ORDER BY random() LIMIT 200", (commune,)
        )
    ]
    second_page = await store.inbox_entries(
        InboxQuery(commune_ids=[commune], statuses=[], limit=25)
    )
    cursor = second_page.next_before
    assert cursor is not None
    counts = {
        "commune": (
            await store.db.fetchone("SELECT count(*) FROM entries WHERE commune_id = ?", (commune,))
        )[0],
        "province": (await store.db.fetchone("SELECT count(*) FROM entries"))[0],
    }
    year = (datetime(2025, 1, 1, tzinfo=TZ), datetime(2026, 1, 1, tzinfo=TZ))
    month = (datetime(2025, 10, 1, tzinfo=TZ), datetime(2025, 11, 1, tzinfo=TZ))
    words = search_words("trom ga").split()
    every = [c.id for c in await store.list_communes()]
    open_kinds = [EntryKind.TIP, EntryKind.INCIDENT]
    open_statuses = sorted(STATUS_FILTERS["open"])

    cases: list[tuple[str, str, str, Callable[[int], Awaitable[Any]]]] = [
        (
            "inbox, commune (open)",
            "police",
            "/inbox",
            lambda i: store.inbox_entries(
                InboxQuery(commune_ids=[commune], kinds=open_kinds, statuses=open_statuses)
            ),
        ),
        (
            "inbox, commune (all)",
            "police",
            "/inbox?tt=all",
            lambda i: store.inbox_entries(InboxQuery(commune_ids=[commune])),
        ),
        (
            "inbox, commune, search 'trom ga'",
            "police",
            "/inbox?tt=all&q=trom+ga",
            lambda i: store.inbox_entries(InboxQuery(commune_ids=[commune], words=words)),
        ),
        (
            "inbox, commune, village + year",
            "police",
            f"/inbox?tt=all&thon={villages[3].id}&tu=2025",
            lambda i: store.inbox_entries(
                InboxQuery(
                    commune_ids=[commune], village_id=villages[3].id, start=year[0], end=year[1]
                )
            ),
        ),
        (
            "inbox, commune, page 2",
            "police",
            f"/inbox?tt=all&truoc={int(cursor[0].timestamp())}-{cursor[1]}",
            lambda i: store.inbox_entries(InboxQuery(commune_ids=[commune], before=cursor)),
        ),
        (
            "inbox, province (all)",
            "admin",
            "/inbox?tt=all",
            lambda i: store.inbox_entries(InboxQuery()),
        ),
        (
            "inbox, province, search 'trom ga'",
            "admin",
            "/inbox?tt=all&q=trom+ga",
            lambda i: store.inbox_entries(InboxQuery(words=words)),
        ),
        ("entry page", "police", "/e/{code}", None),
        (
            "map data, commune, a year",
            "police",
            "/map/data?tu=2025",
            lambda i: store.map_points([commune], *year),
        ),
        (
            "map data, province, a month",
            "admin",
            "/map/data?tu=th%C3%A1ng+10%2F2025",
            lambda i: store.map_points(every, *month),
        ),
    ]

    async def entry_sql(i: int) -> Any:
        entry = await store.get_entry(sample_ids[i % len(sample_ids)])
        assert entry is not None
        await store.get_commune(entry.commune_id)
        if entry.village_id:
            await store.get_village(entry.village_id)
        if entry.team_id:
            await store.get_team(entry.team_id)
        await store.entry_media(entry.id)
        await store.followups(entry.id)
        await store.entry_events(entry.id)
        await store.tip_source(entry.id)
        return entry

    results: dict[str, Any] = {"entries": counts, "repeat": repeat, "cases": {}}
    async with aiohttp.ClientSession() as client:
        for name, role, path_, sql in cases:
            if only not in name:
                continue
            cookies = {COOKIE: SECRETS[role]}

            async def server(i: int, path_: str = path_, cookies: dict[str, str] = cookies) -> None:
                target = path_.replace("{code}", sample_ids[i % len(sample_ids)])
                async with client.get(base + target, cookies=cookies) as response:
                    assert response.status == 200, (target, response.status)
                    await response.read()

            http = await sample(server, repeat)
            base_times = await sample(entry_sql if sql is None else sql, repeat)
            row = {
                "server_p50_ms": round(statistics.median(http), 1),
                "server_p95_ms": round(percentile(http, 0.95), 1),
                "sql_p50_ms": round(statistics.median(base_times), 1),
                "sql_p95_ms": round(percentile(base_times, 0.95), 1),
            }
            row["ratio_p50"] = round(row["server_p50_ms"] / max(row["sql_p50_ms"], 0.01), 2)
            row["ratio_p95"] = round(row["server_p95_ms"] / max(row["sql_p95_ms"], 0.01), 2)
            results["cases"][name] = row
            print(
                f"{name:38} server p50 {row['server_p50_ms']:7.1f} ms"
                f"  p95 {row['server_p95_ms']:7.1f} ms"
                f" | SQL p50 {row['sql_p50_ms']:7.1f} p95 {row['sql_p95_ms']:7.1f}"
                f" | ×{row['ratio_p50']} / ×{row['ratio_p95']}",
                flush=True,
            )

    await runner.cleanup()
    await store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "data" / "web-1m.sqlite3")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--villages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    parser.add_argument("--only", default="", help="run only the cases whose name has this")
    args = parser.parse_args()
    if args.fresh and args.db.exists():
        args.db.unlink()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        asyncio.run(build(args.db, args.entries, args.communes, args.villages))
    results = asyncio.run(measure(args.db, args.repeat, args.only))
    out = ROOT / "bench" / "results" / "web-bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"results in {out}")


if __name__ == "__main__":
    main()
