"""The official map of Vietnam's communes since 07/2025: 34 provinces, 3,321 communes.

Loaded once from `storage/admin_units/admin_units_2025.csv` (source and licence in
`storage/admin_units/README.md`). Names are matched as admins type them: with or without accents,
with or without the unit word ("hoa an", "xã Hòa An", "p. Đông Tiến").
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass
from importlib import resources

from bot.parsing import fold, normalize
from storage.models import OfficialUnit

#: Unit words a typed name may start with, folded, longest first.
COMMUNE_WORDS = ("dac khu", "phuong", "xa", "dk", "p", "x")
PROVINCE_WORDS = ("thanh pho", "tinh", "tp")


@dataclass(frozen=True)
class OfficialCommune:
    """One commune, ward or special zone of the official list."""

    code: str
    name: str
    kind: str
    lat: float
    lon: float

    @property
    def short(self) -> str:
        """Return the name without its unit word: "Xã Hòa An" → "Hòa An"."""
        return (
            self.name[len(self.kind) + 1 :] if self.name.startswith(self.kind + " ") else self.name
        )

    def unit(self) -> OfficialUnit:
        """Return the record storage keeps."""
        return OfficialUnit(code=self.code, name=self.name, lat=self.lat, lon=self.lon)


@dataclass(frozen=True)
class OfficialProvince:
    """A province (or centrally run city) and its communes."""

    code: str
    name: str
    communes: tuple[OfficialCommune, ...]

    @property
    def short(self) -> str:
        """Return the name without "Tỉnh" / "Thành phố"."""
        for word in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(word):
                return self.name[len(word) :]
        return self.name

    def unit(self) -> OfficialUnit:
        """Return the record storage keeps."""
        return OfficialUnit(code=self.code, name=self.short)


@functools.cache
def provinces() -> tuple[OfficialProvince, ...]:
    """Return every province with its communes, in the order of their codes."""
    rows: dict[tuple[str, str], list[OfficialCommune]] = {}
    source = resources.files("storage.admin_units").joinpath("admin_units_2025.csv")
    for row in csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"))):
        rows.setdefault((row["province_code"], row["province"]), []).append(
            OfficialCommune(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
        )
    return tuple(
        OfficialProvince(code, name, tuple(communes)) for (code, name), communes in rows.items()
    )


def _strip_word(folded: str, words: tuple[str, ...]) -> str:
    for word in words:
        if folded.startswith(word + " "):
            return folded[len(word) + 1 :]
    return folded


def find_province(name: str) -> OfficialProvince | None:
    """Return the official province a name means ("Cao Bằng", "Tỉnh Cao Bằng", "cao bang")."""
    wanted = _strip_word(fold(name), PROVINCE_WORDS)
    if not wanted:
        return None
    for province in provinces():
        if fold(province.short) == wanted or province.code == name.strip():
            return province
    return None


def match_communes(province: OfficialProvince, typed: str) -> list[OfficialCommune]:
    """Return the communes of a province a typed name means; several when it is ambiguous.

    The unit word is optional ("hoa an", "xã Hòa An", "p. Đông Tiến"); without accents a
    name matches whatever it folds to, with accents the accents count: "xã đông tiến" in
    a province with Xã Đồng Tiến and Phường Đông Tiến offers both rather than guess.
    """
    folded = fold(typed)
    if not folded:
        return []
    exact = normalize(typed)
    whole = [c for c in province.communes if normalize(c.name) == exact]
    if whole:
        return whole
    short_folded = _strip_word(folded, COMMUNE_WORDS)
    kind_word = folded[: len(folded) - len(short_folded)].strip()
    found = [c for c in province.communes if fold(c.short) == short_folded]
    by_kind = [c for c in found if not kind_word or _kind_fits(c.kind, kind_word)] or found
    typed_words = exact.replace(".", " ").split()
    typed_short = " ".join(typed_words[len(kind_word.split()) :]) if kind_word else exact
    if fold(typed_short) == typed_short:
        return by_kind
    accented = [c for c in found if normalize(c.short) == typed_short]
    both = [c for c in by_kind if c in accented]
    return both or list(dict.fromkeys([*by_kind, *accented]))


def _kind_fits(kind: str, word: str) -> bool:
    """Return whether a typed unit word ("p", "xa", "dac khu") names a commune's kind."""
    folded = fold(kind)
    return word == folded or word == "".join(part[0] for part in folded.split())


def suggestions(province: OfficialProvince, typed: str, limit: int = 5) -> list[OfficialCommune]:
    """Return the communes whose names are closest to a name that matched none."""
    wanted = _strip_word(fold(typed), COMMUNE_WORDS)
    by_name = {fold(c.short): c for c in province.communes}
    close = difflib.get_close_matches(wanted, list(by_name), n=limit, cutoff=0.6)
    starting = [c for key, c in by_name.items() if key.startswith(wanted) and key not in close]
    return [by_name[key] for key in close] + starting[: max(0, limit - len(close))]
