"""`antt-bot shell` and `antt-bot demo` as a newcomer uses them (issue 11, the sandbox).

Over a kept database (`--db FILE`) a second run used to swallow the first messages (the
fake server's update ids started at 1 again, and the bot took them for ones it had
handled) and the demo crashed; the shell did not say where report files were; only the
buttons the bot had numbered itself could be pressed by number.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

import pytest

from bot.devtools import demo, shell
from bot.devtools.fake_telegram import Button, SentMessage
from bot.devtools.sandbox import sandbox
from bot.domain import Role


def scripted(monkeypatch: pytest.MonkeyPatch, lines: Iterable[str]) -> None:
    """Type these lines into the shell, then end the input."""
    typed = iter(lines)

    async def read(prompt: str) -> str | None:
        return next(typed, None)

    monkeypatch.setattr(shell, "_read", read)


async def test_a_reused_database_hears_the_first_messages(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.sqlite3"
    for run in range(2):
        async with sandbox(db) as box:
            lan = box.person("Lan", "member")
            if run == 0:
                await lan.send_text(f"/start {await box.invite(Role.MEMBER)}")
                assert "Chào Lan" in (await lan.next_reply()).all_text
            # The very first message of the second run is answered, by the same person.
            await lan.send_text("/cuatoi")
            assert "chưa gửi tin nào" in (await lan.next_reply()).all_text
            assert await box.registered(lan)


def test_the_demo_runs_twice_over_one_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Zalo demo: a member on Zalo and one on Telegram, so both fakes restart."""
    monkeypatch.setattr(demo, "QUIET", 0.1)
    db = tmp_path / "demo.sqlite3"
    from bot.cli import main

    for run in range(2):
        assert main(["demo", "--zalo", "--db", str(db)]) == 0, run
        out = capsys.readouterr().out
        assert "Đã gửi tin báo" in out and "Xong. Thử tự trò chuyện" in out
    # The second run continued the first: the same two people, four tips in one series.
    stored = [line.split(" · ")[0].strip() for line in out.splitlines() if " · tip · " in line]
    assert len(stored) == 4 and sorted(stored) == stored


def message(buttons: list[list[str]], keyboard: list[list[str]] | None = None) -> SentMessage:
    return SentMessage(
        chat_id=1,
        message_id=1,
        method="sendMessage",
        text="?",
        inline_keyboard=[[Button(t, callback_data=f"d:{t}") for t in row] for row in buttons],
        reply_keyboard=keyboard,
    )


def test_every_button_gets_a_number_and_the_bots_own_are_kept() -> None:
    keys = shell.number_buttons(
        message([["1. Có", "2. Không"], ["⬅️ Quay lại", "❌ Hủy"]], [["📝 Tin báo"]])
    )
    assert {n: b.text for n, b in keys.inline.items()} == {
        "1": "1. Có",
        "2": "2. Không",
        "3": "⬅️ Quay lại",
        "4": "❌ Hủy",
    }
    assert keys.keyboard == {"5": "📝 Tin báo"}
    drawn = shell.render_numbered(keys.message, keys)  # type: ignore[arg-type]
    assert "[1. Có]  [2. Không]" in drawn  # the bot's own numbers are not doubled
    assert "[3 ⬅️ Quay lại]  [4 ❌ Hủy]" in drawn and "‹5 📝 Tin báo›" in drawn


def test_quick_choices_that_are_numbers_keep_typed_numbers_meaning_themselves() -> None:
    keys = shell.number_buttons(message([["5 phút", "10 phút", "15 phút"], ["⬅️ Quay lại"]]))
    assert keys.inline == {}  # "10" typed is ten minutes, not the tenth button


async def test_the_shell_presses_any_button_by_number_and_says_where_reports_are(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted(
        monkeypatch,
        [
            "/tinbao",
            "4",  # Đối tượng khả nghi (the bot's own number)
            "Xe lạ đỗ đầu bản",
            "Đầu bản",
            "1",  # ⏭ Bỏ qua, a button the bot did not number
            "1",  # 🚨 Khẩn cấp
            "1",  # ⏭ Bỏ qua (no source)
            "1",  # 📨 Gửi
            "!quit",
        ],
    )
    monkeypatch.setattr(shell, "QUIET", 0.15)
    assert await shell.run_shell(as_role="member") == 0
    out = capsys.readouterr().out
    assert "[1 ⏭ Bỏ qua]" in out and "Bước này chỉ nhận ảnh" not in out
    assert "Đã gửi tin báo" in out
    assert "Tệp báo cáo (XLSX, DOCX, biểu đồ) bot tạo:" in out and "xóa khi thoát" in out


async def test_the_police_shell_saves_the_report_file_it_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[str] = []
    asked = False

    async def read(prompt: str) -> str | None:
        nonlocal asked
        if not asked:
            asked = True
            return "/baocao tháng này"
        # The files come a moment after the report's text: wait for them as a person would.
        for _ in range(300):
            printed.append(capsys.readouterr().out)
            if "đã lưu tệp" in "".join(printed):
                break
            await asyncio.sleep(0.05)
        return None

    monkeypatch.setattr(shell, "_read", read)
    db = tmp_path / "police.sqlite3"
    assert await shell.run_shell(as_role="police", db=db) == 0
    out = "".join(printed) + capsys.readouterr().out
    folder = tmp_path / "police-media" / "reports"
    assert f"Tệp báo cáo (XLSX, DOCX, biểu đồ) bot tạo: {folder}" in out
    saved = [line.split("đã lưu tệp: ")[1] for line in out.splitlines() if "đã lưu tệp" in line]
    assert saved and saved[0].endswith(".xlsx")
    assert (await asyncio.to_thread(Path(saved[0]).read_bytes))[:2] == b"PK"  # a real XLSX
