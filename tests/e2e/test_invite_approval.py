"""Police invites are bearer keys: whoever opens one waits, gets nothing, until approved."""

from __future__ import annotations

from police_support import file_tip, police_invite, press_data
from police_support import invite_code_in as code_in

from bot.domain import Channel, Role
from harness import Bench, keep_name, say


async def test_a_forwarded_police_invite_waits_for_the_admin(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    reply = await say(admin, f"/moi X{bench.org.commune_a} congan")
    # Single use, and approval needed: the admin is told so when making it.
    assert "tối đa 1 lượt" in reply.all_text
    assert "phải chờ quản trị viên duyệt" in reply.all_text
    code = code_in(reply)
    lan = await bench.join("Nguyễn Thị Lan")

    # The link was forwarded: a stranger opens it first.
    stranger = bench.fake.user("Kẻ Lạ", username="kela99")
    waiting = await say(stranger, f"/start {code}")
    assert "đang chờ duyệt" in waiting.all_text and "Xã Hòa An" in waiting.all_text
    request = await admin.next_reply()
    assert "Yêu cầu tham gia Y1" in request.all_text
    assert f"Kẻ Lạ (Telegram @kela99, id {stranger.id})" in request.all_text
    assert [b.text for b in request.buttons] == ["✅ Duyệt Kẻ Lạ", "❌ Từ chối"]
    assert await bench.store.person_by_identity(Channel.TELEGRAM, str(stranger.id)) is None
    # The code is spent: a second stranger can't use it.
    second = await say(bench.fake.user("Người Khác"), f"/start {code}")
    assert "đã dùng hết số lượt" in second.all_text

    # Pending: no reports, no sources, no alerts, no menu — only "waiting".
    tip = await file_tip(lan, source="Bà Lò Thị Kín, 0912 000 111")
    for typed in ["/baocao năm", f"/nguontin {tip}", f"/lichsu {tip}", "/tinbao", "xin chào"]:
        answer_ = await say(stranger, typed)
        assert "đang chờ duyệt" in answer_.all_text, (typed, answer_.all_text)
        assert "Lò Thị Kín" not in answer_.all_text and "BÁO CÁO" not in answer_.all_text
    await bench.fake.wait_idle()
    assert stranger.drain() == []
    assert await bench.store.police_chats(bench.org.commune_a) == []

    # The admin approves with the button: the stranger is told, and asked their full name.
    await admin.press(request, data=request.button("Duyệt").callback_data)
    welcome = await stranger.next_reply()
    assert "Bạn đã tham gia Xã Hòa An với vai trò công an xã" in welcome.all_text
    await keep_name(stranger, welcome)
    # The request shows what was decided, and its buttons are gone.
    assert "👉 ✅ Đã duyệt Kẻ Lạ" in request.all_text and request.buttons == []
    person = await bench.person(stranger)
    assert person.role == Role.POLICE and person.commune_id == bench.org.commune_a
    report = await say(stranger, "/baocao năm")
    assert "BÁO CÁO" in report.all_text
    events = await bench.store.audit_log(action="org")
    assert any(e.event.subject == "join:1" and "approve Kẻ Lạ" in e.event.detail for e in events)
    # A second press (an old copy of the request) changes nothing, and says why.
    toast = await press_data(bench, admin, request, "j:no:1")
    assert toast is not None and "đã được Cán bộ Tỉnh duyệt" in toast
    assert (await bench.person(stranger)).role == Role.POLICE


async def test_refused_stays_an_outsider(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    code = await police_invite(admin, bench.org.commune_a)
    stranger = bench.fake.user("Kẻ Lạ")
    await say(stranger, f"/start {code}")
    request = await admin.next_reply()
    ref = request.all_text.split("Yêu cầu tham gia ")[1].split()[0]
    done = await say(admin, f"/tuchoi {ref}")
    assert "Đã từ chối Kẻ Lạ" in done.all_text
    told = await stranger.next_reply()
    assert "không được chấp nhận" in told.all_text
    reply = await say(stranger, "/tinbao")
    assert "Để tham gia, bạn cần đường link mời" in reply.all_text
    assert await bench.store.person_by_identity(Channel.TELEGRAM, str(stranger.id)) is None
    assert "Không có yêu cầu nào chờ duyệt" in (await say(admin, "/choduyet")).all_text


async def test_officers_may_approve_when_the_admin_allows_it(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    minh = await bench.join("Đại úy Minh", Role.POLICE, commune_id=bench.org.commune_a)
    thao = await bench.join("Thảo", Role.POLICE, commune_id=bench.org.commune_b)
    code = await police_invite(admin, bench.org.commune_a, "duyetxa")
    newcomer = bench.fake.user("Hải")
    await say(newcomer, f"/start {code}")
    asked = await minh.next_reply()  # the commune's officer is asked too
    assert "Yêu cầu tham gia" in asked.all_text and "Hải" in asked.all_text
    await admin.next_reply()
    await bench.fake.wait_idle()
    assert thao.drain() == []  # not another commune's officer
    ref = asked.all_text.split("Yêu cầu tham gia ")[1].split()[0]
    refused = await say(thao, f"/duyet {ref}")
    assert "không có quyền" in refused.all_text
    listed = await say(minh, "/choduyet")
    assert ref in listed.all_text and "Hải" in listed.all_text
    await minh.press(asked, data=asked.button("Duyệt").callback_data)
    welcome = await newcomer.next_reply()
    assert "công an xã" in welcome.all_text
    # Whoever made the invite hears who approved whom.
    told = await admin.next_reply()
    assert "Đại úy Minh đã duyệt Hải" in told.all_text
    # The request's own message is edited too (an edit in another chat: it may come last).
    await bench.fake.wait_idle()
    assert "👉 ✅ Đã duyệt Hải" in asked.all_text


async def test_every_join_is_told_to_whoever_made_the_invite(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    reply = await say(admin, f"/moi T{bench.org.team_a.id}")
    assert "phải chờ" not in reply.all_text  # member invites need no approval
    code = code_in(reply)
    hoa = bench.fake.user("Hoa", username="hoa_na_cap")
    welcome = await say(hoa, f"/start {code}")
    assert "Chào Hoa" in welcome.all_text
    notice = await admin.next_reply()
    assert "🔔 Hoa (Telegram @hoa_na_cap" in notice.all_text
    assert "vừa tham gia Tổ bảo vệ ANTT thôn Nà Cáp" in notice.all_text
    assert f"bằng mã mời {code}, đã dùng 1/30 lượt" in notice.all_text


async def test_revoking_an_invite_cancels_the_requests_still_waiting_on_it(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    code = await police_invite(admin, bench.org.commune_a, "2")
    first, second = bench.fake.user("Hải"), bench.fake.user("Kẻ Lạ", username="kela99")
    await say(first, f"/start {code}")
    asked_first = await admin.next_reply()
    await say(second, f"/start {code}")
    asked_second = await admin.next_reply()
    assert "Kẻ Lạ" in asked_second.all_text
    await admin.press(asked_first, data=asked_first.button("Duyệt").callback_data)
    await keep_name(first, await first.next_reply())

    done = await say(admin, f"/huyma {code}")
    assert f"Đã thu hồi mã {code}." in done.all_text
    assert "Đã hủy 1 yêu cầu đang chờ duyệt bằng mã này và đã báo cho họ: Kẻ Lạ." in done.all_text
    told = await second.next_reply()
    assert "Mã mời bạn đã mở đã bị thu hồi" in told.all_text
    assert "yêu cầu tham gia Xã Hòa An của bạn đã bị hủy" in told.all_text
    # Cancelled is decided: the old button changes nothing and says what happened.
    toast = await press_data(bench, admin, asked_second, asked_second.button("Duyệt").callback_data)
    assert toast is not None and "đã bị hủy lúc" in toast and "Cán bộ Tỉnh thu hồi" in toast
    assert await bench.store.person_by_identity(Channel.TELEGRAM, str(second.id)) is None
    reply = await say(second, "/tinbao")
    assert "Để tham gia, bạn cần đường link mời" in reply.all_text
    assert "Không có yêu cầu nào chờ duyệt" in (await say(admin, "/choduyet")).all_text
    # Whoever was approved before stays approved; the code opens nothing any more.
    assert (await bench.person(first)).role == Role.POLICE
    again = await say(bench.fake.user("Người Khác"), f"/start {code}")
    assert "đã bị thu hồi" in again.all_text
    events = await bench.store.audit_log(action="org")
    assert any(e.event.subject == "join:2" and "cancel Kẻ Lạ" in e.event.detail for e in events)
    assert any(e.event.subject == f"invite:{code}" and e.event.detail == "revoke" for e in events)
