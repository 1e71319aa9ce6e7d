"""Reading a calendar file (CSV or TOML) into phases and deadlines, with errors by line.

CSV columns (Vietnamese or English headers, in any order):
``type,name,start,end,date,scope,audience,report`` — `type` is "đợt"/"phase" or
"hạn"/"deadline"; a phase has `start`, `end` and its report due in `date`; a deadline has
its due `date`, an `audience` ("tổ trưởng + công an") and `report` ("có" for a report
deadline). `scope` is a commune's name, or empty for the whole province.

TOML: ``[[phase]]`` tables with name, start, end, report (dates as 2027-01-31 or
"31/01/2027") and ``[[deadline]]`` tables with name, date, audience (a list), report
(true/false); both take an optional commune.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.calendar.rules import Problem, check_deadline, check_phase, first_overlap
from bot.domain import Audience
from bot.fmt import local_date
from bot.parsing import ParseError, clean_name, fold, parse_date
from bot.texts import Texts
from storage.models import Commune, NewDeadline, NewPhase, Phase
from storage.names import name_key

COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "kind", "loai"),
    "name": ("name", "ten"),
    "start": ("start", "bat dau", "tu ngay"),
    "end": ("end", "ket thuc", "den ngay"),
    "date": ("date", "due", "ngay", "han", "ngay han", "ngay bao cao", "han bao cao"),
    "scope": ("scope", "commune", "pham vi", "xa", "xa phuong"),
    "audience": ("audience", "doi tuong", "nhac ai", "nguoi nhan"),
    "report": ("report", "bao cao", "kem danh sach"),
}
PHASE_WORDS = frozenset({"dot", "dot thi dua", "phase"})
DEADLINE_WORDS = frozenset({"han", "deadline", "moc"})
PROVINCE_WORDS = frozenset({"", "toan tinh", "tinh", "province", "all"})
YES_WORDS = frozenset({"co", "yes", "x", "1", "true", "bao cao"})
NO_WORDS = frozenset({"", "khong", "no", "0", "false"})
AUDIENCE_WORDS: dict[str, Audience] = {
    "leaders": Audience.LEADERS,
    "to truong": Audience.LEADERS,
    "members": Audience.MEMBERS,
    "to vien": Audience.MEMBERS,
    "thanh vien": Audience.MEMBERS,
    "tat ca to vien": Audience.MEMBERS,
    "police": Audience.POLICE,
    "cong an": Audience.POLICE,
    "cong an xa": Audience.POLICE,
    "nhom cong an xa": Audience.POLICE,
    "admins": Audience.ADMINS,
    "quan tri": Audience.ADMINS,
}
_AUDIENCE_SPLIT = re.compile(r"\s*(?:[+;,|/&]|\bva\b|\band\b)\s*")


@dataclass(frozen=True)
class ImportProblem:
    """A line that can't be imported and why."""

    line: int
    message: str


@dataclass
class CalendarFile:
    """What a file holds: phases and deadlines with the line each came from."""

    phases: list[tuple[int, NewPhase]] = field(default_factory=list)
    deadlines: list[tuple[int, NewDeadline]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def _date(value: object) -> date | str:
    """Return a date, or why the value is not one."""
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value).strip())
    if isinstance(parsed, ParseError):
        if parsed.key == "invalid_date":
            return f"{value!r} is not a real date"
        return f"{value!r} is not a date (write dd/mm/yyyy)"
    return parsed


def _audience(value: object) -> frozenset[Audience] | str:
    parts = value if isinstance(value, list) else _AUDIENCE_SPLIT.split(str(value))
    found: set[Audience] = set()
    for part in parts:
        word = fold(str(part))
        if not word:
            continue
        if word not in AUDIENCE_WORDS:
            return (
                f"unknown audience {part!r} (use leaders, members, police, admins — or "
                "tổ trưởng, tổ viên, công an, quản trị)"
            )
        found.add(AUDIENCE_WORDS[word])
    return frozenset(found) if found else "the audience is empty"


def _flag(value: object) -> bool | str:
    if isinstance(value, bool):
        return value
    word = fold(str(value))
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return f"report must be yes or no, not {value!r}"


class _Reader:
    """Turns one record (a CSV row or a TOML table) into a phase or a deadline."""

    def __init__(self, communes: Sequence[Commune], texts: Texts) -> None:
        self.communes = {name_key(c.name): c.id for c in communes}
        self.texts = texts

    def commune(self, value: object) -> int | str | None:
        text = str(value or "").strip()
        if fold(text) in PROVINCE_WORDS:
            return None
        found = self.communes.get(name_key(text))
        return found if found is not None else self.texts("cal.err.unknown_commune", name=text)

    def phase(self, record: Mapping[str, object]) -> NewPhase | str:
        name = clean_name(str(record.get("name") or ""))
        dates = {}
        for key in ("start", "end", "report"):
            if not record.get(key):
                return f"the phase has no {key} date"
            value = _date(record[key])
            if isinstance(value, str):
                return f"{key}: {value}"
            dates[key] = value
        commune = self.commune(record.get("commune"))
        if isinstance(commune, str):
            return commune
        return NewPhase(name=name, commune_id=commune, **dates)

    def deadline(self, record: Mapping[str, object]) -> NewDeadline | str:
        name = clean_name(str(record.get("name") or ""))
        if not record.get("date"):
            return "the deadline has no date"
        due = _date(record["date"])
        if isinstance(due, str):
            return f"date: {due}"
        audience = _audience(record.get("audience") or "")
        if isinstance(audience, str):
            return audience
        report = _flag(record.get("report", False))
        if isinstance(report, str):
            return report
        commune = self.commune(record.get("commune"))
        if isinstance(commune, str):
            return commune
        return NewDeadline(name=name, due=due, commune_id=commune, audience=audience, report=report)


