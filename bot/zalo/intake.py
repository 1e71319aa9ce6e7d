"""Durable Zalo intake: an event is stored before Zalo is told we have it.

Webhook (production): the call's secret is checked, the event written to the `inbox` table
and only then answered 200; Zalo redelivers what was not acknowledged, and the inbox key
(`zalo:<message_id>`) makes a second delivery a no-op. Polling (development): getUpdates
hands out one event per call and forgets it, so an event is stored the moment it arrives.
Either way handling runs from the inbox, one event at a time, and the service marks the
event done in the transaction that applies it — as bot/tg/intake.py does for Telegram.
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

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BACKOFF = 30.0
#: A download that fails on the network is tried this many times before the person is asked
#: to send it again (the whole intake waits meanwhile, so not more).
DOWNLOAD_TRIES = 2


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

    # --- common ---------------------------------------------------------------------------

    async def store_events(self, raw: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """Write (key, event body) pairs to the inbox; return the keys that were new."""
        items = [(key, Channel.ZALO, json.dumps(body, ensure_ascii=False)) for key, body in raw]
        return await self.store.inbox_add(items, self.clock.now())

    async def process_pending(self) -> int:
        """Handle every stored event not yet done, oldest first; return how many."""
        count = 0
        while True:
            items = await self.store.inbox_pending(Channel.ZALO, limit=100)
            if not items:
                return count
            for item in items:
                if self._stopping:
                    return count
                self._busy = True
                try:
                    await self._handle(item.key, item.payload)
                finally:
                    self._busy = False
                count += 1

    async def _handle(self, key: str, payload: str) -> None:
        try:
            event = parse_event(json.loads(payload))
        except ValueError:
            # Stored by an older version or malformed: it must not block the queue.
            log.warning("Skipping a stored Zalo event that does not parse: %s", key)
            event = None
        if event is not None:
            media, problem = await self._media(event)
            await self.router.dispatch(event, key, media, problem)
        if not await self.store.inbox_is_done(key):
            await self.store.inbox_done(key, self.clock.now())
        self.handled += 1
        self.on_handled()

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
        await self.process_pending()
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
                log.error("Zalo refused the bot token; stopping Zalo intake")
                self.fatal = exc
                return
            except ZaloRetryAfter as exc:
                await asyncio.sleep(exc.retry_after)
                continue
            except ZaloError as exc:
                log.warning(
                    "Zalo getUpdates failed (%s); retrying in %.0f s", exc.error_code, delay
                )
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
                continue
            if event is None:
                continue
            body = event.model_dump(mode="json", by_alias=True)
            await self.store_events([(inbox_key(event), body)])
            await self.process_pending()

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
        await self.store_events([(inbox_key(event), body)])
        self._wake.set()
        return web.Response(status=200)

    async def _webhook_worker(self) -> None:
        while not self._stopping:
            await self.process_pending()
            await self._wake.wait()
            self._wake.clear()

    # --- shutdown -------------------------------------------------------------------------

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the event being handled; stored events wait for the next start."""
        self._stopping = True
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
