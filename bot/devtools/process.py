"""Starting `antt-bot run` as a process of its own, for tests and benchmarks that kill it."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO


async def start_bot(
    config: Path, *, stderr: int | IO[bytes] | None, wrap: Sequence[str] = ()
) -> asyncio.subprocess.Process:
    """Run the bot on `config` (`wrap`: a profiler's command line in front of it)."""
    return await asyncio.create_subprocess_exec(
        *wrap,
        sys.executable,
        "-m",
        "bot",
        "run",
        "--config",
        str(config),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=stderr,
        # Unbuffered, so that a log read line by line keeps up with the process.
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
