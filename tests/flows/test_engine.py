"""The flow engine on its own: no messenger, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Channel
from bot.flows.base import StepContext
from bot.flows.engine import Callback, FlowEngine, flows_by_name
from bot.flows.incident import INCIDENT
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


def test_typed_answers_walk_the_tip_flow_to_submit() -> None:
    start = ENGINE.start("tip", Channel.ZALO, "c", ctx())
    assert start.state is not None and start.state.step == "category"
    state = start.state
    for text, expected_step in [
        ("ma tuy", "description"),
        ("Thấy mua bán", "place"),
        ("https://maps.google.com/?q=22.66,106.25", "photos"),
        ("bỏ qua", "urgent"),
        ("không", "source"),
        ("bỏ qua", "_summary"),
    ]:
        action, state, _ = step(state, typed(text))
        assert action == "continue" and state.step == expected_step, (text, state.step)
    assert state.data["location"] == {"lat": 22.66, "lon": 106.25}
    action, state, _ = step(state, typed("1"))
    assert action == "submit"


def test_back_and_first_step() -> None:
    state = ENGINE.start("tip", Channel.ZALO, "c", ctx()).state
    assert state is not None
    action, _, replies = step(state, typed("0"))
    assert action == "unchanged" and "bước đầu tiên" in replies[0]
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


def test_photos_collect_until_done() -> None:
    state = ENGINE.start("tip", Channel.ZALO, "c", ctx()).state
    assert state is not None
    for text in ["1", "Thấy", "Chợ"]:
        _, state, _ = step(state, typed(text))
    assert state.step == "photos"
    photo = MediaRef(kind="photo", ref="f1")
    _, state, replies = step(state, typed(media=photo))
    _, state, replies = step(state, typed(media=photo))
    assert state.step == "photos" and "ảnh thứ 2" in replies[-1]
    _, state, _ = step(state, typed("xong"))
    assert state.step == "urgent"
    assert [m["ref"] for m in state.data["media"]] == ["f1", "f1"]


def test_summary_lists_only_steps_that_apply() -> None:
    data = {"category": "fire", "on_scene": False, "response_minutes": 10, "action": "other"}
    text = ENGINE.summary_text(INCIDENT, data, ctx())
    assert "Cháy, nổ" in text and "Có mặt sau" not in text
