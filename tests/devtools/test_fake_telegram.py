"""The fake Bot API server, driven through the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.devtools.fake_telegram import TINY_JPEG, FakeTelegram

TOKEN = "123456:TEST-TOKEN"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server


def make_bot(fake: FakeTelegram, read_timeout: float | None = None) -> Bot:
    request = HTTPXRequest(read_timeout=read_timeout) if read_timeout else None
    return Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url, request=request)


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with make_bot(fake) as client:
        yield client


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB 22 warns (PTBDeprecationWarning) while *building* RetryAfter, and
    # filterwarnings=error turns that warning into the exception instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Báo cáo", callback_data="report")],
            [
                InlineKeyboardButton("Trợ giúp", callback_data="help"),
                InlineKeyboardButton("Web", url="https://example.org"),
            ],
        ]
    )
    await update.effective_message.reply_text(
        f"Xin chào <b>{update.effective_user.first_name}</b>",
        parse_mode="HTML",
        reply_markup=keyboard,
    )


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Đã nhận", show_alert=query.data == "help")
    await query.edit_message_text(f"Bạn chọn: {query.data}")


@pytest.fixture
async def app(fake: FakeTelegram) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(pressed))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=5)
    yield application
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


# --- the real Application as a phone user sees it ---------------------------------------------


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.username == "antt_test_bot"
    assert me.is_bot


async def test_start_reaches_handler_and_buttons_round_trip(
    fake: FakeTelegram, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    lan = fake.user("Lan")
    await lan.send_text("/start")
    reply = await lan.next_reply()
    assert reply.text == "Xin chào Lan"  # what the phone shows, markup applied
    assert reply.raw_text == "Xin chào <b>Lan</b>"
    assert reply.message_json["entities"] == [{"type": "bold", "offset": 9, "length": 3}]
    assert [b.text for b in reply.buttons] == ["Báo cáo", "Trợ giúp", "Web"]
    assert reply.button("Web").url == "https://example.org"
    with pytest.raises(AssertionError, match="no callback_data"):
        await lan.press(reply, "Web")

    update = await lan.press(reply, "Báo cáo")
    answer = await fake.wait_for_call("answerCallbackQuery")
    assert answer["callback_query_id"] == update["callback_query"]["id"]
    await fake.wait_for_call("editMessageText")
    assert reply.text == "Bạn chọn: report"
    assert reply.buttons == []  # editing text without reply_markup drops the keyboard
    assert reply.edits[-1]["method"] == "editMessageText"
    assert fake.callback_answers[update["callback_query"]["id"]] == ("Đã nhận", False)
    await fake.wait_idle()
    assert lan.unread() == []  # an edit is not a new message


async def test_press_by_index_and_group_command(
    fake: FakeTelegram, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    group = fake.group("Công an xã A")
    hoa = fake.user("Hoa")
    await hoa.send_text("/start@antt_test_bot", chat=group)
    reply = await group.next_message()
    assert reply.chat_id == group.id < 0
    assert reply.text == "Xin chào Hoa"
    update = await hoa.press(reply, 1)
    await fake.wait_for_call("editMessageText")
    assert fake.callback_answers[update["callback_query"]["id"]] == ("Đã nhận", True)
    assert reply.text == "Bạn chọn: help"
    with pytest.raises(AssertionError, match="has 0 buttons"):
        await hoa.press(reply.message_id, 0, chat=group)


async def test_next_reply_timeout_explains(fake: FakeTelegram) -> None:
    lan = fake.user("Lan")
    with pytest.raises(AssertionError, match="no new message within") as info:
        await lan.next_reply(timeout=0.05)
    assert "Recent bot messages" in str(info.value)


async def test_wait_idle_and_replies_until(
    fake: FakeTelegram, app: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    lan = fake.user("Lan")
    for _ in range(3):
        await lan.send_text("/start")
    replies = await lan.replies_until(lambda m: len(fake.messages(lan)) == 3 and m.text is not None)
    assert len(replies) == 3
    await fake.wait_idle(quiet=0.05)
    assert lan.drain() == []


# --- getUpdates semantics ---------------------------------------------------------------------


async def test_offset_confirms_and_drops_forever(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    for text in ("một", "hai", "ba"):
        await lan.send_text(text)
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["một", "hai", "ba"]
    # Not confirmed yet: asked again, all three come back.
    assert len(await bot.get_updates()) == 3
    rest = await bot.get_updates(offset=first[1].update_id)
    assert [u.update_id for u in rest] == [first[1].update_id, first[2].update_id]
    assert await bot.get_updates(offset=first[2].update_id + 1) == ()
    assert await bot.get_updates() == ()  # confirmed updates never come back


async def test_long_poll_wakes_on_update(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_until(lambda: polls(fake) == 1)
    await lan.send_text("xin chào")
    updates = await poll
    assert time.monotonic() - started < 2
    assert updates[0].message is not None and updates[0].message.text == "xin chào"


def polls(fake: FakeTelegram) -> int:
    return sum(1 for method, _ in fake.calls if method == "getUpdates")


async def test_second_poll_and_set_webhook_end_a_long_poll(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_until(lambda: polls(fake) == 1)
    # A second Bot: one Bot never overlaps its own polls (its getUpdates pool has 1 connection).
    async with make_bot(fake) as other:
        second = asyncio.create_task(other.get_updates(timeout=5))
        await fake.wait_until(lambda: polls(fake) == 2)
        await lan.send_text("ai nhận?")
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first
        (update,) = await second
    poll = asyncio.create_task(bot.get_updates(offset=update.update_id + 1, timeout=5))
    await fake.wait_until(lambda: polls(fake) == 3)
    await bot.set_webhook("http://127.0.0.1:9/hook")
    with pytest.raises(Conflict, match="terminated by setWebhook"):
        await poll
    await bot.delete_webhook()


async def test_wait_for_call_returns_each_call_once(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    await bot.send_message(lan.id, "một")
    await bot.send_message(lan.id, "hai")
    assert (await fake.wait_for_call("sendMessage"))["text"] == "một"
    assert (await fake.wait_for_call("sendmessage"))["text"] == "hai"
    later = asyncio.create_task(fake.wait_for_call("sendMessage", lambda p: p["text"] == "ba"))
    await bot.send_message(lan.id, "ba")
    assert (await later)["chat_id"] == lan.id
    with pytest.raises(AssertionError, match="no sendMessage call"):
        await fake.wait_for_call("sendMessage", timeout=0.05)


async def test_allowed_updates_filtering(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    await lan.send_text("tin nhắn")
    sent = await bot.send_message(lan.id, "x", reply_markup=_kb("a"))
    await lan.press(sent.message_id, data="a")
    updates = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates if u.callback_query] == ["a"]
    assert len(fake.pending_updates) == 1  # the message update was filtered out for good


async def test_negative_offset_keeps_last(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    for i in range(5):
        await lan.send_text(str(i))
    updates = await bot.get_updates(offset=-2)
    assert [u.message.text for u in updates if u.message] == ["3", "4"]


async def test_every_user_update_parses(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan", last_name="Nguyễn", username="lan_ng")
    group = fake.group("Tổ ANTT", kind="group")
    await lan.send_photo(caption="hiện trường", media_group_id="77")
    await lan.send_location(21.03, 105.85)
    await lan.send_voice(4)
    await lan.send_video()
    await lan.send_document("bao_cao.xlsx")
    await lan.send_sticker()
    await lan.send_contact("+84901234567")
    await lan.send_animation()
    await lan.send_poll()
    in_group = await lan.send_text("hello", chat=group)
    await lan.edit_text(in_group["message_id"], "hello (sửa)", chat=group)
    await lan.press_raw("forged", 999)
    lan.block_bot()
    updates = await bot.get_updates()
    assert len(updates) == 13
    msgs = [u.effective_message for u in updates]
    assert msgs[0] is not None and msgs[0].photo[-1].width == 8
    assert msgs[0].caption == "hiện trường" and msgs[0].media_group_id == "77"
    assert msgs[1] is not None and msgs[1].location is not None
    assert msgs[2] is not None and msgs[2].voice is not None and msgs[2].voice.file_size
    assert msgs[4] is not None and msgs[4].document is not None
    assert msgs[4].document.mime_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert msgs[5] is not None and msgs[5].sticker is not None
    assert msgs[6] is not None and msgs[6].contact is not None
    assert msgs[6].contact.user_id == lan.id
    assert msgs[7] is not None and msgs[7].animation is not None
    assert msgs[8] is not None and msgs[8].poll is not None
    assert updates[10].edited_message is not None
    assert updates[10].edited_message.text == "hello (sửa)"
    forged = updates[11].callback_query
    assert forged is not None and forged.data == "forged"
    assert updates[12].my_chat_member is not None
    assert updates[12].my_chat_member.new_chat_member.status == "kicked"


async def test_raw_update_and_command_entity(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    message = await lan.send_text("/baocao chi tiết")
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 7}]
    raw = fake.add_raw_update(
        {
            "poll_answer": {
                "poll_id": "1",
                "option_ids": [0],
                "option_persistent_ids": ["0"],
                "user": lan.to_dict(),
            }
        }
    )
    assert raw["update_id"] == 2
    updates = await bot.get_updates()
    assert updates[1].update_id == 2


# --- files ------------------------------------------------------------------------------------


async def test_file_upload_and_download_round_trip(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    incoming = await lan.send_photo()
    biggest = incoming["photo"][-1]["file_id"]
    tg_file = await bot.get_file(biggest)
    assert bytes(await tg_file.download_as_bytearray()) == TINY_JPEG

    payload = "STT,Vụ việc\n1,Trộm xe\n".encode()
    doc = await bot.send_document(lan.id, payload, filename="bao_cao.csv", caption="Báo cáo")
    sent = await lan.next_reply()
    assert sent.method == "sendDocument" and sent.caption == "Báo cáo"
    assert sent.file_name == "bao_cao.csv" and sent.document is not None
    assert fake.file_bytes(sent.document) == payload
    assert doc.document is not None
    downloaded = await (await bot.get_file(doc.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == payload

    by_id = await bot.send_photo(lan.id, biggest, caption="ảnh lại")
    uploaded = await bot.send_photo(lan.id, TINY_JPEG)
    assert by_id.photo[-1].file_id == biggest
    assert uploaded.photo[-1].width == 8
    album = await bot.send_media_group(
        lan.id, [InputMediaPhoto(TINY_JPEG, caption="1"), InputMediaPhoto(biggest)]
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    await bot.send_voice(lan.id, b"OggS-voice", duration=2)
    replies = lan.drain()
    assert [m.method for m in replies] == [
        "sendPhoto",
        "sendPhoto",
        "sendMediaGroup",
        "sendMediaGroup",
        "sendVoice",
    ]
    assert replies[2].caption == "1" and replies[2].media_group_id is not None
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(lan.id, "AgACnot-a-real-id")


# --- validation -------------------------------------------------------------------------------


def _kb(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])


async def test_validation_like_telegram(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(lan.id, "a" * 4097)
    await bot.send_message(lan.id, "ệ" * 4096)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(lan.id, "   \n ")
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(lan.id, "x", reply_markup=_kb("đ" * 33))  # 33 chars, 66 bytes
    await bot.send_message(lan.id, "x", reply_markup=_kb("đ" * 32))
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_photo(lan.id, TINY_JPEG, caption="c" * 1025)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(42, "ai đó?")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("mới", chat_id=lan.id, message_id=999)
    sent = await bot.send_message(lan.id, "cũ", reply_markup=_kb("a"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "cũ", chat_id=lan.id, message_id=sent.message_id, reply_markup=_kb("a")
        )
    await bot.edit_message_reply_markup(lan.id, sent.message_id, reply_markup=_kb("b"))
    record = fake.messages(lan)[-1]
    assert record.buttons[0].callback_data == "b" and len(record.edits) == 1
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(lan.id, "1 < 2 <b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(lan.id, "Xong.", parse_mode="MarkdownV2")
    ok = await bot.send_message(lan.id, "*Xong*\\.", parse_mode="MarkdownV2")
    assert ok.text == "Xong." and ok.entities[0].type == "bold"
    assert await bot.delete_message(lan.id, sent.message_id)
    assert fake.messages(lan)[-2].deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(lan.id, sent.message_id)


async def test_answer_callback_only_once(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    sent = await bot.send_message(lan.id, "chọn", reply_markup=_kb("ok"))
    update = await lan.press(fake.messages(lan)[-1], "x")
    assert update["callback_query"]["message"]["message_id"] == sent.message_id
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id, text="xong")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_reply_keyboard_state(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    markup = ReplyKeyboardMarkup([["Gửi vị trí"], ["Huỷ"]], one_time_keyboard=True)
    await bot.send_message(lan.id, "chọn", reply_markup=markup)
    assert (await lan.next_reply()).reply_keyboard == [["Gửi vị trí"], ["Huỷ"]]
    assert lan.chat.reply_keyboard is not None
    await bot.send_message(lan.id, "đã huỷ", reply_markup=ReplyKeyboardRemove())
    assert (await lan.next_reply()).remove_keyboard
    assert lan.chat.reply_keyboard is None


async def test_chats_members_commands_and_more(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    group = fake.group()
    assert (await bot.get_chat_member(group.id, bot.id)).status == "administrator"
    assert (await bot.get_chat_member(group.id, lan.id)).status == "member"
    full = await bot.get_chat(group.id)
    assert full.title == "Công an xã A" and full.type == "supergroup"
    assert (await bot.get_chat(lan.id)).first_name == "Lan"
    await bot.send_chat_action(lan.id, "typing")
    assert fake.chat_actions == [(lan.id, "typing")]
    location = await bot.send_location(group.id, 10.77, 106.70)
    assert location.location is not None
    assert (await group.next_message()).location == (10.77, 106.70)

    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("baocao", "Báo cáo")])
    await bot.set_my_commands([BotCommand("start", "Start")], language_code="en")
    assert fake.commands[("default", "")] == [("start", "Bắt đầu"), ("baocao", "Báo cáo")]
    assert [c.command for c in await bot.get_my_commands(language_code="en")] == ["start"]
    await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == ()
    await bot.set_chat_menu_button()

    assert await bot.leave_chat(group.id)
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(group.id, "còn đây không?")


async def test_raw_http_edges(fake: FakeTelegram) -> None:
    async with ClientSession() as session:
        async with session.get(f"{fake.base_url}999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        async with session.post(f"{fake.base_url}{TOKEN}/noSuchMethod") as resp:
            assert resp.status == 404
            assert (await resp.json())["description"] == "Not Found: method not found"
        lan = fake.user("Lan")
        body = {"chat_id": lan.id, "text": "json", "reply_markup": {"inline_keyboard": []}}
        async with session.post(f"{fake.base_url}{TOKEN}/sendMessage", json=body) as resp:
            assert (await resp.json())["result"]["text"] == "json"
        url = f"{fake.base_url}{TOKEN}/sendmessage?chat_id={lan.id}&text=get"
        async with session.get(url) as resp:
            assert (await resp.json())["ok"] is True
    assert [m.text for m in fake.messages(lan.id)] == ["json", "get"]
    assert [name for name, _ in fake.calls] == ["sendMessage", "sendMessage"]


# --- faults -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("timedelta_retry_after")
async def test_injected_429_is_retry_after(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    fake.inject("sendMessage", "429", retry_after=7, chat_id=lan.id)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(lan.id, "x")
    assert info.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(lan.id, "x")  # only the next call was faulty
    assert fake.faults_served == [("sendMessage", "429")]


async def test_injected_502_drop_and_403(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    fake.inject("*", "502")
    with pytest.raises(NetworkError, match="Bad Gateway") as bad_gateway:
        await bot.get_me()
    assert not isinstance(bad_gateway.value, TimedOut)
    fake.inject("sendMessage", "drop")
    with pytest.raises(NetworkError) as dropped:
        await bot.send_message(lan.id, "x")
    assert not isinstance(dropped.value, TimedOut)
    fake.inject("sendMessage", "403", times=2)
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(lan.id, "x")
    await bot.send_message(lan.id, "x")
    assert [kind for _, kind in fake.faults_served] == ["502", "drop", "403", "403"]


async def test_injected_timeout_is_timed_out(fake: FakeTelegram) -> None:
    lan = fake.user("Lan")
    fake.timeout_hold = 30.0
    fake.inject("sendMessage", "timeout")
    started = time.monotonic()
    async with make_bot(fake, read_timeout=0.2) as short:
        with pytest.raises(TimedOut):
            await short.send_message(lan.id, "x")
        assert await short.get_me()  # the held request blocks nobody else
    assert time.monotonic() - started < 2
    assert fake.messages(lan) == []
    await fake.wait_idle(quiet=0.01, timeout=1)  # a held request does not count as busy


async def test_blocked_user_is_forbidden(fake: FakeTelegram, bot: Bot) -> None:
    lan = fake.user("Lan")
    lan.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(lan.id, "x")
    lan.unblock_bot()
    await bot.send_message(lan.id, "x")


@pytest.mark.usefixtures("timedelta_retry_after")
async def test_flood_limits() -> None:
    now = [1000.0]
    async with FakeTelegram(TOKEN, flood_limits=True) as fake:
        fake.clock = lambda: now[0]
        async with make_bot(fake) as client:
            lan, hoa = fake.user("Lan"), fake.user("Hoa")
            for _ in range(3):  # burst of 3 allowed in a private chat
                await client.send_message(lan.id, "x")
            with pytest.raises(RetryAfter) as info:
                await client.send_message(lan.id, "x")
            assert info.value.retry_after == dtm.timedelta(seconds=1)
            await client.send_message(hoa.id, "other chats are not affected")
            now[0] += 1.0
            await client.send_message(lan.id, "one more after a second")

            group = fake.group()
            now[0] += 5
            for _ in range(20):
                await client.send_message(group.id, "x")
            with pytest.raises(RetryAfter) as info:
                await client.send_message(group.id, "x")
            assert info.value.retry_after == dtm.timedelta(seconds=60)

            now[0] += 61
            fake.flood_global_limit = 2
            await client.send_message(lan.id, "x")
            await client.send_message(hoa.id, "x")
            with pytest.raises(RetryAfter):
                await client.send_message(group.id, "x")
            assert fake.flood_429s == 3
            await client.send_chat_action(lan.id, "typing")  # not a message: never limited


# --- webhook ----------------------------------------------------------------------------------


async def test_webhook_delivery_secret_and_retries(fake: FakeTelegram, bot: Bot) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    delivered = asyncio.Event()

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        if len(received) < 3:
            return web.Response(status=500)
        delivered.set()
        return web.Response(text="ok")

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        fake.webhook_retry_delay = 0.01
        lan = fake.user("Lan")
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="bi-mat_1")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        message = await lan.send_text("qua webhook")
        await asyncio.wait_for(delivered.wait(), 2)
        update_id = received[0][1]["update_id"]
        assert [secret for secret, _ in received] == ["bi-mat_1"] * 3
        assert received[2][1]["message"]["text"] == message["text"]
        assert fake.webhook_attempts == [(update_id, 500), (update_id, 500), (update_id, 200)]
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook") and info.pending_update_count == 0
        assert info.last_error_message is not None and "500" in info.last_error_message
        await bot.delete_webhook()
        await lan.send_text("lại polling")
        assert len(await bot.get_updates()) == 1
    finally:
        await runner.cleanup()


async def test_webhook_unreachable_gives_up(fake: FakeTelegram, bot: Bot) -> None:
    fake.webhook_retry_delay = 0.0
    fake.webhook_max_attempts = 3
    lan = fake.user("Lan")
    await bot.set_webhook("http://127.0.0.1:9/nobody-listens")
    await lan.send_text("mất")
    await fake.wait_until(lambda: len(fake.webhook_attempts) >= 3, timeout=2)
    assert [status for _, status in fake.webhook_attempts] == [None, None, None]
    assert fake.pending_updates == []


# --- standalone -------------------------------------------------------------------------------


async def test_standalone_module_runs() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.devtools.fake_telegram",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        cwd=PROJECT_ROOT,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 10)).decode().strip()
        base_url = line.removeprefix("base_url=")
        async with ClientSession() as session:
            async with session.get(f"{base_url}{TOKEN}/getMe") as resp:
                assert (await resp.json())["result"]["username"] == "antt_test_bot"
            async with session.post(base_url.replace("/bot", "/_fake/users"), json={}) as resp:
                user = await resp.json()
            text_url = base_url.replace("/bot", f"/_fake/users/{user['id']}/text")
            async with session.post(text_url, json={"text": "hi"}):
                pass
            async with session.get(f"{base_url}{TOKEN}/getUpdates") as resp:
                body = json.loads(await resp.text())
                assert body["result"][0]["message"]["text"] == "hi"
    finally:
        proc.terminate()
        await proc.wait()
