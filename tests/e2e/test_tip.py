"""A member files a tip from their phone, step by step, as on Telegram."""

from __future__ import annotations

from bot.domain import EntryKind
from harness import Bench, answer, say


async def test_member_files_a_tip_and_gets_its_code(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "📝 Tin báo")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    assert "Bước 1/" in prompt.all_text
    assert any("Ma túy" in b.text for b in prompt.buttons)

    prompt = await answer(lan, prompt, "Đối tượng khả nghi")
    assert "Bạn đã thấy" in prompt.all_text
    prompt = await say(lan, "Người lạ hỏi về xe máy nhà ông Hoàng")
    assert "Ở đâu?" in prompt.all_text
    assert prompt.reply_keyboard is not None
    assert any("vị trí" in label for row in prompt.reply_keyboard for label in row)

    await lan.send_location(22.6657, 106.2570)
    ack = await lan.next_reply()
    assert "Đã nhận vị trí" in ack.all_text
    prompt = await lan.next_reply()
    assert "Gửi ảnh" in prompt.all_text

    await lan.send_photo()
    prompt = await lan.next_reply()
    assert "Đã nhận ảnh thứ 1" in prompt.all_text
    await lan.send_photo()
    prompt = await lan.next_reply()
    assert "Đã có 2 ảnh" in prompt.all_text
    prompt = await answer(lan, prompt, "Xong")
    assert "khẩn cấp" in prompt.all_text

    prompt = await answer(lan, prompt, "Khẩn cấp")
    assert "Ai đã cung cấp tin" in prompt.all_text
    prompt = await say(lan, "Bà Nông Thị Hoa, 0912 345 678")
    assert "giữ bí mật" in prompt.all_text
    summary = await answer(lan, prompt, "Có")

    text = summary.all_text
    assert "Kiểm tra lại tin báo" in text
    assert "Đối tượng khả nghi" in text
    assert "Người lạ hỏi về xe máy" in text
    assert "22.6657" in text
    assert "2 ảnh" in text
    assert "🚨 Khẩn cấp" in text
    assert "Bà Nông Thị Hoa" in text

    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi tin báo" in done.all_text
    assert "TB-2026-000001" in done.all_text or "TB-" in done.all_text

    entries = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.kind == EntryKind.TIP
    assert entry.code in done.all_text
    assert entry.urgent and entry.confidential
    assert entry.photo_count == 2
    assert entry.location is not None
    assert await bench.store.tip_source(entry.id) == "Bà Nông Thị Hoa, 0912 345 678"
