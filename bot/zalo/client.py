"""A small async client for the Zalo Bot Platform API on httpx.

Every call is ``POST {base_url}/bot<TOKEN>/<method>`` with a JSON body and answers
``{ok, result, description, error_code}``. The token sits in the URL path, so this module never
logs a URL unmasked and never puts the token into an exception; failures are mapped onto a small
exception tree that tells callers whether to retry, back off, or give up.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any, ClassVar

import httpx

from bot.zalo.models import ZaloBotInfo, ZaloEvent, parse_event

__all__ = [
    "DEFAULT_BASE_URL",
    "TEXT_LIMIT",
    "ZaloBadRequest",
    "ZaloClient",
    "ZaloError",
    "ZaloForbidden",
    "ZaloNetworkError",
    "ZaloRetryAfter",
    "ZaloUnauthorized",
]

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
#: sendMessage text and sendPhoto caption: 1 to 2,000 characters.
TEXT_LIMIT = 2000
#: setWebhook secret_token length bounds.
SECRET_MIN, SECRET_MAX = 8, 256
_MASK = "***"


class ZaloError(Exception):
    """A Zalo call failed: ``error_code`` is Zalo's code, else the HTTP status, else 0."""

    retryable: ClassVar[bool] = False

    def __init__(self, error_code: int, description: str, *, method: str | None = None) -> None:
        super().__init__(error_code, description)
        self.error_code = error_code
        self.description = description
        self.method = method

    def __str__(self) -> str:
        where = f"Zalo {self.method}" if self.method else "Zalo"
        return f"{where} failed ({self.error_code}): {self.description}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(error_code={self.error_code!r}, "
            f"description={self.description!r}, method={self.method!r})"
        )


class ZaloRetryAfter(ZaloError):
    """Rate limited (429, "Quota exceeded"): wait ``retry_after`` seconds before retrying."""

    retryable: ClassVar[bool] = True

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: float = 1.0,
        method: str | None = None,
        hinted: bool = False,
    ) -> None:
        super().__init__(error_code, description, method=method)
        self.retry_after = retry_after
        #: Whether Zalo said how long to wait (it documents no hint; read if one comes).
        self.hinted = hinted


class ZaloForbidden(ZaloError):
    """403: the user blocked the bot or the bot may not write to this chat."""


class ZaloBadRequest(ZaloError):
    """400: the request itself is wrong; retrying it unchanged will not help."""


class ZaloUnauthorized(ZaloError):
    """401: the bot token is wrong or revoked."""


class ZaloNetworkError(ZaloError):
    """No usable answer: connection error, timeout, 5xx or a non-JSON body; safe to retry."""

    retryable: ClassVar[bool] = True


def _error_for(
    method: str,
    status: int,
    body_code: int | None,
    description: str,
    retry_after: float | None,
) -> ZaloError:
    """Pick the exception from both the HTTP status and the body's ``error_code``."""
    code = body_code or status
    codes = {c for c in (status, body_code) if c}
    if 429 in codes or "quota exceeded" in description.lower():
        return ZaloRetryAfter(
            code,
            description,
            retry_after=1.0 if retry_after is None else retry_after,
            method=method,
            hinted=retry_after is not None,
        )
    if 401 in codes:
        return ZaloUnauthorized(code, description, method=method)
    if 403 in codes:
        return ZaloForbidden(code, description, method=method)
    if 400 in codes:
        return ZaloBadRequest(code, description, method=method)
    if 408 in codes or any(c >= 500 for c in codes):
        return ZaloNetworkError(code, description, method=method)
    return ZaloError(code, description, method=method)


def _retry_after(response: httpx.Response, body: dict[str, Any] | None) -> float | None:
    """Seconds to wait, from a Retry-After header or Telegram-style ``parameters``, if any."""
    # Zalo documents no retry hint for 429; these are read in case one appears.
    candidates: list[Any] = [response.headers.get("retry-after")]
    if body is not None and isinstance(body.get("parameters"), dict):
        candidates.append(body["parameters"].get("retry_after"))
    for value in candidates:
        if isinstance(value, bool) or value is None:
            continue
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if seconds >= 0:
            return seconds
    return None


