"""A member records a good deed with the people who did it: people, never button words."""

from __future__ import annotations

from bot.devtools.fake_telegram import FakeUser, SentMessage
from bot.domain import EntryKind, Role
from harness import Bench, answer, choices, say


async def doers_of(bench: Bench, code: str) -> list[tuple[int | None, str | None]]:
    """Return the stored doers of an entry: (person id, resident name), in order."""
    rows = await bench.store.db.fetchall(
        "SELECT d.person_id, d.name FROM deed_doers d JOIN entries e ON e.id = d.entry_id "
        "WHERE e.code = ? ORDER BY d.id",
        (code,),
    )
    return [(r["person_id"], r["name"]) for r in rows]


async def to_doers_step(user: FakeUser) -> SentMessage:
    """Start a good deed and answer up to "who did it"."""
    prompt = await say(user, "🌟 Việc tốt")
    prompt = await answer(user, prompt, "Trả lại tài sản")
    prompt = await say(user, "Nhặt được ví có 2 triệu đồng, đã trả lại bà Mai.")
    assert "Ai đã làm" in prompt.all_text
    return prompt


async def test_member_records_a_good_deed(bench: Bench) -> None:
    lan = await bench.join("Nguyễn Thị Lan")
    hung = await bench.join("Trần Văn Hùng")
    await to_doers_step(lan)
    # "Tôi" is the reporter, "Hùng" the only teammate with that given name, the rest residents.
    summary = await say(lan, "Tôi, Hùng và bà Lục Thị Mai")
    # Who was helped and photos are offered on the summary, not asked of everyone.
    assert "Kiểm tra lại việc tốt" in summary.all_text
    assert choices(summary) == ["📨 Gửi", "👤 Thêm người được giúp", "📷 Thêm ảnh", "✏️ Sửa"]
    prompt = await answer(lan, summary, "Thêm người được giúp")
    assert "Ai được giúp" in prompt.all_text
    summary = await say(lan, "Bà Lục Thị Mai")
    assert "👤 Sửa người được giúp" in choices(summary)
    await lan.send_photo(caption="ảnh trao trả")
    prompt = await lan.next_reply()
    summary = await answer(lan, prompt, "Xong")
    assert "Người thực hiện: Nguyễn Thị Lan, Trần Văn Hùng, bà Lục Thị Mai" in summary.all_text
    assert "1 ảnh" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    assert "Đã gửi việc tốt" in done.all_text and "VT-" in done.all_text
    [entry] = await bench.store.entries_by_reporter((await bench.person(lan)).id)
    assert entry.kind == EntryKind.DEED and entry.category == "lost_property"
    assert entry.doers == "Nguyễn Thị Lan, Trần Văn Hùng, bà Lục Thị Mai"
    assert entry.helped == "Bà Lục Thị Mai"
    lan_id, hung_id = (await bench.person(lan)).id, (await bench.person(hung)).id
    assert await doers_of(bench, entry.code) == [
        (lan_id, None),
        (hung_id, None),
        (None, "bà Lục Thị Mai"),
    ]


async def test_whole_team_is_its_members_at_that_moment(bench: Bench) -> None:
    assert bench.org is not None
    lan = await bench.join("Nguyễn Thị Lan")
    dung = await bench.join("Hoàng Văn Dũng", Role.LEADER)
    await bench.join("Lò Văn Páo", team=bench.org.team_b)  # another commune's team
    prompt = await to_doers_step(lan)
    summary = await answer(lan, prompt, "Cả tổ")
    assert "Cả tổ (2 người): Nguyễn Thị Lan, Hoàng Văn Dũng" in summary.all_text
    assert "Người được giúp:" not in summary.all_text
    done = await answer(lan, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]
    # Someone joining the team later did not do it.
    later = await bench.join("Vi Thị Mới")
    ids = [(await bench.person(u)).id for u in (lan, dung)]
    assert await doers_of(bench, code) == [(ids[0], None), (ids[1], None)]
    entry = await bench.store.get_entry(code)
    assert entry is not None and entry.doers == "Nguyễn Thị Lan, Hoàng Văn Dũng"
    assert (await bench.person(later)).id not in [p for p, _ in await doers_of(bench, code)]


async def test_teammates_are_picked_by_button_then_done(bench: Bench) -> None:
    lan = await bench.join("Nguyễn Thị Lan")
    hung = await bench.join("Trần Văn Hùng")
    await bench.join("Hoàng Văn Dũng")
    prompt = await to_doers_step(lan)
    labels = [b.text for b in prompt.buttons]
    assert labels[:2] == ["1. 👥 Cả tổ", "2. 🙋 Tôi"]
    assert labels[2:4] == ["3. ▫️ Hoàng Văn Dũng", "4. ▫️ Trần Văn Hùng"]  # by name
    assert not any("Xong" in label for label in labels)  # nobody picked yet
    prompt = await answer(lan, prompt, "Trần Văn Hùng")
    assert "Đã chọn: Trần Văn Hùng" in prompt.all_text
    assert "4. ☑️ Trần Văn Hùng" in [b.text for b in prompt.buttons]
    summary = await answer(lan, prompt, "Xong")
    assert "Người thực hiện: Trần Văn Hùng" in summary.all_text
    done = await answer(lan, summary, "Gửi")
    code = done.all_text.split("Mã số: ")[1].split()[0]
    assert await doers_of(bench, code) == [((await bench.person(hung)).id, None)]


async def test_a_doer_that_is_no_name_is_refused(bench: Bench) -> None:
    lan = await bench.join("Nguyễn Thị Lan")
    await to_doers_step(lan)
    prompt = await say(lan, '=HYPERLINK("http://x")')
    assert "chỉ gồm chữ cái" in prompt.all_text  # one hint line; the question stays above
    summary = await say(lan, "tôi")
    assert "Kiểm tra lại việc tốt" in summary.all_text
    assert "Người thực hiện: Nguyễn Thị Lan" in summary.all_text
