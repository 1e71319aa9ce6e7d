"""On Zalo too, the words around choices are the person's language, not the deployment's."""

from __future__ import annotations

from harness import Bench, zsay


async def test_a_zalo_member_who_chose_english_types_english_words(zbench: Bench) -> None:
    tom = await zbench.join_zalo("Tom")
    lan = await zbench.join_zalo("Lan")
    await zsay(tom, "/caidat en")
    await tom.next_reply()  # the settings, in English
    prompt = await zsay(tom, "/tip")
    assert "Step 1/3" in prompt and "👉 Reply with a number from 1 to 10." in prompt
    assert "❌ Cancel: type /cancel" in prompt
    for text in ("1", "Strangers asking about motorbikes"):
        await zsay(tom, text)
    summary = await zsay(tom, "Market")
    assert "1. 📨 Send" in summary and "👉 Reply 1, 2, 3, 4 or 5." in summary
    photos = await zsay(tom, "2")
    assert "✅ Done: type «done»" in photos and "xong" not in photos
    done = await zsay(tom, "done")
    assert done.startswith("Please check the tip")
    await zsay(tom, "1")
    listing = await zsay(tom, "/my")
    assert "type /followup TB-" in listing

    # Her neighbour chose nothing: Vietnamese, typed words included.
    prompt = await zsay(lan, "/tinbao")
    assert "👉 Trả lời một số từ 1 đến 10." in prompt and "❌ Hủy: gõ /huy" in prompt
