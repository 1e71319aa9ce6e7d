"""A member on Zalo joins and files a tip, an incident and a good deed, typing every answer."""

from __future__ import annotations

from pathlib import Path

from bot.domain import Channel, EntryKind
from harness import Bench, text_of, zsay


async def test_member_joins_by_typing_the_code_and_files_a_tip(zbench: Bench) -> None:
    lan = zbench.zalo.user("Lan")
    greeting = await zsay(lan, "xin chào")
    assert "gõ mã mời" in greeting
    assert "bấm" not in greeting.lower()
    code = await zbench.invite()
    welcome = await zsay(lan, code.lower())
    assert "Chào Lan! Bạn đã tham gia Tổ bảo vệ ANTT thôn Nà Cáp" in welcome
    # The full name is asked once, the Zalo name offered as "1".
    assert "Trả lời 1 nếu «Lan» đã đúng, hoặc gõ họ và tên" in welcome
    assert "1. ✔️ Lan" in welcome and "bấm" not in welcome.lower()
    saved = await zsay(lan, "hoàng thị lan")
    assert "Đã lưu họ và tên: Hoàng Thị Lan" in saved
    assert "👉 Gõ số hoặc tên để chọn: 1. Tin báo · 2. Vụ việc · 3. Việc tốt · 4. Của tôi" in saved

    prompt = await zsay(lan, "1")  # the menu's first item
    assert "Bước 1/3" in prompt and "Tin báo thuộc loại nào?" in prompt
    assert "\n1. Ma túy\n2. Trộm cắp, tội phạm\n" in prompt
    assert "👉 Trả lời một số từ 1 đến 10." in prompt
    assert "❌ Hủy: gõ /huy" in prompt

    prompt = await zsay(lan, "4")
    assert "Bạn đã thấy" in prompt
    assert "⬅️ Quay lại: gõ 0" in prompt
    prompt = await zsay(lan, "Người lạ hỏi về xe máy nhà ông Hoàng")
    assert "dán link Google Maps" in prompt and "Gửi vị trí" not in prompt

    summary = await zsay(lan, "https://www.google.com/maps/place/Nà+Cáp/@22.6657,106.2570,17z")
    # The place is acknowledged on top of the summary: one message, no menu hint.
    assert summary.startswith("✔️ Đã nhận vị trí.") and "Gõ số hoặc tên" not in summary
    assert "Kiểm tra lại tin báo" in summary and "Mức độ: Bình thường" in summary
    assert (
        "1. 📨 Gửi\n2. 📷 Thêm ảnh\n3. 🚨 Khẩn cấp\n"
        "4. 🔒 Có người cung cấp tin cần giữ bí mật\n5. ✏️ Sửa\n\n👉 Trả lời 1, 2, 3, 4 hoặc 5."
    ) in summary

    await lan.send_image()
    prompt = text_of(await lan.next_reply())
    assert "Đã có 1 ảnh" in prompt and "✅ Xong: gõ «xong»" in prompt and "bỏ qua" not in prompt
    summary = await zsay(lan, "xong")
    assert "1 ảnh" in summary and "2. 📷 Thêm ảnh (đã có 1)" in summary
    summary = await zsay(lan, "3")
    assert "Mức độ: 🚨 Khẩn cấp" in summary and "3. ↩️ Không khẩn cấp" in summary

    prompt = await zsay(lan, "4")
    assert "Ai đã cung cấp tin" in prompt and "gõ «bỏ qua»" in prompt
    summary = await zsay(lan, "Bà Nông Thị Hoa, 0912 345 678")
    assert "Kiểm tra lại tin báo" in summary
    assert "22.66570, 106.25700" in summary and "1 ảnh" in summary
    assert "Bà Nông Thị Hoa, 0912 345 678 (🔒 giữ bí mật)" in summary
    assert "1. 📨 Gửi" in summary

    done = await zsay(lan, "1")
    assert "Đã gửi tin báo" in done
    code = done.split("Mã số: ")[1].split()[0]
    assert code.startswith("TB-2026-") or code.startswith("TB-")

    # Stored exactly like a Telegram entry: same tables, same code series.
    person = await zbench.zperson(lan)
    entry = await zbench.store.get_entry(code)
    assert entry is not None and entry.kind == EntryKind.TIP
    assert entry.reporter_id == person.id and entry.team_id == zbench.org.team_a.id  # type: ignore[union-attr]
    assert entry.urgent and entry.confidential and entry.photo_count == 1
    assert entry.location is not None and abs(entry.location.lat - 22.6657) < 1e-6
    assert await zbench.store.tip_source(entry.id) == "Bà Nông Thị Hoa, 0912 345 678"
    [photo] = await zbench.store.entry_media(entry.id)
    assert photo.channel == Channel.ZALO and photo.local_path is not None
    kept = Path(zbench.settings.storage.media_dir) / photo.local_path
    assert kept.read_bytes().startswith(b"\xff\xd8")


