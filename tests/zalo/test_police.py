"""Commune police on Zalo: no groups there, so each officer's own chat is a police chat."""

from __future__ import annotations

from pathlib import Path

from bot.domain import Channel, Role
from bot.messages import Button, Location, Outbound
from harness import Bench, say, text_of, zsay


def kept_bytes(bench: Bench, local_path: str | None) -> bytes:
    """Return a file the bot keeps in its media folder."""
    assert local_path is not None
    return Path(bench.settings.storage.media_dir, local_path).read_bytes()


async def test_an_officer_who_joins_on_zalo_gets_police_messages_privately(zbench: Bench) -> None:
    assert zbench.org is not None
    commune = zbench.org.commune_a
    officer = await zbench.join_zalo("Thượng úy Minh", Role.POLICE, commune_id=commune)
    help_text = await zsay(officer, "/trogiup")
    assert "gửi riêng cho bạn qua Zalo" in help_text

    chats = await zbench.store.police_chats(commune)
    assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, officer.id)]
    person = await zbench.zperson(officer)
    assert chats[0].person_id == person.id
    assert await zbench.store.police_chats(zbench.org.commune_b) == []

    # What the police side queues for a commune's police chats (an alert with its actions)
    # reaches the officer as text, each action as the command to type.
    alert = Outbound(
        channel=chats[0].channel,
        chat_id=chats[0].chat_id,
        text="🚨 Tin báo khẩn TB-2026-000007\nMa túy · Thôn Nà Cáp",
        location=Location(lat=22.6657, lon=106.257),
        photos=["file:zalo/00/missing.jpg"],
        nav=[
            Button(label="✅ Tiếp nhận", data="p:take:7", typed="/tiepnhan TB-2026-000007"),
            Button(label="☑️ Đã xử lý", data="p:done:7", typed="/daxuly TB-2026-000007"),
        ],
    )
    await zbench.store.send([alert], zbench.clock.now())
    assert zbench.runtime is not None
    zbench.runtime.dispatcher.kick()
    shown = text_of(await officer.next_reply())
    assert shown.startswith("🚨 Tin báo khẩn TB-2026-000007")
    assert "✅ Tiếp nhận: gõ /tiepnhan TB-2026-000007" in shown
    assert "☑️ Đã xử lý: gõ /daxuly TB-2026-000007" in shown
    assert "maps.google.com/?q=22.66570,106.25700" in shown
    assert "Kèm 1 ảnh" in shown


async def test_a_commune_can_have_a_telegram_group_and_zalo_officers(zbench: Bench) -> None:
    assert zbench.org is not None
    commune = zbench.org.commune_a
    admin = zbench.admin()
    group = zbench.fake.group("Công an xã Hòa An")
    await admin.send_text(f"/lienketnhom X{commune}", chat=group)
    assert "nhóm Công an của Xã Hòa An" in (await group.next_message()).all_text
    first = await zbench.join_zalo("Minh", Role.POLICE, commune_id=commune)
    second = await zbench.join_zalo("Thảo", Role.POLICE, commune_id=commune)
    chats = {(c.channel, c.chat_id) for c in await zbench.store.police_chats(commune)}
    assert chats == {
        (Channel.TELEGRAM, str(group.id)),
        (Channel.ZALO, first.id),
        (Channel.ZALO, second.id),
    }


async def test_a_removed_or_moved_officer_stops_getting_police_messages(zbench: Bench) -> None:
    assert zbench.org is not None
    commune = zbench.org.commune_a
    minh = await zbench.join_zalo("Minh", Role.POLICE, commune_id=commune)
    thao = await zbench.join_zalo("Thảo", Role.POLICE, commune_id=commune)
    admin = zbench.admin()
    minh_id = (await zbench.zperson(minh)).id
    reply = await say(admin, f"/xoanguoi N{minh_id}")
    assert "Đã xóa Minh" in reply.all_text
    assert [c.chat_id for c in await zbench.store.police_chats(commune)] == [thao.id]

    # Thảo joins a team as a member: her chat is no police chat any more.
    code = await zbench.invite(Role.MEMBER)
    assert "tổ viên" in await zsay(thao, f"/start {code}")
    assert await zbench.store.police_chats(commune) == []


async def test_a_telegram_officer_who_links_zalo_gets_alerts_there(zbench: Bench) -> None:
    assert zbench.org is not None
    commune = zbench.org.commune_b
    officer = await zbench.join("Đại úy Hà", Role.POLICE, commune_id=commune)
    assert await zbench.store.police_chats(commune) == []
    offer = (await say(officer, "/lienket")).all_text
    code = offer.split("Mã liên kết của bạn: ")[1].split()[0]
    ha_zalo = zbench.zalo.user("Hà")
    assert "Đã liên kết" in await zsay(ha_zalo, f"/lienket {code}")
    chats = await zbench.store.police_chats(commune)
    assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, ha_zalo.id)]


