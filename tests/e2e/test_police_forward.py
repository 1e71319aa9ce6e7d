"""Forwarding an entry to another commune; direct tips logged by police."""

from __future__ import annotations

from police_support import alert_in, file_tip, police_group, press

from bot.domain import EntryStatus, Role, TipSource
from harness import Bench, answer, say


async def test_forward_moves_the_entry_and_alerts_the_other_commune(bench: Bench) -> None:
    assert bench.org is not None
    group_a = await police_group(bench, bench.org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, bench.org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    tuan = await bench.join("Tuấn", Role.POLICE, commune_id=bench.org.commune_b)
    code = await file_tip(lan)
    alert_a = await alert_in(group_a, code)

    await press(bench, minh, alert_a, "Chuyển")
    chooser = await group_a.messages_until(lambda m: "sang xã, phường nào" in (m.text or ""))
    pick = chooser[-1]
    assert [b.text for b in pick.buttons] == ["Xã Nguyên Bình"]
    toast = await press(bench, minh, pick, "Xã Nguyên Bình")
    assert toast is not None and f"Đã chuyển {code} sang Xã Nguyên Bình" in toast

    alert_b = await alert_in(group_b, code)
    assert "Được chuyển đến (Minh" in alert_b.all_text
    assert "Nông Thị Hoa" not in alert_b.all_text
    assert any("Tiếp nhận" in b.text for b in alert_b.buttons)
    await bench.fake.wait_until(lambda: "Đã chuyển sang Xã Nguyên Bình" in (alert_a.text or ""))
    assert alert_a.buttons == []
    await bench.fake.wait_until(lambda: not pick.buttons)
    notice = await lan.next_reply()
    assert "chuyển tới Công an Xã Nguyên Bình" in notice.all_text
    entry = await bench.store.get_entry(code)
    assert entry is not None
    assert entry.commune_id == bench.org.commune_b and entry.status == EntryStatus.FORWARDED

    # Commune A's officer no longer handles it; commune B's does.
    reply = await say(minh, f"/tiepnhan {code}")
    assert "không có quyền" in reply.all_text
    toast = await press(bench, tuan, alert_b, "Tiếp nhận")
    assert toast is not None and "Bạn đã tiếp nhận" in toast
    notice = await lan.next_reply()
    assert "tiếp nhận (Tuấn" in notice.all_text
    await bench.fake.wait_until(lambda: "Đã tiếp nhận: Tuấn" in (alert_b.text or ""))
    # Commune B's officer may read the source now, privately.
    toast = await press(bench, tuan, alert_b, "Nguồn tin")
    assert toast is not None and "gửi riêng" in toast
    assert "Nông Thị Hoa" in (await tuan.next_reply()).all_text

    history = await say(tuan, f"/lichsu {code}")
    assert "chuyển sang Xã Nguyên Bình: Minh" in history.all_text
    assert "tiếp nhận: Tuấn" in history.all_text


async def test_forward_by_typed_name_and_bad_targets(bench: Bench) -> None:
    assert bench.org is not None
    await police_group(bench, bench.org.commune_a)
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    code = await file_tip(lan)

    reply = await say(minh, f"/chuyen {code} Xã Không Có")
    assert "Không tìm thấy xã" in reply.all_text
    reply = await say(minh, f"/chuyen {code} X{bench.org.commune_a}")
    assert "đang thuộc Xã Hòa An" in reply.all_text
    reply = await say(minh, f"/chuyen {code}")
    assert "sang xã, phường nào" in reply.all_text
    reply = await say(minh, f"/chuyen {code} nguyen binh")
    assert "Đã chuyển" in reply.all_text and "Xã Nguyên Bình" in reply.all_text
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.commune_id == bench.org.commune_b


async def test_police_log_a_direct_tip_for_a_village(bench: Bench) -> None:
    assert bench.org is not None
    group = await police_group(bench, bench.org.commune_a)
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    welcome_menu = minh.chat.reply_keyboard
    assert welcome_menu is not None
    assert ["📝 Tin báo trực tiếp", "📊 Báo cáo"] in welcome_menu

    prompt = await say(minh, "📝 Tin báo trực tiếp")
    assert "thôn, tổ dân phố nào" in prompt.all_text
    labels = " ".join(b.text for b in prompt.buttons)
    assert "Thôn Nà Cáp" in labels and "Tổ dân phố 3" in labels
    assert "Bản Chang" not in labels  # another commune's village
    prompt = await answer(minh, prompt, "Thôn Nà Cáp")
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    await say(minh, "ma túy")
    await say(minh, "Bà con báo có người lạ bán ma túy ở bãi sông")
    await say(minh, "Bãi sông thôn Nà Cáp")
    await say(minh, "khẩn cấp")
    await say(minh, "bí mật")
    summary = await say(minh, "Ông Lục Văn Bảy")
    assert "Thôn Nà Cáp" in summary.all_text and "tin báo trực tiếp" in summary.all_text
    done = await answer(minh, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]

    entry = await bench.store.get_entry(code)
    assert entry is not None
    assert entry.source == TipSource.DIRECT and entry.team_id is None
    assert entry.village_id == bench.org.team_a.village_id
    assert entry.commune_id == bench.org.commune_a
    alert = await alert_in(group, code)
    assert "Người ghi: Minh (Công an xã, người dân báo trực tiếp)" in alert.all_text
    assert "Lục Văn Bảy" not in alert.all_text


async def test_only_police_log_direct_tips(bench: Bench) -> None:
    lan = await bench.join("Lan")
    reply = await say(lan, "📝 Tin báo trực tiếp")
    assert "Chỉ cán bộ Công an xã" in reply.all_text
    reply = await say(lan, "/tintructiep")
    assert "Chỉ cán bộ Công an xã" in reply.all_text
    assert await bench.store.get_draft((await bench.person(lan)).id) is None


async def test_police_commands_are_offered_in_groups(bench: Bench) -> None:
    commands = [c for c, _ in bench.fake.commands[("all_group_chats", "")]]
    assert commands[:3] == ["baocao", "bantin", "tiepnhan"]
    # Officers whose Telegram is in English see the same Vietnamese group menu.
    officer = bench.fake.user("Minh", language_code="en")
    group = bench.fake.group("Công an xã")
    seen = [c for c, _ in bench.fake.menu_seen_by(officer, group)]
    assert seen[:3] == ["baocao", "bantin", "tiepnhan"]
    assert "baocao" not in [c for c, _ in bench.fake.commands[("default", "")]]
