"""Makes the files of queued reports in the background: workbook, chart, annual draft.

Jobs live in the database, so a restart picks up what was asked and not yet sent. The
CPU-bound drawing runs in a thread; pages of rows are fetched between, so memory stays
bounded however large the export.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.messages import Attachment, Outbound
from bot.parsing import fold
from bot.reports.annual import MAX_PROPOSED, AnnualReport, render_annual
from bot.reports.chart import buckets_for, render_chart
from bot.reports.figures import KINDS, Figures, FiguresService
from bot.reports.periods import offset_minutes, period_label
from bot.reports.service import period_from_json
from bot.reports.xlsx import ReportWorkbook
from bot.services.context import Env
from bot.texts import Texts
from storage.models import ReportJob

log = logging.getLogger(__name__)

PAGE = 5000
#: Largest file a bot may send on Telegram is 50 MB; keep a margin.
MAX_UPLOAD = 48 * 2**20
MAX_ATTEMPTS = 3
IDLE_WAIT = 60.0


@dataclass(frozen=True)
class Letterhead:
    """Who issues the annual report draft."""

    province: str
    superior: str = ""
    province_issuer: str = ""


def slug(text: str) -> str:
    """Return an ASCII file-name part: "Xã Hòa An" → "xa-hoa-an"."""
    return "-".join(fold(text, keep="").split()) or "baocao"


class ReportFiles:
    """Renders a report's files into a folder; usable without the worker (benchmarks)."""

    def __init__(self, env: Env, figures: FiguresService, folder: Path, letterhead: Letterhead):
        self.env = env
        self.figures = figures
        self.folder = folder
        self.letterhead = letterhead

    async def workbook(self, figures: Figures, texts: Texts, path: Path) -> Path:
        """Write the XLSX: summary, then every entry of each kind, page by page."""
        book = ReportWorkbook(path, texts, self.env.tz)
        try:
            await asyncio.to_thread(book.summary, figures)
            for kind in KINDS:
                await asyncio.to_thread(book.start, kind)
                after: tuple[datetime, int] | None = None
                while True:
                    rows = await self.env.store.export_entries(
                        figures.scope, kind, figures.start, figures.end, after=after, limit=PAGE
                    )
                    if not rows:
                        break
                    await asyncio.to_thread(book.add, rows)
                    after = (rows[-1].created_at, rows[-1].id)
                    if len(rows) < PAGE:
                        break
            return await asyncio.to_thread(book.save)
        except BaseException:
            # Stopped mid-export (the bot stopping, a full disk): close what is open now.
            book.discard()
            raise

    async def chart(self, figures: Figures, texts: Texts, path: Path) -> Path:
        """Draw the period's entries by day (short periods) or by month."""
        tz = self.env.tz
        counts = await self.env.store.daily_counts(
            [figures.scope.commune_id] if figures.scope.commune_id is not None else None,
            figures.start,
            figures.end,
            offset_minutes(tz, figures.start),
            province_id=figures.scope.province_id,
        )
        last = min(figures.period.end, figures.as_of.astimezone(tz).date())
        buckets = buckets_for(counts, figures.period.start, last)
        title = texts(
            "chart.title",
            scope=figures.scope_name,
            period=period_label(texts, figures.period),
        )
        return await asyncio.to_thread(render_chart, path, texts, title, buckets)

    async def annual(self, figures: Figures, texts: Texts, path: Path) -> Path:
        """Write the annual report draft (DOCX)."""
        store = self.env.store
        offset = offset_minutes(self.env.tz, figures.start)
        # More than are proposed: those that missed a month are left out of the proposal.
        teams = await store.team_achievements(
            figures.scope, figures.start, figures.end, offset, limit=3 * MAX_PROPOSED
        )
        people = await store.person_achievements(figures.scope, figures.start, figures.end)
        report = AnnualReport(
            figures=figures,
            teams=teams,
            people=people,
            province=self.letterhead.province,
            superior=self.letterhead.superior,
            province_issuer=self.letterhead.province_issuer,
        )
        return await asyncio.to_thread(render_annual, path, texts, self.env.tz, report)

    async def make(self, job: ReportJob) -> list[Outbound]:
        """Make every file a job asks for; return the messages that send them."""
        request = job.request
        texts = Texts(str(request.get("language", "vi")))
        period = period_from_json(request["period"])
        as_of = datetime.fromisoformat(request["as_of"])
        commune_id = request.get("commune_id")
        figures = await self.figures.compute(commune_id, period, as_of, trend=True)
        stem = f"{job.id}-{slug(figures.scope_name)}-{slug(period_label(texts, period))}"
        folder = self.folder
        label = period_label(texts, period)

        def send(attachment: Attachment) -> Outbound:
            return Outbound(channel=job.channel, chat_id=job.chat_id, attachments=[attachment])

        chart = await self.chart(figures, texts, folder / f"{stem}.png")
        book = await self.workbook(figures, texts, folder / f"{stem}.xlsx")
        size = book.stat().st_size
        out = [
            send(
                Attachment(
                    kind="photo",
                    path=str(chart),
                    filename=chart.name,
                    caption=texts("report.chart_caption", scope=figures.scope_name, period=label),
                )
            ),
            send(
                Attachment(
                    kind="document",
                    path=str(book),
                    filename=f"baocao-{slug(figures.scope_name)}-{slug(label)}.xlsx",
                    caption=texts("report.xlsx_caption", scope=figures.scope_name, period=label),
                )
            )
            if size <= MAX_UPLOAD
            # Telegram refuses bots' files over 50 MB: say so rather than fail silently.
            else Outbound(
                channel=job.channel,
                chat_id=job.chat_id,
                text=texts("report.xlsx_too_big", size=round(size / 2**20)),
            ),
        ]
        if request.get("annual"):
            draft = await self.annual(figures, texts, folder / f"{stem}.docx")
            out.append(
                send(
                    Attachment(
                        kind="document",
                        path=str(draft),
                        filename=f"du-thao-bao-cao-{slug(figures.scope_name)}-"
                        f"{period.start.year}.docx",
                        caption=texts("report.docx_caption", year=period.start.year),
                    )
                )
            )
        return out

    def clean(self, keep_days: int) -> int:
        """Delete report files older than `keep_days`; return how many went."""
        if not self.folder.exists():
            return 0
        cutoff = time.time() - keep_days * 86400
        removed = 0
        for path in self.folder.iterdir():
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
        return removed


