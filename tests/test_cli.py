"""The command line: organisation import, demo."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from storage.sqlite import SqliteStore


def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[bot]\nprovince = "Cao Bằng"\n[storage]\npath = "antt.sqlite3"\n', "utf-8")
    return path


async def communes(db: Path) -> list[str]:
    store = SqliteStore(db)
    await store.open()
    try:
        return [c.name for c in await store.list_communes()]
    finally:
        await store.close()


def test_org_import_loads_the_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "org.csv"
    csv.write_text(
        "Xã,Thôn,Loại,Tổ\n"
        "Xã Hòa An,Thôn Nà Cáp,thôn,\n"
        "Xã Hòa An,Tổ dân phố 1,tổ dân phố,Tổ bảo vệ ANTT TDP 1\n"
        "Phường Sông Hiến,Tổ 5,tdp,\n",
        encoding="utf-8",
    )
    assert main(["org", "import", str(csv), "--config", str(config(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "3 rows read" in out and "2 communes" in out and "3 villages" in out
    assert asyncio.run(communes(tmp_path / "antt.sqlite3")) == ["Phường Sông Hiến", "Xã Hòa An"]


def test_org_import_reports_bad_lines_and_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "org.csv"
    csv.write_text(
        "commune,village,kind\n"
        "Xã Hòa An,Thôn Nà Cáp,village\n"
        ",Thôn Không Xã,village\n"
        "Xã Hòa An,,village\n"
        "Xã Hòa An,Thôn Lạ,khu phố\n",
        encoding="utf-8",
    )
    assert main(["org", "import", str(csv), "--config", str(config(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert f"{csv}:3: the commune is empty" in err
    assert f"{csv}:4: the village is empty" in err
    assert f"{csv}:5: unknown kind 'khu phố'" in err
    assert "nothing imported" in err
    assert (
        not (tmp_path / "antt.sqlite3").exists()
        or asyncio.run(communes(tmp_path / "antt.sqlite3")) == []
    )


def test_org_import_needs_the_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "org.csv"
    csv.write_text("name,place\nA,B\n", encoding="utf-8")
    assert main(["org", "import", str(csv), "--config", str(config(tmp_path))]) == 1
    assert "missing column(s) commune, village" in capsys.readouterr().err


def test_demo_plays_a_whole_session(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for code in ("TB-", "VV-", "VT-"):
        assert f"Mã số: {code}" in out
    assert "3 tin gần nhất của bạn" in out
    assert "http://127.0.0.1:" in out and "/login/" in out  # the workspace's sign-in link
