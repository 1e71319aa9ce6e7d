"""The police group changes under the bot: removed from it, added back, made admin, the group
upgraded to a supergroup. No alert is lost and nobody is told it was sent when it was not
(issue 11, §1 and §2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from faults_kit import captured_log
from police_support import file_tip, press

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.domain import Channel, Role
from harness import Bench, say, webhook_bench

UNDELIVERED = "Chưa chuyển được tin"


async def linked_group(bench: Bench, admin: FakeUser, commune_id: int, kind: str) -> FakeChat:
    """A group the admin links as the commune's police chat, as in real use."""
    group = bench.fake.group("Công an xã Hòa An", kind=kind)
    await admin.send_text(f"/lienketnhom X{commune_id}", chat=group)
    assert "nhóm Công an" in (await group.next_message()).all_text
    return group


async def registered_admin(bench: Bench) -> FakeUser:
    admin = bench.admin()
    await say(admin, "/trogiup")
    return admin


@dataclass
class Commune:
    """Commune A with its admin, its linked police group, an officer and a member."""

    id: int
    admin: FakeUser
    group: FakeChat
    minh: FakeUser
    lan: FakeUser


async def commune_a(bench: Bench, kind: str = "supergroup") -> Commune:
    assert bench.org is not None
    commune = bench.org.commune_a
    admin = await registered_admin(bench)
    group = await linked_group(bench, admin, commune, kind)
    minh = await bench.join("Minh", Role.POLICE, commune_id=commune)
    return Commune(commune, admin, group, minh, await bench.join("Lan"))


