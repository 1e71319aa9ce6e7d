"""Organisation (admins): who waits for approval, communes, villages and teams, people,
invites, the calendar.

Each form posts to one change of `OrgDesk`, which keeps the chat commands' validation
and audit; the page is then shown again with what happened.
"""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.domain import Audience, Role
from bot.parsing import ParseError, parse_date
from bot.services.workspace import Missing
from bot.services.workspace_org import Done
from web.common import page, texts_of, the_web, visitor
from web.inbox import number

ROLES = {"member": Role.MEMBER, "leader": Role.LEADER, "police": Role.POLICE}


def _date(form: dict[str, str], name: str) -> date | None:
    """Read a dd/mm/yyyy field; None when it is not a date."""
    found = parse_date(form.get(name, ""))
    return None if isinstance(found, ParseError) else found


async def show(request: web.Request, done: Done | None = None, link: str = "") -> web.Response:
    """Render the Organisation page, with what a change did (if any)."""
    app = the_web(request)
    person = visitor(request).person
    view = await app.services.org_desk.view(person)
    texts = texts_of(request)
    return page(
        request,
        "org.html",
        view=view,
        waiting=await app.services.joins.on_page(person),
        message=done.say(texts) if done else "",
        ok=bool(done and done.ok),
        link=link,
        audiences=[a.value for a in Audience],
    )


async def org(request: web.Request) -> web.Response:
    """Shows the organisation to admins (403 for anyone else)."""
    return await show(request)


async def change(request: web.Request) -> web.Response:
    """Applies one form's change, then shows the page again."""
    app = the_web(request)
    desk = app.services.org_desk
    person = visitor(request).person
    form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
    what = request.match_info["what"]
    link = ""
    if what == "xa":
        done = await desk.add_commune(person, form.get("name", ""))
    elif what == "thon":
        done = await desk.add_village(person, number(form.get("xa")), form.get("name", ""))
    elif what == "moi":
        done, invite = await desk.invite(
            person, ROLES.get(form.get("role", "")), number(form.get("to")), number(form.get("xa"))
        )
        if invite is not None:
            link = desk.invite_links(invite.code, texts_of(request))
    elif what == "huyma":
        done = await desk.revoke(person, form.get("code", ""))
    elif what == "xoanguoi":
        done = await desk.remove_person(person, number(form.get("person")))
    elif what == "han":
        due = _date(form, "due")
        audience = frozenset(Audience(a) for a in Audience if form.get(f"aud_{a.value}") == "1")
        done = await desk.add_deadline(
            person,
            form.get("name", ""),
            due,
            number(form.get("xa")),
            audience,
            form.get("report") == "1",
        )
    elif what == "dot":
        dates = (_date(form, "start"), _date(form, "end"), _date(form, "report"))
        done = await desk.add_phase(person, form.get("name", ""), dates, number(form.get("xa")))
    elif what == "xoalich":
        kind = "phase" if form.get("ref", "").upper().startswith("D") else "deadline"
        done = await desk.remove_calendar(person, kind, number(form.get("ref", "")[1:]))
    else:
        raise Missing
    # A revoked invite tells who waited on it; wake the outbox rather than wait for its tick.
    app.services.kick()
    return await show(request, done, link)


ROUTES = [("GET", "/org", org), ("POST", "/org/{what}", change)]
