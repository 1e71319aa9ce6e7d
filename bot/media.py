"""Media files we keep ourselves, named by `file:` references relative to storage.media_dir.

Telegram files are referred to by Telegram's own file ids; Zalo's arrive as expiring URLs,
so they are downloaded and kept (bot/zalo/media.py). A messenger adapter that meets a
`file:` reference uploads the file itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: Prefix of a media reference that names a file we keep (relative to media_dir).
LOCAL = "file:"
#: Folder of media_dir where the web workspace keeps copies of Telegram photos it showed.
WEB_CACHE = "web-cache"


def telegram_copy(media_dir: Path, file_id: str) -> Path:
    """Return where a copy of a Telegram photo is kept (the web shows it; the purge deletes it)."""
    return media_dir / WEB_CACHE / (hashlib.sha256(file_id.encode()).hexdigest() + ".jpg")


def local_file(media_dir: Path, ref: str) -> Path | None:
    """Return the kept file a `file:` reference names; None for any other reference."""
    if not ref.startswith(LOCAL):
        return None
    root = media_dir.resolve()
    path = (root / ref.removeprefix(LOCAL)).resolve()
    # References are ours, but a path must never leave the media folder.
    return path if path.is_relative_to(root) and path.is_file() else None
