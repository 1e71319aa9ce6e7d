"""The PostgreSQL implementation of the Store interface: the shared repository over a pool."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import asyncpg

from storage.domain import Channel
from storage.errors import AlreadyRunning, StorageUnavailable
from storage.postgres.db import RUN_LOCK, PgDatabase, redacted
from storage.sql.repository import Repository

T = TypeVar("T")

log = logging.getLogger(__name__)

#: Classes of the two-key advisory locks: a chat being delivered to, a role led.
CHAT_LOCKS = 0x414E
LEAD_LOCKS = 0x414F

# The next slot of a messenger's overall rate, booked by whichever process sends next;
# the server's clock, so processes on several machines agree.
PACE = """
WITH now AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS t)
INSERT INTO send_pace AS p (channel, next_at) SELECT $1, now.t + $2 FROM now
ON CONFLICT (channel) DO UPDATE SET next_at = GREATEST(p.next_at, (SELECT t FROM now)) + $2
RETURNING next_at - $2 - (SELECT t FROM now)
"""


async def _holder(conn: asyncpg.Connection) -> str:
    """Return who holds the run lock: its process and machine, as far as the server says.

    A one-key advisory lock is listed with the key's high half as classid and its low half
    as objid. Another account's sessions are hidden without pg_read_all_stats: then "".
    """
    row = await conn.fetchrow(
        "SELECT a.application_name, host(a.client_addr) AS addr FROM pg_locks l "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 "
        "AND l.objsubid = 1 AND l.database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())",
        RUN_LOCK >> 32,
        RUN_LOCK & 0xFFFFFFFF,
    )
    if row is None or not row["application_name"]:
        return ""
    name = str(row["application_name"]).removeprefix("antt-bot ")
    return f"{name}, from {row['addr']}" if row["addr"] else name


class PostgresStore(Repository):
    """All persistence in one PostgreSQL database, through a connection pool.

    Several processes may serve one database (webhook mode). What must happen in one of
    them at a time is held with session-level advisory locks on this process's own
    connection (`claim`): the run itself (shared by webhook processes, exclusive for one
    that polls), each chat being delivered to, and the planner's lead. The server frees
    them when the session ends, however the process ends, so none is ever stale and a
    surviving process takes the work over at once.
    """

    db: PgDatabase

    def __init__(self, dsn: str, *, min_size: int = 2, max_size: int = 10) -> None:
        self.db = PgDatabase(dsn, min_size=min_size, max_size=max_size)
        self._claim: asyncpg.Connection | None = None
        # One asyncpg connection runs one query at a time; the workers share it.
        self._claim_lock = asyncio.Lock()
        self._chats: set[tuple[str, str]] = set()
        self._leading: set[str] = set()
        self._shared = False
        #: LISTENs to take again on a new session: (topic, wake-up).
        self._listening: list[tuple[str, Callable[[], None]]] = []

    async def claim(self, *, shared: bool = False) -> None:
        """Become a process serving this database; AlreadyRunning if refused.

        Webhook processes share the run lock (any number of them); one that polls takes it
        alone (Telegram and Zalo give updates to one poller: a second would steal them).
        """
        if self._claim is not None:
            return
        self._shared = shared
        self._claim = await self._session(shared)

    async def _session(self, shared: bool) -> asyncpg.Connection:
        """Open this process's own session and take the run lock on it."""
        # The session is named after this process: a refused one says which holds the lock
        # (as SQLite's lock file does), wherever that process runs.
        started = datetime.now(UTC).isoformat(timespec="seconds")
        name = f"antt-bot pid {os.getpid()}, since {started}"
        try:
            conn = await asyncpg.connect(self.db.dsn, server_settings={"application_name": name})
        except (OSError, asyncpg.PostgresError) as exc:
            raise StorageUnavailable(
                f"cannot connect to PostgreSQL at {redacted(self.db.dsn)}: {exc}"
            ) from exc
        call = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
        if not await conn.fetchval(f"SELECT {call}($1)", RUN_LOCK):
            try:
                holder = await _holder(conn)
            finally:
                await conn.close()
            raise AlreadyRunning(
                f"{redacted(self.db.dsn)}: another antt-bot is already running on this "
                f"database ({holder or 'its pid is unknown'})"
                + (
                    " in polling mode, which serves alone; stop it, or run every process "
                    "in webhook mode"
                    if shared
                    else "; polling serves from one process only: stop the others, or run "
                    "several in webhook mode behind one URL"
                )
            )
        # The server frees every lock of a session that ends (a restart, a failover, an
        # administrator): none of them is ours any more, whatever this process remembers.
        conn.add_termination_listener(self._session_ended)
        return conn

    def _session_ended(self, conn: asyncpg.Connection) -> None:
        if conn is self._claim:
            self._chats.clear()
            self._leading.clear()

    async def _on_claim(self, work: Callable[[asyncpg.Connection], Awaitable[T]]) -> T | None:
        async with self._claim_lock:
            if self._claim is None:
                return None
            if self._claim.is_closed():
                await self._reclaim()
            try:
                return await work(self._claim)
            except (asyncpg.InterfaceError, asyncpg.PostgresConnectionError, OSError):
                if not self._claim.is_closed():
                    raise
                # Lost between the check and the query: once more, on a new session.
                await self._reclaim()
                return await work(self._claim)

    async def _reclaim(self) -> None:
        """Replace a session the server ended: the run lock again, LISTENs again.

        The chats and roles it held are not taken back here: each is asked for again
        when next needed, and another process may have taken it meanwhile.
        """
        if self._claim is not None:
            self._session_ended(self._claim)
        log.warning("The database ended this process's session; opening a new one")
        self._claim = await self._session(self._shared)
        for topic, wake in self._listening:
            await self._claim.add_listener(topic, lambda *_, wake=wake: wake())
            # A NOTIFY sent while no session listened is lost: look now.
            wake()

    async def claim_chat(self, channel: Channel, chat_id: str) -> bool:
        """Take the chat's advisory lock (held until `release_chat` or the session ends)."""
        key = (channel.value, chat_id)
        if key in self._chats:
            return True
        if self._claim is None:
            return True  # not serving (a tool, a test): nobody to share with

        async def take(conn: asyncpg.Connection) -> bool:
            return bool(
                await conn.fetchval(
                    "SELECT pg_try_advisory_lock($1, hashtext($2))",
                    CHAT_LOCKS,
                    f"{channel.value}:{chat_id}",
                )
            )

        got = bool(await self._on_claim(take))
        if got:
            self._chats.add(key)
        return got

    async def release_chat(self, channel: Channel, chat_id: str) -> None:
        """Let the chat's advisory lock go."""
        key = (channel.value, chat_id)
        if key not in self._chats:
            return
        self._chats.discard(key)

        async def free(conn: asyncpg.Connection) -> None:
            await conn.execute(
                "SELECT pg_advisory_unlock($1, hashtext($2))",
                CHAT_LOCKS,
                f"{channel.value}:{chat_id}",
            )

        await self._on_claim(free)

    async def pace(self, channel: Channel, interval: float) -> float | None:
        """Book the messenger's next overall slot in the database, for all processes."""
        async with self.db.pool.acquire() as raw:
            wait = await raw.fetchval(PACE, channel.value, float(interval))
        return max(0.0, float(wait))

    async def listen(self, topic: str, wake: Callable[[], None]) -> None:
        """LISTEN on this process's own connection; NOTIFY arrives after the commit."""

        async def subscribe(conn: asyncpg.Connection) -> None:
            await conn.add_listener(topic, lambda *_: wake())

        self._listening.append((topic, wake))
        await self._on_claim(subscribe)

    async def notify(self, topic: str) -> None:
        """NOTIFY the other processes (wake-ups only: what to do is in the tables)."""
        async with self.db.pool.acquire() as raw:
            await raw.execute("SELECT pg_notify($1, '')", topic)

    async def lead(self, role: str) -> bool:
        """Hold (or try to take) the role's advisory lock."""
        if role in self._leading or self._claim is None:
            return True

        async def take(conn: asyncpg.Connection) -> bool:
            return bool(
                await conn.fetchval(
                    "SELECT pg_try_advisory_lock($1, hashtext($2))", LEAD_LOCKS, role
                )
            )

        got = bool(await self._on_claim(take))
        if got:
            self._leading.add(role)
        return got

    async def open(self) -> None:
        """Connect and apply pending migrations."""
        await self.db.open()

    async def close(self) -> None:
        """Close the pool (and give up the claim on the database)."""
        try:
            await self.db.close()
        finally:
            if self._claim is not None:
                conn, self._claim = self._claim, None
                self._chats.clear()
                self._leading.clear()
                self._listening.clear()
                await conn.close()

    @property
    def write_failures(self) -> int:
        """Return how many writes the database refused for want of space or a connection."""
        return self.db.write_failures
