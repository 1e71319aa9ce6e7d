"""Benchmark of the police side on a province-sized database (not run in CI).

Generates 1,000,000 entries over 100 communes, 2,000 villages and three years (bulk
insert, once; reused on later runs), then times what police and admins wait for:

* /baocao for one commune and one year: message + XLSX + chart (target < 1 s), and the DOCX;
* /baocao for the province and one year: the message (target < 2 s);
* the daily and the weekly digests of all 100 communes (target < 5 s of compute).

Each is compared with a baseline measured in the same run: the same counts done the
naive way, by fetching the rows and counting them in Python. Peak memory is measured
with tracemalloc (Python allocations) in a separate pass, and the process's peak RSS.

    python bench/police_bench.py                 # generate if needed, then measure
    python bench/police_bench.py --entries 100000 --db /tmp/small.sqlite3
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import resource
import sqlite3
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import ManualClock  # noqa: E402
from bot.config import DigestSettings, TargetsSettings  # noqa: E402
from bot.domain import (  # noqa: E402
    DEED_KINDS,
    INCIDENT_TYPES,
    TIP_CATEGORIES,
    Channel,
)
from bot.official_map import find_province  # noqa: E402
from bot.parsing import Period  # noqa: E402
from bot.reports.digest import DigestBuilder  # noqa: E402
from bot.reports.figures import KINDS, FiguresService  # noqa: E402
from bot.reports.message import render_message  # noqa: E402
from bot.reports.worker import Letterhead, ReportFiles  # noqa: E402
from bot.services.context import Env  # noqa: E402
from bot.texts import Texts  # noqa: E402
from storage.clock import to_db  # noqa: E402
from storage.models import OfficialUnit, OrgRow, ReportScope  # noqa: E402
from storage.sqlite import SqliteStore  # noqa: E402
from storage.sqlite.bulk import (  # noqa: E402
    bulk_insert_entries,
    bulk_insert_persons,
    create_schema,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A province with more than 100 communes, so that every commune has its real name.
PROVINCE = "Thanh Hóa"
#: Village names as they are found across the country, and people's names.
VILLAGE_NAMES = (
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Tân Lập",
    "Đồng Tâm",
    "Quyết Tiến",
    "Hòa Bình",
    "Thống Nhất",
    "Tiến Thành",
    "Xuân Lộc",
    "Yên Phú",
    "Minh Khai",
    "Đoàn Kết",
    "Tân Phong",
    "Hợp Thành",
    "Phú Yên",
    "Bái Thượng",
    "Làng Sen",
    "Cẩm Hoàng",
    "Đại Đồng",
)
SURNAMES = ("Lê", "Nguyễn", "Trịnh", "Lò", "Hà", "Phạm", "Mai", "Đỗ", "Cầm", "Lương")
GIVEN = ("Văn Hùng", "Thị Lan", "Văn Sơn", "Thị Hoa", "Đình Nam", "Thị Mai", "Văn Tú", "Thị Hằng")
#: Schema of the generated data: a database made by another version is made again.
DATA_VERSION = 2
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
FIRST = datetime(2024, 1, 1, tzinfo=TZ)
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31), "year:2025")
PHRASES = (
    "Người lạ đi xe máy không biển số hỏi thăm nhà ông {n}",
    "Phát hiện nhóm thanh niên tụ tập uống rượu gây ồn ào gần chợ, khoảng {n} người",
    "Bà con báo mất {n} con gà trong đêm, nghi có người lạ vào xóm",
    "Giúp cụ bà {n} tuổi bị ngã ngoài đồng về nhà an toàn",
    "Nhặt được ví có {n} nghìn đồng, đã trả lại người đánh rơi",
    "Hòa giải mâu thuẫn đất đai giữa hai hộ, lần thứ {n}",
)


def generate(
    n: int,
    teams: list[tuple[int, int, int]],
    reporters: dict[int, int],
    doers: list[tuple[str, int | None, str | None]] | None = None,
) -> Iterator[Any]:
    """Yield entry rows in filing order over three years (deterministic)."""
    rng = random.Random(42)
    span = int((NOW - FIRST).total_seconds())
    offsets = sorted(rng.randrange(span) for _ in range(n))
    counters: Counter[tuple[str, int]] = Counter()
    recent = NOW - timedelta(days=7)
    for offset in offsets:
        created = FIRST + timedelta(seconds=offset)
        team_id, village_id, commune_id = teams[rng.randrange(len(teams))]
        roll = rng.random()
        kind = "tip" if roll < 0.4 else "incident" if roll < 0.6 else "deed"
        prefix = {"tip": "TB", "incident": "VV", "deed": "VT"}[kind]
        year = created.astimezone(TZ).year
        counters[(prefix, year)] += 1
        code = f"{prefix}-{year}-{counters[(prefix, year)]:06d}"
        direct = kind == "tip" and rng.random() < 0.15
        category = rng.choice(
            TIP_CATEGORIES
            if kind == "tip"
            else INCIDENT_TYPES
            if kind == "incident"
            else DEED_KINDS
        )
        on_scene = (rng.random() < 0.92) if kind == "incident" else None
        status = "handled" if kind != "deed" and created < recent and rng.random() < 0.95 else "new"
        stamp = to_db(created)
        if kind == "deed" and doers is not None:
            # Done by the member who logged it (the commendation list counts doers).
            doers.append((code, reporters[team_id], None))
        yield (
            code,
            kind,
            None if direct else reporters[team_id],
            None if direct else team_id,
            village_id,
            commune_id,
            "direct" if direct else "force",
            category,
            rng.choice(PHRASES).format(n=rng.randrange(2, 90)),
            "Chợ, đường liên thôn",
            None,
            None,
            stamp if kind == "incident" else None,
            int(kind == "tip" and rng.random() < 0.1),
            int(kind == "tip" and rng.random() < 0.3),
            None if on_scene is None else int(on_scene),
            rng.randrange(3, 40) if on_scene else None,
            "on_site" if kind == "incident" else None,
            int(rng.random() < 0.1) if kind == "incident" else None,
            None,  # entries.doers: the old free text (doers are rows of deed_doers)
            None,
            status,
            stamp,
            stamp,
        )


async def build(path: Path, entries: int, communes: int, villages: int) -> None:
    """Create the database: organisation, one member per team, police chats, entries."""
    started = time.perf_counter()
    await create_schema(path)
    store = SqliteStore(path, synchronous="OFF")
    await store.open()
    per = villages // communes
    official = find_province(PROVINCE)
    assert official is not None and len(official.communes) >= communes
    units = official.communes[:communes]
    await store.add_official_communes(
        OfficialUnit(code=official.code, name=PROVINCE), [u.unit() for u in units], FIRST
    )

    def village(v: int) -> str:
        name = VILLAGE_NAMES[v % len(VILLAGE_NAMES)]
        return f"Thôn {name}" + (
            f" {v // len(VILLAGE_NAMES) + 1}" if v >= len(VILLAGE_NAMES) else ""
        )

    rows = [
        OrgRow(
            line=i,
            commune=units[c].name,
            village=village(v),
            team=f"Tổ bảo vệ ANTT {village(v)[:1].lower()}{village(v)[1:]}",
        )
        for i, (c, v) in enumerate(((c, v) for c in range(communes) for v in range(per)), 1)
    ]
    await store.import_org(PROVINCE, rows, FIRST)
    teams = await store.list_teams()
    for commune in await store.list_communes():
        await store.link_police_chat(
            Channel.TELEGRAM,
            str(-1000 - commune.id),
            commune.id,
            commune.name,
            None,
            NOW,  # type: ignore[arg-type]
        )
    await store.close()

    def person(n: int) -> str:
        return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"

    ids = bulk_insert_persons(path, [(person(t.id), "member", t.id, t.commune_id) for t in teams])
    reporters = {t.id: pid for t, pid in zip(teams, ids, strict=True)}
    triples = [(t.id, t.village_id, t.commune_id) for t in teams]
    commune_ids = sorted({t.commune_id for t in teams})
    bulk_insert_persons(path, [(person(c + 7), "police", None, c) for c in commune_ids])
    doers: list[tuple[str, int | None, str | None]] = []
    inserted = bulk_insert_entries(path, generate(entries, triples, reporters, doers), doers=doers)
    add_handling(path)
    print(f"generated {inserted:,} entries in {time.perf_counter() - started:.1f} s", flush=True)


def add_handling(path: Path) -> None:
    """Have each commune's officer take and handle what is handled (5 min to 10 h, then
    up to 3 days), deterministically from the entry's id."""
    conn = sqlite3.connect(path)
    with conn:
        for action, status, minutes in (
            ("take", "taken", "(e.id * 37) % 600 + 5"),
            ("handle", "handled", "(e.id * 37) % 600 + 5 + (e.id * 91) % 4320 + 30"),
        ):
            conn.execute(
                "INSERT INTO entry_events (entry_id, action, status, person_id, note, created_at) "
                f"SELECT e.id, '{action}', '{status}', p.id, "
                f"CASE WHEN '{action}' = 'handle' AND e.id % 3 = 0 "
                "THEN 'Đã xác minh, nhắc nhở' END, "
                f"datetime(e.created_at, '+' || ({minutes}) || ' minutes') "
                "FROM entries e JOIN persons p ON p.commune_id = e.commune_id "
                "AND p.role = 'police' WHERE e.kind != 'deed' AND e.status = 'handled'"
            )
    conn.close()


