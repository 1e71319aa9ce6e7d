"""The test bench: the real bot against the fake Bot API on loopback, plus seed data."""

from __future__ import annotations

import asyncio
import contextlib
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import aiohttp
import backends

from bot.app import Runtime
from bot.clock import Clock, ManualClock, SystemClock
from bot.config import Settings, parse_settings
from bot.devtools.fake_telegram import FakeTelegram, FakeUser, SentMessage
from bot.devtools.fake_zalo import FakeZalo, FakeZaloUser, ZaloSent
from bot.devtools.process import start_bot
from bot.domain import Channel, Role
from bot.services.onboarding import new_code
from storage.base import Store
from storage.models import Approval, Invite, Person, Team

ADMIN_ID = 900_000_001
ZALO_ADMIN_ID = "a0a0a0a0a0a0a0a0a0a0"
ZALO_SECRET = "zalo-webhook-secret-for-tests"


def free_port() -> int:
    """Return a TCP port nothing listens on now (for a webhook URL known in advance)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def zalo_settings(zfake: FakeZalo, mode: str = "webhook") -> dict[str, Any]:
    """Return the [zalo] table that points the bot at the fake Zalo API."""
    port = free_port()
    return {
        "token": zfake.token,
        "base_url": zfake.base_url,
        "mode": mode,
        "poll_timeout": 1,
        "admins": [ZALO_ADMIN_ID],
        # The fake serves photos from loopback, which production refuses.
        "media_allow_networks": ["127.0.0.0/8"],
        "media_timeout": 3,
        # As [delivery] below: test users answer faster than people (the pacing tests put
        # Zalo's pace back).
        "per_second": 1000,
        "chat_per_second": 100,
        "chat_burst": 100,
        "webhook": {
            "listen": "127.0.0.1",
            "port": port,
            "path": "/zalo",
            "url": f"http://127.0.0.1:{port}/zalo",
            "secret_token": ZALO_SECRET,
        },
    }


def settings_for(
    fake: FakeTelegram | None, db: Path, zfake: FakeZalo | None = None, **overrides: Any
) -> Settings:
    """Return settings that point the bot at the fake servers and a test database."""
    data: dict[str, Any] = {
        "bot": {"province": "Cao Bằng", "admins": [ADMIN_ID]},
        "storage": backends.storage_settings(db),
        # Test users answer faster than any person could: lift the outbox's pacing (one
        # message a second per chat, 29 a second overall); the flood tests put it back.
        "delivery": {"per_second": 1000, "chat_per_second": 100, "chat_burst": 100},
        # The web workspace on a free loopback port (links name the port bound).
        "web": {"port": 0},
    }
    if fake is not None:
        data["telegram"] = {
            "token": fake.token,
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
            "poll_timeout": 1,
        }
    if zfake is not None:
        data["zalo"] = zalo_settings(zfake)
    for table, values in overrides.items():
        data.setdefault(table, {}).update(values)
    return parse_settings(data, "test")


def webhook_bench(fake: FakeTelegram, db: Path, secret: str = "webhook-secret-for-tests") -> Bench:
    """Return a bench whose bot takes Telegram's updates by webhook (not started)."""
    port = free_port()
    bench = Bench(fake, db)
    webhook = {"port": port, "url": f"http://127.0.0.1:{port}/telegram", "secret_token": secret}
    bench.settings = settings_for(fake, db, telegram={"mode": "webhook", "webhook": webhook})
    return bench


@dataclass
class Org:
    """The seeded organisation: two communes, a team in each."""

    commune_a: int
    commune_b: int
    team_a: Team
    team_a2: Team
    team_b: Team


