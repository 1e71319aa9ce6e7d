"""Durable intake: an update is stored before Telegram is told we have it.

python-telegram-bot's Updater confirms updates as soon as it fetches them, so a crash
loses whatever was fetched but not yet handled. Here getUpdates' offset only moves past
an update once it is in the inbox table; webhook calls are answered 200 only after the
same write. Handling then runs from the inbox, and the services mark an update done in
the transaction that applies it, so a replay after a crash changes nothing twice.

When the database refuses writes (a full disk), nothing is acknowledged that was not
stored: polling holds the batch in hand and stores it again after a growing wait, the
webhook answers 503 so Telegram delivers again, and an update stored but whose handling
could not be written stays undone and is handled again, in order, once writes work. Each
person who wrote meanwhile is told once that the system is busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import warnings
from collections.abc import Callable, Sequence

from aiohttp import web
from telegram import Update
from telegram.error import (
    Conflict,
    EndPointNotFound,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBUserWarning

from bot.clock import Clock
from bot.domain import Channel
from bot.tg.context import BotApplication
from bot.trouble import WriteTrouble
from bot.webhooks import secret_ok, secret_or_random, serve
from storage.base import Store
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)
# getUpdates is called raw (see `_get_updates`); PTB suggests its method for it.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

#: Asked for explicitly in polling and webhook mode alike (an omitted list keeps the last
#: one set): `my_chat_member` tells when the bot is removed from or added to a group.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
BUSY = "⏳ Hệ thống đang bận, vui lòng gửi lại sau."
MAX_BACKOFF = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: Chats whose updates are handled at the same time (each chat's still in order).
LANES = 16
#: Updates fetched and not yet handled, at most, before getUpdates waits.
MAX_IN_FLIGHT = 100
#: Several webhook processes on one database: one handles the stored updates at a time
#: (each exactly once, every chat's in order); the others store and acknowledge, wake it
#: (NOTIFY), and check this often whether it is still there to take over.
INBOX_ROLE = "inbox:telegram"
INBOX_TOPIC = "antt_inbox"
LEAD_RETRY = 1.0
LEAD_LOOK = 5.0


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
        on_refused: Callable[[], None] = lambda: None,
        busy_text: str = BUSY,
    ) -> None:
        self.app = app
        self.store = store
        self.clock = clock
        self.poll_timeout = poll_timeout
        self.request_timeout = request_timeout
        self.on_handled = on_handled
        #: Telegram refused the token (revoked): polling stops and the runtime is told.
        self.on_refused = on_refused
        self.busy_text = busy_text
        self._trouble = WriteTrouble(
            "Telegram intake", log, "updates are not confirmed to Telegram until stored"
        )
        #: An update is stored but undone because its writes were refused: handle the
        #: stored ones again, in order, before any fresh one.
        self._held = False
        self._replay_at = 0.0
        #: Chats told "busy" in this stretch of refused writes (each is told once).
        self._told: set[int] = set()
        self._halt = asyncio.Event()
        self._offset: int | None = None
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._runner: web.AppRunner | None = None
        self.handled = 0
        self.fatal: BaseException | None = None
        self._stopping = False
        self._busy = False
        self.webhook_secret = ""
        self._delay = 1.0
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
        """Handle every stored update not yet done, oldest first; return how many.

        Stops at an update whose writes the database refused: it stays first in line.
        """
        count = 0
        while not self._stopping:
            items = await self.store.inbox_pending(Channel.TELEGRAM, limit=100)
            if not items:
                self._held = False
                return count
            for item in items:
                if self._stopping:
                    return count
                if not await self.store.lead(INBOX_ROLE):
                    # The database ended this process's session (a failover) and another
                    # may lead now: stop here rather than handle an update beside it.
                    return count
                self._busy = True
                try:
                    done = await self._handle(item.key, item.payload)
                finally:
                    self._busy = False
                if not done:
                    return count
                count += 1
        return count

    async def _handle(self, key: str, payload: str | Update) -> bool:
        """Handle one stored update; False if it stays undone (its writes were refused)."""
        refused = self.store.write_failures
        update: Update | None = None
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
        try:
            if not await self.store.inbox_is_done(key):
                if self.store.write_failures != refused:
                    # Its handler's transaction was refused: not done, to be handled again.
                    raise StorageUnavailable("a handler's writes were refused")
                await self.store.inbox_done(key, self.clock.now())
        except StorageUnavailable as exc:
            self._hold(exc)
            if update is not None:
                await self._tell_busy([update])
            return False
        self._trouble.ok()
        self._told.clear()
        self.handled += 1
        self.on_handled()
        return True

    def _hold(self, exc: BaseException) -> None:
        """Keep the stored, undone updates for a replay after a growing wait."""
        self._held = True
        wait = self._trouble.failed(exc)
        self._replay_at = asyncio.get_running_loop().time() + wait

    async def _replay(self) -> None:
        """Handle again what a refused write left undone, once its wait is over."""
        now = asyncio.get_running_loop().time()
        if now < self._replay_at:
            return
        await self._settle(0)
        await self.process_pending()

    async def _tell_busy(self, updates: Sequence[Update]) -> None:
        """Tell each person in a private chat, once in a stretch, that the bot is busy."""
        for update in updates:
            chat = update.effective_chat
            if chat is None or chat.type != chat.PRIVATE or chat.id in self._told:
                continue
            self._told.add(chat.id)
            try:
                if update.callback_query is not None:
                    await update.callback_query.answer(self.busy_text, show_alert=True)
                else:
                    await self.app.bot.send_message(chat.id, self.busy_text)
            except TelegramError as exc:
                log.info("Could not tell a chat the bot is busy (%s)", type(exc).__name__)

    async def _sleep(self, seconds: float) -> None:
        """Wait, unless stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._halt.wait(), timeout=seconds)

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
        if self._stopping or self._held:
            # Held: it is stored, and the replay handles it after the ones before it.
            return
        async with self._gate:
            try:
                await self._handle(key, update)
            except Exception as exc:
                # A database that can't even be read: the update stays stored and undone.
                log.warning("Could not handle update %s (%s)", key, type(exc).__name__)
                self._hold(exc)

    async def _settle(self, limit: int) -> None:
        """Wait until at most `limit` updates are being handled."""
        while len(self._running) > limit:
            await asyncio.wait(set(self._running), return_when=asyncio.FIRST_COMPLETED)

    # --- polling --------------------------------------------------------------------------

    def start_polling(self) -> None:
        """Run recovery, then the getUpdates loop, as background tasks."""
        self._tasks.append(asyncio.create_task(self._poll_loop(), name="telegram-polling"))

    async def _poll_loop(self) -> None:
        # Recovery first: what was stored but not handled before a crash goes before any
        # fresh update.
        self._held = True
        delay = 1.0
        while not self._stopping:
            try:
                if not await self._poll_once():
                    return
                delay = 1.0
            except Exception as exc:
                # Polling must outlive any failure; nothing unstored was confirmed.
                log.exception(
                    "Telegram polling failed (%s); going on in %.0f s", type(exc).__name__, delay
                )
                await self._sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)

    async def _poll_once(self) -> bool:
        """Fetch, store and dispatch one batch; False when polling must end."""
        if self._held:
            await self._replay()
        try:
            raw = await self._get_updates()
            self._delay = 1.0
        except RetryAfter as exc:
            retry = exc.retry_after
            await self._sleep(
                retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
            )
            return True
        except InvalidToken as exc:
            # The runtime logs it once and stops the bot; polling ends here.
            self.fatal = exc
            self.on_refused()
            return False
        except Conflict:
            log.error("Another bot instance or a webhook is using this token; retrying")
            await self._sleep(self._delay)
            self._delay = min(MAX_BACKOFF, self._delay * 2)
            return True
        except (NetworkError, TelegramError) as exc:
            log.warning(
                "getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, self._delay
            )
            await self._sleep(self._delay)
            self._delay = min(MAX_BACKOFF, self._delay * 2)
            return True
        if not raw:
            return True
        updates = [Update.de_json(u, self.app.bot) for u in raw]
        # Stored first; the next getUpdates call (with the new offset) confirms them.
        fresh = await self._store_patiently(raw, updates)
        if fresh is None:
            return False
        self._offset = updates[-1].update_id + 1
        if self._held:
            # Stored, undone: the replay handles them after those waiting before them.
            return True
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
        return True

    async def _get_updates(self) -> list[dict[str, object]]:
        """Fetch the next updates as the Bot API's JSON (stored as they came, no copy
        rebuilt from PTB's objects)."""
        try:
            result = await self.app.bot.do_api_request(
                "getUpdates",
                api_kwargs={
                    "offset": self._offset,
                    # While updates are held, come back for the replay in time.
                    "timeout": 1 if self._held else self.poll_timeout,
                    "allowed_updates": ALLOWED_UPDATES,
                },
                read_timeout=self.poll_timeout + self.request_timeout,
            )
        except EndPointNotFound:
            # A raw call reports a refused token as an unknown method.
            raise InvalidToken from None
        if not isinstance(result, list):
            raise TelegramError("getUpdates answered without a list")
        return [u for u in result if isinstance(u, dict) and isinstance(u.get("update_id"), int)]

    async def _store_patiently(
        self, raw: list[dict[str, object]], updates: Sequence[Update]
    ) -> set[str] | None:
        """Store a batch, waiting out a database that refuses it; None if stopping.

        Nothing is confirmed to Telegram meanwhile (the offset stays), so nothing is lost;
        whoever wrote is told once that the bot is busy.
        """
        while not self._stopping:
            try:
                fresh = set(await self.store_updates(raw))
            except StorageUnavailable as exc:
                wait = self._trouble.failed(exc)
                await self._tell_busy(updates)
                await self._sleep(wait)
                continue
            if not self._held:
                self._trouble.ok()
                self._told.clear()
            return fresh
        return None

    # --- webhook --------------------------------------------------------------------------

    async def start_webhook(self, listen: str, port: int, path: str, secret: str) -> int:
        """Serve the webhook; return the bound port. Updates are stored before the 200."""
        self.webhook_secret = secret_or_random(secret)
        self._runner, bound = await serve(listen, port, path, self._on_webhook)
        await self.store.listen(INBOX_TOPIC, self._wake.set)
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
        try:
            await self.store_updates([body])
        except StorageUnavailable as exc:
            # Not stored, so not acknowledged: Telegram delivers it again later.
            self._trouble.failed(exc)
            with contextlib.suppress(ValueError):
                await self._tell_busy([Update.de_json(body, self.app.bot)])
            return web.Response(status=503)
        if not self._held:
            self._trouble.ok()
            self._told.clear()
        self._wake.set()
        with contextlib.suppress(StorageUnavailable):
            await self.store.notify(INBOX_TOPIC)
        return web.Response(status=200)

    async def _webhook_worker(self) -> None:
        while not self._stopping:
            try:
                if not await self.store.lead(INBOX_ROLE):
                    # Another process handles the inbox; take over if it goes.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), LEAD_RETRY)
                    self._wake.clear()
                    continue
                await self.process_pending()
            except Exception as exc:
                log.warning("Telegram webhook worker: %s; going on", type(exc).__name__)
                self._hold(exc)
            if self._held:
                # Handle the stored updates again once the wait is over: new calls are
                # stored meanwhile and wait behind them.
                await self._sleep(max(0.0, self._replay_at - asyncio.get_running_loop().time()))
            else:
                # Woken by a call or a NOTIFY; and a look now and then all the same, so an
                # update whose NOTIFY never came (its process died just after storing it)
                # waits seconds, not until the next call.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), LEAD_LOOK)
            self._wake.clear()

    # --- shutdown -------------------------------------------------------------------------

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the update being handled; stored updates wait for the next start."""
        self._stopping = True
        self._halt.set()
        self._wake.set()
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
