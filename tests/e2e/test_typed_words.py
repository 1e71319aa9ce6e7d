"""Typed words wherever a button is offered, and the news typed straight into the chat."""

from __future__ import annotations

import re

from bot.domain import Role
from harness import Bench, answer, choices, say, zsay

MONTH = re.compile(r"tháng \d{1,2}/\d{4}")


async def test_after_the_report_button_typing_the_period_works(bench: Bench) -> None:
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    ask = await say(minh, "📊 Báo cáo")
    assert "chọn kỳ báo cáo, hoặc gõ kỳ" in ask.all_text
    assert choices(ask)[:2] == ["Tuần này", "Tháng này"]
    reply = await say(minh, "tháng này")
    assert "BÁO CÁO PHONG TRÀO" in reply.all_text and MONTH.search(reply.all_text)
    # Its workbook and chart follow (made in the background): both arrive before going on.
    files = [await minh.next_reply(timeout=20) for _ in range(2)]
    assert {f.method for f in files} == {"sendDocument", "sendPhoto"}
    # Any period /baocao understands may be typed, and a wrong one is explained.
    await say(minh, "📊 Báo cáo")
    hint = await say(minh, "linh tinh")
    assert "Gõ kỳ báo cáo như" in hint.all_text
    reply = await say(minh, "quý 1")
    assert re.search(r"quý 1/\d{4}", reply.all_text)
    assert await bench.store.get_draft((await bench.person(minh)).id) is None


async def test_the_period_question_gives_way_and_never_blocks_a_form(bench: Bench) -> None:
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    await say(minh, "📊 Báo cáo")
    # Walking away from the question to log a tip: no "you are in the middle of something".
    prompt = await say(minh, "📝 Tin báo trực tiếp")
    assert "thôn, tổ dân phố nào" in prompt.all_text
    await answer(minh, prompt, "Thôn Nà Cáp")
    # With a form open, /baocao shows its buttons and the form stays where it was.
    ask = await say(minh, "/baocao")
    assert "gõ /baocao kèm kỳ" in ask.all_text
    reminder = await minh.next_reply()
    assert (
        "vẫn đang điền dở" in reminder.all_text and "Tin báo thuộc loại nào?" in reminder.all_text
    )


async def test_on_zalo_the_menu_takes_numbers_and_so_does_the_period(zbench: Bench) -> None:
    assert zbench.org is not None
    lan = await zbench.join_zalo("Lan")
    assert "Bạn chưa gửi tin nào" in await zsay(lan, "4")  # 4. Của tôi
    assert "Đó là việc tốt gì?" in await zsay(lan, "3")  # 3. Việc tốt
    await zsay(lan, "/huy")
    assert "Tin báo thuộc loại nào?" in await zsay(lan, "1")  # 1. Tin báo
    officer = await zbench.join_zalo("Minh", Role.POLICE, commune_id=zbench.org.commune_a)
    ask = await zsay(officer, "2")  # 2. Báo cáo
    assert "1. Tuần này\n2. Tháng này" in ask and "👉 Trả lời 1, 2, 3, 4 hoặc 5." in ask
    reply = await zsay(officer, "2")
    assert "BÁO CÁO PHONG TRÀO" in reply and MONTH.search(reply)
    # With nothing open, a number past the menu is no menu item (nor news).
    assert "Mình chưa hiểu" in await zsay(officer, "9")


