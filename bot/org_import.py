"""Reading an organisation CSV (commune, village, kind, team) with errors by line number."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from bot.parsing import clean_name, fold
from storage.models import OrgRow

#: Accepted header names (folded) for each column, Vietnamese and English.
COLUMNS: dict[str, tuple[str, ...]] = {
    "commune": ("commune", "xa", "xa phuong", "xa/phuong", "ward"),
    "village": ("village", "thon", "thon/to dan pho", "thon to dan pho", "ban"),
    "kind": ("kind", "loai", "type"),
    "team": ("team", "to", "to bao ve", "to bao ve antt"),
}
KINDS: dict[str, str] = {
    "": "village",
    "thon": "village",
    "ban": "village",
    "village": "village",
    "to dan pho": "residential_group",
    "tdp": "residential_group",
    "residential group": "residential_group",
    "residential_group": "residential_group",
}
MAX_NAME = 120


@dataclass(frozen=True)
class ImportProblem:
    """A line that can't be imported and why."""

    line: int
    message: str


def parse_org_csv(
    text: str, team_name: str = "Tổ bảo vệ ANTT {village}"
) -> tuple[list[OrgRow], list[ImportProblem]]:
    """Parse the CSV; return the rows and every problem found (import only if none)."""
    problems: list[ImportProblem] = []
    sample = text[:2048]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [ImportProblem(1, "the file is empty")]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = fold(name.lstrip("\ufeff"))
        for column, names in COLUMNS.items():
            if key in names:
                positions[column] = index
    missing = [c for c in ("commune", "village") if c not in positions]
    if missing:
        return [], [
            ImportProblem(
                1,
                f"missing column(s) {', '.join(missing)} — the header must name "
                "commune and village (xã, thôn); kind and team are optional",
            )
        ]
    rows: list[OrgRow] = []
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue

        def cell(column: str, record: list[str] = record) -> str:
            index = positions.get(column)
            # Names are stored as typed but one line, without control characters.
            return clean_name(record[index]) if index is not None and index < len(record) else ""

        commune, village = cell("commune"), cell("village")
        kind_text = fold(cell("kind"))
        if not commune:
            problems.append(ImportProblem(number, "the commune is empty"))
            continue
        if not village:
            problems.append(ImportProblem(number, "the village is empty"))
            continue
        if kind_text not in KINDS:
            problems.append(
                ImportProblem(number, f"unknown kind {cell('kind')!r} (use thôn or tổ dân phố)")
            )
            continue
        too_long = [n for n in (commune, village, cell("team")) if len(n) > MAX_NAME]
        if too_long:
            problems.append(ImportProblem(number, f"a name is longer than {MAX_NAME} characters"))
            continue
        rows.append(
            OrgRow(
                line=number,
                commune=commune,
                village=village,
                kind=KINDS[kind_text],
                team=cell("team") or team_name.format(village=village),
            )
        )
    if not rows and not problems:
        problems.append(ImportProblem(2, "no rows after the header"))
    return rows, problems
