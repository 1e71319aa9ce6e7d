"""Keep the bot tokens out of every log line and error message.

Both Bot APIs put the token in the URL path (`…/bot<TOKEN>/getMe`), and libraries quote
URLs in their errors (python-telegram-bot even quotes a rejected token). Everything the
bot logs goes through `RedactingFilter`, which replaces the configured secrets and
anything shaped like a bot token, in the message and in the traceback.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable

#: A Telegram or Zalo bot token: digits, a colon, then 20 or more URL-safe characters.
TOKEN_SHAPE = re.compile(r"\b\d{3,}:[A-Za-z0-9_-]{20,}")
#: The token in a Bot API URL, whatever its shape.
TOKEN_IN_URL = re.compile(r"/bot[^/\s'\"]+/")
MASK = "<token>"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return `text` without the given secrets or anything that looks like a bot token."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    text = TOKEN_IN_URL.sub(f"/bot{MASK}/", text)
    return TOKEN_SHAPE.sub(MASK, text)


def masked(secret: str) -> str:
    """Show enough of a secret to recognise it, never all of it (a short one: nothing)."""
    if len(secret) < 16:
        return f"a secret of {len(secret)} characters"
    return f"{secret[:3]}…{secret[-2:]}, {len(secret)} characters"


class RedactingFilter(logging.Filter):
    """A handler filter that removes secrets from a record before it is written."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback; always let it through."""
        try:
            message = record.getMessage()
        except Exception:
            # A malformed log call: the handler reports it as logging does; let it through.
            return True
        clean = redact(message, self.secrets)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def install(secrets: Iterable[str] = (), logger: logging.Logger | None = None) -> RedactingFilter:
    """Put a RedactingFilter on every handler of `logger` (the root logger by default)."""
    target = logger or logging.getLogger()
    keep = RedactingFilter(secrets)
    for handler in target.handlers:
        handler.addFilter(keep)
    return keep
