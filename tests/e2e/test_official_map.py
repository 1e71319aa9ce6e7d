"""The official map of communes (07/2025): /themxa finds the official name, org seed loads all."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.devtools.fake_telegram import FakeTelegram
from bot.official_map import find_province, match_communes, provinces
from harness import ADMIN_ID, Bench, answer, say, settings_for


async def cli(args: list[str]) -> int:
    """Run the command line as an admin would on the server."""
    return await asyncio.to_thread(main, args)


def config(tmp_path: Path, db: Path, province: str = "Cao Bằng") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'[bot]\nprovince = "{province}"\n[storage]\npath = "{db}"\n', "utf-8")
    return path


def test_the_shipped_list_is_the_whole_country() -> None:
    units = provinces()
    assert len(units) == 34
    assert sum(len(p.communes) for p in units) == 3321
    kinds = [c.kind for p in units for c in p.communes]
    assert (kinds.count("Xã"), kinds.count("Phường"), kinds.count("Đặc khu")) == (2621, 687, 13)
    cao_bang = find_province("Tỉnh Cao Bằng")
    assert cao_bang is not None and cao_bang.code == "04" and len(cao_bang.communes) == 56
    hoa_an = match_communes(cao_bang, "hoa an")
    assert [(c.name, c.code) for c in hoa_an] == [("Xã Hòa An", "01654")]
    assert 22 < hoa_an[0].lat < 23 and 106 < hoa_an[0].lon < 107  # a centre in Cao Bằng
    thanh_hoa = find_province("thanh hoa")
    assert thanh_hoa is not None
    assert {c.name for c in match_communes(thanh_hoa, "dong tien")} == {
        "Xã Đồng Tiến",
        "Phường Đông Tiến",
    }
    assert [c.name for c in match_communes(thanh_hoa, "p. dong tien")] == ["Phường Đông Tiến"]


async def test_themxa_finds_the_official_name_typed_without_accents(bench: Bench) -> None:
    admin = bench.admin()
    reply = await say(admin, "/themxa tinh tuc")
    assert "✅ Đã thêm Xã Tĩnh Túc, mã X3 (mã đơn vị hành chính 01" in reply.all_text
    added = await bench.store.get_commune(3)
    assert added.name == "Xã Tĩnh Túc" and added.code is not None and added.lat is not None
    # The commune typed before the map existed gets its code instead of a second copy.
    reply = await say(admin, "/themxa hoa an")
    assert "Đã có Xã Hòa An" in reply.all_text
    assert bench.org is not None
    assert (await bench.store.get_commune(bench.org.commune_a)).code == "01654"
    reply = await say(admin, "/themxa Xã Mới")
    assert "Không có «Xã Mới» trong danh mục xã, phường của Tỉnh Cao Bằng" in reply.all_text
    reply = await say(admin, "/themxa hoa ann")
    assert "Có phải: Xã Hòa An" in reply.all_text
    assert len(await bench.store.list_communes()) == 3


@pytest.fixture
async def thanh_hoa(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A deployment for Thanh Hóa, where "Đông Tiến" names a ward and "Đồng Tiến" a commune."""
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    bench.settings = settings_for(
        fake, bench.db, bot={"province": "Thanh Hóa", "admins": [ADMIN_ID]}
    )
    await bench.start()
    try:
        yield bench
    finally:
        await bench.stop()


async def test_themxa_asks_when_several_communes_match(thanh_hoa: Bench) -> None:
    admin = thanh_hoa.admin()
    ask = await say(admin, "/themxa dong tien")
    assert "khớp với nhiều đơn vị của Tỉnh Thanh Hóa" in ask.all_text
    assert {b.text for b in ask.buttons} == {"Xã Đồng Tiến", "Phường Đông Tiến"}
    assert all(len((b.callback_data or "").encode()) <= 64 for b in ask.buttons)
    assert await thanh_hoa.store.list_communes() == []
    done = await answer(admin, ask, "Phường Đông Tiến")
    assert "✅ Đã thêm Phường Đông Tiến" in done.all_text
    [ward] = await thanh_hoa.store.list_communes()
    assert ward.name == "Phường Đông Tiến" and ward.code is not None
    # The button's typed twin names it whole, so it is never ambiguous.
    reply = await say(admin, "/themxa Xã Đồng Tiến")
    assert "✅ Đã thêm Xã Đồng Tiến" in reply.all_text
    stranger = thanh_hoa.fake.user("Người lạ")
    assert "link mời" in (await say(stranger, "/themxa dong tien")).all_text
    assert len(await thanh_hoa.store.list_communes()) == 2


async def test_org_seed_creates_every_commune_once_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "antt.sqlite3"
    path = config(tmp_path, db)
    assert await cli(["org", "seed", "--province", "Cao Bằng", "--config", str(path)]) == 0
    rows = sqlite3.connect(db).execute("SELECT name, code FROM communes").fetchall()
    assert len(rows) == 56 and all(code for _, code in rows)
    assert ("Xã Hòa An", "01654") in rows
    # Idempotent: a second run creates nothing.
    assert await cli(["org", "seed", "--config", str(path)]) == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM communes").fetchone() == (56,)


async def test_org_seed_refuses_another_province_and_changes_nothing_on_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "antt.sqlite3"
    path = config(tmp_path, db)
    assert await cli(["org", "seed", "--province", "Lào Cai", "--config", str(path)]) == 2
    assert "this deployment is for 'Cao Bằng'" in capsys.readouterr().err
    assert await cli(["org", "seed", "--province", "Atlantis", "--config", str(path)]) == 2
    # A commune of that name already holds another code: nothing at all is created.
    assert await cli(["org", "seed", "--config", str(path)]) == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM communes WHERE code != '01654'")
        conn.execute("UPDATE communes SET code = '99999' WHERE code = '01654'")
    assert await cli(["org", "seed", "--config", str(path)]) == 1
    assert "nothing created" in capsys.readouterr().err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM communes").fetchone() == (1,)
