"""Backup archives: a copy of the database and the kept media in one file.

An archive is a gzipped tar holding `antt.sqlite3` (a consistent snapshot, see
storage/sqlite/maintenance.py) and `media/…` (photos and voice notes, as under
storage.media_dir; report files and cached copies are left out: they are remade). It
holds informants' names and photos, so it is written 0600 and unpacked only into a
private folder, with tarfile's "data" filter (no absolute paths, no `..`, no links out).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tarfile
from pathlib import Path

from storage.errors import StorageError
from storage.files import FILE_MODE, private_dir

ARCHIVE_DB = "antt.sqlite3"
ARCHIVE_MEDIA = "media"
#: Folders of media_dir not backed up: report files and the web workspace's copies of
#: Telegram photos are made again when asked for.
SKIPPED = frozenset({"reports", "web-cache"})


def _media_files(media_dir: Path) -> list[tuple[Path, str]]:
    """Return (file, name in the archive) for every kept media file."""
    if not media_dir.is_dir():
        return []
    found = []
    for path in sorted(media_dir.rglob("*")):
        relative = path.relative_to(media_dir)
        if relative.parts[0] in SKIPPED or path.name.startswith(".part-") or not path.is_file():
            continue
        found.append((path, f"{ARCHIVE_MEDIA}/{relative.as_posix()}"))
    return found


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_archive(snapshot: Path, media_dir: Path, target: Path) -> int:
    """Write the database snapshot and the media into `target`; return the media count.

    Written beside the target and renamed when complete: a backup cut short by a full
    disk or a crash never looks like a good one.
    """
    private_dir(target.parent)
    partial = target.with_name(f".{target.name}.part")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    count = 0
    try:
        with os.fdopen(handle, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                tar.add(snapshot, arcname=ARCHIVE_DB)
                for path, name in _media_files(media_dir):
                    # The purge may delete a file meanwhile: then it is not in the copy.
                    with contextlib.suppress(FileNotFoundError):
                        tar.add(path, arcname=name, recursive=False)
                        count += 1
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return count


def is_archive(path: Path) -> bool:
    """Return whether a file is a backup archive (rather than a bare database copy)."""
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


def _ours(member: tarfile.TarInfo) -> bool:
    """Return whether an archive member is one we write: a plain file at a plain path."""
    parts = Path(member.name).parts
    safe = bool(parts) and not member.name.startswith("/") and ".." not in parts
    wanted = member.name == ARCHIVE_DB or (parts[:1] == (ARCHIVE_MEDIA,) and len(parts) > 1)
    return safe and wanted and member.isfile()


def unpack_archive(archive: Path, into: Path) -> tuple[Path, Path]:
    """Unpack an archive into a private folder; return (database copy, media folder)."""
    private_dir(into)
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            names = tar.getnames()
            if ARCHIVE_DB not in names:
                raise StorageError(f"{archive}: not an antt-bot backup (no {ARCHIVE_DB} in it)")
            members = [m for m in tar.getmembers() if _ours(m)]
            if hasattr(tarfile, "data_filter"):
                tar.extractall(into, members=members, filter="data")
            else:  # Python before 3.11.4 (Debian 12's 3.11.2): _ours did the same checks
                tar.extractall(into, members=members)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise StorageError(f"{archive}: the archive cannot be read ({exc})") from None
    for path in into.rglob("*"):
        os.chmod(path, 0o700 if path.is_dir() else FILE_MODE)
    return into / ARCHIVE_DB, into / ARCHIVE_MEDIA


def restore_media(unpacked: Path, media_dir: Path) -> int:
    """Put the archive's media files back under media_dir; return how many were missing.

    Kept files are named by their content, so a file already there is the same file.
    """
    if not unpacked.is_dir():
        return 0
    added = 0
    for path in sorted(unpacked.rglob("*")):
        if not path.is_file():
            continue
        target = media_dir / path.relative_to(unpacked)
        if target.exists():
            continue
        private_dir(target.parent)
        shutil.copyfile(path, target)
        os.chmod(target, FILE_MODE)
        added += 1
    return added
