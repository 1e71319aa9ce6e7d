"""The national benchmark's generator and reports, on a few hundred entries (it must not rot)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench import national
from storage.sqlite.bulk import create_schema

LAI_CHAU = "12"


def _schema(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("SELECT type, name FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        conn.close()


async def test_generated_province_reports_every_entry_of_its_year(tmp_path: Path) -> None:
    db = tmp_path / "national.sqlite3"
    backend = national.SqliteBackend(db)
    setup = await national.build(backend, 300, [LAI_CHAU], max_villages=2)
    rows = {
        r["key"]: r
        for r in await national.measure(backend, 1, tmp_path, memory=False, codes=[LAI_CHAU])
    }

    assert setup["entries"] == 300
    assert setup["communes"] == len(national.chosen([LAI_CHAU])[0].communes)
    # The country's year is every entry filed in 2025 (local time), as generated.
    in_2025 = setup["years"]["2025"]
    assert rows["country-year"]["count"] == in_2025 > 0
    assert rows["province-year"]["count"] == in_2025
    assert 0 < rows["commune-year"]["count"] < in_2025
    # Every commune has a police chat: each gets its daily digest.
    assert rows["digests"]["count"] >= setup["communes"]


async def test_bulk_load_puts_back_the_indexes_and_triggers_it_set_aside(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    await create_schema(fresh)
    db = tmp_path / "loaded.sqlite3"
    await national.build(national.SqliteBackend(db), 50, [LAI_CHAU], max_villages=1)

    assert _schema(db) - {("table", "sqlite_stat1"), ("table", "sqlite_stat4")} == _schema(fresh)
