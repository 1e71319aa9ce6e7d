"""What the Telegram and Zalo webhooks share: serving a path, checking the secret."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.Response]]


def secret_or_random(secret: str) -> str:
    """The configured secret, or a random one: without a secret anyone who guesses the
    URL could inject messages."""
    return secret or secrets.token_urlsafe(32)


def secret_ok(request: web.Request, header: str, secret: str) -> bool:
    """Whether the request carries the secret (compared in constant time)."""
    given = request.headers.get(header, "")
    return hmac.compare_digest(given.encode(), secret.encode())


async def serve(listen: str, port: int, path: str, handler: Handler) -> tuple[web.AppRunner, int]:
    """Serve POSTs to `path`; return the runner (to stop it) and the bound port."""
    app = web.Application()
    app.router.add_post(path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    addresses = runner.addresses
    return runner, int(addresses[0][1]) if addresses else port