class ReportWorker:
    """One loop that makes queued reports' files and queues them for delivery."""

    def __init__(
        self, env: Env, files: ReportFiles, keep_days: int, kick: Callable[[], None]
    ) -> None:
        self.env = env
        self.files = files
        self.keep_days = keep_days
        self.kick = kick
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.done = 0

    def wake(self) -> None:
        """Wake the loop: a job was queued."""
        self._wake.set()

    def start(self) -> None:
        """Start the loop as a background task."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="report-worker")

    async def stop(self) -> None:
        """Stop; an unfinished job is made again at the next start."""
        if self._task is None:
            return
        self._stopping = True
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        self._stopping = False

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.drain()
            except Exception as exc:
                # The loop must outlive any single failure; the job stays queued.
                # Type and frames only: an exception's message can quote data.
                frames = "".join(traceback.format_tb(exc.__traceback__))
                log.error("Report pass failed: %s\n%s", type(exc).__name__, frames)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_WAIT)

    async def drain(self) -> int:
        """Make every pending job; return how many were finished."""
        finished = 0
        await asyncio.to_thread(self.files.clean, self.keep_days)
        while jobs := await self.env.store.pending_report_jobs():
            for job in jobs:
                await self.run(job)
                finished += 1
        return finished

    async def run(self, job: ReportJob) -> None:
        """Make one job's files, or count a failure (and apologise after the last try)."""
        store = self.env.store
        try:
            messages = await self.files.make(job)
        except Exception as exc:
            # Type and frames only: messages of validation errors can quote data.
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("Report job %d failed: %s\n%s", job.id, type(exc).__name__, frames)
            if job.attempts + 1 >= MAX_ATTEMPTS:
                texts = Texts(str(job.request.get("language", "vi")))
                sorry = Outbound(
                    channel=job.channel, chat_id=job.chat_id, text=texts("report.failed")
                )
                await store.finish_report_job(
                    job.id, [sorry], self.env.clock.now(), error=type(exc).__name__
                )
                self.kick()
            else:
                await store.retry_report_job(job.id, type(exc).__name__)
            return
        await store.finish_report_job(job.id, messages, self.env.clock.now())
        self.done += 1
        self.kick()
