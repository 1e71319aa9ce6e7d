"""Retention: what identifies people goes once it is old, and sent messages leave the outbox.

Nightly, photos and tip sources older than `[retention] months` are deleted with every
other stored copy of them (outbox, unfinished forms, raw updates; see
`Store.purge_before`), the kept files nobody refers to any more are deleted from
`storage.media_dir`, and the database's files are cleared of the deleted bytes; the web
workspace's expired sign-in links and dead sessions go too (whatever `months` says: they
open nothing any more, and the audit log keeps every sign-in). Hourly,
delivered messages older than `[retention] outbox_hours` are deleted from the outbox
(their text was already blanked when they were sent).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.clock import Clock
from bot.media import WEB_CACHE, telegram_copy
from storage.base import Store
from storage.models import Purge, WebPurge

log = logging.getLogger(__name__)

#: The purge runs daily at this local time, when nobody is reporting.
PURGE_AT = time(3, 15)
#: Sent messages whose rows stay after the outbox is pruned: alerts are edited through them.
KEEP_SENT = ("alert:",)
#: Folders of media_dir whose files belong to entries (reports/ is cleaned on its own; the
#: web workspace's copies of Telegram photos, web-cache/, are purged with their photos).
KEPT_MEDIA = ("zalo",)


def cutoff(now: datetime, months: int, tz: ZoneInfo) -> datetime:
    """Return the local midnight `months` calendar months before `now`."""
    local = now.astimezone(tz)
    month_index = local.year * 12 + (local.month - 1) - months
    year, month = divmod(month_index, 12)
    return datetime(year, month + 1, 1, tzinfo=tz)


def _inside(media_dir: Path, relative: str) -> Path | None:
    """Return the file a stored relative path names, never one outside media_dir."""
    root = media_dir.resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) and path != root else None


def _delete(media_dir: Path, files: Iterable[str]) -> int:
    """Delete kept files by their path relative to media_dir; return how many went."""
    gone = 0
    for name in files:
        path = _inside(media_dir, name)
        if path is None:
            log.warning("Retention: refused to delete a path outside the media folder")
            continue
        try:
            path.unlink()
            gone += 1
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("Retention: could not delete a media file: %s", exc.strerror)
    return gone


def _old_files(media_dir: Path, before: datetime, folders: Iterable[str]) -> list[str]:
    """Return files in these folders last written before `before`, relative to media_dir."""
    limit = before.timestamp()
    found = []
    for folder in folders:
        top = media_dir / folder
        if not top.is_dir():
            continue
        for path in top.rglob("*"):
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    found.append(path.relative_to(media_dir).as_posix())
            except OSError:
                continue
    return found


def schedule_retention(
    scheduler: AsyncIOScheduler,
    store: Store,
    clock: Clock,
    months: int,
    tz: ZoneInfo,
    media_dir: Path,
    outbox_hours: int = 48,
    web_idle: timedelta = timedelta(minutes=60),
) -> None:
    """Prune the outbox hourly; run the purge once at start-up and then daily."""

    async def prune() -> None:
        await prune_outbox(store, clock, outbox_hours)

    scheduler.add_job(
        prune, IntervalTrigger(hours=1, timezone=tz), id="retention:outbox", replace_existing=True
    )

    async def run() -> None:
        await purge_web(store, clock, web_idle)
        await purge(store, clock, months, tz, media_dir)

    scheduler.add_job(run, id="retention:startup", replace_existing=True)
    scheduler.add_job(
        run,
        CronTrigger(hour=PURGE_AT.hour, minute=PURGE_AT.minute, timezone=tz),
        id="retention:daily",
        replace_existing=True,
    )


async def prune_outbox(store: Store, clock: Clock, hours: int) -> int:
    """Delete messages delivered (or given up) more than `hours` ago; return how many."""
    gone = await store.prune_outbox(clock.now() - timedelta(hours=hours), KEEP_SENT)
    if gone:
        log.info("Outbox: %d delivered messages pruned", gone)
    return gone


async def purge_web(store: Store, clock: Clock, idle: timedelta) -> WebPurge:
    """Delete expired sign-in links and sessions ended, expired or idle for `idle`."""
    now = clock.now()
    done = await store.purge_web_logins(now, now - idle)
    if done.links or done.sessions:
        log.info(
            "Retention purge: %d expired sign-in links, %d ended web sessions",
            done.links,
            done.sessions,
        )
    return done


async def purge(
    store: Store, clock: Clock, months: int, tz: ZoneInfo, media_dir: Path
) -> Purge | None:
    """Run the purge once; delete the kept files it frees. None when retention is off."""
    if months <= 0:
        return None
    now = clock.now()
    before = cutoff(now, months, tz)
    done = await store.purge_before(before, now)
    # Files of forms never sent (a photo, then /huy) belong to no entry: old ones go too.
    old = await asyncio.to_thread(_old_files, media_dir, before, KEPT_MEDIA)
    orphans = set(old) - await store.media_in_use(old)
    # The web workspace's copies of purged Telegram photos, and any old copy (a cache).
    copies = {telegram_copy(media_dir, ref).relative_to(media_dir).as_posix() for ref in done.refs}
    copies |= set(await asyncio.to_thread(_old_files, media_dir, before, (WEB_CACHE,)))
    files = sorted(set(done.files) | orphans | copies)
    deleted = await asyncio.to_thread(_delete, media_dir, files)
    await store.forget_deleted()
    if done.media or done.sources or deleted or done.messages or done.drafts or done.updates:
        log.info(
            "Retention purge: %d media (%d files), %d tip sources, %d stored messages, "
            "%d unfinished forms, %d raw updates",
            done.media,
            deleted,
            done.sources,
            done.messages,
            done.drafts,
            done.updates,
        )
    return done.model_copy(update={"files": files})
