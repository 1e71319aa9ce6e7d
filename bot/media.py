"""Media files we keep ourselves, named by `file:` references relative to storage.media_dir.

Telegram files are referred to by Telegram's own file ids; Zalo's arrive as expiring URLs,
so they are downloaded and kept (bot/zalo/media.py). A messenger adapter that meets a
`file:` reference uploads the file itself.
"""

from __future__ import annotations

from pathlib import Path

#: Prefix of a media reference that names a file we keep (relative to media_dir).
LOCAL = "file:"


def local_file(media_dir: Path, ref: str) -> Path | None:
    """Return the kept file a `file:` reference names; None for any other reference."""
    if not ref.startswith(LOCAL):
        return None
    root = media_dir.resolve()
    path = (root / ref.removeprefix(LOCAL)).resolve()
    # References are ours, but a path must never leave the media folder.
    return path if path.is_relative_to(root) and path.is_file() else None
