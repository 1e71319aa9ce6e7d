"""Sends each commune's digests at its scheduled local times.

The simplest thing that works on python-telegram-bot's JobQueue: one job ticking every
minute looks up which digests fell due since its last tick (a late or skipped tick still
catches up), builds them and queues them under their stable key — so two ticks, or a
restart, never send a digest twice. Digests due while the bot was down are not sent: the
durable scheduler (calendar issue) takes over that, plugging in the same builder.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.reports.digest import DigestBuilder, digest_key
from bot.services.digests import DigestService, due_slots

log = logging.getLogger(__name__)

JOB_NAME = "digests:tick"
TICK = timedelta(minutes=1)


class DigestScheduler:
    """The per-minute job that sends due digests."""

    def __init__(
        self,
        service: DigestService,
        builder: DigestBuilder,
        clock: Clock,
        kick: Callable[[], None],
    ) -> None:
        self.service = service
        self.builder = builder
        self.clock = clock
        self.kick = kick
        self._last: datetime | None = None

    def attach(self, job_queue: Any) -> None:
        """Register the tick on a PTB JobQueue (started and stopped with the Application)."""
        self._last = self.clock.now()
        job_queue.run_repeating(
            self._tick,
            interval=TICK.total_seconds(),
            first=TICK.total_seconds(),
            name=JOB_NAME,
            job_kwargs={"id": JOB_NAME, "replace_existing": True, "coalesce": True},
        )

    async def _tick(self, _context: object) -> None:
        try:
            await self.run_due(self.clock.now())
        except Exception as exc:
            # A failed tick must not stop the next one; the digest is retried next minute
            # only if still within its window, which is why `_last` is not advanced here.
            # Type and frames only: an exception's message can quote data.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("Digest tick failed: %s\n%s", type(exc).__name__, frames)

    async def run_due(self, now: datetime, since: datetime | None = None) -> int:
        """Send every digest that fell due since the last run; return how many were queued."""
        if since is None:
            since = self._last if self._last is not None else now - TICK
        if now <= since:
            return 0
        env = self.service.env
        queued = 0
        for schedule in await self.service.schedules():
            for slot in due_slots(schedule, since, now, env):
                # Built as of the scheduled moment, not the tick's: consecutive digests
                # cover back-to-back windows, and a late trigger builds the same digest.
                messages = await self.builder.build_digest(slot.commune_id, slot.kind, slot.moment)
                if not messages:
                    continue
                key = digest_key(slot.kind, slot.commune_id, slot.day)
                queued += await env.store.send(messages, now, dedupe_key=key)
        self._last = now
        if queued:
            self.kick()
        return queued
