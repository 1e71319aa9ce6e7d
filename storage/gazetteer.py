"""Where communes are: the official 2025 units (34 provinces, 3,321 communes and wards).

The centres come from the official list shipped in `storage/admin_units/` (extracted from
the `vietnamadminunits` dataset, MIT; see its README), read once per process: the map needs
a commune's centre even on a server with no internet and no map tiles.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

from storage.names import search_words

Centre = tuple[float, float]


def _key(name: str) -> str:
    return search_words(name).replace(" ", "")


@functools.cache
def _centres() -> dict[tuple[str, str], Centre]:
    folder = resources.files("storage.admin_units")
    centres: dict[tuple[str, str], Centre] = {}
    for name, province_column in (("admin_units_2025.csv", "province"), ("provinces_2025.csv", "")):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            # A province's own row has no commune: its key is (province, "").
            province = _key(row[province_column] if province_column else row["name"])
            commune = _key(row["name"]) if province_column else ""
            centres[(province, commune)] = (float(row["lat"]), float(row["lon"]))
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
