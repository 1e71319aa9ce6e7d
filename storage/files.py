"""Private files and folders: what the bot keeps names informants, so only its user reads it.

The database, its WAL and shared-memory files, backups, media and report files are made
0600 in folders made 0700, whatever the process umask says (a stock umask of 022 would
leave them readable by every account on the machine).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pwd
import stat
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create a folder (and any missing parents) readable by this user only; return it.

    Folders that already exist keep their mode (it may be /home or /var/lib): one that
    others can enter is logged, so the operator can tighten it.
    """
    missing: list[Path] = []
    here = path
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        # mkdir's mode is filtered by the umask: set it exactly.
        os.chmod(folder, DIR_MODE)
    return path


def open_to_others(path: Path) -> bool:
    """Return whether a folder or file we own can be read or entered by other accounts."""
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and bool(info.st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def warn_if_open(folder: Path) -> None:
    """Log once if a folder holding our data is open to other accounts."""
    if open_to_others(folder):
        log.warning(
            "%s can be read by other accounts on this machine; it holds informants' data: "
            "chmod 700 %s",
            folder,
            folder,
        )


def owner_to_run_as(folder: Path) -> str | None:
    """Return the account to run as, when root works on another account's data folder.

    Files root makes there (a restored database, a backup folder) would be root's, and
    the bot, running as its own account, could no longer open them.
    """
    if os.geteuid() != 0:
        return None
    here = folder
    while not here.exists() and here.parent != here:
        here = here.parent
    owner = here.stat().st_uid
    if owner == 0:
        return None
    try:
        return pwd.getpwuid(owner).pw_name
    except KeyError:
        return str(owner)


def make_private(path: Path) -> None:
    """Set a file we own to 0600 if it is wider (files made by an older version)."""
    with contextlib.suppress(FileNotFoundError):
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)


def touch_private(path: Path) -> None:
    """Create an empty file 0600 if none exists, so a library that opens it keeps the mode."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    make_private(path)


def restrict_umask() -> int:
    """Make every file this process creates from now on private; return the old umask."""
    return os.umask(0o077)
