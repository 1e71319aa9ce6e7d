"""The map: a period's entries as points coloured by kind, clustered, with places to read
them by when there are no tiles (the server may have no internet)."""

from __future__ import annotations

import json

from aiohttp import web

from bot.domain import EntryKind
from bot.parsing import ParseError, parse_period
from bot.reports.service import QUICK_PERIODS
from web.common import page, the_web, visitor
from web.inbox import number, period_text

KINDS = [k.value for k in EntryKind]
DEFAULT_PERIOD = "year"


def _period_query(request: web.Request) -> dict[str, str]:
    q = {k: v for k, v in request.query.items() if isinstance(v, str)}
    if not q.get("tu") and q.get("ky") not in QUICK_PERIODS:
        q["ky"] = DEFAULT_PERIOD
    return q


async def map_page(request: web.Request) -> web.Response:
    """The map page; its script fetches the points."""
    app = the_web(request)
    person = visitor(request).person
    q = _period_query(request)
    communes = await app.services.workspace.communes(person)
    return page(
        request,
        "map.html",
        q=q,
        quick=list(QUICK_PERIODS),
        kinds=KINDS,
        communes=communes,
        data_url=app.url("/map/data", **q),
        tiles_url=app.settings.tiles_url,
        tiles_attribution=app.settings.tiles_attribution,
        entry_base=app.url("/e/"),
    )


async def map_data(request: web.Request) -> web.Response:
    """The points as compact JSON: [lat, lon, kind, code, status] each, newest first."""
    app = the_web(request)
    q = _period_query(request)
    today = app.services.env.clock.now().astimezone(app.services.env.tz).date()
    period = parse_period(period_text(q), today)
    if isinstance(period, ParseError):
        return web.json_response({"error": period.key}, status=400)
    kind = q.get("loai", "")
    kinds = [EntryKind(kind)] if kind in KINDS else []
    data = await app.services.workspace.map_data(
        visitor(request).person, number(q.get("xa")), period, kinds
    )
    layer = data.layer
    rest = {
        "kinds": KINDS,
        "total": layer.total,
        "places": [[p.name, round(p.lat, 5), round(p.lon, 5), p.kind] for p in data.places],
        "centre": list(data.centre) if data.centre else None,
    }
    # The points arrive already encoded (tens of thousands for a busy commune's year).
    head = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
    response = web.Response(
        text=head[:-1] + ',"points":' + layer.points_json + "}",
        content_type="application/json",
    )
    response.enable_compression()
    return response


ROUTES = [("GET", "/map", map_page), ("GET", "/map/data", map_data)]
