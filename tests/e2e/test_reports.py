"""/baocao: the movement's figures against targets, the workbook, the chart, the annual draft."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from police_support import press_data, seed, seeded

from bot.clock import ManualClock
from bot.devtools.fake_telegram import FakeTelegram, FakeUser, SentMessage
from bot.domain import Role
from harness import Bench, answer, manual_clock, say
from storage.models import NewPhase

NOW = manual_clock(2026, 11, 20, 3)  # 10:00 in Vietnam


@pytest.fixture
async def year(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bot on 20/11/2026 with a year of entries in two communes."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=manual_clock(2026, 11, 20, 3))
    await bench.start()
    org = await bench.seed()
    hoa = await bench.person(await bench.join("Nông Thị Hoa"))
    rows = []
    n = iter(range(1, 10_000))

    def code(prefix: str, year: int = 2026) -> str:
        return f"{prefix}-{year}-{next(n):06d}"

    def at(month: int, day: int = 10, year: int = 2026) -> datetime:
        return datetime(year, month, day, 2, tzinfo=UTC)

    # Commune A, 2026: 8 tips through the teams and 2 given directly (80%: met).
    for month in range(1, 9):
        rows.append(seeded(code("TB"), "tip", org.team_a, at(month), "drugs"))
    for month in (3, 4):
        rows.append(
            seeded(
                code("TB"),
                "tip",
                None,
                at(month),
                "theft",
                commune_id=org.commune_a,
                village_id=org.team_a2.village_id,
                source="direct",
            )
        )
    # Five incidents, four with the team on scene (80%: not met); both fires attended.
    for month, category, on_scene in [
        (2, "fight", True),
        (5, "fight", False),
        (6, "fire", True),
        (7, "rescue", True),
        (9, "theft", True),
    ]:
        rows.append(
            seeded(code("VV"), "incident", org.team_a, at(month), category, on_scene=on_scene)
        )
    # Good deeds: team A every month January–November, team A2 skips October. Hoa did
    # team A's, with a resident in May.
    doers = []
    for month in range(1, 12):
        deed = code("VT")
        rows.append(
            seeded(
                deed,
                "deed",
                org.team_a,
                at(month),
                "danger",
                description=f"Giúp cụ bà bị ngã ngoài đồng tháng {month}",
                reporter_id=hoa.id,
            )
        )
        doers.append((deed, hoa.id, None))
        if month == 5:
            doers.append((deed, None, "Ông Lò Văn Páo"))
        if month != 10:
            rows.append(seeded(code("VT"), "deed", org.team_a2, at(month), "lost_property"))
    # Last year in commune A: fewer tips, for the trend.
    for month in range(1, 6):
        rows.append(seeded(code("TB", 2025), "tip", org.team_a, at(month, year=2025), "drugs"))
    # Commune B: its own entries, which must never show in commune A's report.
    for month in range(1, 4):
        rows.append(
            seeded(code("TB"), "tip", org.team_b, at(month), "border", description="BÍ MẬT XÃ B")
        )
    await seed(bench, rows, doers)
    try:
        yield bench
    finally:
        await bench.stop()


async def files_after(user: FakeUser, count: int) -> list[SentMessage]:
    """Read the report message's attachments (documents and photos) as they arrive."""
    got: list[SentMessage] = []
    while len(got) < count:
        message = await user.next_reply(timeout=20)
        if message.document or message.photo:
            got.append(message)
    return got


