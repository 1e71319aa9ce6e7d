"""Real names: asked once at joining, changeable, and what reports and notices show."""

from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook
from police_support import alert_in, file_tip, police_group, press

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.domain import Role
from harness import Bench, answer, say


async def join_as(
    bench: Bench, profile: str, full: str, role: Role = Role.MEMBER, **kw: int
) -> FakeUser:
    """Join with a messenger display name and give the full name when asked."""
    user = bench.fake.user(profile)
    code = await bench.invite(role, commune_id=kw.get("commune_id"))
    welcome = await say(user, f"/start {code}")
    assert "Họ và tên đầy đủ" in welcome.all_text
    saved = await say(user, full)
    assert f"Đã lưu họ và tên: {full}" in saved.all_text
    return user


async def test_the_question_yields_to_a_report_and_is_asked_once(bench: Bench) -> None:
    code = await bench.invite(Role.MEMBER)
    lan = bench.fake.user("Lan 🌸")
    welcome = await say(lan, f"/start {code}")
    assert [b.text for b in welcome.buttons][:1] == ["1. ✔️ Lan"]  # the emoji is no name
    # She has news and goes straight to it: the question steps aside.
    prompt = await say(lan, "/tinbao")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    await say(lan, "/huy")
    again = await say(lan, "/start")
    assert again.all_text.startswith("Chào Lan 🌸!") and "Họ và tên đầy đủ" not in again.all_text
    person = await bench.person(lan)
    assert person.name == "Lan 🌸" and person.name_confirmed_at is None


async def test_news_typed_instead_of_the_name_is_filed_in_four_inputs(bench: Bench) -> None:
    # The "done when" of issue 10: a phone set to English joins and simply types the news.
    code = await bench.invite(Role.MEMBER)
    lan = bench.fake.user("Lan", language_code="en")
    welcome = await say(lan, f"/start {code}")
    assert "Họ và tên đầy đủ" in welcome.all_text
    offer = await say(lan, "Có hai người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng")
    # The question steps aside: no "that is no name", the news is offered for filing.
    assert "Họ tên" not in offer.all_text and "Ma túy" in offer.buttons[0].text
    prompt = await answer(lan, offer, "Đối tượng khả nghi")
    assert "Ở đâu?" in prompt.all_text
    summary = await say(lan, "Đầu cầu Nà Cáp")
    assert (
        "Kiểm tra lại tin báo" in summary.all_text and "hỏi thăm nhà ông Hoàng" in summary.all_text
    )
    done = await answer(lan, summary, "Gửi")
    assert "Mã số: TB-" in done.all_text  # four inputs after the link: news, kind, place, Gửi
    person = await bench.person(lan)
    assert person.name == "Lan" and person.name_confirmed_at is None  # the profile name stays
    assert not [m for m in lan.chat.messages if "Step" in m.all_text or "Send" in m.all_text]


async def test_a_short_wrong_answer_to_the_name_keeps_the_question(bench: Bench) -> None:
    code = await bench.invite(Role.MEMBER)
    lan = bench.fake.user("Lan")
    await say(lan, f"/start {code}")
    hint = await say(lan, "5")  # no name, and no news either: the question stays
    assert "chỉ gồm chữ cái" in hint.all_text
    saved = await say(lan, "Hoàng Thị Lan")
    assert "Đã lưu họ và tên: Hoàng Thị Lan" in saved.all_text


async def test_someone_never_asked_is_asked_at_start(bench: Bench) -> None:
    lan = await bench.join("Lan")
    async with bench.store.db.write() as conn:
        # As a database from before real names: never asked.
        await conn.execute("UPDATE persons SET name_asked_at = NULL, name_confirmed_at = NULL")
    asked = await say(lan, "/start")
    assert "Chào Lan!" in asked.all_text and "Họ và tên đầy đủ" in asked.all_text
    saved = await say(lan, "Hoàng Thị Lan")
    assert "Đã lưu họ và tên: Hoàng Thị Lan" in saved.all_text
    assert "Họ và tên" not in (await say(lan, "/start")).all_text


