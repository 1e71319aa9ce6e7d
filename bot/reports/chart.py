"""Bar charts of entries over time, as PNG files (matplotlib, Agg, Vietnamese-capable font).

No pyplot: a Figure with its own Agg canvas holds no global state. Building a figure costs
more than drawing it, and a morning's digests draw a hundred charts of the same shape, so
each thread keeps one figure per shape and only changes the bars, labels and title.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from bot.domain import EntryKind
from bot.texts import Texts
from storage.models import DayCount

KINDS: tuple[EntryKind, ...] = (EntryKind.TIP, EntryKind.INCIDENT, EntryKind.DEED)
COLOURS = {EntryKind.TIP: "#1f5fa8", EntryKind.INCIDENT: "#d0452b", EntryKind.DEED: "#2e8b3d"}
#: DejaVu Sans ships with matplotlib and has every Vietnamese letter.
FONT = "DejaVu Sans"
#: Longer periods are drawn by month rather than by day.
DAILY_LIMIT = 62
MAX_LABELS = 16


@dataclass(frozen=True)
class Bucket:
    """One bar: its label and its counts by kind."""

    label: str
    counts: dict[EntryKind, int]


def daily_buckets(counts: Sequence[DayCount], first: date, last: date) -> list[Bucket]:
    """Return one bucket per day from `first` to `last`, days without entries included."""
    by_day: dict[date, dict[EntryKind, int]] = {}
    for item in counts:
        by_day.setdefault(item.day, {})[item.kind] = item.count
    buckets = []
    day = first
    while day <= last:
        buckets.append(Bucket(day.strftime("%d/%m"), by_day.get(day, {})))
        day += timedelta(days=1)
    return buckets


def monthly_buckets(counts: Sequence[DayCount], first: date, last: date) -> list[Bucket]:
    """Return one bucket per month from `first` to `last`."""
    by_month: dict[tuple[int, int], dict[EntryKind, int]] = {}
    for item in counts:
        bucket = by_month.setdefault((item.day.year, item.day.month), {})
        bucket[item.kind] = bucket.get(item.kind, 0) + item.count
    buckets = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        buckets.append(Bucket(f"{month:02d}/{year}", by_month.get((year, month), {})))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return buckets


def buckets_for(counts: Sequence[DayCount], first: date, last: date) -> list[Bucket]:
    """Return daily buckets for short periods, monthly ones for long periods."""
    if (last - first).days < DAILY_LIMIT:
        return daily_buckets(counts, first, last)
    return monthly_buckets(counts, first, last)


class _Template:
    """A figure with a given number of bars, redrawn with new data each time."""

    def __init__(self, texts: Texts, size: int) -> None:
        self.size = size
        self.figure = Figure(figsize=(8, 4), dpi=100)
        FigureCanvasAgg(self.figure)
        # Fixed margins: an automatic layout engine would draw the figure twice.
        self.axes: Axes = self.figure.add_axes((0.07, 0.17, 0.9, 0.68))
        positions = list(range(size))
        self.bars: list[BarContainer] = [
            self.axes.bar(
                positions,
                [0] * size,
                color=COLOURS[kind],
                label=texts(f"chart.{kind.value}"),
                width=0.8,
            )
            for kind in KINDS
        ]
        self.axes.set_ylabel(texts("chart.count"), fontfamily=FONT)
        self.axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        self.axes.spines[["top", "right"]].set_visible(False)
        self.axes.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=3,
            fontsize=9,
            frameon=False,
            prop={"family": FONT},
        )
        self.title: Text = self.figure.text(0.07, 0.945, "", fontsize=12, fontfamily=FONT)
        self.empty: Text = self.axes.text(
            0.5,
            0.5,
            texts("chart.empty"),
            transform=self.axes.transAxes,
            ha="center",
            va="center",
            fontfamily=FONT,
            color="#777777",
        )

    def draw(self, path: Path, title: str, buckets: Sequence[Bucket]) -> None:
        """Set the bars, labels and title, and save the PNG."""
        bottom = [0] * self.size
        for kind, container in zip(KINDS, self.bars, strict=True):
            heights = [b.counts.get(kind, 0) for b in buckets]
            for rect, height, base in zip(container.patches, heights, bottom, strict=True):
                rect.set_y(base)
                rect.set_height(height)
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        top = max(bottom)
        self.empty.set_visible(top == 0)
        self.axes.set_ylim(0, max(1, top) * 1.08)
        step = max(1, -(-self.size // MAX_LABELS))
        positions = list(range(self.size))[::step]
        self.axes.set_xticks(positions, [b.label for b in buckets][::step], fontfamily=FONT)
        self.axes.tick_params(
            axis="x", labelrotation=45 if self.size > 8 else 0, labelsize=8 if self.size > 8 else 9
        )
        self.title.set_text(title)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Fast PNG compression: charts are small and drawn often (every digest).
        self.figure.savefig(path, format="png", pil_kwargs={"compress_level": 1})


_local = threading.local()


def render_chart(path: Path, texts: Texts, title: str, buckets: Sequence[Bucket]) -> Path:
    """Draw stacked bars (tips, incidents, good deeds) per bucket and save them as PNG."""
    cache: dict[tuple[str, int], _Template] = _local.__dict__.setdefault("templates", {})
    key = (texts.language, len(buckets))
    template = cache.get(key)
    if template is None:
        template = cache[key] = _Template(texts, len(buckets))
    template.draw(path, title, buckets)
    return path
