"""Keeping what people send on Zalo: photos and voice notes arrive as URLs that expire.

A file is downloaded (with a size cap) before its message reaches a conversation and kept
under `storage.media_dir/zalo/`, named by its SHA-256: a redelivered message writes nothing
new, and the entry refers to a file that is on disk before the entry is committed.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Literal

from bot.domain import Channel
from bot.media import LOCAL
from bot.messages import MediaKind, MediaRef
from bot.zalo.client import ZaloClient

#: Why a picture or voice note that came could not be kept.
MediaProblem = Literal["failed", "too_large"]

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"RIFF", "webp"),
    (b"#!AMR", "amr"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
)


def extension(data: bytes, kind: MediaKind) -> str:
    """Guess a file extension from its first bytes."""
    for signature, ext in _SIGNATURES:
        if data.startswith(signature):
            return ext
    if data[4:8] == b"ftyp":
        return "m4a" if kind == "voice" else "mp4"
    return "bin"


def _write(path: Path, data: bytes) -> None:
    """Write atomically and durably: a crash leaves the old state or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


async def keep(
    client: ZaloClient, url: str, media_dir: Path, kind: MediaKind, max_bytes: int
) -> MediaRef:
    """Download a file a person sent and keep it; raise ZaloError if that fails."""
    data = await client.download(url, max_bytes=max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    relative = f"zalo/{digest[:2]}/{digest}.{extension(data, kind)}"
    path = media_dir / relative
    if not path.exists():
        await asyncio.to_thread(_write, path, data)
    return MediaRef(
        kind=kind,
        ref=LOCAL + relative,
        unique_id=digest,
        channel=Channel.ZALO,
        local_path=relative,
    )
