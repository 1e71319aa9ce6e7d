"""Back, cancel, edit, stale buttons and bad input: the conversation stays usable."""

from __future__ import annotations

from harness import Bench, answer, choices, say


async def test_back_returns_to_the_previous_question(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    assert not any("Quay lại" in b.text for b in prompt.buttons)
    prompt = await answer(lan, prompt, "Ma túy")
    assert "Bạn đã thấy" in prompt.all_text
    prompt = await answer(lan, prompt, "Quay lại")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    prompt = await say(lan, "3")
    assert "Bạn đã thấy" in prompt.all_text
    prompt = await say(lan, "0")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    prompt = await say(lan, "0")
    assert "câu hỏi đầu tiên" in prompt.all_text


async def test_cancel_anywhere_saves_nothing(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    prompt = await answer(lan, prompt, "Ma túy")
    # Answers would be lost: asked once.
    ask = await say(lan, "/huy")
    assert "Hủy tin báo đang soạn?" in ask.all_text
    assert [b.text for b in ask.buttons] == ["1. 🗑 Có, hủy", "2. ↩️ Không, soạn tiếp"]
    prompt = await answer(lan, ask, "Không")
    assert "Bạn đã thấy" in prompt.all_text
    ask = await answer(lan, prompt, "Hủy")
    reply = await answer(lan, ask, "Có, hủy")
    assert "Đã hủy tin báo" in reply.all_text
    assert reply.reply_keyboard is not None
    reply = await say(lan, "/huy")
    assert "Không có gì đang làm dở" in reply.all_text
    # Nothing answered yet: nothing to lose, nothing asked.
    prompt = await say(lan, "/vuviec")
    reply = await answer(lan, prompt, "Hủy")
    assert "Đã hủy vụ việc" in reply.all_text
    person = await bench.person(lan)
    assert await bench.store.entries_by_reporter(person.id) == []
    assert await bench.store.get_draft(person.id) is None


async def test_pressed_button_shows_the_answer_and_goes_quiet(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    await answer(lan, prompt, "Lừa đảo qua mạng")
    edited = bench.fake.messages(prompt.chat_id)
    first = next(m for m in edited if m.message_id == prompt.message_id)
    assert "👉 4. Lừa đảo qua mạng" in first.all_text or "👉 Lừa đảo qua mạng" in first.all_text
    assert first.buttons == []


async def test_old_button_from_a_past_step_is_refused_kindly(bench: Bench) -> None:
    lan = await bench.join("Lan")
    first = await say(lan, "/tinbao")
    button = first.button("1. Ma túy")
    await answer(lan, first, "Ma túy")
    await lan.press(first, data=button.callback_data)
    reply = await lan.next_reply()
    assert "Câu hỏi đó đã qua" in reply.all_text
    assert "Bạn đã thấy" in reply.all_text


async def test_forged_button_changes_nothing(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    await lan.press_raw("f:zzzzzz:1:c:drugs", prompt.message_id)
    reply = await lan.next_reply()
    assert "hết hiệu lực" in reply.all_text
    await lan.press_raw("x" * 64, prompt.message_id)
    await bench.fake.wait_idle()
    answers = list(bench.fake.callback_answers.values())
    assert answers[-1][0] == "Nút này không còn hiệu lực."
    draft = await bench.store.get_draft((await bench.person(lan)).id)
    assert draft is not None and draft.step == "category"


async def test_bad_input_gets_clear_answers(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    reply = await say(lan, "99")
    assert "gõ số từ 1 đến 10" in reply.all_text
    assert "Ma túy" not in reply.all_text and reply.buttons == []
    reply = await say(lan, "ma tuy")
    assert "Bạn đã thấy" in reply.all_text

    await lan.send_sticker()
    reply = await lan.next_reply()
    # Only what went wrong: the question and its buttons are just above.
    assert "nhãn dán" in reply.all_text and "Bạn đã thấy" not in reply.all_text
    assert reply.buttons == []
    reply = await say(lan, "   ")
    assert "chưa nhập nội dung" in reply.all_text or "Mình chưa hiểu" in reply.all_text
    reply = await say(lan, "x" * 5000)
    assert "quá dài (5000 ký tự)" in reply.all_text and "Tối đa 2000" in reply.all_text
    reply = await say(lan, "Người lạ 🚗 hỏi đường — 陌生人 — ឈ្មោះ")
    assert "Ở đâu?" in reply.all_text


async def test_command_mid_flow_keeps_the_draft(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    prompt = await answer(lan, prompt, "Ma túy")
    reply = await say(lan, "/vuviec")
    assert "đang điền dở" in reply.all_text and "Bạn đã thấy" in reply.all_text
    await lan.send_text("/cuatoi")
    listing = await lan.next_reply()
    assert "chưa gửi tin nào" in listing.all_text
    reminder = await lan.next_reply()
    assert "vẫn đang điền dở" in reminder.all_text
    reply = await say(lan, "/khongcolenhnay")
    assert "Không có lệnh /khongcolenhnay" in reply.all_text
    await lan.next_reply()
    reply = await say(lan, "Có người bán ma túy")
    assert "Ở đâu?" in reply.all_text


async def test_double_tap_on_send_saves_once(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/viectot")
    for text in ["1", "Đưa cụ già bị ngã đi trạm y tế"]:
        await say(lan, text)
    summary = await say(lan, "tôi")
    send = summary.button("Gửi")
    await lan.press(summary, data=send.callback_data)
    await lan.press(summary, data=send.callback_data)
    done = await lan.next_reply()
    again = await lan.next_reply()
    assert "Đã gửi việc tốt" in done.all_text
    assert "đã được gửi hoặc đã hủy" in again.all_text and "VT-" in again.all_text
    entries = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert len(entries) == 1


async def test_edit_from_summary_returns_to_summary(bench: Bench) -> None:
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    await say(lan, "1")
    await say(lan, "Thấy mua bán")
    summary = await say(lan, "Chợ phiên")
    assert "Ma túy" in summary.all_text
    pick = await answer(lan, summary, "Sửa")
    prompt = await answer(lan, pick, "Loại tin")
    summary = await answer(lan, prompt, "Cờ bạc")
    assert "Kiểm tra lại" in summary.all_text and "Cờ bạc, mại dâm" in summary.all_text
    assert "Ma túy" not in summary.all_text
    # The edit list holds the questions, not the optional parts the summary offers.
    pick = await answer(lan, summary, "Sửa")
    assert choices(pick) == ["Loại tin", "Nội dung", "Nơi xảy ra"]
    prompt = await answer(lan, pick, "Nơi xảy ra")
    assert "Ở đâu?" in prompt.all_text
    back = await say(lan, "⬅️ Quay lại")  # the location keyboard's own button
    assert "Bạn muốn sửa mục nào?" in back.all_text


async def test_another_users_button_does_nothing_to_my_draft(bench: Bench) -> None:
    lan = await bench.join("Lan")
    hung = await bench.join("Hùng")
    prompt = await say(lan, "/tinbao")
    mine = prompt.button("1. Ma túy").callback_data
    assert mine is not None
    other = await say(hung, "/tinbao")
    await hung.press_raw(mine, other.message_id)
    reply = await hung.next_reply()
    assert "hết hiệu lực" in reply.all_text
    lan_draft = await bench.store.get_draft((await bench.person(lan)).id)
    hung_draft = await bench.store.get_draft((await bench.person(hung)).id)
    assert lan_draft is not None and lan_draft.step == "category"
    assert hung_draft is not None and hung_draft.step == "category"
