"""A fake Zalo Bot Platform API server on loopback.

Point :class:`bot.zalo.ZaloClient` at :attr:`FakeZalo.base_url` (the client appends
``/bot<TOKEN>/<method>``), create users, make them send text, images, stickers or unsupported
messages, then read what the bot sent back. It follows the documented platform: one event per
``getUpdates`` call, error 408 when nothing came within ``timeout``, webhook POSTs wrapped as
``{"ok": true, "result": event}`` with the ``X-Bot-Api-Secret-Token`` header, string hex ids and
millisecond dates. Faults (429, 5xx, dropped connections, slow answers, 403) can be injected.

Groups (issue 13) follow what Zalo documents for them (bot.zapps.me, "build bot interaction
with group", a feature still in internal testing): ``chat.chat_type`` is ``GROUP`` and
``chat.id`` the group's id; the bot receives a group message only when it @mentions the bot
or replies to (quotes) one of the bot's messages. The quoted message travels as
``reply_to_message`` (Zalo documents no field name; see docs/developing.md). ``sendPhoto``
and ``sendVoice`` fetch the URL they are given, as Zalo does, and refuse one that does not
answer 200 with the file; ``quota_per_second`` answers 429 "Quota exceeded" beyond a rate.

Everything lives in memory and waiting uses an :class:`asyncio.Condition`. Run it standalone::

    python -m bot.devtools.fake_zalo --port 8082
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from bot.devtools.fake_telegram import TINY_JPEG

__all__ = [
    "FAULTS",
    "TINY_JPEG",
    "FakeZalo",
    "FakeZaloGroup",
    "FakeZaloUser",
    "ZaloApiError",
    "ZaloSent",
    "main",
]

logger = logging.getLogger(__name__)

JSONDict = dict[str, Any]
Fault = Literal["429", "502", "timeout", "drop", "403", "500"]
FAULTS: frozenset[str] = frozenset({"429", "502", "timeout", "drop", "403", "500"})

TEXT_LIMIT = 2000
SECRET_MIN, SECRET_MAX = 8, 256
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})

EVENT_TEXT = "message.text.received"
EVENT_IMAGE = "message.image.received"
EVENT_STICKER = "message.sticker.received"
EVENT_UNSUPPORTED = "message.unsupported.received"
EVENT_VOICE = "message.voice.received"

_NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def _now_ms() -> int:
    return int(time.time() * 1000)


class ZaloApiError(Exception):
    """An error answer: HTTP status and body ``error_code`` are both ``code``."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(code, description)
        self.code = code
        self.description = description

    def payload(self) -> JSONDict:
        """The JSON body Zalo sends with an error."""
        return {"ok": False, "error_code": self.code, "description": self.description}


def _bad(description: str) -> ZaloApiError:
    return ZaloApiError(400, f"Bad Request: {description}")


@dataclass
class ZaloSent:
    """Something the bot sent into a chat."""

    chat_id: str
    message_id: str
    method: str
    text: str | None = None
    photo_url: str | None = None
    caption: str | None = None
    sticker: str | None = None
    voice_url: str | None = None
    date: int = 0  # milliseconds, as Zalo returns it
    #: What the fake downloaded from ``photo_url`` / ``voice_url`` when the bot sent it.
    fetched: bytes | None = None

    def summary(self) -> str:
        """One line for failure reports."""
        body = self.text or self.caption or self.photo_url or self.voice_url or self.sticker or ""
        if len(body) > 70:
            body = body[:67] + "..."
        return f"{self.method} #{self.message_id}: {body!r}"


@dataclass
class _Fault:
    method: str
    kind: str
    remaining: int
    retry_after: float | None


@dataclass
class _File:
    data: bytes
    content_type: str
    chunked: bool
    #: Seconds between bytes: a slow (or hostile) photo server.
    trickle: float = 0.0
    #: Answer with this redirect instead of the data.
    location: str | None = None
    status: int = 200


