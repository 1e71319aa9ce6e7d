"""python-telegram-bot's networking on aiohttp, through PTB's own extension point.

PTB sends every Bot API call through a `BaseRequest`; its default, `HTTPXRequest`, is the
bot's biggest CPU cost under load. Measured against the bundled fake Bot API (a send with
an inline keyboard, four in flight): 1.2 ms of CPU per call through httpx, 0.3 ms through
aiohttp, fake server included — and httpx gets dearer with more calls in flight. aiohttp
is already here for the webhooks. Everything above the transport (error mapping, 429s as
RetryAfter, the rate limiter, parsing) stays PTB's. With it, and with the two choices
below (JSON bodies, proxy settings read once), the load benchmark went from about 0.33×
to 0.62× the throughput of a bare PTB echo bot (README, Performance).
"""

from __future__ import annotations

import functools
import urllib.request
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one aiohttp session (a pool of keep-alive connections)."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        connect_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        media_write_timeout: float = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds the long-poll time to it for getUpdates)."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (PTB calls this from Application.initialize)."""
        if self._session is None or self._session.closed:
            # trust_env=True would look the environment's proxy settings up again, in a
            # thread, on every call (measured: a tenth of the bot's CPU); they are read
            # once per host instead (_proxy_for).
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size)
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make one HTTP request; return its status and body (PTB maps errors from them)."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        read = _given(read_timeout, self._read)
        write = _given(write_timeout, self._media_write if files else self._write)
        connect = _given(connect_timeout, self._connect)
        pool = _given(pool_timeout, self._pool)
        # aiohttp has no write timeout; a whole-call limit covers a stalled upload.
        parts = (read, write, connect, pool)
        timeout = aiohttp.ClientTimeout(
            total=None if None in parts else sum(p for p in parts if p is not None),
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        headers = {"User-Agent": self.USER_AGENT}
        # A JSON body, as the Bot API accepts: form-encoding the same (Vietnamese text and
        # keyboards) percent-escapes it byte by byte in Python.
        data: aiohttp.FormData | bytes | None = None
        if request_data is not None and not files:
            data = request_data.json_payload
            headers["Content-Type"] = "application/json"
        if request_data is not None and files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mimetype) in files.items():
                form.add_field(name, content, filename=filename, content_type=mimetype)
            data = form
        try:
            async with session.request(
                method,
                url,
                data=data,
                proxy=_proxy_for(*_scheme_host(url)),
                headers=headers,
                timeout=timeout,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err


def _scheme_host(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or ""


@functools.cache
def _proxy_for(scheme: str, host: str) -> str | None:
    """The proxy the environment sets for this host (HTTPS_PROXY, NO_PROXY…), like httpx."""
    if not host or urllib.request.proxy_bypass(host):
        return None
    return urllib.request.getproxies().get(scheme)


def _given(value: ODVInput[float], default: float) -> float | None:
    """A timeout PTB passed, or ours when it passed none."""
    if isinstance(value, DefaultValue):
        return default
    return value
