"""Commune police groups on Zalo (issue 13): linked by typing, alerts with photos, one-word
answers, the compare-and-set between two officers, digests, and the fallbacks."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from zalo_support import choice, zalo_group, zalo_tip

from bot.app import Runtime
from bot.devtools.fake_telegram import TINY_JPEG, FakeTelegram
from bot.devtools.fake_zalo import FakeZalo, FakeZaloUser
from bot.domain import Channel, EntryStatus, Role
from harness import Bench, free_port, settings_for, text_of, zsay

#: A picture that is not the fake's default one, to see the same bytes come out.
PHOTO = TINY_JPEG + b"\x00" * 64 + b"photo-of-the-scene"


@pytest.fixture
async def bench(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """A Zalo-only deployment, as in Vietnam: Zalo by webhook, no Telegram token, and the web
    workspace at a known address (alerts link to it; Zalo fetches photos from it)."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    port = free_port()
    bench.settings = settings_for(
        None, bench.db, zfake, web={"port": port, "public_url": f"http://127.0.0.1:{port}"}
    )
    assert not bench.settings.telegram.enabled
    async for running in bench.running():
        yield running


def runtime(bench: Bench) -> Runtime:
    """Return the running bot."""
    assert bench.runtime is not None
    return bench.runtime


async def test_a_zalo_group_gets_an_urgent_tip_with_its_photo_and_officers_act_in_it(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    thao = await bench.join_zalo("Thảo", Role.POLICE, commune_id=org.commune_a)
    lan = await bench.join_zalo("Lan")
    group = await zalo_group(bench, org.commune_a)
    # The group stands in for the officers' own chats: alerts go there, once.
    chats = await bench.store.police_chats(org.commune_a)
    assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, group.id)]

    await zalo_tip(
        lan, category="1", text="Mua bán ma túy ở bãi sông", urgent=True, photo=PHOTO, submit=False
    )
    started = time.monotonic()
    await lan.send_text("gửi")
    photo = await group.next_message()
    alert = await group.next_message()
    took = time.monotonic() - started
    code = text_of(await lan.next_reply()).split("Mã số: ")[1].split()[0]
    assert photo.method == "sendPhoto" and photo.fetched == PHOTO
    shown = text_of(alert)
    assert shown.startswith(f"🚨 TIN BÁO KHẨN · {code}") and "Mua bán ma túy" in shown
    assert "👉 Trả lời «nhận 1» để tiếp nhận, «xong 1» khi đã xử lý." in shown
    assert f"/e/{code}" in shown  # the workspace link, to act with a tap
    assert minh.unread() == [] and thao.unread() == []
    # «Gửi» to the alert in the group: about 0.1 s here; a loaded CI machine gets slack.
    assert took < 3.0, took

    # The signed address works now, for this file only, and never altered or expired.
    assert photo.photo_url is not None
    base, signed = photo.photo_url.split("/m/")
    expires, signature, path = signed.split("/", 2)
    assert runtime(bench).services.media_links.check(expires, signature, path) is not None
    old = int(bench.clock.now().timestamp()) - 1
    links = runtime(bench).services.media_links
    refused = {
        "altered": f"{base}/m/{expires}/{signature[:-2]}xx/{path}",
        "expired": f"{base}/m/{old}/{links.sign(path, old)}/{path}",
        "made longer": f"{base}/m/{int(expires) + 3600}/{signature}/{path}",
        "another file": f"{base}/m/{expires}/{signature}/{path.replace('zalo/', 'web-cache/')}",
    }
    async with aiohttp.ClientSession() as client:
        async with client.get(photo.photo_url) as again:
            assert again.status == 200 and await again.read() == PHOTO
        for why, url in refused.items():
            async with client.get(url) as answer:
                assert answer.status == 403, why
                assert PHOTO not in await answer.read(), why

    # Two officers answer at once, replying to the alert: one takes it, the other is told.
    await asyncio.gather(
        minh.send_text("nhận 1", group=group, reply_to=alert),
        thao.send_text("nhận 1", group=group, reply_to=alert),
    )
    said = await group.messages_until(lambda m: "Không có gì thay đổi" in text_of(m), timeout=8)
    shown = "\n".join(text_of(m) for m in said)
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.status == EntryStatus.TAKEN
    [taken] = [e for e in await bench.store.entry_events(entry.id) if e.action == "take"]
    winner = taken.person_name
    loser = "Thảo" if winner == "Minh" else "Minh"
    assert f"✋ Đã tiếp nhận: {winner}" in shown  # the alert said again: the group sees who
    assert "👉 Trả lời «xong 1» khi đã xử lý." in shown
    assert f"{winner}: ✋ Bạn đã tiếp nhận {code}." in shown
    assert f"{loser}: {code} đã được {winner} tiếp nhận lúc" in shown
    told = await lan.replies_until(lambda m: "tiếp nhận" in text_of(m))
    assert f"Tin {code} của bạn đã được Công an xã tiếp nhận ({winner}" in text_of(told[-1])

    # «xong 1» with a note closes it; the reporter hears the note.
    officer = minh if winner == "Minh" else thao
    await officer.send_text("xong 1 đã bắt quả tang, thu giữ tang vật", group=group, mention=True)
    closing = await group.messages_until(lambda m: "xử lý xong" in text_of(m))
    assert any(f"Đã xử lý: {winner}" in text_of(m) for m in closing)
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.status == EntryStatus.HANDLED
    heard = await lan.replies_until(lambda m: "thu giữ tang vật" in text_of(m))
    assert code in text_of(heard[-1])


