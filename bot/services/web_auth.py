"""Who is at the browser: one-time sign-in links from the chat, Mini App data, sessions.

There are no passwords. `/web` in a private chat gives a link that works once, for ten
minutes, for that person; opening it starts a browser session and the chat is told, so a
forwarded link does not go unnoticed. On Telegram the workspace also opens as a Mini App,
whose `initData` Telegram signs with a key derived from the bot token. Secrets (links,
session cookies) are stored only as their SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import parse_qsl

from bot.config import WebSettings
from bot.domain import Channel, Role
from bot.fmt import local_datetime
from bot.messages import Button, Inbound, Outbound
from bot.parsing import fold
from bot.services.context import Env, Speaker
from bot.services.onboarding import OnboardingService
from bot.services.replies import reply
from bot.texts import Texts
from storage.errors import NotFound
from storage.models import Person, WebSession, WebToken

LINK_TTL = timedelta(minutes=10)
#: Who may use the workspace; members report from the chat.
WEB_ROLES = frozenset({Role.POLICE, Role.LEADER, Role.ADMIN})
#: A session's last use is written at most this often (a write per page would be waste).
TOUCH_EVERY = timedelta(minutes=1)
#: Mini App data from a few seconds in the future is a clock skew, not a forgery.
CLOCK_SKEW = 60
SIGN_OUT_WORDS = frozenset({"thoat", "dang xuat", "logout", "exit", "out"})

TokenState = Literal["ok", "unknown", "used", "expired", "refused"]


def digest(secret: str) -> str:
    """Return how a secret is stored: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


class InitDataRefused(Exception):
    """Mini App data that does not prove who sent it; `reason` says why (for logs, tests)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_init_data(init_data: str, bot_token: str, now: datetime, max_age: int) -> dict[str, str]:
    """Return the fields of Telegram Mini App `initData` once its hash proves Telegram sent it.

    As Telegram documents it: the data-check-string is every received field but `hash`,
    as `key=value`, sorted by key, joined by newlines; the key is HMAC-SHA256 of the bot
    token under "WebAppData"; the hash is the hex HMAC-SHA256 of the string under that key.
    "Every field" includes the newer `signature` (Ed25519, for third-party validation):
    Telegram's own sample data only validates with it in (tests/web/test_init_data.py).
    """
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InitDataRefused("malformed") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataRefused("repeated field")
    received = fields.pop("hash", "")
    if not received:
        raise InitDataRefused("no hash")
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received.lower()):
        raise InitDataRefused("bad hash")
    try:
        signed_at = int(fields.get("auth_date", ""))
    except ValueError:
        raise InitDataRefused("no auth_date") from None
    age = now.timestamp() - signed_at
    if age > max_age:
        raise InitDataRefused("too old")
    if age < -CLOCK_SKEW:
        raise InitDataRefused("from the future")
    return fields


@dataclass(frozen=True)
class SignedIn:
    """A new browser session: the cookie to set (its secret) and the session itself."""

    secret: str
    session: WebSession
    person: Person
    #: The Mini App's start parameter (an entry code from a link in a group), if any.
    start: str = ""


@dataclass(frozen=True)
class Visitor:
    """The person behind a request's session cookie."""

    person: Person
    session: WebSession

    @property
    def texts(self) -> Texts:
        """Return the person's catalogue."""
        return Texts(self.person.language)


def browser_name(user_agent: str) -> str:
    """Name a browser the way a person recognises it ("Chrome trên Android")."""
    agent = user_agent.lower()
    app = "Telegram" if "telegram" in agent else ""
    for marker, name in (
        ("zalo", "Zalo"),
        ("edg/", "Edge"),
        ("opr/", "Opera"),
        ("samsungbrowser", "Samsung Internet"),
        ("firefox", "Firefox"),
        ("chrome", "Chrome"),
        ("safari", "Safari"),
    ):
        if marker in agent:
            app = app or name
            break
    system = ""
    for marker, name in (
        ("android", "Android"),
        ("iphone", "iPhone"),
        ("ipad", "iPad"),
        ("windows", "Windows"),
        ("mac os", "macOS"),
        ("linux", "Linux"),
    ):
        if marker in agent:
            system = name
            break
    return " / ".join(part for part in (app, system) if part) or "?"


