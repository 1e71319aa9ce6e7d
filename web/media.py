"""Kept photos and voice notes at short-lived signed addresses, for Zalo's servers to fetch.

No session: the address itself is the permission (bot/services/media_links.py signs and
checks it). An expired or altered one gets 403, a file gone meanwhile (purged) 404.
"""

from __future__ import annotations

from aiohttp import web

from bot.media import local_file
from bot.services.media_links import ROUTE, content_type
from web.common import Forbidden, Missing, the_web


async def media(request: web.Request) -> web.StreamResponse:
    """Serves one kept file to whoever holds a valid signed address for it."""
    app = the_web(request)
    info = request.match_info
    ref = app.services.media_links.check(info["expires"], info["signature"], info["path"])
    if ref is None:
        raise Forbidden("web.media_link")
    path = local_file(app.media_dir, ref)
    if path is None:
        raise Missing
    return web.FileResponse(path, headers={"Content-Type": content_type(path.name)})


ROUTES = [("GET", ROUTE + "/{expires}/{signature}/{path:.+}", media)]
