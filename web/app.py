"""The workspace's aiohttp application: its routes, and the middlewares every request passes.

Order matters: security headers wrap everything, refusals become pages in the visitor's
language, and the session is checked (with the CSRF token on every change) before any
page's handler runs. Pages that need no session are listed in PUBLIC.
"""

from __future__ import annotations

import hmac
import logging
from urllib.parse import urlsplit

from aiohttp import web

from web import auth, entry, inbox, joins, maps, media, org, reports, team
from web.common import (
    CSP,
    VISITOR,
    WEB_KEY,
    Forbidden,
    Handler,
    Missing,
    Web,
    clear_session_cookie,
    cookie_name,
    error_page,
    the_web,
)

log = logging.getLogger(__name__)

#: Paths (under the prefix) that answer without a session; they check what they need.
PUBLIC = ("/login/", "/tg", "/static/", "/healthz", "/m/")
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ROUTES = [
    *auth.ROUTES,
    *inbox.ROUTES,
    *entry.ROUTES,
    *maps.ROUTES,
    *reports.ROUTES,
    *team.ROUTES,
    *org.ROUTES,
    *joins.ROUTES,
    *media.ROUTES,
]


def _csp(tiles_url: str) -> str:
    host = ""
    if tiles_url:
        parts = urlsplit(tiles_url.replace("{s}", "a"))
        host = f" {parts.scheme}://{parts.netloc.replace('a.', '*.', 1)}"
    return CSP.format(tiles=host)


@web.middleware
async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the headers that keep pages private: no caching, no referrer, a strict CSP."""
    response = await handler(request)
    app = the_web(request)
    response.headers.setdefault("Content-Security-Policy", _csp(app.settings.tiles_url))
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A sign-in link must never leak to a tile server or anywhere else as a Referer.
    response.headers["Referrer-Policy"] = "no-referrer"
    if not request.path.startswith(app.prefix + "/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


@web.middleware
async def refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn refusals and unknown pages into pages that say what to do."""
    try:
        return await handler(request)
    except Forbidden as refusal:
        return error_page(request, 403, refusal.key)
    except Missing:
        return error_page(request, 404, "web.not_found")
    except web.HTTPUnauthorized:
        response = error_page(request, 401, "web.signed_out_page")
        clear_session_cookie(response, the_web(request).settings)
        return response
    except web.HTTPNotFound:
        return error_page(request, 404, "web.not_found")


@web.middleware
async def sessions(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find the visitor behind the cookie; refuse a change without the session's token."""
    app = the_web(request)
    path = request.path.removeprefix(app.prefix)
    if path.startswith(PUBLIC):
        return await handler(request)
    secret = request.cookies.get(cookie_name(app.settings), "")
    found = await app.services.web_auth.visitor(secret)
    if found is None:
        raise web.HTTPUnauthorized
    request[VISITOR] = found
    if request.method in CHANGES:
        form = await request.post()
        given = form.get("csrf")
        if not isinstance(given, str) or not hmac.compare_digest(given, found.session.csrf):
            log.info("A change without the session's CSRF token was refused")
            raise Forbidden("web.csrf")
    return await handler(request)


async def static(request: web.Request) -> web.Response:
    """Serves a bundled file (Leaflet, styles, scripts), gzipped when the browser takes it."""
    item = the_web(request).static.get(request.match_info["name"])
    if item is None:
        raise Missing
    headers = {
        # Links carry the content hash (?v=…): a file never changes under its URL.
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Type": item.content_type,
        "Vary": "Accept-Encoding",
    }
    if "gzip" in request.headers.get("Accept-Encoding", "") and item.gzipped:
        headers["Content-Encoding"] = "gzip"
        return web.Response(body=item.gzipped, headers=headers)
    return web.Response(body=item.body, headers=headers)


async def health(request: web.Request) -> web.Response:
    """Answer a load balancer: the workspace is up."""
    return web.Response(text="ok")


def build_app(parts: Web) -> web.Application:
    """Return the aiohttp application of the workspace."""
    app = web.Application(middlewares=[headers, refusals, sessions], client_max_size=2**20)
    app[WEB_KEY] = parts
    prefix = parts.prefix
    app.router.add_get(prefix + "/healthz", health)
    app.router.add_get(prefix + "/static/{name:.+}", static)
    for method, path, handler in ROUTES:
        app.router.add_route(method, prefix + path, handler)
    return app


__all__ = ["ROUTES", "build_app"]