async def test_member_files_an_incident(zbench: Bench) -> None:
    hung = await zbench.join_zalo("Hùng")
    prompt = await zsay(hung, "/vuviec")
    assert "1. Ẩu đả, gây rối" in prompt and "7. Khác" in prompt
    prompt = await zsay(hung, "1")
    assert "1. 🕐 Vừa xảy ra\n\n👉 Trả lời 1." in prompt
    assert "Trả lời 1 nếu vừa xảy ra" in prompt
    prompt = await zsay(hung, "1")
    assert "Vụ việc xảy ra ở đâu?" in prompt
    prompt = await zsay(hung, "Chợ Nà Cáp")
    assert "Đã ghi nơi xảy ra" in prompt and "Chuyện gì đã xảy ra?" in prompt
    prompt = await zsay(hung, "Hai thanh niên xô xát, đã can ngăn")
    assert "1. ✅ Có\n2. ❌ Không" in prompt
    prompt = await zsay(hung, "có")
    # Minutes are typed as numbers: the quick values are listed, not numbered.
    assert "5 phút · 10 phút · 15 phút · 30 phút · 60 phút" in prompt
    assert "Trả lời" not in prompt
    prompt = await zsay(hung, "15")
    assert "1. Giải quyết tại chỗ" in prompt
    prompt = await zsay(hung, "hòa giải")
    assert "Có người bị thương không?" in prompt
    summary = await zsay(hung, "không")
    assert "Kiểm tra lại vụ việc" in summary and "15 phút" in summary
    assert "2. 📷 Thêm ảnh" in summary
    done = await zsay(hung, "gửi")
    assert "Đã gửi vụ việc" in done
    code = done.split("Mã số: ")[1].split()[0]
    entry = await zbench.store.get_entry(code)
    assert entry is not None and entry.kind == EntryKind.INCIDENT and code.startswith("VV-")
    assert entry.category == "fight" and entry.on_scene and entry.response_minutes == 15
    assert entry.action == "mediated" and entry.injuries is False
    assert entry.place == "Chợ Nà Cáp"


async def test_member_files_a_good_deed(zbench: Bench) -> None:
    mai = await zbench.join_zalo("Lò Thị Mai")
    prompt = await zsay(mai, "🌟 Việc tốt")
    assert "1. Giúp người gặp nạn" in prompt and "8. Khác" in prompt
    prompt = await zsay(mai, "trả lại tài sản")
    assert "Đã làm việc gì?" in prompt
    prompt = await zsay(mai, "Nhặt được ví, trả lại cho chủ")
    assert "1. 👥 Cả tổ\n2. 🙋 Tôi" in prompt and "Trả lời 1 (cả tổ)" in prompt
    summary = await zsay(mai, "2")
    assert "2. 👤 Thêm người được giúp" in summary
    prompt = await zsay(mai, "2")
    assert "Ai được giúp?" in prompt and "gõ «bỏ qua»" in prompt
    summary = await zsay(mai, "Ông Lò Văn Sáng")
    assert "Kiểm tra lại việc tốt" in summary and "Ông Lò Văn Sáng" in summary
    done = await zsay(mai, "1")
    assert "Đã gửi việc tốt" in done
    code = done.split("Mã số: ")[1].split()[0]
    entry = await zbench.store.get_entry(code)
    assert entry is not None and entry.kind == EntryKind.DEED and code.startswith("VT-")
    # "2" (me) is the member herself, by her full name: never the button's words.
    assert entry.category == "lost_property" and entry.doers == "Lò Thị Mai"
    listing = await zsay(mai, "/cuatoi")
    assert code in listing and f"➕ Bổ sung {code}: gõ /bosung {code}" in listing
