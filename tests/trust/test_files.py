"""Files that hold informants' data (issue 11 §12): private, backed up whole, restored safely.

The database, its WAL and shared-memory file, backups, report files and media used to take
the process umask (0644 under a stock 022: readable by every account on the machine); the
backup held the database but not the photos; restore would replace a database under a
running bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import stat
import tarfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.devtools.fake_telegram import FakeTelegram
from bot.devtools.fake_zalo import TINY_JPEG, FakeZalo, FakeZaloUser
from bot.domain import Role
from harness import Bench, say, settings_for, text_of, zsay
from storage.sqlite.maintenance import lock_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


async def cli(args: list[str]) -> int:
    """Run the command line as an operator would, beside the running bot."""
    return await asyncio.to_thread(main, args)


def write_config(root: Path, bench: Bench) -> Path:
    storage = bench.settings.storage
    path = root / "config.toml"
    path.write_text(
        f'[storage]\npath = "{storage.path}"\nmedia_dir = "{storage.media_dir}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
async def srv(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[Bench]:
    """The bot on Telegram and Zalo with its data in folders it creates itself, umask 022."""
    root = tmp_path / "srv"
    with umask(0o022):
        async with FakeZalo() as zfake:
            bench = Bench(fake, root / "data" / "antt.sqlite3", zfake=zfake)
            bench.settings = settings_for(
                fake, bench.db, zfake, storage={"media_dir": str(root / "media")}
            )
            async for running in bench.running():
                yield running


async def photo_deed(user: FakeZaloUser, data: bytes = TINY_JPEG) -> str:
    """File a good deed with a photo on Zalo; return its code."""
    for text in ["/viectot", "1", "Cứu em bé đuối nước", "1"]:
        await zsay(user, text)
    await user.send_image(data=data)  # sent on the summary: the photo step opens
    assert "Đã có 1 ảnh" in text_of(await user.next_reply())
    await zsay(user, "xong")
    done = await zsay(user, "1")
    return done.split("Mã số: ")[1].split()[0]


def tree(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


@pytest.mark.sqlite_only  # the SQLite file, its WAL and backups
async def test_everything_the_bot_writes_is_private_whatever_the_umask(srv: Bench) -> None:
    assert srv.org is not None
    lan = await srv.join_zalo("Lan")
    await photo_deed(lan)
    minh = await srv.join("Minh", Role.POLICE, commune_id=srv.org.commune_a)
    await say(minh, "/baocao tháng này")
    await minh.replies_until(lambda m: bool(m.document))
    backups = srv.db.parent / "backups"
    with umask(0o022):
        assert await cli(["backup", "--config", str(write_config(srv.db.parent.parent, srv))]) == 0
    media = srv.settings.storage.media_dir
    reports = sorted((media / "reports").iterdir())
    photos = sorted((media / "zalo").rglob("*.jpg"))
    assert reports and photos and list(backups.iterdir())
    db_files = [srv.db, srv.db.with_name("antt.sqlite3-wal"), srv.db.with_name("antt.sqlite3-shm")]
    for path in [*db_files, *reports, *photos, *backups.iterdir()]:
        assert mode(path) == 0o600, (path, oct(mode(path)))
    for folder in [srv.db.parent, media, media / "zalo", media / "reports", backups]:
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    for folder in (media / "zalo").iterdir():
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))
    assert lan is not None


@pytest.mark.sqlite_only  # the SQLite file's modes
async def test_files_made_by_an_older_version_are_tightened(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    db = tmp_path / "antt.sqlite3"
    with umask(0o022):
        bench = Bench(fake, db)
        await bench.start()
        await bench.stop()
        for path in [db, db.with_name("antt.sqlite3-wal"), db.with_name("antt.sqlite3-shm")]:
            if path.exists():
                os.chmod(path, 0o644)
        await bench.start()
        try:
            assert mode(db) == 0o600
            assert mode(db.with_name("antt.sqlite3-wal")) == 0o600
        finally:
            await bench.stop()


@pytest.mark.sqlite_only  # backups of the SQLite file
async def test_a_backup_holds_the_media_and_restore_puts_it_back(
    srv: Bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lan = await srv.join_zalo("Lan")
    photo = b"\xff\xd8\xff\xe0" + b"a burnt haystack" * 40
    code = await photo_deed(lan, photo)
    config = write_config(tmp_path, srv)
    elsewhere = tmp_path / "usb" / "antt"
    elsewhere.mkdir(parents=True)
    assert await cli(["backup", "--config", str(config), "--to", f"{elsewhere}/"]) == 0
    out = capsys.readouterr().out
    assert "1 media files" in out and "informants' names" in out
    [archive] = list(elsewhere.iterdir())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "antt.sqlite3" in names and any(n.startswith("media/zalo/") for n in names)
    assert not any(n.startswith("media/reports") for n in names)

    # The machine is lost: a new one gets the archive and nothing else.
    await srv.stop()
    for path in tree(srv.db.parent.parent):
        if path.is_file():
            path.unlink()
    assert await cli(["restore", str(archive), "--config", str(config), "--yes"]) == 0
    assert "1 media files put back" in capsys.readouterr().out
    await srv.start()
    entry = await srv.store.get_entry(code)
    assert entry is not None and entry.photo_count == 1
    [kept] = await srv.store.entry_media(entry.id)
    kept_file = srv.settings.storage.media_dir / (kept.local_path or "")
    assert kept_file.read_bytes() == photo and mode(kept_file) == 0o600
    assert mode(srv.db) == 0o600


@pytest.mark.sqlite_only  # restore of the SQLite file, its lock file
async def test_restore_refuses_while_the_bot_runs(
    srv: Bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lan = await srv.join("Lan")
    await say(lan, "/cuatoi")
    config = write_config(tmp_path, srv)
    archive = tmp_path / "b.tar.gz"
    assert await cli(["backup", "--config", str(config), "--to", str(archive)]) == 0
    assert await cli(["restore", str(archive), "--config", str(config), "--yes"]) == 1
    # The running bot holds its run lock (antt-bot run does), and the restore sees it.
    assert "the bot is running (it holds" in capsys.readouterr().err
    # The bot was not disturbed.
    assert "Bạn chưa gửi tin nào" in (await say(lan, "/cuatoi")).all_text
    await srv.stop()
    # A bot holding the run lock (antt-bot run does) is refused the same way.
    handle = os.open(lock_path(srv.db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert await cli(["restore", str(archive), "--config", str(config), "--yes"]) == 1
        assert "the bot is running (it holds" in capsys.readouterr().err
    finally:
        os.close(handle)
    assert await cli(["restore", str(archive), "--config", str(config), "--yes"]) == 0


@pytest.mark.sqlite_only  # restore of the SQLite file
async def test_a_damaged_or_foreign_archive_changes_nothing(
    srv: Bench, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lan = await srv.join("Lan")
    await say(lan, "/cuatoi")
    config = write_config(tmp_path, srv)
    await srv.stop()
    before = srv.db.read_bytes()
    foreign = tmp_path / "other.tar.gz"
    evil = tmp_path / "evil.txt"
    evil.write_text("x", encoding="utf-8")
    with tarfile.open(foreign, "w:gz") as tar:
        tar.add(evil, arcname="../../escape.txt")
        tar.add(evil, arcname="notes.txt")
    assert await cli(["restore", str(foreign), "--config", str(config), "--yes"]) == 1
    assert "not an antt-bot backup" in capsys.readouterr().err
    assert not (tmp_path.parent / "escape.txt").exists()
    assert srv.db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can take over another account's files")
def test_root_is_told_to_run_backup_and_restore_as_the_bots_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "var-lib-antt-bot"
    data.mkdir()
    os.chown(data, 65534, 65534)  # the bot's own account (here: nobody)
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\npath = "{data}/antt.sqlite3"\n', encoding="utf-8")
    for args in (["backup"], ["restore", str(tmp_path / "b.tar.gz"), "--yes"]):
        assert main([*args, "--config", str(config)]) == 2
        assert "run this as that account" in capsys.readouterr().err
    assert list(data.iterdir()) == []  # root made nothing the bot could not open
