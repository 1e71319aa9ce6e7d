"""The annual report draft (DOCX): "Báo cáo kết quả thực hiện Phong trào thi đua ...".

Laid out as Vietnamese administrative documents are (Nghị định 30/2020/NĐ-CP): the
issuing body and number on the left, the national motto on the right, the place and date
line, the title, numbered sections, tables, "Nơi nhận" and the signature block. What
only the commune can know (leadership work, assessment) is left as marked placeholders
for the officer to complete; everything the bot counted is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from bot.domain import EntryKind, EntryStatus
from bot.fmt import local_date, number, percent
from bot.reports.figures import KINDS, Figures, Indicator
from bot.reports.message import category_label
from bot.reports.periods import duration, month_label, months_label
from bot.reports.safe import printable
from bot.texts import Texts
from storage.models import Achievement

FONT = "Times New Roman"
BODY_SIZE = 13
TABLE_SIZE = 11
PLACEHOLDER = "[…]"
#: Teams proposed for commendation, at most.
MAX_PROPOSED = 10


@dataclass(frozen=True)
class AnnualReport:
    """What the draft is made of."""

    figures: Figures
    teams: list[Achievement]
    people: list[Achievement]
    province: str
    superior: str = ""
    province_issuer: str = ""


def _strip_unit(name: str, texts: Texts) -> str:
    """Return a place name without its unit word, for the date line: "Xã Hòa An" → "Hòa An"."""
    for prefix in texts("annual.unit_prefixes").split("|"):
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return name


def _mid(name: str, texts: Texts) -> str:
    """Return a name as written mid-sentence: "Xã Hòa An" → "xã Hòa An"."""
    if _strip_unit(name, texts) != name:
        return name[0].lower() + name[1:]
    return name


def _unit_word(name: str, texts: Texts) -> str:
    """Return the unit word of a commune's name ("Phường Sông Hiến" → "PHƯỜNG")."""
    stripped = _strip_unit(name, texts)
    if stripped == name:
        return texts("annual.unit_prefixes").split("|")[0].upper()
    return name[: len(name) - len(stripped) - 1].upper()


def _province_title(province: str, texts: Texts) -> str:
    """Return "Tỉnh Cao Bằng" for "Cao Bằng" (a name already carrying its unit is kept)."""
    stripped = _strip_unit(province, texts)
    return province if stripped != province else texts("annual.province_unit", name=province)


def _lower_first(text: str) -> str:
    """Lower the first letter only: "Giúp lực lượng Công an" → "giúp lực lượng Công an"."""
    return text[:1].lower() + text[1:]


def achievement_summary(texts: Texts, item: Achievement, kind: str) -> str:
    """Write the "tóm tắt thành tích" of a team or a person from their record."""
    lang = texts.language
    categories = ", ".join(
        f"{_lower_first(category_label(texts, EntryKind.DEED, category))} {number(count, lang)}"
        for category, count in sorted(item.by_category.items(), key=lambda kv: -kv[1])
    )
    parts = [texts("annual.summary.deeds", count=number(item.deeds, lang), categories=categories)]
    if kind == "team":
        if item.months:
            parts.append(texts("annual.summary.months", months=item.months))
        if item.tips:
            parts.append(texts("annual.summary.tips", count=number(item.tips, lang)))
        if item.incidents:
            parts.append(
                texts(
                    "annual.summary.incidents",
                    count=number(item.incidents, lang),
                    on_scene=number(item.on_scene, lang),
                )
            )
    text = "; ".join(parts) + "."
    if item.examples:
        example = item.examples[0].strip().rstrip(".")
        if len(example) > 220:
            example = example[:220].rstrip() + "…"
        text += " " + texts("annual.summary.example", example=example) + "."
    return text


class _Writer:
    """Small helpers over python-docx for the administrative layout."""

    def __init__(self) -> None:
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_SIZE)
        # Word picks the East Asian font slot for some characters: name it too.
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(0)

    def paragraph(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: int = BODY_SIZE,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent: bool = True,
        before: int = 0,
        after: int = 6,
        cell: Any = None,
        underline: bool = False,
    ) -> Any:
        target = cell if cell is not None else self.doc
        para = target.add_paragraph()
        para.alignment = align
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.15
        if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
            fmt.first_line_indent = Cm(1)
        if text:
            run = para.add_run(printable(text))
            run.bold, run.italic, run.underline = bold, italic, underline
            run.font.size = Pt(size)
        return para

    def heading(self, text: str) -> None:
        self.paragraph(text, bold=True, before=6, after=6, indent=True)

    def placeholder(self, text: str) -> None:
        self.paragraph(text, italic=True)

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: list[float],
        centred: frozenset[int] = frozenset({0}),
    ) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for index, header in enumerate(headers):
            cell = table.rows[0].cells[index]
            self._cell_text(cell, header, bold=True, center=True)
        _repeat_header(table.rows[0])
        for row in rows:
            added = table.add_row()
            _keep_together(added)
            cells = added.cells
            for index, value in enumerate(row):
                self._cell_text(cells[index], value, center=index in centred or _numeric(value))
        _widths(table, widths)
        self.paragraph(after=6)

    def _cell_text(self, cell: Any, text: str, *, bold: bool = False, center: bool = False) -> None:
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = para.add_run(printable(text))
        run.bold = bold
        run.font.size = Pt(TABLE_SIZE)


