"""One person on Telegram and Zalo: a link code ties the accounts, entries are shared."""

from __future__ import annotations

from datetime import timedelta

from bot.devtools.fake_telegram import FakeUser
from bot.devtools.fake_zalo import FakeZaloUser
from bot.domain import Channel
from harness import Bench, answer, say, text_of, zsay
from storage.clock import to_db


def code_in(text: str) -> str:
    return text.split("Mã liên kết của bạn: ")[1].split()[0]


async def link_zalo(zbench: Bench, telegram_user: FakeUser, name: str = "Lan") -> FakeZaloUser:
    offer = await say(telegram_user, "/lienket")
    assert "Trên Zalo, tìm «ANTT Bot» và nhắn: /lienket" in offer.all_text
    zalo_user = zbench.zalo.user(name)
    done = await zsay(zalo_user, f"/lienket {code_in(offer.all_text)}")
    assert "Đã liên kết tài khoản Zalo này với" in done
    return zalo_user


async def test_linked_member_sees_the_same_entries_on_both(zbench: Bench) -> None:
    lan = await zbench.join("Lan")
    await say(lan, "/viectot")
    for text in ["1", "Đưa cụ bà về nhà"]:
        await say(lan, text)
    summary = await say(lan, "tôi")
    sent = await answer(lan, summary, "Gửi")
    telegram_code = sent.all_text.split("Mã số: ")[1].split()[0]

    lan_zalo = await link_zalo(zbench, lan)
    # The Telegram account hears about it: a stolen code would not go unnoticed.
    notice = await lan.next_reply()
    assert "Tài khoản Zalo «Lan» vừa được liên kết với bạn" in notice.all_text
    assert await zbench.zperson(lan_zalo) == await zbench.person(lan)

    on_zalo = await zsay(lan_zalo, "/cuatoi")
    assert telegram_code in on_zalo
    for text in ["/viectot", "2", "Trả lại điện thoại bị rơi", "1"]:
        await zsay(lan_zalo, text)
    done = await zsay(lan_zalo, "1")
    zalo_code = done.split("Mã số: ")[1].split()[0]

    on_telegram = (await say(lan, "/cuatoi")).all_text
    on_zalo = await zsay(lan_zalo, "/cuatoi")
    for code in (telegram_code, zalo_code):
        assert code in on_telegram and code in on_zalo
    lines = [line for line in on_telegram.splitlines() if line.startswith(("•", "  "))]
    assert all(line in on_zalo for line in lines)


async def test_a_zalo_member_links_telegram_by_the_deep_link(zbench: Bench) -> None:
    mai = await zbench.join_zalo("Mai")
    offer = await zsay(mai, "/lienket")
    assert "https://t.me/antt_test_bot?start=" in offer
    code = code_in(offer)
    mai_tg = zbench.fake.user("Mai")
    welcome = await say(mai_tg, f"/start {code}")
    assert "Đã liên kết tài khoản Telegram này với Mai" in welcome.all_text
    assert welcome.reply_keyboard is not None
    assert "Tài khoản Telegram «Mai» vừa được liên kết" in text_of(await mai.next_reply())
    assert await zbench.person(mai_tg) == await zbench.zperson(mai)


async def test_link_codes_work_once_on_the_other_messenger_only(zbench: Bench) -> None:
    lan = await zbench.join("Lan")
    code = code_in((await say(lan, "/lienket")).all_text)
    other_tg = zbench.fake.user("Kẻ gian")
    reply = await say(other_tg, f"/lienket {code}")
    assert "phải được gõ trên ứng dụng khác" in reply.all_text

    lan_zalo = zbench.zalo.user("Lan")
    assert "Đã liên kết" in await zsay(lan_zalo, code)  # typed bare, like an invite code
    await lan.next_reply()  # the notice
    assert "đã được liên kết rồi" in await zsay(lan_zalo, f"/lienket {code}")
    stranger = zbench.zalo.user("Người khác")
    assert "đã được dùng rồi" in await zsay(stranger, f"/lienket {code}")
    assert "Mã này không đúng" in await zsay(stranger, "/lienket ZZZZ2222")


async def test_an_account_registered_to_someone_else_is_not_taken_over(zbench: Bench) -> None:
    lan = await zbench.join("Lan")
    hung_zalo = await zbench.join_zalo("Hùng")
    code = code_in((await say(lan, "/lienket")).all_text)
    reply = await zsay(hung_zalo, f"/lienket {code}")
    assert "đang được đăng ký cho một người khác" in reply
    assert (await zbench.zperson(hung_zalo)).name == "Hùng"


async def test_an_expired_code_is_refused(zbench: Bench) -> None:
    lan = await zbench.join("Lan")
    code = code_in((await say(lan, "/lienket")).all_text)
    async with zbench.store.db.write() as conn:
        # Half an hour later (the code's life), as seen by the database.
        await conn.execute(
            "UPDATE link_codes SET expires_at = ? WHERE code = ?",
            (to_db(zbench.clock.now() - timedelta(seconds=1)), code),
        )
    lan_zalo = zbench.zalo.user("Lan")
    assert "đã hết hạn" in await zsay(lan_zalo, f"/lienket {code}")


async def test_a_form_started_on_telegram_is_finished_on_zalo(zbench: Bench) -> None:
    lan = await zbench.join("Lan")
    lan_zalo = await link_zalo(zbench, lan)
    await lan.next_reply()  # the notice
    prompt = await say(lan, "/viectot")
    await answer(lan, prompt, "Chữa cháy")
    for text in ["Dập lửa đống rơm", "tôi", "thêm ảnh"]:
        await say(lan, text)
    await lan.send_photo()
    assert "Đã nhận ảnh thứ 1" in (await lan.next_reply()).all_text

    # Later, on Zalo: the same form continues there, and only there.
    await lan_zalo.send_image()
    reply = text_of(await lan_zalo.next_reply())
    assert "Đã nhận ảnh thứ 2" in reply and "gõ «xong»" in reply
    summary = await zsay(lan_zalo, "xong")
    assert "2 ảnh" in summary
    done = await zsay(lan_zalo, "1")
    code = done.split("Mã số: ")[1].split()[0]
    assert lan.unread() == []

    entry = await zbench.store.get_entry(code)
    assert entry is not None and entry.photo_count == 2
    media = await zbench.store.entry_media(entry.id)
    assert [m.channel for m in media] == [Channel.TELEGRAM, Channel.ZALO]
    assert media[0].local_path is None and media[1].local_path is not None
