"""What every page shares: the app's parts, sessions, CSRF, rendering with the catalogue."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from aiohttp import web

from bot.config import WebSettings
from bot.domain import Role
from bot.fmt import local_date, local_datetime
from bot.reports.worker import ReportFiles
from bot.services import Services
from bot.services.web_auth import Visitor
from bot.services.workspace import Forbidden, Missing
from bot.texts import Texts

COOKIE = "antt_session"
#: With https the cookie gets the __Host- prefix: Secure, path /, no Domain, so no
#: other host (a sibling subdomain) can set or shadow it.
SECURE_COOKIE = "__Host-antt_session"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Images from tiles_url are added to img-src at start-up; everything else is ours.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self' https://web.telegram.org"
)


@dataclass
class Static:
    """One file from web/static, kept in memory with its gzip copy and a content hash."""

    body: bytes
    gzipped: bytes
    content_type: str
    version: str


@dataclass
class Web:
    """The workspace's parts, reached from every handler through the aiohttp app."""

    services: Services
    settings: WebSettings
    media_dir: Path
    prefix: str = ""
    env: jinja2.Environment = field(init=False)
    static: dict[str, Static] = field(default_factory=dict)
    #: Makes report files (the report worker's renderer); None in a bare app (benchmarks).
    report_files: ReportFiles | None = None
    #: Downloads a Telegram photo by file id; None without Telegram.
    fetch_photo: Callable[[str], Awaitable[bytes | None]] | None = None

    def __post_init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("web", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.static = load_static()

    def url(self, path: str, **query: object) -> str:
        """Return a path under the workspace's prefix, with a query string."""
        shown = {k: v for k, v in query.items() if v not in (None, "", False)}
        return self.prefix + path + (("?" + urlencode(shown)) if shown else "")

    def asset(self, name: str) -> str:
        """Return a static file's URL, versioned by its content so it can be cached."""
        item = self.static[name]
        return f"{self.prefix}/static/{name}?v={item.version}"


WEB_KEY = web.AppKey("web", Web)
#: Where the session middleware leaves the signed-in visitor for the page handlers.
VISITOR: Any = (
    web.RequestKey("visitor", Visitor) if hasattr(web, "RequestKey") else "visitor"  # aiohttp<3.14
)


def load_static() -> dict[str, Static]:
    """Read every file under web/static once, with a gzip copy of the text ones."""
    root = resources.files("web") / "static"
    found: dict[str, Static] = {}

    def walk(folder: Any, prefix: str) -> None:
        for item in folder.iterdir():
            name = prefix + item.name
            if item.is_dir():
                walk(item, name + "/")
                continue
            if item.name in ("LICENSE", "VERSIONS.md"):
                continue
            body = item.read_bytes()
            kind = mimetypes.guess_type(item.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith("javascript"):
                kind += "; charset=utf-8"
            found[name] = Static(
                body=body,
                gzipped=gzip.compress(body, 9, mtime=0),
                content_type=kind,
                version=hashlib.sha256(body).hexdigest()[:10],
            )

    walk(root, "")
    return found


def the_web(request: web.Request) -> Web:
    """Return the workspace parts of the app serving this request."""
    return request.app[WEB_KEY]


def cookie_name(settings: WebSettings) -> str:
    """Return the session cookie's name (prefixed when served over https)."""
    return SECURE_COOKIE if settings.secure else COOKIE


def set_session_cookie(response: web.StreamResponse, settings: WebSettings, secret: str) -> None:
    """Give the browser its session: HttpOnly, SameSite=Lax, Secure over https."""
    response.set_cookie(
        cookie_name(settings),
        secret,
        path="/",
        httponly=True,
        # Plain http happens only on loopback (the config refuses it elsewhere): a Secure
        # cookie would not be sent back there by every browser.
        secure=settings.secure,
        samesite="Lax",
        max_age=settings.session_max_hours * 3600,
    )


def clear_session_cookie(response: web.StreamResponse, settings: WebSettings) -> None:
    """Tell the browser to forget its session cookie."""
    response.del_cookie(cookie_name(settings), path="/")


def visitor(request: web.Request) -> Visitor:
    """Return the signed-in visitor (the session middleware refused everyone else)."""
    found = request.get(VISITOR)
    if not isinstance(found, Visitor):
        raise web.HTTPUnauthorized
    return found


def texts_of(request: web.Request) -> Texts:
    """Return the catalogue of the visitor, or the deployment's default."""
    found = request.get(VISITOR)
    if isinstance(found, Visitor):
        return found.texts
    return Texts(the_web(request).services.env.default_language)


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """Render a template with the catalogue, the visitor and the page helpers."""
    app = the_web(request)
    texts = texts_of(request)
    found = request.get(VISITOR)
    who = found if isinstance(found, Visitor) else None
    tz = app.services.env.tz

    def when(moment: datetime | None) -> str:
        return local_datetime(moment, tz) if moment else ""

    def day(moment: datetime | date | None) -> str:
        return local_date(moment, tz) if moment else ""

    now = app.services.env.clock.now()

    def ago(moment: datetime) -> str:
        minutes = max(0, int((now - moment).total_seconds() // 60))
        if minutes < 60:
            return texts("web.ago.minutes", n=minutes)
        if minutes < 48 * 60:
            return texts("web.ago.hours", n=minutes // 60)
        return texts("web.ago.days", n=minutes // (24 * 60))

    html = app.env.get_template(template).render(
        t=texts,
        who=who,
        role=who.person.role.value if who else "",
        is_admin=bool(who and who.person.role == Role.ADMIN),
        is_police=bool(who and who.person.role == Role.POLICE),
        is_leader=bool(who and who.person.role == Role.LEADER),
        csrf=who.session.csrf if who else "",
        url=app.url,
        asset=app.asset,
        when=when,
        day=day,
        ago=ago,
        path=request.path,
        **context,
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


def error_page(request: web.Request, status: int, key: str) -> web.Response:
    """Render a refusal or a missing page in the visitor's language."""
    return page(request, "error.html", status=status, message=texts_of(request)(key))


def prefix_of(public_url: str) -> str:
    """Return the path the workspace lives under ("https://x.vn/antt" → "/antt")."""
    return urlsplit(public_url).path.rstrip("/") if public_url else ""


__all__ = [
    "WEB_KEY",
    "Forbidden",
    "Handler",
    "Missing",
    "Web",
    "error_page",
    "page",
    "the_web",
    "visitor",
]