class ZaloClient:
    """Async client for one Zalo bot; use as ``async with ZaloClient(token) as zalo:``."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not token or "/" in token:
            raise ValueError("a Zalo bot token is required (and cannot contain '/')")
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("base_url must start with http:// or https://")
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self._base_url!r}, token='bot{_MASK}')"

    async def aclose(self) -> None:
        """Close the HTTP client if this instance created it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- plumbing ------------------------------------------------------------------------------

    def _masked_url(self, method: str) -> str:
        return f"{self._base_url}/bot{_MASK}/{method}"

    def _scrub(self, text: str) -> str:
        """Remove the token from text that came back from the server or from httpx."""
        return text.replace(self._token, _MASK)

    def _network_error(self, method: str, exc: Exception, what: str) -> ZaloNetworkError:
        return ZaloNetworkError(0, f"{what} ({type(exc).__name__})", method=method)

    def _safe_cause(self, exc: Exception) -> Exception | None:
        """The httpx error to chain, unless its own text would reveal the token."""
        return None if self._token in str(exc) or self._token in repr(exc) else exc

    async def _call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
    ) -> Any:
        """POST ``params`` to ``method`` and return ``result``; raise a :class:`ZaloError`."""
        url = f"{self._base_url}/bot{self._token}/{method}"
        timeout = httpx.Timeout(self._timeout, read=read_timeout or self._timeout)
        logger.debug("zalo POST %s", self._masked_url(method))
        try:
            response = await self._http.post(url, json=params or {}, timeout=timeout)
        except httpx.TimeoutException as exc:
            raise self._network_error(method, exc, "request timed out") from self._safe_cause(exc)
        except httpx.HTTPError as exc:
            raise self._network_error(method, exc, "connection failed") from self._safe_cause(exc)
        status = response.status_code
        try:
            decoded: object = response.json()
        except ValueError:
            decoded = None
        body = decoded if isinstance(decoded, dict) else None
        if body is not None and body.get("ok") is True:
            return body.get("result")
        if body is None or "ok" not in body:
            if status < 400 or status >= 500:
                logger.debug("zalo %s: HTTP %d with no API envelope", method, status)
                raise ZaloNetworkError(
                    status, f"HTTP {status} without a Zalo API answer", method=method
                )
            reason = f"HTTP {status} {response.reason_phrase}".strip()
            raise _error_for(method, status, None, reason, _retry_after(response, None))
        raw_code = body.get("error_code")
        body_code = (
            raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else None
        )
        description = self._scrub(str(body.get("description") or response.reason_phrase or ""))
        logger.debug("zalo %s: error %s (HTTP %d)", method, body_code, status)
        raise _error_for(method, status, body_code, description, _retry_after(response, body))

    @staticmethod
    def _message_id(result: Any) -> str:
        if isinstance(result, dict) and result.get("message_id") is not None:
            return str(result["message_id"])
        return ""

    @staticmethod
    def _check_chat(chat_id: str) -> None:
        if not isinstance(chat_id, str) or not chat_id:
            raise ValueError("chat_id must be a non-empty string")

    @staticmethod
    def _check_text(text: str, what: str) -> None:
        if not isinstance(text, str) or not 1 <= len(text) <= TEXT_LIMIT:
            size = len(text) if isinstance(text, str) else type(text).__name__
            raise ValueError(f"{what} must be 1..{TEXT_LIMIT} characters, got {size}")

    # -- API methods ---------------------------------------------------------------------------

    async def get_me(self) -> ZaloBotInfo:
        """The bot's own account (``getMe``)."""
        result = await self._call("getMe")
        if not isinstance(result, dict) or "id" not in result:
            raise ZaloError(0, "getMe answered without a bot id", method="getMe")
        return ZaloBotInfo.model_validate(result)

    async def get_updates(self, timeout: int = 30) -> ZaloEvent | None:  # noqa: ASYNC109
        """Long-poll once for a single event; None when nothing came (408) or it was unusable."""
        try:
            # The parameter table types timeout as a String; the server waits that many seconds.
            result = await self._call(
                "getUpdates",
                {"timeout": str(int(timeout))},
                read_timeout=max(0, int(timeout)) + self._timeout,
            )
        except ZaloNetworkError as exc:
            if exc.error_code == 408:
                return None
            raise
        if isinstance(result, list):
            # Not documented (Zalo answers one object), but a list must not crash a poll loop.
            if len(result) > 1:
                logger.warning(
                    "zalo getUpdates returned %d events; handling the first", len(result)
                )
            result = result[0] if result else None
        if not result:
            return None
        try:
            return parse_event(result)
        except ValueError as exc:
            # The event is consumed either way; a future event type must not stop polling.
            logger.warning("zalo getUpdates: skipped an event: %s", exc)
            return None

    async def set_webhook(self, url: str, secret_token: str) -> bool:
        """Deliver events to ``url``; Zalo echoes ``secret_token`` in X-Bot-Api-Secret-Token."""
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError("webhook url must be an http(s) URL (Zalo requires public HTTPS)")
        if not isinstance(secret_token, str) or not SECRET_MIN <= len(secret_token) <= SECRET_MAX:
            raise ValueError(f"secret_token must be {SECRET_MIN}..{SECRET_MAX} characters")
        await self._call("setWebhook", {"url": url, "secret_token": secret_token})
        return True

    async def delete_webhook(self) -> bool:
        """Stop webhook delivery so getUpdates works again."""
        await self._call("deleteWebhook")
        return True

    async def get_webhook_info(self) -> dict[str, Any]:
        """The webhook settings: ``{"url": ..., "updated_at": ms}``; url is "" when unset."""
        try:
            result = await self._call("getWebhookInfo")
        except ZaloError as exc:
            # Reported by SDK authors: with no webhook configured Zalo answers error 404.
            if type(exc) is ZaloError and exc.error_code == 404:
                return {"url": ""}
            raise
        return dict(result) if isinstance(result, dict) else {"url": ""}

    async def send_message(self, chat_id: str, text: str) -> str:
        """Send plain text (1..2000 characters); returns the new message_id."""
        self._check_chat(chat_id)
        self._check_text(text, "text")
        result = await self._call("sendMessage", {"chat_id": chat_id, "text": text})
        return self._message_id(result)

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> str:
        """Send a picture by URL with an optional caption; returns the new message_id."""
        self._check_chat(chat_id)
        if not isinstance(photo_url, str) or not photo_url.startswith(("http://", "https://")):
            raise ValueError("photo must be an http(s) URL")
        params: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            self._check_text(caption, "caption")
            params["caption"] = caption
        return self._message_id(await self._call("sendPhoto", params))

    async def send_voice(self, chat_id: str, voice_url: str) -> str:
        """Send a voice note (.aac) by URL, private chats only; returns the new message_id."""
        self._check_chat(chat_id)
        if not isinstance(voice_url, str) or not voice_url.startswith(("http://", "https://")):
            raise ValueError("voice must be an http(s) URL")
        result = await self._call("sendVoice", {"chat_id": chat_id, "voice": voice_url})
        return self._message_id(result)

    async def send_sticker(self, chat_id: str, sticker: str) -> str:
        """Send a sticker by its Zalo sticker id; returns the new message_id."""
        self._check_chat(chat_id)
        if not isinstance(sticker, str) or not sticker:
            raise ValueError("sticker must be a non-empty sticker id")
        result = await self._call("sendSticker", {"chat_id": chat_id, "sticker": sticker})
        return self._message_id(result)

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> bool:
        """Show an activity such as "typing" (the only stable action per the docs)."""
        self._check_chat(chat_id)
        if not action:
            raise ValueError("action must be non-empty")
        await self._call("sendChatAction", {"chat_id": chat_id, "action": action})
        return True
