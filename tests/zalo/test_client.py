"""ZaloClient against the fake Zalo Bot API on loopback, and Zalo event parsing."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.devtools.fake_zalo import TINY_JPEG, FakeZalo, FakeZaloUser
from bot.zalo import (
    ZaloBadRequest,
    ZaloClient,
    ZaloError,
    ZaloEvent,
    ZaloForbidden,
    ZaloNetworkError,
    ZaloRetryAfter,
    ZaloUnauthorized,
    parse_event,
)

TOKEN = "3141592653:zalo-SECRET-token-xyz"
SECRET = "webhook-secret-42"


@pytest.fixture
async def server() -> AsyncIterator[FakeZalo]:
    async with FakeZalo(TOKEN) as fake:
        yield fake


@pytest.fixture
async def zalo(server: FakeZalo) -> AsyncIterator[ZaloClient]:
    async with ZaloClient(TOKEN, base_url=server.base_url, timeout=2.0) as client:
        yield client


@pytest.fixture
async def quick(server: FakeZalo) -> AsyncIterator[ZaloClient]:
    """A client that gives up after 0.3 s, for slow-server faults."""
    async with ZaloClient(TOKEN, base_url=server.base_url, timeout=0.3) as client:
        yield client


async def _poll(zalo: ZaloClient) -> ZaloEvent:
    event = await zalo.get_updates(timeout=1)
    assert event is not None
    return event


# -- reading events ----------------------------------------------------------------------------


async def test_get_me(zalo: ZaloClient, server: FakeZalo) -> None:
    info = await zalo.get_me()
    assert info.id == server.bot_id
    assert info.account_name == "ANTT Bot"


SENDERS: dict[str, Callable[[FakeZaloUser], Awaitable[dict[str, Any]]]] = {
    "text": lambda user: user.send_text("Có người lạ đi quanh xóm"),
    "image": lambda user: user.send_image("Biển số xe"),
    "sticker": lambda user: user.send_sticker(),
    "unsupported": lambda user: user.send_unsupported(),
}


@pytest.mark.parametrize("kind", list(SENDERS))
async def test_each_kind_comes_back_from_get_updates(
    zalo: ZaloClient, server: FakeZalo, kind: str
) -> None:
    user = server.user("Lan")
    raw = await SENDERS[kind](user)
    event = await _poll(zalo)

    assert event.kind == kind
    assert event.event_name == raw["event_name"]
    assert event.chat_id == user.id
    assert event.user.id == user.id
    assert event.user.display_name == "Lan"
    assert not event.user.is_bot
    assert event.message.chat.chat_type == "PRIVATE"
    assert event.message.message_id == raw["message"]["message_id"]
    millis = raw["message"]["date"]
    assert event.message.date == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)
    assert event.message.date.tzinfo is UTC
    assert abs(datetime.now(UTC) - event.message.date) < timedelta(seconds=10)
    if kind == "text":
        assert event.message.text == "Có người lạ đi quanh xóm"
    elif kind == "image":
        assert event.message.photo_url is not None and event.message.photo_url.endswith(".jpg")
        assert event.message.caption == "Biển số xe"
    elif kind == "sticker":
        assert event.message.sticker and event.message.url
    else:
        assert event.message.text is None and event.message.photo_url is None


async def test_get_updates_is_none_on_408(zalo: ZaloClient, server: FakeZalo) -> None:
    started = time.monotonic()
    assert await zalo.get_updates(timeout=1) is None
    assert 0.9 <= time.monotonic() - started < 2.5
    assert server.errors[-1] == ("getUpdates", 408, "Request timeout")


async def test_408_is_both_http_status_and_body(server: FakeZalo) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{server.base_url}/bot{TOKEN}/getUpdates", json={"timeout": 0})
    assert response.status_code == 408
    assert response.json() == {"ok": False, "error_code": 408, "description": "Request timeout"}


async def test_long_poll_wakes_when_a_message_arrives(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user()
    started = time.monotonic()
    poll = asyncio.create_task(zalo.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    await user.send_text("alo")
    event = await poll
    assert event is not None and event.message.text == "alo"
    assert time.monotonic() - started < 1.0


async def test_unusable_event_is_skipped_not_raised(zalo: ZaloClient, server: FakeZalo) -> None:
    await server.enqueue_raw({"event_name": "user.follow", "follower": {"id": "abc"}})
    assert await zalo.get_updates(timeout=1) is None
    assert server.pending_events == []


# -- sending -----------------------------------------------------------------------------------


async def test_send_message_reply_is_readable(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user("Minh")
    message_id = await zalo.send_message(user.id, "Đã nhận báo cáo.")
    reply = await user.next_reply()
    assert reply.text == "Đã nhận báo cáo."
    assert reply.message_id == message_id and reply.method == "sendMessage"
    assert user.unread() == []


async def test_fake_reading_helpers(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user()
    for text in ("một", "hai", "ba"):
        await zalo.send_message(user.id, text)
    await server.wait_idle()
    assert [r.text for r in user.unread()] == ["một", "hai", "ba"]
    read = await user.replies_until(lambda reply: reply.text == "hai")
    assert [r.text for r in read] == ["một", "hai"]
    assert [r.text for r in user.drain()] == ["ba"]
    with pytest.raises(AssertionError, match="no reply within"):
        await user.next_reply(timeout=0.05)


async def test_photo_sticker_and_typing(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user()
    await zalo.send_chat_action(user.id)
    url = server.add_file(TINY_JPEG)
    await zalo.send_photo(user.id, url, "Bản đồ")
    await zalo.send_sticker(user.id, "a1b2c3")
    photo, sticker = user.drain()
    assert (photo.method, photo.photo_url, photo.caption) == ("sendPhoto", url, "Bản đồ")
    # Zalo fetches the picture it is given, and so does the fake.
    assert photo.fetched == TINY_JPEG
    assert (sticker.method, sticker.sticker) == ("sendSticker", "a1b2c3")
    assert server.chat_actions == [(user.id, "typing")]
    # A picture Zalo can't fetch is refused, and nothing is sent.
    with pytest.raises(ZaloBadRequest):
        await zalo.send_photo(user.id, server.base_url + "/files/missing.jpg")
    assert user.drain() == []


async def test_text_length_is_checked_before_any_request(
    zalo: ZaloClient, server: FakeZalo
) -> None:
    user = server.user()
    for bad in ("", "x" * 2001):
        with pytest.raises(ValueError, match=r"1\.\.2000"):
            await zalo.send_message(user.id, bad)
    assert [m for m, _ in server.calls if m == "sendMessage"] == []
    await zalo.send_message(user.id, "x" * 2000)
    assert (await user.next_reply()).text == "x" * 2000


async def test_bad_request_from_server(zalo: ZaloClient) -> None:
    with pytest.raises(ZaloBadRequest) as caught:
        await zalo.send_message("0123456789abcdef0123", "hello")
    assert caught.value.error_code == 400 and not caught.value.retryable


# -- errors ------------------------------------------------------------------------------------


async def test_quota_exceeded_is_retry_after(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user()
    server.inject("sendMessage", "429")
    with pytest.raises(ZaloRetryAfter) as caught:
        await zalo.send_message(user.id, "hi")
    assert caught.value.error_code == 429 and caught.value.retryable
    assert caught.value.retry_after == 1.0  # Zalo documents no hint, so the default applies
    server.inject("*", "429", retry_after=3)
    with pytest.raises(ZaloRetryAfter) as caught:
        await zalo.send_message(user.id, "hi")
    assert caught.value.retry_after == 3.0
    await zalo.send_message(user.id, "hi")


@pytest.mark.parametrize("fault", ["502", "500", "drop", "timeout"])
async def test_server_trouble_is_network_error(
    quick: ZaloClient, server: FakeZalo, fault: Any
) -> None:
    user = server.user()
    server.inject("sendMessage", fault)
    started = time.monotonic()
    with pytest.raises(ZaloNetworkError) as caught:
        await quick.send_message(user.id, "hi")
    assert caught.value.retryable
    assert time.monotonic() - started < 2.0
    assert server.faults_served == [("sendMessage", fault)]


async def test_blocked_user_is_forbidden(zalo: ZaloClient, server: FakeZalo) -> None:
    user = server.user()
    user.block_bot()
    with pytest.raises(ZaloForbidden) as caught:
        await zalo.send_message(user.id, "hi")
    assert caught.value.error_code == 403 and not caught.value.retryable
    user.unblock_bot()
    await zalo.send_message(user.id, "hi")
    server.inject("sendPhoto", "403")
    with pytest.raises(ZaloForbidden):
        await zalo.send_photo(user.id, "https://example.invalid/a.jpg")


async def test_unknown_token_is_unauthorized(server: FakeZalo) -> None:
    async with ZaloClient("999:wrong-token", base_url=server.base_url) as client:
        with pytest.raises(ZaloUnauthorized) as caught:
            await client.get_me()
    assert caught.value.error_code == 401
    assert "wrong-token" not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, {"ok": False, "error_code": 429, "description": "Quota exceeded"}, ZaloRetryAfter),
        (200, {"ok": False, "error_code": 403, "description": "Forbidden"}, ZaloForbidden),
        (200, {"ok": False, "error_code": 500, "description": "Internal"}, ZaloNetworkError),
        (401, {"ok": False, "description": "Unauthorized"}, ZaloUnauthorized),
        (429, None, ZaloRetryAfter),
        (200, None, ZaloNetworkError),
        (404, {"ok": False, "error_code": 404, "description": "Not Found"}, ZaloError),
    ],
)
async def test_http_status_and_body_code_are_both_mapped(
    status: int, body: dict[str, Any] | None, expected: type[ZaloError]
) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, text="<html>busy</html>")
        return httpx.Response(status, json=body)

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http,
        ZaloClient(TOKEN, http=http) as client,
    ):
        with pytest.raises(expected) as caught:
            await client.send_message("abc", "hi")
    assert type(caught.value) is expected


async def test_408_in_a_200_body_and_missing_webhook_404() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        code = 408 if request.url.path.endswith("/getUpdates") else 404
        return httpx.Response(200, json={"ok": False, "error_code": code, "description": "x"})

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http,
        ZaloClient(TOKEN, http=http) as client,
    ):
        assert await client.get_updates(timeout=0) is None
        assert await client.get_webhook_info() == {"url": ""}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_token_never_appears_in_errors_or_logs(
    server: FakeZalo, quick: ZaloClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = server.user()
    errors: list[ZaloError] = []

    async def collect(call: Awaitable[object]) -> None:
        try:
            await call
        except ZaloError as exc:
            errors.append(exc)
        else:
            raise AssertionError("expected a ZaloError")

    for fault in ("429", "403", "500", "502", "drop", "timeout"):
        server.inject("sendMessage", fault)
        await collect(quick.send_message(user.id, "hi"))
    await collect(quick.send_message("no-such-chat", "hi"))
    async with ZaloClient(TOKEN, base_url=f"http://127.0.0.1:{_free_port()}") as dead:
        await collect(dead.get_me())

    def echo(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/getMe"):
            raise httpx.ConnectError(f"cannot reach {request.url}", request=request)
        body = {"ok": False, "error_code": 400, "description": f"bad call {request.url}"}
        return httpx.Response(400, json=body)

    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(echo)) as http,
        ZaloClient(TOKEN, http=http) as echoing,
    ):
        await collect(echoing.send_message("abc", "hi"))
        await collect(echoing.get_me())
        assert TOKEN not in repr(echoing)

    assert len(errors) == 10
    assert {type(e) for e in errors} >= {ZaloRetryAfter, ZaloForbidden, ZaloNetworkError}
    for exc in errors:
        shown = str(exc) + repr(exc) + "".join(traceback.format_exception(exc))
        assert TOKEN not in shown, shown
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("bot.zalo")]
    assert any("bot***" in message for message in ours)
    assert not [message for message in ours if TOKEN in message]


# -- webhook -----------------------------------------------------------------------------------


async def test_webhook_delivery_with_secret_and_retry(zalo: ZaloClient, server: FakeZalo) -> None:
    received: list[dict[str, Any]] = []
    answers = iter([500, 502])  # the receiver fails twice before accepting
    delivered = asyncio.Event()

    async def receive(request: web.Request) -> web.Response:
        if request.headers.get("X-Bot-Api-Secret-Token") != SECRET:
            return web.Response(status=403)
        received.append(await request.json())
        status = next(answers, 200)
        if status == 200:
            delivered.set()
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/zalo", receive)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/zalo"
    try:
        with pytest.raises(ValueError, match="secret_token"):
            await zalo.set_webhook(url, "short")
        assert await zalo.set_webhook(url, SECRET)
        assert (await zalo.get_webhook_info())["url"] == url
        with pytest.raises(ZaloError) as caught:
            await zalo.get_updates(timeout=1)
        assert caught.value.error_code == 409

        user = server.user("Hoa")
        raw = await user.send_text("Có cháy ở chợ")
        await asyncio.wait_for(delivered.wait(), 5)

        message_id = raw["message"]["message_id"]
        assert server.webhook_attempts == [(message_id, 500), (message_id, 502), (message_id, 200)]
        assert len(received) == 3
        for body in received:
            assert body["ok"] is True  # the documented wrapped shape
            event = parse_event(body)
            assert event.kind == "text" and event.message.text == "Có cháy ở chợ"
            assert event.message.message_id == message_id

        assert await server.post_webhook_raw(received[0], "forged-secret") == 403
        assert await server.post_webhook_raw(received[0], None) == 403
        assert await server.post_webhook_raw(received[0], SECRET) == 200  # a duplicate
        assert len(received) == 4

        assert await zalo.delete_webhook()
        assert (await zalo.get_webhook_info())["url"] == ""
        assert await zalo.get_updates(timeout=0) is None
    finally:
        await runner.cleanup()


# -- parsing -----------------------------------------------------------------------------------

EVENT: dict[str, Any] = {
    "event_name": "message.text.received",
    "message": {
        "from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Ted", "is_bot": False},
        "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
        "text": "Xin chào",
        "message_id": "2d758cb5e222177a4e35",
        "date": 1750316131602,
    },
}


def test_parse_event_accepts_wrapped_and_bare() -> None:
    bare = parse_event(EVENT)
    wrapped = parse_event({"ok": True, "result": EVENT})
    assert bare == wrapped
    assert bare.kind == "text" and bare.chat_id == "6ede9afa66b88fe6d6a9"
    assert bare.user.display_name == "Ted"
    assert bare.message.date == datetime(2025, 6, 19, 6, 55, 31, 602000, tzinfo=UTC)


def test_parse_event_tolerates_variants() -> None:
    message = {
        **EVENT["message"],
        "text": None,
        "photo": "https://photo.example/a.jpg",  # the docs' name for photo_url
        "future_field": {"x": 1},
        "date": "1750316131",  # seconds, as a string
    }
    event = parse_event({"event_name": "message.image.received", "message": message, "extra": 1})
    assert event.kind == "image"
    assert event.message.photo_url == "https://photo.example/a.jpg"
    assert event.message.date == datetime(2025, 6, 19, 6, 55, 31, tzinfo=UTC)
    voice = parse_event({**EVENT, "event_name": "message.voice.received"})
    assert voice.kind == "other"


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        [EVENT],
        "message.text.received",
        {},
        {"ok": False, "error_code": 408, "description": "Request timeout"},
        {"ok": True, "result": "nope"},
        {"event_name": "message.text.received"},
        {"event_name": "message.text.received", "message": {"message_id": "1", "text": "bí mật"}},
        {**EVENT, "message": {**EVENT["message"], "date": True}},
    ],
)
def test_parse_event_rejects_garbage(garbage: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_event(garbage)
    assert "bí mật" not in str(caught.value)  # user content stays out of error text
