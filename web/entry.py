"""One entry: every field, photos, the place on a map, follow-ups, history, and actions."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.media import LOCAL, local_file, telegram_copy
from bot.messages import MediaRef
from bot.services.media_links import content_type
from bot.services.workspace import Missing
from web.common import page, the_web, visitor
from web.inbox import number

#: The actions a page's buttons post, as the chat's buttons name them.
ACTIONS = frozenset({"take", "handle", "forward"})


async def _show(request: web.Request, *, message: str = "", source: str = "") -> web.Response:
    app = the_web(request)
    view = await app.services.workspace.entry(visitor(request).person, request.match_info["code"])
    return page(
        request,
        "entry.html",
        view=view,
        e=view.entry,
        message=message,
        source=source,
        tiles_url=app.settings.tiles_url,
        tiles_attribution=app.settings.tiles_attribution,
    )


async def entry(request: web.Request) -> web.Response:
    """Shows an entry to those who may see it (403 for another commune's officer)."""
    return await _show(request)


async def act(request: web.Request) -> web.Response:
    """Takes, handles (with a note) or forwards an entry, exactly as the chat buttons do."""
    app = the_web(request)
    form = await request.post()
    action = str(form.get("action", ""))
    if action not in ACTIONS:
        raise Missing
    message = await app.services.workspace.act(
        visitor(request).person,
        request.match_info["code"],
        action,
        note=str(form.get("note", "")),
        commune_id=number(str(form.get("xa", ""))),
    )
    app.services.kick()
    return await _show(request, message=message)


async def source(request: web.Request) -> web.Response:
    """Shows a confidential tip's source behind «Xem nguồn tin»; the view is logged."""
    app = the_web(request)
    found = await app.services.workspace.source(visitor(request).person, request.match_info["code"])
    return await _show(request, source=found)


async def _kept(request: web.Request, kind: str) -> MediaRef:
    """Return the n-th photo or voice note of the entry a request names, if it may be seen."""
    raw = request.match_info["n"]
    if not raw.isdigit():
        raise Missing
    workspace = the_web(request).services.workspace
    return await workspace.media(
        visitor(request).person, request.match_info["code"], kind, int(raw)
    )


async def photo(request: web.Request) -> web.StreamResponse:
    """Serves an entry's photo to those who may see the entry, never to anyone else."""
    app = the_web(request)
    ref = await _kept(request, "photo")
    path: Path | None
    if ref.ref.startswith(LOCAL):
        path = local_file(app.media_dir, ref.ref)
    else:
        path = await _telegram_copy(request, ref.ref)
    if path is None:
        raise Missing
    response = web.FileResponse(path, headers={"Content-Type": "image/jpeg"})
    return response


async def voice(request: web.Request) -> web.StreamResponse:
    """Plays an entry's voice note to those who may see the entry (Zalo's group alerts point
    here: Zalo plays voice notes in private chats only)."""
    app = the_web(request)
    ref = await _kept(request, "voice")
    if ref.ref.startswith(LOCAL):
        path = local_file(app.media_dir, ref.ref)
        if path is None:
            raise Missing
        return web.FileResponse(path, headers={"Content-Type": content_type(path.name)})
    # A Telegram voice note: fetched for this answer, kept nowhere else.
    data = await app.fetch_photo(ref.ref) if app.fetch_photo is not None else None
    if not data:
        raise Missing
    return web.Response(body=data, headers={"Content-Type": "audio/ogg"})


async def _telegram_copy(request: web.Request, file_id: str) -> Path | None:
    """Return our copy of a Telegram photo, downloading it through the Bot API once."""
    app = the_web(request)
    path = telegram_copy(app.media_dir, file_id)
    cache = path.parent
    if path.is_file():
        return path
    if app.fetch_photo is None:
        return None
    data = await app.fetch_photo(file_id)
    if not data:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(path)
    return path


ROUTES = [
    ("GET", "/e/{code}", entry),
    ("POST", "/e/{code}", act),
    ("POST", "/e/{code}/nguon", source),
    ("GET", "/e/{code}/anh/{n}", photo),
    ("GET", "/e/{code}/ghiam/{n}", voice),
]