async def test_where_zalo_keeps_the_bot_out_of_groups_linking_is_refused_and_said(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async with FakeZalo(can_join_groups=False) as zfake:
        bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
        await bench.start()
        try:
            org = await bench.seed()
            minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
            lan = await bench.join_zalo("Lan")
            group = zfake.group("Công an xã Hòa An")
            admin = bench.zalo_admin()
            await admin.send_text(f"/lienketnhom X{org.commune_a}", group=group, mention=True)
            refusal = text_of(await admin.next_reply())
            assert "Chưa liên kết được nhóm" in refusal and "can_join_groups = false" in refusal
            assert "gửi riêng cho từng cán bộ" in refusal
            assert group.messages == []
            chats = await bench.store.police_chats(org.commune_a)
            assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, minh.id)]
            # The officers' own chats keep the alerts.
            code = await zalo_tip(lan, urgent=True)
            alert = text_of(await minh.next_reply())
            assert code in alert and "«nhận 1»" in alert
        finally:
            await bench.stop()


async def test_a_group_that_refuses_the_bot_is_unlinked_and_its_alerts_go_to_officers(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    lan = await bench.join_zalo("Lan")
    admin = bench.zalo_admin()

    # The bot hears the group but Zalo refuses its posts there: linking fails, and is said.
    muted = bench.zalo.group("Nhóm chưa cho bot gửi")
    muted.may_post = False
    await admin.send_text(f"/lienketnhom X{org.commune_a}", group=muted, mention=True)
    told = text_of((await admin.replies_until(lambda m: "gửi được vào nhóm" in text_of(m)))[-1])
    assert "Nhóm đã được gỡ liên kết" in told and f"/lienketnhom X{org.commune_a}" in told
    chats = await bench.store.police_chats(org.commune_a)
    assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, minh.id)]

    # A group that worked, until the bot was removed from it: the alert that found out goes
    # to the officer and the admin instead, the group is unlinked, the admin is told.
    group = await zalo_group(bench, org.commune_a)
    group.remove_bot()
    code = await zalo_tip(lan, urgent=True)
    alert = await minh.replies_until(lambda m: code in text_of(m))
    assert "«nhận 1»" in text_of(alert[-1])
    # The admin reads why first, then the alert that came to them instead.
    await admin.replies_until(lambda m: "gửi được vào nhóm" in text_of(m))
    await admin.replies_until(lambda m: code in text_of(m))
    chats = await bench.store.police_chats(org.commune_a)
    assert [(c.channel, c.chat_id) for c in chats] == [(Channel.ZALO, minh.id)]
    # The next alert goes straight to the officer; the group is never tried again.
    tried = len([c for c in bench.zalo.calls if c[1].get("chat_id") == group.id])
    second = await zalo_tip(lan)
    assert second in text_of(await minh.next_reply())
    assert len([c for c in bench.zalo.calls if c[1].get("chat_id") == group.id]) == tried


