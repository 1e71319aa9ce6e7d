"""The flow engine on its own: no messenger, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Channel
from bot.flows.base import StepContext
from bot.flows.engine import Callback, FlowEngine, flows_by_name
from bot.flows.gooddeed import GOOD_DEED
from bot.flows.incident import INCIDENT
from bot.flows.news import NEWS
from bot.flows.tip import TIP
from bot.messages import Inbound, MediaRef
from bot.texts import Texts
from storage.models import Draft, DraftState

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
ENGINE = FlowEngine(flows_by_name([TIP, INCIDENT]))


def ctx() -> StepContext:
    from zoneinfo import ZoneInfo

    return StepContext(texts=Texts("vi"), now=NOW.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")))


def as_draft(state: DraftState) -> Draft:
    return Draft(id=1, person_id=1, created_at=NOW, updated_at=NOW, **state.model_dump())


def typed(text: str | None = None, **extra: object) -> Inbound:
    return Inbound(key="k", channel=Channel.ZALO, chat_id="c", user_id="u", text=text, **extra)


def step(state: DraftState, inbound: Inbound) -> tuple[str, DraftState, list[str]]:
    outcome = ENGINE.handle(as_draft(state), inbound, ctx())
    assert outcome.state is not None or outcome.action in ("cancel",)
    return outcome.action, outcome.state or state, [r.text for r in outcome.replies]


def test_callback_data_is_short_ascii() -> None:
    data = Callback("a1b2c3", 12345, "c:suspicious").encode()
    assert data.isascii() and len(data.encode()) <= 64
    assert Callback.decode(data) == Callback("a1b2c3", 12345, "c:suspicious")
    assert Callback.decode("p:take:1") is None
    assert Callback.decode("f:x:notanumber:c") is None


def walk(flow: str, answers: list[str]) -> DraftState:
    state = ENGINE.start(flow, Channel.ZALO, "c", ctx()).state
    assert state is not None
    for text in answers:
        _, state, _ = step(state, typed(text))
    return state


def test_typed_answers_walk_the_tip_flow_to_submit() -> None:
    start = ENGINE.start("tip", Channel.ZALO, "c", ctx())
    assert start.state is not None and start.state.step == "category"
    state = start.state
    for text, expected_step in [
        ("ma tuy", "description"),
        ("Thấy mua bán", "place"),
        ("https://maps.google.com/?q=22.66,106.25", "_summary"),
    ]:
        action, state, _ = step(state, typed(text))
        assert action == "continue" and state.step == expected_step, (text, state.step)
    assert state.data["location"] == {"lat": 22.66, "lon": 106.25}
    action, state, _ = step(state, typed("1"))
    assert action == "submit"
    # Safe defaults: not urgent, no source, no photo.
    assert not state.data.get("urgent") and not state.data.get("source")
    assert not state.data.get("media")


def test_the_summary_offers_the_optional_parts_with_their_defaults() -> None:
    state = walk("tip", ["1", "Thấy mua bán", "Chợ phiên"])
    prompt = ENGINE.resume(as_draft(state), ctx())
    labels = [b.label for b in prompt.choices]
    assert labels == [
        "📨 Gửi",
        "📷 Thêm ảnh",
        "🚨 Khẩn cấp",
        "🔒 Có người cung cấp tin cần giữ bí mật",
        "✏️ Sửa",
    ]
    assert "Mức độ: Bình thường" in prompt.text and "Ảnh: Không có" in prompt.text
    # "Khẩn cấp" flips at once and can be taken back; nothing is asked.
    _, state, replies = step(state, typed("khẩn cấp"))
    assert state.step == "_summary" and state.data["urgent"] is True
    assert "Mức độ: 🚨 Khẩn cấp" in replies[0]
    prompt = ENGINE.resume(as_draft(state), ctx())
    assert "↩️ Không khẩn cấp" in [b.label for b in prompt.choices]
    _, state, _ = step(state, typed("không khẩn cấp"))
    assert state.data["urgent"] is False
    # The source is asked only when chosen, and is always kept secret.
    _, state, replies = step(state, typed("4"))
    assert state.step == "source" and "Chỉ Công an xã" in replies[0]
    _, state, replies = step(state, typed("Bà Hoa, 0912"))
    assert state.step == "_summary" and state.data["confidential"] is True
    assert "Bà Hoa, 0912 (🔒 giữ bí mật)" in replies[0]
    _, state, _ = step(state, typed("4"))
    _, state, _ = step(state, typed("bỏ qua"))
    assert state.step == "_summary" and state.data["source"] is None
    assert state.data["confidential"] is False


def test_photos_are_added_from_the_summary_with_one_word_to_finish() -> None:
    state = walk("tip", ["1", "Thấy", "Chợ"])
    _, state, replies = step(state, typed("thêm ảnh"))
    assert state.step == "photos"
    prompt = ENGINE.resume(as_draft(state), ctx())
    # One way on: «Xong» (with or without photos), never «Bỏ qua» beside it.
    assert [b.typed for b in prompt.nav][:1] == ["xong"] and "bỏ qua" not in replies[0].lower()
    photo = MediaRef(kind="photo", ref="f1")
    _, state, replies = step(state, typed(media=photo))
    _, state, replies = step(state, typed(media=photo))
    assert state.step == "photos"
    assert replies == ["✔️ Đã nhận ảnh thứ 2. Gửi thêm, hoặc bấm «Xong»."]
    _, state, replies = step(state, typed("xong"))
    assert state.step == "_summary" and "Ảnh: 2 ảnh" in replies[0]
    assert [m["ref"] for m in state.data["media"]] == ["f1", "f1"]
    # Back from the summary is the last question, not the photo step.
    _, state, _ = step(state, typed("0"))
    assert state.step == "place"


def test_a_photo_sent_at_any_question_is_kept() -> None:
    state = walk("tip", ["1"])
    photo = MediaRef(kind="photo", ref="p1")
    action, state, replies = step(state, typed(media=photo))
    assert action == "continue" and state.step == "description"
    assert "Đã nhận ảnh thứ 1" in replies[0] and "Mời trả lời tiếp" in replies[0]
    # With a caption, the caption answers the question.
    action, state, replies = step(state, typed("Thấy mua bán", media=photo))
    assert state.step == "place" and state.data["description"] == "Thấy mua bán"
    assert len(state.data["media"]) == 2
    _, state, _ = step(state, typed("Chợ"))
    _, state, replies = step(state, typed(media=photo))
    assert state.step == "photos" and len(state.data["media"]) == 3


def test_a_wrong_answer_repeats_only_the_hint() -> None:
    state = walk("tip", [])
    action, _, replies = step(state, typed("99"))
    assert action == "unchanged"
    assert replies == ["⚠️ Mình chưa hiểu. Hãy bấm một nút ở trên, hoặc gõ số từ 1 đến 10."]


def test_cancel_asks_once_when_something_was_answered() -> None:
    state = walk("tip", [])
    action, _, replies = step(state, typed("/huy"))
    assert action == "cancel"  # nothing answered yet: nothing to lose
    state = walk("tip", ["1", "Thấy mua bán"])
    action, state, replies = step(state, typed("hủy"))
    assert action == "continue" and state.step == "_cancel"
    assert "Hủy tin báo đang soạn?" in replies[0]
    action, state, replies = step(state, typed("không"))
    assert action == "continue" and state.step == "place"
    assert state.data["description"] == "Thấy mua bán"
    _, state, _ = step(state, typed("/huy"))
    action, _, replies = step(state, typed("có"))
    assert action == "cancel" and "Đã hủy tin báo" in replies[0]
    _, state, _ = step(walk("tip", ["1"]), typed("/huy"))
    action, _, _ = step(state, typed("/huy"))
    assert action == "cancel"  # asked once: a second /huy means it


def test_the_step_counter_never_jumps() -> None:
    seen: list[str] = []
    state = walk("incident", [])
    for text in ["1", "vừa xảy ra", "Chợ", "Xô xát", "không", "hòa giải", "không"]:
        prompt = ENGINE.resume(as_draft(state), ctx())
        seen.append(prompt.text.split("\n")[0])
        _, state, _ = step(state, typed(text))
    assert seen == [f"Bước {n}/7" for n in range(1, 8)]
    state = walk("incident", ["1", "vừa xảy ra", "Chợ", "Xô xát", "có"])
    assert ENGINE.resume(as_draft(state), ctx()).text.startswith("Bước 5/7")  # the minutes
    _, state, _ = step(state, typed("10"))
    assert ENGINE.resume(as_draft(state), ctx()).text.startswith("Bước 6/7")


def test_typed_news_becomes_a_tip_at_its_place() -> None:
    engine = FlowEngine(flows_by_name([TIP, INCIDENT, GOOD_DEED, NEWS]))
    data: dict[str, object] = {"description": "Có người lạ hỏi nhà ông Hoàng"}
    state = engine.start("news", Channel.ZALO, "c", ctx(), data).state
    assert state is not None
    prompt = engine.resume(as_draft(state), ctx())
    assert "Gửi tin này cho Công an xã?" in prompt.text and "Bước" not in prompt.text
    assert [b.label for b in prompt.choices][-2:] == ["⚠️ Vụ việc đã xảy ra", "🌟 Việc tốt"]
    outcome = engine.handle(as_draft(state), typed("Đã thấy hai lần trong tuần"), ctx())
    assert outcome.state is not None and outcome.state.step == "kind"
    assert "Đã thêm vào nội dung" in outcome.replies[0].text
    outcome = engine.handle(as_draft(outcome.state), typed("4"), ctx())
    tip = outcome.state
    assert tip is not None and (tip.flow, tip.step) == ("tip", "place")
    assert tip.data["category"] == "suspicious"
    assert tip.data["description"] == "Có người lạ hỏi nhà ông Hoàng\nĐã thấy hai lần trong tuần"
    assert "Bước 3/3" in outcome.replies[0].text and tip.history == ["category", "description"]
    # As an incident: everything is asked but what happened, which is not counted.
    state = engine.start("news", Channel.ZALO, "c", ctx(), data).state
    assert state is not None
    outcome = engine.handle(as_draft(state), typed("vụ việc"), ctx())
    incident = outcome.state
    assert incident is not None and (incident.flow, incident.step) == ("incident", "category")
    assert "Bước 1/6" in outcome.replies[0].text


def test_a_draft_at_a_step_that_no_longer_exists_resumes_at_the_summary() -> None:
    state = walk("tip", ["1", "Thấy", "Chợ"]).model_copy(update={"step": "confidential"})
    prompt = ENGINE.resume(as_draft(state), ctx())
    assert "Kiểm tra lại tin báo" in prompt.text
    action, _, _ = step(state, typed("gửi"))
    assert action == "submit"


def test_back_and_first_step() -> None:
    state = ENGINE.start("tip", Channel.ZALO, "c", ctx()).state
    assert state is not None
    action, _, replies = step(state, typed("0"))
    assert action == "unchanged" and "câu hỏi đầu tiên" in replies[0]
    _, state, _ = step(state, typed("2"))
    _, state, _ = step(state, typed("quay lại"))
    assert state.step == "category" and state.history == []


def test_stale_and_forged_buttons_change_nothing() -> None:
    state = ENGINE.start("tip", Channel.TELEGRAM, "c", ctx()).state
    assert state is not None
    nonce = state.data["_nonce"]
    old = Callback(nonce, state.seq, "c:drugs").encode()
    _, state, _ = step(state, typed(callback=old))
    assert state.step == "description"
    action, _, replies = step(state, typed(callback=old))
    assert action == "unchanged" and "đã qua" in replies[0]
    action, _, replies = step(state, typed(callback=Callback("zzzzzz", state.seq, "<").encode()))
    assert action == "unchanged" and "hết hiệu lực" in replies[0]


def test_summary_lists_only_steps_that_apply() -> None:
    data = {"category": "fire", "on_scene": False, "response_minutes": 10, "action": "other"}
    text = ENGINE.summary_text(INCIDENT, data, ctx())
    assert "Cháy, nổ" in text and "Có mặt sau" not in text
