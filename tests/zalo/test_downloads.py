"""Zalo input that must not stop Zalo (issue 11 §13–15), through the running bot.

A malformed photo URL used to kill the Zalo worker for good (and again at every start, on
the stored event); one slow photo server stalled every other Zalo user; photo URLs were
fetched wherever they pointed (loopback, an HTML page, a 302 body stored as a photo).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import TINY_JPEG, FakeZalo, FakeZaloUser
from bot.domain import Channel
from bot.zalo import intake as zalo_intake
from harness import Bench, text_of, zsay

FAILED = "Mình chưa tải được ảnh"


def kept_files(bench: Bench) -> list[Path]:
    """Return the files kept from Zalo."""
    return sorted(Path(bench.settings.storage.media_dir, "zalo").glob("*/*"))


def event(user: FakeZaloUser, message_id: str, kind: str, **content: str) -> dict[str, object]:
    """Return a Zalo event as the webhook receives it."""
    message = {
        "from": user.to_dict(),
        "chat": {"id": user.id, "chat_type": "PRIVATE"},
        "message_id": message_id,
        "date": 1_790_000_000_000,
        **content,
    }
    return {"event_name": f"message.{kind}.received", "message": message}


def image_event(user: FakeZaloUser, url: str, message_id: str) -> dict[str, object]:
    return event(user, message_id, "image", photo_url=url)


async def at_photo_step(user: FakeZaloUser) -> None:
    """Walk a good deed up to its photo question."""
    for text in ["/viectot", "1", "Đưa cụ già qua suối", "1"]:
        await zsay(user, text)
    assert "Gửi ảnh" in await zsay(user, "bỏ qua")


async def test_a_malformed_photo_url_is_refused_and_zalo_keeps_working(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    hung = await zbench.join_zalo("Hùng")
    await at_photo_step(lan)
    bad = ["http://[::1", "http://[fe80::zz]/a.jpg", "http://[12345::1]/a.jpg", "ftp://x/a.jpg"]
    for n, url in enumerate(bad):
        await zbench.zalo.enqueue_raw(image_event(lan, url, f"badbadbadbadbadbad{n:02d}"))
        reply = text_of(await lan.next_reply())
        assert FAILED in reply and "Gửi ảnh" in reply, url
    # Every other Zalo user is still served, and so is Lan: her next photo is taken.
    assert "Bạn chưa gửi tin nào" in await zsay(hung, "/cuatoi")
    await lan.send_image()
    assert "Đã nhận ảnh thứ 1" in text_of(await lan.next_reply())
    assert len(kept_files(zbench)) == 1


async def test_a_stored_malformed_event_does_not_kill_zalo_at_the_next_start(
    zbench: Bench,
) -> None:
    lan = await zbench.join_zalo("Lan")
    await at_photo_step(lan)
    await zbench.stop()
    # Zalo delivered it, we stored it, and the bot stopped before handling it.
    stored = image_event(lan, "http://[::1/a.jpg", "5707ed5707ed5707ed57")
    store = zbench.settings.storage.path
    from storage.sqlite import SqliteStore

    offline = SqliteStore(store)
    await offline.open()
    await offline.inbox_add(
        [("zalo:5707ed5707ed5707ed57", Channel.ZALO, json.dumps(stored))], zbench.clock.now()
    )
    await offline.close()
    await zbench.start()
    assert FAILED in text_of(await lan.next_reply())
    assert "Đã nhận ảnh thứ 1" not in await zsay(lan, "xong")


async def test_a_slow_photo_server_holds_up_only_its_sender(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    hung = await zbench.join_zalo("Hùng")
    await at_photo_step(lan)
    # A byte every 4.5 s: the old download never timed out and stalled everyone.
    url = zbench.zalo.add_file(TINY_JPEG, trickle=4.5)
    began = time.monotonic()
    await zbench.zalo.enqueue_raw(image_event(lan, url, "510e510e510e510e510e"))
    await lan.send_text("bỏ qua")  # Lan types on before the photo is in
    await asyncio.sleep(0.2)
    # Hùng is answered at once, while Lan's photo is still downloading.
    assert "Bạn chưa gửi tin nào" in await zsay(hung, "/cuatoi")
    assert time.monotonic() - began < 2.0
    # Lan hears about her photo after the deadline (3 s here, 30 s by default), and only
    # then is her "bỏ qua" answered: her own messages stay in order.
    reply = text_of(await lan.next_reply(timeout=10))
    assert FAILED in reply
    assert 2.5 < time.monotonic() - began < 8
    assert "Kiểm tra lại" in text_of(await lan.next_reply())


@pytest.fixture
async def strict(fake: FakeTelegram, zfake: FakeZalo, tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot with production's media rules: no private address allowed."""
    bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
    zalo = bench.settings.zalo.model_copy(update={"media_allow_networks": []})
    bench.settings = bench.settings.model_copy(update={"zalo": zalo})
    async for running in bench.running():
        yield running