async def test_commune_year_report_message_workbook_chart_and_draft(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    reply = await say(minh, "/baocao năm nay")
    text = reply.all_text
    assert "Xã Hòa An · năm 2026" in text
    assert "✅ Tin báo qua lực lượng cơ sở: 80% (8/10) — chỉ tiêu 80%: đạt" in text
    assert "❌ Vụ việc tổ có mặt kịp thời: 80% (4/5) — chỉ tiêu 100%: chưa đạt" in text
    assert "✅ Cháy nổ, cứu nạn có lực lượng tham gia: 100% (2/2)" in text
    assert "❌ Tổ có việc tốt mỗi tháng: 50% (1/2)" in text
    assert "Tổ bảo vệ ANTT TDP 3" in text  # the team that missed a month is named
    assert "Tin báo: 10 (↑ 100%; kỳ trước 5)" in text
    assert "trong đó 2 tin người dân báo trực tiếp" in text
    assert "Ma túy 8" in text and "Trộm cắp, tội phạm 2" in text
    assert "• Thôn Nà Cáp: 8 tin báo · 5 vụ việc · 11 việc tốt" in text
    assert "Bản Chang" not in text and "BÍ MẬT" not in text

    chart, book, draft = await files_after(minh, 3)
    assert chart.photo is not None
    assert book.file_name is not None and book.file_name.endswith(".xlsx")
    assert draft.file_name is not None and draft.file_name.endswith(".docx")

    workbook = load_workbook(io.BytesIO(bench.fake.file_bytes(book.document or "")))
    assert workbook.sheetnames == ["Tổng hợp", "Tin báo", "Vụ việc", "Việc tốt"]
    tips = workbook["Tin báo"]
    header = [c.value for c in tips[1]]
    assert header[:3] == ["Mã số", "Ngày gửi", "Xã, phường"]
    assert "Nguồn tin đến" in header and "Giữ bí mật người cung cấp" in header
    assert tips.freeze_panes == "A2"
    # Printable as handed in: A4 landscape, every column on the page, the header on each page.
    for sheet in workbook:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert tips.print_title_rows == "$1:$1" and workbook.active.title == "Tổng hợp"
    assert tips.auto_filter.ref == f"A1:{tips.cell(1, tips.max_column).column_letter}11"
    rows = list(tips.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 10
    sent = rows[0][1]
    assert isinstance(sent, datetime) and sent == datetime(2026, 1, 10, 9, 0)  # local time
    assert tips.cell(2, 2).number_format == "dd/mm/yyyy hh:mm"
    assert {r[header.index("Nguồn tin đến")] for r in rows} == {
        "Qua Tổ bảo vệ ANTT",
        "Người dân báo trực tiếp",
    }
    every_value = [
        str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row
    ]
    assert not any("BÍ MẬT XÃ B" in v or "Bản Chang" in v for v in every_value)
    assert len(list(workbook["Việc tốt"].iter_rows(min_row=2))) == 21
    summary = [c for row in workbook["Tổng hợp"].iter_rows(values_only=True) for c in row]
    assert "Tin báo qua lực lượng cơ sở" in summary and "đạt" in summary

    document = Document(io.BytesIO(bench.fake.file_bytes(draft.document or "")))
    words = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "CÔNG AN XÃ HÒA AN" in cells and "Hòa An, ngày" in cells
    assert "BÁO CÁO" in words and "năm 2026" in words
    assert "ĐỀ XUẤT KHEN THƯỞNG" in words
    assert "Tổ bảo vệ ANTT thôn Nà Cáp" in cells
    assert "Thực hiện 11 việc tốt" in cells and "Giúp cụ bà bị ngã" in cells
    assert "Nông Thị Hoa" in cells  # the person who did the most good deeds
    assert "Ông Lò Văn Páo" in cells  # a resident typed by name is an individual too
    assert "Cả tổ" not in cells and "🙋" not in cells  # people, never button words
    assert "TRƯỞNG CÔNG AN XÃ" in cells
    assert "Bản Chang" not in words + cells


async def test_period_buttons_and_a_month_without_the_draft(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    ask = await say(minh, "📊 Báo cáo")
    assert "chọn kỳ báo cáo" in ask.all_text
    assert all(len(b.callback_data or "") <= 64 for b in ask.buttons)
    reply = await answer(minh, ask, "Tháng này")
    assert "tháng 11/2026" in reply.all_text
    chart, book = await files_after(minh, 2)
    assert chart.photo is not None and (book.file_name or "").endswith(".xlsx")
    await bench.fake.wait_idle()
    assert not any((m.file_name or "").endswith(".docx") for m in minh.drain())


async def test_admin_reports_the_province_and_any_commune(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    admin = bench.admin()
    reply = await say(admin, "/baocao tỉnh năm 2026")
    assert "Cao Bằng · năm 2026" in reply.all_text
    assert "Tin báo: 13" in reply.all_text  # both communes
    assert "Xã Nguyên Bình" in reply.all_text and "Xã Hòa An" in reply.all_text
    reply = await say(admin, f"/baocao X{bench.org.commune_b} năm 2026")
    assert "Xã Nguyên Bình · năm 2026" in reply.all_text and "Tin báo: 3" in reply.all_text
    assert "Thôn Nà Cáp" not in reply.all_text


async def test_bad_report_requests_get_clear_answers(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    lan = await bench.join("Lan")
    admin = bench.admin()
    cases = [
        (minh, "/baocao tháng 13", "Ngày này không có thật"),
        (minh, "/baocao linh tinh", "Gõ kỳ báo cáo như"),
        (minh, "/baocao 2030", "còn ở tương lai"),
        (minh, "/baocao 31/02/2026-01/03/2026", "không có thật"),
        (minh, f"/baocao X{bench.org.commune_b} năm", "chỉ xem được báo cáo của xã mình"),
        (minh, "/baocao tỉnh năm", "chỉ xem được báo cáo của xã mình"),
        (minh, "/baocao đợt 1", "Chưa có đợt thi đua nào"),
        (admin, "/baocao X999 năm", "Không có xã mã X999"),
        (lan, "/baocao năm", "Chỉ cán bộ Công an xã và quản trị viên"),
    ]
    for user, command, expected in cases:
        reply = await say(user, command)
        assert expected in reply.all_text, (command, reply.all_text)
    assert await bench.store.pending_report_jobs() == []
    # A forged period button: refused by scope, not trusted.
    ask = await say(minh, "/baocao")
    toast = await press_data(bench, minh, ask, f"r:c{bench.org.commune_b}:year")
    assert toast is not None and "xã mình" in toast
    toast = await press_data(bench, minh, ask, "r:c1:forever")
    assert toast is not None and "không còn hiệu lực" in toast
    await bench.fake.wait_idle()
    assert not any("BÁO CÁO PHONG TRÀO" in m.all_text for m in minh.drain())


async def test_a_workbook_too_large_for_telegram_is_explained(
    year: Bench, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.reports.worker

    monkeypatch.setattr(bot.reports.worker, "MAX_UPLOAD", 100)
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    await say(minh, "/baocao tháng này")
    chart = await minh.next_reply(timeout=20)
    note = await minh.next_reply(timeout=20)
    assert chart.photo is not None
    assert "quá lớn để gửi qua Telegram" in note.all_text and note.document is None


async def test_report_for_a_phase_of_the_emulation(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    now = bench.clock.now()
    first = await bench.store.save_phase(
        NewPhase(
            name="Đợt 1", start=date(2026, 1, 1), end=date(2026, 4, 30), report=date(2026, 5, 5)
        ),
        None,
        now,
    )
    await bench.store.save_phase(
        NewPhase(
            name="Đợt 2", start=date(2026, 5, 1), end=date(2026, 8, 19), report=date(2026, 8, 25)
        ),
        None,
        now,
    )
    reply = await say(minh, "/baocao đợt 1")
    assert "Xã Hòa An · Đợt 1 (01/01/2026 – 30/04/2026)" in reply.all_text or (
        "Đợt 1 (01/01/2026" in reply.all_text
    )
    # Tips of January to April: 4 through the teams, 2 given directly.
    assert "Tin báo: 6" in reply.all_text
    await files_after(minh, 2)
    reply = await say(minh, f"/baocao đợt D{first.id}")
    assert "Tin báo: 6" in reply.all_text and "Đợt 1 (01/01/2026" in reply.all_text
    await files_after(minh, 2)
    reply = await say(minh, "/baocao đợt hè")
    assert "Các đợt:" in reply.all_text and "D1 · Đợt 1" in reply.all_text.replace(
        f"D{first.id}", "D1"
    )


def clock_of(bench: Bench) -> ManualClock:
    assert isinstance(bench.clock, ManualClock)
    return bench.clock


async def test_response_times_and_handling_columns(fake: FakeTelegram, tmp_path: Path) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=manual_clock(2026, 11, 20, 3))
    await bench.start()
    try:
        org = await bench.seed()
        minh = await bench.join("Trần Văn Minh", Role.POLICE, commune_id=org.commune_a)
        filed = [datetime(2026, 11, day, 1, tzinfo=UTC) for day in (2, 3, 4, 5, 6)]
        await seed(
            bench,
            [
                seeded(f"TB-2026-{n:06d}", "tip", org.team_a, at, "drugs")
                for n, at in enumerate(filed, start=1)
            ],
        )
        clock = clock_of(bench)

        async def act(command: str, at: datetime) -> None:
            clock.set(at)
            await say(minh, command)

        # Taken after 10 min, 30 min, 2 h; the fourth handled at once after 5 h; the fifth waits.
        await act("/tiepnhan TB-2026-000001", filed[0] + timedelta(minutes=10))
        await act(
            "/daxuly TB-2026-000001 Đã xác minh, nhắc nhở chủ hộ",
            filed[0] + timedelta(hours=2),
        )
        await act("/tiepnhan TB-2026-000002", filed[1] + timedelta(minutes=30))
        await act("/daxuly TB-2026-000002", filed[1] + timedelta(days=1))
        await act("/tiepnhan TB-2026-000003", filed[2] + timedelta(hours=2))
        await act("/daxuly TB-2026-000004", filed[3] + timedelta(hours=5))
        clock.set(datetime(2026, 11, 20, 3, tzinfo=UTC))

        reply = await say(minh, "/baocao tháng này")
        text = reply.all_text
        assert "⏱ Công an xã phản hồi tin báo, vụ việc của kỳ:" in text
        # Nearest rank: 4 taken (10 min, 30 min, 2 h, 5 h), 3 handled (2 h, 5 h, 1 day).
        assert "• Tiếp nhận: trung vị 30 phút, 90% trong vòng 5 giờ (4 tin)" in text
        assert "• Xử lý xong: trung vị 5 giờ, 90% trong vòng 1 ngày (3 tin)" in text

        _, book = await files_after(minh, 2)
        workbook = load_workbook(io.BytesIO(bench.fake.file_bytes(book.document or "")))
        tips = workbook["Tin báo"]
        header = [c.value for c in tips[1]]
        rows = {r[0]: r for r in tips.iter_rows(min_row=2, values_only=True)}
        first = rows["TB-2026-000001"]
        assert first[header.index("Cán bộ tiếp nhận")] == "Trần Văn Minh"
        assert first[header.index("Thời điểm tiếp nhận")] == datetime(2026, 11, 2, 8, 10)
        assert first[header.index("Thời điểm xử lý xong")] == datetime(2026, 11, 2, 10, 0)
        assert first[header.index("Ghi chú của cán bộ")] == "Đã xác minh, nhắc nhở chủ hộ"
        waiting = rows["TB-2026-000005"]
        assert waiting[header.index("Cán bộ tiếp nhận")] is None
        assert "Cán bộ tiếp nhận" not in [c.value for c in workbook["Việc tốt"][1]]
        summary = list(workbook["Tổng hợp"].iter_rows(values_only=True))
        title = next(i for i, r in enumerate(summary) if str(r[0]).startswith("Thời gian phản hồi"))
        assert summary[title + 1][:3] == ("Xã, phường", "Đã tiếp nhận", "Trung vị tiếp nhận")
        commune_row = summary[title + 2]
        assert commune_row[:2] == ("Xã Hòa An", 4)
        assert commune_row[2] == timedelta(minutes=30)  # an Excel duration, not text
        cell = workbook["Tổng hợp"].cell(title + 3, 3)
        assert cell.number_format == "[h]:mm"
    finally:
        await bench.stop()


async def test_a_forwarded_tip_is_timed_from_its_arrival(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3", clock=manual_clock(2026, 11, 20, 3))
    await bench.start()
    try:
        org = await bench.seed()
        ha = await bench.join("Hà", Role.POLICE, commune_id=org.commune_b)
        admin = bench.admin()
        filed = datetime(2026, 11, 2, 1, tzinfo=UTC)
        await seed(bench, [seeded("TB-2026-000001", "tip", org.team_a, filed, "border")])
        clock = clock_of(bench)
        clock.set(filed + timedelta(hours=3))
        assert (
            "Xã Nguyên Bình"
            in (await say(admin, f"/chuyen TB-2026-000001 X{org.commune_b}")).all_text
        )
        clock.set(filed + timedelta(hours=3, minutes=15))
        await bench.fake.wait_idle()
        assert any("TB-2026-000001" in m.all_text for m in ha.drain())  # the forwarded alert
        assert "đã tiếp nhận" in (await say(ha, "/tiepnhan TB-2026-000001")).all_text
        clock.set(datetime(2026, 11, 20, 3, tzinfo=UTC))
        reply = await say(admin, "/baocao tỉnh tháng này")
        assert "• Tiếp nhận: trung vị 15 phút, 90% trong vòng 15 phút (1 tin)" in reply.all_text
        assert "Từng xã, phường: xem bảng tính." in reply.all_text
    finally:
        await bench.stop()


async def test_the_month_under_way_is_not_failed_and_judged_months_are_named(
    year: Bench,
) -> None:
    bench = year
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    text = (await say(minh, "/baocao năm nay")).all_text
    assert "Tháng đã xét: tháng 1–10/2026." in text
    assert "Tháng 11/2026 đang diễn ra: 2/2 tổ đã có việc tốt." in text
    # The chart and the files follow the message (they take seconds on a busy machine).
    await files_after(minh, 3)
    text = (await say(minh, "/baocao tháng này")).all_text
    assert "⏳ Tổ có việc tốt mỗi tháng: tháng 11/2026 đang diễn ra — chỉ tiêu 100%" in text
    assert "Tổ có việc tốt mỗi tháng: 0%" not in text and "Chưa có tháng nào kết thúc" in text
    await files_after(minh, 2)
    # A week across two months judges the whole of the finished one: team A2 has no good
    # deed in October (not only in the week), team A has one on 10/10.
    text = (await say(minh, "/baocao 26/10/2026-01/11/2026")).all_text
    assert "Tháng đã xét: tháng 10/2026." in text
    assert "❌ Tổ có việc tốt mỗi tháng: 50% (1/2)" in text
    assert "Tổ bảo vệ ANTT TDP 3" in text
    assert "Tháng 11/2026 đang diễn ra" in text


async def test_a_team_counts_from_the_month_it_was_created(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    admin = bench.admin()
    clock = clock_of(bench)
    clock.set(datetime(2026, 9, 15, 3, tzinfo=UTC))
    reply = await say(admin, f"/themthon X{bench.org.commune_a} Thôn Bó Lếch")
    assert "Đã thêm Thôn Bó Lếch" in reply.all_text
    clock.set(datetime(2026, 11, 20, 3, tzinfo=UTC))
    [team] = [t for t in await bench.store.list_teams(bench.org.commune_a) if "Bó Lếch" in t.name]
    await seed(
        bench,
        [
            seeded(
                f"VT-2026-{900 + m}", "deed", team, datetime(2026, m, 20, 2, tzinfo=UTC), "danger"
            )
            for m in (9, 10)
        ],
    )
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    text = (await say(minh, "/baocao năm nay")).all_text
    # September and October are all the new team is judged on: it meets the target.
    assert "❌ Tổ có việc tốt mỗi tháng: 66,7% (2/3)" in text
    assert "Thôn Bó Lếch" not in text.split("Tổ có việc tốt mỗi tháng")[1].split("\n\n")[0]


async def test_the_annual_draft_proposes_only_teams_that_met_the_target(year: Bench) -> None:
    bench = year
    assert bench.org is not None
    admin = bench.admin()
    await say(admin, f"/baocao X{bench.org.commune_a} năm nay")
    _, _, draft = await files_after(admin, 3)
    document = Document(io.BytesIO(bench.fake.file_bytes(draft.document or "")))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Các tổ chưa đạt: Tổ bảo vệ ANTT TDP 3." in words
    [proposal] = [t for t in document.tables if t.rows[0].cells[1].text == "Tên tập thể"]
    teams = {row.cells[1].text for row in proposal.rows[1:]}
    assert teams == {"Tổ bảo vệ ANTT thôn Nà Cáp"}
    assert "Các tháng đã đánh giá: tháng 1–10/2026. Tháng 11/2026 đang diễn ra" in words
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Đang diễn ra" not in cells  # the year has judged months: a verdict, not a wait
    assert "Tiếp nhận" not in words or "Chưa có nguồn tin, vụ việc nào" in words

    # Commune B filed tips only: no "tổng số 0, phân theo loại:" for incidents.
    admin.drain()
    await say(admin, f"/baocao X{bench.org.commune_b} năm nay")
    _, _, draft = await files_after(admin, 3)
    document = Document(io.BytesIO(bench.fake.file_bytes(draft.document or "")))
    words = "\n".join(p.text for p in document.paragraphs)
    assert "b) Vụ việc về an ninh, trật tự: không phát sinh trong kỳ." in words
    assert "tổng số 0" not in words
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Loại việc tốt" not in cells  # no empty table of good deeds
    assert "0/1 Tổ bảo vệ an ninh, trật tự có việc tốt trong cả 10 tháng" in words
