"""The `antt-bot` commands that look after the data: the audit log, backups, restoring one,
moving a deployment to PostgreSQL (`db copy`) and checking a database (`db check`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import Settings, settings_from

if TYPE_CHECKING:
    from storage.base import Store
    from storage.models import AuditLine


def _store(settings: Settings) -> Store:
    from bot.stores import store_for

    return store_for(settings.storage)


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the audit log: who viewed, exported, changed status or the organisation."""
    from bot.fmt import local_datetime
    from bot.parsing import ParseError, parse_date

    settings = settings_from(args.config)
    since = None
    if args.since:
        day = parse_date(args.since)
        if isinstance(day, ParseError):
            print(f"--since: expected a date dd/mm/yyyy, got {args.since!r}", file=sys.stderr)
            return 2
        since = datetime.combine(day, time(0), settings.bot.tz)

    async def read() -> list[AuditLine]:
        store = _store(settings)
        await store.open()
        try:
            return await store.audit_log(
                since=since, actor_id=args.actor, action=args.action, limit=args.limit
            )
        finally:
            await store.close()

    for line in asyncio.run(read()):
        event = line.event
        who = f"N{event.actor_id} {line.actor_name}" if event.actor_id else "(system)"
        when = local_datetime(event.at, settings.bot.tz)
        print(f"{when}  {who:<28}  {event.action:<7} {event.subject:<22} {event.detail}")
    return 0


BACKUP_WARNING = (
    "It holds the informants' names and phone numbers and the photos: keep it as safe as "
    "the server (encrypt any copy that leaves it; see docs/deploy.md)."
)


def backup_target(settings: Settings, to: Path | None) -> Path:
    """Return the archive a backup writes: `--to` (a file, or a folder to put it in)."""
    stamp = datetime.now(settings.bot.tz).strftime("%Y%m%d-%H%M%S")
    name = f"antt-backup-{stamp}.tar.gz"
    if to is None:
        return settings.storage.path.parent / "backups" / name
    return to / name if to.is_dir() or str(to).endswith("/") else to


def _wrong_account(settings: Settings, command: str) -> str | None:
    """Say which account to run a data command as, when root would take over the bot's files."""
    from storage.files import owner_to_run_as

    owner = owner_to_run_as(settings.storage.path.parent)
    if owner is None:
        return None
    return (
        f"{settings.storage.path.parent} belongs to {owner}: run this as that account, "
        f"or the bot could not open what it writes (sudo -u {owner} antt-bot {command} …)"
    )


def cmd_backup(args: argparse.Namespace) -> int:
    """Copy the live database and the kept media into one archive (safe while the bot runs)."""
    from storage.errors import StorageError
    from storage.sqlite.maintenance import backup_files

    settings = settings_from(args.config)
    if (problem := _wrong_account(settings, "backup")) is not None:
        print(problem, file=sys.stderr)
        return 2
    target = backup_target(settings, args.to)
    try:
        done = asyncio.run(backup_files(settings.storage.path, target, settings.storage.media_dir))
    except (StorageError, OSError) as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    size = target.stat().st_size / 2**20
    print(
        f"backup written to {target} ({size:.1f} MB: the database, schema {done.schema}, "
        f"and {done.media} media files)"
    )
    print(BACKUP_WARNING)
    return 0


def cmd_db_copy(args: argparse.Namespace) -> int:
    """Copy this deployment's SQLite database into an empty PostgreSQL database."""
    from storage.errors import StorageError
    from storage.postgres.db import redacted
    from storage.transfer import copy_to_postgres

    settings = settings_from(args.config)
    if not args.to.startswith(("postgresql://", "postgres://")):
        print("db copy: --to takes a PostgreSQL URL (postgresql://…)", file=sys.stderr)
        return 2
    try:
        source = args.source or settings.storage.path
        report = asyncio.run(copy_to_postgres(source, args.to))
    except (StorageError, OSError) as exc:
        print(f"db copy failed: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a driver's error names the table; nothing was committed
        print(f"db copy failed, nothing was copied: {exc}", file=sys.stderr)
        return 1
    for table in report.tables:
        mark = "ok" if table.same else "DIFFERENT"
        print(f"{table.table:24} {table.rows:>10} rows  {table.checksum}  {mark}")
    if not report.ok:
        print("db copy: some tables differ after the copy (above)", file=sys.stderr)
        return 1
    print(
        f"copied {source} (schema {report.schema}) into {redacted(args.to)}; "
        f"the media stay in {settings.storage.media_dir}. To use it, set [storage] "
        'backend = "postgresql" and dsn (or ANTT_DATABASE_URL).'
    )
    return 0


def cmd_db_check(args: argparse.Namespace) -> int:
    """Check the configured database's consistency."""
    from bot.stores import store_for
    from storage.errors import StorageError
    from storage.transfer import consistency_problems

    settings = settings_from(args.config)

    async def check() -> list[str]:
        store = store_for(settings.storage)
        await store.open()
        try:
            return await consistency_problems(store.db)  # type: ignore[attr-defined]
        finally:
            await store.close()

    try:
        problems = asyncio.run(check())
    except (StorageError, OSError) as exc:
        print(f"db check failed: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"the {settings.storage.backend} database is consistent")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database (and put back the media) from a backup (stop the bot first)."""
    from storage.errors import StorageError
    from storage.sqlite.maintenance import BotRunning, restore_files

    settings = settings_from(args.config)
    if (problem := _wrong_account(settings, "restore")) is not None:
        print(problem, file=sys.stderr)
        return 2
    if not args.yes:
        print(
            f"This replaces {settings.storage.path} with {args.file}. Stop the bot first, "
            "then run again with --yes.",
            file=sys.stderr,
        )
        return 2
    try:
        done = asyncio.run(
            restore_files(args.file, settings.storage.path, settings.storage.media_dir)
        )
    except BotRunning as exc:
        print(f"{exc} Stop it first (systemctl stop antt-bot), then restore.", file=sys.stderr)
        return 1
    except (StorageError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(
        f"{settings.storage.path} restored from {args.file} (schema {done.schema}; "
        f"{done.media} media files put back)"
    )
    return 0
