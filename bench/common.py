"""Helpers the benchmarks share: seeding a database, starting bots, reading CPU time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.devtools.process import start_bot
from bot.domain import Channel, Role
from storage.base import Store
from storage.models import Invite
from storage.postgres import PostgresStore
from storage.sqlite import SqliteStore

Backend = Literal["sqlite", "postgresql"]
BACKENDS: tuple[Backend, ...] = ("sqlite", "postgresql")
#: The server a fresh benchmark database is created on (and dropped from afterwards).
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"

CLK_TCK = os.sysconf("SC_CLK_TCK")
#: Names as a commune has them: Tày, Nùng, Kinh family names and given names of Cao Bằng.
SURNAMES = ("Nông", "Hoàng", "Lục", "Bế", "Đàm", "Triệu", "Lương", "Nguyễn", "La", "Mã")
GIVEN = (
    "Văn Dũng",
    "Thị Mai",
    "Văn Bảy",
    "Thị Hoa",
    "Văn Toàn",
    "Thị Xuân",
    "Đức Mạnh",
    "Thị Hằng",
    "Văn Sơn",
    "Thị Lan",
    "Văn Thắng",
    "Thị Nga",
)
VILLAGES = (
    "Nà Cáp",
    "Bó Lếch",
    "Pác Nặm",
    "Bản Chang",
    "Khuổi Luông",
    "Nà Rị",
    "Cốc Phường",
    "Pò Tấu",
    "Nà Mò",
    "Lũng Rì",
    "Bó Mạ",
    "Nà Luông",
    "Phia Đén",
    "Khau Cà",
    "Nặm Tàn",
)
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
QUIET = asyncio.subprocess.DEVNULL


def person_name(n: int) -> str:
    """Return the n-th of many real-sounding full names (repeating after 120)."""
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN[(n // len(SURNAMES)) % len(GIVEN)]}"


def village_name(n: int) -> str:
    """Return the n-th of many real-sounding village names ("Thôn Nà Cáp 2" after 15)."""
    base = f"Thôn {VILLAGES[n % len(VILLAGES)]}"
    return base if n < len(VILLAGES) else f"{base} {n // len(VILLAGES) + 1}"


def cpu_seconds(pid: int) -> float:
    """Return user + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass(frozen=True)
class BenchDb:
    """Where a benchmark's bot keeps its data: an SQLite file or a PostgreSQL database."""

    backend: Backend
    path: Path
    dsn: str = ""

    def store(self) -> Store:
        """Return an (unopened) store on this database, as the bot's config makes it."""
        if self.backend == "postgresql":
            return PostgresStore(self.dsn, min_size=1, max_size=2)
        return SqliteStore(self.path)

    def config(self, synchronous: str) -> str:
        """Return the config's [storage] table."""
        table = f'[storage]\npath = "{self.path}"\nsynchronous = "{synchronous}"\n'
        if self.backend == "postgresql":
            table += f'backend = "postgresql"\ndsn = "{self.dsn}"\n'
        return table


