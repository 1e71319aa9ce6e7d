"""What a Zalo user who sends the wrong thing is told: always a clear answer, nothing lost."""

from __future__ import annotations

from pathlib import Path

from bot.devtools.fake_zalo import FakeZaloUser
from harness import Bench, text_of, zsay


def kept_files(bench: Bench) -> list[Path]:
    """Return the files kept from Zalo."""
    return sorted(Path(bench.settings.storage.media_dir, "zalo").glob("*/*"))


async def file_deed(user: FakeZaloUser, text: str) -> str:
    """File a good deed by typing, and return its code."""
    for answer in ["/viectot", "1", text, "1"]:
        await zsay(user, answer)
    done = await zsay(user, "1")
    return done.split("Mã số: ")[1].split()[0]


async def test_sticker_and_unsupported_get_a_clear_answer_under_the_question(
    zbench: Bench,
) -> None:
    lan = await zbench.join_zalo("Lan")
    await zsay(lan, "/tinbao")
    await lan.send_sticker()
    reply = text_of(await lan.next_reply())
    assert "nhãn dán" in reply and "Hãy gõ một số từ 1 đến 10" in reply
    assert "bấm" not in reply.lower()
    # Only the hint: the ten choices are just above, not printed again.
    assert "Tin báo thuộc loại nào?" not in reply and "Ma túy" not in reply

    await lan.send_unsupported()
    reply = text_of(await lan.next_reply())
    assert "Zalo không cho bot xem loại tin nhắn này" in reply
    assert "câu hỏi ở trên" in reply and "Ma túy" not in reply

    # Outside a form too, an unsupported message is explained.
    await zsay(lan, "/huy")
    await lan.send_unsupported()
    assert "Zalo không cho bot xem" in text_of(await lan.next_reply())


async def test_a_number_past_the_choices_is_refused(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    codes = [await file_deed(lan, f"Việc tốt số {n}") for n in (1, 2, 3)]
    prompt = await zsay(lan, "/bosung")
    assert "👉 Trả lời 1, 2 hoặc 3." in prompt
    assert all(code in prompt for code in codes)
    reply = await zsay(lan, "7")
    assert "Mình chưa hiểu. Hãy gõ một số từ 1 đến 3 (các lựa chọn ở trên)." in reply
    assert "Bạn muốn bổ sung cho tin nào?" not in reply
    reply = await zsay(lan, "3")
    assert f"bổ sung cho {codes[0]}" in reply
    done = await zsay(lan, "Chủ ví đã đến cảm ơn")
    assert f"Đã bổ sung cho {codes[0]}" in done


async def test_a_photo_where_text_is_wanted_and_text_where_a_photo_is(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    for answer in ["/viectot", "1"]:
        await zsay(lan, answer)
    await lan.send_sticker()
    assert "nhãn dán" in text_of(await lan.next_reply())
    for answer in ["Cứu người đuối nước", "1"]:
        summary = await zsay(lan, answer)
    assert "3. 📷 Thêm ảnh" in summary
    prompt = await zsay(lan, "3")
    assert "Gửi ảnh" in prompt and "bỏ qua" not in prompt
    reply = await zsay(lan, "ảnh đâu")
    assert "Bước này chỉ nhận ảnh" in reply and "gõ «xong»" in reply and "bỏ qua" not in reply
    await lan.send_sticker()
    assert "nhãn dán, không phải ảnh" in text_of(await lan.next_reply())


async def test_unknown_command_and_unregistered_people(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    reply = await zsay(lan, "/khongcolenhnay")
    assert "Không có lệnh /khongcolenhnay" in reply
    stranger = zbench.zalo.user("Người lạ")
    reply = await zsay(stranger, "/tinbao")
    assert "gõ mã mời" in reply
    await stranger.send_image()
    assert "gõ mã mời" in text_of(await stranger.next_reply())
    assert kept_files(zbench) == []  # a stranger's picture is not stored
    reply = await zsay(stranger, "ABCD2345")
    assert "Mã mời này không đúng" in reply


async def test_a_photo_that_cannot_be_downloaded_or_is_too_big(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    for answer in ["/viectot", "1", "Chữa cháy rơm rạ", "1", "thêm ảnh"]:
        await zsay(lan, answer)
    # The picture's URL no longer answers (Zalo's links expire).
    await zbench.zalo.enqueue_raw(
        {
            "event_name": "message.image.received",
            "message": {
                "from": lan.to_dict(),
                "chat": {"id": lan.id, "chat_type": "PRIVATE"},
                "message_id": "0badf00d0badf00d0bad",
                "date": 1_790_000_000_000,
                "photo_url": f"{zbench.zalo.base_url}/files/expired.jpg",
            },
        }
    )
    reply = text_of(await lan.next_reply())
    assert "Mình chưa tải được ảnh" in reply and "câu hỏi ở trên" in reply
    await lan.send_image(data=b"\xff\xd8\xff" + b"0" * 11_000_000)
    reply = text_of(await lan.next_reply())
    assert "quá lớn (tối đa 10 MB)" in reply
    await lan.send_image()
    assert "Đã nhận ảnh thứ 1" in text_of(await lan.next_reply())


async def test_a_voice_note_answers_a_question_like_on_telegram(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    await zsay(lan, "/viectot")
    await zsay(lan, "1")
    voice = zbench.zalo.add_file(b"#!AMR\n" + b"\x00" * 64, content_type="audio/amr", ext="amr")
    await zbench.zalo.enqueue_raw(
        {
            "event_name": "message.voice.received",
            "message": {
                "from": lan.to_dict(),
                "chat": {"id": lan.id, "chat_type": "PRIVATE"},
                "message_id": "70ce70ce70ce70ce70ce",
                "date": 1_790_000_000_000,
                "voice_url": voice,
            },
        }
    )
    prompt = text_of(await lan.next_reply())
    assert "Ai đã làm?" in prompt
    summary = await zsay(lan, "1")
    assert "🎤 (tin nhắn thoại)" in summary
    done = await zsay(lan, "1")
    entry = await zbench.store.get_entry(done.split("Mã số: ")[1].split()[0])
    assert entry is not None
    [kept] = await zbench.store.entry_media(entry.id)
    assert kept.kind == "voice" and (kept.local_path or "").endswith(".amr")
