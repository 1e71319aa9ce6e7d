"""A bot you can talk to without Telegram or Zalo: the real Runtime over the bundled fakes.

Used by `antt-bot shell` and `antt-bot demo`: a sample commune is seeded so a person can
try every conversation at once. With `zalo=True` the same bot also runs on the fake Zalo
Bot API (polling, as in development), so one can chat as a Zalo user.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.app import Runtime
from bot.config import parse_settings
from bot.devtools.fake_telegram import Button, FakeChat, FakeTelegram, FakeUser, SentMessage
from bot.devtools.fake_zalo import FakeZalo, FakeZaloUser
from bot.domain import Channel, Role
from bot.official_map import find_province, match_communes
from bot.services.onboarding import new_code
from storage.models import Invite, OfficialUnit, Team

ADMIN_ID = 500_000_001
ZALO_ADMIN_ID = "5a105a105a105a105a10"
PROVINCE = "Cao Bằng"


@dataclass
class SampleOrg:
    """What the sandbox seeds: one commune with two teams and a police group."""

    commune_id: int
    team: Team
    other_team: Team
    police_group: FakeChat


class Sandbox:
    """The fake server, the running bot and the sample organisation."""

    def __init__(self, fake: FakeTelegram, runtime: Runtime, zfake: FakeZalo | None = None) -> None:
        self.fake = fake
        self.zfake = zfake
        self.runtime = runtime
        self.org: SampleOrg | None = None

    async def seed(self) -> SampleOrg:
        """Create Xã Hòa An with two villages, each with its security team."""
        store = self.runtime.store
        assert store is not None
        now = self.runtime.clock.now()
        existing = await store.list_teams()
        if existing:
            team, other = existing[0], existing[-1]
            commune_id = team.commune_id
        else:
            # The real Xã Hòa An of Cao Bằng, with its official code and centre.
            official = find_province(PROVINCE)
            assert official is not None
            [hoa_an] = match_communes(official, "Xã Hòa An")
            [commune] = await store.add_official_communes(
                OfficialUnit(code=official.code, name=PROVINCE), [hoa_an.unit()], now
            )
            commune_id = commune.id
            team = await store.add_village_with_team(
                commune_id, "Thôn Nà Cáp", "village", "Tổ bảo vệ ANTT thôn Nà Cáp", now=now
            )
            other = await store.add_village_with_team(
                commune_id, "Tổ dân phố 2", "residential_group", "Tổ bảo vệ ANTT TDP 2", now=now
            )
        group = self.fake.group("Công an xã Hòa An")
        admin = await store.ensure_admin(
            Channel.TELEGRAM, str(ADMIN_ID), str(ADMIN_ID), "Quản trị", "vi", now
        )
        await store.link_police_chat(
            Channel.TELEGRAM, str(group.id), commune_id, group.title or "", admin.id, now
        )
        self.org = SampleOrg(commune_id, team, other, group)
        return self.org

    async def invite(self, role: Role, team: Team | None = None, *, approved: bool = False) -> str:
        """Store an invite for the sample commune and return its code.

        A police invite waits for the admin's approval, as one made with /moi does, unless
        `approved` (the shell's `--as police` starts as an officer).
        """
        store = self.runtime.store
        assert store is not None and self.org is not None
        now = self.runtime.clock.now()
        code = new_code()
        await store.create_invite(
            Invite(
                code=code,
                role=role,
                commune_id=self.org.commune_id,
                team_id=None if role == Role.POLICE else (team or self.org.team).id,
                created_at=now,
                expires_at=now + timedelta(days=14),
                # Police invites are single-use, as /moi makes them.
                max_uses=1 if role == Role.POLICE else 30,
                **({"approval": "none"} if approved else {}),
            )
        )
        return code

    async def officer_link(self, name: str = "Cán bộ Minh") -> str:
        """Join a sample commune officer and return the workspace sign-in link /web gives."""
        officer = self.fake.user(name)
        # The sample officer is seeded as approved; `demo` plays the approval itself.
        await officer.send_text(f"/start {await self.invite(Role.POLICE, approved=True)}")
        await officer.next_reply()
        await officer.send_text("/web")
        for _ in range(3):
            words = (await officer.next_reply()).all_text.split()
            links = [w for w in words if "/login/" in w]
            if links:
                return links[0]
        return self.runtime.services.web_auth.base_url

    def person(self, name: str, role: str) -> FakeUser:
        """Return a phone user; the admin uses the configured admin id.

        The same name and role get the same account every run, so a sandbox over a kept
        database (`--db FILE`) continues with the same people.
        """
        if role == "admin":
            return self.fake.user(name, user_id=ADMIN_ID)
        return self.fake.user(name, user_id=700_000_000 + _stable(name, role) % 99_000_000)

    def zalo_person(self, name: str, role: str) -> FakeZaloUser:
        """Return a Zalo user; the admin uses the configured Zalo admin id."""
        assert self.zfake is not None, "the sandbox runs without Zalo"
        if role == "admin":
            return self.zfake.user(name, user_id=ZALO_ADMIN_ID)
        return self.zfake.user(name, user_id=f"{_stable(name, role):020x}"[-20:])

    def zalo_id(self, what: str) -> str:
        """Return a Zalo chat id that is the same for the same thing every run (a group)."""
        return f"{_stable(what, 'zalo chat'):020x}"[-20:]

    async def registered(self, user: FakeUser | FakeZaloUser) -> bool:
        """Return whether a phone user already joined (in an earlier run over this database)."""
        store = self.runtime.store
        assert store is not None
        channel = Channel.TELEGRAM if isinstance(user, FakeUser) else Channel.ZALO
        return await store.person_by_identity(channel, str(user.id)) is not None

    @property
    def reports_folder(self) -> Path:
        """Where the bot writes the report files it sends (XLSX, DOCX, charts)."""
        return self.runtime.settings.storage.media_dir / "reports"


def _stable(name: str, role: str) -> int:
    """A number that is the same for a name and role in every run."""
    return int.from_bytes(hashlib.sha256(f"{role}:{name}".encode()).digest()[:10], "big")


def _fresh_ids() -> int:
    """A start for the fakes' message ids above any an earlier run stored (they only grow)."""
    return time.time_ns() // 1_000_000


@contextlib.asynccontextmanager
async def sandbox(
    db: Path | None = None, *, zalo: bool = False, web_port: int = 0
) -> AsyncIterator[Sandbox]:
    """Start the fake APIs and the bot over a database (a temporary one by default)."""
    with tempfile.TemporaryDirectory(prefix="antt-") as tmp:
        path = db or Path(tmp) / "antt.sqlite3"
        # Beside a kept database, its photos and report files are kept too.
        media = path.with_name(path.stem + "-media") if db else Path(tmp) / "media"
        async with contextlib.AsyncExitStack() as stack:
            fake = await stack.enter_async_context(
                FakeTelegram(bot_username="antt_demo_bot", first_update_id=_fresh_ids())
            )
            zfake = await stack.enter_async_context(FakeZalo(seed=_fresh_ids())) if zalo else None
            config: dict[str, object] = {
                "bot": {"province": PROVINCE, "admins": [ADMIN_ID]},
                "telegram": {
                    "token": fake.token,
                    "base_url": fake.base_url,
                    "base_file_url": fake.base_file_url,
                    "poll_timeout": 1,
                },
                "storage": {"path": str(path), "media_dir": str(media)},
                # The bundled server has no flood limits, and a script types faster than a
                # person: no need to pace the replies.
                "delivery": {"per_second": 1000, "chat_per_second": 100, "chat_burst": 100},
                # The web workspace on loopback, on a free port: `shell` and `demo` print
                # a sign-in link that works while they run.
                "web": {"port": web_port},
            }
            if zfake is not None:
                config["zalo"] = {
                    "token": zfake.token,
                    "base_url": zfake.base_url,
                    "poll_timeout": 1,
                    "admins": [ZALO_ADMIN_ID],
                    # The bundled fake serves photos from this machine.
                    "media_allow_networks": ["127.0.0.0/8"],
                    # As [delivery]: no flood limits there, and a script types fast.
                    "per_second": 1000,
                    "chat_per_second": 100,
                    "chat_burst": 100,
                }
            runtime = Runtime(parse_settings(config, "sandbox"))
            await runtime.start()
            try:
                box = Sandbox(fake, runtime, zfake)
                await box.seed()
                yield box
            finally:
                await runtime.stop()


def render(
    message: SentMessage,
    indent: str = "   ",
    *,
    label: Callable[[Button], str] = lambda button: button.text,
    keys: Sequence[str] | None = None,
) -> str:
    """Draw a bot message for a terminal: text, then buttons and keyboards.

    `label` words each inline button, `keys` replaces the keyboard's labels (the shell
    puts the number that presses each in front).
    """
    lines = [message.all_text or f"<{message.method}>"]
    if message.location:
        lines.append(f"📍 {message.location[0]:.5f}, {message.location[1]:.5f}")
    if message.photo and not message.all_text:
        lines.append("🖼 (ảnh)")
    for row in message.inline_keyboard:
        lines.append("  ".join(f"[{label(b)}]" for b in row))
    if keys is None and message.reply_keyboard:
        keys = [label for row in message.reply_keyboard for label in row]
    if keys:
        lines.append("⌨ " + "  ".join(f"‹{key}›" for key in keys))
    body = "\n".join(lines)
    return body.replace("\n", "\n" + indent)
