"""The media fetcher on its own: what it fetches, what it refuses and why."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest

from bot.devtools.fake_zalo import TINY_JPEG, FakeZalo
from bot.zalo.download import DownloadRefused, MediaFetcher, looks_like, parse_networks, public

LOOPBACK = parse_networks(["127.0.0.0/8"])


@pytest.fixture
async def server() -> AsyncIterator[FakeZalo]:
    async with FakeZalo() as fake:
        yield fake


@pytest.fixture
async def fetcher() -> AsyncIterator[MediaFetcher]:
    fetch = MediaFetcher(allow=LOOPBACK, deadline=3)
    yield fetch
    await fetch.close()


async def refused(fetcher: MediaFetcher, url: str, kind: str = "photo", cap: int = 10**7) -> str:
    with pytest.raises(DownloadRefused) as caught:
        await fetcher.fetch(url, kind, cap)  # type: ignore[arg-type]
    return caught.value.reason


async def test_download_the_photo(fetcher: MediaFetcher, server: FakeZalo) -> None:
    data = await fetcher.fetch(server.add_file(TINY_JPEG), "photo", 10**7)
    assert data == TINY_JPEG


async def test_download_refuses_large_files(fetcher: MediaFetcher, server: FakeZalo) -> None:
    declared = server.add_file(b"\xff\xd8\xff" + b"x" * 5000)
    assert await refused(fetcher, declared, cap=1000) == "too_large"
    big = b"\xff\xd8\xff" + b"y" * 50_000
    streamed = server.add_file(big, chunked=True)  # no Content-Length to trust
    assert await refused(fetcher, streamed, cap=20_000) == "too_large"
    assert await fetcher.fetch(streamed, "photo", 50_003) == big
    assert await refused(fetcher, f"{server.base_url}/files/missing.jpg") == "status"


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://[::1/x.jpg",
        "http://[fe80::zz]/a.jpg",
        "http://[12345::1]/a.jpg",
        "http://host:99999/a.jpg",
        "ftp://example.com/a.jpg",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "",
        "//no-scheme/a.jpg",
    ],
)
async def test_malformed_or_non_http_urls_are_refused(fetcher: MediaFetcher, url: str) -> None:
    assert await refused(fetcher, url) == "bad_url"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_ranges_are_not_public(address: str) -> None:
    assert not public(ipaddress.ip_address(address))


def test_public_addresses_and_the_allow_list() -> None:
    assert public(ipaddress.ip_address("203.162.4.190"))  # a Vietnamese public address
    assert public(ipaddress.ip_address("2001:4860:4860::8888"))
    assert public(ipaddress.ip_address("127.0.0.1"), LOOPBACK)
    assert not public(ipaddress.ip_address("10.0.0.1"), LOOPBACK)
    with pytest.raises(ValueError, match=r"127\.0\.0\.0/8"):
        parse_networks(["loopback"])


async def test_production_refuses_loopback_by_address_and_by_name(server: FakeZalo) -> None:
    strict = MediaFetcher(deadline=3)
    try:
        url = server.add_file(TINY_JPEG)
        assert await refused(strict, url) == "private"
        by_name = url.replace("127.0.0.1", "localhost")
        assert await refused(strict, by_name) == "private"
        mapped = url.replace("127.0.0.1", "[::ffff:127.0.0.1]")
        assert await refused(strict, mapped) == "private"
    finally:
        await strict.close()


async def test_redirects_are_checked_at_every_hop(fetcher: MediaFetcher, server: FakeZalo) -> None:
    photo = server.add_file(TINY_JPEG)
    hop = server.add_redirect(server.add_redirect(photo, status=307))
    assert await fetcher.fetch(hop, "photo", 10**7) == TINY_JPEG
    assert await refused(fetcher, server.add_redirect("http://192.168.0.1/a.jpg")) == "private"
    assert await refused(fetcher, server.add_redirect("gopher://x/a.jpg")) == "bad_url"
    chain = photo
    for _ in range(4):
        chain = server.add_redirect(chain)
    assert await refused(fetcher, chain) == "redirects"


async def test_only_images_are_taken_for_photos(fetcher: MediaFetcher, server: FakeZalo) -> None:
    page = server.add_file(b"<!doctype html><p>hi</p>", content_type="text/html")
    assert await refused(fetcher, page) == "not_media"
    lying = server.add_file(b"<!doctype html><p>hi</p>" * 10, content_type="image/jpeg")
    assert await refused(fetcher, lying) == "not_media"
    generic = server.add_file(TINY_JPEG, content_type="application/octet-stream")
    assert await fetcher.fetch(generic, "photo", 10**7) == TINY_JPEG
    voice = server.add_file(b"#!AMR\n" + b"\0" * 64, content_type="audio/amr")
    assert await refused(fetcher, voice, "photo") == "not_media"
    assert (await fetcher.fetch(voice, "voice", 10**7)).startswith(b"#!AMR")


def test_signatures() -> None:
    assert looks_like(b"RIFF\0\0\0\0WEBPVP8 ", "photo")
    assert looks_like(b"\0\0\0\x18ftypheic\0\0\0\0", "photo")
    assert looks_like(b"\0\0\0\x18ftypM4A \0\0\0\0", "voice")
    assert not looks_like(b"\0\0\0\x18ftypM4A \0\0\0\0", "photo")
    assert not looks_like(b"GIF8", "voice")


async def test_a_slow_server_is_cut_off_at_the_deadline(server: FakeZalo) -> None:
    slow = MediaFetcher(allow=LOOPBACK, deadline=0.5)
    try:
        url = server.add_file(TINY_JPEG, trickle=0.3)
        assert await refused(slow, url) == "network"
    finally:
        await slow.close()
