"""Durable intake: an update is stored before Telegram is told we have it.

python-telegram-bot's Updater confirms updates as soon as it fetches them, so a crash
loses whatever was fetched but not yet handled. Here getUpdates' offset only moves past
an update once it is in the inbox table; webhook calls are answered 200 only after the
same write. Handling then runs from the inbox, and the services mark an update done in
the transaction that applies it, so a replay after a crash changes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

from aiohttp import web
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from bot.domain import Channel
from bot.tg.context import BotApplication
from bot.webhooks import secret_ok, secret_or_random, serve
from storage.base import Store

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
MAX_BACKOFF = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Chats whose updates are handled at the same time (each chat's still in order).
LANES = 16
#: Updates fetched and not yet handled, at most, before getUpdates waits.
MAX_IN_FLIGHT = 100


def _lane(update: Update) -> int:
    """The chat an update belongs to: updates of one chat must not overtake each other."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return update.update_id


class TelegramIntake:
    """Stores updates, then feeds them to the Application one by one."""

    def __init__(
        self,
        app: BotApplication,
        store: Store,
        clock: Clock,
        *,
        poll_timeout: int = 25,
        request_timeout: float = 10.0,
        on_handled: Callable[[], None] = lambda: None,
    ) -> None:
        self.app = app
        self.store = store
        self.clock = clock
        self.poll_timeout = poll_timeout
        self.request_timeout = request_timeout
        self.on_handled = on_handled
        self._offset: int | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self.handled = 0
        self.fatal: BaseException | None = None
        self._stopping = False
        self._busy = False
        self.webhook_secret = ""
        # Polling's lanes: the last task of each chat, and every task running.
        self._lanes: dict[int, asyncio.Task[None]] = {}
        self._running: set[asyncio.Task[None]] = set()
        self._gate = asyncio.Semaphore(LANES)

    # --- common ---------------------------------------------------------------------------

    async def store_updates(self, raw: list[dict[str, object]]) -> list[str]:
        """Write raw update dicts to the inbox; return the keys that were new."""
        items = [
            (f"tg:{u['update_id']}", Channel.TELEGRAM, json.dumps(u, ensure_ascii=False))
            for u in raw
        ]
        return await self.store.inbox_add(items, self.clock.now())

    async def process_pending(self) -> int:
        """Handle every stored update not yet done, oldest first; return how many."""
        count = 0
        while True:
            items = await self.store.inbox_pending(Channel.TELEGRAM, limit=100)
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

    async def _handle(self, key: str, payload: str | Update) -> None:
        try:
            update = (
                payload
                if isinstance(payload, Update)
                else Update.de_json(json.loads(payload), self.app.bot)
            )
            await self.app.process_update(update)
        except Exception:
            # process_update already routed handler errors to the error handler; this is
            # a malformed payload. Mark it done so one bad update can't block the queue.
            log.exception("Could not process stored update %s", key)
        if not await self.store.inbox_is_done(key):
            await self.store.inbox_done(key, self.clock.now())
        self.handled += 1
        self.on_handled()

    def _dispatch(self, update: Update) -> None:
        """Handle a fresh update in its chat's lane: after that chat's earlier updates,
        beside other chats' ones.

        One update's handling mostly waits (for the database thread, for its commit); the
        next getUpdates is fetched and stored meanwhile, and different chats' updates are
        handled at the same time, so members don't queue behind each other.
        """
        key = f"tg:{update.update_id}"
        lane = _lane(update)
        task = asyncio.create_task(self._in_lane(self._lanes.get(lane), key, update))
        self._lanes[lane] = task
        self._running.add(task)

        def done(finished: asyncio.Task[None]) -> None:
            self._running.discard(finished)
            if self._lanes.get(lane) is finished:
                del self._lanes[lane]

        task.add_done_callback(done)

    async def _in_lane(self, before: asyncio.Task[None] | None, key: str, update: Update) -> None:
        if before is not None:
            await asyncio.wait([before])
        if self._stopping:
            return
        async with self._gate:
            await self._handle(key, update)

    async def _settle(self, limit: int) -> None:
        """Wait until at most `limit` updates are being handled."""
        while len(self._running) > limit:
            await asyncio.wait(set(self._running), return_when=asyncio.FIRST_COMPLETED)

    # --- polling --------------------------------------------------------------------------

    def start_polling(self) -> None:
        """Run recovery, then the getUpdates loop, as background tasks."""
        self._tasks.append(asyncio.create_task(self._poll_loop(), name="telegram-polling"))

    async def _poll_loop(self) -> None:
        await self.process_pending()
        delay = 1.0
        while not self._stopping:
            try:
                updates = await self.app.bot.get_updates(
                    offset=self._offset,
                    timeout=self.poll_timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=self.poll_timeout + self.request_timeout,
                )
                delay = 1.0
            except RetryAfter as exc:
                retry = exc.retry_after
                await asyncio.sleep(
                    retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
                )
                continue
            except InvalidToken as exc:
                log.error("Telegram refused the bot token; stopping intake")
                self.fatal = exc
                return
            except Conflict:
                log.error("Another bot instance or a webhook is using this token; retrying")
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
                continue
            except (NetworkError, TelegramError) as exc:
                log.warning("getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
                continue
            if not updates:
                continue
            # Stored first; the next getUpdates call (with the new offset) confirms them.
            fresh = set(await self.store_updates([u.to_dict() for u in updates]))
            self._offset = updates[-1].update_id + 1
            # New updates are handled from the objects in hand (reading the stored copy back
            # would cost a query and a parse per update); the stored copy is for a crash.
            for update in updates:
                if f"tg:{update.update_id}" in fresh:
                    self._dispatch(update)
            if len(fresh) < len(updates) and not self._stopping:
                # A redelivered update left undone by a crash is handled from the store,
                # once what is in hand is done (it may be among them).
                await self._settle(0)
                await self.process_pending()
            await self._settle(MAX_IN_FLIGHT)

    # --- webhook --------------------------------------------------------------------------

    async def start_webhook(self, listen: str, port: int, path: str, secret: str) -> int:
        """Serve the webhook; return the bound port. Updates are stored before the 200."""
        self.webhook_secret = secret_or_random(secret)
        self._runner, bound = await serve(listen, port, path, self._on_webhook)
        self._tasks.append(asyncio.create_task(self._webhook_worker(), name="telegram-webhook"))
        return bound

    async def _on_webhook(self, request: web.Request) -> web.Response:
        if not secret_ok(request, SECRET_HEADER, self.webhook_secret):
            return web.Response(status=403)
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400)
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            return web.Response(status=400)
        await self.store_updates([body])
        self._wake.set()
        return web.Response(status=200)

    async def _webhook_worker(self) -> None:
        while not self._stopping:
            await self.process_pending()
            await self._wake.wait()
            self._wake.clear()

    # --- shutdown -------------------------------------------------------------------------

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the update being handled; stored updates wait for the next start."""
        self._stopping = True
        if self._running:
            # Let the updates in hand finish rather than cut one between its effects; those
            # not started stay stored for the next start.
            await asyncio.wait(set(self._running), timeout=grace)
        for task in list(self._running):
            task.cancel()
        if self._busy and self._tasks:
            await asyncio.wait(self._tasks, timeout=grace)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
