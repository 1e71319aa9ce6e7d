"""Short-lived signed addresses of kept photos and voice notes, for Zalo to fetch.

Zalo's `sendPhoto` and `sendVoice` take a URL that Zalo's servers download. The bot's web
server answers `{base}/m/{expires}/{signature}/{path}` with the kept file at `path` (under
`storage.media_dir`), until `expires` (Unix seconds): the signature is an HMAC-SHA256 under a
key made when the bot starts — never stored, so an address dies with the process at the
latest — over the path and the expiry. An expired or altered address gets 403. Only files
we keep (`file:` references) are ever signed, each right before it is sent (a retry signs
again); a tip's confidential source is text, never a file, and never reaches here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from bot.clock import Clock
from bot.media import LOCAL, local_file

#: The route's first segment under the workspace's prefix.
ROUTE = "/m"
#: Kept files are named by their hash under a two-letter folder: nothing else is signed.
SAFE_PATH = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*\.[a-z0-9]{1,5}$")
#: Seconds an expiry may lie beyond the time to live (clocks of two processes differ).
SLACK = 60

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "avif": "image/avif",
    "aac": "audio/aac",
    "m4a": "audio/mp4",
    "amr": "audio/amr",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
}


def content_type(path: str) -> str:
    """Return the Content-Type a kept file is served with, by its extension."""
    return CONTENT_TYPES.get(path.rsplit(".", 1)[-1].lower(), "application/octet-stream")


class MediaLinks:
    """Signs and checks addresses of files kept under `media_dir`; `base()` is where the web
    server is reached from outside ("" when nothing outside could fetch from it: no address
    is made)."""

    def __init__(
        self,
        base: Callable[[], str],
        clock: Clock,
        media_dir: Path,
        *,
        ttl: float = 300.0,
        key: bytes | None = None,
    ) -> None:
        self.base = base
        self.clock = clock
        self.media_dir = media_dir
        self.ttl = ttl
        self._key = key or secrets.token_bytes(32)

    def url(self, ref: str) -> str | None:
        """Return a fresh signed address of a kept file (a `file:` reference, or a path under
        media_dir such as a digest's chart), or None (not ours, or no address)."""
        base = self.base()
        if not base:
            return None
        if not ref.startswith(LOCAL):
            ref = self._as_ref(ref)
            if not ref:
                return None
        path = ref.removeprefix(LOCAL)
        if not SAFE_PATH.match(path) or local_file(self.media_dir, ref) is None:
            # Not ours, or gone (purged): no address that could only answer 404.
            return None
        expires = int(self.clock.now().timestamp() + self.ttl)
        return f"{base}{ROUTE}/{expires}/{self.sign(path, expires)}/{path}"

    def _as_ref(self, path: str) -> str:
        """Return the `file:` reference of a path inside media_dir ("" for any other)."""
        if not path.startswith("/"):
            return ""
        root = self.media_dir.resolve()
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(root):
            return ""
        return LOCAL + resolved.relative_to(root).as_posix()

    def sign(self, path: str, expires: int) -> str:
        """Return the signature of a path until a moment (URL-safe, 43 characters)."""
        digest = hmac.new(self._key, f"{expires}:{path}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def check(self, expires: str, signature: str, path: str) -> str | None:
        """Return the `file:` reference an address names if it is ours and still valid."""
        if not expires.isdigit() or not SAFE_PATH.match(path):
            return None
        until = int(expires)
        now = self.clock.now().timestamp()
        if until < now or until > now + self.ttl + SLACK:
            return None
        if not hmac.compare_digest(self.sign(path, until), signature):
            return None
        return LOCAL + path