async def test_a_zalo_photo_reaches_a_telegram_police_group_as_a_picture(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    for text in ["/viectot", "1", "Cứu người", "1"]:
        await zsay(lan, text)
    await lan.send_image()  # sent on the summary: kept, then «xong»
    await lan.next_reply()
    await zsay(lan, "xong")
    done = await zsay(lan, "1")
    code = done.split("Mã số: ")[1].split()[0]
    entry = await zbench.store.get_entry(code)
    assert entry is not None
    [photo] = await zbench.store.entry_media(entry.id)
    kept = kept_bytes(zbench, photo.local_path)
    assert kept.startswith(b"\xff\xd8")

    group = zbench.fake.group("Công an xã Hòa An")
    await zbench.store.send(
        [
            Outbound(
                channel=Channel.TELEGRAM,
                chat_id=str(group.id),
                text=f"🌟 {code}",
                photos=[photo.ref],
            )
        ],
        zbench.clock.now(),
    )
    assert zbench.runtime is not None
    zbench.runtime.dispatcher.kick()
    sent = await group.next_message()
    assert sent.method == "sendPhoto" and sent.caption == f"🌟 {code}"
    assert sent.photo is not None
    assert zbench.fake.file_bytes(sent.photo) == kept


async def file_urgent_tip(user) -> str:  # type: ignore[no-untyped-def]
    """File an urgent tip from Telegram; return its code."""
    from harness import answer

    prompt = await say(user, "/tinbao")
    prompt = await answer(user, prompt, "Ma túy")
    await say(user, "Mua bán ma túy ở bãi sông")
    summary = await say(user, "Bãi sông Bằng")
    await user.press(summary, "Khẩn cấp")  # changes the summary in place
    await user.fake.wait_until(lambda: "Mức độ: 🚨 Khẩn cấp" in (summary.text or ""))
    done = await answer(user, summary, "Gửi")
    return done.all_text.split("Mã số: ")[1].split()[0]


async def test_a_zalo_officer_gets_the_real_alert_and_takes_it_by_typing(zbench: Bench) -> None:
    assert zbench.org is not None
    officer = await zbench.join_zalo("Thượng úy Minh", Role.POLICE, commune_id=zbench.org.commune_a)
    lan = await zbench.join("Lan")
    code = await file_urgent_tip(lan)

    alert = text_of(await officer.next_reply())
    assert code in alert and "Mua bán ma túy" in alert
    # No buttons on Zalo: the alert has a number in this chat, answered with one word.
    assert "👉 Trả lời «nhận 1» để tiếp nhận, «xong 1» khi đã xử lý." in alert
    assert f"↪️ Chuyển: gõ /chuyen {code}" in alert

    await officer.send_text("nhận 1")
    told = await lan.replies_until(lambda m: "tiếp nhận" in m.all_text.lower())
    assert code in told[-1].all_text
    entry = await zbench.store.get_entry(code)
    assert entry is not None and entry.status.value == "taken"

    seen = await officer.replies_until(lambda m: f"Bạn đã tiếp nhận {code}" in text_of(m))
    # The alert, redrawn with who took it (Zalo can't edit the first one), came too.
    assert any("Đã tiếp nhận: Thượng úy Minh" in text_of(m) for m in seen)
    await officer.send_text("/baocao tháng này")
    replies = await officer.replies_until(lambda m: ".xlsx" in text_of(m), timeout=10)
    report = "\n".join(text_of(m) for m in replies)
    assert "BÁO CÁO" in report and "Tin báo: 1" in report
    assert "chưa gửi được qua Zalo" in report and ".xlsx" in report


async def test_other_zalo_officers_see_who_took_the_alert(zbench: Bench) -> None:
    assert zbench.org is not None
    commune = zbench.org.commune_a
    minh = await zbench.join_zalo("Minh", Role.POLICE, commune_id=commune)
    thao = await zbench.join_zalo("Thảo", Role.POLICE, commune_id=commune)
    lan = await zbench.join("Lan")
    code = await file_urgent_tip(lan)
    assert code in text_of(await minh.next_reply())
    assert code in text_of(await thao.next_reply())
    await minh.send_text(f"/tiepnhan {code}")
    update = await thao.replies_until(lambda m: "Đã tiếp nhận: Minh" in text_of(m))
    assert "👉 Trả lời «xong 1» khi đã xử lý." in text_of(update[-1])


async def zalo_tip(user) -> str:  # type: ignore[no-untyped-def]
    """File a plain tip on Zalo, typing every answer; return its code."""
    for text in ("tin báo", "2", "Trộm gà ở xóm trên"):
        await zsay(user, text)
    summary = await zsay(user, "Xóm Nà Cáp")
    assert "Đã ghi nơi" in summary and "Kiểm tra lại tin báo" in summary
    done = await zsay(user, "gửi")
    return done.split("Mã số: ")[1].split()[0]


async def test_a_zalo_tip_counts_in_the_same_report_as_telegram_ones(zbench: Bench) -> None:
    assert zbench.org is not None
    minh = await zbench.join("Minh", Role.POLICE, commune_id=zbench.org.commune_a)
    hoa = await zbench.join_zalo("Hoa")
    lan = await zbench.join("Lan")
    on_zalo = await zalo_tip(hoa)
    on_telegram = await file_urgent_tip(lan)
    assert on_zalo != on_telegram and on_zalo[:8] == on_telegram[:8]  # one code series
    minh.drain()

    await minh.send_text("/baocao tháng này")
    replies = await minh.replies_until(lambda m: m.document is not None, timeout=10)
    report = "\n".join(m.all_text for m in replies)
    assert "Tin báo: 2" in report


async def test_a_zalo_officer_gets_a_workspace_link_by_typing(zbench: Bench) -> None:
    import aiohttp

    assert zbench.org is not None
    officer = await zbench.join_zalo("Minh", Role.POLICE, commune_id=zbench.org.commune_a)
    text = await zsay(officer, "/web")
    link = next(word for word in text.split() if "/login/" in word)
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as client, client.post(link) as opened:
        assert opened.status == 200 and opened.url.path == "/inbox"
    notice = text_of(await officer.next_reply())
    assert "đã đăng nhập trên trình duyệt" in notice