class Bench:
    """One bot, one fake Telegram (and a fake Zalo if given), one database."""

    def __init__(
        self,
        fake: FakeTelegram,
        db: Path,
        clock: Clock | None = None,
        zfake: FakeZalo | None = None,
    ) -> None:
        self.fake = fake
        self.zfake = zfake
        self.db = db
        self.clock = clock or SystemClock()
        self.settings = settings_for(fake, db, zfake)
        self.runtime: Runtime | None = None
        self.org: Org | None = None

    @property
    def zalo(self) -> FakeZalo:
        """Return the fake Zalo API (only on a bench made with one)."""
        assert self.zfake is not None, "this bench runs without Zalo"
        return self.zfake

    @property
    def store(self) -> Store:
        """Return the running bot's store."""
        assert self.runtime is not None and self.runtime.store is not None
        return self.runtime.store

    async def start(self) -> None:
        """Start the bot."""
        self.runtime = Runtime(self.settings, clock=self.clock)
        await self.runtime.start()

    async def stop(self) -> None:
        """Stop the bot cleanly."""
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None

    async def restart(self) -> None:
        """Stop and start again over the same database."""
        await self.stop()
        await self.start()

    async def running(self) -> AsyncIterator[Bench]:
        """Start, seed, hand the bench to a fixture, stop at the end (a fixture's body)."""
        await self.start()
        await self.seed()
        try:
            yield self
        finally:
            await self.stop()

    async def seed(self) -> Org:
        """Create two communes (A with two villages, B with one)."""
        now = self.clock.now()
        province = await self.store.ensure_province("Cao Bằng")
        a = await self.store.add_commune(province.id, "Xã Hòa An", now)
        b = await self.store.add_commune(province.id, "Xã Nguyên Bình", now)
        team_a = await self.store.add_village_with_team(
            a.id, "Thôn Nà Cáp", "village", "Tổ bảo vệ ANTT thôn Nà Cáp"
        )
        team_a2 = await self.store.add_village_with_team(
            a.id, "Tổ dân phố 3", "residential_group", "Tổ bảo vệ ANTT TDP 3"
        )
        team_b = await self.store.add_village_with_team(
            b.id, "Bản Chang", "village", "Tổ bảo vệ ANTT bản Chang"
        )
        self.org = Org(a.id, b.id, team_a, team_a2, team_b)
        return self.org

    async def invite(
        self,
        role: Role = Role.MEMBER,
        team: Team | None = None,
        commune_id: int | None = None,
        *,
        max_uses: int = 5,
        expires: datetime | None = None,
        approval: Approval = "none",
    ) -> str:
        """Store an invite code directly (the admin chat flow is tested on its own).

        Seeded police invites need no approval unless asked: tests of the approval itself
        (tests/e2e/test_invite_approval.py) make them as `/moi` does.
        """
        assert self.org is not None
        team = team if team is not None or role == Role.POLICE else self.org.team_a
        now = self.clock.now()
        code = new_code()
        await self.store.create_invite(
            Invite(
                code=code,
                role=role,
                commune_id=commune_id or (team.commune_id if team else self.org.commune_a),
                team_id=team.id if team else None,
                created_at=now,
                expires_at=expires or datetime(2099, 1, 1, tzinfo=UTC),
                max_uses=max_uses,
                approval=approval,
            )
        )
        return code

    async def join(
        self,
        name: str = "Lan",
        role: Role = Role.MEMBER,
        team: Team | None = None,
        commune_id: int | None = None,
        language: str = "vi",
    ) -> FakeUser:
        """Make a new phone user who joins by invite link; their welcome is read and the
        full-name question it asks is answered with their profile name."""
        user = self.fake.user(name, language_code=language)
        code = await self.invite(role, team, commune_id)
        await user.send_text(f"/start {code}")
        welcome = await user.next_reply()
        assert "Chào" in welcome.all_text or "Welcome" in welcome.all_text, welcome.all_text
        await keep_name(user, welcome)
        return user

    async def person(self, user: FakeUser) -> Person:
        """Return the stored person behind a phone user."""
        person = await self.store.person_by_identity(Channel.TELEGRAM, str(user.id))
        assert person is not None, f"{user} is not registered"
        return person

    def admin(self, name: str = "Cán bộ Tỉnh") -> FakeUser:
        """Return the configured admin's phone."""
        return self.fake.user(name, user_id=ADMIN_ID)

    async def join_zalo(
        self,
        name: str = "Lan",
        role: Role = Role.MEMBER,
        team: Team | None = None,
        commune_id: int | None = None,
    ) -> FakeZaloUser:
        """Make a new Zalo user who joins by typing "/start CODE"; their welcome is read and
        the full-name question answered "1" (keep the profile name)."""
        user = self.zalo.user(name)
        code = await self.invite(role, team, commune_id)
        await user.send_text(f"/start {code}")
        welcome = await user.next_reply()
        assert "Chào" in (welcome.text or ""), welcome.text
        saved = await zsay(user, "1")
        assert "Đã lưu họ và tên" in saved, saved
        return user

    async def zperson(self, user: FakeZaloUser) -> Person:
        """Return the stored person behind a Zalo user."""
        person = await self.store.person_by_identity(Channel.ZALO, user.id)
        assert person is not None, f"{user} is not registered"
        return person

    def zalo_admin(self, name: str = "Cán bộ Tỉnh") -> FakeZaloUser:
        """Return the configured Zalo admin's phone (the same one every time)."""
        try:
            return self.zalo.user_by_id(ZALO_ADMIN_ID)
        except KeyError:
            return self.zalo.user(name, user_id=ZALO_ADMIN_ID)


