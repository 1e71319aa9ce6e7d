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
from typing import Any, cast

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from PIL import Image

from bot.domain import EntryKind
from bot.reports.safe import one_line
from bot.texts import Texts
from storage.models import DayCount

KINDS: tuple[EntryKind, ...] = (EntryKind.TIP, EntryKind.INCIDENT, EntryKind.DEED)
COLOURS = {EntryKind.TIP: "#1f5fa8", EntryKind.INCIDENT: "#d0452b", EntryKind.DEED: "#2e8b3d"}
#: DejaVu Sans ships with matplotlib and has every Vietnamese letter.
FONT = "DejaVu Sans"
#: Longer periods are drawn by month rather than by day.
DAILY_LIMIT = 62
MAX_LABELS = 16
#: Half a bar's width, in bar positions.
HALF = 0.4


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
    """A chart of one shape (language, x labels) drawn over a background rendered once.

    The background holds what every chart of that shape shares — axes, x labels, legend,
    and (one copy per height) the y axis; each chart only draws its bars and its title over
    a copy of it ("blitting"),
    which is most of the cost saved when a hundred communes' digests are drawn at once.
    """

    def __init__(self, texts: Texts, labels: Sequence[str]) -> None:
        size = len(labels)
        self.size = size
        self.figure = Figure(figsize=(8, 4), dpi=100)
        # The Agg canvas's blitting methods are untyped upstream.
        self.canvas: Any = cast(Any, FigureCanvasAgg(self.figure))
        # Fixed margins: an automatic layout engine would draw the figure twice.
        self.axes: Axes = self.figure.add_axes((0.07, 0.17, 0.9, 0.68))
        positions = list(range(size))
        # One polygon collection per kind, not one patch per bar: a tenth of the drawing.
        self.bars: list[PolyCollection] = [
            PolyCollection([], facecolors=COLOURS[kind], linewidths=0) for kind in KINDS
        ]
        for collection in self.bars:
            self.axes.add_collection(collection)
        handles = [Patch(color=COLOURS[kind], label=texts(f"chart.{kind.value}")) for kind in KINDS]
        self.axes.set_xlim(-0.6, size - 0.4)
        self.axes.set_ylabel(texts("chart.count"), fontfamily=FONT)
        self.axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        self.axes.spines[["top", "right"]].set_visible(False)
        step = max(1, -(-size // MAX_LABELS))
        self.axes.set_xticks(positions[::step], list(labels)[::step], fontfamily=FONT)
        self.axes.tick_params(
            axis="x", labelrotation=45 if size > 8 else 0, labelsize=8 if size > 8 else 9
        )
        self.axes.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=3,
            fontsize=9,
            frameon=False,
            prop={"family": FONT},
        )
        # A name is text, not mathtext: "$" in a commune's name must not break the chart.
        self.title: Text = self.figure.text(
            0.07, 0.945, "", fontsize=12, fontfamily=FONT, parse_math=False
        )
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
        self.moving: list[Artist] = [*self.bars, self.title, self.empty]
        for artist in [*self.moving, self.axes.yaxis]:
            artist.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)
        for artist in [*self.moving, self.axes.yaxis]:
            artist.set_visible(True)
        #: The background with the y axis drawn, by the axis's top: a province's communes
        #: share a few, and the axis's labels were half of each chart's drawing.
        self.with_axis: dict[float, Any] = {}

    def draw(self, path: Path, title: str, buckets: Sequence[Bucket]) -> None:
        """Draw the bars, the y axis and the title over the background; save the PNG."""
        bottom = [0] * self.size
        for kind, collection in zip(KINDS, self.bars, strict=True):
            heights = [b.counts.get(kind, 0) for b in buckets]
            collection.set_verts(
                [
                    [(x - HALF, y), (x - HALF, y + h), (x + HALF, y + h), (x + HALF, y)]
                    for x, (y, h) in enumerate(zip(bottom, heights, strict=True))
                    if h
                ]
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        top = max(bottom)
        self.empty.set_visible(top == 0)
        limit = max(1, top) * 1.08
        self.axes.set_ylim(0, limit)
        self.title.set_text(one_line(title))
        renderer = self.canvas.get_renderer()
        background = self.with_axis.get(limit)
        if background is None:
            # The y axis is drawn beside the bars, never over them: it can go first.
            self.canvas.restore_region(self.background)
            self.axes.yaxis.draw(renderer)
            background = self.canvas.copy_from_bbox(self.figure.bbox)
            if len(self.with_axis) > 64:
                self.with_axis.clear()
            self.with_axis[limit] = background
        self.canvas.restore_region(background)
        for artist in self.moving:
            if artist.get_visible():
                artist.draw(renderer)
        path.parent.mkdir(parents=True, exist_ok=True)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        # Fast PNG compression: charts are small and drawn often (every digest).
        image.convert("RGB").save(path, format="PNG", compress_level=1)


_local = threading.local()


def render_chart(path: Path, texts: Texts, title: str, buckets: Sequence[Bucket]) -> Path:
    """Draw stacked bars (tips, incidents, good deeds) per bucket and save them as PNG."""
    cache: dict[tuple[str, tuple[str, ...]], _Template] = _local.__dict__.setdefault(
        "templates", {}
    )
    labels = tuple(b.label for b in buckets)
    key = (texts.language, labels)
    template = cache.get(key)
    if template is None:
        if len(cache) > 32:
            # Shapes change every day (the dates); old ones are never drawn again.
            cache.clear()
        template = cache[key] = _Template(texts, labels)
    template.draw(path, title, buckets)
    return path
