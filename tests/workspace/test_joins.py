"""Pending police officers decided on the web workspace, as from the chat's buttons.

An officer opens a forwarded police invite through the fake Bot API and waits; the admin
signs in from `/web`, approves (or refuses) on the Organisation page, and everything the
chat's «Duyệt» does happens: the officer is told and starts getting alerts, the decision is
audited, and a press on the chat's old button afterwards says who already decided.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect
from police_support import file_tip, police_invite, press_data
from web_support import base_url, new_phone, shot, sign_in

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.domain import Channel, Role
from harness import Bench, keep_name, say

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def alert_for(officer: FakeUser, code: str) -> SentMessage:
    """Read the officer's private chat until the alert of `code` arrives."""
    alert = await officer.next_reply()
    while code not in alert.all_text:
        alert = await officer.next_reply()
    return alert


async def open_waiting(page: Page) -> None:
    """Follow the inbox's notice to the Organisation page's waiting list, as an admin would."""
    await expect(page.locator(".notice")).to_contain_text("1 người đang chờ duyệt tham gia")
    await shot(page, "inbox-admin-waiting")
    await page.get_by_role("link", name="Xem và duyệt").click()
    await expect(page.locator("h1")).to_contain_text("Tổ chức")


async def test_an_admin_approves_a_pending_officer_and_downloads_the_years_xlsx(
    wbench: Bench, phone: BrowserContext, tmp_path: Path
) -> None:
    org = wbench.org
    assert org is not None
    admin = wbench.admin()
    code = await police_invite(admin, org.commune_a)
    lan = await wbench.join("Lan")
    # The link was forwarded to the new officer, who opens it: pending, nothing more.
    hai = wbench.fake.user("Đỗ Văn Hải", username="hai_cax")
    waiting = await say(hai, f"/start {code}")
    assert "đang chờ duyệt" in waiting.all_text
    asked = await admin.next_reply()
    assert "Yêu cầu tham gia Y1" in asked.all_text

    page = await sign_in(phone, admin)
    await open_waiting(page)
    row = page.locator("li.join")
    await expect(row).to_have_count(1)
    # Name and account as the chat shows them, so the admin can tell who it is.
    await expect(row).to_contain_text("Y1 · Đỗ Văn Hải")
    await expect(row).to_contain_text(f"(Telegram @hai_cax, id {hai.id})")
    await expect(row).to_contain_text("công an xã — Xã Hòa An")
    await expect(row).to_contain_text(f"mở mã {code}")
    await shot(page, "org-waiting")
    await row.get_by_role("button", name="Duyệt").click()
    await expect(page.locator(".notice").first).to_contain_text(
        f"✅ Đã duyệt Đỗ Văn Hải (Telegram @hai_cax, id {hai.id}) — Xã Hòa An."
    )
    await expect(page.locator("li.join")).to_have_count(0)
    await shot(page, "org-approved")

    # The officer is told in their chat, exactly as after the button, and asked their name.
    welcome = await hai.next_reply()
    assert "Bạn đã tham gia Xã Hòa An với vai trò công an xã" in welcome.all_text
    await keep_name(hai, welcome)
    officer = await wbench.person(hai)
    assert officer.role == Role.POLICE and officer.commune_id == org.commune_a
    # ...and now gets the commune's alerts.
    tip = await file_tip(lan, urgent=False, source=None)
    alert = await alert_for(hai, tip)
    assert "Tiếp nhận" in " ".join(b.text for b in alert.buttons)
    events = await wbench.store.audit_log(action="org")
    decider = (await wbench.person(admin)).id
    assert any(
        e.event.subject == "join:1"
        and "approve Đỗ Văn Hải" in e.event.detail
        and e.event.detail.endswith("(web)")
        and e.event.actor_id == decider
        for e in events
    )
    # The chat's request still has its buttons: a press now says who already decided.
    toast = await press_data(wbench, admin, asked, asked.button("Từ chối").callback_data)
    assert toast is not None and "Yêu cầu Y1 (Đỗ Văn Hải) đã được Cán bộ Tỉnh duyệt lúc" in toast
    assert (await wbench.person(hai)).role == Role.POLICE

    # The year's workbook from the Reports page.
    await page.get_by_role("link", name="Báo cáo").click()
    await page.get_by_label("Thời gian").select_option("year")
    await page.get_by_role("button", name="Lọc").click()
    await expect(page.locator(".report")).to_contain_text("Tin báo: 1")
    async with page.expect_download() as caught:
        await page.get_by_role("link", name="Bảng tính Excel").click()
    download = await caught.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    book = openpyxl.load_workbook(saved, read_only=True)
    try:
        cells = [str(c) for sheet in book.worksheets for row in sheet.values for c in row if c]
    finally:
        book.close()
    assert tip in cells
    exports = await wbench.store.audit_log(action="export")
    assert any("web xlsx" in line.event.detail for line in exports)