def _numeric(value: str) -> bool:
    """Return whether a cell holds a figure ("80% (8/10)", "1.234"): figures are centred."""
    return bool(value) and all(ch.isdigit() or ch in " %()/.,–-" for ch in value)


def _widths(table: Any, widths: list[float]) -> None:
    """Fix column widths (Word reads the cells, LibreOffice the grid: set both)."""
    table.autofit = False
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _keep_together(row: Any) -> None:
    """Keep a table row on one page (a summary cut in two is hard to read)."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _repeat_header(row: Any) -> None:
    """Repeat a table's header row on every page it runs over."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _no_borders(table: Any) -> None:
    """Take every border off a layout table (the letterhead)."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _indicator_row(texts: Texts, index: int, item: Indicator, running: str) -> list[str]:
    lang = texts.language
    if item.ratio is None and item.in_progress:
        result = texts("annual.in_progress_result", month=running[:1].upper() + running[1:])
        verdict = texts("annual.in_progress")
    elif item.ratio is None:
        result, verdict = texts("annual.no_case"), texts("annual.no_case_verdict")
    else:
        result = texts(
            "annual.result",
            share=percent(item.ratio, lang),
            done=number(item.done, lang),
            total=number(item.total, lang),
        )
        verdict = texts("annual.met" if item.met else "annual.not_met")
    key = "annual.target_full" if item.target >= 1 else "annual.target"
    return [
        str(index),
        texts(f"annual.ind.{item.key}"),
        texts(key, target=percent(item.target, lang)),
        result,
        verdict,
    ]


def _response(w: _Writer, texts: Texts, figures: Figures) -> None:
    """Write how fast police took and handled tips and incidents (a table for a province)."""
    lang = texts.language
    times = figures.response
    if times is None or not times.taken:
        w.paragraph(texts("annual.response.none"))
        return

    def span(seconds: float | None) -> str:
        return duration(texts, seconds) if seconds is not None else "—"

    w.paragraph(
        texts(
            "annual.response",
            taken=number(times.taken, lang),
            take_median=span(times.take_median),
            take_p90=span(times.take_p90),
            handled=number(times.handled, lang),
            handle_median=span(times.handle_median),
            handle_p90=span(times.handle_p90),
        )
    )
    if not figures.is_province or not figures.response_by_commune:
        return
    w.paragraph(texts("annual.response.by_commune"))
    w.table(
        [
            texts(f"annual.col.{k}")
            for k in ("no", "commune", "taken", "take_median", "take_p90", "handled")
        ]
        + [texts("annual.col.handle_median")],
        [
            [
                str(i),
                name,
                number(item.taken, lang),
                span(item.take_median),
                span(item.take_p90),
                number(item.handled, lang),
                span(item.handle_median),
            ]
            for i, (name, item) in enumerate(figures.response_by_commune, start=1)
        ],
        [0.9, 4.1, 2.0, 2.4, 2.4, 2.0, 2.4],
        centred=frozenset({0, 2, 3, 4, 5, 6}),
    )


def render_annual(path: Path, texts: Texts, tz: tzinfo, report: AnnualReport) -> Path:
    """Write the annual report draft and return its path."""
    figures = report.figures
    lang = texts.language
    year = figures.period.start.year
    w = _Writer()
    province_title = _province_title(report.province, texts)
    signed_year = figures.as_of.astimezone(tz).year
    if figures.is_province:
        superior = texts("annual.ministry")
        issuer = report.province_issuer or texts(
            "annual.police_of", unit=_mid(province_title, texts)
        )
        number_line = texts("annual.number_province")
        town = _strip_unit(report.province, texts)
        signer = texts("annual.signer_province")
    else:
        superior = report.superior or texts("annual.police_of", unit=_mid(province_title, texts))
        issuer = texts("annual.police_of", unit=_mid(figures.scope_name, texts))
        number_line = texts("annual.number_commune")
        town = _strip_unit(figures.scope_name, texts)
        signer = texts("annual.signer_commune", unit=_unit_word(figures.scope_name, texts))

    head = w.doc.add_table(rows=1, cols=2)
    _no_borders(head)
    _widths(head, [6.0, 10.5])
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    w.paragraph(superior.upper(), size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, cell=left)
    w.paragraph(
        issuer.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, cell=left
    )
    w.paragraph("───────", size=9, align=WD_ALIGN_PARAGRAPH.CENTER, after=2, cell=left)
    w.paragraph(number_line, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, cell=left)
    w.paragraph(
        texts("annual.nation"),
        bold=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
        cell=right,
    )
    w.paragraph(
        texts("annual.motto"),
        bold=True,
        size=13,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
        cell=right,
        underline=True,
    )
    w.paragraph(after=2, cell=right)
    w.paragraph(
        texts("annual.date_line", place=town, year=signed_year),
        italic=True,
        size=13,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
        cell=right,
    )
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)

    w.paragraph(
        texts("annual.title"),
        bold=True,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=18,
        after=0,
    )
    w.paragraph(
        texts("annual.subtitle", year=year),
        bold=True,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
    )
    w.paragraph("───────", size=9, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    as_of = local_date(min(figures.end, figures.as_of), tz)
    w.paragraph(
        texts(
            "annual.preamble",
            province=_mid(province_title, texts),
            issuer=issuer,
            year=year,
            start=local_date(figures.period.start),
            end=as_of,
        )
    )

    totals = figures.totals
    tips = next(i for i in figures.indicators if i.key == "tips_through_force")
    teams_item = next(i for i in figures.indicators if i.key == "teams_monthly_deed")
    w.heading(texts("annual.s1"))
    w.paragraph(
        texts(
            "annual.s1.overview",
            scope=_mid(province_title if figures.is_province else figures.scope_name, texts),
            teams=number(figures.teams, lang),
            tips=number(totals[EntryKind.TIP], lang),
            force=number(tips.done, lang),
            incidents=number(totals[EntryKind.INCIDENT], lang),
            deeds=number(totals[EntryKind.DEED], lang),
        )
    )
    w.heading(texts("annual.s1.1"))
    w.placeholder(texts("annual.s1.1.placeholder"))

    running = month_label(texts, figures.running_month) if figures.running_month else ""
    w.heading(texts("annual.s1.2"))
    w.table(
        [texts(f"annual.col.{k}") for k in ("no", "indicator", "target", "result", "verdict")],
        [
            _indicator_row(texts, i, item, running)
            for i, item in enumerate(figures.indicators, start=1)
        ],
        [1.0, 6.5, 2.5, 3.5, 2.5],
        centred=frozenset({0, 2, 3, 4}),
    )

    w.heading(texts("annual.s1.3"))
    for kind, key in (
        (EntryKind.TIP, "annual.tips"),
        (EntryKind.INCIDENT, "annual.incidents"),
    ):
        rows = [
            [str(i), category_label(texts, kind, category), number(count, lang)]
            for i, (category, count) in enumerate(figures.categories[kind], start=1)
        ]
        if not rows:
            # Nothing to break down: one sentence, not "tổng số 0, phân theo loại:".
            w.paragraph(texts(f"{key}_none"))
        else:
            w.paragraph(texts(f"{key}_by", count=number(totals[kind], lang)))
            w.table(
                [texts("annual.col.no"), texts("annual.col.category"), texts("annual.col.count")],
                rows,
                [1.0, 10.0, 5.0],
            )
    handled = figures.statuses.get(EntryStatus.HANDLED, 0)
    pending = sum(figures.statuses.values()) - handled
    if handled or pending:
        w.paragraph(
            texts("annual.handling", handled=number(handled, lang), pending=number(pending, lang))
        )
        _response(w, texts, figures)

    w.heading(texts("annual.s1.4"))
    if teams_item.total:
        w.paragraph(
            texts(
                "annual.deeds",
                count=number(totals[EntryKind.DEED], lang),
                regular=number(teams_item.done, lang),
                teams=number(teams_item.total, lang),
                months=figures.months,
            )
        )
        judged = texts("annual.months_judged", months=months_label(texts, figures.judged_months))
        if running:
            judged += " " + texts("annual.month_running", month=running[:1].upper() + running[1:])
        w.paragraph(judged)
    elif running and totals[EntryKind.DEED]:
        w.paragraph(
            texts("annual.deeds_running", count=number(totals[EntryKind.DEED], lang), month=running)
        )
    elif not totals[EntryKind.DEED]:
        w.paragraph(texts("annual.deeds_none"))
    deed_rows = [
        [str(i), category_label(texts, EntryKind.DEED, category), number(count, lang)]
        for i, (category, count) in enumerate(figures.categories[EntryKind.DEED], start=1)
    ]
    if deed_rows:
        w.table(
            [texts("annual.col.no"), texts("annual.col.deed_kind"), texts("annual.col.count")],
            deed_rows,
            [1.0, 10.0, 5.0],
        )

    w.heading(texts("annual.s1.5.province" if figures.is_province else "annual.s1.5"))
    place_rows = [
        [
            str(i),
            place.name or texts("report.no_village"),
            *(number(place.counts[kind], lang) for kind in KINDS),
        ]
        for i, place in enumerate(figures.places, start=1)
    ]
    if place_rows:
        w.table(
            [
                texts("annual.col.no"),
                texts("annual.col.commune" if figures.is_province else "annual.col.village"),
                texts("chart.tip"),
                texts("chart.incident"),
                texts("chart.deed"),
            ],
            place_rows,
            [1.0, 7.0, 2.7, 2.7, 2.7],
        )

    w.heading(texts("annual.s2"))
    w.heading(texts("annual.s2.1"))
    strengths = [i for i in figures.indicators if i.met]
    for item in strengths:
        w.paragraph(
            "- " + texts(f"annual.strength.{item.key}", share=percent(item.ratio or 0, lang))
        )
    w.placeholder(texts("annual.s2.placeholder"))
    w.heading(texts("annual.s2.2"))
    weaknesses = [i for i in figures.indicators if i.met is False]
    for item in weaknesses:
        w.paragraph(
            "- "
            + texts(
                f"annual.weakness.{item.key}",
                share=percent(item.ratio or 0, lang),
                target=percent(item.target, lang),
                missing=number(item.total - item.done, lang),
            )
        )
    if teams_item.met is False and figures.teams_missing and not figures.is_province:
        w.paragraph(texts("annual.teams_missing", names=", ".join(figures.teams_missing[:20])))
    w.placeholder(texts("annual.s2.placeholder"))

    w.heading(texts("annual.s3"))
    w.paragraph(texts("annual.s3.intro", year=year))
    w.paragraph(texts("annual.s3.teams"), bold=True, indent=True)
    # A team listed above as missing a month is never proposed for commendation.
    proposed = [t for t in report.teams if t.id not in figures.teams_missing_ids][:MAX_PROPOSED]
    if proposed:
        w.table(
            [texts(f"annual.col.{k}") for k in ("no", "team", "place", "achievement")],
            [
                [str(i), t.name, t.place, achievement_summary(texts, t, "team")]
                for i, t in enumerate(proposed, start=1)
            ],
            [1.0, 4.0, 3.5, 7.5],
        )
    else:
        w.placeholder(texts("annual.none_regular" if report.teams else "annual.none_yet"))
    w.paragraph(texts("annual.s3.people"), bold=True, indent=True)
    if report.people:
        w.table(
            [texts(f"annual.col.{k}") for k in ("no", "person", "unit", "achievement")],
            [
                [str(i), p.name, p.place, achievement_summary(texts, p, "person")]
                for i, p in enumerate(report.people, start=1)
            ],
            [1.0, 4.0, 3.5, 7.5],
        )
    else:
        w.placeholder(texts("annual.none_yet"))

    w.heading(texts("annual.s4", year=year + 1))
    for key in ("annual.s4.1", "annual.s4.2", "annual.s4.3", "annual.s4.4"):
        w.paragraph("- " + texts(key))
    w.paragraph(texts("annual.closing", year=year, issuer=issuer), after=12)

    foot = w.doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    _widths(foot, [8.0, 8.5])
    left, right = foot.rows[0].cells
    w.paragraph(
        texts("annual.recipients"),
        bold=True,
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=0,
        cell=left,
    )
    recipients_key = (
        "annual.recipients.province" if figures.is_province else "annual.recipients.commune"
    )
    recipients = texts(
        recipients_key,
        superior=superior,
        province=_mid(province_title, texts),
        commune=_mid(figures.scope_name, texts),
    )
    for line in recipients.split("\n"):
        w.paragraph(line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0, cell=left)
    w.paragraph(signer, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, cell=right)
    w.paragraph(
        texts("annual.sign_hint"),
        italic=True,
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
        cell=right,
    )
    for _ in range(4):
        w.paragraph(after=0, cell=right)
    w.paragraph(
        texts("annual.signer_name"),
        bold=True,
        size=13,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=0,
        cell=right,
    )
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)

    path.parent.mkdir(parents=True, exist_ok=True)
    w.doc.save(str(path))
    return path
