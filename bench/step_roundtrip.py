"""One conversation step against a bare PTB echo bot, same fake Bot API, same run.

Measures, for each bot running as its own process: the round trip of one step as a phone
sees it (send a message, receive the reply), and the bot process's CPU per update. Our
step is a real one: an answer that moves the tip conversation on (draft written through,
reply queued and delivered through the outbox), then "0" (back), and so on.

Steps are paced (default 50 ms apart, not counted), and the bot's outbox pacing (one
message a second per chat, Telegram's limit) is lifted: a phone never answers 20 times a
second, and a loop that did would measure the flood limits, not the step.

    python bench/step_roundtrip.py [--steps 400]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import cpu_seconds, seed, start_echo, start_ours, write_config
from bot.devtools.fake_telegram import FakeTelegram, FakeUser


async def measure(
    user: FakeUser, pid: int, texts: list[str], pace: float
) -> tuple[list[float], float]:
    """Send each text, wait for the reply; return round trips and CPU per update."""
    for text in texts[:20]:  # warm up
        await user.send_text(text)
        await user.next_reply(timeout=10)
    user.drain()
    cpu_before = cpu_seconds(pid)
    trips = []
    for text in texts:
        start = time.perf_counter()
        await user.send_text(text)
        await user.next_reply(timeout=10)
        trips.append(time.perf_counter() - start)
        await asyncio.sleep(pace)
    return trips, (cpu_seconds(pid) - cpu_before) / len(texts)


async def run(steps: int, synchronous: str, pace: float) -> None:
    """Measure both bots and print the comparison."""
    async with FakeTelegram() as fake:
        echo = await start_echo(fake.token, fake.base_url)
        try:
            user = fake.user("Echo")
            texts = [f"tin {i}" for i in range(steps)]
            echo_trips, echo_cpu = await measure(user, echo.pid, texts, pace)
        finally:
            echo.kill()
            await echo.wait()

        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "antt.sqlite3"
            code = await seed(db)
            config = Path(tmp) / "config.toml"
            write_config(
                config,
                fake.base_url,
                fake.base_file_url,
                fake.token,
                db,
                synchronous=synchronous,
                paced=False,
            )
            ours = await start_ours(config)
            try:
                lan = fake.user("Lan")
                await lan.send_text(f"/start {code}")
                await lan.next_reply(timeout=20)
                await lan.send_text("/tinbao")
                await lan.next_reply(timeout=10)
                # Forward one step (pick category 1), back one step ("0"), and again.
                texts = ["1" if i % 2 == 0 else "0" for i in range(steps)]
                our_trips, our_cpu = await measure(lan, ours.pid, texts, pace)
            finally:
                ours.kill()
                await ours.wait()

    def row(name: str, trips: list[float], cpu: float) -> str:
        p50 = statistics.median(trips) * 1000
        p95 = statistics.quantiles(trips, n=20)[18] * 1000
        return f"| {name} | {p50:.1f} | {p95:.1f} | {cpu * 1000:.2f} |"

    print(
        f"\n{steps} sequential steps {pace * 1000:.0f} ms apart, one phone, fake Bot API on "
        f"loopback (synchronous={synchronous})\n"
    )
    print("| bot | round trip p50 (ms) | p95 (ms) | CPU per update (ms) |")
    print("|---|---|---|---|")
    print(row("bare PTB echo bot", echo_trips, echo_cpu))
    print(row("ANTT bot, conversation step", our_trips, our_cpu))
    ratio_rt = statistics.median(our_trips) / statistics.median(echo_trips)
    ratio_cpu = our_cpu / echo_cpu if echo_cpu else float("nan")
    print(f"\nratio (ours / echo): round trip p50 {ratio_rt:.2f}×, CPU per update {ratio_cpu:.2f}×")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default="FULL")
    parser.add_argument("--pace", type=float, default=0.05, help="seconds between steps")
    args = parser.parse_args()
    asyncio.run(run(args.steps, args.synchronous, args.pace))


if __name__ == "__main__":
    main()
