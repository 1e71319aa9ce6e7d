"""Reports: the figures /baocao gives, for a chosen period and scope, the chart, the files.

The figures come from the same `FiguresService` and are worded by the same
`render_message`; the chart, workbook and annual draft are drawn by the report worker's
own `ReportFiles`. Every download is audited as an export, as in chat.
"""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from bot.parsing import ParseError, Period, parse_period
from bot.reports.message import render_message
from bot.reports.periods import period_label
from bot.reports.service import QUICK_PERIODS
from bot.reports.worker import slug
from bot.services.workspace import Missing
from web.common import page, texts_of, the_web, visitor
from web.inbox import number, period_text

DEFAULT_PERIOD = "year"
FILES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _query(request: web.Request) -> dict[str, str]:
    q = {k: v for k, v in request.query.items() if isinstance(v, str)}
    if not q.get("tu") and q.get("ky") not in QUICK_PERIODS:
        q["ky"] = DEFAULT_PERIOD
    return q


def _period(request: web.Request, q: dict[str, str]) -> Period | ParseError:
    env = the_web(request).services.env
    return parse_period(period_text(q), env.clock.now().astimezone(env.tz).date())


def _scope(q: dict[str, str]) -> int | None:
    return None if q.get("xa") in (None, "", "tinh") else number(q.get("xa"))


async def reports(request: web.Request) -> web.Response:
    """Shows the report of a commune (or, for admins, the province) for a period."""
    app = the_web(request)
    person = visitor(request).person
    texts = texts_of(request)
    q = _query(request)
    period = _period(request, q)
    communes = await app.services.workspace.communes(person)
    shown: dict[str, Any] = {"error": "", "lines": [], "files": {}}
    if isinstance(period, ParseError):
        shown["error"] = texts(f"err.{period.key}", detail=period.detail)
    else:
        figures = await app.services.workspace.report(person, _scope(q), period)
        text = render_message(texts, figures, app.services.env.tz, files_note="")
        files = {kind: app.url(f"/reports/tep.{kind}", **q) for kind in FILES}
        if not period.key.startswith("year:"):
            files.pop("docx")  # the annual draft is for a year
        shown = {"error": "", "lines": text.strip().split("\n"), "files": files}
    return page(request, "reports.html", q=q, quick=list(QUICK_PERIODS), communes=communes, **shown)


async def download(request: web.Request) -> web.StreamResponse:
    """Makes and sends a report file: the workbook, the chart or the annual draft."""
    app = the_web(request)
    kind = request.match_info["kind"]
    if kind not in FILES or app.report_files is None:
        raise Missing
    person = visitor(request).person
    texts = texts_of(request)
    q = _query(request)
    period = _period(request, q)
    if isinstance(period, ParseError) or (kind == "docx" and not period.key.startswith("year:")):
        raise Missing
    workspace = app.services.workspace
    commune_id = await workspace.export_scope(person, _scope(q))
    figures = await workspace.report(person, commune_id, period)
    files = app.report_files
    files.folder.mkdir(parents=True, exist_ok=True)
    stem = f"web-{secrets.token_hex(6)}"
    if kind == "xlsx":
        path = await files.workbook(figures, texts, files.folder / f"{stem}.xlsx")
    elif kind == "png":
        path = await files.chart(figures, texts, files.folder / f"{stem}.png")
    else:
        path = await files.annual(figures, texts, files.folder / f"{stem}.docx")
    if kind != "png":
        await workspace.log_export(person, commune_id, period, kind)
    name = f"baocao-{slug(figures.scope_name)}-{slug(period_label(texts, period))}.{kind}"
    disposition = "inline" if kind == "png" else f'attachment; filename="{name}"'
    return web.FileResponse(
        path, headers={"Content-Type": FILES[kind], "Content-Disposition": disposition}
    )


ROUTES = [("GET", "/reports", reports), ("GET", "/reports/tep.{kind}", download)]
