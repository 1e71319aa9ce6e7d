"""Durable Zalo intake: an event is stored before Zalo is told we have it.

Webhook (production): the call's secret is checked, the event written to the `inbox` table
and only then answered 200; Zalo redelivers what was not acknowledged, and the inbox key
(`zalo:<message_id>`) makes a second delivery a no-op. Polling (development): getUpdates
hands out one event per call and forgets it, so an event is stored the moment it arrives.
Either way handling runs from the inbox, one event at a time, and the service marks the
event done in the transaction that applies it — as bot/tg/intake.py does for Telegram.
A database that refuses writes (a full disk) is waited out as there: a polled event is
kept in hand until stored, a webhook call answered 503, an event whose handling could not
be written handled again in order, and each person told once that the bot is busy.
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
from bot.zalo.client import (
    ZaloClient,
    ZaloError,
    ZaloFileTooLarge,
    ZaloRetryAfter,
    ZaloUnauthorized,
)
from bot.zalo.media import MediaProblem, keep
from bot.zalo.models import EVENT_VOICE, ZaloEvent, parse_event
from storage.base import Store
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BACKOFF = 30.0
#: A download that fails on the network is tried this many times before the person is asked
#: to send it again (the whole intake waits meanwhile, so not more).
DOWNLOAD_TRIES = 2
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
        on_refused: Callable[[], None] = lambda: None,
        busy_text: str = BUSY,
    ) -> None:
        self.client = client
        self.store = store
        self.clock = clock
        self.router = router
        self.media_dir = media_dir
        self.max_media_bytes = max_media_bytes
        self.poll_timeout = poll_timeout
        self.on_handled = on_handled
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self._stopping = False
        self._busy = False
        self.handled = 0
        self.fatal: BaseException | None = None
        self.webhook_secret = ""
        #: Zalo refused the token (revoked): polling stops and the runtime is told.
        self.on_refused = on_refused
        self.busy_text = busy_text
        self._trouble = WriteTrouble("Zalo intake", log, "events are not acknowledged until stored")
        #: An event stored but undone because its writes were refused (see process_pending).
        self._held = False
        self._told: set[str] = set()
        self._halt = asyncio.Event()

    # --- common ---------------------------------------------------------------------------

    async def store_events(self, raw: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """Write (key, event body) pairs to the inbox; return the keys that were new."""
        items = [(key, Channel.ZALO, json.dumps(body, ensure_ascii=False)) for key, body in raw]
        return await self.store.inbox_add(items, self.clock.now())

    async def process_pending(self) -> int:
        """Handle every stored event not yet done, oldest first; return how many.

        Stops at an event whose writes the database refused: it stays first in line.
        """
        count = 0
        while not self._stopping:
            items = await self.store.inbox_pending(Channel.ZALO, limit=100)
            if not items:
                self._held = False
                return count
            for item in items:
                if self._stopping:
                    return count
                self._busy = True
                try:
                    done = await self._handle(item.key, item.payload)
                finally:
                    self._busy = False
                if not done:
                    self._held = True
                    return count
                count += 1
        return count

    async def _handle(self, key: str, payload: str) -> bool:
        """Handle one stored event; False if it stays undone (its writes were refused)."""
        refused = self.store.write_failures
        try:
            event = parse_event(json.loads(payload))
        except ValueError:
            # Stored by an older version or malformed: it must not block the queue.
            log.warning("Skipping a stored Zalo event that does not parse: %s", key)
            event = None
        try:
            if event is not None:
                media, problem = await self._media(event)
                await self.router.dispatch(event, key, media, problem)
            if not await self.store.inbox_is_done(key):
                if self.store.write_failures != refused:
                    raise StorageUnavailable("a handler's writes were refused")
                await self.store.inbox_done(key, self.clock.now())
        except StorageUnavailable as exc:
            self._trouble.failed(exc)
            if event is not None:
                await self._tell_busy(event)
            return False
        self._trouble.ok()
        self._told.clear()
        self.handled += 1
        self.on_handled()
        return True

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
                ref = await keep(self.client, url, self.media_dir, kind, self.max_media_bytes)
            except ZaloFileTooLarge:
                return None, "too_large"
            except ZaloError as exc:
                log.warning("Could not download a Zalo %s (%s)", kind, type(exc).__name__)
                if not exc.retryable or attempt + 1 == DOWNLOAD_TRIES:
                    return None, "failed"
                await asyncio.sleep(0.5)
            except ValueError:
                return None, "failed"
            else:
                return ref, None
        return None, "failed"

    # --- polling --------------------------------------------------------------------------

    def start_polling(self) -> None:
        """Run recovery, then the getUpdates loop, as a background task."""
        self._tasks.append(asyncio.create_task(self._poll_loop(), name="zalo-polling"))

    async def _poll_loop(self) -> None:
        delay = 1.0
        webhook_cleared = False
        while not self._stopping:
            try:
                if self._held or not webhook_cleared:
                    await self.process_pending()
                if self._held:
                    await self._sleep(self._trouble.wait)
                    continue
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
            except Exception as exc:
                # Polling must outlive any failure (a database that can't be read).
                log.exception("Zalo polling failed (%s); going on", type(exc).__name__)
                await self._sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
                continue
            if event is None:
                continue
            body = event.model_dump(mode="json", by_alias=True)
            # getUpdates forgets what it handed out: the event is kept in hand until stored.
            if not await self._store_patiently([(inbox_key(event), body)], event):
                return
            try:
                await self.process_pending()
            except Exception as exc:
                log.warning("Zalo intake: %s; the event stays stored", type(exc).__name__)
                self._held = True

    # --- webhook --------------------------------------------------------------------------

    async def start_webhook(self, listen: str, port: int, path: str, secret: str) -> int:
        """Serve the webhook; return the bound port. Events are stored before the 200."""
        self.webhook_secret = secret_or_random(secret)
        self._runner, bound = await serve(listen, port, path, self._on_webhook)
        self._tasks.append(asyncio.create_task(self._webhook_worker(), name="zalo-webhook"))
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
        return web.Response(status=200)

    async def _webhook_worker(self) -> None:
        while not self._stopping:
            try:
                await self.process_pending()
            except Exception as exc:
                log.warning("Zalo webhook worker: %s; going on", type(exc).__name__)
                self._held = True
            if self._held:
                # Handle the stored events again after a wait: new ones wait behind them.
                await self._sleep(self._trouble.wait)
            else:
                await self._wake.wait()
            self._wake.clear()

    # --- shutdown -------------------------------------------------------------------------

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the event being handled; stored events wait for the next start."""
        self._stopping = True
        self._halt.set()
        self._wake.set()
        if self._runner is not None:
            # Refuse new calls first: Zalo redelivers them to the next instance.
            await self._runner.cleanup()
            self._runner = None
        if self._busy and self._tasks:
            # Let the event in hand finish rather than cut it between its effects.
            await asyncio.wait(self._tasks, timeout=grace)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