async def test_photos_on_private_addresses_are_not_fetched(
    strict: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    lan = await strict.join_zalo("Lan")
    await at_photo_step(lan)
    port = strict.zalo.port
    served = strict.zalo.add_file(TINY_JPEG)
    name = served.rsplit("/", 1)[1]
    for n, url in enumerate(
        [
            served,  # 127.0.0.1
            f"http://localhost:{port}/files/{name}",  # a name for loopback
            f"http://[::ffff:127.0.0.1]:{port}/files/{name}",  # loopback in IPv6 clothing
            f"http://10.0.0.7:{port}/files/{name}",
            f"http://169.254.169.254:{port}/latest/meta-data",  # cloud metadata
        ]
    ):
        with caplog.at_level(logging.WARNING, logger="bot.zalo.intake"):
            await strict.zalo.enqueue_raw(image_event(lan, url, f"{n:020d}"))
            assert FAILED in text_of(await lan.next_reply()), url
    assert kept_files(strict) == []
    refusals = [r.getMessage() for r in caplog.records if "Could not download" in r.getMessage()]
    assert refusals and all("private" in line for line in refusals[-5:]), refusals


async def test_only_pictures_are_kept_and_redirects_are_checked(zbench: Bench) -> None:
    lan = await zbench.join_zalo("Lan")
    await at_photo_step(lan)
    zalo = zbench.zalo
    page = zalo.add_file(b"<html><body>Login</body></html>", content_type="text/html")
    disguised = zalo.add_file(b"<html>not a photo</html>", content_type="image/jpeg")
    # A 302 whose body is a page: the body is never taken for the photo.
    to_page = zalo.add_redirect(page, body=b"<html>Moved</html>")
    # Out of the allowed network (127.0.0.0/8 here): refused before any connection.
    outside = zalo.add_redirect("http://10.1.2.3/inside.jpg")
    loop = zalo.add_redirect(zalo.base_url + "/files/none.jpg")
    for n, url in enumerate([page, disguised, to_page, outside, loop]):
        await zalo.enqueue_raw(image_event(lan, url, f"c0c0c0c0c0c0c0c0c0{n:02d}"))
        assert FAILED in text_of(await lan.next_reply()), url
    assert kept_files(zbench) == []
    # A redirect to a real picture is followed.
    good = zalo.add_redirect(zalo.add_file(TINY_JPEG), status=301)
    await zalo.enqueue_raw(image_event(lan, good, "600d600d600d600d600d"))
    assert "Đã nhận ảnh thứ 1" in text_of(await lan.next_reply())
    assert [p.read_bytes() for p in kept_files(zbench)] == [TINY_JPEG]


async def test_an_event_that_keeps_failing_is_set_aside(
    zbench: Bench, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    lan = await zbench.join_zalo("Lan")
    hung = await zbench.join_zalo("Hùng")
    assert zbench.runtime is not None and zbench.runtime.zalo_intake is not None
    router = zbench.runtime.zalo_intake.router
    real = router.keeps_media

    async def broken(event):  # type: ignore[no-untyped-def]
        if event.user.id == lan.id:
            raise RuntimeError("a bug that hits this one event every time")
        return await real(event)

    monkeypatch.setattr(router, "keeps_media", broken)
    monkeypatch.setattr(zalo_intake, "MAX_BACKOFF", 0.05)
    with caplog.at_level(logging.WARNING, logger="bot.zalo.intake"):
        await lan.send_image()
        # Hùng is served while Lan's event is retried.
        assert "Bạn chưa gửi tin nào" in await zsay(hung, "/cuatoi")
        for _ in range(100):
            row = await zbench.store.db.fetchone(
                "SELECT attempts, set_aside_at FROM inbox WHERE set_aside_at IS NOT NULL"
            )
            if row is not None:
                break
            await asyncio.sleep(0.05)
    assert row is not None and row["attempts"] == zalo_intake.MAX_TRIES + 1
    lines = [r.getMessage() for r in caplog.records]
    assert sum("try" in line and "RuntimeError" in line for line in lines) == 5
    assert any("Set aside the stored Zalo event" in line for line in lines)
    # Lan's chat is not blocked for good: her next message is answered.
    monkeypatch.setattr(router, "keeps_media", real)
    assert "Bạn chưa gửi tin nào" in await zsay(lan, "/cuatoi")
    # And the event set aside is not replayed at the next start.
    await zbench.restart()
    await asyncio.sleep(0.3)
    assert lan.unread() == []


async def test_an_event_that_killed_the_process_at_every_start_is_set_aside(
    zbench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    lan = await zbench.join_zalo("Lan")
    await zbench.stop()
    from storage.sqlite import SqliteStore

    offline = SqliteStore(zbench.settings.storage.path)
    await offline.open()
    killer = event(lan, "dead0dead0dead0dead0", "text", text="/cuatoi")
    await offline.inbox_add(
        [("zalo:dead0dead0dead0dead0", Channel.ZALO, json.dumps(killer))], zbench.clock.now()
    )
    # Five starts each died handling it: every try was counted before it was made.
    for _ in range(zalo_intake.MAX_TRIES):
        await offline.inbox_attempt("zalo:dead0dead0dead0dead0")
    await offline.close()
    with caplog.at_level(logging.ERROR, logger="bot.zalo.intake"):
        await zbench.start()
        await asyncio.sleep(0.5)
    assert any("Set aside" in r.getMessage() for r in caplog.records)
    assert lan.unread() == []
    assert "Bạn chưa gửi tin nào" in await zsay(lan, "/cuatoi")