async def timed(fn: Callable[[], Awaitable[Any]], repeat: int) -> tuple[float, Any]:
    """Run once to warm up (unless run once only), then return the median of the runs."""
    result = await fn() if repeat > 1 else None
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


async def peak(fn: Callable[[], Awaitable[Any]]) -> float:
    """Return the peak of Python allocations during one run, in MiB."""
    gc.collect()
    tracemalloc.start()
    try:
        await fn()
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return top / 2**20


async def measure(path: Path, repeat: int, out: Path) -> dict[str, Any]:
    store = SqliteStore(path, synchronous="NORMAL")
    await store.open()
    env = Env(store=store, clock=ManualClock(NOW), tz=TZ, admins=frozenset())
    figures = FiguresService(env, TargetsSettings(), PROVINCE)
    texts = Texts("vi")
    files = ReportFiles(env, figures, out, Letterhead(province=PROVINCE))
    digests = DigestBuilder(env, DigestSettings(), out)
    communes = await store.list_communes()
    commune = communes[len(communes) // 2]

    async def commune_message() -> int:
        result = await figures.compute(commune.id, YEAR, NOW)
        return len(render_message(texts, result, TZ))

    async def commune_full() -> int:
        result = await figures.compute(commune.id, YEAR, NOW)
        render_message(texts, result, TZ)
        await files.workbook(result, texts, out / "commune-year.xlsx")
        await files.chart(result, texts, out / "commune-year.png")
        return sum(result.totals.values())

    async def commune_docx() -> None:
        result = await figures.compute(commune.id, YEAR, NOW)
        await files.annual(result, texts, out / "commune-year.docx")

    async def province_message() -> int:
        result = await figures.compute(None, YEAR, NOW)
        render_message(texts, result, TZ)
        return sum(result.totals.values())

    async def province_workbook() -> int:
        result = await figures.compute(None, YEAR, NOW)
        path = await files.workbook(result, texts, out / "province-year.xlsx")
        return path.stat().st_size

    async def all_digests(kind: str) -> int:
        sent = 0
        for c in communes:
            sent += len(await digests.build_digest(c.id, kind, NOW))  # type: ignore[arg-type]
        return sent

    async def naive(commune_id: int | None) -> int:
        """Baseline: fetch every row of the year and count the targets in Python."""
        province = await store.ensure_province(PROVINCE)
        scope = ReportScope(province_id=province.id, commune_id=commune_id)
        start = datetime(2025, 1, 1, tzinfo=TZ)
        end = datetime(2026, 1, 1, tzinfo=TZ)
        counts: Counter[tuple[str, str, str, bool | None]] = Counter()
        for kind in KINDS:
            after = None
            while page := await store.export_entries(scope, kind, start, end, after=after):
                for row in page:
                    counts[(row.kind, row.category, row.source, row.on_scene)] += 1
                after = (page[-1].created_at, page[-1].id)
        return sum(counts.values())

    results: dict[str, Any] = {}
    stages: list[tuple[str, Callable[[], Awaitable[Any]], float | None, int]] = [
        ("commune-year message", commune_message, None, repeat),
        ("commune-year message + XLSX + chart", commune_full, 1.0, repeat),
        ("commune-year DOCX draft", commune_docx, None, repeat),
        ("province-year message", province_message, 2.0, repeat),
        ("digests, daily, 100 communes", lambda: all_digests("daily"), 5.0, repeat),
        ("digests, weekly, 100 communes", lambda: all_digests("weekly"), 5.0, repeat),
        ("baseline: commune-year counted in Python", lambda: naive(commune.id), None, repeat),
        ("baseline: province-year counted in Python", lambda: naive(None), None, 1),
        ("province-year XLSX (background worker)", province_workbook, None, 1),
    ]
    for name, fn, target, times in stages:
        seconds, value = await timed(fn, times)
        results[name] = {"seconds": round(seconds, 3), "target": target, "value": value}
        print(
            f"{name:45s} {seconds:8.3f} s" + (f"  (target {target} s)" if target else ""),
            flush=True,
        )
    for name, fn, _, _ in stages[:6]:
        results[name]["peak_mib"] = round(await peak(fn), 1)
    results["commune rows in the year"] = results["commune-year message + XLSX + chart"]["value"]
    results["province rows in the year"] = results["province-year message"]["value"]
    results["ratio commune-year SQL vs Python"] = round(
        results["baseline: commune-year counted in Python"]["seconds"]
        / results["commune-year message"]["seconds"],
        1,
    )
    results["ratio province-year SQL vs Python"] = round(
        results["baseline: province-year counted in Python"]["seconds"]
        / results["province-year message"]["seconds"],
        1,
    )
    results["xlsx bytes"] = (out / "commune-year.xlsx").stat().st_size
    results["max rss MiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    await store.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "results" / "police.sqlite3")
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--villages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    args = parser.parse_args()
    out = args.db.parent / "police-files"
    out.mkdir(parents=True, exist_ok=True)
    marker = args.db.with_suffix(".json")
    wanted = {
        "entries": args.entries,
        "communes": args.communes,
        "villages": args.villages,
        "version": DATA_VERSION,
    }
    if (
        args.fresh
        or not args.db.exists()
        or not marker.exists()
        or json.loads(marker.read_text()) != wanted
    ):
        for stale in (args.db, args.db.with_name(args.db.name + "-wal")):
            stale.unlink(missing_ok=True)
        asyncio.run(build(args.db, args.entries, args.communes, args.villages))
        marker.write_text(json.dumps(wanted))
    results = asyncio.run(measure(args.db, args.repeat, out))
    report = out.parent / "police-bench.json"
    report.write_text(
        json.dumps({"setup": wanted, "results": results}, indent=2, ensure_ascii=False)
    )
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
