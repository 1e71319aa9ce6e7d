"""Group commit: fsynced writes from many members at once, committed together or one by one.

50 concurrent writers (members answering at the same moment) each make 40 small writes
through `Database.run_write` on a file database with synchronous=FULL. The baseline, in
the same run, commits every write on its own (a batch of one).

    python bench/group_commit.py [--writers 50] [--writes 40]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import storage.sqlite.db as db_module
from storage.sqlite.db import Database


async def measure(batch: int, writers: int, writes: int) -> tuple[float, float]:
    """Return writes per second and CPU milliseconds per write with batches of `batch`."""
    db_module.MAX_BATCH = batch
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "bench.sqlite3", synchronous="FULL")
        await db.open()
        await db.run_write(lambda c: c.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))

        async def writer(n: int) -> None:
            for i in range(writes):
                await db.run_write(
                    lambda c, v=f"{n}-{i}": c.execute("INSERT INTO t (v) VALUES (?)", (v,))
                )

        start, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(writer(n) for n in range(writers)))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        await db.close()
    total = writers * writes
    return total / elapsed, cpu / total * 1000


def main() -> None:
    """Parse arguments, measure both ways, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--writes", type=int, default=40)
    args = parser.parse_args()
    default = db_module.MAX_BATCH
    one = asyncio.run(measure(1, args.writers, args.writes))
    grouped = asyncio.run(measure(default, args.writers, args.writes))
    print(f"\n{args.writers} writers × {args.writes} writes, synchronous=FULL\n")
    print("| commit | writes/s | CPU per write |")
    print("|---|---|---|")
    print(f"| one by one (baseline) | {one[0]:.0f} | {one[1]:.3f} ms |")
    print(f"| grouped (up to {default}) | {grouped[0]:.0f} | {grouped[1]:.3f} ms |")
    print(f"\nratio: {grouped[0] / one[0]:.1f}× the writes per second")


if __name__ == "__main__":
    main()