class _Chat:
    """A chat the bot posts into, read like a phone's screen: in order, with a cursor."""

    def __init__(self, fake: FakeZalo, chat_id: str) -> None:
        self.fake = fake
        self.id = chat_id
        self._cursor = 0

    @property
    def _received(self) -> list[ZaloSent]:
        return [sent for sent in self.fake.sent if sent.chat_id == self.id]

    def unread(self) -> list[ZaloSent]:
        """Messages not read yet (does not advance the cursor)."""
        return self._received[self._cursor :]

    def drain(self) -> list[ZaloSent]:
        """Mark every message read; returns the ones that were unread."""
        pending = self.unread()
        self._cursor += len(pending)
        return pending

    def _missing(self, problem: str) -> str:
        """What a test failure says when nothing came (a person or a group adds who)."""
        return f"{problem} in chat {self.id}"

    async def _next(self, timeout: float) -> ZaloSent:  # noqa: ASYNC109
        async with self.fake._cond:
            arrived = await self.fake._wait_locked(
                lambda: len(self._received) > self._cursor, timeout
            )
        if not arrived:
            raise AssertionError(self._missing(f"no reply within {timeout}s"))
        self._cursor += 1
        return self._received[self._cursor - 1]

    async def _until(
        self,
        predicate: Callable[[ZaloSent], bool],
        timeout: float,  # noqa: ASYNC109
    ) -> list[ZaloSent]:
        deadline = time.monotonic() + timeout
        collected: list[ZaloSent] = []
        while True:
            try:
                message = await self._next(max(deadline - time.monotonic(), 0.0))
            except AssertionError:
                seen = "\n".join("  " + m.summary() for m in collected) or "  (none)"
                raise AssertionError(
                    self._missing(f"predicate not met within {timeout}s")
                    + f"\nRead while waiting:\n{seen}"
                ) from None
            collected.append(message)
            if predicate(message):
                return collected


