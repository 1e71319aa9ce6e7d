"""The report as a chat message: targets met or not, counts, trend, categories, places."""

from __future__ import annotations

from datetime import tzinfo

from bot.domain import EntryKind, EntryStatus
from bot.fmt import local_datetime, number, percent
from bot.reports.figures import KINDS, Figures, Indicator
from bot.reports.periods import duration, month_label, months_label, period_label
from bot.reports.safe import printable
from bot.texts import Texts

#: Places listed in the message; the workbook has them all.
MAX_PLACES = 15
CATEGORY_PREFIX = {
    EntryKind.TIP: "tip.cat.",
    EntryKind.INCIDENT: "incident.type.",
    EntryKind.DEED: "deed.kind.",
}


def indicator_line(texts: Texts, item: Indicator, running: str = "") -> str:
    """Return one target as a line: ✅/❌/➖/⏳, the share, the counts, the target."""
    lang = texts.language
    target = percent(item.target, lang)
    name = texts(f"report.ind.{item.key}")
    if item.ratio is None and item.in_progress:
        return texts("report.ind.in_progress", name=name, month=running, target=target)
    if item.ratio is None:
        return texts("report.ind.none", name=name, target=target)
    mark = "✅" if item.met else "❌"
    return texts(
        "report.ind.line",
        mark=mark,
        name=name,
        share=percent(item.ratio, lang),
        done=number(item.done, lang),
        total=number(item.total, lang),
        target=target,
        verdict=texts("report.met" if item.met else "report.not_met"),
    )


def judged_lines(texts: Texts, figures: Figures, running: str) -> list[str]:
    """Say which months the good-deed target judged, who missed one, and the month under way."""
    lines = []
    if figures.judged_months:
        lines.append(
            texts("report.months_judged", months=months_label(texts, figures.judged_months))
        )
    elif figures.teams:
        lines.append(texts("report.months_none"))
    if figures.teams_missing:
        shown = figures.teams_missing[:10]
        more = len(figures.teams_missing) - len(shown)
        names = ", ".join(shown) + (texts("report.and_more", count=more) if more else "")
        lines.append(texts("report.teams_missing", names=names, months=figures.months))
    if running and figures.teams:
        lines.append(
            texts(
                "report.month_running",
                month=running[:1].upper() + running[1:],
                started=figures.teams_started,
                teams=figures.teams,
            )
        )
    return lines


def response_lines(texts: Texts, figures: Figures) -> list[str]:
    """Say how fast police took and handled the period's tips and incidents."""
    reported = figures.totals[EntryKind.TIP] + figures.totals[EntryKind.INCIDENT]
    times = figures.response
    if not reported:
        return []
    if times is None or not times.taken:
        return ["", texts("report.response.none")]
    lines = ["", texts("report.response.title")]
    lang = texts.language
    for step, count in (("take", times.taken), ("handle", times.handled)):
        median = getattr(times, f"{step}_median")
        p90 = getattr(times, f"{step}_p90")
        if count and median is not None and p90 is not None:
            lines.append(
                texts(
                    f"report.response.{step}",
                    median=duration(texts, median),
                    p90=duration(texts, p90),
                    count=number(count, lang),
                )
            )
    if figures.is_province and figures.response_by_commune:
        lines.append(texts("report.response.by_commune"))
    return lines


def trend(texts: Texts, now: int, before: int) -> str:
    """Return the change against the previous period: "↑ 12% (kỳ trước: 25)"."""
    lang = texts.language
    if before == 0:
        return texts("report.trend.new", before=number(before, lang)) if now else ""
    change = (now - before) / before
    arrow = "↑" if change > 0 else "↓" if change < 0 else "="
    return texts(
        "report.trend.change",
        arrow=arrow,
        change=percent(abs(change), lang),
        before=number(before, lang),
    )


def category_label(texts: Texts, kind: EntryKind, category: str) -> str:
    """Return the words for a category of a kind."""
    key = CATEGORY_PREFIX[kind] + category
    return texts(key) if texts.has(key) else category


def render_message(texts: Texts, figures: Figures, tz: tzinfo, *, files_note: str = "") -> str:
    """Return the report message."""
    lang = texts.language
    label = period_label(texts, figures.period)
    lines = [
        texts("report.title"),
        texts(
            "report.scope",
            scope=texts("report.country") if figures.is_country else figures.scope_name,
            period=label,
        ),
        texts("report.as_of", when=local_datetime(figures.as_of, tz)),
        "",
        texts("report.targets"),
    ]
    running = month_label(texts, figures.running_month) if figures.running_month else ""
    for item in figures.indicators:
        lines.append(indicator_line(texts, item, running))
        if item.key == "teams_monthly_deed":
            lines += judged_lines(texts, figures, running)
    lines += ["", texts("report.counts")]
    previous = figures.previous
    for kind in KINDS:
        count = figures.totals[kind]
        line = texts(f"report.count.{kind.value}", count=number(count, lang))
        if previous is not None:
            change = trend(texts, count, previous.totals[kind])
            if change:
                line += " " + change
        if kind == EntryKind.TIP and figures.direct_tips:
            line += texts("report.direct", count=number(figures.direct_tips, lang))
        lines.append(line)
    if previous is not None:
        lines.append(texts("report.previous", period=period_label(texts, previous.period)))
    open_items = sum(
        figures.statuses.get(s, 0)
        for s in (EntryStatus.NEW, EntryStatus.TAKEN, EntryStatus.FORWARDED)
    )
    handled = figures.statuses.get(EntryStatus.HANDLED, 0)
    if open_items or handled:
        lines.append(
            texts(
                "report.handling",
                handled=number(handled, lang),
                open=number(open_items, lang),
                new=number(figures.statuses.get(EntryStatus.NEW, 0), lang),
            )
        )
    lines += response_lines(texts, figures)
    if figures.empty:
        lines += ["", texts("report.empty")]
    else:
        lines += ["", texts("report.categories")]
        for kind in KINDS:
            parts = [
                f"{category_label(texts, kind, category)} {number(count, lang)}"
                for category, count in figures.categories[kind]
            ]
            if parts:
                lines.append(texts(f"report.cat.{kind.value}", items=" · ".join(parts)))
        heading = (
            "report.places.country"
            if figures.is_country
            else "report.places.province"
            if figures.is_province
            else "report.places"
        )
        lines += ["", texts(heading)]
        for place in figures.places[:MAX_PLACES]:
            lines.append(
                texts(
                    "report.place",
                    name=place.name or texts("report.no_village"),
                    tips=number(place.counts[EntryKind.TIP], lang),
                    incidents=number(place.counts[EntryKind.INCIDENT], lang),
                    deeds=number(place.counts[EntryKind.DEED], lang),
                )
            )
        if len(figures.places) > MAX_PLACES:
            lines.append(texts("report.places_more", count=len(figures.places) - MAX_PLACES))
    if files_note:
        lines += ["", files_note]
    # Names come from the database: whatever an older version stored, the message is clean.
    return printable("\n".join(lines))
