"""Fetching what a Zalo user sent: public http(s) addresses only, images or audio only, in time.

A Zalo photo or voice note arrives as a URL in the event, and whoever can post to our
webhook (or a bug upstream) chooses that URL. So a download is refused unless
- the URL is http or https and parses (a malformed host is a refusal, not a crash);
- every address its host resolves to is public: private, loopback, link-local, shared,
  multicast and reserved ranges are refused, for IP literals and names alike, and the
  connection goes to the very addresses that were checked (our resolver answers the
  connector, so a second lookup cannot return another address);
- each redirect (at most three) passes the same checks;
- the answer is a 200 whose declared type and first bytes are an image (or audio, for a
  voice note), no larger than the cap, and all of it arrives before the deadline.

Tests and the sandbox serve photos from 127.0.0.1: `allow` names the networks they may use;
production leaves it empty.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from bot.messages import MediaKind

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Why a download was refused, for the log (the person is only told to send it again).
Reason = Literal["bad_url", "private", "redirects", "status", "not_media", "too_large", "network"]

REDIRECTS = (301, 302, 303, 307, 308)
#: One label of a host name as it goes on the wire (IDNA-encoded).
_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", re.I)
MAX_REDIRECTS = 3

_IMAGES: tuple[bytes, ...] = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
_AUDIO: tuple[bytes, ...] = (b"#!AMR", b"ID3", b"OggS")
_IMAGE_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"avif")
_AUDIO_BRANDS = (b"M4A ", b"mp42", b"isom", b"3gp4", b"3gp5", b"3gp6", b"mp41")
#: Declared types a file server may use for a picture or a voice note.
_DECLARED = {
    "photo": ("image/",),
    "voice": ("audio/", "video/mp4", "video/3gpp"),
}
_GENERIC = ("application/octet-stream", "binary/octet-stream", "")


class DownloadRefused(Exception):
    """A file was not fetched; `reason` says why (never the URL: it may carry a token)."""

    def __init__(self, reason: Reason, detail: str = "", *, retryable: bool = False) -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail
        #: A dropped connection may work a second time; a refusal or a timeout will not.
        self.retryable = retryable

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


class _PrivateAddress(OSError):
    """Raised inside the connector when a name resolves to an address we refuse."""


def parse_networks(values: Sequence[str]) -> tuple[Network, ...]:
    """Parse CIDR strings ("127.0.0.0/8") into networks; ValueError names the bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"a network such as 127.0.0.0/8, not {value!r}") from None
    return tuple(networks)


def public(address: Address, allow: Sequence[Network] = ()) -> bool:
    """Return whether we may connect to an address: globally routable, or allowed."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in allow):
        return True
    return address.is_global and not address.is_multicast and not address.is_reserved


def host_name(host: str) -> bool:
    """Return whether text is a well-formed DNS name (so it can be looked up at all)."""
    labels = host.removesuffix(".").split(".")
    return len(host) <= 253 and all(
        len(label) <= 63 and _LABEL.fullmatch(label) for label in labels
    )


def looks_like(data: bytes, kind: MediaKind) -> bool:
    """Return whether a file's first bytes are a picture (or audio, for a voice note)."""
    head = data[:32]
    brand = head[8:12] if head[4:8] == b"ftyp" else b""
    if kind == "photo":
        return (
            head.startswith(_IMAGES)
            or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
            or brand in _IMAGE_BRANDS
        )
    if kind == "voice":
        adts = len(head) > 1 and head[0] == 0xFF and head[1] & 0xF0 == 0xF0
        return (
            head.startswith(_AUDIO)
            or adts
            or brand in _AUDIO_BRANDS
            or (head.startswith(b"RIFF") and head[8:12] == b"WAVE")
        )
    return False


class _CheckedResolver(AbstractResolver):
    """Resolves a name and refuses it unless every address is public (or allowed)."""

    def __init__(self, allow: Sequence[Network]) -> None:
        self.allow = tuple(allow)
        self._inner: AbstractResolver | None = None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if self._inner is None:
            self._inner = DefaultResolver()
        found = await self._inner.resolve(host, port, family)
        for result in found:
            if not public(ipaddress.ip_address(result["host"].split("%")[0]), self.allow):
                raise _PrivateAddress(f"{host} resolves to a private address")
        return found

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()


