"""Extract the official list of provinces and communes (since 07/2025) into storage/admin_units/.

The bot ships the list as a CSV instead of depending on `vietnamadminunits` at run time:
that package (MIT) pulls in shapely, geopy, tqdm and unidecode for its address parser,
which the bot does not use. This script is how the CSV was made; rerun it when the
package publishes a corrected list:

    pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau
    unzip -o /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl -d /tmp/vau/whl
    python bench/extract_admin_units.py /tmp/vau/whl/vietnamadminunits/data/dataset.db

It reads the package's own SQLite dataset (table `admin_units`: 34 provinces, 3,321
communes, wards and special zones), keeps the official codes, names, kinds and the
centre of each commune (and each province's, in provinces_2025.csv beside it), and
checks the counts before writing.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "storage" / "admin_units" / "admin_units_2025.csv"
COLUMNS = ("province_code", "province", "code", "name", "kind", "lat", "lon")
PROVINCE_COLUMNS = ("code", "name", "lat", "lon")
EXPECTED = {"provinces": 34, "communes": 3321}


def main(argv: list[str] | None = None) -> int:
    """Write the CSV from the package's dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="vietnamadminunits/data/dataset.db")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    conn = sqlite3.connect(f"file:{args.dataset}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT provinceCode, province, wardCode, ward, wardType, wardLat, wardLon "
        "FROM admin_units ORDER BY provinceCode, wardCode"
    ).fetchall()
    provinces = {r[0] for r in rows}
    codes = {r[2] for r in rows}
    found = {"provinces": len(provinces), "communes": len(codes)}
    if found != EXPECTED or len(codes) != len(rows):
        print(f"unexpected counts {found} (expected {EXPECTED})", file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for province_code, province, code, name, kind, lat, lon in rows:
            writer.writerow((province_code, province, code, name, kind, f"{lat:.4f}", f"{lon:.4f}"))
    centres = conn.execute(
        "SELECT DISTINCT provinceCode, province, provinceLat, provinceLon FROM admin_units "
        "ORDER BY provinceCode"
    ).fetchall()
    with args.out.with_name("provinces_2025.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(PROVINCE_COLUMNS)
        for code, name, lat, lon in centres:
            writer.writerow((code, name, f"{lat:.4f}", f"{lon:.4f}"))
    print(f"{len(rows)} communes of {len(provinces)} provinces → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
