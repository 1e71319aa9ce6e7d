"""The report workbook: a summary sheet and one sheet per kind with every field.

Written with openpyxl's write-only mode, rows streamed in pages: a province-year export
holds hundreds of thousands of rows and must not hold them all in memory. Dates are real
Excel dates in local time; headers are frozen and filtered.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain import EntryKind
from bot.fmt import local_datetime
from bot.reports.figures import KINDS, Figures
from bot.reports.message import category_label
from bot.reports.periods import month_label, months_label, period_label
from bot.reports.safe import safe_value, text_cell
from bot.texts import Texts
from storage.models import ExportRow

DATE_FORMAT = "dd/mm/yyyy hh:mm"
DURATION_FORMAT = "[h]:mm"
# Bottom, as unwrapped cells sit: a row reads straight across.
WRAP = Alignment(wrap_text=True)
#: Points per line of 11-point text, lines shown at most, and the header row's height.
LINE_HEIGHT = 15
MAX_LINES = 8
HEADER_HEIGHT = 45
PERCENT_FORMAT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)

Getter = Callable[[ExportRow], Any]


@dataclass(frozen=True)
class Column:
    """One column of a kind's sheet: catalogue key of its header, width, and its value."""

    header: str
    width: int
    value: Getter
    is_date: bool = False
    #: Long text, wrapped within the column (the row grows) rather than cut.
    wrap: bool = False


def _yes_no(texts: Texts) -> Callable[[bool | None], str]:
    def show(value: bool | None) -> str:
        if value is None:
            return ""
        return texts("xlsx.yes") if value else texts("xlsx.no")

    return show


def columns(texts: Texts, kind: EntryKind, tz: tzinfo) -> list[Column]:
    """Return the columns of a kind's sheet, in order."""
    yes_no = _yes_no(texts)

    def local(value: datetime | None) -> datetime | None:
        # Excel has no time zones: local wall-clock time is what people expect to see.
        return value.astimezone(tz).replace(tzinfo=None) if value else None

    def category(row: ExportRow) -> str:
        return category_label(texts, kind, row.category)

    head = [
        Column("xlsx.col.code", 15, lambda r: r.code),
        Column("xlsx.col.created", 16, lambda r: local(r.created_at), is_date=True),
        Column("xlsx.col.commune", 13, lambda r: r.commune, wrap=True),
        Column("xlsx.col.village", 13, lambda r: r.village, wrap=True),
        Column("xlsx.col.team", 16, lambda r: r.team, wrap=True),
        Column("xlsx.col.reporter", 15, lambda r: r.reporter, wrap=True),
        Column("xlsx.col.category", 15, category, wrap=True),
        Column("xlsx.col.description", 40, lambda r: r.description, wrap=True),
    ]
    place = [
        Column("xlsx.col.place", 18, lambda r: r.place or "", wrap=True),
        Column("xlsx.col.lat", 9, lambda r: r.lat),
        Column("xlsx.col.lon", 9, lambda r: r.lon),
    ]
    handling = [
        Column("xlsx.col.taken_by", 15, lambda r: r.taken_by, wrap=True),
        Column("xlsx.col.taken_at", 16, lambda r: local(r.taken_at), is_date=True),
        Column("xlsx.col.handled_at", 16, lambda r: local(r.handled_at), is_date=True),
        Column("xlsx.col.note", 24, lambda r: r.note or "", wrap=True),
    ]
    tail = [
        Column("xlsx.col.photos", 6, lambda r: r.photos),
        Column("xlsx.col.status", 12, lambda r: texts(f"status.{r.status}"), wrap=True),
        *(handling if kind != EntryKind.DEED else []),
        Column("xlsx.col.updated", 16, lambda r: local(r.updated_at), is_date=True),
    ]
    if kind == EntryKind.TIP:
        middle = [
            *place,
            Column("xlsx.col.source", 14, lambda r: texts(f"xlsx.source.{r.source}"), wrap=True),
            Column("xlsx.col.urgent", 8, lambda r: yes_no(r.urgent)),
            Column("xlsx.col.confidential", 10, lambda r: yes_no(r.confidential)),
        ]
    elif kind == EntryKind.INCIDENT:
        middle = [
            Column("xlsx.col.occurred", 16, lambda r: local(r.occurred_at), is_date=True),
            *place,
            Column("xlsx.col.on_scene", 9, lambda r: yes_no(r.on_scene)),
            Column("xlsx.col.minutes", 9, lambda r: r.response_minutes),
            Column(
                "xlsx.col.action",
                20,
                lambda r: texts(f"incident.action.{r.action}") if r.action else "",
            ),
            Column("xlsx.col.injuries", 9, lambda r: yes_no(r.injuries)),
        ]
    else:
        middle = [
            Column("xlsx.col.doers", 22, lambda r: r.doers or "", wrap=True),
            Column("xlsx.col.helped", 20, lambda r: r.helped or "", wrap=True),
        ]
    return [*head, *middle, *tail]


