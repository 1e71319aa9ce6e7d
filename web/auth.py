"""Signing in and out: the one-time link from the chat, the Telegram Mini App, sign-out."""

from __future__ import annotations

from aiohttp import web

from bot.services.police import normalize_code
from bot.services.web_auth import SignedIn
from web.common import (
    VISITOR,
    clear_session_cookie,
    error_page,
    page,
    set_session_cookie,
    the_web,
    visitor,
)

#: Link states that are not "ok", and the HTTP status a browser gets for each.
LINK_REFUSED = {"unknown": 404, "used": 410, "expired": 410, "refused": 403}


async def login_page(request: web.Request) -> web.Response:
    """Shows the sign-in button for a link (GET never uses the link up: previews fetch it)."""
    app = the_web(request)
    secret = request.match_info["token"]
    state = await app.services.web_auth.link_state(secret)
    if state != "ok":
        return error_page(request, LINK_REFUSED[state], f"web.link_{state}")
    return page(request, "login.html", action=app.url(f"/login/{secret}"))


async def login(request: web.Request) -> web.StreamResponse:
    """Uses the link: a session cookie, the chat told, and on to the workspace."""
    app = the_web(request)
    secret = request.match_info["token"]
    result = await app.services.web_auth.sign_in(secret, request.headers.get("User-Agent", ""))
    if not isinstance(result, SignedIn):
        return error_page(request, LINK_REFUSED[result], f"web.link_{result}")
    app.services.kick()
    return _signed_in(request, result)


def _signed_in(request: web.Request, result: SignedIn, to: str = "/") -> web.StreamResponse:
    app = the_web(request)
    response = web.Response(status=303, headers={"Location": app.url(to)})
    set_session_cookie(response, app.settings, result.secret)
    return response


async def mini_app_page(request: web.Request) -> web.Response:
    """The Mini App's first page: its script posts Telegram's signed data back to us."""
    return page(request, "miniapp.html", action=the_web(request).url("/tg"))


async def mini_app(request: web.Request) -> web.StreamResponse:
    """Signs in with Mini App `initData` checked as Telegram documents it."""
    app = the_web(request)
    form = await request.post()
    data = form.get("init_data")
    result = None
    if isinstance(data, str) and len(data) < 8192:
        agent = request.headers.get("User-Agent", "")
        result = await app.services.web_auth.sign_in_mini_app(data, agent)
    if result is None:
        return error_page(request, 403, "web.miniapp_refused")
    code = normalize_code(result.start)
    return _signed_in(request, result, f"/e/{code}" if code else "/")


async def logout(request: web.Request) -> web.Response:
    """Ends this browser's session."""
    app = the_web(request)
    who = visitor(request)
    await app.services.web_auth.sign_out(who)
    request.pop(VISITOR, None)
    response = error_page(request, 200, "web.signed_out_here")
    clear_session_cookie(response, app.settings)
    return response


async def home(request: web.Request) -> web.StreamResponse:
    """Sends each role to its first page: the inbox, or a leader's team."""
    app = the_web(request)
    target = "/team" if visitor(request).person.role.value == "leader" else "/inbox"
    raise web.HTTPSeeOther(app.url(target))


ROUTES = [
    ("GET", "/login/{token}", login_page),
    ("POST", "/login/{token}", login),
    ("GET", "/tg", mini_app_page),
    ("POST", "/tg", mini_app),
    ("POST", "/logout", logout),
    ("GET", "/", home),
]
