"""National scale (issue 14): the 34 provinces, their 3,321 communes, 10,000,000 entries.

Not run in CI. Generates (once; reused while the options match) a database of every
province and commune of the official list since 07/2025 (storage/admin_units/, loaded as
`antt-bot org seed` does), villages and teams in the numbers communes have (10–45 a
commune), 3–5 members a team, 3–6 officers and a police chat a commune, and N entries over
three years: tips, incidents and good deeds in a realistic mix of categories, urgency,
sources, locations and handling, communes busier or quieter than others, wards busier
than rural communes, a growing movement, the July–August campaign and Tết. Then it times
what `/baocao` and the digests run, through the same service calls:

* the busiest commune's year (target < 1 s), the busiest province's year (< 2 s),
  the whole country's year (< 10 s): `FiguresService.compute` and `render_message`;
* the daily digests of every commune of that province (< 5 s): `DigestBuilder`.

Peak memory: Python allocations per stage (tracemalloc, in a separate pass) and the
measuring process's peak RSS (generation runs in a child process, its RSS reported apart).

    python bench/national.py                        # 10,000,000 entries (about 20 min once)
    python bench/national.py --entries 200000 --db /tmp/national-small.sqlite3
    createdb -h 127.0.0.1 -U postgres antt_bench
    python bench/national.py --backend postgresql --dsn postgresql://postgres@127.0.0.1:5432/antt_bench
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from queue import Empty
from typing import Any, Protocol
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.clock import ManualClock  # noqa: E402
from bot.config import DigestSettings, TargetsSettings  # noqa: E402
from bot.domain import Channel  # noqa: E402
from bot.official_map import OfficialProvince, provinces  # noqa: E402
from bot.parsing import Period  # noqa: E402
from bot.reports.digest import DigestBuilder  # noqa: E402
from bot.reports.figures import FiguresService  # noqa: E402
from bot.reports.message import render_message  # noqa: E402
from bot.services.context import Env  # noqa: E402
from bot.texts import Texts  # noqa: E402
from storage.base import Store  # noqa: E402
from storage.clock import to_db  # noqa: E402
from storage.models import OrgRow  # noqa: E402
from storage.sqlite.bulk import EntryChunk, EventTuple  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: Schema of the generated data: a database made by another version is made again.
DATA_VERSION = 1
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
FIRST = datetime(2024, 1, 1, tzinfo=TZ)
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31), "year:2025")
TARGETS = {"commune-year": 1.0, "province-year": 2.0, "country-year": 10.0, "digests": 5.0}
CHUNK = 100_000

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
    "Nà Cáp",
    "Bản Chang",
    "Khuổi Luông",
    "Pác Nặm",
    "Phú Mỹ",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Nông", "Lò")
GIVEN = ("Văn Hùng", "Thị Lan", "Văn Sơn", "Thị Hoa", "Đình Nam", "Thị Mai", "Minh Tú", "Thu Hằng")
#: (category, weight) by kind: what the plans list, the common ones commoner.
CATEGORIES = {
    "tip": (
        ("theft", 22),
        ("suspicious", 18),
        ("drugs", 14),
        ("fraud", 12),
        ("residence", 9),
        ("gambling", 8),
        ("business", 5),
        ("weapons", 2),
        ("border", 2),
        ("other", 8),
    ),
    "incident": (
        ("dispute", 30),
        ("traffic", 22),
        ("fight", 18),
        ("theft", 14),
        ("fire", 5),
        ("rescue", 3),
        ("other", 8),
    ),
    "deed": (
        ("propaganda", 24),
        ("mediation", 18),
        ("help_police", 16),
        ("lost_property", 12),
        ("danger", 10),
        ("firefighting", 4),
        ("rescue", 4),
        ("other", 12),
    ),
}
PHRASES = {
    "tip": (
        "Người lạ đi xe máy không biển số hỏi thăm nhà ông {n}",
        "Nhóm thanh niên tụ tập gần chợ đến khuya, khoảng {n} người",
        "Có tin nhắn giả danh công an đòi chuyển {n} triệu đồng",
        "Nhà số {n} có người lạ đến ở mà chưa khai báo tạm trú",
    ),
    "incident": (
        "Hai hộ cãi nhau về ranh giới đất, đã mời trưởng thôn đến, lần thứ {n}",
        "Va chạm xe máy ở ngã ba, {n} người bị xây xát nhẹ",
        "Mất {n} con gà trong đêm, nghi có người lạ vào xóm",
        "Cháy đống rơm sau nhà, bà con dập tắt sau {n} phút",
    ),
    "deed": (
        "Giúp cụ bà {n} tuổi bị ngã ngoài đồng về nhà an toàn",
        "Nhặt được ví có {n} nghìn đồng, đã trả lại người đánh rơi",
        "Hòa giải mâu thuẫn giữa hai gia đình, lần thứ {n}",
        "Tuyên truyền phòng chống lừa đảo qua mạng cho {n} hộ dân",
    ),
}
PREFIX = {"tip": "TB", "incident": "VV", "deed": "VT"}
#: Hours of the day (local) entries are filed at, relative weights.
HOURS = (1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 7, 6, 7, 8, 8, 8, 7, 7, 6, 5, 4, 2, 1)


def commune_weights(units: Sequence[OfficialProvince]) -> list[float]:
    """Return each commune's share of the entries (deterministic): wards are busier than
    rural communes, special zones quieter, and communes differ a lot among themselves."""
    rng = random.Random(7)
    factor = {"Phường": 1.6, "Xã": 1.0}
    return [
        rng.lognormvariate(0, 0.55) * factor.get(c.kind, 0.6) for p in units for c in p.communes
    ]


def village_count(kind: str, rng: random.Random, cap: int | None = None) -> int:
    """Return how many villages (thôn, tổ dân phố) a commune of that kind has."""
    if kind == "Phường":
        count = rng.randint(15, 45)
    elif kind == "Xã":
        count = rng.randint(10, 34)
    else:
        count = rng.randint(5, 15)
    return min(count, cap) if cap else count


def chosen(codes: Sequence[str] | None = None) -> tuple[OfficialProvince, ...]:
    """Return the provinces generated: all 34, or those of the given codes (quick runs)."""
    return tuple(p for p in provinces() if not codes or p.code in codes)


def village_name(kind: str, n: int) -> str:
    """Return the n-th village's name: wards have numbered residential groups."""
    if kind == "Phường":
        return f"Tổ dân phố {n + 1}"
    base = VILLAGE_NAMES[n % len(VILLAGE_NAMES)]
    return f"Thôn {base}" + (f" {n // len(VILLAGE_NAMES) + 1}" if n >= len(VILLAGE_NAMES) else "")


