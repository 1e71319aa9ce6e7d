"""Signed short-lived addresses of kept files (Zalo fetches alert photos from them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.services.media_links import MediaLinks, content_type

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
KEPT = "zalo/ab/" + "ab" * 32 + ".jpg"


def links(tmp_path: Path, clock: ManualClock, base: str = "https://bot.example.vn") -> MediaLinks:
    (tmp_path / "zalo" / "ab").mkdir(parents=True, exist_ok=True)
    (tmp_path / KEPT).write_bytes(b"\xff\xd8\xff photo")
    return MediaLinks(lambda: base, clock, tmp_path, ttl=300)


def parts(url: str) -> tuple[str, str, str]:
    expires, signature, path = url.split("/m/", 1)[1].split("/", 2)
    return expires, signature, path


def test_an_address_works_for_its_file_until_it_expires(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    signer = links(tmp_path, clock)
    url = signer.url("file:" + KEPT)
    assert url is not None and url.startswith("https://bot.example.vn/m/")
    expires, signature, path = parts(url)
    assert signer.check(expires, signature, path) == "file:" + KEPT
    clock.set(NOW + timedelta(seconds=299))
    assert signer.check(expires, signature, path) is not None
    clock.set(NOW + timedelta(seconds=301))
    assert signer.check(expires, signature, path) is None


def test_an_altered_or_stretched_address_is_refused(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    signer = links(tmp_path, clock)
    url = signer.url("file:" + KEPT)
    assert url is not None
    expires, signature, path = parts(url)
    assert signer.check(expires, signature[::-1], path) is None
    assert signer.check(str(int(expires) + 60), signature, path) is None
    assert signer.check(expires, signature, path.replace(".jpg", ".png")) is None
    far = int(expires) + 86400
    assert signer.check(str(far), signer.sign(path, far), path) is None  # beyond its life
    # Another process's key signs nothing this one accepts.
    other = MediaLinks(lambda: "https://bot.example.vn", clock, tmp_path, ttl=300)
    assert other.check(expires, signature, path) is None


def test_only_kept_files_get_an_address(tmp_path: Path) -> None:
    clock = ManualClock(NOW)
    signer = links(tmp_path, clock)
    assert signer.url("AgACAgIAAxkBAAI-telegram-file-id") is None
    assert signer.url("file:zalo/ab/missing.jpg") is None  # purged, or never kept
    assert signer.url("file:../etc/passwd") is None
    assert signer.url(str(tmp_path.parent / "elsewhere.png")) is None
    chart = tmp_path / "reports" / "digest-daily-1-2026-11-20.png"
    chart.parent.mkdir()
    chart.write_bytes(b"\x89PNG chart")
    assert signer.url(str(chart)) is not None
    # Nowhere Zalo could fetch from (no public address): no address at all.
    assert links(tmp_path, clock, base="").url("file:" + KEPT) is None


def test_files_are_served_as_what_they_are() -> None:
    assert content_type("x.jpg") == "image/jpeg"
    assert content_type("x.aac") == "audio/aac"
    assert content_type("x.bin") == "application/octet-stream"
