"""Vietnamese for everyone: the language is the person's choice, never their Telegram app's.

Telegram has no Vietnamese interface, so most Vietnamese phones report `language_code =
"en"`. Such a member reads Vietnamese everywhere — replies, keyboards, the "/" command menu,
apologies, reminders, report files — until they choose English in /caidat, or the
deployment sets `bot.default_language = "en"`.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from calendar_kit import at, calendar_bench, local
from openpyxl import load_workbook

from bot.devtools.fake_telegram import FakeTelegram, SentMessage
from bot.domain import Role
from bot.texts import CATALOGUES
from harness import Bench, answer, say, settings_for

MAIN_MENU_VI = [["📝 Tin báo", "⚠️ Vụ việc"], ["🌟 Việc tốt", "📋 Của tôi"]]
MAIN_MENU_EN = [["📝 Tip", "⚠️ Incident"], ["🌟 Good deed", "📋 Mine"]]
#: Words only the English catalogue uses: none may reach someone who reads Vietnamese.
ENGLISH = ("Step ", "Please", "Send", "Report", "photo", "Urgent", "Cancel", "Welcome")


def english_in(messages: list[SentMessage]) -> list[str]:
    shown = [m.all_text + " " + " ".join(b.text for b in m.buttons) for m in messages]
    return [text for text in shown if any(word in text for word in ENGLISH)]


async def test_an_english_phone_files_a_tip_in_vietnamese_all_along(bench: Bench) -> None:
    lan = await bench.join("Lan", language="en")
    # Joining welcomes her, asks her full name, then shows the menu: all in Vietnamese.
    assert any("Chào Lan" in m.all_text for m in lan.chat.messages)
    assert lan.chat.messages[-1].reply_keyboard == MAIN_MENU_VI
    # The "/" menu her app shows (Telegram picks it by the app's language) is Vietnamese.
    menu = dict(bench.fake.menu_seen_by(lan))
    assert menu["tinbao"] == "Gửi tin báo về an ninh, trật tự" and "tip" not in menu

    offer = await say(lan, "Có người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng")
    prompt = await answer(lan, offer, "Đối tượng khả nghi")
    summary = await say(lan, "Đầu cầu Nà Cáp")
    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi tin báo" in done.all_text
    assert prompt.all_text and english_in(lan.chat.messages) == []
    person = await bench.person(lan)
    assert person.language == ""  # she chose nothing: the deployment's default


async def test_choosing_english_is_the_only_way_to_english(bench: Bench) -> None:
    tom = await bench.join("Tom", language="vi")
    view = await say(tom, "/caidat")
    switched = await answer(tom, view, "English")
    assert "Switched to English" in switched.all_text
    assert switched.reply_keyboard == MAIN_MENU_EN
    await tom.next_reply()  # the settings, in English
    # Telegram shows his chat its own menu in English; everyone else keeps Vietnamese.
    await bench.fake.wait_until(lambda: dict(bench.fake.menu_seen_by(tom)).get("tip") is not None)
    assert dict(bench.fake.menu_seen_by(tom))["tip"] == "Report a tip about security and order"
    lan = await bench.join("Lan", language="en")
    assert "tinbao" in dict(bench.fake.menu_seen_by(lan))
    prompt = await say(tom, "/tip")
    assert "Step 1/3" in prompt.all_text
    # Words typed for buttons are his language's: "skip", "done", "/cancel".
    await say(tom, "1")
    await say(tom, "Strangers asking about motorbikes")
    summary = await say(tom, "Market")
    photos = await answer(tom, summary, "Add photos")
    assert "✅ Done" in [b.text for b in photos.buttons]
    assert (await say(tom, "done")).all_text.startswith("Please check the tip")

    # Back to Vietnamese: the chat's own menu goes, the bot-wide Vietnamese one shows.
    await say(tom, "/cancel")
    await say(tom, "yes")
    await say(tom, "/caidat vi")
    await bench.fake.wait_until(lambda: "tinbao" in dict(bench.fake.menu_seen_by(tom)))


async def test_the_apology_for_a_failure_is_in_the_persons_language(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    lan = await bench.join("Lan", language="en")
    assert bench.runtime is not None
    services = bench.runtime.services

    async def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(services.conversations, "help", broken)
    reply = await say(lan, "/trogiup")
    assert reply.all_text == CATALOGUES["vi"]["error.sorry"]
    tom = await bench.join("Tom")
    await say(tom, "/caidat en")
    await tom.next_reply()
    reply = await say(tom, "/help")
    assert reply.all_text == CATALOGUES["en"]["error.sorry"]


async def test_an_officer_with_an_english_phone_gets_the_report_file_in_vietnamese(
    bench: Bench,
) -> None:
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a, language="en")
    reply = await say(minh, "/baocao tháng này")
    assert "BÁO CÁO PHONG TRÀO" in reply.all_text
    book = None
    while book is None:
        message = await minh.next_reply(timeout=20)
        if (message.file_name or "").endswith(".xlsx"):
            book = message
    workbook = load_workbook(io.BytesIO(bench.fake.file_bytes(book.document or "")))
    assert workbook.sheetnames[0] == "Tổng hợp"


async def test_a_deployment_that_sets_english(fake: FakeTelegram, tmp_path: Path) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    bench.settings = settings_for(fake, bench.db, bot={"default_language": "en"})
    await bench.start()
    try:
        await bench.seed()
        lan = await bench.join("Lan", language="vi")
        assert any("Welcome, Lan" in m.all_text for m in lan.chat.messages)
        assert dict(bench.fake.menu_seen_by(lan))["tip"] == "Report a tip about security and order"
        group = fake.group("Police")
        assert bench.fake.menu_seen_by(lan, group)[0][0] == "report"
        # Someone who chose Vietnamese keeps it, and gets a menu of their own.
        await say(lan, "/settings vi")
        await bench.fake.wait_until(lambda: "tinbao" in dict(bench.fake.menu_seen_by(lan)))
    finally:
        await bench.stop()


@pytest.fixture
async def august(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bench on 01/08/2026: the festival (19/08) is 18 days away."""
    bench = await calendar_bench(fake, tmp_path, local(2026, 8, 1, 10))
    try:
        yield bench
    finally:
        await bench.stop()


async def test_reminders_come_in_the_chosen_language(august: Bench) -> None:
    bench = august
    assert bench.org is not None
    dung = await bench.join("Dũng", Role.LEADER, language="en")
    tom = await bench.join("Tom", Role.LEADER)
    await say(tom, "/caidat en")
    await tom.next_reply()
    await at(bench, local(2026, 8, 5, 8))
    assert "Còn 14 ngày nữa là hạn" in (await dung.next_reply()).all_text
    assert "14 days left until" in (await tom.next_reply()).all_text
