"""Scope is a wall: commune A's data never reaches commune B; members and leaders see their own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from police_support import alert_in, file_tip, police_group, press
from zalo_support import zalo_group, zalo_tip

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Role
from harness import Bench, say, text_of


async def test_commune_a_never_reaches_commune_b(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group_a = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")  # team A
    mai = await bench.join("Mai", team=org.team_b)
    leader_a = await bench.join("Dũng", Role.LEADER)
    officer_b = await bench.join("Tuấn", Role.POLICE, commune_id=org.commune_b)

    code_a = await file_tip(lan, text="Việc riêng của xã A")
    alert_a = await alert_in(group_a, code_a)
    code_b = await file_tip(mai, text="Việc riêng của xã B")
    await alert_in(group_b, code_b)
    await bench.fake.wait_idle()
    assert not any(code_a in m.all_text for m in group_b.messages)
    assert not any(code_b in m.all_text for m in group_a.messages)

    # Commune B's officer can't act on, read the source of, or look into A's entry.
    for command in ("/tiepnhan", "/daxuly", "/chuyen", "/nguontin", "/lichsu"):
        reply = await say(officer_b, f"{command} {code_a}")
        assert "không có quyền" in reply.all_text, command
    # ...nor through A's buttons, if they saw them.
    toast = await press(bench, officer_b, alert_a, "Tiếp nhận")
    assert toast is not None and "không có quyền" in toast

    # Members see their own entries only; a leader sees the team's, not another commune's.
    mine = await say(mai, "/cuatoi")
    assert code_b in mine.all_text and code_a not in mine.all_text
    team = await say(leader_a, "/cuato")
    assert code_a in team.all_text and code_b not in team.all_text
    report = await say(officer_b, "/baocao tháng này")
    assert "Xã Nguyên Bình" in report.all_text and "Thôn Nà Cáp" not in report.all_text
    assert "Tin báo: 1" in report.all_text


async def test_report_files_survive_a_restart(bench: Bench) -> None:
    org = bench.org
    assert org is not None and bench.runtime is not None
    officer = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    await bench.runtime.report_worker.stop()
    reply = await say(officer, "/baocao tuần này")
    assert "sẽ được gửi ngay sau" in reply.all_text
    await asyncio.sleep(0.2)
    assert officer.unread() == []
    assert len(await bench.store.pending_report_jobs()) == 1
    await bench.restart()
    files = [await officer.next_reply(timeout=20), await officer.next_reply(timeout=20)]
    assert files[0].photo is not None and (files[1].file_name or "").endswith(".xlsx")
    assert await bench.store.pending_report_jobs() == []


async def test_a_report_that_cannot_be_made_is_apologised_for(
    bench: Bench, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.reports.worker import ReportFiles

    async def broken(self: ReportFiles, job: object) -> list[object]:
        # An error whose message quotes data (built here so the source line doesn't).
        raise ValueError(" ".join(["Nông", "Thị", "Hoa"]))

    monkeypatch.setattr(ReportFiles, "make", broken)
    org = bench.org
    assert org is not None
    officer = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    await say(officer, "/baocao tuần này")
    sorry = await officer.next_reply(timeout=10)
    assert "chưa tạo được tệp báo cáo" in sorry.all_text
    assert await bench.store.pending_report_jobs() == []
    assert "ValueError" in caplog.text and "Nông Thị Hoa" not in caplog.text


async def test_a_report_typed_in_the_wrong_chat_goes_to_the_asker_not_the_group(
    bench: Bench,
) -> None:
    org = bench.org
    assert org is not None
    group_a = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    unlinked = bench.fake.group("Hội đồng hương Hòa An")
    lan = await bench.join("Lan")
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    code_a = await file_tip(lan, text="Việc riêng của xã A")
    await alert_in(group_a, code_a)
    group_a.drain()

    for chat in (group_b, unlinked):
        # Commune A's officer asks for A's figures, digest and history in the wrong chat.
        await minh.send_text("/baocao tháng này", chat=chat)
        report = await minh.next_reply()
        assert "Xã Hòa An" in report.all_text and "Tin báo: 1" in report.all_text
        files = [await minh.next_reply(timeout=20), await minh.next_reply(timeout=20)]
        assert any((f.file_name or "").endswith(".xlsx") for f in files)
        await minh.send_text("/bantin", chat=chat)
        digest = await minh.next_reply()
        assert "BẢN TIN NGÀY" in digest.all_text and "Xã Hòa An" in digest.all_text
        await minh.send_text(f"/lichsu {code_a}", chat=chat)
        # (The digest's chart may come first.)
        await minh.chat.messages_until(lambda m: f"Lịch sử {code_a}" in m.all_text)
        await minh.send_text(f"/chuyen {code_a}", chat=chat)
        ask = await minh.next_reply()
        assert f"Chuyển {code_a}" in ask.all_text and ask.buttons
        await minh.send_text("/tinthuong", chat=chat)
        mode = await minh.next_reply()
        assert "Tin thường (không khẩn) của Xã Hòa An" in mode.all_text
        await bench.fake.wait_idle(quiet=0.2)
        assert chat.unread() == [], [m.summary() for m in chat.unread()]

    # In A's own group the same report is for everyone there.
    await minh.send_text("/baocao tháng này", chat=group_a)
    in_group = await group_a.next_message()
    assert "Xã Hòa An" in in_group.all_text and "Tin báo: 1" in in_group.all_text
    await bench.fake.wait_idle(quiet=0.2)
    minh.drain()
    assert minh.unread() == []


async def test_an_admin_gets_other_communes_and_the_province_privately(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group_b = await police_group(bench, org.commune_b, "Công an xã Nguyên Bình")
    lan = await bench.join("Lan")
    code_a = await file_tip(lan, text="Việc riêng của xã A")
    admin = bench.admin()
    await say(admin, "/trogiup")
    await bench.fake.wait_idle()
    group_b.drain()

    for command in (
        f"/baocao X{org.commune_a} tháng này",
        "/baocao tỉnh tháng này",
        f"/bantin X{org.commune_a}",
        f"/lichsu {code_a}",
        f"/lichbantin X{org.commune_a}",
        f"/tinthuong X{org.commune_a}",
    ):
        await admin.send_text(command, chat=group_b)
        answer = await admin.next_reply(timeout=10)
        assert answer.all_text, command
        await bench.fake.wait_idle(quiet=0.2)
        assert group_b.unread() == [], (command, [m.summary() for m in group_b.unread()])
        admin.drain()

    # B's own report, asked in B's group, stays there.
    await admin.send_text("/baocao tháng này", chat=group_b)
    report = await group_b.next_message()
    assert "Xã Nguyên Bình" in report.all_text and "Thôn Nà Cáp" not in report.all_text


async def test_a_refusal_in_a_group_is_said_privately(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    group_a = await police_group(bench, org.commune_a, "Công an xã Hòa An")
    lan = await bench.join("Lan")
    tuan = await bench.join("Tuấn", Role.POLICE, commune_id=org.commune_b)
    code_a = await file_tip(lan)
    alert = await alert_in(group_a, code_a)
    group_a.drain()

    # Another commune's officer, in A's group: a toast for the button...
    toast = await press(bench, tuan, alert, "Tiếp nhận")
    assert toast is not None and "không có quyền" in toast
    # ...and a private message for what they type.
    for command in (f"/tiepnhan {code_a}", f"/daxuly {code_a}", f"/lichsu {code_a}"):
        await tuan.send_text(command, chat=group_a)
        refusal = await tuan.next_reply()
        assert "không có quyền" in refusal.all_text, command
    # A member in the police group asking for the report: refused privately too.
    await lan.send_text("/baocao tháng này", chat=group_a)
    refusal = await lan.next_reply()
    assert "Chỉ cán bộ Công an xã" in refusal.all_text
    await tuan.send_text(f"/tinthuong X{org.commune_a} bantin", chat=group_a)
    assert "chỉ đổi được cách nhận tin của xã mình" in (await tuan.next_reply()).all_text
    await bench.fake.wait_idle(quiet=0.2)
    assert group_a.unread() == [], [m.summary() for m in group_a.unread()]
    assert await bench.store.routine_modes() == {}


async def test_an_officer_of_b_answering_in_the_zalo_group_of_a_changes_nothing(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    async with FakeZalo() as zfake:
        bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
        await bench.start()
        try:
            org = await bench.seed()
            group_a = await zalo_group(bench, org.commune_a, "Công an xã Hòa An")
            group_b = await zalo_group(bench, org.commune_b, "Công an xã Nguyên Bình")
            lan = await bench.join_zalo("Lan")
            tuan = await bench.join_zalo("Tuấn", Role.POLICE, commune_id=org.commune_b)
            code = await zalo_tip(lan, urgent=True, source="Bà Lò Thị Kín, 0912 000 111")
            [alert] = [m for m in await group_a.messages_until(lambda m: code in text_of(m))]
            assert "«nhận 1»" in text_of(alert)
            group_a.drain()

            # B's officer is in A's group too (a shared group, a mistake): by number, by code,
            # by replying to the alert, by command — nothing changes, nothing is said there.
            for answer in ("nhận 1", "xong 1 đã xong", f"nhận {code}", "nhận", f"/tiepnhan {code}"):
                await tuan.send_text(answer, group=group_a, reply_to=alert)
                refusal = await tuan.replies_until(lambda m: "không có quyền" in text_of(m))
                assert refusal, answer
            # In his own group «nhận 1» names none of B's entries: A's tip has no number there.
            await tuan.send_text("nhận 1", group=group_b, mention=True)
            assert "Không có tin số 1" in text_of(await tuan.next_reply())
            await asyncio.sleep(0.2)
            entry = await bench.store.get_entry(code)
            assert entry is not None and entry.status.value == "new"
            assert await bench.store.entry_events(entry.id) == []
            assert group_a.unread() == []
            assert not any(code in text_of(m) for m in group_b.messages)
            assert not any("Lò Thị Kín" in text_of(m) for m in group_a.messages)
        finally:
            await bench.stop()