async def test_a_reply_quoting_an_alert_acts_on_that_alert(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    lan = await bench.join_zalo("Lan")
    group = await zalo_group(bench, org.commune_a)
    first = await zalo_tip(lan, text="Trộm gà ở xóm trên")
    second = await zalo_tip(lan, text="Mất xe đạp ở chợ")
    alerts = await group.messages_until(lambda m: second in text_of(m))
    [first_alert] = [m for m in alerts if first in text_of(m)]
    assert "«nhận 2»" in text_of(alerts[-1])  # each open entry its own number

    # «nhận» alone, replying to the first alert: that one is taken, not the newer one.
    await minh.send_text("nhận", group=group, reply_to=first_alert)
    said = await group.messages_until(lambda m: "Bạn đã tiếp nhận" in text_of(m))
    assert f"Minh: ✋ Bạn đã tiếp nhận {first}." in text_of(said[-1])
    taken = await bench.store.get_entry(first)
    untouched = await bench.store.get_entry(second)
    assert taken is not None and taken.status == EntryStatus.TAKEN
    assert untouched is not None and untouched.status == EntryStatus.NEW
    # The alert said again after the change is an alert too: «xong» replying to it closes it.
    [resaid] = [m for m in said if "Đã tiếp nhận: Minh" in text_of(m)]
    await minh.send_text("xong", group=group, reply_to=resaid)
    await group.messages_until(lambda m: "xử lý xong" in text_of(m))
    done = await bench.store.get_entry(first)
    assert done is not None and done.status == EntryStatus.HANDLED

    # «nhận» with a mention but neither number nor reply: asked which, privately.
    await minh.send_text("nhận", group=group, mention=True)
    assert "Tin nào?" in text_of(await minh.next_reply())
    await asyncio.sleep(0.1)
    assert not any("Tin nào?" in text_of(m) for m in group.unread())


#: The first bytes of an AAC (ADTS) voice note, as Zalo's app records them.
VOICE = b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x21\x00" * 40


async def file_spoken_tip(user: FakeZaloUser) -> str:
    """File a tip whose "what was seen" is a voice note; return its code."""
    await zsay(user, "tin báo")
    await zsay(user, "4")
    await user.send_voice(VOICE)
    await user.next_reply()
    summary = await zsay(user, "Chợ Nà Cáp")
    assert "🎤" in summary, summary
    done = await zsay(user, choice(summary, "Gửi"))
    return done.split("Mã số: ")[1].split()[0]


async def test_voice_notes_play_on_zalo_where_it_allows_and_in_the_workspace(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    minh = await bench.join_zalo("Minh", Role.POLICE, commune_id=org.commune_a)
    lan = await bench.join_zalo("Lan")

    # No group yet: the officer's own chat gets the voice note as Zalo voice.
    code = await file_spoken_tip(lan)
    received = await minh.replies_until(lambda m: code in text_of(m))
    [voice] = [m for m in received if m.method == "sendVoice"]
    assert voice.fetched == VOICE

    # In a group Zalo plays no voice notes: the alert says where to listen, and the entry's
    # page in the workspace plays it.
    group = await zalo_group(bench, org.commune_a)
    second = await file_spoken_tip(lan)
    alert = await group.messages_until(lambda m: second in text_of(m))
    assert not any(m.method == "sendVoice" for m in group.messages)
    assert "🎤 Kèm 1 ghi âm: nghe trên trang làm việc" in text_of(alert[-1])
    assert f"/e/{second}" in text_of(alert[-1])
    client, _ = await web_session_zalo(bench, minh)
    try:
        base = runtime(bench).services.web_auth.base_url
        async with client.get(f"{base}/e/{second}") as page:
            assert f"/e/{second}/ghiam/1" in await page.text()
        async with client.get(f"{base}/e/{second}/ghiam/1") as played:
            assert played.status == 200 and await played.read() == VOICE
            assert played.headers["Content-Type"] == "audio/aac"
    finally:
        await client.close()


async def web_session_zalo(bench: Bench, user: FakeZaloUser) -> tuple[aiohttp.ClientSession, str]:
    """Sign in to the workspace with the link /web gives on Zalo."""
    client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    text = await zsay(user, "/web")
    link = next(word for word in text.split() if "/login/" in word)
    async with client.post(link, allow_redirects=False) as signed_in:
        assert signed_in.status == 303
    user.drain()
    return client, ""
