"""A member records a good deed with the people who did it."""

from __future__ import annotations

from bot.domain import EntryKind
from harness import Bench, answer, choices, say


async def test_member_records_a_good_deed(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "🌟 Việc tốt")
    assert "việc tốt gì" in prompt.all_text
    prompt = await answer(lan, prompt, "Trả lại tài sản")
    prompt = await say(lan, "Nhặt được ví có 2 triệu đồng, đã trả lại bà Mai.")
    assert "Ai đã làm" in prompt.all_text
    summary = await say(lan, "Lan, Hùng và Dũng")
    # Who was helped and photos are offered on the summary, not asked of everyone.
    assert "Kiểm tra lại việc tốt" in summary.all_text
    assert choices(summary) == ["📨 Gửi", "👤 Thêm người được giúp", "📷 Thêm ảnh", "✏️ Sửa"]
    prompt = await answer(lan, summary, "Thêm người được giúp")
    assert "Ai được giúp" in prompt.all_text
    summary = await say(lan, "Bà Lục Thị Mai")
    assert "👤 Sửa người được giúp" in choices(summary)
    await lan.send_photo(caption="ảnh trao trả")
    prompt = await lan.next_reply()
    summary = await answer(lan, prompt, "Xong")
    assert "Lan, Hùng và Dũng" in summary.all_text and "1 ảnh" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi việc tốt" in done.all_text and "VT-" in done.all_text
    [entry] = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert entry.kind == EntryKind.DEED and entry.category == "lost_property"
    assert entry.doers == "Lan, Hùng và Dũng" and entry.helped == "Bà Lục Thị Mai"


async def test_quick_answer_whole_team(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/viectot")
    await say(lan, "tuyên truyền")
    prompt = await say(lan, "Buổi tuyên truyền phòng chống ma túy cho 40 hộ")
    summary = await answer(lan, prompt, "Cả tổ")
    assert "Cả tổ" in summary.all_text and "Người được giúp:" not in summary.all_text
