"""Digests for commune police chats: what came in, what is still open, which teams are quiet.

`build_digest` only builds messages; whoever triggers it (the JobQueue tick in
scheduler/digests.py today, the durable scheduler later) queues them under `digest_key`,
so a digest reaches a chat once however often it is triggered.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from bot.config import DigestSettings
from bot.delivery import split_text
from bot.domain import Channel, EntryKind, EntryStatus
from bot.fmt import local_date
from bot.messages import Attachment, Outbound
from bot.reports.chart import daily_buckets, render_chart
from bot.reports.figures import KINDS
from bot.reports.message import category_label
from bot.reports.periods import offset_minutes
from bot.reports.safe import printable
from bot.services.context import Env
from bot.services.weblinks import entry_url
from bot.texts import Texts
from storage.models import DigestItem

DigestKind = Literal["daily", "weekly"]
#: Telegram's limit for one message; parts are cut between entries.
TEXT_LIMIT = 4096
PREVIEW = 300
#: Days each digest covers, and days its chart shows.
WINDOW = {"daily": 1, "weekly": 7}
CHART_DAYS = {"daily": 7, "weekly": 30}
OPEN_LISTED = 30

Target = tuple[Channel, str]


def _open(items: list[DigestItem]) -> list[str]:
    """Return the codes of the tips and incidents still open among listed items, once each."""
    codes = [i.code for i in items if i.kind != EntryKind.DEED and i.status != EntryStatus.HANDLED]
    return list(dict.fromkeys(codes))


def digest_key(kind: DigestKind, commune_id: int, local_day: date) -> str:
    """Return the stable key a digest is queued under: one per kind, commune and day."""
    return f"digest:{kind}:{commune_id}:{local_day.isoformat()}"


class DigestBuilder:
    """Builds a commune's digest from the Store; never reads another commune's entries."""

    def __init__(self, env: Env, settings: DigestSettings, folder: Path) -> None:
        self.env = env
        self.settings = settings
        self.folder = folder

    async def build_digest(
        self,
        commune_id: int,
        kind: DigestKind,
        now: datetime,
        targets: list[Target] | None = None,
    ) -> list[Outbound]:
        """Return the digest's messages for the commune's police chats (or given chats)."""
        store = self.env.store
        if targets is None:
            targets = [(c.channel, c.chat_id) for c in await store.police_chats(commune_id)]
        if not targets:
            return []
        texts = Texts(self.env.default_language)
        tz = self.env.tz
        local_now = now.astimezone(tz)
        commune = await store.get_commune(commune_id)
        start = now - timedelta(days=WINDOW[kind])
        items = await store.new_entries(commune_id, start, now)
        overdue_before = now - timedelta(hours=self.settings.open_after_hours)
        overdue, overdue_total = await store.open_entries(commune_id, overdue_before, OPEN_LISTED)
        title = texts(
            f"digest.title.{kind}",
            commune=commune.name,
            day=local_date(local_now),
            start=local_date(start, tz),
        )
        if not items:
            # An empty period is one line; what is overdue still needs saying.
            text = texts(f"digest.empty.{kind}", title=title)
            if overdue_total:
                text += "\n\n" + self._overdue(texts, overdue, overdue_total, now)
            parts = split_text(printable(text), TEXT_LIMIT)
            return self._address(targets, parts, None, _open(overdue))
        month_start = datetime.combine(local_now.date().replace(day=1), time(), tzinfo=tz)
        activity = await store.team_activity(commune_id, month_start)
        paragraphs = [title, self._counts(texts, items)]
        reports = [i for i in items if i.kind != EntryKind.DEED]
        deeds = [i for i in items if i.kind == EntryKind.DEED]
        if reports:
            paragraphs.append(texts("digest.new"))
            paragraphs += [self._item(texts, item) for item in reports]
            if any(i.status in (EntryStatus.NEW, EntryStatus.FORWARDED) for i in reports):
                # Routine entries may reach police only here: say how to take one.
                paragraphs.append(texts("digest.take_hint"))
        if overdue_total:
            paragraphs.append(self._overdue(texts, overdue, overdue_total, now))
        if deeds:
            paragraphs.append(texts("digest.deeds"))
            paragraphs += [self._item(texts, item) for item in deeds]
        no_deed = [a.team.name for a in activity if a.deeds_since == 0]
        if no_deed:
            paragraphs.append(
                texts(
                    "digest.no_deed",
                    month=f"{local_now.month:02d}/{local_now.year}",
                    names=", ".join(no_deed),
                )
            )
        quiet_since = now - timedelta(days=self.settings.inactive_days)
        quiet = [
            a.team.name
            for a in activity
            if a.last_entry_at is None or a.last_entry_at < quiet_since
        ]
        if quiet:
            paragraphs.append(
                texts("digest.quiet", days=self.settings.inactive_days, names=", ".join(quiet))
            )
        chart = await self._chart(texts, commune_id, commune.name, kind, now)
        text = printable("\n\n".join(paragraphs))
        parts = split_text(text, TEXT_LIMIT)
        return self._address(targets, parts, chart, _open([*reports, *overdue]))

    def _address(
        self, targets: list[Target], parts: list[str], chart: Path | None, open_codes: list[str]
    ) -> list[Outbound]:
        out: list[Outbound] = []
        for channel, chat_id in targets:
            out += [
                Outbound(
                    channel=channel,
                    chat_id=chat_id,
                    text=part,
                    # Where there are no buttons, each open entry listed gets its number.
                    act_on=[code for code in open_codes if code in part],
                )
                for part in parts
            ]
            if chart is not None:
                out.append(
                    Outbound(
                        channel=channel,
                        chat_id=chat_id,
                        attachments=[
                            Attachment(kind="photo", path=str(chart), filename=chart.name)
                        ],
                    )
                )
        return out

    def _counts(self, texts: Texts, items: list[DigestItem]) -> str:
        """Return "3 tin báo · 1 vụ việc · 2 việc tốt", then counts by village."""
        by_kind = Counter(i.kind for i in items)
        line = " · ".join(
            texts(f"digest.count.{kind.value}", count=by_kind[kind]) for kind in KINDS
        )
        by_village = Counter(i.village_name or texts("report.no_village") for i in items)
        villages = " · ".join(f"{name} {count}" for name, count in by_village.most_common())
        return line + "\n" + texts("digest.by_village", villages=villages)

    def _item(self, texts: Texts, item: DigestItem) -> str:
        """Return one entry as its own paragraph (a digest is only ever split between them)."""
        tz = self.env.tz
        flags = ""
        if item.urgent:
            flags = "🚨 "
        elif item.injuries:
            flags = "🚑 "
        head = " · ".join(
            part
            for part in (
                item.code,
                flags + category_label(texts, item.kind, item.category),
                item.village_name,
                item.created_at.astimezone(tz).strftime("%d/%m %H:%M"),
                texts(f"status.{item.status.value}") if item.kind != EntryKind.DEED else "",
            )
            if part
        )
        body = item.description
        if len(body) > PREVIEW:
            body = body[:PREVIEW].rstrip() + "…"
        if item.kind == EntryKind.DEED and item.doers:
            body += "\n" + texts("digest.doers", doers=item.doers)
        link = entry_url(self.env.web_url, item.code) if item.kind != EntryKind.DEED else ""
        if link:
            body += "\n  " + texts("digest.web", url=link)
        return f"• {head}\n  {body}"

    def _overdue(self, texts: Texts, items: list[DigestItem], total: int, now: datetime) -> str:
        lines = [texts("digest.overdue", hours=self.settings.open_after_hours, count=total)]
        for item in items:
            hours = int((now - item.created_at).total_seconds() // 3600)
            lines.append(
                texts(
                    "digest.overdue_line",
                    code=item.code,
                    category=category_label(texts, item.kind, item.category),
                    age=texts("digest.age_days", days=hours // 24)
                    if hours >= 48
                    else texts("digest.age_hours", hours=hours),
                    status=texts(f"status.{item.status.value}"),
                )
            )
        if total > len(items):
            lines.append(texts("report.places_more", count=total - len(items)))
        return "\n".join(lines)

    async def _chart(
        self, texts: Texts, commune_id: int, name: str, kind: DigestKind, now: datetime
    ) -> Path:
        tz = self.env.tz
        last = now.astimezone(tz).date()
        first = last - timedelta(days=CHART_DAYS[kind] - 1)
        start = datetime.combine(first, time(), tzinfo=tz)
        counts = await self.env.store.daily_counts(
            [commune_id], start, now, offset_minutes(tz, now)
        )
        buckets = daily_buckets(counts, first, last)
        title = texts(f"digest.chart.{kind}", commune=name, days=CHART_DAYS[kind])
        path = self.folder / f"digest-{kind}-{commune_id}-{last.isoformat()}.png"
        return await asyncio.to_thread(render_chart, path, texts, title, buckets)