def person_name(n: int) -> str:
    """Return the n-th of many real-sounding full names."""
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"


@dataclass
class Commune:
    """What the generator needs of a commune."""

    id: int
    lat: float
    lon: float
    officers: list[int]
    #: (team id, village id, member ids) of each team.
    teams: list[tuple[int, int, list[int]]] = field(default_factory=list)


def day_weights(days: int) -> list[float]:
    """Return each day's share: the movement grows, Tết is quieter, July–August busier."""
    weights = []
    for d in range(days):
        day = (FIRST + timedelta(days=d)).date()
        growth = 0.7 + 0.6 * d / max(1, days - 1)
        season = 1.25 if day.month in (7, 8) else 0.8 if day.month == 2 else 1.0
        weekend = 0.85 if day.weekday() == 6 else 1.0
        weights.append(growth * season * weekend)
    return weights


def generate(n: int, communes: list[Commune], weights: list[float]) -> Iterator[EntryChunk]:
    """Yield N entries in filing order with their history and doers, in chunks."""
    rng = random.Random(42)
    days = (NOW.astimezone(TZ).date() - FIRST.date()).days + 1
    per_day = day_weights(days)
    scale = n / sum(per_day)
    cum_communes = list(_cumulative(weights))
    cum_hours = list(_cumulative(HOURS))
    categories = {
        kind: ([c for c, _ in pairs], list(_cumulative([w for _, w in pairs])))
        for kind, pairs in CATEGORIES.items()
    }
    counters: dict[tuple[str, int], int] = {}
    next_id = 1
    made = 0
    carry = 0.0
    chunk = EntryChunk([])
    recent = NOW - timedelta(days=7)
    for d in range(days):
        carry += per_day[d] * scale
        count = int(carry) if d < days - 1 else n - made
        carry -= count
        made += count
        midnight = FIRST + timedelta(days=d)
        hours = rng.choices(range(24), cum_weights=cum_hours, k=count)
        moments = sorted(midnight + timedelta(hours=h, seconds=rng.randrange(3600)) for h in hours)
        picks = rng.choices(communes, cum_weights=cum_communes, k=count)
        for created, commune in zip(moments, picks, strict=True):
            if created >= NOW:
                created = NOW - timedelta(seconds=rng.randrange(1, 3600))
            entry_id = next_id
            next_id += 1
            _entry(rng, chunk, entry_id, created, commune, categories, counters, recent)
            if len(chunk.entries) >= CHUNK:
                yield chunk
                chunk = EntryChunk([])
    if chunk.entries:
        yield chunk


