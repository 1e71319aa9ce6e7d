"""The `antt-bot` command: run the bot, try it in a terminal, import data (the commands that
look after the data, backups and `db`, are in bot/data_commands.py)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import TOKEN_ENV, ZALO_TOKEN_ENV, ConfigError, Settings, settings_from
from bot.data_commands import cmd_audit, cmd_backup, cmd_db_check, cmd_db_copy, cmd_restore

log = logging.getLogger("bot")


#: Libraries whose debug lines carry the bot token (in URLs) or raw updates (tip sources).
NOISY_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler", "aiohttp.access", "aiosqlite")


def quiet_noisy_loggers() -> None:
    """Keep libraries that log URLs with the token, or raw updates, at WARNING."""
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # It logs every 429 as an error with a traceback; the outbox waits retry_after and
    # retries, and logs that as a warning itself.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)


def setup_logging(level: str, secrets: Sequence[str] = ()) -> None:
    """Log to stderr at `level`, with the tokens and secrets masked in every line."""
    from bot.redact import install

    logging.basicConfig(
        level=getattr(logging, level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install(secrets)
    quiet_noisy_loggers()


def secrets_of(settings: Settings) -> list[str]:
    """Return every secret in the configuration (to keep out of the log)."""
    telegram, zalo = settings.telegram, settings.zalo
    return [
        s.get_secret_value()
        for s in (
            telegram.token,
            telegram.webhook.secret_token,
            zalo.token,
            zalo.webhook.secret_token,
        )
    ]


async def _run(settings: Settings) -> int:
    from bot.app import Runtime

    runtime = Runtime(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, runtime.request_stop)
    return await runtime.run()


#: Read by `antt-bot run` when no --config is given.
DEFAULT_CONFIG = Path("config.toml")
NO_TOKEN_DEMO = (
    "No config.toml and no bot token: playing the local demo on the bundled fake Zalo API. "
    "To run it for real: antt-bot run --config config.toml (see the README's quick start)."
)


def cmd_run(args: argparse.Namespace) -> int:
    """Run the bot on the configured messengers until stopped.

    Exits 0 when stopped (SIGTERM, Ctrl-C), 2 for a configuration an operator must fix
    (a refused token, a bad setting), 1 for anything else that stops it (another bot on
    the database, a damaged database, a token revoked while running): each with one line
    saying why, and everything it had opened closed.
    """
    from storage.errors import AlreadyRunning, DamagedDatabase, StorageError

    if args.config is None and DEFAULT_CONFIG.is_file():
        args.config = DEFAULT_CONFIG
    if args.config is None and not (os.environ.get(TOKEN_ENV) or os.environ.get(ZALO_TOKEN_ENV)):
        # A newcomer's first run: nothing to connect to, so show the bot working instead.
        print(NO_TOKEN_DEMO, file=sys.stderr)
        return cmd_demo(argparse.Namespace(db=None, zalo=True))
    settings = settings_from(args.config)
    if not settings.telegram.enabled and not settings.zalo.enabled:
        print(
            f"{args.config}: no bot token — set telegram.token (or the {TOKEN_ENV} environment "
            f"variable) for Telegram, zalo.token (or {ZALO_TOKEN_ENV}) for Zalo, or both "
            "(to try the bot without one: antt-bot demo)",
            file=sys.stderr,
        )
        return 2
    setup_logging(settings.logging.level, secrets_of(settings))
    database = settings.storage.path
    try:
        return asyncio.run(_run(settings))
    except ConfigError as exc:
        log.error("Not started: %s", exc)
        return 2
    except AlreadyRunning as exc:
        log.error("Not started: %s", exc)
        return 1
    except DamagedDatabase as exc:
        log.error(
            "Not started: %s is damaged or not a database (%s); put a backup back with "
            "`antt-bot restore FILE --config …`",
            database,
            exc,
        )
        return 1
    except StorageError as exc:
        log.error("Not started: the database %s cannot be used (%s)", database, exc)
        return 1
    except OSError as exc:
        # A webhook port already taken, a folder that can't be created…
        log.error("Not started: %s", exc)
        return 1
    except Exception as exc:
        log.critical("Stopped by an unexpected error (%s)", type(exc).__name__, exc_info=True)
        return 1


def cmd_org_import(args: argparse.Namespace) -> int:
    """Load communes, villages and teams from a CSV file, all or nothing."""
    from bot.org_import import parse_org_csv

    settings = settings_from(args.config)
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file}: cannot read the file ({exc})", file=sys.stderr)
        return 2
    rows, problems = parse_org_csv(text)
    if problems:
        for problem in problems:
            print(f"{args.file}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"{args.file}: nothing imported ({len(problems)} problem(s))", file=sys.stderr)
        return 1

    async def load() -> dict[str, int]:
        from bot.clock import SystemClock
        from bot.stores import store_for

        store = store_for(settings.storage)
        await store.open()
        try:
            return await store.import_org(settings.bot.province, rows, SystemClock().now())
        finally:
            await store.close()

    counts = asyncio.run(load())
    print(
        f"{args.file}: {len(rows)} rows read; new: {counts['communes']} communes, "
        f"{counts['villages']} villages, {counts['teams']} teams"
    )
    return 0


def cmd_org_seed(args: argparse.Namespace) -> int:
    """Create every commune of the deployment's province from the official map, at once."""
    from bot.clock import SystemClock
    from bot.official_map import find_province
    from storage.errors import Conflict
    from storage.models import OfficialUnit

    settings = settings_from(args.config)
    home = find_province(settings.bot.province)
    wanted = find_province(args.province) if args.province else home
    if wanted is None:
        print(f"{args.province!r} is not one of the 34 provinces since 07/2025", file=sys.stderr)
        return 2
    if home is None or home.code != wanted.code:
        # Reports, /themxa and /tochuc work on bot.province: communes elsewhere would be lost.
        print(
            f"this deployment is for {settings.bot.province!r} (bot.province); set "
            f'bot.province = "{wanted.short}" in the config to seed {wanted.name}',
            file=sys.stderr,
        )
        return 2

    async def load() -> int:
        from bot.stores import store_for

        store = store_for(settings.storage)
        await store.open()
        try:
            created = await store.add_official_communes(
                OfficialUnit(code=wanted.code, name=settings.bot.province),
                [c.unit() for c in wanted.communes],
                SystemClock().now(),
            )
        finally:
            await store.close()
        return len(created)

    try:
        created = asyncio.run(load())
    except Conflict as exc:
        print(f"nothing created: {exc}", file=sys.stderr)
        return 1
    print(
        f"{wanted.name}: {len(wanted.communes)} communes and wards in the official list; "
        f"{created} created, {len(wanted.communes) - created} already there"
    )
    return 0


