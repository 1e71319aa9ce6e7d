"""`antt-bot calendar import FILE`: CSV or TOML, all or nothing, every error by line."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain import Audience
from storage import SqliteStore
from storage.models import Deadline, Phase

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config whose database has two communes."""
    db = tmp_path / "antt.sqlite3"

    async def seed() -> None:
        store = SqliteStore(db)
        await store.open()
        province = await store.ensure_province("Cao Bằng")
        await store.add_commune(province.id, "Xã Hòa An", NOW)
        await store.add_commune(province.id, "Phường Sông Hiến", NOW)
        await store.close()

    asyncio.run(seed())
    path = tmp_path / "config.toml"
    path.write_text(f'[bot]\nprovince = "Cao Bằng"\n[storage]\npath = "{db}"\n', encoding="utf-8")
    return path


def stored(config: Path) -> tuple[list[Phase], list[Deadline]]:
    async def read() -> tuple[list[Phase], list[Deadline]]:
        store = SqliteStore(config.parent / "antt.sqlite3")
        await store.open()
        try:
            return await store.list_phases(), await store.list_deadlines()
        finally:
            await store.close()

    return asyncio.run(read())


def run(config: Path, name: str, text: str) -> int:
    path = config.parent / name
    path.write_text(text, encoding="utf-8")
    return main(["calendar", "import", str(path), "--config", str(config)])


def test_a_vietnamese_csv_is_imported(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        "Loại,Tên,Bắt đầu,Kết thúc,Ngày,Phạm vi,Đối tượng,Báo cáo\n"
        "đợt,Đợt 1 năm 2027,01/01/2027,30/06/2027,25/06/2027,,,\n"
        "đợt,Đợt 2 năm 2027,01/07/2027,31/12/2027,15/12/2027,,,\n"
        "hạn,Nộp kế hoạch năm 2027,,,31/01/2027,xã hòa an,tổ trưởng + công an,có\n"
    )
    assert run(config, "lich.csv", text) == 0
    assert "imported 2 phase(s) and 1 deadline(s)" in capsys.readouterr().out
    phases, deadlines = stored(config)
    assert [(p.name, p.report.isoformat()) for p in phases] == [
        ("Đợt 1 năm 2027", "2027-06-25"),
        ("Đợt 2 năm 2027", "2027-12-15"),
    ]
    plan = next(d for d in deadlines if d.series == "custom")
    assert plan.commune_name == "Xã Hòa An" and plan.report
    assert plan.audience == {Audience.LEADERS, Audience.POLICE}


def test_a_toml_file_is_imported(config: Path) -> None:
    text = """
[[phase]]
name = "Đợt 1 năm 2027"
start = 2027-01-01
end = "30/06/2027"
report = 2027-06-25
commune = "Phường Sông Hiến"

[[deadline]]
name = "Ngày hội ở cơ sở"
date = 2027-08-10
audience = ["members", "police"]
"""
    assert run(config, "lich.toml", text) == 0
    phases, deadlines = stored(config)
    assert phases[0].commune_name == "Phường Sông Hiến"
    assert deadlines[0].audience == {Audience.MEMBERS, Audience.POLICE}
    assert not deadlines[0].report


def test_every_broken_line_is_named_and_nothing_is_saved(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "type,name,start,end,date,scope,audience,report\n"
        "phase,Good,01/01/2027,30/06/2027,25/06/2027,,,\n"
        "phase,Overlapping,01/06/2027,31/12/2027,15/12/2027,,,\n"
        "phase,Backwards,01/03/2028,01/02/2028,15/03/2028,,,\n"
        "deadline,Impossible,,,31/02/2027,,leaders,\n"
        "deadline,Long ago,,,01/01/2020,,leaders,\n"
        "deadline,Nowhere,,,01/03/2027,Xã Không Có,leaders,\n"
        "deadline,Nobody,,,01/03/2027,,,\n"
        "meeting,What,,,01/03/2027,,leaders,\n"
    )
    assert run(config, "bad.csv", text) == 1
    err = capsys.readouterr().err
    assert "bad.csv:3: It overlaps phase #2 «Good» (01/01/2027–30/06/2027" in err
    assert "bad.csv:4: The end 01/02/2028 is before the start 01/03/2028." in err
    assert "bad.csv:5: date: '31/02/2027' is not a real date" in err
    assert "bad.csv:6: 01/01/2020 has passed." in err
    assert "bad.csv:7: There is no commune «Xã Không Có»." in err
    assert "bad.csv:8: the audience is empty" in err
    assert "bad.csv:9: unknown type 'meeting'" in err
    assert "bad.csv: nothing imported (7 problem(s))" in err
    phases, deadlines = stored(config)
    assert phases == [] and deadlines == []


def test_a_toml_error_names_its_line(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = '[[phase]]\nname = "Đợt 1"\nstart = 2027-01-01\nend = 2027-02-30\n'
    assert run(config, "broken.toml", text) == 1
    assert "broken.toml:4: not valid TOML" in capsys.readouterr().err
    text = '[[deadline]]\nname = "X"\ndate = 2027-03-01\nwho = ["leaders"]\n'
    assert run(config, "keys.toml", text) == 1
    assert "keys.toml:1: unknown key(s) who" in capsys.readouterr().err


def test_an_overlap_with_the_stored_calendar_is_refused(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = "type,name,start,end,date\nphase,Đợt 1,01/01/2027,30/06/2027,25/06/2027\n"
    assert run(config, "one.csv", first) == 0
    assert (
        run(
            config,
            "two.csv",
            "type,name,start,end,date,scope\n"
            "phase,Riêng,01/05/2027,31/07/2027,20/07/2027,Xã Hòa An\n",
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "two.csv:2: It overlaps phase D1 «Đợt 1»" in err
    assert "Whole province (Cao Bằng)" in err
    assert len(stored(config)[0]) == 1