@dataclass
class MediaFetcher:
    """Downloads the files people send, refusing what the module docstring lists."""

    #: Networks allowed although private (tests and the sandbox: loopback). Empty in production.
    allow: tuple[Network, ...] = ()
    #: Seconds for one whole download: redirects, lookups, every byte.
    deadline: float = 30.0
    _session: aiohttp.ClientSession | None = field(default=None, init=False, repr=False)

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                resolver=_CheckedResolver(self.allow), use_dns_cache=False, limit=32
            )
            # Proxies from the environment are not used: they would connect on our behalf
            # to addresses we never checked.
            self._session = aiohttp.ClientSession(
                connector=connector,
                trust_env=False,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=10),
            )
        return self._session

    async def close(self) -> None:
        """Close the connections (at shutdown)."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def check_url(self, url: str | URL) -> URL:
        """Return the parsed URL if we may fetch it; raise DownloadRefused if not."""
        try:
            parsed = url if isinstance(url, URL) else URL(url)
            host = parsed.host
            _ = parsed.port
        except (ValueError, TypeError, UnicodeError):
            raise DownloadRefused("bad_url", "does not parse") from None
        if parsed.scheme not in ("http", "https") or not host:
            raise DownloadRefused("bad_url", "not an http(s) address")
        try:
            literal = ipaddress.ip_address(host.strip("[]").split("%")[0])
        except ValueError:
            if not host_name(parsed.raw_host or ""):
                raise DownloadRefused("bad_url", "not a host name") from None
            return parsed  # a name: the resolver checks each of its addresses
        if not public(literal, self.allow):
            raise DownloadRefused("private", "a private address")
        return parsed

    async def fetch(self, url: str, kind: MediaKind, max_bytes: int) -> bytes:
        """Download a picture or voice note; raise DownloadRefused for anything else."""
        try:
            async with asyncio.timeout(self.deadline):
                return await self._fetch(url, kind, max_bytes)
        except TimeoutError:
            raise DownloadRefused("network", f"not done within {self.deadline:.0f} s") from None

    async def _fetch(self, url: str, kind: MediaKind, max_bytes: int) -> bytes:
        target = self.check_url(url)
        session = self._client()
        for _ in range(MAX_REDIRECTS + 1):
            try:
                async with session.get(
                    target, allow_redirects=False, headers={"Accept": "image/*, audio/*"}
                ) as response:
                    if response.status in REDIRECTS:
                        location = response.headers.get("Location", "")
                        try:
                            following = target.join(URL(location))
                        except ValueError:
                            raise DownloadRefused("bad_url", "a bad redirect") from None
                        target = self.check_url(following)
                        continue
                    return await self._body(response, kind, max_bytes)
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, _PrivateAddress):
                    raise DownloadRefused("private", "a name for a private address") from None
                raise DownloadRefused("network", type(exc).__name__, retryable=True) from None
            except (aiohttp.ClientError, ValueError) as exc:
                # InvalidURL, a malformed answer, a dropped connection.
                raise DownloadRefused("network", type(exc).__name__, retryable=True) from None
        raise DownloadRefused("redirects", f"more than {MAX_REDIRECTS}")

    async def _body(self, response: aiohttp.ClientResponse, kind: MediaKind, limit: int) -> bytes:
        if response.status != 200:
            raise DownloadRefused("status", f"HTTP {response.status}")
        declared = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not declared.startswith(_DECLARED.get(kind, ())) and declared not in _GENERIC:
            raise DownloadRefused("not_media", f"declared {declared[:40]}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > limit:
            raise DownloadRefused("too_large", f"{length} bytes")
        chunks: list[bytes] = []
        total = 0
        # Content-Length may be absent or wrong: count what actually arrives.
        async for chunk in response.content.iter_chunked(65536):
            total += len(chunk)
            if total > limit:
                raise DownloadRefused("too_large", f"more than {limit} bytes")
            chunks.append(chunk)
            if len(chunks) == 1 and len(chunk) >= 12 and not looks_like(chunk, kind):
                raise DownloadRefused("not_media", "its first bytes are no " + kind)
        data = b"".join(chunks)
        if not looks_like(data, kind):
            raise DownloadRefused("not_media", "its first bytes are no " + kind)
        return data
