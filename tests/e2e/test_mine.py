"""/my lists a person's own entries only; follow-ups; a leader sees the team's."""

from __future__ import annotations

from bot.domain import Role
from harness import Bench, answer, say


async def file_deed(user, text: str = "Giúp cụ già qua đường") -> str:  # type: ignore[no-untyped-def]
    await say(user, "/viectot")
    for answer_text in ["1", text]:
        await say(user, answer_text)
    summary = await say(user, "tôi")
    done = await answer(user, summary, "Gửi")
    return done.all_text.split("Mã số: ")[1].split()[0]


async def test_my_lists_only_my_entries(bench: Bench) -> None:
    lan = await bench.join("Lan")
    hung = await bench.join("Hùng")
    mine = await file_deed(lan)
    theirs = await file_deed(hung)
    listing = await say(lan, "📋 Của tôi")
    assert mine in listing.all_text and theirs not in listing.all_text
    assert "Mới gửi" in listing.all_text
    assert any(mine in b.text for b in listing.buttons)


async def test_follow_up_by_button_and_by_code(bench: Bench) -> None:
    lan = await bench.join("Lan")
    code = await file_deed(lan)
    listing = await say(lan, "/cuatoi")
    prompt = await answer(lan, listing, code)
    assert f"bổ sung cho {code}" in prompt.all_text
    done = await say(lan, "Cụ đã về nhà an toàn")
    assert f"Đã bổ sung cho {code}" in done.all_text

    prompt = await say(lan, f"/bosung {code.lower()}")
    await lan.send_photo()
    done = await lan.next_reply()
    assert f"Đã bổ sung cho {code}" in done.all_text
    listing = await say(lan, "/cuatoi")
    assert "2 bổ sung" in listing.all_text

    entry = await bench.store.get_entry(code)
    assert entry is not None
    followups = await bench.store.followups(entry.id)
    assert [f.text for f in followups] == ["Cụ đã về nhà an toàn", None]


async def test_cannot_follow_up_someone_elses_entry(bench: Bench) -> None:
    lan = await bench.join("Lan")
    hung = await bench.join("Hùng")
    code = await file_deed(hung)
    reply = await say(lan, f"/bosung {code}")
    assert "Không tìm thấy tin" in reply.all_text
    entry = await bench.store.get_entry(code)
    assert entry is not None and await bench.store.followups(entry.id) == []


async def test_leader_sees_the_team_and_members_do_not(bench: Bench) -> None:
    assert bench.org is not None
    lan = await bench.join("Lan")
    leader = await bench.join("Tổ trưởng Dũng", Role.LEADER)
    other = await bench.join("Tổ viên TDP 3", team=bench.org.team_a2)
    code = await file_deed(lan)
    other_code = await file_deed(other)
    listing = await say(leader, "/cuato")
    assert code in listing.all_text and other_code not in listing.all_text
    reply = await say(lan, "/cuato")
    assert "Chỉ tổ trưởng" in reply.all_text
