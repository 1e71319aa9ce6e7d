"""Starting and stopping the workspace's web server inside the bot's process."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.config import WebSettings
from bot.reports.worker import ReportFiles
from bot.services import Services
from web.app import build_app
from web.common import Web, prefix_of

log = logging.getLogger(__name__)


class WebServer:
    """The workspace on `listen:port`, over the running bot's services."""

    def __init__(
        self,
        settings: WebSettings,
        services: Services,
        media_dir: Path,
        *,
        report_files: ReportFiles | None = None,
        fetch_photo: Callable[[str], Awaitable[bytes | None]] | None = None,
    ) -> None:
        self.settings = settings
        self.services = services
        self.parts = Web(
            services=services,
            settings=settings,
            media_dir=media_dir,
            prefix=prefix_of(settings.public_url),
            report_files=report_files,
            fetch_photo=fetch_photo,
        )
        self._runner: web.AppRunner | None = None
        self.port = settings.port

    @property
    def url(self) -> str:
        """Return where people open the workspace."""
        return self.services.web_auth.base_url

    async def start(self) -> None:
        """Listen; without a public_url, links name the loopback address actually bound."""
        self._runner = web.AppRunner(build_app(self.parts), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen, self.settings.port)
        await site.start()
        addresses = self._runner.addresses
        if addresses:
            self.port = int(addresses[0][1])
        if not self.settings.public_url:
            host = self.settings.listen
            shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
            self.services.web_auth.base_url = f"http://{shown}:{self.port}"
        log.info("Web workspace listening on %s:%d", self.settings.listen, self.port)

    async def stop(self) -> None:
        """Stop serving (sessions live in the database and survive a restart)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