async def test_typed_news_is_offered_as_a_tip_an_incident_or_a_good_deed(bench: Bench) -> None:
    lan = await bench.join("Lan")
    offer = await say(lan, "Có người lạ hỏi đường vào nhà bà Lục")
    assert "Gửi tin này cho Công an xã?" in offer.all_text
    assert offer.all_text.count("\n") <= 1  # short: the news itself is just above
    assert choices(offer)[-2:] == ["⚠️ Vụ việc đã xảy ra", "🌟 Việc tốt"]
    # More typed before choosing is added, not lost, and the list is not printed again.
    more = await say(lan, "Họ đi xe máy màu đỏ, hai người")
    assert "Đã thêm vào nội dung" in more.all_text and more.buttons == []
    # Nothing answered yet: Hủy drops it at once.
    reply = await answer(lan, offer, "Hủy")
    assert "Đã hủy tin" in reply.all_text
    person = await bench.person(lan)
    assert await bench.store.get_draft(person.id) is None

    offer = await say(lan, "Cứu được cháu bé đuối nước ở suối")
    deed = await answer(lan, offer, "Việc tốt")
    assert "Đó là việc tốt gì?" in deed.all_text
    prompt = await answer(lan, deed, "Cứu nạn")
    assert "Ai đã làm?" in prompt.all_text  # what was done came with the news
    summary = await answer(lan, prompt, "Tôi")
    assert "Nội dung: Cứu được cháu bé đuối nước ở suối" in summary.all_text


async def test_greetings_yes_and_numbers_are_not_news(bench: Bench) -> None:
    lan = await bench.join("Lan")
    for text in ("xin chào", "Cảm ơn", "ok", "👍", "12"):
        reply = await say(lan, text)
        assert "Gửi tin này" not in reply.all_text, text
    assert "cứ gõ nội dung vào đây" in (await say(lan, "cảm ơn bạn")).all_text
    # Police log what residents tell them with «Tin báo trực tiếp»: no offer for them.
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    assert "Mình chưa hiểu" in (await say(minh, "Có người lạ ở chợ")).all_text
    # With a form open, typed text answers it, as always.
    await say(lan, "/tinbao")
    prompt = await say(lan, "ma túy")
    assert "Bạn đã thấy" in prompt.all_text
    assert "Ở đâu?" in (await say(lan, "Có người bán ma túy")).all_text


async def test_typed_news_on_zalo_is_four_typed_lines_to_a_code(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    offer = await zsay(lan, "Nghi có người buôn bán ma túy ở bãi sông")
    assert "\n1. Ma túy\n" in offer and "11. ⚠️ Vụ việc đã xảy ra\n12. 🌟 Việc tốt" in offer
    assert "👉 Trả lời một số từ 1 đến 12." in offer and "trả lời 11" in offer
    assert "Ở đâu?" in await zsay(lan, "1")
    summary = await zsay(lan, "Bãi sông Bằng")
    assert "1. 📨 Gửi" in summary
    done = await zsay(lan, "1")
    entry = await zbench.store.get_entry(done.split("Mã số: ")[1].split()[0])
    assert entry is not None and entry.description == "Nghi có người buôn bán ma túy ở bãi sông"


async def test_a_voice_note_or_a_photo_with_nothing_open_is_offered_too(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await lan.send_voice()
    offer = await lan.next_reply()
    assert "Gửi tin này cho Công an xã?" in offer.all_text
    prompt = await answer(lan, offer, "Ma túy")
    assert "Ở đâu?" in prompt.all_text  # what was seen is the voice note
    summary = await say(lan, "Bãi sông")
    assert "Nội dung: 🎤 (tin nhắn thoại)" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    entry = await bench.store.get_entry(done.all_text.split("Mã số: ")[1].split()[0])
    assert entry is not None
    assert [m.kind for m in await bench.store.entry_media(entry.id)] == ["voice"]

    await lan.send_photo(caption="Xe máy không biển số để sau nhà văn hóa")
    offer = await lan.next_reply()
    prompt = await answer(lan, offer, "Đối tượng khả nghi")
    summary = await say(lan, "Nhà văn hóa thôn")
    assert "Ảnh: 1 ảnh" in summary.all_text and "Xe máy không biển số" in summary.all_text
    # A photo without a caption: what was seen is still asked.
    await answer(lan, summary, "Gửi")
    await lan.send_photo()
    offer = await lan.next_reply()
    prompt = await answer(lan, offer, "Khác")
    assert "Bạn đã thấy" in prompt.all_text
