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
from bot.zalo.download import MediaFetcher
from storage.files import private_dir

#: Why a picture or voice note that came could not be kept.
MediaProblem = Literal["failed", "too_large"]

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"#!AMR", "amr"),
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
)


def extension(data: bytes, kind: MediaKind) -> str:
    """Guess a file extension from its first bytes."""
    for signature, ext in _SIGNATURES:
        if data.startswith(signature):
            return ext
    if data.startswith(b"RIFF"):
        return "wav" if data[8:12] == b"WAVE" else "webp"
    if data[4:8] == b"ftyp":
        if kind == "voice":
            return "m4a"
        return "avif" if data[8:12] == b"avif" else "heic"
    if kind == "voice" and data[:1] == b"\xff":
        return "aac"
    return "bin"


def _write(path: Path, data: bytes) -> None:
    """Write atomically and durably: a crash leaves the old state or the whole file."""
    private_dir(path.parent)
    # mkstemp makes the file 0600: the photo of a tip is no one else's to read.
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


def _refresh(path: Path) -> bool:
    """Mark a kept file as just used (the purge sweeps old unused files); False if absent."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    return True


async def keep(
    fetcher: MediaFetcher, url: str, media_dir: Path, kind: MediaKind, max_bytes: int
) -> MediaRef:
    """Download a file a person sent and keep it; raise DownloadRefused if that fails."""
    data = await fetcher.fetch(url, kind, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    relative = f"zalo/{digest[:2]}/{digest}.{extension(data, kind)}"
    path = media_dir / relative
    if not await asyncio.to_thread(_refresh, path):
        await asyncio.to_thread(_write, path, data)
    return MediaRef(
        kind=kind,
        ref=LOCAL + relative,
        unique_id=digest,
        channel=Channel.ZALO,
        local_path=relative,
    )
