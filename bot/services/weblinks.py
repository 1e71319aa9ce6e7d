"""Links into the web workspace that messages carry (alerts, digests), when it is published.

Kept apart from the messages themselves so that adding a link to another message is one
call and one catalogue placeholder.
"""

from __future__ import annotations

from urllib.parse import quote


def entry_url(base: str, code: str) -> str:
    """Return the entry page's address ("" when the workspace has no public_url)."""
    return f"{base}/e/{quote(code)}" if base else ""