async def keep_name(user: FakeUser, question: SentMessage) -> SentMessage:
    """Answer the full-name question with the profile name it offers; return the reply."""
    saved = await answer(user, question, "✔️")
    assert "Đã lưu họ và tên" in saved.all_text or "Full name saved" in saved.all_text
    return saved


async def answer(user: FakeUser, reply: SentMessage, button: str) -> SentMessage:
    """Press a button on a reply by (part of) its label and return the next reply."""
    for candidate in reply.buttons:
        if button in candidate.text:
            await user.press(reply, data=candidate.callback_data)
            return await user.next_reply()
    raise AssertionError(f"no button {button!r} in {[b.text for b in reply.buttons]}")


def choices(message: SentMessage) -> list[str]:
    """Return the numbered choices of a question, without their numbers ("📨 Gửi")."""
    found = []
    for button in message.buttons:
        number, dot, label = button.text.partition(". ")
        if dot and number.isdigit():
            found.append(label)
    return found


async def say(user: FakeUser, text: str) -> SentMessage:
    """Send a text and return the next reply."""
    await user.send_text(text)
    return await user.next_reply()


async def zsay(user: FakeZaloUser, text: str) -> str:
    """Send a text on Zalo and return the text of the next reply."""
    await user.send_text(text)
    return text_of(await user.next_reply())


def text_of(sent: ZaloSent) -> str:
    """Return what a Zalo message shows: its text, or a photo's caption."""
    return sent.text or sent.caption or ""


def manual_clock(year: int = 2026, month: int = 11, day: int = 20, hour: int = 3) -> ManualClock:
    """Return a clock stopped at a UTC time (10:00 in Vietnam by default)."""
    return ManualClock(datetime(year, month, day, hour, tzinfo=UTC))


async def seed_file(db: Path, code: str, uses: int = 5) -> None:
    """Seed a database file for a bot run as a subprocess: a commune, a team, an invite."""
    store = backends.make_store(db)
    await store.open()
    try:
        now = datetime.now(UTC)
        province = await store.ensure_province("Cao Bằng")
        commune = await store.add_commune(province.id, "Xã Hòa An", now)
        team = await store.add_village_with_team(commune.id, "Thôn Nà Cáp", "village", "Tổ 1")
        await store.create_invite(
            Invite(
                code=code,
                role=Role.MEMBER,
                commune_id=commune.id,
                team_id=team.id,
                created_at=now,
                expires_at=now + timedelta(days=1),
                max_uses=uses,
            )
        )
    finally:
        await store.close()


