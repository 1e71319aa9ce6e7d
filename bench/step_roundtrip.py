"""One conversation step against a bare PTB echo bot, same fake Bot API, same run.

Measures, for each bot running as its own process: the round trip of one step as a phone
sees it (send a message, receive the reply), and the bot process's CPU per update. Our
step is a real one: an answer that moves the tip conversation on (draft written through,
reply queued and delivered through the outbox), then "0" (back), and so on.

Steps are paced (default 50 ms apart, not counted), and the bot's outbox pacing (one
message a second per chat, Telegram's limit) is lifted: a phone never answers 20 times a
second, and a loop that did would measure the flood limits, not the step.

Our bot runs on each backend asked for (`--backend`, default both: SQLite, then a fresh
PostgreSQL database on 127.0.0.1:5432, dropped afterwards; `--dsn` names another), each
against the echo bot measured in the same run.

    python bench/step_roundtrip.py [--steps 400] [--backend sqlite|postgresql|both] [--dsn DSN]
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

from bench.common import (
    BACKENDS,
    Backend,
    BenchDb,
    bench_db,
    cpu_seconds,
    seed,
    server_cpu,
    server_cpu_spent,
    start_echo,
    start_ours,
    write_config,
)
from bot.devtools.fake_telegram import FakeTelegram, FakeUser


async def measure(
    user: FakeUser, pid: int, texts: list[str], pace: float, db: BenchDb | None = None
) -> tuple[list[float], float, float]:
    """Send each text, wait for the reply; return round trips, CPU per update and the
    PostgreSQL server's CPU per update (0 for SQLite and the echo bot)."""
    for text in texts[:20]:  # warm up
        await user.send_text(text)
        await user.next_reply(timeout=10)
    user.drain()
    server0 = await server_cpu(db) if db else {}
    cpu_before = cpu_seconds(pid)
    trips = []
    for text in texts:
        start = time.perf_counter()
        await user.send_text(text)
        await user.next_reply(timeout=10)
        trips.append(time.perf_counter() - start)
        await asyncio.sleep(pace)
    cpu = (cpu_seconds(pid) - cpu_before) / len(texts)
    server = server_cpu_spent(server0, await server_cpu(db)) if db else 0.0
    return trips, cpu, server / len(texts)


async def ours_step(
    fake: FakeTelegram,
    backend: Backend,
    dsn: str | None,
    steps: int,
    synchronous: str,
    pace: float,
    n: int,
) -> tuple[list[float], float, float]:
    """Measure our bot's conversation step on one backend."""
    with tempfile.TemporaryDirectory() as tmp:
        async with bench_db(backend, Path(tmp), dsn) as db:
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
                lan = fake.user(f"Lan {n}")
                await lan.send_text(f"/start {code}")
                await lan.next_reply(timeout=20)
                await lan.send_text("/tinbao")
                await lan.next_reply(timeout=10)
                # Forward one step (pick category 1), back one step ("0"), and again.
                texts = ["1" if i % 2 == 0 else "0" for i in range(steps)]
                return await measure(lan, ours.pid, texts, pace, db)
            finally:
                ours.kill()
                await ours.wait()


async def run(
    steps: int, synchronous: str, pace: float, backends: list[Backend], dsn: str | None
) -> None:
    """Measure the echo bot and ours on each backend, and print the comparison."""
    results: list[tuple[str, list[float], float, float]] = []
    async with FakeTelegram() as fake:
        echo = await start_echo(fake.token, fake.base_url)
        try:
            user = fake.user("Echo")
            texts = [f"tin {i}" for i in range(steps)]
            results.append(("bare PTB echo bot", *await measure(user, echo.pid, texts, pace)))
        finally:
            echo.kill()
            await echo.wait()
        for n, backend in enumerate(backends):
            trips, cpu, server = await ours_step(fake, backend, dsn, steps, synchronous, pace, n)
            results.append((f"ANTT bot, conversation step, {backend}", trips, cpu, server))

    def row(name: str, trips: list[float], cpu: float, server: float) -> str:
        p50 = statistics.median(trips) * 1000
        p95 = statistics.quantiles(trips, n=20)[18] * 1000
        on_server = f"{server * 1000:.2f}" if server else ""
        return f"| {name} | {p50:.1f} | {p95:.1f} | {cpu * 1000:.2f} | {on_server} |"

    print(
        f"\n{steps} sequential steps {pace * 1000:.0f} ms apart, one phone, fake Bot API on "
        f"loopback (synchronous={synchronous})\n"
    )
    print(
        "| bot | round trip p50 (ms) | p95 (ms) | CPU per update (ms) "
        "| PostgreSQL server CPU per update (ms) |"
    )
    print("|---|---|---|---|---|")
    for result in results:
        print(row(*result))
    _, echo_trips, echo_cpu, _ = results[0]
    echo_p95 = statistics.quantiles(echo_trips, n=20)[18]
    print()
    for name, trips, cpu, _ in results[1:]:
        ratio_rt = statistics.median(trips) / statistics.median(echo_trips)
        ratio_95 = statistics.quantiles(trips, n=20)[18] / echo_p95
        ratio_cpu = cpu / echo_cpu if echo_cpu else float("nan")
        print(
            f"ratio ({name.rsplit(', ', 1)[1]} / echo): round trip p50 {ratio_rt:.2f}×, "
            f"p95 {ratio_95:.2f}×, CPU per update {ratio_cpu:.2f}×"
        )


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--synchronous", choices=["FULL", "NORMAL"], default="FULL")
    parser.add_argument("--pace", type=float, default=0.05, help="seconds between steps")
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--dsn", help="PostgreSQL database to use (default: a fresh one)")
    args = parser.parse_args()
    backends = list(BACKENDS) if args.backend == "both" else [args.backend]
    asyncio.run(run(args.steps, args.synchronous, args.pace, backends, args.dsn))


if __name__ == "__main__":
    main()
