"""Application services: the business rules handlers call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.services.calendar import CalendarService
from bot.services.context import Env
from bot.services.conversations import ConversationService
from bot.services.entries import EntryService
from bot.services.linking import LinkService
from bot.services.onboarding import OnboardingService
from bot.services.org import OrgService
from bot.services.reach import ReachService
from bot.services.reminders import ReminderComposer
from bot.services.settings import SettingsService


@dataclass
class Services:
    """Everything a handler may call, built once by the composition root."""

    env: Env
    conversations: ConversationService
    entries: EntryService
    onboarding: OnboardingService
    org: OrgService
    links: LinkService
    # --- calendar and reminders (issue 4) ---
    calendar: CalendarService
    reminders: ReminderComposer
    settings: SettingsService
    reach: ReachService
    #: Wakes the outbox dispatcher after a handler queued replies.
    kick: Callable[[], None] = field(default=lambda: None)


__all__ = ["Env", "Services"]
