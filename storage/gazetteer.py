"""Where communes are: the official 2025 units (34 provinces, 3,321 communes and wards).

The coordinates come from the `vietnamadminunits` package (MIT), which ships them as a
SQLite file. It is read directly, without importing the package (whose parser pulls in
shapely and geopy), once per process: the map needs a commune's centre even on a server
with no internet and no map tiles.
"""

from __future__ import annotations

import functools
import importlib.util
import sqlite3
from pathlib import Path

from storage.names import search_words

Centre = tuple[float, float]


def _dataset() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return path if path.exists() else None


def _key(name: str) -> str:
    return search_words(name).replace(" ", "")


@functools.cache
def _centres() -> dict[tuple[str, str], Centre]:
    path = _dataset()
    if path is None:
        return {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT province, ward, wardLat, wardLon, provinceLat, provinceLon FROM admin_units"
        ).fetchall()
    centres: dict[tuple[str, str], Centre] = {}
    for province, ward, lat, lon, plat, plon in rows:
        if lat is not None and lon is not None:
            centres[(_key(province), _key(ward))] = (float(lat), float(lon))
        if plat is not None and plon is not None:
            centres.setdefault((_key(province), ""), (float(plat), float(plon)))
    return centres


def _province_keys(province: str) -> list[str]:
    key = _key(province)
    # "Cao Bằng" in our config, "Tỉnh Cao Bằng" in the data; cities as "Thành phố Hà Nội".
    return [key, "tinh" + key, "thanhpho" + key]


def commune_centre(province: str, commune: str) -> Centre | None:
    """Return the official centre of a commune or ward ("Xã Hòa An" in "Cao Bằng")."""
    centres = _centres()
    for key in _province_keys(province):
        found = centres.get((key, _key(commune)))
        if found is not None:
            return found
    return None


def province_centre(province: str) -> Centre | None:
    """Return the official centre of a province."""
    centres = _centres()
    for key in _province_keys(province):
        found = centres.get((key, ""))
        if found is not None:
            return found
    return None
