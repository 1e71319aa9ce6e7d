"""How Zalo draws each question: numbered choices, typed navigation, never a "press"."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.domain import Channel
from bot.flows.base import Flow, StepContext
from bot.flows.engine import CANCEL, EDIT, SUMMARY, FlowEngine, flows_by_name
from bot.flows.followup import FOLLOWUP
from bot.flows.gooddeed import GOOD_DEED
from bot.flows.incident import INCIDENT
from bot.flows.news import NEWS
from bot.flows.report import REPORT
from bot.flows.tip import TIP
from bot.messages import Button, Location, Outbound
from bot.texts import CATALOGUES, Texts
from bot.zalo.render import answer_hint, render
from storage.models import Draft

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
FLOWS = [TIP, INCIDENT, GOOD_DEED, FOLLOWUP, NEWS, REPORT]
ENGINE = FlowEngine(flows_by_name(FLOWS))
OWN = [(f"VT-2026-00000{n}", f"VT-2026-00000{n} · Giúp người gặp nạn") for n in (1, 2, 3)]
#: Answers that make every conditional step apply, so each one is drawn.
ANSWERS: dict[str, Any] = {
    "_nonce": "abc123",
    "category": "other",
    "description": "x",
    "place": "Chợ",
    "urgent": False,
    "source": "Bà Hoa",
    "confidential": True,
    "on_scene": True,
    "response_minutes": 5,
    "action": "other",
    "injuries": False,
    "doers": "Tôi",
    "entry": "VT-2026-000001",
    "scope_name": "Xã Hòa An",
}


def draft_at(flow: Flow, step: str) -> Draft:
    return Draft(
        id=1,
        person_id=1,
        flow=flow.name,
        step=step,
        seq=3,
        data=dict(ANSWERS),
        history=["category"],
        channel=Channel.ZALO,
        chat_id="z1",
        created_at=NOW,
        updated_at=NOW,
    )


def questions() -> list[tuple[str, Flow, str]]:
    every = []
    for flow in FLOWS:
        names = [step.name for step in flow.steps]
        if flow.summary:
            names += [SUMMARY, EDIT, CANCEL]
        every += [(f"{flow.name}:{name}", flow, name) for name in names]
    return every


@pytest.mark.parametrize(
    ("flow", "step"), [q[1:] for q in questions()], ids=[q[0] for q in questions()]
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_question_reads_as_typed_choices(flow: Flow, step: str, language: str) -> None:
    texts = Texts(language, Channel.ZALO.value)
    ctx = StepContext(texts=texts, now=NOW, options={"own_entries": OWN})
    prompt = ENGINE.resume(draft_at(flow, step), ctx)
    drawn = render(prompt, texts)
    text = "\n".join(drawn.texts)
    assert all(len(chunk) <= 2000 for chunk in drawn.texts)
    # No button is promised where there are none.
    assert "bấm" not in text.lower() and "press" not in text.lower(), text
    if prompt.choices and prompt.numbered:
        for number, choice in enumerate(prompt.choices, start=1):
            assert f"\n{number}. {choice.label}" in text, text
        assert answer_hint(texts, len(prompt.choices)) in text
    elif prompt.choices:
        assert " · ".join(c.label for c in prompt.choices) in text
    for button in prompt.nav:
        assert button.typed, f"{button.label} has no typed equivalent"
        assert button.label in text and button.typed in text


def test_answer_hint_spells_out_few_numbers() -> None:
    texts = Texts("vi", "zalo")
    assert answer_hint(texts, 1) == "👉 Trả lời 1."
    assert answer_hint(texts, 2) == "👉 Trả lời 1 hoặc 2."
    assert answer_hint(texts, 3) == "👉 Trả lời 1, 2 hoặc 3."
    assert answer_hint(texts, 10) == "👉 Trả lời một số từ 1 đến 10."
    assert Texts("en", "zalo")("zalo.answer.few", numbers="1, 2", last=3) == "👉 Reply 1, 2 or 3."


def test_long_lists_are_split_between_entries_under_2000_characters() -> None:
    entries = [
        f"• VT-2026-{n:06d} — 20/11/2026 10:00\n  Giúp người gặp nạn · Mới gửi" for n in range(80)
    ]
    message = Outbound(channel=Channel.ZALO, chat_id="z1", text="\n\n".join(entries))
    chunks = render(message, Texts("vi", "zalo")).texts
    assert len(chunks) > 1 and all(len(chunk) <= 2000 for chunk in chunks)
    rebuilt = [block for chunk in chunks for block in chunk.split("\n\n")]
    assert rebuilt == entries


def test_menu_location_and_photos_become_text() -> None:
    message = Outbound(
        channel=Channel.ZALO,
        chat_id="z1",
        text="✅ Đã gửi.",
        keyboard="main",
        menu=[["📝 Tin báo", "⚠️ Vụ việc"], ["🌟 Việc tốt", "📋 Của tôi"]],
        location=Location(lat=22.6657, lon=106.257),
        photos=["AgACAgIAAxkBAAIB", "file:zalo/ab/ab.jpg", "https://cdn.example/p.jpg"],
        nav=[Button(label="✅ Tiếp nhận", data="p:take:1", typed="/tiepnhan TB-2026-000001")],
    )
    drawn = render(message, Texts("vi", "zalo"))
    text = drawn.texts[0]
    assert "✅ Tiếp nhận: gõ /tiepnhan TB-2026-000001" in text
    assert "📍 Vị trí: https://maps.google.com/?q=22.66570,106.25700" in text
    assert "Kèm 2 ảnh" in text
    assert text.endswith(
        "👉 Gõ số hoặc tên để chọn: 1. Tin báo · 2. Vụ việc · 3. Việc tốt · 4. Của tôi"
    )
    assert drawn.photos == ["https://cdn.example/p.jpg"]


def test_variants_keep_the_placeholders_of_the_text_they_replace() -> None:
    def names(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for catalogue in CATALOGUES.values():
        for key, template in catalogue.items():
            if "@" in key:
                base = key.split("@", 1)[0]
                assert base in catalogue, key
                # Callers fill the base text's values: a variant may use fewer, never more.
                assert names(template) <= names(catalogue[base]), key
