"""A member reports an incident, typing times the way people type them."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import EntryKind
from harness import Bench, answer, choices, say


async def test_member_reports_an_incident_by_typing(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/vuviec")
    assert "Vụ việc thuộc loại nào?" in prompt.all_text
    prompt = await say(lan, "1")
    assert "xảy ra lúc nào" in prompt.all_text

    hint = await say(lan, "31/02 8h")
    assert "Ngày này không có thật" in hint.all_text and "Ví dụ: 14h30" in hint.all_text
    assert "xảy ra lúc nào" not in hint.all_text  # the question is just above

    # What was understood leads the next question, in the same message.
    prompt = await say(lan, "hôm qua 20h")
    assert "Thời gian:" in prompt.all_text and "20:00" in prompt.all_text
    assert "xảy ra ở đâu" in prompt.all_text

    prompt = await say(lan, "Quán karaoke Hương Quê, thôn Nà Cáp")
    assert "Đã ghi nơi xảy ra" in prompt.all_text and "Chuyện gì đã xảy ra" in prompt.all_text
    prompt = await say(lan, "Hai thanh niên say rượu đánh nhau 😡, tổ đã can ngăn.")
    assert "có mặt kịp thời" in prompt.all_text
    prompt = await say(lan, "co")
    assert "bao nhiêu phút" in prompt.all_text
    prompt = await say(lan, "mười lăm phút")
    assert "xử lý thế nào" in prompt.all_text
    prompt = await say(lan, "hoa giai")
    assert "bị thương" in prompt.all_text
    summary = await say(lan, "không")
    assert "Kiểm tra lại vụ việc" in summary.all_text
    assert "📷 Thêm ảnh" in choices(summary)

    assert "Ẩu đả, gây rối" in summary.all_text
    assert "15 phút" in summary.all_text
    assert "Hòa giải" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi vụ việc" in done.all_text and "VV-" in done.all_text

    [entry] = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert entry.kind == EntryKind.INCIDENT
    assert entry.category == "fight" and entry.action == "mediated"
    assert entry.on_scene is True and entry.response_minutes == 15 and entry.injuries is False
    assert entry.occurred_at is not None
    local = entry.occurred_at.astimezone(bench.settings.bot.tz)
    today = bench.clock.now().astimezone(bench.settings.bot.tz).date()
    assert local.date() == today - timedelta(days=1) and local.hour == 20
    assert "😡" in entry.description


async def test_not_on_scene_skips_the_minutes_question(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "⚠️ Vụ việc")
    prompt = await answer(lan, prompt, "Cháy, nổ")
    prompt = await answer(lan, prompt, "Vừa xảy ra")
    await lan.send_location(22.66, 106.25)
    prompt = await lan.next_reply()
    assert "Chuyện gì đã xảy ra" in prompt.all_text
    prompt = await say(lan, "Cháy bếp nhà bà Lục")
    assert "Bước 5/7" in prompt.all_text
    prompt = await answer(lan, prompt, "Không")
    assert "xử lý thế nào" in prompt.all_text
    # Not "5/9 → 6/8": the minutes were a follow-up of question 5, never counted.
    assert "Bước 6/7" in prompt.all_text


async def test_changing_on_scene_in_edit_asks_the_minutes(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/vuviec")
    for text in ["2", "vừa xảy ra"]:
        await say(lan, text)
    await say(lan, "Chợ")
    for text in ["Mất trộm xe đạp", "không", "1"]:
        await say(lan, text)
    summary = await say(lan, "không")
    assert "Có mặt sau" not in summary.all_text
    pick = await answer(lan, summary, "Sửa")
    prompt = await answer(lan, pick, "Tổ có mặt kịp thời")
    prompt = await answer(lan, prompt, "Có")
    assert "bao nhiêu phút" in prompt.all_text
    summary = await answer(lan, prompt, "10 phút")
    assert "Kiểm tra lại" in summary.all_text and "10 phút" in summary.all_text
