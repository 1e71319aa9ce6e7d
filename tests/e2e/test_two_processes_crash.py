"""kill -9 one of two bot processes at random moments while members file entries (issue 14).

Two `antt-bot run` processes in webhook mode share one PostgreSQL database behind a
round-robin front, as behind a load balancer. Members file good deeds by typing; at random
moments one of the processes is SIGKILLed and started again. Every code a member was shown
is stored once with what that member typed, every stored entry reached its member, and no
entry was filed twice.
"""

from __future__ import annotations

import asyncio
import random
import signal
from pathlib import Path

import backends
import pytest
from front import Front
from trust.test_crash import Member, member_files, wait_for

from bot.devtools.fake_telegram import FakeTelegram
from harness import ADMIN_ID, bot_process, free_port, seed_file, serving

SECRET = "two-processes-crash-secret"


def config(path: Path, fake: FakeTelegram, front: Front) -> tuple[Path, str]:
    """A webhook-mode process on its own port, on the test's PostgreSQL database."""
    port = free_port()
    path.write_text(
        f"[bot]\nadmins = [{ADMIN_ID}]\n"
        f'[telegram]\ntoken = "{fake.token}"\nbase_url = "{fake.base_url}"\n'
        f'base_file_url = "{fake.base_file_url}"\nmode = "webhook"\n'
        f'[telegram.webhook]\nport = {port}\nurl = "{front.url}"\nsecret_token = "{SECRET}"\n'
        f'[storage]\nbackend = "postgresql"\ndsn = "{backends.current_dsn}"\n'
        f'media_dir = "{path.parent}"\n'
        "[web]\nport = 0\n",
        encoding="utf-8",
    )
    return path, f"http://127.0.0.1:{port}/telegram"


async def test_kill_9_one_of_two_processes_loses_and_doubles_nothing(
    fake: FakeTelegram, tmp_path: Path, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("several processes share a PostgreSQL database only")
    rng = random.Random(14)
    code = "CRASH234"
    people, entries, kills = 8, 2, 4
    await seed_file(tmp_path / "unused.sqlite3", code, uses=people)
    front = Front()
    await front.start()
    configs = [config(tmp_path / f"config{n}.toml", fake, front) for n in range(2)]
    front.targets = [url for _, url in configs]
    logs = [tmp_path / f"process{n}.log" for n in range(2)]
    processes = [await bot_process(configs[n][0], log_file=logs[n]) for n in range(2)]
    for _, url in configs:
        await serving(url)
    # Telegram retries an unanswered update for hours; the fake, by default, for seconds.
    fake.webhook_max_attempts = 2000
    members = [Member(fake.user(f"Tổ viên {i}")) for i in range(people)]
    try:
        for member in members:
            await member.user.send_text(f"/start {code}")
        for member in members:
            await wait_for(member.user, lambda m: "Chào" in m.all_text)
        work = asyncio.gather(*(member_files(m, entries, f"m{i}") for i, m in enumerate(members)))
        for _ in range(kills):
            await asyncio.sleep(rng.uniform(0.3, 2.0))
            victim = rng.randrange(2)
            processes[victim].send_signal(signal.SIGKILL)
            await processes[victim].wait()
            processes[victim] = await bot_process(configs[victim][0], log_file=logs[victim])
            # One of two: the next kill comes once this one serves again. With both down
            # the front answers 502 and the fake, unlike Telegram (which retries for
            # hours), gives an update up after a few seconds.
            await serving(configs[victim][1])
        try:
            await asyncio.wait_for(work, timeout=300)
        except AssertionError as exc:
            # Whatever went wrong happened inside a process: its log is the evidence.
            tails = "\n".join(
                f"--- {log.name}\n" + "\n".join(log.read_text("utf-8").splitlines()[-40:])
                for log in logs
            )
            raise AssertionError(f"{exc}\n{tails}") from None
        await fake.wait_idle(quiet=1.0, timeout=30)
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
                await process.wait()
        await front.stop()

    store = backends.make_store(tmp_path / "unused.sqlite3")
    await store.open()
    try:
        rows = await store.db.fetchall("SELECT code, description FROM entries")  # type: ignore[attr-defined]
    finally:
        await store.close()
    stored = {r[0]: r[1] for r in rows}
    told = {c: d for m in members for c, d in m.codes.items()}
    for code_, description in told.items():
        assert stored.get(code_) == description, code_
    assert set(stored) == set(told)
    # Each good deed once: no description was filed twice under two codes.
    assert len(set(stored.values())) == len(stored) == people * entries
    assert all(front.calls.get(url, 0) > 0 for url in front.targets)