def _with_database(dsn: str, name: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@asynccontextmanager
async def bench_db(backend: Backend, tmp: Path, dsn: str | None = None) -> AsyncIterator[BenchDb]:
    """Lend a fresh database of `backend` for one bot's run.

    PostgreSQL: `dsn` if given (it should be empty: the benchmark seeds it), else a new
    database on 127.0.0.1:5432, dropped afterwards.
    """
    path = tmp / "antt.sqlite3"
    if backend == "sqlite":
        yield BenchDb("sqlite", path)
        return
    if dsn:
        yield BenchDb("postgresql", path, dsn)
        return
    name = f"antt_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(DEFAULT_SERVER)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    try:
        yield BenchDb("postgresql", path, _with_database(DEFAULT_SERVER, name))
    finally:
        admin = await asyncpg.connect(DEFAULT_SERVER)
        try:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()


async def server_cpu(db: BenchDb) -> dict[int, float]:
    """Return the CPU seconds of each PostgreSQL server process serving `db` now (none for
    SQLite): the server shares the machine, and its work is the backend's cost too."""
    if db.backend != "postgresql":
        return {}
    conn = await asyncpg.connect(db.dsn)
    try:
        pids = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    out = {}
    for (pid,) in pids:
        # Ended meanwhile, or another user's process we may not read.
        with contextlib.suppress(OSError):
            out[pid] = cpu_seconds(pid)
    return out


def server_cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """Return the server CPU seconds spent between two `server_cpu` readings."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


async def seed(db: BenchDb, uses: int = 1000, police_chat: str | None = None) -> str:
    """Create a commune, a team and an invite for `uses` people; return its code.

    With `police_chat`, an officer links that Telegram group as the commune's police chat.
    """
    store = db.store()
    await store.open()
    now = datetime.now(UTC)
    province = await store.ensure_province("Cao Bằng")
    commune = await store.add_commune(province.id, "Xã Hòa An", now)
    team = await store.add_village_with_team(commune.id, "Thôn Nà Cáp", "village", "Tổ 1")
    await store.create_invite(
        Invite(
            code="BENCH234",
            role=Role.MEMBER,
            commune_id=commune.id,
            team_id=team.id,
            created_at=now,
            expires_at=now + timedelta(days=1),
            max_uses=uses,
        )
    )
    if police_chat is not None:
        await store.create_invite(
            Invite(
                code="POLICE23",
                role=Role.POLICE,
                commune_id=commune.id,
                created_at=now,
                expires_at=now + timedelta(days=1),
                max_uses=1,
                approval="none",  # the benchmark's officer is seeded, not approved by chat
            )
        )
        officer = await store.redeem_invite(
            "POLICE23",
            channel=Channel.TELEGRAM,
            external_id="777000",
            chat_id="777000",
            name="Cán bộ Công an xã",
            language="vi",
            now=now,
            inbox_key=None,
            render=lambda redeemed: [],
        )
        assert officer.person is not None
        await store.link_police_chat(
            Channel.TELEGRAM, police_chat, commune.id, "Công an xã Hòa An", officer.person.id, now
        )
    await store.close()
    return "BENCH234"


#: The police group's limit with pacing lifted (Telegram's is 20): 50 phones filing as fast
#: as they can reach it within a minute, and the alerts after that wait their turn.
GROUP_PER_MINUTE = 1000


def write_config(
    path: Path,
    base_url: str,
    file_url: str,
    token: str,
    db: BenchDb,
    *,
    synchronous: str = "FULL",
    rate_limit: bool = True,
    paced: bool = True,
) -> None:
    """Write a bot configuration pointing at a fake Bot API.

    `paced=False` lifts the outbox's pacing (one message a second per chat, 29 overall):
    benchmarks of the bot's own work answer far faster than any phone would. It also
    serves 4 chats at once instead of 16: on loopback a send takes no time, and more
    sends in flight only cost CPU (measured on PTB's httpx transport: 16 at once cost a
    sixth more per update); 16 is for a real network, where each send waits tens of
    milliseconds for Telegram.
    """
    delivery = (
        ""
        if paced
        else "[delivery]\nper_second = 1000\nchat_per_second = 100\nchat_burst = 100\n"
        f"group_per_minute = {GROUP_PER_MINUTE}\nconcurrency = 4\n"
    )
    path.write_text(
        f'[telegram]\ntoken = "{token}"\nbase_url = "{base_url}"\n'
        f'base_file_url = "{file_url}"\npoll_timeout = 1\n'
        f"rate_limit = {'true' if rate_limit else 'false'}\n"
        + db.config(synchronous)
        + "[web]\nport = 0\n"
        '[logging]\nlevel = "WARNING"\n' + delivery,
        encoding="utf-8",
    )


async def start_ours(config: Path, log: Path | None = None) -> asyncio.subprocess.Process:
    """Start the ANTT bot as its own process (its log to `log`, or nowhere)."""
    wrap = os.environ.get("BENCH_WRAP", "").split()
    return await start_bot(config, stderr=log.open("ab") if log else QUIET, wrap=wrap)


async def start_echo(token: str, base_url: str) -> asyncio.subprocess.Process:
    """Start the bare python-telegram-bot echo bot (the baseline)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("echo_bot.py")),
        "--token",
        token,
        "--base-url",
        base_url,
        stdout=QUIET,
        stderr=QUIET,
        env=ENV,
    )
