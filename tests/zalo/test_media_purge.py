"""Purged Zalo photos leave the disk (issue 11 §10).

The purge used to resolve `zalo/…` against the working directory instead of
`storage.media_dir` and silently missed every file.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from harness import Bench, text_of, zsay
from scheduler.retention import purge

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def kept_files(media_dir: Path) -> list[Path]:
    """Return the kept Zalo files, relative to the media folder."""
    return sorted(p.relative_to(media_dir) for p in media_dir.glob("zalo/*/*"))


async def test_purged_zalo_photos_leave_the_disk(zbench: Bench) -> None:
    media_dir = Path(zbench.settings.storage.media_dir)
    lan = await zbench.join_zalo("Lan")

    async def deed_with_photo(data: bytes) -> str:
        for text in ["/viectot", "1", "Dập lửa cháy rơm", "1", "bỏ qua"]:
            await zsay(lan, text)
        await lan.send_image(data=data)
        assert "Đã nhận ảnh thứ 1" in text_of(await lan.next_reply())
        assert "Kiểm tra lại" in await zsay(lan, "xong")
        done = await zsay(lan, "1")
        return done.split("Mã số: ")[1].split()[0]

    jpeg = b"\xff\xd8\xff\xe0" + b"old photo" * 50
    shared = b"\xff\xd8\xff\xe0" + b"sent twice" * 50
    old = await deed_with_photo(jpeg)
    old_too = await deed_with_photo(shared)
    recent = await deed_with_photo(shared)
    files = kept_files(media_dir)
    assert len(files) == 2
    async with zbench.store.db.write() as conn:
        await conn.execute(
            "UPDATE entries SET created_at = '2023-01-10 03:00:00' WHERE code IN (?, ?)",
            (old, old_too),
        )
    done = await purge(zbench.store, zbench.clock, 24, TZ, media_dir)
    assert done is not None and done.media == 2
    left = kept_files(media_dir)
    # The old photo is gone from the disk; the one a recent entry also has stays.
    assert len(left) == 1 and left[0] in files
    entry = await zbench.store.get_entry(recent)
    assert entry is not None and entry.photo_count == 1
    [kept] = await zbench.store.entry_media(entry.id)
    assert (media_dir / (kept.local_path or "")).read_bytes() == shared
