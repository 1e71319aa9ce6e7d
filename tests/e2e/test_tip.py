"""A member files a tip from their phone, step by step, as on Telegram."""

from __future__ import annotations

from bot.domain import EntryKind
from harness import Bench, answer, say

MAIN_MENU = [["📝 Tin báo", "⚠️ Vụ việc"], ["🌟 Việc tốt", "📋 Của tôi"]]


async def test_member_files_a_tip_and_gets_its_code(bench: Bench) -> None:
    # Telegram has no Vietnamese interface: this phone says "en", the bot speaks Vietnamese.
    lan = await bench.join("Lan", language="en")
    prompt = await say(lan, "📝 Tin báo")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    assert "Bước 1/3" in prompt.all_text
    assert any("Ma túy" in b.text for b in prompt.buttons)

    prompt = await answer(lan, prompt, "Đối tượng khả nghi")
    assert "Bước 2/3" in prompt.all_text and "Bạn đã thấy" in prompt.all_text
    prompt = await say(lan, "Người lạ hỏi về xe máy nhà ông Hoàng")
    assert "Bước 3/3" in prompt.all_text and "Ở đâu?" in prompt.all_text
    assert prompt.reply_keyboard is not None
    assert any("vị trí" in label for row in prompt.reply_keyboard for label in row)

    sent_before = len(lan.chat.messages)
    await lan.send_location(22.6657, 106.2570)
    summary = await lan.next_reply()
    # One message: the place is acknowledged at the top of the summary, no menu comes back.
    assert summary.all_text.startswith("✔️ Đã nhận vị trí.")
    assert "Kiểm tra lại tin báo" in summary.all_text
    assert summary.reply_keyboard is None and lan.chat.reply_keyboard != MAIN_MENU
    assert "Mức độ: Bình thường" in summary.all_text and "Ảnh: Không có" in summary.all_text
    assert [b.text for b in summary.buttons][:5] == [
        "1. 📨 Gửi",
        "2. 📷 Thêm ảnh",
        "3. 🚨 Khẩn cấp",
        "4. 🔒 Có người cung cấp tin cần giữ bí mật",
        "5. ✏️ Sửa",
    ]

    prompt = await answer(lan, summary, "Thêm ảnh")
    assert "Gửi ảnh" in prompt.all_text and "Bỏ qua" not in prompt.all_text
    assert [b.text for b in prompt.buttons if "Xong" in b.text or "Bỏ qua" in b.text] == ["✅ Xong"]
    await lan.send_photo()
    assert "Đã nhận ảnh thứ 1" in (await lan.next_reply()).all_text
    await lan.send_photo()
    ack = await lan.next_reply()
    assert "Đã nhận ảnh thứ 2" in ack.all_text and ack.buttons == []
    summary = await answer(lan, prompt, "Xong")
    assert "Ảnh: 2 ảnh" in summary.all_text
    assert "2. 📷 Thêm ảnh (đã có 2)" in [b.text for b in summary.buttons]

    # «Khẩn cấp» changes the summary in place: no new message, nothing asked.
    await lan.press(summary, "Khẩn cấp")
    await bench.fake.wait_until(lambda: "Mức độ: 🚨 Khẩn cấp" in (summary.text or ""))
    assert "3. ↩️ Không khẩn cấp" in [b.text for b in summary.buttons]

    prompt = await answer(lan, summary, "Có người cung cấp tin")
    assert "Ai đã cung cấp tin" in prompt.all_text and "Chỉ Công an xã" in prompt.all_text
    summary = await say(lan, "Bà Nông Thị Hoa, 0912 345 678")
    text = summary.all_text
    assert "Kiểm tra lại tin báo" in text
    assert "Đối tượng khả nghi" in text
    assert "Người lạ hỏi về xe máy" in text
    assert "22.6657" in text
    assert "2 ảnh" in text
    assert "🚨 Khẩn cấp" in text
    assert "Bà Nông Thị Hoa, 0912 345 678 (🔒 giữ bí mật)" in text

    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi tin báo" in done.all_text
    assert "TB-" in done.all_text
    assert lan.chat.reply_keyboard == MAIN_MENU
    # Between the place and the code, no message put a keyboard (the main menu) up.
    assert all(m.reply_keyboard is None for m in lan.chat.messages[sent_before:-1])
    assert not any(m.all_text.strip("✔️ ") == "Đã nhận vị trí" for m in lan.chat.messages)

    entries = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.kind == EntryKind.TIP
    assert entry.code in done.all_text
    assert entry.urgent and entry.confidential
    assert entry.photo_count == 2
    assert entry.location is not None
    assert await bench.store.tip_source(entry.id) == "Bà Nông Thị Hoa, 0912 345 678"


async def test_the_defaults_are_what_a_tip_sent_at_once_gets(bench: Bench) -> None:
    lan = await bench.join("Lan")
    for text in ("/tinbao", "1", "Thấy mua bán trái phép ở bãi sông"):
        await say(lan, text)
    summary = await say(lan, "Bãi sông Bằng")
    assert summary.all_text.startswith("✔️ Đã ghi nơi xảy ra.")
    done = await answer(lan, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.place == "Bãi sông Bằng"
    assert not entry.urgent and not entry.confidential and entry.photo_count == 0
    assert await bench.store.tip_source(entry.id) is None


async def test_a_photo_sent_before_the_summary_is_kept_with_the_tip(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    await say(lan, "ma túy")
    await lan.send_photo(caption="Có người bán ma túy sau chợ")
    prompt = await lan.next_reply()
    assert "Đã nhận ảnh thứ 1" in prompt.all_text and "Ở đâu?" in prompt.all_text
    summary = await say(lan, "Sau chợ Nà Cáp")
    assert "Ảnh: 1 ảnh" in summary.all_text and "Có người bán ma túy" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    entry = await bench.store.get_entry(done.all_text.split("Mã số: ")[1].split()[0])
    assert entry is not None and entry.photo_count == 1
