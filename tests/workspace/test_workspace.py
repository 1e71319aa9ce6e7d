"""The web workspace in a real browser, as an officer, a leader and an admin use it.

The sign-in link comes from the bot through the fake Bot API; the browser is Debian's
headless Chromium at 360×640; every change goes through the page's own buttons and forms.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.async_api import Browser, BrowserContext, expect
from police_support import file_tip, seed, seeded
from web_support import base_url, link_for, new_phone, shot, sign_in, weight

from bot.domain import Channel, EntryStatus, Role
from bot.parsing import LOCAL_TZ as TZ
from bot.services.web_auth import digest
from harness import Bench, say

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_officer_finds_a_tip_without_accents_takes_it_and_the_member_is_told(
    wbench: Bench, browser: Browser, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    lan = await wbench.join("Lan")
    routine = await file_tip(lan, text="Mất trộm hai con gà ở đầu thôn", urgent=False, source=None)
    urgent = await file_tip(lan, text="Người lạ hỏi mua xe máy không giấy tờ")
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    page = await sign_in(phone, minh)
    await expect(page.locator(".entries li")).to_have_count(2)
    await shot(page, "inbox")

    await page.get_by_placeholder("Tìm theo mã").fill("trom ga")
    await page.get_by_role("button", name="Lọc").click()
    await expect(page.locator(".entries li")).to_have_count(1)
    await expect(page.locator(".entries")).to_contain_text(routine)
    await expect(page.locator(".entries")).not_to_contain_text(urgent)
    await page.get_by_label("Loại").select_option("tip")
    await page.locator("input[name=khan]").check()
    await page.get_by_role("button", name="Lọc").click()
    await expect(page.locator(".entries li")).to_have_count(0)
    await shot(page, "inbox-filtered")

    await page.goto(f"{base_url(wbench)}/e/{routine}")
    await expect(page.locator("h1")).to_have_text(routine)
    await expect(page.locator(".fields")).to_contain_text("Mất trộm hai con gà")
    await shot(page, "entry")
    lan.drain()
    await page.get_by_role("button", name="Tiếp nhận").click()
    await expect(page.locator(".notice")).to_contain_text(f"Bạn đã tiếp nhận {routine}")
    await expect(page.locator(".history")).to_contain_text("tiếp nhận: Minh")
    told = await lan.next_reply()
    assert f"Tin {routine} của bạn đã được Công an xã tiếp nhận (Minh" in told.all_text
    stored = await wbench.store.get_entry(routine)
    assert stored is not None and stored.status == EntryStatus.TAKEN
    # A second press (another tab, a double tap) changes nothing and says who has it.
    await page.goto(f"{base_url(wbench)}/e/{routine}")
    assert await page.get_by_role("button", name="Tiếp nhận").count() == 0

    thao = await wbench.join("Thảo", Role.POLICE, commune_id=org.commune_b)
    other = await new_phone(browser)
    try:
        other_page = await sign_in(other, thao)
        response = await other_page.goto(f"{base_url(wbench)}/e/{routine}")
        assert response is not None and response.status == 403
        await expect(other_page.locator(".notice")).to_contain_text("không thuộc xã của bạn")
        assert "Mất trộm" not in await other_page.content()
        await shot(other_page, "entry-other-commune")
        await expect(other_page.locator(".entries li")).to_have_count(0)
    finally:
        await other.close()


async def test_expired_reused_and_tampered_links_are_refused(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    link = await link_for(minh)
    page = await phone.new_page()

    tampered = link[:-1] + ("A" if link[-1] != "A" else "B")
    response = await page.goto(tampered)
    assert response is not None and response.status == 404
    await expect(page.locator(".notice")).to_contain_text("Link đăng nhập không đúng")

    await page.goto(link)
    await page.wait_for_url(re.compile("/inbox"))
    await phone.clear_cookies()
    response = await page.goto(link)
    assert response is not None and response.status == 410
    await expect(page.locator(".notice")).to_contain_text("đã được dùng")
    await shot(page, "link-used")

    stale = await link_for(minh)
    secret = stale.rsplit("/", 1)[1]
    async with wbench.store.db.write() as conn:
        await conn.execute(
            "UPDATE web_tokens SET expires_at = '2000-01-01 00:00:00' WHERE token_hash = ?",
            (digest(secret),),
        )
    response = await page.goto(stale)
    assert response is not None and response.status == 410
    await expect(page.locator(".notice")).to_contain_text("hết hạn")
    response = await page.goto(f"{base_url(wbench)}/inbox")
    assert response is not None and response.status == 401


async def test_a_change_without_the_csrf_token_is_refused(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    lan = await wbench.join("Lan")
    code = await file_tip(lan)
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    page = await sign_in(phone, minh)
    url = f"{base_url(wbench)}/e/{code}"
    # The browser's own cookie goes with it, as a forged cross-site form would send it.
    for form in ({"action": "take"}, {"action": "take", "csrf": "not-the-token"}):
        response = await page.request.post(url, form=form)
        assert response.status == 403
        assert "thiếu mã xác nhận" in await response.text()
    stored = await wbench.store.get_entry(code)
    assert stored is not None and stored.status == EntryStatus.NEW
    # The confidential source stays behind «Xem nguồn tin», and looking is on the record.
    await page.goto(url)
    assert "Nông Thị Hoa" not in await page.content()
    await page.get_by_role("button", name="Xem nguồn tin").click()
    await expect(page.locator(".secret")).to_have_text("Bà Nông Thị Hoa, 0912 345 678")
    await shot(page, "entry-source")
    views = await wbench.store.audit_log(action="view")
    assert any(v.event.subject == f"entry:{code}" for v in views)
    history = await wbench.store.entry_events(stored.id)
    assert [e.action for e in history] == ["source"]


async def test_the_map_shows_the_entries_points(wbench: Bench, phone: BrowserContext) -> None:
    org = wbench.org
    assert org is not None
    lan = await wbench.join("Lan")
    codes = [
        await file_tip(lan, urgent=False, source=None, location=place)
        for place in ((22.7503, 106.181), (22.7512, 106.1822), (22.7601, 106.2000))
    ]
    await file_tip(lan, urgent=False, source=None)  # no location: not on the map
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    page = await sign_in(phone, minh)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.get_by_role("link", name="Bản đồ").click()
    await expect(page.locator("#map")).to_have_attribute("data-points", "3")
    assert errors == []
    await expect(page.locator("#map-status")).to_contain_text("3 điểm có vị trí")
    # The commune's official centre is labelled, so the map reads without tiles.
    await expect(page.locator(".leaflet-tooltip")).to_contain_text(["Xã Hòa An"])
    await page.wait_for_timeout(300)
    await shot(page, "map")
    # Cheap phones on bad networks: every page under 100 KB before photos, Leaflet included.
    base = base_url(wbench)
    for path in ("/inbox?tt=all", f"/e/{codes[0]}", "/map", "/reports"):
        size = await weight(await page.context.new_page(), base + path)
        assert 0 < size < 100_000, (path, size)
    markers = page.locator(".leaflet-marker-icon, path.leaflet-interactive")
    assert await markers.count() >= 1


async def test_sign_out_from_the_chat_ends_browser_sessions(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    page = await sign_in(phone, minh)
    unused = await link_for(minh)
    reply = await say(minh, "/web thoat")
    assert "Đã đăng xuất 1 phiên" in reply.all_text
    response = await page.reload()
    assert response is not None and response.status == 401
    await expect(page.locator(".notice")).to_contain_text("/web")
    await shot(page, "signed-out")
    response = await page.goto(unused)
    assert response is not None and response.status == 410


async def test_a_member_gets_no_link_and_a_leader_sees_the_team_page(
    wbench: Bench, phone: BrowserContext
) -> None:
    lan = await wbench.join("Lan")
    reply = await say(lan, "/web")
    assert "dành cho Công an xã, tổ trưởng và quản trị viên" in reply.all_text
    assert "/login/" not in reply.all_text
    code = await file_tip(lan, urgent=False, source=None)
    org = wbench.org
    assert org is not None
    # A good deed in January of this year (what months of use would have filed).
    now = wbench.clock.now().astimezone(TZ)
    january = now.replace(month=1, day=15, hour=9)
    await seed(wbench, [seeded(f"VT-{now.year}-000900", "deed", org.team_a, january, "danger")])
    dung = await wbench.join("Dũng", Role.LEADER)
    page = await sign_in(phone, dung)
    await expect(page.locator("h1")).to_contain_text("Nà Cáp")
    await expect(page.locator(".entries")).to_contain_text(code)
    await expect(page.locator(".months li")).to_have_count(now.month)
    await expect(page.locator(".months li.met")).to_have_text([f"01/{now.year} ✅"])
    await shot(page, "team")
    response = await page.goto(f"{base_url(wbench)}/inbox")
    assert response is not None and response.status == 403
    await page.goto(f"{base_url(wbench)}/e/{code}")
    await expect(page.locator("h1")).to_have_text(code)
    assert await page.get_by_role("button", name="Tiếp nhận").count() == 0


async def test_admin_reports_downloads_and_organisation(
    wbench: Bench, phone: BrowserContext, tmp_path: Path
) -> None:
    org = wbench.org
    assert org is not None
    lan = await wbench.join("Lan")
    await file_tip(lan, urgent=False, source=None)
    admin = wbench.admin()
    page = await sign_in(phone, admin)
    await page.get_by_role("link", name="Báo cáo").click()
    await expect(page.locator(".report")).to_contain_text("BÁO CÁO PHONG TRÀO")
    await expect(page.locator(".report")).to_contain_text("Tin báo: 1")
    chart = page.locator("img.chart")
    await chart.scroll_into_view_if_needed()
    for _ in range(100):  # drawn on request by the report files' own chart code
        if await chart.evaluate("img => img.complete && img.naturalWidth") > 0:
            break
        await page.wait_for_timeout(100)
    assert await chart.evaluate("img => img.naturalWidth") > 300
    await shot(page, "reports")
    async with page.expect_download() as caught:
        await page.get_by_role("link", name="Bảng tính Excel").click()
    download = await caught.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    book = openpyxl.load_workbook(saved, read_only=True)
    assert len(book.sheetnames) >= 2
    book.close()
    exports = await wbench.store.audit_log(action="export")
    assert any("web xlsx" in line.event.detail for line in exports)

    await page.get_by_role("link", name="Tổ chức").click()
    await expect(page.locator("h1")).to_contain_text("Tổ chức")
    await page.get_by_placeholder("Tên xã, phường mới").fill("Xã Bạch Đằng")
    await page.get_by_role("button", name="Thêm xã").click()
    await expect(page.locator(".notice")).to_contain_text("Đã thêm Xã Bạch Đằng")
    await page.get_by_role("button", name="Tạo mã mời").click()
    await expect(page.locator(".notice").first).to_contain_text("Đã tạo mã mời")
    code = (await page.locator(".notice").first.inner_text()).split("mã mời ")[1].split(":")[0]
    invite = await wbench.store.get_invite(code)
    assert invite is not None and invite.role == Role.MEMBER
    await shot(page, "org")
    await page.locator(f"li:has(code:text('{code}'))").get_by_role("button").click()
    await expect(page.locator(".notice")).to_contain_text(code)
    revoked = await wbench.store.get_invite(code)
    assert revoked is not None and revoked.revoked_at is not None
    changes = await wbench.store.audit_log(action="org")
    assert any(line.event.subject == f"invite:{code}" for line in changes)

    year = wbench.clock.now().astimezone(TZ).year + 1
    await page.get_by_placeholder("Tên đợt thi đua mới").fill("Đợt 1")
    await page.get_by_placeholder("Từ ngày").fill(f"01/01/{year}")
    await page.get_by_placeholder("Đến ngày").fill(f"30/06/{year}")
    await page.get_by_placeholder("Ngày báo cáo").fill(f"10/06/{year}")
    await page.get_by_role("button", name="Thêm đợt").click()
    await expect(page.locator(".notice")).to_contain_text("Đã thêm đợt thi đua D")
    # The same rules as the chat: an overlapping phase is refused with the reason.
    await page.get_by_placeholder("Tên đợt thi đua mới").fill("Đợt trùng")
    await page.get_by_placeholder("Từ ngày").fill(f"01/03/{year}")
    await page.get_by_placeholder("Đến ngày").fill(f"30/09/{year}")
    await page.get_by_placeholder("Ngày báo cáo").fill(f"10/09/{year}")
    await page.get_by_role("button", name="Thêm đợt").click()
    await expect(page.locator(".notice")).to_contain_text("trùng với đợt")
    assert [p.name for p in await wbench.store.list_phases()] == ["Đợt 1"]


async def test_alert_links_to_the_entry_page_when_published(wbench: Bench) -> None:
    org = wbench.org
    assert org is not None
    await wbench.stop()
    wbench.settings = wbench.settings.model_copy(
        update={
            "web": wbench.settings.web.model_copy(update={"public_url": "https://antt.example.vn"})
        }
    )
    await wbench.start()
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    minh.drain()
    lan = await wbench.join("Lan")
    code = await file_tip(lan)
    alert = await minh.next_reply()
    while code not in alert.all_text:
        alert = await minh.next_reply()
    assert f"https://antt.example.vn/e/{code}" in alert.all_text
    assert wbench.runtime is not None
    digest = await wbench.runtime.services.digests.builder.build_digest(
        org.commune_a,
        "daily",
        wbench.clock.now() + timedelta(seconds=2),
        targets=[(Channel.TELEGRAM, "1")],
    )
    assert f"https://antt.example.vn/e/{code}" in "\n".join(m.text for m in digest)
    reply = await say(minh, "/web")
    assert "https://antt.example.vn/login/" in reply.all_text
    assert [b.text for b in reply.buttons] == ["🖥 Mở trong Telegram", "🌐 Mở trên trình duyệt"]
    assert reply.buttons[0].raw["web_app"]["url"] == "https://antt.example.vn/tg"


async def test_a_group_never_gets_a_sign_in_link(wbench: Bench) -> None:
    org = wbench.org
    assert org is not None
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    group = wbench.fake.group("Công an xã Hòa An")
    await minh.send_text("/web", chat=group)
    answer = await group.next_message()
    assert "chỉ gửi trong chat riêng" in answer.all_text and "/login/" not in answer.all_text
    tokens = await wbench.store.db.fetchall("SELECT 1 FROM web_tokens")
    assert tokens == []
