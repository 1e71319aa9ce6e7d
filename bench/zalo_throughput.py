"""Zalo intake, handling and delivery, end to end, through the fake Zalo Bot API (on demand).

    .venv/bin/python bench/zalo_throughput.py [--users 200] [--mode webhook|polling]
                                              [--synchronous FULL|NORMAL]

Each user joins by typing an invite code and files a good deed by typing (8 messages, 8
replies). All messages are queued in the fake at once, interleaved user by user, the way
a busy evening would bring them; the fake delivers them (one webhook POST at a time, as
Zalo does, or one getUpdates answer at a time) and records the bot's replies. Reported:
messages handled and answered per second, bot CPU per message, entries stored (must
equal users, none twice) and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import person_name
from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import FakeZalo, ZaloSent
from harness import Bench, settings_for, zalo_settings

SCRIPT = ["/viectot", "1", "Giúp cụ bà qua suối", "1", "bỏ qua", "bỏ qua", "1"]


async def run(users: int, mode: str, synchronous: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeTelegram() as fake, FakeZalo() as zfake:
            bench = Bench(fake, Path(tmp) / "antt.sqlite3", zfake=zfake)
            bench.settings = settings_for(
                None,
                bench.db,
                zalo=zalo_settings(zfake, mode=mode),
                storage={"synchronous": synchronous},
            )
            await bench.start()
            await bench.seed()
            people = [zfake.user(person_name(n)) for n in range(users)]
            codes = [await bench.invite(max_uses=1) for _ in people]
            expected = users * (len(SCRIPT) + 1)
            arrived = asyncio.Event()

            def count(sent: ZaloSent) -> None:
                if len(zfake.sent) >= expected:
                    arrived.set()

            zfake.listeners.append(count)
            cpu = time.process_time()
            started = time.monotonic()
            for person, code in zip(people, codes, strict=True):
                await person.send_text(code)
            for text in SCRIPT:
                for person in people:
                    await person.send_text(text)
            await asyncio.wait_for(arrived.wait(), timeout=600)
            elapsed = time.monotonic() - started
            used = time.process_time() - cpu
            row = await bench.store.db.fetchone(
                "SELECT count(*), count(DISTINCT reporter_id) FROM entries"
            )
            await bench.stop()
    assert row is not None
    messages = expected
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mode={mode} synchronous={synchronous} users={users}: {messages} messages")
    print(f"  {messages / elapsed:.0f} messages/s handled and answered ({elapsed:.1f} s)")
    print(f"  CPU {used / messages * 1000:.1f} ms per message (bot and fake, one process)")
    print(
        f"  entries stored: {row[0]} by {row[1]} members (expected {users}); peak {peak_mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--mode", choices=["webhook", "polling"], default="webhook")
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default="FULL")
    args = parser.parse_args()
    asyncio.run(run(args.users, args.mode, args.synchronous))


if __name__ == "__main__":
    main()
