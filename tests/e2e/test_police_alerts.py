"""Urgent entries reach the commune police chat at once; officers take and handle them."""

from __future__ import annotations

import time

from police_support import alert_in, file_incident, file_tip, police_group, press, press_data

from bot.domain import EntryStatus, Role
from harness import Bench, answer, say


async def test_urgent_tip_alerts_the_police_chat_and_the_officer_takes_it(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a, "Công an xã Hòa An")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)

    started = time.monotonic()
    code = await file_tip(lan, photos=2, location=(22.6657, 106.2570))
    alert = await alert_in(group, code)
    assert time.monotonic() - started < 10  # the whole typed conversation, alert included
    text = alert.all_text
    assert "TIN BÁO KHẨN" in text and "Đối tượng khả nghi" in text
    assert "Người lạ hỏi mua xe máy" in text and "Thôn Nà Cáp" in text
    # The source is confidential: the group reads that it exists, never who it is.
    assert "giữ bí mật" in text
    assert "Nông Thị Hoa" not in text and "0912" not in text
    assert [b.text for b in alert.buttons] == [
        "✋ Tiếp nhận",
        "✅ Đã xử lý",
        "↪️ Chuyển",
        "🔒 Nguồn tin",
    ]
    assert all(len(b.callback_data or "") <= 64 for b in alert.buttons)
    before = group.messages[: group.messages.index(alert)]
    assert any(m.location == (22.6657, 106.257) for m in before)
    assert sum(1 for m in before if m.photo) == 2
    assert not any("Nông Thị Hoa" in (m.all_text or "") for m in group.messages)
    # The member was told it is on its way (and would be told if it could not arrive).
    assert "đang được chuyển ngay cho Công an xã" in lan.chat.messages[-1].all_text

    toast = await press(bench, minh, alert, "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast
    notice = await lan.next_reply()
    assert f"Tin {code} của bạn đã được Công an xã tiếp nhận (Minh" in notice.all_text
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Minh" in (alert.text or ""))
    assert "Tiếp nhận" not in [b.text for b in alert.buttons]
    assert "✅ Đã xử lý" in [b.text for b in alert.buttons]

    toast = await press(bench, minh, alert, "Đã xử lý")
    assert toast is not None and "đã xử lý xong" in toast
    notice = await lan.next_reply()
    assert f"Tin {code} của bạn đã được Công an xã xử lý xong" in notice.all_text
    await bench.fake.wait_until(lambda: "Đã xử lý: Minh" in (alert.text or ""))

    # A second press on the old button: a clear answer, nothing changes, nobody is re-told.
    entry = await bench.store.get_entry(code)
    assert entry is not None
    toast = await press_data(bench, minh, alert, f"p:done:{entry.id}")
    assert toast is not None and "đã được xử lý rồi" in toast
    events = await bench.store.entry_events(entry.id)
    assert [e.action for e in events] == ["take", "handle"]
    assert (await bench.store.get_entry(code)).status == EntryStatus.HANDLED  # type: ignore[union-attr]
    await bench.fake.wait_idle()
    assert lan.unread() == []

    listing = await say(lan, "/cuatoi")
    assert "Đã xử lý" in listing.all_text


async def test_only_the_communes_police_may_act(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    hung = await bench.join("Hùng")  # a member, also in the group
    other = await bench.join("Cán bộ xã B", Role.POLICE, commune_id=bench.org.commune_b)
    stranger = bench.fake.user("Người lạ")
    code = await file_tip(lan)
    alert = await alert_in(group, code)
    entry = await bench.store.get_entry(code)
    assert entry is not None

    for person in (hung, other, stranger):
        toast = await press(bench, person, alert, "Tiếp nhận")
        assert toast is not None and "không có quyền" in toast
        toast = await press(bench, person, alert, "Nguồn tin")
        assert toast is not None and "không có quyền" in toast
    reply = await say(other, f"/tiepnhan {code}")
    assert "không có quyền" in reply.all_text
    reply = await say(other, f"/nguontin {code}")
    assert "không có quyền" in reply.all_text and "Hoa" not in reply.all_text
    assert (await bench.store.get_entry(code)).status == EntryStatus.NEW  # type: ignore[union-attr]
    assert await bench.store.entry_events(entry.id) == []
    await bench.fake.wait_idle()
    for person in (hung, other, stranger):
        assert not any("Hoa" in m.all_text for m in person.chat.messages)


async def test_confidential_source_goes_privately_to_the_officer_who_asks(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan)
    alert = await alert_in(group, code)

    toast = await press(bench, minh, alert, "Nguồn tin")
    assert toast is not None and "gửi riêng" in toast
    private = await minh.next_reply()
    assert "Bà Nông Thị Hoa, 0912 345 678" in private.all_text
    assert "bí mật" in private.all_text
    await bench.fake.wait_idle()
    assert not any("Nông Thị Hoa" in m.all_text for m in group.messages)
    entry = await bench.store.get_entry(code)
    assert entry is not None
    events = await bench.store.entry_events(entry.id)
    assert [(e.action, e.person_name) for e in events] == [("source", "Minh")]
    # The status is untouched: reading the source is not taking the tip.
    assert entry.status == EntryStatus.NEW

    history = await say(minh, f"/lichsu {code}")
    assert "xem nguồn tin: Minh" in history.all_text


async def test_a_recorded_source_is_always_kept_secret_and_none_is_the_default(
    bench: Bench,
) -> None:
    # The summary offers one way to record a source, «🔒 Có người cung cấp tin cần giữ bí
    # mật»: a source is recorded only to be protected, so no group ever reads a name.
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    code = await file_tip(lan, source="Ông Hoàng Văn Sáu")
    alert = await alert_in(group, code)
    assert "Hoàng Văn Sáu" not in alert.all_text and "giữ bí mật" in alert.all_text
    assert "🔒 Nguồn tin" in [b.text for b in alert.buttons]
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.confidential
    plain = await file_tip(lan, source=None)
    alert = await alert_in(group, plain)
    assert "Người cung cấp tin" not in alert.all_text
    assert "Nguồn tin" not in [b.text for b in alert.buttons]
    assert await bench.store.tip_source((await bench.store.get_entry(plain)).id) is None  # type: ignore[union-attr]


async def test_routine_entries_reach_the_police_chat_at_once_without_a_sound(
    bench: Bench,
) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan, urgent=False)
    told = lan.chat.messages[-1].all_text
    assert "đang được gửi tới Công an xã" in told and "chuyển ngay" not in told
    alert = await alert_in(group, code)
    assert f"📝 TIN BÁO · {code}" in alert.all_text and "KHẨN" not in alert.all_text
    assert alert.raw_params.get("disable_notification") is True
    assert [b.text for b in alert.buttons] == [
        "✋ Tiếp nhận",
        "✅ Đã xử lý",
        "↪️ Chuyển",
        "🔒 Nguồn tin",
    ]
    assert group.pinned is None  # only urgent alerts are pinned
    assert "Nông Thị Hoa" not in alert.all_text
    toast = await press(bench, minh, alert, "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast
    assert "đã được Công an xã tiếp nhận" in (await lan.next_reply()).all_text
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Minh" in (alert.text or ""))

    # A good deed is news for police, with nothing to take: no buttons, no sound.
    await say(lan, "/viectot")
    await say(lan, "tuyên truyền")
    prompt = await say(lan, "Buổi tuyên truyền phòng chống ma túy cho 40 hộ")
    summary = await answer(lan, prompt, "Cả tổ")
    done = await answer(lan, summary, "Gửi")
    assert "đang được gửi tới Công an xã" in done.all_text
    deed = done.all_text.split("Mã số: ")[1].split()[0]
    news = await alert_in(group, deed)
    assert "🌟 VIỆC TỐT" in news.all_text and "tuyên truyền phòng chống ma túy" in news.all_text
    assert news.buttons == [] and news.raw_params.get("disable_notification") is True


async def test_an_urgent_alert_rings_is_pinned_and_comes_down_when_handled(
    bench: Bench,
) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan)
    alert = await alert_in(group, code)
    assert not alert.raw_params.get("disable_notification")
    await bench.fake.wait_until(lambda: group.pinned == alert.message_id)
    await press(bench, minh, alert, "Tiếp nhận")
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Minh" in (alert.text or ""))
    assert group.pinned == alert.message_id  # taken, not yet handled: still in view
    await press(bench, minh, alert, "Đã xử lý")
    await bench.fake.wait_until(lambda: group.pinned is None)


async def test_fire_and_injury_incidents_alert(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    fire = await file_incident(lan, "cháy")
    alert = await alert_in(group, fire)
    assert "VỤ CHÁY, NỔ" in alert.all_text and "có mặt sau 10 phút" in alert.all_text
    hurt = await file_incident(lan, "tai nạn giao thông", injuries=True)
    alert = await alert_in(group, hurt)
    assert "CÓ NGƯỜI BỊ THƯƠNG" in alert.all_text
    quiet = await file_incident(lan, "trộm cắp")
    alert = await alert_in(group, quiet)
    assert f"⚠️ VỤ VIỆC · {quiet}" in alert.all_text
    assert alert.raw_params.get("disable_notification") is True


async def test_typed_commands_work_in_private_and_update_the_alert(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan)
    alert = await alert_in(group, code)

    reply = await say(minh, f"/tiepnhan {code.lower()}")
    assert f"Bạn đã tiếp nhận {code}" in reply.all_text
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Minh" in (alert.text or ""))
    reply = await say(minh, f"/tiepnhan {code}")
    assert "đã được Minh tiếp nhận" in reply.all_text
    assert "đã được Công an xã tiếp nhận" in (await lan.next_reply()).all_text
    reply = await say(minh, f"/daxuly {code} đã xác minh, mời làm việc")
    assert "đã xử lý xong" in reply.all_text
    assert "Ghi chú đã được gửi cho người báo tin" in reply.all_text
    # The note is meant for the reporter: it comes with the "handled" notice.
    notice = await lan.next_reply()
    assert f"Tin {code} của bạn đã được Công an xã xử lý xong" in notice.all_text
    assert "Công an xã nhắn: đã xác minh, mời làm việc" in notice.all_text
    await bench.fake.wait_until(
        lambda: "Ghi chú (đã gửi người báo tin): đã xác minh" in (alert.text or "")
    )
    reply = await say(minh, f"/daxuly {code}")
    assert "đã được xử lý rồi" in reply.all_text
    reply = await say(minh, "/daxuly TB-2026-999999")
    assert "Không tìm thấy" in reply.all_text
    reply = await say(minh, "/daxuly")
    assert "Cách dùng" in reply.all_text


async def test_a_note_marked_internal_stays_with_police(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan, urgent=False)
    alert = await alert_in(group, code)
    await minh.send_text(f"/daxuly {code} nb: đối tượng là cháu ông Sáu, đã nhắc nhở", chat=group)
    answer_in_group = await group.next_message()
    assert "đã xử lý xong" in answer_in_group.all_text
    assert "chỉ lưu nội bộ" in answer_in_group.all_text
    notice = await lan.next_reply()
    assert f"Tin {code} của bạn đã được Công an xã xử lý xong" in notice.all_text
    assert "cháu ông Sáu" not in notice.all_text and "nhắn" not in notice.all_text
    await bench.fake.wait_until(lambda: "Ghi chú: đối tượng là cháu ông Sáu" in (alert.text or ""))
    entry = await bench.store.get_entry(code)
    assert entry is not None
    [event] = await bench.store.entry_events(entry.id)
    # What the metrics need is stored: who handled it, when, and the note (marker dropped).
    assert (event.action, event.person_name) == ("handle", "Minh")
    assert event.note == "đối tượng là cháu ông Sáu, đã nhắc nhở" and not event.note_shared
    history = await say(minh, f"/lichsu {code}")
    assert "cháu ông Sáu" in history.all_text and "đã gửi người báo tin" not in history.all_text
    await bench.fake.wait_idle()
    assert lan.unread() == []


async def test_without_a_police_chat_officers_get_the_alert_privately(bench: Bench) -> None:
    assert bench.org is not None
    lan = await bench.join("Lan", team=bench.org.team_b)
    officer = await bench.join("Cán bộ B", Role.POLICE, commune_id=bench.org.commune_b)
    code = await file_tip(lan)
    alert = await officer.next_reply()
    assert code in alert.all_text and any("Tiếp nhận" in b.text for b in alert.buttons)


async def test_nobody_to_alert_tells_the_member_to_call(bench: Bench) -> None:
    assert bench.org is not None
    lan = await bench.join("Lan", team=bench.org.team_b)
    await file_tip(lan)
    assert "113" in lan.chat.messages[-1].all_text
    await file_tip(lan, urgent=False)
    told = lan.chat.messages[-1].all_text
    assert "chưa có kênh nhận tin" in told and "tin đã được lưu" in told and "113" in told


async def test_a_voice_note_travels_with_the_alert(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    await say(lan, "ma túy")
    await lan.send_voice()
    await lan.next_reply()
    await say(lan, "Bãi sông")
    summary = await say(lan, "khẩn cấp")
    done = await answer(lan, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]
    alert = await alert_in(group, code)
    assert "1 tin nhắn thoại" in alert.all_text
    assert any(m.voice for m in group.messages[: group.messages.index(alert)])


async def test_forged_alert_buttons_change_nothing(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan)
    alert = await alert_in(group, code)
    entry = await bench.store.get_entry(code)
    assert entry is not None
    for data in ("p:take:999999", "p:take:abc", "p:explode:1", f"p:to:{entry.id}:999", "p:take"):
        toast = await press_data(bench, minh, alert, data)
        assert toast is not None and "không còn hiệu lực" in toast, data
    assert (await bench.store.get_entry(code)).status == EntryStatus.NEW  # type: ignore[union-attr]
    assert await bench.store.entry_events(entry.id) == []


async def test_the_alert_is_in_the_police_chat_within_a_second_of_send(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a, "Công an xã Hòa An")
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    await say(lan, "đối tượng khả nghi")
    await say(lan, "Hai người lạ dò hỏi nhà bà Lan")
    await say(lan, "Chợ Nà Cáp")
    summary = await say(lan, "khẩn cấp")

    started = time.monotonic()
    done = await answer(lan, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]
    alert = await alert_in(group, code)
    assert time.monotonic() - started < 1.0
    assert "TIN BÁO KHẨN" in alert.all_text and [b.text for b in alert.buttons][:3] == [
        "✋ Tiếp nhận",
        "✅ Đã xử lý",
        "↪️ Chuyển",
    ]
