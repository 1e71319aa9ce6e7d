"""Helpers for the police tests: file entries as a phone would, link police chats, press."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from backends import bulk_entries

from bot.devtools.fake_telegram import FakeChat, FakeUser, SentMessage
from bot.domain import Channel, EntryKind, TipSource
from harness import ADMIN_ID, Bench, answer, say
from storage.models import NewEntry, Team
from storage.sqlite.bulk import DoerTuple, EntryTuple, entry_tuple


async def file_tip(
    user: FakeUser,
    *,
    text: str = "Người lạ hỏi mua xe máy không giấy tờ",
    urgent: bool = True,
    source: str | None = "Bà Nông Thị Hoa, 0912 345 678",
    photos: int = 0,
    location: tuple[float, float] | None = None,
) -> str:
    """File a tip by typing, the optional parts chosen on the summary; return its code."""
    await say(user, "/tinbao")
    await say(user, "đối tượng khả nghi")
    await say(user, text)
    if location is not None:
        await user.send_location(*location)
    else:
        await user.send_text("Chợ Nà Cáp")
    summary = await user.next_reply()
    assert "Kiểm tra lại" in summary.all_text, summary.all_text
    if photos:
        # A photo sent on the summary opens the photo step; «xong» goes back.
        for _ in range(photos):
            await user.send_photo()
            await user.next_reply()
        summary = await say(user, "xong")
    if urgent:
        summary = await say(user, "khẩn cấp")
    if source is not None:
        await say(user, "bí mật")
        summary = await say(user, source)
    assert "Kiểm tra lại" in summary.all_text, summary.all_text
    done = await answer(user, summary, "Gửi")
    assert "Mã số:" in done.all_text, done.all_text
    return done.all_text.split("Mã số: ")[1].split()[0]


async def file_direct_tip(officer: FakeUser, *, source: str | None = None) -> str:
    """Log, as an officer, an urgent tip a resident gave in person; return its code."""
    await say(officer, "📝 Tin báo trực tiếp")
    await say(officer, "Thôn Nà Cáp")
    await say(officer, "ma túy")
    await say(officer, "Bà con báo có người lạ bán ma túy ở bãi sông")
    await say(officer, "Bãi sông thôn Nà Cáp")
    summary = await say(officer, "khẩn cấp")
    if source is not None:
        await say(officer, "bí mật")
        summary = await say(officer, source)
    done = await answer(officer, summary, "Gửi")
    return done.all_text.split("Mã số: ")[1].split()[0]


async def file_incident(
    user: FakeUser, category: str = "cháy", *, injuries: bool = False, on_scene: bool = True
) -> str:
    """File an incident by typing; return its reference code."""
    await say(user, "/vuviec")
    await say(user, category)
    await say(user, "vừa xảy ra")
    await say(user, "Nhà bà Lục, thôn Nà Cáp")
    await say(user, "Cháy bếp, tổ đã dập lửa")
    await say(user, "có" if on_scene else "không")
    if on_scene:
        await say(user, "10")
    await say(user, "giải quyết tại chỗ")
    summary = await say(user, "có" if injuries else "không")
    assert "Kiểm tra lại" in summary.all_text, summary.all_text
    done = await answer(user, summary, "Gửi")
    return done.all_text.split("Mã số: ")[1].split()[0]


async def police_group(bench: Bench, commune_id: int, title: str = "Công an xã") -> FakeChat:
    """Make a group chat the police chat of a commune (the /lienketnhom flow has its own test)."""
    group = bench.fake.group(title)
    now = bench.clock.now()
    admin = await bench.store.ensure_admin(
        Channel.TELEGRAM, str(ADMIN_ID), str(ADMIN_ID), "Quản trị", "vi", now
    )
    await bench.store.link_police_chat(
        Channel.TELEGRAM, str(group.id), commune_id, title, admin.id, now
    )
    return group


async def alert_in(group: FakeChat, code: str) -> SentMessage:
    """Read the group until the alert text for `code` arrives."""
    messages = await group.messages_until(lambda m: code in (m.text or ""))
    return messages[-1]


async def press(bench: Bench, user: FakeUser, message: SentMessage, label: str) -> str | None:
    """Press a button of a group message; return the toast the person saw."""
    update = await user.press(message, label)
    query_id = update["callback_query"]["id"]
    await bench.fake.wait_until(lambda: query_id in bench.fake.callback_answers)
    return bench.fake.callback_answers[query_id][0]


def invite_code_in(reply: SentMessage) -> str:
    """Return the invite code an admin's /moi answer shows."""
    return reply.all_text.split("Mã: ")[1].split()[0]


async def police_invite(admin: FakeUser, commune_id: int, *extra: str) -> str:
    """Make a police invite the way an admin does (`duyetxa`: officers approve too)."""
    reply = await say(admin, " ".join([f"/moi X{commune_id} congan", *extra]))
    assert "Link mời công an xã" in reply.all_text, reply.all_text
    return invite_code_in(reply)


async def press_data(bench: Bench, user: FakeUser, message: SentMessage, data: str) -> str | None:
    """Press raw callback data on a message (a stale or forged button); return the toast."""
    update = await user.press(message, data=data)
    query_id = update["callback_query"]["id"]
    await bench.fake.wait_until(lambda: query_id in bench.fake.callback_answers)
    return bench.fake.callback_answers[query_id][0]


def seeded(
    code: str,
    kind: str,
    team: Team | None,
    created: datetime,
    category: str,
    *,
    commune_id: int | None = None,
    village_id: int | None = None,
    source: str = "force",
    on_scene: bool | None = None,
    description: str = "Nội dung mẫu",
    reporter_id: int | None = None,
    status: str = "new",
) -> EntryTuple:
    """Return one bulk row for seeding: an entry filed by a team (or directly)."""
    entry = NewEntry(
        kind=EntryKind(kind),
        reporter_id=reporter_id,
        team_id=team.id if team else None,
        village_id=team.village_id if team else village_id,
        commune_id=team.commune_id if team else commune_id or 0,
        source=TipSource(source),
        category=category,
        description=description,
        on_scene=on_scene,
        response_minutes=10 if on_scene else None,
        action="on_site" if kind == "incident" else None,
        injuries=False if kind == "incident" else None,
        created_at=created,
        code_year=created.year,
    )
    return entry_tuple(entry, code, status)


async def seed(bench: Bench, rows: list[EntryTuple], doers: Sequence[DoerTuple] = ()) -> None:
    """Write rows straight into the bot's database (what months of use would have filed);
    `doers` are good deeds' doers by entry code: (code, person id, resident name)."""
    await bulk_entries(bench.store, rows, doers)