class FakeZaloUser(_Chat):
    """A Zalo user in a private chat with the bot; the chat id is the user id, as on Zalo."""

    def __init__(self, fake: FakeZalo, user_id: str, display_name: str) -> None:
        super().__init__(fake, user_id)
        self.display_name = display_name
        self.blocked = False

    def __repr__(self) -> str:
        return f"FakeZaloUser({self.id!r}, {self.display_name!r})"

    @property
    def chat_id(self) -> str:
        """Where the bot replies to this user."""
        return self.id

    def to_dict(self) -> JSONDict:
        """The ``from`` object of this user's messages."""
        return {"id": self.id, "display_name": self.display_name, "is_bot": False}

    # -- sending -------------------------------------------------------------------------------

    async def send_text(
        self,
        text: str,
        *,
        group: FakeZaloGroup | None = None,
        mention: bool = False,
        reply_to: ZaloSent | str | None = None,
    ) -> JSONDict:
        """Send a text message (in a ``group``: with an @mention of the bot, or replying to
        one of its messages, or Zalo does not pass it on); returns the event."""
        if mention:
            text = f"@{self.fake.bot_name} {text}"
        return await self.fake._user_event(
            self, EVENT_TEXT, {"text": text}, group=group, mention=mention, reply_to=reply_to
        )

    async def send_image(
        self,
        caption: str | None = None,
        *,
        data: bytes | None = None,
        group: FakeZaloGroup | None = None,
        mention: bool = False,
    ) -> JSONDict:
        """Send a picture (a tiny JPEG unless ``data``), served by the fake at ``photo_url``."""
        url = self.fake.add_file(TINY_JPEG if data is None else data)
        content: JSONDict = {"photo_url": url, "message_type": "CHAT_PHOTO"}
        if caption is not None:
            content["caption"] = caption
        return await self.fake._user_event(self, EVENT_IMAGE, content, group=group, mention=mention)

    async def send_voice(
        self,
        data: bytes,
        *,
        content_type: str = "audio/aac",
        ext: str = "aac",
        group: FakeZaloGroup | None = None,
    ) -> JSONDict:
        """Send a voice note (``message.voice.received``), served by the fake at ``voice_url``."""
        url = self.fake.add_file(data, content_type=content_type, ext=ext)
        content: JSONDict = {"voice_url": url, "message_type": "CHAT_VOICE"}
        return await self.fake._user_event(self, EVENT_VOICE, content, group=group)

    async def send_sticker(self, sticker: str | None = None) -> JSONDict:
        """Send a sticker; ``sticker`` is its id and ``url`` its picture."""
        sticker_id = sticker or self.fake._hex()
        content = {
            "sticker": sticker_id,
            "url": self.fake.add_file(TINY_JPEG),
            "message_type": "CHAT_STICKER",
        }
        return await self.fake._user_event(self, EVENT_STICKER, content)

    async def send_unsupported(self) -> JSONDict:
        """What Zalo sends for content it withholds (protected users, unsupported types)."""
        return await self.fake._user_event(self, EVENT_UNSUPPORTED, {})

    def block_bot(self) -> None:
        """Block the bot: sends to this user answer 403 until :meth:`unblock_bot`."""
        self.blocked = True

    def unblock_bot(self) -> None:
        """Allow the bot to write again."""
        self.blocked = False

    # -- reading -------------------------------------------------------------------------------

    @property
    def replies(self) -> list[ZaloSent]:
        """Everything the bot sent to this user, in order."""
        return self._received

    def _missing(self, problem: str) -> str:
        return self.fake.describe(self, problem)

    async def next_reply(self, timeout: float = 5.0) -> ZaloSent:  # noqa: ASYNC109
        """The next unread reply, waiting up to ``timeout`` seconds for it."""
        return await self._next(timeout)

    async def replies_until(
        self,
        predicate: Callable[[ZaloSent], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[ZaloSent]:
        """Read replies until one satisfies ``predicate``; returns all read, that one last."""
        return await self._until(predicate, timeout)


class FakeZaloGroup(_Chat):
    """A Zalo group chat the bot was added to (by a group admin, through its link)."""

    def __init__(self, fake: FakeZalo, group_id: str, title: str) -> None:
        super().__init__(fake, group_id)
        self.title = title
        #: False once the bot was removed (or left): sends answer 403, nothing is delivered.
        self.bot_member = True
        #: False where the bot hears the group but may not post (a beta that refuses it).
        self.may_post = True

    def __repr__(self) -> str:
        return f"FakeZaloGroup({self.id!r}, {self.title!r})"

    @property
    def chat_id(self) -> str:
        """Where the bot posts into this group."""
        return self.id

    def to_chat(self) -> JSONDict:
        """The ``chat`` object of messages in this group."""
        return {"id": self.id, "chat_type": "GROUP"}

    def remove_bot(self) -> None:
        """A group admin removes the bot: its sends are refused from now on."""
        self.bot_member = False

    def add_bot(self) -> None:
        """The bot is in the group (again)."""
        self.bot_member = True

    @property
    def messages(self) -> list[ZaloSent]:
        """Everything the bot posted in this group, in order."""
        return self._received

    def _missing(self, problem: str) -> str:
        seen = "\n".join("  " + m.summary() for m in self.messages[-8:]) or "  (none)"
        return (
            f"{problem} in group {self.title} (read {self._cursor}).\nRecent messages:\n{seen}"
            f"\nRecent API calls: {[m for m, _ in self.fake.calls[-12:]]}"
        )

    async def next_message(self, timeout: float = 5.0) -> ZaloSent:  # noqa: ASYNC109
        """The next unread message in the group, waiting up to ``timeout`` seconds."""
        return await self._next(timeout)

    async def messages_until(
        self,
        predicate: Callable[[ZaloSent], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[ZaloSent]:
        """Read messages until one satisfies ``predicate``; returns all read, that one last."""
        return await self._until(predicate, timeout)


_Handler = Callable[[JSONDict], Awaitable[Any]]


class FakeZalo:
    """In-memory Zalo Bot API on 127.0.0.1; see the module docstring."""

    def __init__(
        self,
        token: str = "zalo-test-token",
        *,
        bot_name: str = "ANTT Bot",
        seed: int = 0x2A10,
        can_join_groups: bool = True,
    ) -> None:
        self.token = token
        self.bot_name = bot_name
        #: What getMe says; False also refuses every send into a group (403), while a group
        #: the bot is in still passes it messages (so the bot can say why it can't link it).
        self.can_join_groups = can_join_groups
        #: Sends (any chat) allowed per rolling second before 429 "Quota exceeded"; None: no
        #: limit. Zalo publishes none; tests set one to play a storm.
        self.quota_per_second: float | None = None
        self._sends: deque[float] = deque()
        self.quota_refusals = 0
        # Seeded so ids repeat from run to run, which keeps failure reports comparable; a
        # sandbox reusing its database passes a fresh seed, or its message ids would repeat.
        self._rng = random.Random(seed)
        self.bot_id = self._hex()

        # Knobs tests may turn.
        self.timeout_hold = 30.0
        self.webhook_retry_delay = 0.05
        self.webhook_max_attempts = 50
        self.webhook_timeout = 5.0

        # Records.
        self.sent: list[ZaloSent] = []
        self.calls: list[tuple[str, JSONDict]] = []
        self.errors: list[tuple[str, int, str]] = []
        self.faults_served: list[tuple[str, str]] = []
        self.chat_actions: list[tuple[str, str]] = []
        #: URLs the fake downloaded for sendPhoto / sendVoice, and the status each answered.
        self.fetches: list[tuple[str, int | None]] = []
        self.webhook_attempts: list[tuple[str, int | None]] = []  # (message_id, status or None)
        self.listeners: list[Callable[[ZaloSent], None]] = []

        self._users: dict[str, FakeZaloUser] = {}
        self._groups: dict[str, FakeZaloGroup] = {}
        self._queue: deque[JSONDict] = deque()
        self._files: dict[str, _File] = {}
        self._faults: list[_Fault] = []
        self._cond = asyncio.Condition()
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._closing = False
        self._webhook_url: str | None = None
        self._webhook_secret: str | None = None
        self._webhook_updated_at = 0
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_session: ClientSession | None = None
        self._runner: web.AppRunner | None = None
        self._host = "127.0.0.1"
        self._port: int | None = None
        # Zalo method names are case-sensitive, so no case folding here.
        self._methods: dict[str, _Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendVoice": self._send_voice,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port``; port 0 picks a free one."""
        if self._runner is not None:
            raise RuntimeError("FakeZalo already started")
        self._closing = False
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/files/{name}", self._handle_file)
        # Held requests end as soon as stop() runs, so a short shutdown timeout loses nothing.
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._host = host
        self._port = int(runner.addresses[0][1])
        logger.info("fake Zalo listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop serving; long polls and held requests are released first."""
        self._closing = True
        await self._changed()
        await self._stop_webhook_worker()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeZalo:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port in use."""
        if self._port is None:
            raise RuntimeError("FakeZalo is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ``ZaloClient(base_url=...)``; the client appends ``/bot<TOKEN>/<method>``."""
        return f"http://{self._host}:{self.port}"

    # -- users, events, files ------------------------------------------------------------------

    def _hex(self) -> str:
        """A 20-hex-digit id like Zalo's user, chat and message ids."""
        return f"{self._rng.getrandbits(80):020x}"

    def user(self, display_name: str = "Lan", *, user_id: str | None = None) -> FakeZaloUser:
        """Create a user (and their private chat with the bot)."""
        uid = user_id or self._hex()
        if uid in self._users:
            raise ValueError(f"user {uid} already exists")
        created = FakeZaloUser(self, uid, display_name)
        self._users[uid] = created
        return created

    def user_by_id(self, user_id: str) -> FakeZaloUser:
        """A user created earlier."""
        return self._users[user_id]

    def group(self, title: str = "Công an xã", *, group_id: str | None = None) -> FakeZaloGroup:
        """Create a group the bot is a member of (as after a group admin accepted it)."""
        gid = group_id or self._hex()
        if gid in self._groups or gid in self._users:
            raise ValueError(f"chat {gid} already exists")
        created = FakeZaloGroup(self, gid, title)
        self._groups[gid] = created
        return created

    @property
    def pending_events(self) -> list[JSONDict]:
        """Events not yet delivered by getUpdates or the webhook."""
        return list(self._queue)

    async def enqueue_raw(self, event: JSONDict) -> JSONDict:
        """Queue any event body as-is (for malformed or future event types)."""
        self._queue.append(event)
        await self._changed()
        return event

    async def _user_event(
        self,
        user: FakeZaloUser,
        event_name: str,
        content: JSONDict,
        *,
        group: FakeZaloGroup | None = None,
        mention: bool = False,
        reply_to: ZaloSent | str | None = None,
    ) -> JSONDict:
        chat = group.to_chat() if group is not None else {"id": user.id, "chat_type": "PRIVATE"}
        message: JSONDict = {
            "from": user.to_dict(),
            "chat": chat,
            "message_id": self._hex(),
            "date": _now_ms(),
            **content,
        }
        quoted = self._quoted(reply_to, chat["id"])
        if quoted is not None:
            message["reply_to_message"] = quoted
        event = {"event_name": event_name, "message": message}
        if group is not None:
            bot_quoted = quoted is not None and quoted["from"]["id"] == self.bot_id
            if not (group.bot_member and (mention or bot_quoted)):
                # Zalo passes a group message on only when it mentions or answers the bot.
                return event
        return await self.enqueue_raw(event)

    def _quoted(self, reply_to: ZaloSent | str | None, chat_id: str) -> JSONDict | None:
        """The quoted message as the event carries it (a bot's message, or anyone's id)."""
        if reply_to is None:
            return None
        if isinstance(reply_to, ZaloSent):
            if reply_to.chat_id != chat_id:
                raise ValueError("a reply quotes a message of the same chat")
            return {
                "message_id": reply_to.message_id,
                "from": {"id": self.bot_id, "display_name": self.bot_name, "is_bot": True},
                "text": reply_to.text or reply_to.caption or "",
            }
        return {"message_id": reply_to, "from": {"id": "", "is_bot": False}, "text": ""}

    def add_file(
        self,
        data: bytes,
        *,
        content_type: str = "image/jpeg",
        ext: str = "jpg",
        chunked: bool = False,
        trickle: float = 0.0,
    ) -> str:
        """Serve ``data`` at ``/files/<id>.<ext>``; chunked files omit Content-Length, and
        ``trickle`` sends them a byte at a time, that many seconds apart."""
        name = f"{self._hex()}.{ext}"
        self._files[name] = _File(data, content_type, chunked or trickle > 0, trickle)
        return f"{self.base_url}/files/{name}"

    def add_redirect(self, location: str, *, status: int = 302, body: bytes = b"") -> str:
        """Serve a redirect to ``location`` (with ``body``, as some servers send a page)."""
        name = f"{self._hex()}.jpg"
        self._files[name] = _File(body, "text/html", False, location=location, status=status)
        return f"{self.base_url}/files/{name}"

    # -- faults and waiting --------------------------------------------------------------------

    def inject(
        self,
        method: str,
        fault: Fault,
        *,
        times: int = 1,
        retry_after: float | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` ("*" = any) fail with ``fault``."""
        # "429" answers Quota exceeded, with a Retry-After header only when ``retry_after`` is
        # given since Zalo documents none; "403"/"500" answer those errors; "502" is an HTML
        # gateway page; "drop" closes the connection unanswered; "timeout" holds the request
        # ``timeout_hold`` seconds and then serves it normally, as a slow server would.
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; use one of {sorted(FAULTS)}")
        if times < 1:
            raise ValueError("times must be >= 1")
        self._faults.append(_Fault(method, fault, times, retry_after))

    async def _changed(self) -> None:
        """Wake every waiter so it re-checks its condition."""
        async with self._cond:
            self._cond.notify_all()

    async def _touch(self) -> None:
        self._last_activity = time.monotonic()
        await self._changed()

    async def _wait_locked(self, predicate: Callable[[], bool], limit: float | None) -> bool:
        """With ``_cond`` held, wait until ``predicate()`` or ``limit`` seconds; returns it."""
        loop = asyncio.get_running_loop()
        deadline = None if limit is None else loop.time() + limit
        while not predicate():
            if deadline is None:
                await self._cond.wait()
                continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._cond.wait(), remaining)
        return True

    async def wait_idle(self, quiet: float = 0.05, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once no API request (long polls aside) has arrived for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        async with self._cond:
            while True:
                now = time.monotonic()
                idle_for = now - self._last_activity
                if self._inflight == 0 and idle_for >= quiet:
                    return
                remaining = deadline - now
                if remaining <= 0:
                    raise AssertionError(
                        f"bot not idle after {timeout}s ({self._inflight} requests in flight); "
                        f"last calls: {[m for m, _ in self.calls[-10:]]}"
                    )
                pause = quiet - idle_for if self._inflight == 0 else remaining
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._cond.wait(), min(pause, remaining))

    def describe(self, user: FakeZaloUser, problem: str) -> str:
        """A failure report: recent replies to ``user``, calls and error answers."""
        replies = user.replies
        lines = [f"{problem} for {user.display_name} ({user.id}, read {user._cursor})."]
        lines.append("Recent bot messages to this user:")
        start = max(0, len(replies) - 10)
        for index, reply in enumerate(replies[start:], start):
            mark = "   " if index < user._cursor else "new"
            lines.append(f"  {mark} {reply.summary()}")
        if not replies:
            lines.append("  (none)")
        lines.append(f"Recent API calls: {[m for m, _ in self.calls[-12:]]}")
        if self.errors:
            lines.append("Error answers served:")
            lines.extend(f"  {m} -> {code} {desc}" for m, code, desc in self.errors[-5:])
        lines.append(f"Undelivered events: {len(self._queue)}")
        return "\n".join(lines)

    # -- HTTP plumbing -------------------------------------------------------------------------

    @staticmethod
    def _json(
        body: JSONDict, status: int = 200, headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.Response(
            text=json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json",
            headers=headers,
        )

    @staticmethod
    async def _read_params(request: web.Request) -> JSONDict:
        """Zalo takes query strings, forms and JSON bodies alike."""
        params: JSONDict = dict(request.query)
        if request.method == "POST" and request.body_exists:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise _bad("body is not valid JSON") from None
                if not isinstance(body, dict):
                    raise _bad("JSON body must be an object")
                params.update(body)
            elif request.content_type in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params

    def _take_fault(self, method: str) -> _Fault | None:
        for fault in self._faults:
            if fault.method not in ("*", method):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return self._json(ZaloApiError(401, "Unauthorized").payload(), 401)
        name = request.match_info["method"]
        handler = self._methods.get(name)
        if handler is None:
            return self._json(ZaloApiError(404, "Not Found").payload(), 404)
        try:
            params = await self._read_params(request)
        except ZaloApiError as exc:
            return self._json(exc.payload(), exc.code)
        self.calls.append((name, params))
        logger.info("%s %s", name, params.get("chat_id", ""))
        tracked = name != "getUpdates"  # long polls are not "work" for wait_idle
        if tracked:
            self._inflight += 1
            await self._touch()
        try:
            fault = self._take_fault(name)
            if fault is not None:
                self.faults_served.append((name, fault.kind))
                logger.info("fault %s served for %s", fault.kind, name)
                if fault.kind == "429":
                    headers = None
                    if fault.retry_after is not None:
                        headers = {"Retry-After": f"{fault.retry_after:g}"}
                    return self._json(ZaloApiError(429, "Quota exceeded").payload(), 429, headers)
                if fault.kind in ("403", "500"):
                    description = "Forbidden" if fault.kind == "403" else "Internal Server Error"
                    raise ZaloApiError(int(fault.kind), description)
                if fault.kind == "502":
                    return web.Response(status=502, text=_NGINX_502, content_type="text/html")
                if fault.kind == "drop":
                    if request.transport is not None:
                        request.transport.close()
                    return web.Response(status=500)
                # "timeout": the client gives up meanwhile, so the hold must not count as work.
                if tracked:
                    self._inflight -= 1
                    tracked = False
                    await self._touch()
                async with self._cond:
                    await self._wait_locked(lambda: self._closing, self.timeout_hold)
                if self._closing:
                    return web.Response(status=503)
            result = await handler(params)
            body: JSONDict = {"ok": True} if result is None else {"ok": True, "result": result}
            return self._json(body)
        except ZaloApiError as exc:
            self.errors.append((name, exc.code, exc.description))
            logger.info("%s -> %d %s", name, exc.code, exc.description)
            return self._json(exc.payload(), exc.code)
        finally:
            if tracked:
                self._inflight -= 1
                await self._touch()

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files.get(request.match_info["name"])
        if stored is None:
            return web.Response(status=404, text="Not Found")
        if stored.location is not None:
            headers = {"Location": stored.location}
            return web.Response(status=stored.status, body=stored.data, headers=headers)
        if not stored.chunked:
            return web.Response(body=stored.data, content_type=stored.content_type)
        response = web.StreamResponse()
        response.content_type = stored.content_type
        response.enable_chunked_encoding()
        await response.prepare(request)
        step = 1 if stored.trickle else 4096
        for start in range(0, len(stored.data), step):
            await response.write(stored.data[start : start + step])
            if stored.trickle:
                await asyncio.sleep(stored.trickle)
        await response.write_eof()
        return response

    # -- methods -------------------------------------------------------------------------------

    async def _get_me(self, params: JSONDict) -> Any:
        return {
            "id": self.bot_id,
            "account_name": self.bot_name,
            "account_type": "BASIC",
            "can_join_groups": self.can_join_groups,
        }

    async def _get_updates(self, params: JSONDict) -> Any:
        if self._webhook_url:
            # The docs only say getUpdates does not work while a webhook is set; the exact
            # error is not documented, so this mirrors Telegram's 409.
            raise ZaloApiError(409, "Conflict: getUpdates is disabled while a webhook is set")
        raw = params.get("timeout", 30)
        try:
            timeout = min(max(float(raw), 0.0), 600.0)
        except (TypeError, ValueError):
            raise _bad("timeout must be a number of seconds") from None
        event: JSONDict | None = None
        async with self._cond:
            await self._wait_locked(
                lambda: bool(self._queue) or self._closing or self._webhook_url is not None,
                timeout,
            )
            if self._queue and self._webhook_url is None:
                event = self._queue.popleft()
        if self._webhook_url:
            raise ZaloApiError(409, "Conflict: terminated by setWebhook")
        if event is None:
            # What Zalo answers when nothing arrived within the poll timeout.
            raise ZaloApiError(408, "Request timeout")
        await self._touch()
        return event

    async def _set_webhook(self, params: JSONDict) -> Any:
        url = params.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise _bad("url must be an http(s) URL")
        secret = params.get("secret_token")
        if not isinstance(secret, str) or not SECRET_MIN <= len(secret) <= SECRET_MAX:
            raise _bad(f"secret_token must be {SECRET_MIN}-{SECRET_MAX} characters")
        await self._stop_webhook_worker()
        self._webhook_url = url
        self._webhook_secret = secret
        self._webhook_updated_at = _now_ms()
        self._webhook_session = ClientSession(timeout=ClientTimeout(total=self.webhook_timeout))
        self._webhook_task = asyncio.create_task(self._webhook_loop(url, secret))
        # Wake a long poll so it notices the webhook took over.
        await self._changed()
        return {"url": url, "updated_at": self._webhook_updated_at}

    async def _delete_webhook(self, params: JSONDict) -> Any:
        await self._stop_webhook_worker()
        self._webhook_url = None
        self._webhook_secret = None
        self._webhook_updated_at = _now_ms()
        return {"url": "", "updated_at": self._webhook_updated_at}

    async def _get_webhook_info(self, params: JSONDict) -> Any:
        return {"url": self._webhook_url or "", "updated_at": self._webhook_updated_at}

    def _chat(self, params: JSONDict) -> FakeZaloUser | FakeZaloGroup:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise _bad("chat_id is required")
        group = self._groups.get(str(raw))
        if group is not None:
            if not (self.can_join_groups and group.bot_member and group.may_post):
                raise ZaloApiError(403, "Forbidden: the bot may not post in this group")
            self._quota()
            return group
        user = self._users.get(str(raw))
        if user is None:
            raise _bad("chat not found")
        if user.blocked:
            raise ZaloApiError(403, "Forbidden: the user has blocked the bot")
        self._quota()
        return user

    def _quota(self) -> None:
        """Refuse a send beyond ``quota_per_second`` in the last second."""
        if self.quota_per_second is None:
            return
        now = time.monotonic()
        while self._sends and self._sends[0] <= now - 1.0:
            self._sends.popleft()
        if len(self._sends) >= self.quota_per_second:
            self.quota_refusals += 1
            raise ZaloApiError(429, "Quota exceeded")
        self._sends.append(now)

    async def _record(
        self,
        method: str,
        chat: FakeZaloUser | FakeZaloGroup,
        fetched: bytes | None = None,
        **content: str | None,
    ) -> JSONDict:
        sent = ZaloSent(chat.id, self._hex(), method, date=_now_ms(), fetched=fetched, **content)
        self.sent.append(sent)
        for listener in list(self.listeners):
            listener(sent)
        await self._touch()
        return {"message_id": sent.message_id, "date": sent.date}

    async def _fetch(self, url: str, what: str) -> bytes:
        """Download what the bot asks Zalo to send, as Zalo does; refuse what won't come."""
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            # A fake never leaves this machine: an address outside it can't be fetched.
            self.fetches.append((url, None))
            raise _bad(f"could not fetch the {what} (not on this machine)")
        try:
            async with (
                ClientSession(timeout=ClientTimeout(total=5)) as session,
                session.get(url, allow_redirects=False) as response,
            ):
                data = await response.read()
                status = response.status
        except (ClientError, TimeoutError, OSError) as exc:
            self.fetches.append((url, None))
            raise _bad(f"could not fetch the {what} ({type(exc).__name__})") from None
        self.fetches.append((url, status))
        if status != 200 or not data:
            raise _bad(f"could not fetch the {what} (HTTP {status})")
        return data

    async def _send_message(self, params: JSONDict) -> Any:
        user = self._chat(params)
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise _bad("text is required")
        if len(text) > TEXT_LIMIT:
            raise _bad(f"text must be at most {TEXT_LIMIT} characters")
        return await self._record("sendMessage", user, text=text)

    async def _send_photo(self, params: JSONDict) -> Any:
        user = self._chat(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            raise _bad("photo must be an http(s) URL")
        caption = params.get("caption")
        if caption is not None and (not isinstance(caption, str) or len(caption) > TEXT_LIMIT):
            raise _bad(f"caption must be at most {TEXT_LIMIT} characters")
        data = await self._fetch(photo, "photo")
        return await self._record(
            "sendPhoto", user, fetched=data, photo_url=photo, caption=caption or None
        )

    async def _send_voice(self, params: JSONDict) -> Any:
        chat = self._chat(params)
        if isinstance(chat, FakeZaloGroup):
            # Documented for private chats only.
            raise _bad("sendVoice is available in private chats only")
        voice = params.get("voice")
        if not isinstance(voice, str) or not voice.startswith(("http://", "https://")):
            raise _bad("voice must be an http(s) URL")
        data = await self._fetch(voice, "voice")
        return await self._record("sendVoice", chat, fetched=data, voice_url=voice)

    async def _send_sticker(self, params: JSONDict) -> Any:
        user = self._chat(params)
        sticker = params.get("sticker")
        if not isinstance(sticker, str) or not sticker:
            raise _bad("sticker is required")
        return await self._record("sendSticker", user, sticker=sticker)

    async def _send_chat_action(self, params: JSONDict) -> Any:
        user = self._chat(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise _bad(f"action must be one of {sorted(CHAT_ACTIONS)}")
        self.chat_actions.append((user.id, str(action)))
        return None  # the docs show a bare {"ok": true}

    # -- webhook delivery ----------------------------------------------------------------------

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        session, self._webhook_session = self._webhook_session, None
        if session is not None:
            await session.close()

    async def _post(self, url: str, body: JSONDict, secret: str | None) -> int | None:
        """POST ``body`` as JSON; the HTTP status, or None when no answer came."""
        session = self._webhook_session
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Bot-Api-Secret-Token"] = secret
        try:
            if session is None:
                async with (
                    ClientSession(timeout=ClientTimeout(total=self.webhook_timeout)) as own,
                    own.post(url, data=json.dumps(body), headers=headers) as resp,
                ):
                    await resp.read()
                    return resp.status
            async with session.post(url, data=json.dumps(body), headers=headers) as resp:
                await resp.read()
                return resp.status
        except (ClientError, TimeoutError, OSError) as exc:
            logger.info("webhook POST failed: %s", exc.__class__.__name__)
            return None

    async def _webhook_loop(self, url: str, secret: str) -> None:
        while not self._closing:
            async with self._cond:
                await self._wait_locked(lambda: bool(self._queue) or self._closing, None)
                if self._closing:
                    return
                # Peek, not pop: deleteWebhook mid-delivery leaves the event for getUpdates.
                event = self._queue[0]
            message = event.get("message")
            message_id = str(message.get("message_id", "")) if isinstance(message, dict) else ""
            for _attempt in range(self.webhook_max_attempts):
                status = await self._post(url, {"ok": True, "result": event}, secret)
                self.webhook_attempts.append((message_id, status))
                await self._changed()
                if status is not None and 200 <= status < 300:
                    break
                logger.info("webhook delivery of %s failed: %s", message_id, status)
                await asyncio.sleep(self.webhook_retry_delay)
            async with self._cond:
                if self._queue and self._queue[0] is event:
                    self._queue.popleft()
            await self._touch()

    async def post_webhook_raw(
        self, body: JSONDict, secret: str | None, *, url: str | None = None
    ) -> int:
        """POST a forged or duplicate delivery (no header if ``secret`` is None); the status."""
        target = url or self._webhook_url
        if target is None:
            raise RuntimeError("no webhook is set; pass url=")
        status = await self._post(target, body, secret)
        if status is None:
            raise RuntimeError("the webhook did not answer")
        return status


async def _serve(args: argparse.Namespace) -> None:
    fake = FakeZalo(args.token, bot_name=args.bot_name)
    await fake.start(args.host, args.port)
    print(f"fake Zalo on {fake.base_url} (token {fake.token})", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main(argv: list[str] | None = None) -> None:
    """Run the fake server until interrupted."""
    parser = argparse.ArgumentParser(description="Fake Zalo Bot API server on loopback")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--token", default="zalo-test-token")
    parser.add_argument("--bot-name", default="ANTT Bot")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