def _long(text: str, width: int) -> bool:
    """Return whether text is too long for its column, or holds line breaks."""
    return len(text) > width - 2 or "\n" in text


def _lines(value: Any, width: int) -> int:
    """Estimate the lines a wrapped text takes in a column `width` characters wide."""
    text = str(value)
    return sum(max(1, -(-len(part) // max(1, width - 2))) for part in text.split("\n"))


_T = TypeVar("_T")


def _exclusive(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run a workbook step alone: a cancelled export's thread may still be writing when
    `discard` closes the sheets."""

    @functools.wraps(method)
    def run(self: ReportWorkbook, *args: Any, **kwargs: Any) -> _T:
        with self._busy:
            return method(self, *args, **kwargs)

    return run


class ReportWorkbook:
    """A workbook being written: summary first, then each kind's rows, page by page."""

    def __init__(self, path: Path, texts: Texts, tz: tzinfo) -> None:
        self.path = path
        self.texts = texts
        self.tz = tz
        self.book = Workbook(write_only=True)
        self._busy = threading.Lock()
        self._sheet: Any = None
        self._date_style: Any = None
        self._wrap_style: Any = None
        self._columns: list[Column] = []
        self._rows = 0

    def _cell(
        self,
        sheet: Any,
        value: Any,
        *,
        font: Font | None = None,
        fmt: str = "",
        align: Alignment | None = None,
    ) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        if font is not None:
            cell.font = font
        if fmt:
            cell.number_format = fmt
        if align is not None:
            cell.alignment = align
        return cell

    @staticmethod
    def _styled(sheet: Any, value: Any, style: Any) -> Any:
        """Return a cell holding `value` with the style of a template cell."""
        cell = WriteOnlyCell(sheet, value=value)
        cell._style = copy(style)
        return cell

    @staticmethod
    def _print_setup(sheet: Any, *, header_row: bool) -> None:
        """Print on A4 landscape, every column on the page, the header on every page.

        Set before the first row: a write-only sheet writes its properties first.
        """
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        # 0: as many pages down as the rows need.
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        sheet.oddFooter.center.text = "&P/&N"
        if header_row:
            sheet.print_title_rows = "1:1"

    @staticmethod
    def _append(sheet: Any, values: Sequence[Any]) -> None:
        """Append a row; user text goes in as printable string cells, never formulas."""
        sheet.append([safe_value(sheet, value) for value in values])

    def _header(self, sheet: Any, labels: Sequence[str]) -> list[Any]:
        cells = []
        for label in labels:
            cell = self._cell(sheet, label, font=BOLD)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        return cells

    @_exclusive
    def summary(self, figures: Figures) -> None:
        """Write the summary sheet: targets, counts and trend, categories, places."""
        texts = self.texts
        sheet = self.book.create_sheet(texts("xlsx.sheet.summary"))
        self._print_setup(sheet, header_row=False)
        # Wide enough that no header wraps: a wrapped header row would not grow in height.
        for column, width in zip("ABCDEFG", (46, 28, 21, 24, 16, 21, 24), strict=True):
            sheet.column_dimensions[column].width = width
        self._append(sheet, [self._cell(sheet, texts("report.title.plain"), font=TITLE)])
        self._append(
            sheet,
            [
                texts(
                    "report.scope",
                    scope=figures.scope_name,
                    period=period_label(texts, figures.period),
                )
            ],
        )
        self._append(sheet, [texts("report.as_of", when=local_datetime(figures.as_of, self.tz))])
        self._append(sheet, [])
        self._append(
            sheet,
            self._header(
                sheet,
                [texts(f"xlsx.ind.{k}") for k in ("name", "done", "total", "share", "target")]
                + [texts("xlsx.ind.result")],
            ),
        )
        for item in figures.indicators:
            if item.in_progress:
                verdict = texts("report.in_progress")
            elif item.met is None:
                verdict = texts("xlsx.ind.no_data")
            else:
                verdict = texts("report.met" if item.met else "report.not_met")
            self._append(
                sheet,
                [
                    texts(f"report.ind.{item.key}"),
                    item.done,
                    item.total,
                    self._cell(sheet, item.ratio, fmt=PERCENT_FORMAT),
                    self._cell(sheet, item.target, fmt=PERCENT_FORMAT),
                    verdict,
                ],
            )
        if figures.judged_months:
            self._append(
                sheet,
                [texts("xlsx.months_judged", months=months_label(texts, figures.judged_months))],
            )
        elif figures.teams:
            self._append(sheet, [texts("xlsx.months_none")])
        if figures.running_month and figures.teams:
            running = month_label(texts, figures.running_month)
            self._append(
                sheet,
                [
                    texts(
                        "xlsx.month_running",
                        month=running[:1].upper() + running[1:],
                        started=figures.teams_started,
                        teams=figures.teams,
                    )
                ],
            )
        self._response(sheet, figures)
        self._append(sheet, [])
        self._append(
            sheet,
            self._header(
                sheet, [texts(f"xlsx.count.{k}") for k in ("kind", "now", "before", "change")]
            ),
        )
        for kind in KINDS:
            now = figures.totals[kind]
            before = figures.previous.totals[kind] if figures.previous else None
            change = (now - before) / before if before else None
            self._append(
                sheet,
                [
                    texts(f"chart.{kind.value}"),
                    now,
                    before,
                    self._cell(sheet, change, fmt=PERCENT_FORMAT),
                ],
            )
        if figures.previous is not None:
            self._append(
                sheet,
                [texts("report.previous", period=period_label(texts, figures.previous.period))],
            )
        self._append(sheet, [])
        self._append(
            sheet,
            self._header(sheet, [texts(f"xlsx.cat.{k}") for k in ("kind", "category", "count")]),
        )
        for kind in KINDS:
            for category, count in figures.categories[kind]:
                self._append(
                    sheet,
                    [texts(f"chart.{kind.value}"), category_label(texts, kind, category), count],
                )
        self._append(sheet, [])
        place_key = "xlsx.place.commune" if figures.is_province else "xlsx.place.village"
        self._append(
            sheet,
            self._header(
                sheet,
                [texts(place_key)]
                + [texts(f"chart.{kind.value}") for kind in KINDS]
                + [texts("xlsx.place.total")],
            ),
        )
        for place in figures.places:
            self._append(
                sheet,
                [place.name or texts("report.no_village")]
                + [place.counts[kind] for kind in KINDS]
                + [place.total],
            )
        if figures.by_commune:
            self._append(sheet, [])
            self._append(
                sheet,
                self._header(
                    sheet,
                    [texts("xlsx.place.commune")]
                    + [texts(f"report.ind.{item.key}") for item in figures.indicators],
                ),
            )
            for name, indicators in figures.by_commune:
                self._append(
                    sheet,
                    [name]
                    + [self._cell(sheet, item.ratio, fmt=PERCENT_FORMAT) for item in indicators],
                )

    def _response(self, sheet: Any, figures: Figures) -> None:
        """Write how fast police took and handled tips and incidents, as Excel durations."""
        rows = [(figures.scope_name, figures.response)] if figures.response else []
        if figures.is_province:
            rows += figures.response_by_commune
        if not rows:
            return
        texts = self.texts
        self._append(sheet, [])
        self._append(sheet, [self._cell(sheet, texts("xlsx.response.title"), font=BOLD)])
        keys = ("place", "taken", "take_median", "take_p90", "handled", "handle_median")
        self._append(
            sheet,
            self._header(
                sheet,
                [texts(f"xlsx.response.{k}") for k in keys] + [texts("xlsx.response.handle_p90")],
            ),
        )

        def span(seconds: float | None) -> Any:
            # A fraction of a day, shown as hours:minutes (over 24 h too).
            value = None if seconds is None else seconds / 86400
            return self._cell(sheet, value, fmt=DURATION_FORMAT)

        for name, times in rows:
            assert times is not None
            self._append(
                sheet,
                [
                    text_cell(sheet, name),
                    times.taken,
                    span(times.take_median),
                    span(times.take_p90),
                    times.handled,
                    span(times.handle_median),
                    span(times.handle_p90),
                ],
            )

    @_exclusive
    def start(self, kind: EntryKind) -> None:
        """Open the sheet of a kind and write its frozen, filtered header row."""
        self._finish()
        texts = self.texts
        sheet = self.book.create_sheet(texts(f"xlsx.sheet.{kind.value}"))
        self._print_setup(sheet, header_row=True)
        self._columns = columns(texts, kind, self.tz)
        for index, column in enumerate(self._columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        # Each style is registered with the workbook once; cells then copy its indices
        # (assigning a style object to every cell hashes it, most of an export's time).
        self._date_style = self._cell(sheet, None, fmt=DATE_FORMAT)._style
        self._wrap_style = self._cell(sheet, None, align=WRAP)._style
        # Headers wrap onto two or three lines: the row must be tall enough to show them.
        sheet.row_dimensions[1].height = HEADER_HEIGHT
        self._append(sheet, self._header(sheet, [texts(c.header) for c in self._columns]))
        self._sheet = sheet
        self._rows = 0

    @_exclusive
    def add(self, rows: Iterable[ExportRow]) -> None:
        """Append a page of rows to the open sheet."""
        sheet, cols = self._sheet, self._columns
        for row in rows:
            values: list[Any] = []
            lines = 1
            for column in cols:
                value = column.value(row)
                if column.is_date and value is not None:
                    value = self._styled(sheet, value, self._date_style)
                elif column.wrap and isinstance(value, str) and _long(value, column.width):
                    # Styled cells cost more than plain ones: only text that needs wrapping.
                    lines = max(lines, _lines(value, column.width))
                    value = safe_value(sheet, value)
                    if isinstance(value, Cell):
                        value.alignment = WRAP
                    else:
                        value = self._styled(sheet, value, self._wrap_style)
                elif isinstance(value, str):
                    value = safe_value(sheet, value)
                values.append(value)
            number = self._rows + 2
            if lines > 1:
                # Spreadsheets do not grow a row to fit wrapped text they did not lay out.
                sheet.row_dimensions[number].height = LINE_HEIGHT * min(lines, MAX_LINES)
            sheet.append(values)
            # Written at once: the dimension is not needed again (a long export stays small).
            sheet.row_dimensions.pop(number, None)
            self._rows += 1

    def _finish(self) -> None:
        if self._sheet is not None:
            last = get_column_letter(len(self._columns))
            self._sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"
            self._sheet = None

    @_exclusive
    def discard(self) -> None:
        """Close the sheets an export left open when it failed or was cancelled.

        A write-only sheet streams through a generator; left open, it is closed when the
        workbook is collected, where its last write fails with nobody to hear it.
        """
        for sheet in self.book.worksheets:
            with contextlib.suppress(Exception):
                if not sheet.closed:
                    sheet.close()
        self._sheet = None

    @_exclusive
    def save(self) -> Path:
        """Close the open sheet and write the file."""
        self._finish()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.book.save(self.path)
        return self.path
