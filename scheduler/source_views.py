"""The admins' daily list of confidential sources sent to officers (/nguontin and its button).

Every view is audited as it happens; once a day the admins are told who saw which
source in the last 24 hours, so a curious officer is noticed without anyone reading the
audit log. Keyed `sources:<local day>`: decided once by the planner, sent once across
restarts, and skipped (nothing sent) on a day nobody viewed a source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.calendar.dates import local_day, moment
from bot.domain import Role
from bot.fmt import local_date, local_datetime
from bot.messages import Outbound
from bot.texts import Texts
from scheduler.planner import Occurrence
from storage.base import Store
from storage.models import ScheduledSend, SourceView

#: Lines listed before "… and N more" (the audit log has them all).
MAX_LINES = 40


def source_list(texts: Texts, views: Sequence[SourceView], until: datetime, tz: dt.tzinfo) -> str:
    """Return the message listing the views of the 24 hours up to `until`."""
    lines = [texts("sources.header", at=local_datetime(until, tz), count=len(views))]
    for view in views[:MAX_LINES]:
        lines.append(
            texts(
                "sources.line",
                at=local_datetime(view.at, tz),
                name=view.person_name or "?",
                commune=view.commune_name,
                code=view.code,
            )
        )
    if len(views) > MAX_LINES:
        lines.append(texts("sources.more", count=len(views) - MAX_LINES))
    return "\n".join(lines)


class SourceViewSource:
    """Once a day at [digests] admin_sources: the admins hear who saw confidential sources."""

    name = "sources"
    #: A day's list is worth sending late (it is an audit), within half a day.
    grace = timedelta(hours=12)
    report_skips = False

    def __init__(
        self, store: Store, at: dt.time | None, tz: dt.tzinfo, default_language: str = "vi"
    ) -> None:
        self.store = store
        self.default_language = default_language
        self.at = at
        self.tz = tz

    async def prepare(self, now: datetime) -> None:
        """Nothing to prepare."""

    async def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Return one occurrence per local day whose time falls in (start, end]."""
        if self.at is None:
            return []
        found = []
        day = local_day(start, self.tz)
        while day <= local_day(end, self.tz):
            due_at = moment(day, self.at, self.tz)
            if start < due_at <= end:
                found.append(
                    Occurrence(
                        key=f"{self.name}:{day.isoformat()}", due_at=due_at, source=self.name
                    )
                )
            day += timedelta(days=1)
        return found

    async def build(self, occurrence: Occurrence, now: datetime) -> list[ScheduledSend]:
        """Return the list for every admin, or nothing when no source was viewed."""
        until = occurrence.due_at
        views = await self.store.source_views(until - timedelta(days=1), until)
        if not views:
            return []
        sends = []
        for admin in await self.store.recipients([Role.ADMIN]):
            texts = Texts(admin.language or self.default_language, admin.channel.value)
            message = Outbound(
                channel=admin.channel,
                chat_id=admin.chat_id,
                text=source_list(texts, views, until, self.tz),
            )
            sends.append(ScheduledSend(key=occurrence.key, message=message))
        return sends

    async def describe(self, occurrence: Occurrence, texts: Texts) -> str:
        """Name the list of one day."""
        return texts("sources.describe", date=local_date(occurrence.due_at, self.tz))
