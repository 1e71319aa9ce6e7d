"""A round-robin load balancer in front of several bot processes' webhooks (tests)."""

from __future__ import annotations

import itertools

import aiohttp
from aiohttp import web

from harness import free_port


class Front:
    """A round-robin load balancer in front of the processes' webhooks."""

    def __init__(self) -> None:
        self.port = free_port()
        self.targets: list[str] = []
        self.calls: dict[str, int] = {}
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        # The next process in turn; one that is down is skipped, as a balancer's check does.
        for _ in range(len(self.targets)):
            target = self.targets[next(self._turn) % len(self.targets)]
            try:
                async with self._session.post(
                    target, data=body, headers=dict(request.headers)
                ) as resp:
                    self.calls[target] = self.calls.get(target, 0) + 1
                    return web.Response(status=resp.status)
            except aiohttp.ClientError:
                continue
        return web.Response(status=502)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()
