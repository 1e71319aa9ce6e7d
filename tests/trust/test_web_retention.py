"""The nightly retention job clears the web workspace's dead sign-in links and sessions.

A dead link or session opens nothing; kept, it is only a list of who signed in from which
browser, which the audit log keeps anyway. The job removes them once expired (link past its
ten minutes, session signed out, idle past `session_idle_minutes` or past
`session_max_hours`), whatever `[retention] months` says, and leaves a live session and a
fresh link working.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import ClientSession
from apscheduler.triggers.cron import CronTrigger
from calendar_kit import calendar_bench, clock, local

from bot.devtools.fake_telegram import FakeTelegram, FakeUser
from bot.domain import Role
from harness import LOGIN_LINK, Bench, say, web_session

#: 20:00 on a Thursday evening in Vietnam; the job runs at 03:15 the next night.
EVENING = local(2026, 11, 19, 20, 0)
NIGHT = local(2026, 11, 20, 3, 15)


@pytest.fixture
async def bench(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """A bench whose clock stands still at EVENING, photo retention off."""
    bench = await calendar_bench(fake, tmp_path, EVENING, retention={"months": 0})
    try:
        yield bench
    finally:
        await bench.stop()


async def fresh_link(bench: Bench, user: FakeUser) -> str:
    """Ask for a sign-in link in the chat, as a person would; return it."""
    await bench.fake.wait_idle()
    user.drain()  # "signed in on a browser" notices
    reply = await say(user, "/web")
    found = LOGIN_LINK.search(reply.all_text)
    assert found, reply.all_text
    return found.group(0)


async def test_the_nightly_job_purges_dead_sign_ins_and_keeps_the_audit(bench: Bench) -> None:
    org = bench.org
    assert org is not None and bench.runtime is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    clients = AsyncExitStack()
    async with clients:
        await _story(bench, minh, clients)


async def _story(bench: Bench, minh: FakeUser, clients: AsyncExitStack) -> None:
    assert bench.runtime is not None
    base = bench.runtime.services.web_auth.base_url

    async def session() -> tuple[ClientSession, str]:
        client, csrf = await web_session(bench, minh)
        clients.push_async_callback(client.close)
        return client, csrf

    # In the evening: a session left open (idle by night) and a link never opened.
    idle, _ = await session()
    await fresh_link(bench, minh)
    # Just before the job: a session in use, one signed out, and a link not yet opened.
    clock(bench).set(NIGHT - timedelta(minutes=20))
    live, _ = await session()
    out, csrf = await session()
    async with out.post(base + "/logout", data={"csrf": csrf}) as signed_out:
        assert signed_out.status in (200, 303)
    clock(bench).set(NIGHT - timedelta(minutes=5))
    waiting_link = await fresh_link(bench, minh)
    async with live.get(base + "/inbox") as page:
        assert page.status == 200
    signins = [
        line
        for line in await bench.store.audit_log(action="web")
        if line.event.subject == "session"
    ]
    assert len(signins) == 3

    job = bench.runtime.scheduler.get_job("retention:daily") if bench.runtime.scheduler else None
    assert job is not None and isinstance(job.trigger, CronTrigger)
    assert str(job.trigger.fields[job.trigger.FIELD_NAMES.index("hour")]) == "3"
    clock(bench).set(NIGHT)
    await job.func()

    # Gone: three used links, the one never opened, the idle and the signed-out sessions.
    [purged] = await bench.store.audit_log(action="purge")
    assert purged.event.subject == "web"
    assert purged.event.detail == "links=4 sessions=2"
    assert len(await bench.store.db.fetchall("SELECT 1 FROM web_tokens")) == 1
    assert len(await bench.store.db.fetchall("SELECT 1 FROM web_sessions")) == 1
    # Every sign-in stays on the record.
    kept = [
        line
        for line in await bench.store.audit_log(action="web")
        if line.event.subject == "session"
    ]
    assert [line.id for line in kept] == [line.id for line in signins]
    # The person notices nothing: the live session still works, so does the fresh link...
    async with live.get(base + "/inbox") as page:
        assert page.status == 200
    async with idle.get(base + "/inbox") as page:
        assert page.status == 401
    async with live.post(waiting_link, allow_redirects=False) as opened:
        assert opened.status == 303
    # ...and a second run finds nothing more to remove.
    await job.func()
    assert len(await bench.store.audit_log(action="purge")) == 1
