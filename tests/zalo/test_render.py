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
from bot.messages import Attachment, Button, Location, Outbound
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


VI = Texts("vi", "zalo")


def alert(**fields: Any) -> Outbound:
    values: dict[str, Any] = {
        "channel": Channel.ZALO,
        "chat_id": "g",
        "text": "🚨 TIN BÁO KHẨN · TB-2026-000012\nNội dung: ...\n🖥 http://x/e/TB-2026-000012",
        "nav": [
            Button(
                label="✋ Tiếp nhận",
                data="p:take:12",
                typed="/tiepnhan TB-2026-000012",
                quick="take",
            ),
            Button(
                label="✅ Đã xử lý", data="p:done:12", typed="/daxuly TB-2026-000012", quick="done"
            ),
            Button(label="↪️ Chuyển", data="p:fwd:12", typed="/chuyen TB-2026-000012"),
        ],
        "act_on": ["TB-2026-000012"],
    }
    values.update(fields)
    return Outbound(**values)  # fmt: skip


def test_an_alert_is_answered_with_its_number_in_the_chat() -> None:
    [text] = render(alert(), VI, numbers={"TB-2026-000012": 7}).texts
    assert "👉 Trả lời «nhận 7» để tiếp nhận, «xong 7» khi đã xử lý." in text
    assert "/tiepnhan" not in text and "/daxuly" not in text
    assert "↪️ Chuyển: gõ /chuyen TB-2026-000012" in text
    assert "[7]" not in text  # one entry: the hint says it
    # Without a number (no store, an unknown code) the commands are typed as before.
    [plain] = render(alert(), VI).texts
    assert "✋ Tiếp nhận: gõ /tiepnhan TB-2026-000012" in plain and "«nhận" not in plain


def test_a_taken_alert_only_offers_to_close_it() -> None:
    taken = alert(nav=alert().nav[1:])
    [text] = render(taken, VI, numbers={"TB-2026-000012": 7}).texts
    assert "👉 Trả lời «xong 7» khi đã xử lý." in text and "«nhận" not in text


def test_a_listing_puts_each_number_before_its_code_once() -> None:
    digest = Outbound(
        channel=Channel.ZALO,
        chat_id="g",
        text=(
            "• TB-2026-000001 · Ma túy\n  🖥 http://x/e/TB-2026-000001\n\n"
            "• VV-2026-000002 · Cháy\n  🖥 http://x/e/VV-2026-000002"
        ),
        act_on=["TB-2026-000001", "VV-2026-000002"],
    )
    numbers = {"TB-2026-000001": 1, "VV-2026-000002": 2, "TB-2026-000099": 9}
    [text] = render(digest, VI, numbers=numbers).texts
    assert "• [1] TB-2026-000001 · Ma túy" in text and "• [2] VV-2026-000002 · Cháy" in text
    assert "/e/TB-2026-000001" in text and "[1] [1]" not in text and "[9]" not in text
    assert "«nhận <số>» để tiếp nhận, «xong <số>» khi đã xử lý" in text


def test_kept_photos_and_voice_notes_go_by_signed_address_where_zalo_takes_them() -> None:
    def link(ref: str) -> str | None:
        return "https://bot/m/1/s/" + ref.removeprefix("file:") if ref.startswith("file:") else None

    message = Outbound(
        channel=Channel.ZALO,
        chat_id="u",
        photos=["file:zalo/aa/a.jpg", "AgAC-telegram-id"],
        attachments=[Attachment(kind="voice", ref="file:zalo/bb/b.aac")],
    )
    drawn = render(message, VI, link=link)
    assert drawn.photos == ["https://bot/m/1/s/zalo/aa/a.jpg"]
    assert drawn.voices == ["https://bot/m/1/s/zalo/bb/b.aac"]
    assert "Kèm 1 ảnh" in drawn.texts[0]  # the Telegram one, which Zalo can't be given
    # In a group Zalo plays no voice notes: a line says where to listen.
    in_group = render(message, VI, link=link, group=True)
    assert in_group.voices == [] and "nghe trên trang làm việc" in in_group.texts[0]
