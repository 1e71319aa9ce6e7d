"""Join requests decided on a page: the chat's «Duyệt» / «Từ chối», as a form.

Admins decide on the Organisation page, an officer whose commune's invite allows it on the
inbox; both post here, and `JoinService.decide_on_page` does what the chat's buttons do
(the first decision wins, audited, the requester and the invite's maker told).
"""

from __future__ import annotations

from aiohttp import web

from bot.domain import Role
from bot.services.workspace import Forbidden, Missing
from bot.services.workspace_org import Done
from web import inbox, org
from web.common import the_web, visitor

VERDICTS = {"approve": True, "refuse": False}


async def decide(request: web.Request) -> web.Response:
    """Approves or refuses one request, then shows the page the decider works from."""
    app = the_web(request)
    person = visitor(request).person
    raw = request.match_info["id"]
    form = await request.post()
    verdict = str(form.get("verdict", ""))
    if not raw.isdigit() or len(raw) > 12 or verdict not in VERDICTS:
        raise Missing
    outcome = await app.services.joins.decide_on_page(person, int(raw), approve=VERDICTS[verdict])
    if outcome.denied:
        raise Forbidden("web.join.denied")
    app.services.kick()
    if person.role == Role.ADMIN:
        return await org.show(request, Done(outcome.ok, "", said=outcome.text))
    return await inbox.show(request, outcome.text, outcome.ok)


ROUTES = [("POST", "/duyet/{id}", decide)]
