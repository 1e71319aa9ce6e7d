"""Durable Zalo intake: an event is stored before Zalo is told we have it.

Webhook (production): the call's secret is checked, the event written to the `inbox` table
and only then answered 200; Zalo redelivers what was not acknowledged, and the inbox key
(`zalo:<message_id>`) makes a second delivery a no-op. Polling (development): getUpdates
hands out one event per call and forgets it, so an event is stored the moment it arrives.
Either way handling runs from the inbox and the service marks the event done in the
transaction that applies it — as bot/tg/intake.py does for Telegram.

Events are handled in per-chat lanes: one chat's events strictly in order (a member's next
message waits for the photo before it), other chats' at the same time. A photo is
downloaded inside its chat's lane, with a deadline, so a slow or hostile photo server holds
up only the person who sent it. An event whose handling raises is retried in its lane
with a growing pause, and set aside with a log line after `MAX_TRIES` tries (counted in
the inbox, so an event that kills the process is set aside after as many starts).

A database that refuses writes (a full disk) is not the event's fault and costs it no
try: a polled event is kept in hand until stored, a webhook call is answered 503, an event
whose handling could not be written waits in its lane and is handled once writes work, and
each person is told once that the bot is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol

from aiohttp import web

from bot.clock import Clock
from bot.domain import Channel
from bot.messages import MediaKind, MediaRef
from bot.trouble import WriteTrouble
from bot.webhooks import secret_ok, secret_or_random, serve
from bot.zalo.client import ZaloClient, ZaloError, ZaloRetryAfter, ZaloUnauthorized
from bot.zalo.download import DownloadRefused, MediaFetcher
from bot.zalo.media import MediaProblem, keep
from bot.zalo.models import EVENT_VOICE, ZaloEvent, parse_event
from storage.base import Store
from storage.errors import StorageUnavailable
from storage.models import InboxItem

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BACKOFF = 30.0
#: A download dropped by the network is tried this many times before the person is asked
#: to send it again (their own chat waits meanwhile, so not more).
DOWNLOAD_TRIES = 2
#: Chats whose events are handled at the same time (each chat's still in order).
LANES = 16
#: Stored events read at once.
BATCH = 100
#: Tries at an event whose handling raises before it is set aside.
MAX_TRIES = 5
BUSY = "⏳ Hệ thống đang bận, vui lòng gửi lại sau."


class Router(Protocol):
    """Where a stored event goes (handlers/zalo.py: ZaloRouter)."""

    def keeps_media(self, event: ZaloEvent) -> Awaitable[bool]:
        """Return whether a file this event carries should be downloaded and kept."""
        ...

    def dispatch(
        self, event: ZaloEvent, key: str, media: MediaRef | None, problem: MediaProblem | None
    ) -> Awaitable[None]:
        """Handle one event; its media already kept, or the problem keeping it."""
        ...


#: One process handles the stored events at a time (as bot/tg/intake.py's INBOX_ROLE).
INBOX_ROLE = "inbox:zalo"
INBOX_TOPIC = "antt_inbox"
LEAD_RETRY = 1.0
LEAD_LOOK = 5.0


def inbox_key(event: ZaloEvent) -> str:
    """Return the inbox key of an event: Zalo redelivers with the same message id."""
    return f"zalo:{event.message.message_id}"


class ZaloIntake:
    """Stores Zalo events, then feeds them to the router one by one."""

    def __init__(
        self,
        client: ZaloClient,
        store: Store,
        clock: Clock,
        router: Router,
        media_dir: Path,
        *,
        max_media_bytes: int = 10_000_000,
        poll_timeout: int = 25,
        on_handled: Callable[[], None] = lambda: None,
        fetcher: MediaFetcher | None = None,
        on_refused: Callable[[], None] = lambda: None,
        busy_text: str = BUSY,
    ) -> None:
        self.client = client
        self.store = store
        self.clock = clock
        self.router = router
        self.media_dir = media_dir
        self.fetcher = fetcher or MediaFetcher()
        self.max_media_bytes = max_media_bytes
        self.poll_timeout = poll_timeout
        self.on_handled = on_handled
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self.handled = 0
        self.fatal: BaseException | None = None
        self.webhook_secret = ""
        #: Zalo refused the token (revoked): polling stops and the runtime is told.
        self.on_refused = on_refused
        self.busy_text = busy_text
        self._trouble = WriteTrouble("Zalo intake", log, "events are not acknowledged until stored")
        #: Chats told "busy" in this stretch of refused writes (each is told once).
        self._told: set[str] = set()
        self._halt = asyncio.Event()
        # The lanes: the last task of each chat, the events in hand, and those finished
        # since the last read of the inbox (that read may still have seen them pending).
        self._lanes: dict[str, asyncio.Task[None]] = {}
        self._running: dict[str, asyncio.Task[None]] = {}
        self._finished: set[str] = set()
        self._gate = asyncio.Semaphore(LANES)
        self._more = False
        self._idle = asyncio.Event()
        self._idle.set()
        # Events received before this moment were left by an earlier run (see _handle).
        self._since = clock.now()

    # --- common ---------------------------------------------------------------------------

    async def store_events(self, raw: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """Write (key, event body) pairs to the inbox; return the keys that were new."""
        items = [(key, Channel.ZALO, json.dumps(body, ensure_ascii=False)) for key, body in raw]
        return await self.store.inbox_add(items, self.clock.now())

    async def process_pending(self) -> int:
        """Handle every stored event not yet done, in lanes; return how many were handled."""
        before = self.handled
        while await self._feed():
            await self._settle()
        await self._settle()
        return self.handled - before

    async def _feed(self) -> int:
        """Read stored events and start each in its chat's lane; return how many started."""
        seen_finished = set(self._finished)
        limit = BATCH + len(self._running)
        items = await self.store.inbox_pending(Channel.ZALO, limit=limit)
        self._finished -= seen_finished
        self._more = len(items) >= limit
        started = 0
        for item in items:
            if self._stopping:
                break
            if item.key in self._running or item.key in self._finished:
                continue
            self._start(item)
            started += 1
        return started

    def _start(self, item: InboxItem) -> None:
        try:
            event: ZaloEvent | None = parse_event(json.loads(item.payload))
        except ValueError:
            # Stored by an older version or malformed: it must not block the queue.
            event = None
        lane = event.chat_id if event is not None else item.key
        task = asyncio.create_task(self._in_lane(self._lanes.get(lane), item, event))
        self._lanes[lane] = task
        self._running[item.key] = task
        self._idle.clear()

        def done(finished: asyncio.Task[None]) -> None:
            self._running.pop(item.key, None)
            self._finished.add(item.key)
            if self._lanes.get(lane) is finished:
                del self._lanes[lane]
            if not self._running:
                self._idle.set()
            if self._more:
                self._wake.set()

        task.add_done_callback(done)

    async def _in_lane(
        self, before: asyncio.Task[None] | None, item: InboxItem, event: ZaloEvent | None
    ) -> None:
        if before is not None:
            await asyncio.wait([before])
        if self._stopping:
            return
        async with self._gate:
            await self._handle(item, event)

    async def _settle(self) -> None:
        """Wait until no event is in hand."""
        await self._idle.wait()

    async def _handle(self, item: InboxItem, event: ZaloEvent | None) -> None:
        """Handle one event, retrying a failure in its lane; set it aside after MAX_TRIES.

        Tries are counted in the inbox before they are made, so that one killing the
        process counts too — except an event's first try in the process that received
        it: that costs a write per message, and an event that kills the process on its
        first try is counted from the next start on.
        """
        key = item.key
        count = item.received_at < self._since or item.attempts > 0
        tries = item.attempts
        # After writes were refused, the next round is not a try (the disk's fault).
        free_round = False
        while not self._stopping:
            refused = self.store.write_failures
            try:
                if count and not free_round:
                    tries = await self.store.inbox_attempt(key)
                    if tries > MAX_TRIES:
                        log.error(
                            "Set aside the stored Zalo event %s: it failed %d times "
                            "(kept in the inbox table, set_aside_at)",
                            key,
                            tries - 1,
                        )
                        await self.store.inbox_set_aside(key, self.clock.now())
                        return
                free_round = False
                if event is None:
                    log.warning("Skipping a stored Zalo event that does not parse: %s", key)
                else:
                    media, problem = await self._media(event)
                    await self.router.dispatch(event, key, media, problem)
                if not await self.store.inbox_is_done(key):
                    if self.store.write_failures != refused:
                        # Its handler's transaction was refused: not done, to be tried again.
                        raise StorageUnavailable("a handler's writes were refused")
                    await self.store.inbox_done(key, self.clock.now())
            except StorageUnavailable as exc:
                free_round = True
                wait = self._trouble.failed(exc)
                if event is not None:
                    await self._tell_busy(event)
                await self._sleep(wait)
                continue
            except Exception as exc:
                if not count:
                    count = True
                    with contextlib.suppress(Exception):
                        tries = await self.store.inbox_attempt(key)
                # As handlers/errors.py: the type only, the event may name a source.
                log.warning(
                    "Could not handle the stored Zalo event %s (%s); try %d of %d",
                    key,
                    type(exc).__name__,
                    tries,
                    MAX_TRIES,
                )
                await self._sleep(min(MAX_BACKOFF, 2.0**tries))
                continue
            self._trouble.ok()
            self._told.clear()
            self.handled += 1
            self.on_handled()
            return

    async def _tell_busy(self, event: ZaloEvent) -> None:
        """Tell the person, once in a stretch of refused writes, that the bot is busy."""
        chat = event.message.chat
        if chat.chat_type != "PRIVATE" or chat.id in self._told:
            return
        self._told.add(chat.id)
        try:
            await self.client.send_message(chat.id, self.busy_text)
        except ZaloError as exc:
            log.info("Could not tell a Zalo chat the bot is busy (%s)", exc.error_code)

    async def _store_patiently(
        self, raw: list[tuple[str, dict[str, Any]]], event: ZaloEvent
    ) -> bool:
        """Store events, waiting out a database that refuses them; False if stopping."""
        while not self._stopping:
            try:
                await self.store_events(raw)
            except StorageUnavailable as exc:
                wait = self._trouble.failed(exc)
                await self._tell_busy(event)
                await self._sleep(wait)
                continue
            return True
        return False

    async def _sleep(self, seconds: float) -> None:
        """Wait, unless stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._halt.wait(), timeout=seconds)

    async def _media(self, event: ZaloEvent) -> tuple[MediaRef | None, MediaProblem | None]:
        """Download and keep the picture or voice note an event carries."""
        message = event.message
        kind: MediaKind
        if event.kind == "image":
            url, kind = message.photo_url, "photo"
        elif event.event_name == EVENT_VOICE and message.voice_url:
            url, kind = message.voice_url, "voice"
        else:
            return None, None
        if not await self.router.keeps_media(event):
            # A stranger's pictures are not stored: they are only told how to join.
            return None, None
        if not url:
            return None, "failed"
        for attempt in range(DOWNLOAD_TRIES):
            try:
                ref = await keep(self.fetcher, url, self.media_dir, kind, self.max_media_bytes)
            except DownloadRefused as exc:
                log.warning("Could not download a Zalo %s (%s)", kind, exc)
                if exc.reason == "too_large":
                    return None, "too_large"
                if not exc.retryable or attempt + 1 == DOWNLOAD_TRIES:
                    return None, "failed"
                await asyncio.sleep(0.5)
            else:
                return ref, None
        return None, "failed"

    # --- polling --------------------------------------------------------------------------

    def start_polling(self) -> None:
        """Run recovery, then the getUpdates loop, as a background task."""
        self._tasks.append(asyncio.create_task(self._poll_loop(), name="zalo-polling"))

    async def _poll_loop(self) -> None:
        self._tasks.append(asyncio.create_task(self._worker(), name="zalo-events"))
        delay = 1.0
        webhook_cleared = False
        while not self._stopping:
            try:
                if not webhook_cleared:
                    # getUpdates does not work while a webhook is set.
                    await self.client.delete_webhook()
                    webhook_cleared = True
                event = await self.client.get_updates(timeout=self.poll_timeout)
                delay = 1.0
            except ZaloUnauthorized as exc:
                # The runtime logs it once and stops the bot; polling ends here.
                self.fatal = exc
                self.on_refused()
                return
            except ZaloRetryAfter as exc:
                await self._sleep(exc.retry_after)
                continue
            except ZaloError as exc:
                log.warning(
                    "Zalo getUpdates failed (%s); retrying in %.0f s", exc.error_code, delay
                )
                await self._sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
                continue
            if event is None:
                continue
            body = event.model_dump(mode="json", by_alias=True)
            # getUpdates forgets what it handed out: the event is kept in hand until stored.
            if not await self._store_patiently([(inbox_key(event), body)], event):
                return
            self._wake.set()

    # --- webhook --------------------------------------------------------------------------

    async def start_webhook(self, listen: str, port: int, path: str, secret: str) -> int:
        """Serve the webhook; return the bound port. Events are stored before the 200."""
        self.webhook_secret = secret_or_random(secret)
        self._runner, bound = await serve(listen, port, path, self._on_webhook)
        await self.store.listen(INBOX_TOPIC, self._wake.set)
        self._tasks.append(asyncio.create_task(self._worker(), name="zalo-events"))
        return bound

    async def _on_webhook(self, request: web.Request) -> web.Response:
        if not secret_ok(request, SECRET_HEADER, self.webhook_secret):
            return web.Response(status=403)
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400)
        if not isinstance(body, dict):
            return web.Response(status=400)
        try:
            event = parse_event(body)
        except ValueError:
            # An event kind we don't know yet: acknowledged, or Zalo would retry it forever.
            log.info("Ignoring a Zalo webhook call that is no message event")
            return web.Response(status=200)
        try:
            await self.store_events([(inbox_key(event), body)])
        except StorageUnavailable as exc:
            # Not stored, so not acknowledged: Zalo may deliver it again.
            self._trouble.failed(exc)
            await self._tell_busy(event)
            return web.Response(status=503)
        self._wake.set()
        with contextlib.suppress(StorageUnavailable):
            await self.store.notify(INBOX_TOPIC)
        return web.Response(status=200)

    async def _worker(self) -> None:
        """Start stored events in their lanes whenever new ones arrive (or lanes free up)."""
        while not self._stopping:
            self._wake.clear()
            try:
                if not await self.store.lead(INBOX_ROLE):
                    # Another process handles the inbox (see bot/tg/intake.py): store and
                    # acknowledge only, and take over if it goes.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), LEAD_RETRY)
                    continue
                await self._feed()
            except Exception as exc:
                # A database that can't be read now: the events stay stored; read again.
                log.warning("Zalo intake could not read its inbox (%s)", type(exc).__name__)
                await self._sleep(2.0)
                continue
            # A look now and then without a wake-up too (see bot/tg/intake.py, LEAD_LOOK).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), LEAD_LOOK)

    # --- shutdown -------------------------------------------------------------------------

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the event being handled; stored events wait for the next start."""
        self._stopping = True
        self._halt.set()
        if self._runner is not None:
            # Refuse new calls first: Zalo redelivers them to the next instance.
            await self._runner.cleanup()
            self._runner = None
        self._wake.set()
        if self._running:
            # Let the events in hand finish rather than cut one between its effects; those
            # not started stay stored for the next start.
            await asyncio.wait(set(self._running.values()), timeout=grace)
        tasks = [*self._running.values(), *self._tasks]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        await self.fetcher.close()
