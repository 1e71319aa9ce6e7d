"""An admin sets up the organisation from chat and invites people."""

from __future__ import annotations

import re

from bot.domain import Role
from harness import Bench, say


async def test_admin_builds_a_commune_and_invites_a_member(bench: Bench) -> None:
    admin = bench.admin()
    reply = await say(admin, "/themxa Xã Quang Trung")
    match = re.search(r"mã (X\d+)", reply.all_text)
    assert match, reply.all_text
    commune_ref = match.group(1)

    reply = await say(admin, f"/themthon {commune_ref} Thôn Bó Lếch")
    assert "Đã thêm Thôn Bó Lếch" in reply.all_text
    team_ref = re.search(r"mã (T\d+)", reply.all_text).group(1)  # type: ignore[union-attr]

    reply = await say(admin, "/tochuc")
    assert "Xã Quang Trung" in reply.all_text and "Thôn Bó Lếch" in reply.all_text

    reply = await say(admin, f"/moi {team_ref} totruong")
    link = re.search(r"https://t\.me/(\w+)\?start=(\w+)", reply.all_text)
    assert link, reply.all_text
    assert link.group(1) == bench.fake.bot_username

    leader = bench.fake.user("Nông Văn Dũng")
    welcome = await say(leader, f"/start {link.group(2)}")
    assert "tổ trưởng" in welcome.all_text and "Thôn Bó Lếch" in welcome.all_text
    notice = await admin.next_reply()  # whoever made the invite hears of the join
    assert "Nông Văn Dũng" in notice.all_text and "vừa tham gia" in notice.all_text

    reply = await say(admin, "/nguoi")
    assert "Nông Văn Dũng (chưa xác nhận họ tên)" in reply.all_text
    person_ref = re.search(r"(N\d+) · Nông Văn Dũng", reply.all_text).group(1)  # type: ignore[union-attr]
    reply = await say(admin, f"/xoanguoi {person_ref}")
    assert "Đã xóa Nông Văn Dũng" in reply.all_text
    reply = await say(leader, "/cuatoi")
    assert "link mời" in reply.all_text


async def test_admin_links_the_police_group(bench: Bench) -> None:
    assert bench.org is not None
    admin = bench.admin()
    await say(admin, "/trogiup")
    group = bench.fake.group("Công an xã Hòa An")
    await admin.send_text(f"/lienketnhom X{bench.org.commune_a}", chat=group)
    reply = await group.next_message()
    assert "nhóm Công an của Xã Hòa An" in reply.all_text
    chats = await bench.store.police_chats(bench.org.commune_a)
    assert [c.chat_id for c in chats] == [str(group.id)]


async def test_members_cannot_run_admin_commands(bench: Bench) -> None:
    lan = await bench.join("Lan")
    for command in ["/themxa Xã X", "/moi T1", "/nguoi", "/xoanguoi N1"]:
        reply = await say(lan, command)
        assert "chỉ dành cho quản trị viên" in reply.all_text
    assert len(await bench.store.list_communes()) == 2


async def test_invite_usage_and_unknown_ids(bench: Bench) -> None:
    admin = bench.admin()
    assert "Cách dùng" in (await say(admin, "/moi")).all_text
    assert "Không tìm thấy T999" in (await say(admin, "/moi T999")).all_text
    assert "cần mã xã" in (await say(admin, "/moi T1 congan")).all_text
    reply = await say(admin, "/moi X1 congan")
    assert "công an xã" in reply.all_text
    code = re.search(r"Mã: (\w+)", reply.all_text).group(1)  # type: ignore[union-attr]
    assert "Đã thu hồi" in (await say(admin, f"/huyma {code}")).all_text
    officer = bench.fake.user("Minh")
    assert "thu hồi" in (await say(officer, f"/start {code}")).all_text
    assert (await bench.store.get_invite(code)) is not None
    _ = Role


async def test_admin_corrects_a_full_name_with_audit(bench: Bench) -> None:
    lan = await bench.join("Lan")
    admin = bench.admin()
    person = await bench.person(lan)
    refused = await say(admin, f"/doiten N{person.id} Lan 0912345678")
    assert "chỉ gồm chữ cái" in refused.all_text
    assert (await bench.person(lan)).name == "Lan"
    done = await say(admin, f"/doiten N{person.id} lò thị lan")
    assert "Đã sửa họ tên" in done.all_text and "Lan → Lò Thị Lan" in done.all_text
    told = await lan.next_reply()
    assert "Quản trị viên đã sửa họ và tên của bạn thành «Lò Thị Lan»" in told.all_text
    assert (await bench.person(lan)).name == "Lò Thị Lan"
    [event] = [e for e in await bench.store.audit_log(action="org") if "name" in e.event.detail]
    assert event.event.subject == f"person:{person.id}"
    assert event.event.detail == "name Lan -> Lò Thị Lan" and event.actor_name == "Cán bộ Tỉnh"
    listed = await say(admin, "/nguoi")
    assert f"N{person.id} · Lò Thị Lan · tổ viên" in listed.all_text  # confirmed now
    assert "Cách dùng: /doiten" in (await say(admin, "/doiten")).all_text
    assert "Cách dùng: /doiten" in (await say(admin, f"/doiten N{person.id}")).all_text
