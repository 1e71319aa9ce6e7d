"""The README's Zalo steps, as a new user would run them: the demo files an entry on Zalo."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_the_first_command_with_no_token_plays_the_local_demo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The README's first command on a fresh machine: no config.toml, no token anywhere.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ANTT_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ANTT_ZALO_TOKEN", raising=False)
    monkeypatch.setattr(demo, "QUIET", 0.1)
    assert main(["run"]) == 0
    captured = capsys.readouterr()
    assert "No config.toml and no bot token: playing the local demo" in captured.err
    assert "Đã gửi tin báo" in captured.out and "Mã số: TB-" in captured.out


def test_a_config_without_a_token_is_an_error_not_a_demo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # An operator's config that lost its token must say so, never play a demo instead.
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ANTT_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ANTT_ZALO_TOKEN", raising=False)
    (tmp_path / "config.toml").write_text('[bot]\nprovince = "Cao Bằng"\n', encoding="utf-8")
    assert main([]) == 2
    assert "no bot token" in capsys.readouterr().err