def _csv_records(text: str) -> tuple[list[tuple[int, dict[str, object]]], list[ImportProblem]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:2048], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return [], [ImportProblem(1, "the file is empty")]
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = fold(title.lstrip("\ufeff"))
        for column, names in COLUMNS.items():
            if key in names:
                positions[column] = index
    missing = [c for c in ("type", "name", "date") if c not in positions]
    if missing:
        return [], [
            ImportProblem(
                1,
                f"missing column(s) {', '.join(missing)} — the header must name type, name "
                "and date (loại, tên, ngày); start, end, scope, audience, report as needed",
            )
        ]
    records = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: row[i].strip() if i < len(row) else "" for c, i in positions.items()}
        kind = fold(cells.get("type", ""))
        record: dict[str, object] = {
            "kind": kind,
            "name": cells.get("name", ""),
            "commune": cells.get("scope", ""),
        }
        if kind in PHASE_WORDS:
            record |= {
                "start": cells.get("start", ""),
                "end": cells.get("end", ""),
                "report": cells.get("date", ""),
            }
        else:
            record |= {
                "date": cells.get("date", ""),
                "audience": cells.get("audience", ""),
                "report": cells.get("report", ""),
            }
        records.append((number, record))
    return records, []


PHASE_KEYS = frozenset({"name", "start", "end", "report", "commune"})
DEADLINE_KEYS = frozenset({"name", "date", "audience", "report", "commune"})


def _toml_records(text: str) -> tuple[list[tuple[int, dict[str, object]]], list[ImportProblem]]:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has the position only in the message: "(at line 4, column 7)".
        found = re.search(r"line (\d+)", str(exc))
        line = int(found[1]) if found else 1
        return [], [ImportProblem(line, f"not valid TOML ({exc})")]
    problems = [
        ImportProblem(1, f"unknown table [{key}] (use [[phase]] and [[deadline]])")
        for key in data
        if key not in ("phase", "deadline")
    ]
    lines = text.splitlines()
    records = []
    for kind, word, allowed in (("phase", "dot", PHASE_KEYS), ("deadline", "han", DEADLINE_KEYS)):
        tables = data.get(kind, [])
        if not isinstance(tables, list):
            problems.append(ImportProblem(1, f"[{kind}] must be written [[{kind}]]"))
            continue
        starts = [n for n, text_line in enumerate(lines, 1) if text_line.strip() == f"[[{kind}]]"]
        for index, table in enumerate(tables):
            line = starts[index] if index < len(starts) else 1
            unknown = sorted(set(table) - allowed)
            if unknown:
                problems.append(ImportProblem(line, f"unknown key(s) {', '.join(unknown)}"))
                continue
            records.append((line, {"kind": word, **table}))
    return sorted(records, key=lambda r: r[0]), problems


def read_calendar(
    text: str,
    filename: str,
    communes: Sequence[Commune],
    existing: Sequence[Phase],
    today: date,
    texts: Texts,
    province: str = "",
) -> CalendarFile:
    """Parse and check a whole file; import only if `problems` is empty."""
    toml = filename.lower().endswith(".toml")
    records, problems = _toml_records(text) if toml else _csv_records(text)
    result = CalendarFile(problems=list(problems))
    reader = _Reader(communes, texts)

    def refuse(line: int, found: Sequence[Problem]) -> None:
        for problem in found:
            result.problems.append(ImportProblem(line, texts(problem.key, **problem.values)))

    names = {c.id: c.name for c in communes}

    def overlap(clash: NewPhase | Phase) -> Problem:
        if isinstance(clash, Phase):
            ref = f"D{clash.id}"
        else:
            ref = next((f"#{n}" for n, p in result.phases if p is clash), "")
        scope = names.get(clash.commune_id or 0) or texts("cal.scope.province", province=province)
        return Problem(
            "cal.err.overlap",
            {
                "name": clash.name,
                "ref": ref,
                "start": local_date(clash.start),
                "end": local_date(clash.end),
                "scope": scope,
            },
        )

    for line, record in records:
        kind = str(record.pop("kind"))
        if kind in PHASE_WORDS:
            phase = reader.phase(record)
            if isinstance(phase, str):
                result.problems.append(ImportProblem(line, phase))
                continue
            found = check_phase(phase, today)
            clash = first_overlap(phase, [*existing, *(p for _, p in result.phases)])
            if clash is not None:
                found.append(overlap(clash))
            if found:
                refuse(line, found)
            else:
                result.phases.append((line, phase))
        elif kind in DEADLINE_WORDS:
            deadline = reader.deadline(record)
            if isinstance(deadline, str):
                result.problems.append(ImportProblem(line, deadline))
                continue
            found = check_deadline(deadline, today)
            if found:
                refuse(line, found)
            else:
                result.deadlines.append((line, deadline))
        else:
            result.problems.append(
                ImportProblem(line, f"unknown type {kind!r} (use đợt/phase or hạn/deadline)")
            )
    if not records and not result.problems:
        result.problems.append(ImportProblem(1, "no phase or deadline in the file"))
    result.problems.sort(key=lambda p: p.line)
    return result
