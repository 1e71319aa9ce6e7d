"""Texts past Telegram's limits as it counts them (UTF-16 code units: an emoji is two) are
split or shortened, so a member is never left without the summary or its buttons
(issue 11, §18)."""

from __future__ import annotations

from typing import Any

from bot.delivery import shorten, split_text, utf16_units
from bot.devtools.fake_telegram import TINY_JPEG, FakeTelegram
from bot.domain import Channel
from bot.messages import Outbound
from bot.tg.sender import CAPTION_LIMIT, TEXT_LIMIT, TelegramSender, telegram_calls
from harness import Bench, answer, say

#: 1,999 characters as Python counts them (a description takes 2,000), 3,997 units as
#: Telegram does: one message from a phone, but no summary around it fits in one.
EMOJI_TEXT = "🚨🔥🏍" * 666 + "!"


async def test_an_emoji_heavy_summary_is_split_and_its_buttons_come_last(bench: Bench) -> None:
    assert len(EMOJI_TEXT) < 2000 and utf16_units(EMOJI_TEXT) <= TEXT_LIMIT
    lan = await bench.join("Lan")
    await say(lan, "/tinbao")
    await say(lan, "đối tượng khả nghi")
    await lan.send_text(EMOJI_TEXT)
    await lan.next_reply()
    # Photos, urgency and a source are choices on the summary: the place is the last question.
    await lan.send_text("Chợ Nà Cáp 🏪🏪🏪")
    parts = await lan.replies_until(lambda m: bool(m.buttons), timeout=10)
    assert len(parts) >= 2, "the summary must be split to pass Telegram's limit"
    assert all(utf16_units(p.all_text) <= TEXT_LIMIT for p in parts)
    assert "Kiểm tra lại" in "".join(p.all_text for p in parts)
    assert EMOJI_TEXT[:600] in "".join(p.all_text for p in parts)
    done = await answer(lan, parts[-1], "Gửi")
    assert "Mã số:" in done.all_text
    code = done.all_text.split("Mã số: ")[1].split()[0]
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.description == EMOJI_TEXT


async def test_a_photo_with_a_long_caption_goes_as_photo_then_text(fake: FakeTelegram) -> None:
    from telegram import Bot

    caption = "📷" * 600  # 600 characters, 1,200 units: over a caption's 1,024
    assert len(caption) < CAPTION_LIMIT < utf16_units(caption)
    user = fake.user("Lan")
    photo = await user.send_photo(TINY_JPEG)
    file_id = photo["photo"][-1]["file_id"]
    message = Outbound(channel=Channel.TELEGRAM, chat_id=str(user.id), text=caption)
    message = message.model_copy(update={"photos": [file_id]})
    assert telegram_calls(message) == 2
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
        await TelegramSender(bot).deliver(message)  # type: ignore[arg-type]
    sent = user.drain()
    assert [m.method for m in sent] == ["sendPhoto", "sendMessage"]
    assert sent[1].text == caption
    assert fake.errors == []


async def test_an_edit_of_a_long_message_changes_its_last_part(fake: FakeTelegram) -> None:
    from telegram import Bot

    user = fake.user("Lan")
    long_text = "🚨" * 3000 + "\n\n" + "⏳ Chưa ai tiếp nhận."
    first = Outbound(channel=Channel.TELEGRAM, chat_id=str(user.id), text=long_text)
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as bot:
        sender = TelegramSender(bot)  # type: ignore[arg-type]
        last_id = await sender.deliver(first)
        edited = long_text.replace("⏳ Chưa ai tiếp nhận.", "✋ Đã tiếp nhận: Minh.")
        edit: dict[str, Any] = {"text": edited, "edit_message_id": last_id}
        await sender.deliver(first.model_copy(update=edit))
    parts = user.drain()
    assert len(parts) == 2 and parts[0].text == "🚨" * 2048 and parts[0].edits == []
    assert parts[-1].text == "🚨" * 952 + "\n\n✋ Đã tiếp nhận: Minh."
    assert fake.errors == []


def test_split_counts_utf16_and_keeps_every_character() -> None:
    text = ("Đối tượng 🏍 chạy về phía chợ 🚨.\n\n" * 300).strip()
    parts = split_text(text, TEXT_LIMIT, utf16=True)
    assert len(parts) > 1
    assert all(utf16_units(p) <= TEXT_LIMIT for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    # Without any space to cut at, emoji are never split in half.
    parts = split_text("🚨" * 5000, TEXT_LIMIT, utf16=True)
    assert [utf16_units(p) for p in parts] == [4096, 4096, 1808]
    assert shorten("🚨" * 600, CAPTION_LIMIT, utf16=True).endswith("…")
    assert utf16_units(shorten("🚨" * 600, CAPTION_LIMIT, utf16=True)) <= CAPTION_LIMIT
