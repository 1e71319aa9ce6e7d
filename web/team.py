"""A leader's team: its entries and the months it logged a good deed (or did not)."""

from __future__ import annotations

from aiohttp import web

from web.common import page, the_web, visitor


async def team(request: web.Request) -> web.Response:
    """Shows the leader's own team only."""
    view = await the_web(request).services.workspace.team(visitor(request).person)
    return page(request, "team.html", view=view)


ROUTES = [("GET", "/team", team)]