@pytest.mark.parametrize("told", [False, True], ids=["found-by-sending", "my_chat_member"])
async def test_alert_for_a_group_the_bot_was_removed_from_reaches_officers_and_admins(
    bench: Bench, told: bool
) -> None:
    a = await commune_a(bench)
    commune, admin, group, minh, lan = a.id, a.admin, a.group, a.minh, a.lan
    # Someone removes the bot from the group. Telegram tells it (my_chat_member), or the
    # update never comes (lost, or from before allowed_updates listed it).
    bench.fake.remove_bot(group, by=minh, notify=told)
    if told:
        notice = await admin.next_reply(timeout=10)
        assert "không còn gửi được vào nhóm «Công an xã Hòa An»" in notice.all_text
        assert await bench.store.police_chat(Channel.TELEGRAM, str(group.id)) is None

    code = await file_tip(lan)
    # The member was not told the police have it; only that it is on its way.
    assert "đang được chuyển ngay" in lan.chat.messages[-1].all_text
    assert "đã được báo" not in lan.chat.messages[-1].all_text

    alert = (await minh.replies_until(lambda m: code in m.all_text, timeout=10))[-1]
    assert "TIN BÁO KHẨN" in alert.all_text and "Nông Thị Hoa" not in alert.all_text
    admin_messages = await admin.replies_until(lambda m: code in m.all_text, timeout=10)
    texts = [m.all_text for m in admin_messages]
    if not told:
        assert any("không còn gửi được vào nhóm" in t for t in texts)
    relink = next(t for t in [*texts, *(m.all_text for m in admin.chat.messages)] if "gỡ" in t)
    assert f"/lienketnhom X{commune}" in relink and "trong nhóm" in relink
    assert await bench.store.police_chat(Channel.TELEGRAM, str(group.id)) is None
    assert await bench.store.police_chats(commune) == []

    # The officer works the private copy as they would the group's.
    toast = await press(bench, minh, alert, "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast
    taken = await lan.next_reply(timeout=10)
    assert f"Tin {code} của bạn đã được Công an xã tiếp nhận (Minh" in taken.all_text
    await bench.fake.wait_idle(quiet=0.5)
    assert not any(UNDELIVERED in m.all_text for m in lan.chat.messages)

    # The next alert goes straight to the officers: nothing more is tried in the group.
    calls = len([c for c in bench.fake.calls if c[1].get("chat_id") == group.id])
    second = await file_tip(lan, text="Lại có người lạ ở chợ")
    await minh.replies_until(lambda m: second in m.all_text, timeout=10)
    await bench.fake.wait_idle(quiet=0.5)
    assert len([c for c in bench.fake.calls if c[1].get("chat_id") == group.id]) == calls


async def test_member_is_told_to_call_when_no_officer_can_get_the_alert(bench: Bench) -> None:
    assert bench.org is not None
    commune = bench.org.commune_a
    admin = await registered_admin(bench)
    group = await linked_group(bench, admin, commune, "supergroup")
    lan = await bench.join("Lan")
    bench.fake.remove_bot(group, by=lan, notify=False)
    code = await file_tip(lan)
    warning = await lan.next_reply(timeout=10)
    assert f"Chưa chuyển được tin {code} đến Công an xã" in warning.all_text
    assert "113" in warning.all_text
    # The admins still get the alert itself.
    await admin.replies_until(lambda m: code in m.all_text and "TIN BÁO KHẨN" in m.all_text)


async def test_bot_added_back_and_made_admin_then_relinked(bench: Bench) -> None:
    assert bench.org is not None
    commune = bench.org.commune_a
    admin = await registered_admin(bench)
    group = await linked_group(bench, admin, commune, "supergroup")
    minh = await bench.join("Minh", Role.POLICE, commune_id=commune)
    bench.fake.remove_bot(group, by=minh)
    assert "không còn gửi được" in (await admin.next_reply(timeout=10)).all_text

    bench.fake.add_bot(group, by=minh)
    back = await admin.next_reply(timeout=10)
    assert "đã được thêm lại vào nhóm «Công an xã Hòa An»" in back.all_text
    assert f"/lienketnhom X{commune}" in back.all_text
    # Added back is not linked back: nobody decided this group may read alerts again.
    assert await bench.store.police_chat(Channel.TELEGRAM, str(group.id)) is None

    bench.fake.promote_bot(group, by=minh)
    await bench.fake.wait_idle(quiet=0.5)
    assert admin.unread() == [] and group.unread() == []

    await admin.send_text(f"/lienketnhom X{commune}", chat=group)
    assert "nhóm Công an" in (await group.next_message()).all_text
    lan = await bench.join("Lan")
    code = await file_tip(lan)
    alert = (await group.messages_until(lambda m: code in m.all_text, timeout=10))[-1]
    assert "TIN BÁO KHẨN" in alert.all_text
    await bench.fake.wait_idle(quiet=0.5)
    assert not any(code in m.all_text for m in minh.chat.messages)


async def test_my_chat_member_is_asked_for_and_handled_in_webhook_mode(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bench = webhook_bench(fake, tmp_path / "antt.sqlite3")
    await bench.start()
    try:
        await bench.seed()
        assert bench.org is not None
        assert "my_chat_member" in (fake._webhook_allowed or [])
        admin = await registered_admin(bench)
        group = await linked_group(bench, admin, bench.org.commune_a, "supergroup")
        fake.remove_bot(group, by=admin)
        assert "không còn gửi được" in (await admin.next_reply(timeout=10)).all_text
        assert await bench.store.police_chat(Channel.TELEGRAM, str(group.id)) is None
    finally:
        await bench.stop()


async def test_polling_asks_for_my_chat_member(bench: Bench) -> None:
    call = await bench.fake.wait_for_call("getUpdates")
    assert "my_chat_member" in call["allowed_updates"]


@pytest.mark.parametrize("told", [False, True], ids=["found-by-sending", "service-message"])
async def test_group_upgraded_to_a_supergroup_gets_its_alert_once(bench: Bench, told: bool) -> None:
    assert bench.org is not None
    commune = bench.org.commune_a
    admin = await registered_admin(bench)
    group = await linked_group(bench, admin, commune, "group")
    lan = await bench.join("Lan")
    with captured_log() as log:
        supergroup = bench.fake.upgrade_group(group, by=admin, notify=told)
        if told:
            await bench.fake.wait_until(
                lambda: bench.fake.pending_updates == [] and not bench.runtime.dispatcher.busy  # type: ignore[union-attr]
            )
        code = await file_tip(lan)
        alerts = await supergroup.messages_until(lambda m: code in m.all_text, timeout=15)
        assert "TIN BÁO KHẨN" in alerts[-1].all_text
        await bench.fake.wait_idle(quiet=1.0)
    # Moved in one go: the link follows, the old id is gone, the alert came once.
    linked = await bench.store.police_chats(commune)
    assert [c.chat_id for c in linked] == [str(supergroup.id)]
    assert len([m for m in supergroup.messages if code in m.all_text]) == 1
    tries = [e for e in bench.fake.errors if e[1].get("chat_id") == group.id]
    assert len(tries) <= (0 if told else 1), "sent again and again to the old id"
    assert log.getvalue().count("\n") < 200
    assert not any(UNDELIVERED in m.all_text for m in lan.chat.messages)
    # And the officers' buttons work on it.
    minh = await bench.join("Minh", Role.POLICE, commune_id=commune)
    toast = await press(bench, minh, alerts[-1], "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast


async def test_an_alert_the_group_never_takes_goes_to_officers_when_the_outbox_gives_up(
    bench: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.outbox

    # Normally 40 tries over some five hours; two here.
    monkeypatch.setattr(bot.outbox, "MAX_ATTEMPTS", 2)
    a = await commune_a(bench)
    admin, group, minh, lan = a.admin, a.group, a.minh, a.lan
    bench.fake.inject("sendMessage", "502", times=1000, chat_id=group.id)
    code = await file_tip(lan)
    alert = (await minh.replies_until(lambda m: code in m.all_text, timeout=15))[-1]
    assert "TIN BÁO KHẨN" in alert.all_text
    await admin.replies_until(lambda m: code in m.all_text, timeout=10)
    # A server in trouble is not a group that is gone: it stays linked.
    assert await bench.store.police_chat(Channel.TELEGRAM, str(group.id)) is not None
    await bench.fake.wait_idle(quiet=0.5)
    assert not any(UNDELIVERED in m.all_text for m in lan.chat.messages)


async def test_an_officer_who_blocked_the_bot_is_marked_not_taken_for_a_lost_group(
    bench: Bench,
) -> None:
    assert bench.org is not None
    commune = bench.org.commune_a
    admin = await registered_admin(bench)
    # No group: the commune's alerts go to its officers privately.
    minh = await bench.join("Minh", Role.POLICE, commune_id=commune)
    hoa = await bench.join("Hoa", Role.POLICE, commune_id=commune)
    lan = await bench.join("Lan")
    minh.block_bot(notify=False)
    code = await file_tip(lan)
    await hoa.replies_until(lambda m: code in m.all_text, timeout=10)
    await bench.fake.wait_idle(quiet=0.5)
    identities = await bench.store.identities((await bench.person(minh)).id)
    assert identities[0].unreachable_at is not None
    # Nothing was "unlinked", and the admins were not handed the officer's copy.
    assert not any(code in m.all_text for m in admin.chat.messages)
    assert not any("không còn gửi được" in m.all_text for m in admin.chat.messages)
