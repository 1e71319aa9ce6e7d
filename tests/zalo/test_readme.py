"""The README's Zalo steps, as a new user would run them: the demo files an entry on Zalo."""

from __future__ import annotations

import re

import pytest

from bot.cli import main
from bot.devtools import demo, shell


def test_the_zalo_demo_files_an_entry_stored_like_telegram_ones(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "QUIET", 0.1)
    assert main(["demo", "--zalo"]) == 0
    out = capsys.readouterr().out
    assert "👉 Trả lời một số từ 1 đến 10." in out
    assert "Đã gửi tin báo" in out
    # The police group on Zalo: linked by typing, the tip there with its picture, taken and
    # closed with one word each, and the member told both times.
    assert "✅ Nhóm này đã là nhóm Công an của Xã Hòa An" in out
    assert "🖼 ảnh — Zalo đã tải từ bot qua liên kết ký số" in out
    assert "👉 Trả lời «nhận 1» để tiếp nhận, «xong 1» khi đã xử lý." in out
    assert "Minh: ✋ Bạn đã tiếp nhận TB-" in out
    assert "của bạn đã được Công an xã tiếp nhận (Nguyễn Văn Minh" in out
    assert "Công an xã nhắn: Đã xác minh, mời người liên quan làm việc" in out
    assert "bấm «Nguồn tin»" not in out  # nothing to press on Zalo
    stored = re.findall(
        r"^   (TB-\d{4}-\d{6}) · tip · \w+ · ([\w ]+?) \((\w+)\)", out, re.MULTILINE
    )
    # One series of codes for both messengers, in one table; Lan gave her full name.
    assert [(name, channel) for _, name, channel in stored] == [
        ("Nông Thị Lan", "zalo"),
        ("Hùng", "telegram"),
    ]
    first, second = (int(code[-6:]) for code, _, _ in stored)
    assert second == first + 1


async def test_the_zalo_shell_chats_as_a_zalo_user(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = iter(["/viectot", "!sticker", "!quit"])

    async def typed(prompt: str) -> str | None:
        return next(lines, None)

    monkeypatch.setattr(shell, "_read", typed)
    assert await shell.run_shell(as_role="member", zalo=True) == 0
    out = capsys.readouterr().out
    assert "Chào Bạn! Bạn đã tham gia" in out
    assert "1. Giúp người gặp nạn" in out and "👉 Trả lời một số từ 1 đến 8." in out
    assert "nhãn dán" in out
