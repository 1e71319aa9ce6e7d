"""Joining by invite, and what outsiders, removed people and bad codes get."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain import Role
from harness import Bench, answer, say


async def test_invite_link_makes_a_member_with_the_menu(bench: Bench) -> None:
    code = await bench.invite(Role.MEMBER)
    hoa = bench.fake.user("Hoa")
    welcome = await say(hoa, f"/start {code}")
    assert "Chào Hoa" in welcome.all_text
    assert "Tổ bảo vệ ANTT thôn Nà Cáp" in welcome.all_text
    assert "tổ viên" in welcome.all_text
    # The welcome asks once for the full name, the profile name offered as a button.
    assert "Họ và tên đầy đủ của bạn là gì?" in welcome.all_text
    assert "Bước" not in welcome.all_text
    assert welcome.buttons[0].text == "1. ✔️ Hoa"
    saved = await say(hoa, "nguyễn thị hoa")
    assert "Đã lưu họ và tên: Nguyễn Thị Hoa" in saved.all_text
    assert "📝 Tin báo (/tinbao)" in saved.all_text  # the role's help comes with it
    assert saved.reply_keyboard == [["📝 Tin báo", "⚠️ Vụ việc"], ["🌟 Việc tốt", "📋 Của tôi"]]
    person = await bench.person(hoa)
    assert person.role == Role.MEMBER and person.team_id == bench.org.team_a.id  # type: ignore[union-attr]
    assert person.name == "Nguyễn Thị Hoa" and person.profile_name == "Hoa"


async def test_an_english_phone_still_gets_vietnamese(bench: Bench) -> None:
    # Telegram has no Vietnamese interface: "en" is what most Vietnamese phones report.
    code = await bench.invite(Role.LEADER)
    tom = bench.fake.user("Tom", language_code="en")
    welcome = await say(tom, f"/start {code}")
    assert "Chào Tom" in welcome.all_text and "tổ trưởng" in welcome.all_text
    saved = await answer(tom, welcome, "✔️ Tom")
    assert "Đã lưu họ và tên: Tom" in saved.all_text
    # A leader's keyboard also opens the web workspace (issue 12).
    assert saved.reply_keyboard == [
        ["📝 Tin báo", "⚠️ Vụ việc"],
        ["🌟 Việc tốt", "📋 Của tôi"],
        ["🖥 Trang làm việc"],
    ]
    stranger = bench.fake.user("Ann", language_code="en")
    assert "Để tham gia" in (await say(stranger, "hello")).all_text


async def test_outsider_gets_a_polite_explanation_and_nothing_else(bench: Bench) -> None:
    stranger = bench.fake.user("Khách")
    for text in ["xin chào", "/tinbao", "📝 Tin báo", "/cuatoi", "/start"]:
        reply = await say(stranger, text)
        assert "Để tham gia, bạn cần đường link mời" in reply.all_text
        assert reply.inline_keyboard == [] and reply.reply_keyboard is None
    await stranger.send_location(21.0, 105.8)
    reply = await stranger.next_reply()
    assert "link mời" in reply.all_text


async def test_typed_code_joins_too(bench: Bench) -> None:
    code = await bench.invite(Role.MEMBER)
    user = bench.fake.user("Tuấn")
    reply = await say(user, code.lower())
    assert "Chào Tuấn" in reply.all_text


async def test_expired_and_used_up_and_wrong_codes(bench: Bench) -> None:
    expired = await bench.invite(expires=datetime.now(UTC) - timedelta(minutes=1))
    user = bench.fake.user("A")
    reply = await say(user, f"/start {expired}")
    assert "Mã mời này đã hết hạn" in reply.all_text
    assert "xin mã mời mới" in reply.all_text

    once = await bench.invite(max_uses=1)
    assert "Chào" in (await say(bench.fake.user("B"), f"/start {once}")).all_text
    reply = await say(bench.fake.user("C"), f"/start {once}")
    assert "đã dùng hết số lượt" in reply.all_text

    reply = await say(bench.fake.user("D"), "/start ZZZZZZZZ")
    assert "Mã mời này không đúng" in reply.all_text


async def test_police_invite_joins_the_commune(bench: Bench) -> None:
    assert bench.org is not None
    officer = await bench.join("Đại úy Minh", Role.POLICE, commune_id=bench.org.commune_a)
    person = await bench.person(officer)
    assert person.role == Role.POLICE and person.commune_id == bench.org.commune_a
    assert person.team_id is None
    # Police have no team: a tip they log is one a resident gave them directly.
    reply = await say(officer, "/tinbao")
    assert "trực tiếp cho Công an xã" in reply.all_text
    await say(officer, "/huy")
    reply = await say(officer, "/vuviec")
    assert "Tổ bảo vệ ANTT gửi" in reply.all_text


async def test_removed_person_loses_access_at_once(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/tinbao")
    assert "Bước 1/" in prompt.all_text
    await bench.store.remove_person((await bench.person(lan)).id, datetime.now(UTC))
    reply = await say(lan, "1")
    assert "link mời" in reply.all_text
    assert await bench.store.get_draft((await bench.person(lan)).id) is None