def cmd_calendar_import(args: argparse.Namespace) -> int:
    """Load phases and deadlines from a CSV or TOML file, all or nothing."""
    from bot.calendar.dates import local_day
    from bot.calendar.importer import ImportProblem, read_calendar
    from bot.clock import SystemClock
    from bot.stores import store_for
    from bot.texts import Texts
    from storage.errors import Overlap

    settings = settings_from(args.config)
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.file}: cannot read the file ({exc})", file=sys.stderr)
        return 2

    async def load() -> tuple[list[ImportProblem], int, int]:
        store = store_for(settings.storage)
        await store.open()
        try:
            now = SystemClock().now()
            read = read_calendar(
                text,
                str(args.file),
                await store.list_communes(),
                await store.list_phases(),
                local_day(now, settings.bot.tz),
                Texts("en"),
                settings.bot.province,
            )
            if read.problems:
                return read.problems, 0, 0
            try:
                phases, deadlines = await store.import_calendar(
                    [p for _, p in read.phases], [d for _, d in read.deadlines], now
                )
            except Overlap as clash:
                line = read.phases[clash.index or 0][0]
                return [ImportProblem(line, f"overlaps phase D{clash.other_id}")], 0, 0
            return [], phases, deadlines
        finally:
            await store.close()

    problems, phases, deadlines = asyncio.run(load())
    if problems:
        for problem in problems:
            print(f"{args.file}:{problem.line}: {problem.message}", file=sys.stderr)
        print(f"{args.file}: nothing imported ({len(problems)} problem(s))", file=sys.stderr)
        return 1
    print(
        f"{args.file}: imported {phases} phase(s) and {deadlines} deadline(s); "
        "the running bot plans their reminders within 15 minutes"
    )
    return 0


def cmd_shell(args: argparse.Namespace) -> int:
    """Chat with the real bot in the terminal, over the bundled Bot API emulator."""
    from bot.devtools.shell import run_shell

    return asyncio.run(run_shell(as_role=args.as_role, db=args.db, zalo=args.zalo))


def cmd_demo(args: argparse.Namespace) -> int:
    """Seed a sample commune and play a short scripted conversation."""
    from bot.devtools.demo import run_demo

    return asyncio.run(run_demo(db=args.db, zalo=args.zalo))


def parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    top = argparse.ArgumentParser(
        prog="antt-bot", description="Grassroots security reporting bot (Tổ bảo vệ ANTT)."
    )
    # `antt-bot` alone is `antt-bot run`.
    top.set_defaults(func=cmd_run, config=None)
    sub = top.add_subparsers(dest="command")

    run = sub.add_parser("run", help="run the bot on Telegram, Zalo or both")
    run.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the TOML configuration file (default: config.toml here; with neither it nor a "
        "token in the environment, the local demo plays)",
    )
    run.set_defaults(func=cmd_run)

    shell = sub.add_parser("shell", help="chat with the bot in this terminal (no messenger)")
    shell.add_argument(
        "--as",
        dest="as_role",
        choices=["member", "leader", "police", "admin", "new"],
        default="member",
        help="who you are in the sample commune (default: member)",
    )
    shell.add_argument("--db", type=Path, default=None, help="keep the database in this file")
    shell.add_argument(
        "--zalo", action="store_true", help="be a Zalo user (no buttons; everything typed)"
    )
    shell.set_defaults(func=cmd_shell)

    demo = sub.add_parser("demo", help="play a scripted conversation (no Telegram)")
    demo.add_argument("--db", type=Path, default=None, help="keep the database in this file")
    demo.add_argument("--zalo", action="store_true", help="play it on Zalo (fake Zalo Bot API)")
    demo.set_defaults(func=cmd_demo)

    audit = sub.add_parser("audit", help="who viewed, exported or changed what")
    audit.add_argument("--config", type=Path, required=True)
    audit.add_argument("--since", help="from this date (dd/mm/yyyy)")
    audit.add_argument("--actor", type=int, help="only this person (the number in N45)")
    audit.add_argument("--action", choices=["view", "export", "status", "org", "purge"])
    audit.add_argument("--limit", type=int, default=500)
    audit.set_defaults(func=cmd_audit)

    backup = sub.add_parser(
        "backup", help="copy the database and media into one archive (while the bot runs)"
    )
    backup.add_argument("--config", type=Path, required=True)
    backup.add_argument(
        "--to",
        type=Path,
        help="the archive to write, or a folder to write it in "
        "(default: backups/ beside the database)",
    )
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser("restore", help="replace the database with a backup (bot stopped)")
    restore.add_argument("file", type=Path, help="an archive from `antt-bot backup`")
    restore.add_argument("--config", type=Path, required=True)
    restore.add_argument("--yes", action="store_true", help="confirm (the bot is stopped)")
    restore.set_defaults(func=cmd_restore)

    org = sub.add_parser("org", help="organisation data")
    org_sub = org.add_subparsers(dest="org_command", required=True)
    org_import = org_sub.add_parser("import", help="load communes, villages, teams from CSV")
    org_import.add_argument("file", type=Path)
    org_import.add_argument("--config", type=Path, required=True)
    org_import.set_defaults(func=cmd_org_import)
    org_seed = org_sub.add_parser(
        "seed", help="create every commune of the province from the official map (07/2025)"
    )
    org_seed.add_argument("--province", help="the deployment's province (default: bot.province)")
    org_seed.add_argument("--config", type=Path, required=True)
    org_seed.set_defaults(func=cmd_org_seed)

    db = sub.add_parser("db", help="the database: move it to PostgreSQL, check it")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_copy = db_sub.add_parser(
        "copy", help="copy the SQLite database into an empty PostgreSQL database"
    )
    db_copy.add_argument("--to", required=True, help="postgresql://user:password@host/db")
    db_copy.add_argument("--config", type=Path, help="the deployment's config.toml")
    db_copy.add_argument(
        "--from", dest="source", type=Path, help="a SQLite file (default: the config's)"
    )
    db_copy.set_defaults(func=cmd_db_copy)
    db_check = db_sub.add_parser("check", help="check the database's consistency")
    db_check.add_argument("--config", type=Path, help="the deployment's config.toml")
    db_check.set_defaults(func=cmd_db_check)

    calendar = sub.add_parser("calendar", help="phases and deadlines")
    calendar_sub = calendar.add_subparsers(dest="calendar_command", required=True)
    calendar_import = calendar_sub.add_parser(
        "import", help="load phases and deadlines from a CSV or TOML file (all or nothing)"
    )
    calendar_import.add_argument("file", type=Path)
    calendar_import.add_argument("--config", type=Path, required=True)
    calendar_import.set_defaults(func=cmd_calendar_import)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the antt-bot command."""
    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code
