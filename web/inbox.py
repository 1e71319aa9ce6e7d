"""The inbox: open and recent entries, newest first, filtered, searched, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from bot.domain import EntryKind
from bot.reports.service import QUICK_PERIODS
from bot.services.workspace import STATUS_FILTERS, InboxFilters
from web.common import page, the_web, visitor


def number(value: str | None) -> int | None:
    """Return a query parameter as a positive id ("X3" and "3" alike), or None."""
    if not value:
        return None
    digits = value.strip().lstrip("XxTtNn")
    return int(digits) if digits.isdigit() and len(digits) < 10 else None


def cursor(value: str | None) -> tuple[datetime, int] | None:
    """Read the "older than" bound of a page link ("1764547200-123")."""
    if not value or "-" not in value:
        return None
    moment, _, entry_id = value.partition("-")
    if not (moment.isdigit() and entry_id.isdigit()) or len(moment) > 12:
        return None
    return datetime.fromtimestamp(int(moment), UTC), int(entry_id)


def period_text(query: dict[str, str]) -> str:
    """Return the period asked for: a quick choice, or dates typed by hand."""
    typed = query.get("tu", "").strip()
    if typed:
        return typed[:60]
    return QUICK_PERIODS.get(query.get("ky", ""), "")


def filters_of(request: web.Request) -> InboxFilters:
    """Parse the inbox's query string; anything unknown is ignored, never an error."""
    q = {k: v for k, v in request.query.items() if isinstance(v, str)}
    kind = q.get("loai", "")
    status = q.get("tt", "open")
    return InboxFilters(
        kind=EntryKind(kind) if kind in {k.value for k in EntryKind} else None,
        status=status if status in STATUS_FILTERS else "open",
        commune_id=number(q.get("xa")),
        village_id=number(q.get("thon")),
        period=period_text(q),
        urgent=q.get("khan") == "1",
        text=q.get("q", "")[:100],
        before=cursor(q.get("truoc")),
    )


async def inbox(request: web.Request) -> web.Response:
    """Lists the entries police and admins work through."""
    return await show(request)


async def show(request: web.Request, message: str = "", ok: bool = False) -> web.Response:
    """Render the inbox for the request's filters, with what a change did (if any)."""
    app = the_web(request)
    person = visitor(request).person
    view = await app.services.workspace.inbox(person, filters_of(request))
    # Who waits for this reader's approval (an officer decides here, an admin is sent on).
    waiting = await app.services.joins.on_page(person)
    q = dict(request.query)
    older = ""
    if view.page.next_before is not None:
        moment, entry_id = view.page.next_before
        older = app.url("/inbox", **{**q, "truoc": f"{int(moment.timestamp())}-{entry_id}"})
    first = (
        app.url("/inbox", **{k: v for k, v in q.items() if k != "truoc"}) if "truoc" in q else ""
    )
    return page(
        request,
        "inbox.html",
        view=view,
        q=q,
        kinds=[k.value for k in EntryKind],
        statuses=list(STATUS_FILTERS),
        quick=list(QUICK_PERIODS),
        older=older,
        first=first,
        now=app.services.env.clock.now(),
        waiting=waiting,
        message=message,
        ok=ok,
    )


ROUTES = [("GET", "/inbox", inbox)]
