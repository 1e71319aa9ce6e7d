"""Masking secrets in log lines (bot/redact.py)."""

from __future__ import annotations

import io
import logging

from bot.redact import RedactingFilter, masked, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def test_tokens_and_token_urls_are_masked() -> None:
    line = f"GET https://api.telegram.org/bot{TOKEN}/getMe failed; token `{TOKEN}` refused"
    clean = redact(line)
    assert TOKEN not in clean and TOKEN.split(":")[1] not in clean
    assert "/bot<token>/getMe" in clean
    assert redact("zalo secret s3cr3t-value", ["s3cr3t-value"]) == "zalo secret <token>"


def test_the_filter_masks_messages_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(["webhook-secret-xyz"]))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    # Away from pytest's own handler, which raises on a malformed call instead of reporting.
    log.propagate = False
    raising, logging.raiseExceptions = logging.raiseExceptions, False
    try:
        log.warning("calling %s with %s", f"/bot{TOKEN}/sendMessage", "webhook-secret-xyz")
        try:
            raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
        except ValueError:
            log.exception("failed")
        log.warning("a malformed call %s %s", "only one")  # must not raise into the caller
    finally:
        log.removeHandler(handler)
        log.propagate = True
        logging.raiseExceptions = raising
    written = stream.getvalue()
    assert TOKEN not in written and "webhook-secret-xyz" not in written
    assert "ValueError" in written and "<token>" in written


def test_masked_shows_never_the_whole_secret() -> None:
    assert masked("short") == "a secret of 5 characters"
    shown = masked("a-much-longer-secret-value")
    assert "longer" not in shown and shown.endswith("26 characters")