class WebAuthService:
    """Sign-in links, Mini App sign-in and the sessions they open."""

    def __init__(
        self, env: Env, web: WebSettings, bot_token: str, onboarding: OnboardingService
    ) -> None:
        self.env = env
        self.web = web
        self.onboarding = onboarding
        self._bot_token = bot_token
        #: Where the workspace is reached: public_url, or the bound loopback address (set
        #: by the web server once it listens).
        self.base_url = web.public_url

    @property
    def enabled(self) -> bool:
        """Return whether the workspace is served (and so links can be given)."""
        return self.web.enabled and bool(self.base_url)

    # --- from the chat ----------------------------------------------------------------

    async def command(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer /web: a sign-in link, or `/web thoat` to end every browser session."""
        texts = speaker.texts
        now = self.env.clock.now()
        person = speaker.person
        if person is None or speaker.role not in WEB_ROLES:
            if not inbound.chat_is_group:
                await self._say(inbound, texts("web.only_staff"), now)
            return
        if inbound.chat_is_group:
            # A sign-in link in a group would let anyone there in: groups get the Mini App
            # link (Telegram signs each opener in as themselves), or are sent to private.
            bot, app = self.onboarding.bot_username, self.web.mini_app
            if inbound.channel == Channel.TELEGRAM and bot and app and self.web.secure:
                link = f"https://t.me/{bot}/{app}?startapp=inbox"
                await self._say(inbound, texts("web.in_group", link=link), now)
            else:
                await self._say(inbound, texts("web.private_only"), now)
            return
        if inbound.args and fold(" ".join(inbound.args)) in SIGN_OUT_WORDS:
            await self.env.store.end_web_sessions(
                person.id,
                now,
                render=lambda ended: [reply(inbound, texts("web.signed_out", count=ended))],
                inbox_key=inbound.key,
            )
            return
        if not self.enabled:
            await self._say(inbound, texts("web.off"), now)
            return
        secret = secrets.token_urlsafe(32)
        link = f"{self.base_url}/login/{secret}"
        text = texts(
            "web.link", link=link, minutes=int(LINK_TTL.total_seconds() // 60), name=person.name
        )
        message = reply(inbound, text)
        if inbound.channel == Channel.TELEGRAM and self.web.secure:
            # Telegram opens only https pages, as a Mini App (private chats) or a link.
            message = message.model_copy(
                update={
                    "nav": [
                        Button(
                            label=texts("web.button.miniapp"),
                            data="web",
                            url=f"{self.base_url}/tg",
                            web_app=True,
                        ),
                        Button(label=texts("web.button.browser"), data="web", url=link),
                    ]
                }
            )
        await self.env.store.create_web_token(
            digest(secret),
            WebToken(
                person_id=person.id,
                channel=inbound.channel,
                chat_id=inbound.chat_id,
                created_at=now,
                expires_at=now + LINK_TTL,
            ),
            outbox=[message],
            inbox_key=inbound.key,
        )

    async def _say(self, inbound: Inbound, text: str, now: datetime) -> None:
        await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key)

    # --- at the browser ---------------------------------------------------------------

    async def link_state(self, secret: str) -> TokenState:
        """Return whether a sign-in link would work, without using it up."""
        token = await self.env.store.web_token(digest(secret))
        if token is None:
            return "unknown"
        if token.used_at is not None:
            return "used"
        if token.expires_at <= self.env.clock.now():
            return "expired"
        person = await self._person(token.person_id)
        return "ok" if person is not None else "refused"

    async def sign_in(self, secret: str, user_agent: str) -> SignedIn | TokenState:
        """Use a sign-in link: a new session, and the chat told where it was opened."""
        now = self.env.clock.now()
        state = await self.link_state(secret)
        if state != "ok":
            return state
        token = await self.env.store.web_token(digest(secret))
        assert token is not None
        person = await self._person(token.person_id)
        assert person is not None
        opened = self._new_session(person, "link", user_agent, now)
        texts = Texts(person.language, token.channel.value)
        notice = Outbound(
            channel=token.channel,
            chat_id=token.chat_id,
            text=texts(
                "web.signed_in",
                when=local_datetime(now, self.env.tz),
                browser=browser_name(user_agent),
            ),
        )
        if not await self.env.store.redeem_web_token(
            digest(secret), opened.session, outbox=[notice]
        ):
            # Opened twice at once: the other request won.
            return "used"
        return opened

    async def sign_in_mini_app(self, init_data: str, user_agent: str) -> SignedIn | None:
        """Open a session from Telegram Mini App data; None if it proves nothing or nobody."""
        now = self.env.clock.now()
        if not self._bot_token:
            return None
        try:
            fields = check_init_data(init_data, self._bot_token, now, self.web.init_data_max_age)
            user = json.loads(fields.get("user", ""))
            user_id = str(int(user["id"]))
        except (InitDataRefused, ValueError, KeyError, TypeError):
            return None
        found = await self.env.store.person_by_identity(Channel.TELEGRAM, user_id)
        person = await self._person(found.id) if found is not None else None
        if person is None:
            return None
        opened = self._new_session(person, "miniapp", user_agent, now)
        await self.env.store.open_web_session(opened.session)
        return replace(opened, start=fields.get("start_param", "")[:64])

    async def visitor(self, secret: str) -> Visitor | None:
        """Return who holds a session cookie, if the session is still good."""
        if not secret or len(secret) > 100:
            return None
        session = await self.env.store.web_session(digest(secret))
        now = self.env.clock.now()
        if session is None or session.ended_at is not None or session.expires_at <= now:
            return None
        idle = timedelta(minutes=self.web.session_idle_minutes)
        if now - session.last_seen_at > idle:
            return None
        person = await self._person(session.person_id)
        if person is None:
            return None
        if now - session.last_seen_at >= TOUCH_EVERY:
            await self.env.store.touch_web_session(session.id_hash, now)
        return Visitor(person, session)

    async def sign_out(self, visitor: Visitor) -> None:
        """End this browser's session."""
        await self.env.store.end_web_sessions(
            visitor.person.id, self.env.clock.now(), id_hash=visitor.session.id_hash
        )

    # --- helpers ------------------------------------------------------------------------

    def _new_session(
        self, person: Person, via: Literal["link", "miniapp"], agent: str, now: datetime
    ) -> SignedIn:
        secret = secrets.token_urlsafe(32)
        session = WebSession(
            id_hash=digest(secret),
            person_id=person.id,
            csrf=secrets.token_urlsafe(24),
            via=via,
            user_agent=agent[:200],
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=self.web.session_max_hours),
        )
        return SignedIn(secret, session, person)

    async def _person(self, person_id: int) -> Person | None:
        """Return a person who may use the workspace now (active, with a workspace role)."""
        try:
            person = await self.env.store.get_person(person_id)
        except NotFound:
            return None
        if not person.active or person.role not in WEB_ROLES:
            return None
        return person
