"""Coordinates typed or pasted by users: decimal pairs, degrees, map links."""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["format_coordinates", "maps_link", "parse_coordinates"]

_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
_DEC = r"[-+]?\d{1,3}\.\d+"
# Google "place" links carry the marker itself as !3d<lat>!4d<lon>; prefer it to the view.
_LINK_PATTERNS = (
    re.compile(rf"!3d({_NUM})!4d({_NUM})"),
    re.compile(rf"[?&](?:ll|sll|q|query|center|daddr|destination)=(?:loc:)?({_NUM}),\s*({_NUM})"),
    re.compile(rf"/@({_NUM}),({_NUM})"),
    re.compile(rf"\bgeo:({_NUM}),({_NUM})"),
)
_PAIR = re.compile(rf"(?<![\w.])({_DEC})\s*[,;\s]\s*({_DEC})(?![\w.])")
_DMS_PART = (
    r"(\d{1,3})\s*°\s*"
    r"(?:(\d{1,2}(?:\.\d+)?)\s*['′’]\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|”)\s*)?)?"
)
_DMS = re.compile(
    rf"{_DMS_PART}([NS])[\s,;]*{_DMS_PART}([EW])",
    re.IGNORECASE,
)
_HEMI_DEC = re.compile(
    r"(\d{1,2}(?:\.\d+)?)\s*°?\s*([NS])[\s,;]*(\d{1,3}(?:\.\d+)?)\s*°?\s*([EW])",
    re.IGNORECASE,
)


def _valid(lat: float, lon: float) -> tuple[float, float] | None:
    if -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
        return lat, lon
    return None


def _dms(degrees: str, minutes: str | None, seconds: str | None, hemisphere: str) -> float:
    value = float(degrees) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    return -value if hemisphere.upper() in "SW" else value


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """Read (latitude, longitude) from a typed pair, degrees or a map link; None if absent."""
    decoded = unquote(text)
    for pattern in _LINK_PATTERNS:
        found = pattern.search(decoded)
        if found is not None:
            return _valid(float(found.group(1)), float(found.group(2)))
    found = _DMS.search(decoded)
    if found is not None:
        d1, m1, s1, h1, d2, m2, s2, h2 = found.groups()
        if (m1 is None or float(m1) < 60) and (m2 is None or float(m2) < 60):
            return _valid(_dms(d1, m1, s1, h1), _dms(d2, m2, s2, h2))
        return None
    found = _HEMI_DEC.search(decoded)
    if found is not None:
        return _valid(
            _dms(found.group(1), None, None, found.group(2)),
            _dms(found.group(3), None, None, found.group(4)),
        )
    found = _PAIR.search(decoded)
    if found is None:
        return None
    # A bare pair counts only when nothing else in the text is a number (no street numbers).
    rest = decoded[: found.start()] + decoded[found.end() :]
    if any(ch.isdigit() for ch in rest):
        return None
    return _valid(float(found.group(1)), float(found.group(2)))


def format_coordinates(lat: float, lon: float) -> str:
    """Show coordinates as "21.02850, 105.85420"."""
    return f"{lat:.5f}, {lon:.5f}"


def maps_link(lat: float, lon: float) -> str:
    """Return a Google Maps link to the point."""
    return f"https://maps.google.com/?q={lat:.5f},{lon:.5f}"