def process_config(path: Path, fake: FakeTelegram, db: Path) -> Path:
    """Write a configuration for a bot subprocess pointed at the fake server."""
    path.write_text(
        f"[bot]\nadmins = [{ADMIN_ID}]\n"
        f'[telegram]\ntoken = "{fake.token}"\nbase_url = "{fake.base_url}"\n'
        f'base_file_url = "{fake.base_file_url}"\npoll_timeout = 1\n'
        f"{backends.storage_toml(db)}"
        # Several bots may run at once: the web workspace on a free port each.
        "[web]\nport = 0\n",
        encoding="utf-8",
    )
    return path


async def bot_process(
    config: Path, *, log: bool = False, log_file: Path | None = None
) -> asyncio.subprocess.Process:
    """Start `antt-bot run` as a separate process (so it can be killed -9); with `log`,
    what it logs (stderr) is readable from `process.stderr`; with `log_file`, it is
    appended there (a restarted process goes on in the same file)."""
    with contextlib.ExitStack() as files:
        stderr: int | IO[bytes] = asyncio.subprocess.PIPE if log else asyncio.subprocess.DEVNULL
        if log_file is not None:
            stderr = files.enter_context(log_file.open("ab"))
        return await start_bot(config, stderr=stderr)


async def serving(url: str, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Wait until a bot process's webhook at `url` accepts connections."""
    parts = urlsplit(url)
    async with asyncio.timeout(timeout):
        while True:
            try:
                _, writer = await asyncio.open_connection(parts.hostname, parts.port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return


async def log_until(
    process: asyncio.subprocess.Process,
    text: str,
    timeout: float = 30.0,  # noqa: ASYNC109
) -> list[str]:
    """Read a bot process's log lines until one contains `text`; return all of them."""
    assert process.stderr is not None
    lines: list[str] = []
    async with asyncio.timeout(timeout):
        while True:
            raw = await process.stderr.readline()
            if not raw:
                raise AssertionError(f"the bot ended before logging {text!r}: {lines}")
            lines.append(raw.decode().rstrip("\n"))
            if text in lines[-1]:
                return lines


async def finished(
    process: asyncio.subprocess.Process,
    timeout: float = 30.0,  # noqa: ASYNC109
) -> tuple[int, str]:
    """Wait for a bot process to end; return its exit code and the rest of its log.

    One that does not end in time is killed (it would disturb the tests after this one),
    and the failure shows what it logged meanwhile.
    """
    assert process.stderr is not None
    chunks: list[bytes] = []
    try:
        async with asyncio.timeout(timeout):
            while chunk := await process.stderr.read(65536):
                chunks.append(chunk)
            code = await process.wait()
    except TimeoutError:
        process.kill()
        await process.wait()
        tail = b"".join(chunks).decode(errors="replace")[-4000:]
        raise AssertionError(
            f"the bot (pid {process.pid}) had not ended after {timeout:.0f} s; its log:\n{tail}"
        ) from None
    return code, b"".join(chunks).decode()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')
LOGIN_LINK = re.compile(r"https?://\S+/login/\S+")


async def web_session(bench: Bench, user: FakeUser | None) -> tuple[aiohttp.ClientSession, str]:
    """Sign in to the web workspace with the link the bot gives in chat (/web); return the
    HTTP client (the caller closes it) and the page's CSRF token."""
    client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    if user is None:
        return client, ""
    user.drain()
    await user.send_text("/web")
    await bench.fake.wait_idle(quiet=0.1)
    link = next(found[0] for m in user.drain() if (found := LOGIN_LINK.search(m.all_text)))
    async with client.post(link, allow_redirects=False) as signed_in:
        assert signed_in.status == 303, await signed_in.text()
    base = link.split("/login/")[0]
    async with client.get(base + "/") as home:
        found = CSRF.search(await home.text())
    return client, found.group(1) if found else ""