async def test_an_admin_refuses_on_the_page_and_a_typed_decision_after_says_so(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    admin = wbench.admin()
    code = await police_invite(admin, org.commune_a)
    stranger = wbench.fake.user("Kẻ Lạ", username="kela99")
    await say(stranger, f"/start {code}")
    await admin.next_reply()
    page = await sign_in(phone, admin)
    await open_waiting(page)
    await page.locator("li.join").get_by_role("button", name="Từ chối").click()
    await expect(page.locator(".notice").first).to_contain_text("❌ Đã từ chối Kẻ Lạ")
    told = await stranger.next_reply()
    assert "không được chấp nhận" in told.all_text
    assert await wbench.store.person_by_identity(Channel.TELEGRAM, str(stranger.id)) is None
    reply = await say(stranger, "/tinbao")
    assert "Để tham gia, bạn cần đường link mời" in reply.all_text
    typed = await say(admin, "/duyet Y1")
    assert "Yêu cầu Y1 (Kẻ Lạ) đã bị Cán bộ Tỉnh từ chối lúc" in typed.all_text
    assert await wbench.store.person_by_identity(Channel.TELEGRAM, str(stranger.id)) is None
    # The same form posted again (a reload, a second tab) decides nothing twice.
    response = await page.request.post(
        f"{base_url(wbench)}/duyet/1",
        form={
            "verdict": "approve",
            "csrf": await page.locator("input[name=csrf]").first.input_value(),
        },
    )
    assert response.status == 200
    assert "đã bị Cán bộ Tỉnh từ chối lúc" in await response.text()
    # Without the session's token, nothing is decided at all.
    await say(wbench.fake.user("Người Khác"), f"/start {await police_invite(admin, org.commune_a)}")
    await admin.next_reply()
    response = await page.request.post(f"{base_url(wbench)}/duyet/2", form={"verdict": "approve"})
    assert response.status == 403
    assert "thiếu mã xác nhận" in await response.text()
    [left] = await wbench.store.open_join_requests()
    assert left.id == 2


async def test_an_officer_decides_on_the_inbox_when_the_invite_allows_it(
    wbench: Bench, browser: Browser, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    admin = wbench.admin()
    minh = await wbench.join("Đại úy Minh", Role.POLICE, commune_id=org.commune_a)
    thao = await wbench.join("Thảo", Role.POLICE, commune_id=org.commune_b)
    by_admin_only = await police_invite(admin, org.commune_a)
    officers_too = await police_invite(admin, org.commune_a, "duyetxa")
    await say(wbench.fake.user("Người Chỉ Admin Duyệt"), f"/start {by_admin_only}")
    newcomer = wbench.fake.user("Hải")
    await say(newcomer, f"/start {officers_too}")
    await minh.next_reply()  # asked in the chat too

    page = await sign_in(phone, minh)
    rows = page.locator("li.join")
    # Only what the chat would let him decide: the invite that allows officers.
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("Y2 · Hải")
    await expect(rows).to_contain_text("quản trị viên, hoặc cán bộ Công an của xã")
    await shot(page, "inbox-waiting")
    await rows.get_by_role("button", name="Duyệt").click()
    await expect(page.locator(".notice").first).to_contain_text("✅ Đã duyệt Hải")
    await expect(page.locator("li.join")).to_have_count(0)
    await expect(page.locator("h1")).to_have_text("Tin báo, vụ việc")
    welcome = await newcomer.next_reply()
    assert "công an xã" in welcome.all_text
    # Whoever made the invite hears who approved whom, as after a button.
    told = await admin.replies_until(lambda m: "đã duyệt Hải" in m.all_text)
    assert "ℹ️ Đại úy Minh đã duyệt Hải" in told[-1].all_text

    # Another commune's officer sees none of it and may decide none of it.
    other = await new_phone(browser)
    try:
        other_page = await sign_in(other, thao)
        await expect(other_page.locator("li.join")).to_have_count(0)
        token = await other_page.locator("input[name=csrf]").first.input_value()
        response = await other_page.request.post(
            f"{base_url(wbench)}/duyet/1", form={"verdict": "approve", "csrf": token}
        )
        assert response.status == 403
        assert "Người Chỉ Admin Duyệt" not in await response.text()
    finally:
        await other.close()
    [left] = await wbench.store.open_join_requests()
    assert left.name == "Người Chỉ Admin Duyệt"


async def test_revoking_an_invite_on_the_page_cancels_who_waited_on_it(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    admin = wbench.admin()
    # For two officers; a stranger got the link first, and it is still listed (1/2 used).
    code = await police_invite(admin, org.commune_a, "2")
    stranger = wbench.fake.user("Kẻ Lạ")
    await say(stranger, f"/start {code}")
    asked = await admin.next_reply()
    page = await sign_in(phone, admin)
    await page.goto(f"{base_url(wbench)}/org")
    await expect(page.locator("li.join")).to_have_count(1)
    await page.locator(f"li:has(code:text('{code}'))").get_by_role("button").click()
    notice = page.locator(".notice").first
    await expect(notice).to_contain_text(f"Đã thu hồi mã {code}.")
    await expect(notice).to_contain_text("Đã hủy 1 yêu cầu đang chờ duyệt bằng mã này")
    await expect(page.locator("li.join")).to_have_count(0)
    await shot(page, "org-revoked")
    told = await stranger.next_reply()
    assert "Mã mời bạn đã mở đã bị thu hồi" in told.all_text
    toast = await press_data(wbench, admin, asked, asked.button("Duyệt").callback_data)
    assert toast is not None and "đã bị hủy lúc" in toast
    assert await wbench.store.person_by_identity(Channel.TELEGRAM, str(stranger.id)) is None
    events = await wbench.store.audit_log(action="org")
    assert any(e.event.subject == "join:1" and "cancel Kẻ Lạ" in e.event.detail for e in events)