def _cumulative(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _entry(
    rng: random.Random,
    chunk: EntryChunk,
    entry_id: int,
    created: datetime,
    commune: Commune,
    categories: dict[str, tuple[list[str], list[float]]],
    counters: dict[tuple[str, int], int],
    recent: datetime,
) -> None:
    """Add one entry (and its history, its doers) to the chunk."""
    roll = rng.random()
    month = created.astimezone(TZ).month
    # The July–August campaign (Ngày hội, 19/8) is mostly good deeds and propaganda.
    deed_share = 0.45 if month in (7, 8) else 0.33
    kind = "deed" if roll < deed_share else "tip" if roll < deed_share + 0.47 else "incident"
    names, cum = categories[kind]
    category = rng.choices(names, cum_weights=cum)[0]
    year = created.astimezone(TZ).year
    key = (PREFIX[kind], year)
    counters[key] = counters.get(key, 0) + 1
    code = f"{PREFIX[kind]}-{year}-{counters[key]:06d}"
    team_id, village_id, members = commune.teams[rng.randrange(len(commune.teams))]
    direct = kind == "tip" and rng.random() < 0.15
    reporter: int | None = rng.choice(commune.officers) if direct else rng.choice(members)
    stamp = to_db(created)
    located = rng.random() < 0.25
    lat = commune.lat + rng.uniform(-0.03, 0.03) if located else None
    lon = commune.lon + rng.uniform(-0.03, 0.03) if located else None
    urgent = kind == "tip" and rng.random() < 0.08
    on_scene: int | None = None
    response = injuries = None
    action = None
    if kind == "incident":
        # Fire and rescue: the force is there nearly always; other incidents mostly.
        on_scene = int(rng.random() < (0.97 if category in ("fire", "rescue") else 0.9))
        response = rng.randrange(3, 45) if on_scene else None
        injuries = int(rng.random() < (0.3 if category in ("traffic", "fight") else 0.05))
        action = rng.choice(("on_site", "to_police", "mediated", "on_site", "other"))
    status = "new"
    taken_at = handled_at = arrived_at = None
    if kind != "deed":
        roll = rng.random()
        fast = urgent or bool(injuries) or category in ("fire", "rescue")
        take = created + timedelta(minutes=rng.expovariate(1 / (8 if fast else 90)) + 1)
        done = take + timedelta(hours=rng.expovariate(1 / (6 if fast else 30)))
        settled = created < recent
        if roll < (0.01 if settled else 0.05):
            status = "forwarded"
            arrived_at = to_db(created + timedelta(hours=rng.uniform(0.5, 24)))
            chunk.events.append(
                (entry_id, "forward", "forwarded", rng.choice(commune.officers), None, arrived_at)
            )
        elif roll < (0.03 if settled else 0.35) or take >= NOW:
            status = "new"
        elif roll < (0.06 if settled else 0.6) or done >= NOW:
            status = "taken"
        else:
            status = "handled"
        if status in ("taken", "handled"):
            officer = rng.choice(commune.officers)
            taken_at = to_db(take)
            chunk.events.append((entry_id, "take", "taken", officer, None, taken_at))
            if status == "handled":
                handled_at = to_db(done)
                note = "Đã xác minh, nhắc nhở" if rng.random() < 0.3 else None
                event: EventTuple = (entry_id, "handle", "handled", officer, note, handled_at)
                chunk.events.append(event)
    else:
        who = rng.random()
        if who < 0.6 and reporter is not None:
            chunk.doers.append((entry_id, reporter, None))
        elif who < 0.8:
            chunk.doers.extend((entry_id, m, None) for m in members)
        else:
            chunk.doers.append((entry_id, None, person_name(rng.randrange(1000))))
    chunk.entries.append(
        (
            entry_id,
            code,
            kind,
            reporter,
            None if direct else team_id,
            village_id,
            commune.id,
            "direct" if direct else "force",
            category,
            rng.choice(PHRASES[kind]).format(n=rng.randrange(2, 90)),
            "Đường liên thôn, gần nhà văn hóa" if rng.random() < 0.5 else None,
            lat,
            lon,
            stamp if kind == "incident" else None,
            int(urgent),
            int(kind == "tip" and rng.random() < 0.25),
            on_scene,
            response,
            action,
            injuries,
            None,  # entries.doers: the old free text (doers are rows of deed_doers)
            "Một cụ bà" if kind == "deed" and rng.random() < 0.3 else None,
            status,
            stamp,
            handled_at or taken_at or stamp,
            arrived_at,
            taken_at,
            handled_at,
        )
    )


class Backend(Protocol):
    """A database the benchmark fills and measures."""

    name: str

    def fresh(self) -> None:
        """Remove any earlier data, so the next `create` starts empty."""

    async def create(self) -> None:
        """Create the empty schema."""

    def store(self) -> Store:
        """Return a Store on the database (not opened)."""

    def source_store(self) -> Store:
        """Return a Store on what is generated (for PostgreSQL: the file copied to it)."""

    def insert_persons(self, rows: list[tuple[str, str, int | None, int]]) -> list[int]:
        """Insert people (name, role, team id, commune id); return their ids in order."""

    def load(self, chunks: Iterator[EntryChunk], progress: Callable[[int], None]) -> int:
        """Load the entries, their history and doers; return how many entries."""

    async def finish(self) -> None:
        """Complete the database once loaded."""

    def marker(self) -> Path:
        """Return the file recording what the database was generated with."""


class SqliteBackend:
    """SQLite: the bulk loader of storage/sqlite/bulk.py."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path

    def fresh(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    async def create(self) -> None:
        from storage.sqlite.bulk import create_schema

        await create_schema(self.path)

    def store(self) -> Store:
        return self.source_store()

    def source_store(self) -> Store:
        """Return a Store on the file the organisation and entries are generated into."""
        from storage.sqlite import SqliteStore

        return SqliteStore(self.path, synchronous="OFF")

    def insert_persons(self, rows: list[tuple[str, str, int | None, int]]) -> list[int]:
        from storage.sqlite.bulk import bulk_insert_persons

        return bulk_insert_persons(self.path, rows)

    def load(self, chunks: Iterator[EntryChunk], progress: Callable[[int], None]) -> int:
        from storage.sqlite.bulk import bulk_load

        return bulk_load(self.path, chunks, progress=progress)

    async def finish(self) -> None:
        """Nothing more: the file is the database."""

    def marker(self) -> Path:
        return self.path.with_suffix(".json")


class PostgresBackend(SqliteBackend):
    """PostgreSQL: generated into a SQLite file by the same loader, then copied with
    `antt-bot db copy`'s `copy_to_postgres` (which checks every table), and measured
    through `PostgresStore(dsn)`. The database is emptied first: its name must contain
    "bench", so a deployment's database is never the one emptied."""

    name = "postgresql"

    def __init__(self, dsn: str, path: Path, results: Path) -> None:
        super().__init__(path)
        self.dsn = dsn
        self.results = results
        if "bench" not in dsn.rsplit("/", 1)[-1]:
            raise SystemExit(f"{dsn}: the benchmark empties its database; name it *bench*")

    def fresh(self) -> None:
        import asyncpg

        async def empty() -> None:
            conn = await asyncpg.connect(self.dsn)
            try:
                await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            finally:
                await conn.close()

        super().fresh()
        asyncio.run(empty())

    def store(self) -> Store:
        from storage.postgres.store import PostgresStore

        return PostgresStore(self.dsn)

    async def finish(self) -> None:
        from storage.transfer import copy_to_postgres

        started = time.perf_counter()
        report = await copy_to_postgres(self.path, self.dsn)
        bad = [t.table for t in report.tables if not t.same]
        if bad:
            raise SystemExit(f"copy to PostgreSQL differs in {', '.join(bad)}")
        print(f"copied to PostgreSQL in {time.perf_counter() - started:.0f} s", flush=True)

    def marker(self) -> Path:
        # Not national-postgresql.json: the results go there, and a marker overwritten by
        # them made every run generate the country again.
        return self.results / "national-postgresql-setup.json"


async def build(
    backend: Backend,
    entries: int,
    codes: Sequence[str] | None = None,
    max_villages: int | None = None,
) -> dict[str, Any]:
    """Create the country's organisation through the Store, then bulk-load the entries.

    `codes` (province codes) and `max_villages` (a commune) shrink it for quick runs.
    """
    started = time.perf_counter()
    await backend.create()
    store = backend.source_store()
    await store.open()
    units = chosen(codes)
    rng = random.Random(3)
    try:
        for province in units:
            await store.add_official_communes(
                province.unit(), [c.unit() for c in province.communes], FIRST
            )
            rows = [
                OrgRow(
                    line=line,
                    commune=commune.name,
                    village=name,
                    kind="residential_group" if commune.kind == "Phường" else "village",
                    team=f"Tổ bảo vệ ANTT {name[:1].lower()}{name[1:]}",
                )
                for line, (commune, name) in enumerate(
                    (
                        (commune, village_name(commune.kind, v))
                        for commune in province.communes
                        for v in range(village_count(commune.kind, rng, max_villages))
                    ),
                    1,
                )
            ]
            await store.import_org(province.short, rows, FIRST)
        stored = await store.list_communes()
        for commune in stored:
            await store.link_police_chat(
                Channel.TELEGRAM,
                str(-1_000_000 - commune.id),
                commune.id,
                commune.name,
                None,  # type: ignore[arg-type]
                FIRST,
            )
        teams = await store.list_teams()
    finally:
        await store.close()
    print(f"organisation: {len(stored):,} communes, {len(teams):,} teams", flush=True)
    by_code = {c.code: c for c in stored}
    people: list[tuple[str, str, int | None, int]] = []
    sizes = []
    for t in teams:
        size = rng.randint(3, 5)
        sizes.append(size)
        people += [
            (person_name(len(people)), "leader" if i == 0 else "member", t.id, t.commune_id)
            for i in range(size)
        ]
    ids = iter(backend.insert_persons(people))
    communes: dict[int, Commune] = {}
    for province in units:
        for unit in province.communes:
            c = by_code[unit.code]
            communes[c.id] = Commune(c.id, unit.lat, unit.lon, [])
    for t, size in zip(teams, sizes, strict=True):
        communes[t.commune_id].teams.append((t.id, t.village_id, [next(ids) for _ in range(size)]))
    police = [
        (person_name(i + 7), "police", None, c)
        for i, c in enumerate(c for c in communes for _ in range(3 + c % 4))
    ]
    officer_ids = backend.insert_persons(police)
    for (_, _, _, commune_id), pid in zip(police, officer_ids, strict=True):
        communes[commune_id].officers.append(pid)
    ordered = [communes[by_code[u.code].id] for p in units for u in p.communes]
    loading = time.perf_counter()

    def progress(done: int) -> None:
        if done % 1_000_000 < CHUNK or done == entries:
            rate = done / (time.perf_counter() - loading)
            print(f"  {done:,} entries ({rate:,.0f}/s)", flush=True)

    years: Counter[str] = Counter()

    def tallied(chunks: Iterator[EntryChunk]) -> Iterator[EntryChunk]:
        # Entries by the local year of filing (in their codes: TB-2025-…), to check reports.
        for chunk in chunks:
            years.update(str(row[1])[3:7] for row in chunk.entries)
            yield chunk

    loaded = backend.load(tallied(generate(entries, ordered, commune_weights(units))), progress)
    await backend.finish()
    seconds = time.perf_counter() - started
    print(f"generated {loaded:,} entries in {seconds:.0f} s (indexes included)", flush=True)
    return {
        "communes": len(stored),
        "teams": len(teams),
        "members": len(people),
        "officers": len(police),
        "entries": loaded,
        "years": dict(sorted(years.items())),
        "seconds": round(seconds),
    }


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


def busiest(units: Sequence[OfficialProvince]) -> tuple[OfficialProvince, str]:
    """Return the province and the commune (code) with the most entries, by construction."""
    weights = iter(commune_weights(units))
    best: tuple[float, OfficialProvince] | None = None
    top: tuple[float, str] | None = None
    for province in units:
        mine = [(next(weights), c.code) for c in province.communes]
        total = sum(w for w, _ in mine)
        best = max(best or (total, province), (total, province), key=lambda item: item[0])
        top = max(top or mine[0], *mine, key=lambda item: item[0])
    assert best is not None and top is not None
    return best[1], top[1]


@dataclass
class Stage:
    """One measured step: its name, the work, its target and what it counts."""

    key: str
    label: str
    work: Callable[[], Awaitable[int]]
    target: float | None
    counts: str


async def measure(
    backend: Backend,
    repeat: int,
    out: Path,
    *,
    memory: bool = True,
    codes: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
    statements: float | None = None,
) -> list[dict[str, Any]]:
    """Time the four figures against their targets; return one row per stage.

    `statements` (seconds): also print each statement that took longer, per stage (the
    stages' reads run side by side, so their times overlap).
    """
    if statements is not None:
        _log_statements(statements)
    store = backend.store()
    await store.open()
    units = chosen(codes)
    try:
        province, commune_code = busiest(units)
        env = Env(store=store, clock=ManualClock(NOW), tz=TZ, admins=frozenset())
        figures = FiguresService(env, TargetsSettings(), province.short)
        texts = Texts("vi")
        digests = DigestBuilder(env, DigestSettings(), out)
        communes = await store.list_communes()
        home = await store.ensure_province(province.short)
        mine = [c for c in communes if c.province_id == home.id]
        commune = next(c for c in communes if c.code == commune_code)

        async def report(commune_id: int | None, country: bool = False) -> int:
            result = await figures.compute(commune_id, YEAR, NOW, country=country)
            render_message(texts, result, TZ)
            return sum(result.totals.values())

        async def all_digests() -> int:
            sent = 0
            for c in mine:
                sent += len(await digests.build_digest(c.id, "daily", NOW))
            return sent

        stages = [
            Stage(
                "commune-year",
                f"commune-year /baocao ({commune.name})",
                lambda: report(commune.id),
                TARGETS["commune-year"],
                "entries",
            ),
            Stage(
                "province-year",
                f"province-year /baocao ({province.short}, {len(mine)} communes)",
                lambda: report(None),
                TARGETS["province-year"],
                "entries",
            ),
            Stage(
                "country-year",
                f"country-year figures ({len(units)} provinces)",
                lambda: report(None, country=True),
                TARGETS["country-year"],
                "entries",
            ),
            Stage(
                "digests",
                f"daily digests, all {len(mine)} communes of {province.short}",
                all_digests,
                TARGETS["digests"],
                "messages",
            ),
        ]
        stages = [s for s in stages if not only or s.key in only]
        rows = []
        for stage in stages:
            if statements is not None:
                print(f"-- {stage.key}", flush=True)
            seconds, value = await timed(stage.work, repeat)
            row = {
                "key": stage.key,
                "what": stage.label,
                "seconds": round(seconds, 3),
                "target": stage.target,
                "met": stage.target is None or seconds < stage.target,
                "count": value,
                "counts": stage.counts,
            }
            print(
                f"{stage.label:60s} {seconds:8.3f} s  (target < {stage.target} s)"
                f"  {value:,} {stage.counts}",
                flush=True,
            )
            rows.append(row)
        if memory:
            for stage, row in zip(stages, rows, strict=True):
                row["peak_mib"] = round(await peak(stage.work), 1)
    finally:
        await store.close()
    return rows


def _log_statements(longer_than: float) -> None:
    """Print each PostgreSQL statement slower than `longer_than` seconds as it ends: where
    a report's time goes, on the data the benchmark made."""
    from storage.postgres.db import PgConnection

    run = PgConnection.run

    async def timed_run(self: PgConnection, sql: str, parameters: Any = None) -> Any:
        started = time.perf_counter()
        result = await run(self, sql, parameters)
        took = time.perf_counter() - started
        if took > longer_than:
            text = " ".join(sql.split())
            print(f"   {took:7.3f} s {len(result.fetchall()):>9,} rows  {text[:220]}", flush=True)
        return result

    PgConnection.run = timed_run  # type: ignore[method-assign]


def table(setup: dict[str, Any], rows: list[dict[str, Any]], backend: str, rss: float) -> str:
    """Return the results as a small text table."""
    lines = [
        f"national benchmark, {backend}: {setup['entries']:,} entries, "
        f"{setup.get('communes', 0):,} communes, {setup.get('teams', 0):,} teams, "
        f"{setup.get('members', 0):,} members, {setup.get('officers', 0):,} officers",
        "",
        f"| {'what':60s} | time | target | met | counted | peak Python memory |",
        f"|{'-' * 62}|---|---|---|---|---|",
    ]
    for r in rows:
        memory = f"{r['peak_mib']} MiB" if "peak_mib" in r else ""
        lines.append(
            f"| {r['what']:60s} | {r['seconds']:.3f} s | < {r['target']:g} s | "
            f"{'yes' if r['met'] else '**no**'} | {r['count']:,} {r['counts']} | {memory} |"
        )
    lines += ["", f"peak RSS while measuring: {rss:.0f} MiB"]
    if "build_rss_mib" in setup:
        lines.append(
            f"generation: {setup.get('seconds', 0)} s, peak RSS {setup['build_rss_mib']:.0f} MiB"
        )
    return "\n".join(lines)


def _build_child(
    backend: Backend, entries: int, codes: list[str] | None, cap: int | None, result: Any
) -> None:
    result.put(asyncio.run(build(backend, entries, codes, cap)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "results" / "national.sqlite3")
    parser.add_argument("--dsn", help="PostgreSQL: postgresql://127.0.0.1:5432/<database>")
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="generate the database again")
    parser.add_argument(
        "--provinces", nargs="*", metavar="CODE", help="only these provinces (official codes)"
    )
    parser.add_argument("--max-villages", type=int, help="at most this many villages a commune")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument(
        "--only", nargs="*", choices=list(TARGETS), help="measure these stages only"
    )
    parser.add_argument(
        "--statements",
        type=float,
        metavar="SECONDS",
        help="PostgreSQL: print each statement slower than this",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    backend: Backend
    if args.backend == "postgresql":
        if not args.dsn:
            parser.error("--backend postgresql needs --dsn")
        backend = PostgresBackend(
            args.dsn, args.db.with_name("national-pg-source.sqlite3"), args.out
        )
    else:
        args.db.parent.mkdir(parents=True, exist_ok=True)
        backend = SqliteBackend(args.db)
    marker = backend.marker()
    wanted = {
        "entries": args.entries,
        "version": DATA_VERSION,
        "provinces": sorted(args.provinces) if args.provinces else None,
        "max_villages": args.max_villages,
    }
    setup = json.loads(marker.read_text()) if marker.exists() else {}
    if args.fresh or {k: setup.get(k) for k in wanted} != wanted:
        marker.unlink(missing_ok=True)
        backend.fresh()
        # Generated in a child process: the measuring process's peak RSS is its own.
        queue: Any = multiprocessing.get_context("fork").Queue()
        child = multiprocessing.get_context("fork").Process(
            target=_build_child,
            args=(backend, args.entries, args.provinces, args.max_villages, queue),
        )
        child.start()
        while True:
            try:
                made = queue.get(timeout=5)
                break
            except Empty:
                if not child.is_alive():
                    return child.exitcode or 1
        child.join()
        build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        setup = {**wanted, **made, "build_rss_mib": round(build_rss)}
        marker.write_text(json.dumps(setup))
    files = args.out / "national-files"
    files.mkdir(exist_ok=True)
    rows = asyncio.run(
        measure(
            backend,
            args.repeat,
            files,
            memory=not args.no_memory,
            codes=args.provinces,
            only=args.only,
            statements=args.statements,
        )
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = table(setup, rows, backend.name, rss)
    (args.out / f"national-{backend.name}.txt").write_text(text + "\n")
    (args.out / f"national-{backend.name}.json").write_text(
        json.dumps({"setup": setup, "results": rows, "rss_mib": round(rss)}, indent=2)
    )
    print("\n" + text)
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