async def test_settings_change_the_name_with_the_same_checks(bench: Bench) -> None:
    lan = await bench.join("Lan")
    settings = await say(lan, "/caidat")
    assert "👤 Họ và tên: Lan" in settings.all_text
    ask = await answer(lan, settings, "Đổi họ tên")
    assert "Họ và tên đầy đủ" in ask.all_text and "1. ✔️ Lan" in [b.text for b in ask.buttons]
    refused = await say(lan, "Lan 0912 345 678")
    # One hint line under the question, which stays as it was (issue 10 §2).
    assert "chỉ gồm chữ cái" in refused.all_text and "Họ và tên đầy đủ" not in refused.all_text
    refused = await say(lan, "Có người lạ lảng vảng đầu thôn Nà Cáp từ sáng sớm")
    assert "dài quá" in refused.all_text
    saved = await say(lan, "hoàng thị lan")
    assert "Đã lưu họ và tên: Hoàng Thị Lan" in saved.all_text
    saved = await say(lan, "/caidat ten Hoàng Thị Lan Anh")
    assert "Đã lưu họ và tên: Hoàng Thị Lan Anh" in saved.all_text
    assert (await bench.person(lan)).name == "Hoàng Thị Lan Anh"
    [event, *_] = await bench.store.audit_log(action="org")
    assert event.event.detail == "name Hoàng Thị Lan -> Hoàng Thị Lan Anh"


async def test_notices_digests_and_workbooks_show_full_names(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a, "Công an xã Hòa An")
    lan = await join_as(bench, "Lan", "Hoàng Thị Lan")
    hung = await join_as(bench, "Hùng", "Trần Văn Hùng")
    minh = await join_as(
        bench, "Minh", "Nguyễn Văn Minh", Role.POLICE, commune_id=bench.org.commune_a
    )

    code = await file_tip(lan)
    alert = await alert_in(group, code)
    await press(bench, minh, alert, "Tiếp nhận")
    notice = await lan.next_reply()
    assert "tiếp nhận (Nguyễn Văn Minh" in notice.all_text
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Nguyễn Văn Minh" in (alert.text or ""))

    prompt = await say(lan, "/viectot")
    await answer(lan, prompt, "Hòa giải")
    prompt = await say(lan, "Hòa giải hai nhà tranh chấp ranh giới đất")
    summary = await answer(lan, prompt, "Cả tổ")
    await answer(lan, summary, "Gửi")

    # The admin corrects Hùng's name: everything shows the correction at once.
    hung_id = (await bench.person(hung)).id
    await say(bench.admin(), f"/doiten N{hung_id} Trần Văn Hưng")
    await hung.next_reply()
    # Times are stored to the second and a digest covers [start, now): let one pass.
    await asyncio.sleep(1.1)
    await minh.send_text("/bantin", chat=group)
    digest = await group.messages_until(lambda m: m.photo is not None, timeout=20)
    text = "\n".join(m.all_text for m in digest)
    assert "Người thực hiện: Hoàng Thị Lan, Trần Văn Hưng" in text
    assert "Cả tổ" not in text and "🙋" not in text

    reply = await say(minh, "/baocao tháng này")
    assert "BÁO CÁO" in reply.all_text
    book = await file_named(minh, ".xlsx")
    workbook = load_workbook(io.BytesIO(bench.fake.file_bytes(book.document or "")))
    deeds = workbook["Việc tốt"]
    header = [c.value for c in deeds[1]]
    [row] = list(deeds.iter_rows(min_row=2, values_only=True))
    assert row[header.index("Người thực hiện")] == "Hoàng Thị Lan, Trần Văn Hưng"
    assert row[header.index("Người gửi")] == "Hoàng Thị Lan"
    [tip_row] = list(workbook["Tin báo"].iter_rows(min_row=2, values_only=True))
    assert "Hoàng Thị Lan" in tip_row


async def file_named(user: FakeUser, suffix: str) -> SentMessage:
    """Read a chat until a document with that file ending arrives."""
    while True:
        message = await user.next_reply(timeout=20)
        if (message.file_name or "").endswith(suffix):
            return message


async def test_a_name_typed_in_settings_answers_the_open_question(bench: Bench) -> None:
    code = await bench.invite(Role.MEMBER)
    lan = bench.fake.user("Lan")
    await say(lan, f"/start {code}")
    saved = await say(lan, "/caidat ten Lò Thị Lan")
    assert "Đã lưu họ và tên: Lò Thị Lan" in saved.all_text
    await bench.fake.wait_idle()
    assert lan.drain() == []  # the question is not asked again as "still open"
    assert await bench.store.get_draft((await bench.person(lan)).id) is None
