"""Faults from the Bot API: the bot keeps serving and every reply still arrives."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from faults_kit import captured_log

from bot.app import Runtime
from bot.devtools.fake_telegram import FakeTelegram
from harness import Bench, say, settings_for


@pytest.fixture
async def touchy(fake: FakeTelegram, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The bot with a short request timeout, so timeouts happen within a test."""
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    bench.settings = settings_for(fake, bench.db, telegram={"request_timeout": 1.0})
    await bench.start()
    await bench.seed()
    yield bench
    await bench.stop()


@pytest.mark.parametrize("fault", ["502", "drop", "429"])
async def test_failed_send_is_retried_and_delivered_once(touchy: Bench, fault: str) -> None:
    lan = await touchy.join("Lan")
    touchy.fake.inject("sendMessage", fault, times=1, retry_after=1)
    await lan.send_text("/tinbao")
    prompt = await lan.next_reply(timeout=8)
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    await touchy.fake.wait_idle(quiet=0.3)
    assert [m.all_text for m in lan.unread()] == []
    assert touchy.fake.faults_served


@pytest.mark.parametrize("fault", ["502", "drop", "timeout"])
async def test_get_updates_faults_do_not_stop_the_bot(touchy: Bench, fault: str) -> None:
    lan = await touchy.join("Lan")
    touchy.fake.timeout_hold = 2.5
    touchy.fake.inject("getUpdates", fault, times=1)
    await lan.send_text("/tinbao")
    prompt = await lan.next_reply(timeout=15)
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    reply = await say(lan, "1")
    assert "Bạn đã thấy" in reply.all_text


async def test_timed_out_send_is_retried(touchy: Bench) -> None:
    lan = await touchy.join("Lan")
    touchy.fake.timeout_hold = 1.5
    touchy.fake.inject("sendMessage", "timeout", times=1)
    await lan.send_text("/tinbao")
    prompt = await lan.next_reply(timeout=10)
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    # Telegram may still deliver a send we gave up waiting for: at least once, never lost.
    await touchy.fake.wait_idle(quiet=2.0, timeout=10)
    extra = lan.unread()
    assert all(m.all_text == prompt.all_text for m in extra)


async def test_blocked_member_is_marked_unreachable_not_retried(touchy: Bench) -> None:
    lan = await touchy.join("Lan")
    lan.block_bot(notify=False)
    await lan.send_text("/tinbao")
    await touchy.fake.wait_idle(quiet=0.5)
    identities = await touchy.store.identities((await touchy.person(lan)).id)
    assert identities[0].unreachable_at is not None
    sends = [c for c in touchy.fake.calls if c[0] == "sendMessage"]
    await touchy.fake.wait_idle(quiet=1.0)
    assert len([c for c in touchy.fake.calls if c[0] == "sendMessage"]) == len(sends)


async def test_same_update_delivered_twice_is_handled_once(bench: Bench) -> None:
    lan = await bench.join("Lan")
    prompt = await say(lan, "/viectot")
    update = await lan.press(prompt, data=prompt.button("1.").callback_data)
    await lan.next_reply()
    # A webhook retry or a redelivery after a crash: the very same update again.
    bench.fake.add_raw_update(dict(update))
    await bench.fake.wait_idle(quiet=0.5)
    assert lan.unread() == []
    draft = await bench.store.get_draft((await bench.person(lan)).id)
    assert draft is not None and draft.step == "description"


@pytest.mark.parametrize("fault", ["429", "502", "drop"])
async def test_an_alert_survives_a_failing_bot_api_and_arrives_once(
    touchy: Bench, fault: str
) -> None:
    from police_support import file_tip, police_group

    assert touchy.org is not None
    group = await police_group(touchy, touchy.org.commune_a)
    lan = await touchy.join("Lan")
    touchy.fake.inject("sendMessage", fault, times=2, retry_after=1, chat_id=group.id)
    code = await file_tip(lan)
    alerts = await group.messages_until(lambda m: code in m.all_text, timeout=15)
    await touchy.fake.wait_idle(quiet=1.0, timeout=15)
    every = [m for m in touchy.fake.messages(group.id) if code in m.all_text]
    assert len(every) == 1 and alerts[-1] is every[0]


async def test_an_error_nobody_mapped_is_retried_with_backoff_never_in_a_loop(
    touchy: Bench,
) -> None:
    lan = await touchy.join("Lan")
    # A broken proxy answers 200 with no message in it: python-telegram-bot fails in a way
    # the sender does not map (AttributeError). It counts as a try, with a growing wait.
    touchy.fake.inject("sendMessage", "garbage", times=3, chat_id=lan.id)
    started = asyncio.get_running_loop().time()
    await lan.send_text("/tinbao")
    prompt = await lan.next_reply(timeout=20)
    assert "Tin báo thuộc loại nào?" in prompt.all_text
    waited = asyncio.get_running_loop().time() - started
    tries = [c for c in touchy.fake.calls if c[0] == "sendMessage" and c[1]["chat_id"] == lan.id]
    # Three failures and the success, over the 0.5 + 1 + 2 s the backoff asks for (the
    # stored times are to the second, so a little less).
    # The welcome with the full-name question, the name saved, then four tries.
    assert len(tries) == 6 and waited >= 2.5
    await touchy.fake.wait_idle(quiet=0.5)
    assert lan.unread() == []


@pytest.mark.parametrize("where", ["getUpdates", "sendMessage"])
async def test_a_revoked_token_stops_the_bot_with_one_line_and_exit_code_1(
    fake: FakeTelegram, tmp_path: Path, where: str
) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    runtime = Runtime(bench.settings)
    bench.runtime = runtime
    token = fake.token
    with captured_log() as log:
        running = asyncio.create_task(runtime.run())
        await fake.wait_for_call("getUpdates", timeout=10)
        await bench.seed()
        lan = await bench.join("Lan")
        if where == "getUpdates":
            fake.revoke_token()
        else:
            fake.inject("sendMessage", "401", times=1000)
        await lan.send_text("/tinbao")
        code = await asyncio.wait_for(running, timeout=20)
    bench.runtime = None
    assert code == 1
    errors = [line for line in log.getvalue().splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR bot.app: Telegram refused the bot token (revoked or replaced?): stopped sending "
        "and receiving; put the new token in telegram.token and start again"
    ]
    assert token not in log.getvalue() and token.split(":")[1] not in log.getvalue()
    # Polling stopped: nothing more was asked of Telegram after the refusal.
    calls = len(fake.calls)
    await asyncio.sleep(1.5)
    assert len(fake.calls) == calls
