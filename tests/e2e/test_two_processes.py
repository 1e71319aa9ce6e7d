"""Two bot processes on one PostgreSQL database, behind one webhook URL (issue 14).

A front spreads Telegram's webhook calls over both, as a load balancer does, so one
member's consecutive updates land on different processes. Each update is handled once, in
order; every message goes out once; a reminder due while both run is queued once; and
when one process goes away the other takes over its work (the inbox, the planner).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import backends
import pytest
from front import Front

from bot.devtools.fake_telegram import FakeTelegram, FakeUser
from harness import Bench, free_port, settings_for

SECRET = "two-processes-webhook-secret"
CODE = re.compile(r"TB-\d{4}-\d{6}")
NEWS = "Có hai người lạ đi xe máy không biển số hỏi thăm nhà ông Hoàng"


def process(fake: FakeTelegram, db: Path, front: Front) -> tuple[Bench, str]:
    """A bot process in webhook mode on its own port, reached through the front."""
    port = free_port()
    bench = Bench(fake, db)
    webhook = {"port": port, "url": front.url, "secret_token": SECRET}
    bench.settings = settings_for(fake, db, telegram={"mode": "webhook", "webhook": webhook})
    return bench, f"http://127.0.0.1:{port}/telegram"


@pytest.fixture
async def pair(
    fake: FakeTelegram, tmp_path: Path, backend: str
) -> AsyncIterator[tuple[Bench, Bench, Front]]:
    if backend != "postgresql":
        pytest.skip("several processes share a PostgreSQL database only")
    front = Front()
    await front.start()
    first, first_url = process(fake, tmp_path / "a.sqlite3", front)
    second, second_url = process(fake, tmp_path / "b.sqlite3", front)
    front.targets = [first_url, second_url]
    await first.start()
    await first.seed()
    await second.start()
    second.org = first.org
    try:
        yield first, second, front
    finally:
        await second.stop()
        await first.stop()
        await front.stop()


async def file_tip(user: FakeUser, text: str) -> str:
    """Type the news, pick the kind, share the place, send: return the code shown."""
    await user.send_text(text)
    offer = await user.next_reply()
    await user.press(offer, "Đối tượng khả nghi")
    await user.next_reply()
    await user.send_location(22.6657, 106.2570)
    summary = await user.next_reply()
    await user.press(summary, "Gửi")
    for _ in range(3):
        reply = await user.next_reply(timeout=10)
        found = CODE.search(reply.all_text)
        if found:
            return found.group(0)
    raise AssertionError("no code was shown")


async def test_two_processes_serve_one_bot_each_update_once(
    pair: tuple[Bench, Bench, Front], fake: FakeTelegram
) -> None:
    first, _second, front = pair
    assert backends.current == "postgresql"
    members = [await first.join(f"Thành viên {n}") for n in range(6)]
    codes = await asyncio.gather(*(file_tip(m, f"{NEWS} ({n})") for n, m in enumerate(members)))

    # Both processes took calls; every code a member was shown is one stored entry.
    assert all(front.calls.get(url, 0) > 0 for url in front.targets)
    assert len(set(codes)) == len(codes)
    stored = await first.store.db.fetchall("SELECT code FROM entries")  # type: ignore[attr-defined]
    assert sorted(r[0] for r in stored) == sorted(codes)
    # No reply went twice: each member saw their code in exactly one message.
    for member, code in zip(members, codes, strict=True):
        shown = [m for m in member.chat.messages if code in m.all_text]
        assert len(shown) == 1, (code, [m.all_text[:60] for m in shown])


async def test_when_one_process_goes_the_other_takes_its_work(
    pair: tuple[Bench, Bench, Front], fake: FakeTelegram
) -> None:
    first, second, front = pair
    lan = await first.join("Lan")
    before = await file_tip(lan, NEWS)
    # The first process (the inbox's and the planner's leader) goes away.
    await first.stop()
    front.targets = front.targets[1:]
    after = await file_tip(lan, NEWS + " lần hai")
    assert before != after and CODE.fullmatch(after)
    assert await second.store.lead("planner")


async def test_an_update_whose_wake_up_was_lost_is_still_answered(
    pair: tuple[Bench, Bench, Front], fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, front = pair
    lan = await first.join("Lan")
    assert await first.store.lead("inbox:telegram")
    # Every call reaches the second process, whose NOTIFY never arrives (as when a process
    # dies between storing an update and waking the leader): the leader must look anyway.

    async def lost(topic: str) -> None:
        return None

    monkeypatch.setattr(second.store, "notify", lost)
    front.targets = front.targets[1:]
    await lan.send_text("/cuatoi")
    reply = await lan.next_reply(timeout=15)
    assert "chưa gửi tin nào" in reply.all_text
    assert front.calls[front.targets[0]] > 0


async def drop_sessions(store: object) -> int:
    """End every session on the database but this one, as a failover or restart does."""
    return len(
        await store.db.fetchall(  # type: ignore[attr-defined]
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    )


async def test_after_the_server_dropped_their_sessions_both_go_on_serving(
    pair: tuple[Bench, Bench, Front], fake: FakeTelegram
) -> None:
    first, _second, front = pair
    lan = await first.join("Lan")
    assert await drop_sessions(first.store) >= 2
    # A chat neither process held before: its replies need a claim on a new session.
    mai = await first.join("Mai")
    await mai.send_text("/cuatoi")
    assert "chưa gửi tin nào" in (await mai.next_reply(timeout=15)).all_text
    # The locks went with the sessions; the leader takes its role again, and when it goes,
    # the other takes over.
    await first.stop()
    front.targets = front.targets[1:]
    # A message being sent as the sessions ended may come twice (its "sent" mark could not
    # be written before the other process took the chat); none is lost.
    await fake.wait_idle(quiet=0.5, timeout=15)
    lan.drain()
    assert 1 <= sum("Đã lưu họ và tên" in m.all_text for m in lan.chat.messages) <= 2
    code = await file_tip(lan, NEWS)
    assert CODE.fullmatch(code)
