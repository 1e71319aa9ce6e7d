"""Application services: the business rules handlers call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from bot.reports.service import ReportService
    from bot.services.digests import DigestService
    from bot.services.joins import JoinService
    from bot.services.media_links import MediaLinks
    from bot.services.names import NameService
    from bot.services.police import PoliceService
    from bot.services.police_chats import PoliceChatService
    from bot.services.quick import QuickService
    from bot.services.web_auth import WebAuthService
    from bot.services.workspace import WorkspaceService
    from bot.services.workspace_org import OrgDesk


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
    # --- police, reports, digests (issue 3) ---
    police: PoliceService
    #: Police groups the bot was removed from or that changed id (issue 11).
    police_chats: PoliceChatService
    reports: ReportService
    digests: DigestService
    # --- the web workspace (issue 12) ---
    web_auth: WebAuthService
    workspace: WorkspaceService
    org_desk: OrgDesk
    # --- real names, invite approvals (issue 10 §3, issue 11 §11) ---
    names: NameService
    joins: JoinService
    # --- Zalo first (issue 13) ---
    #: Short answers to alerts («nhận 12») and the numbers they use.
    quick: QuickService
    #: Signed short-lived addresses of kept photos and voice notes (Zalo fetches them).
    media_links: MediaLinks
    #: Wakes the outbox dispatcher after a handler queued replies.
    kick: Callable[[], None] = field(default=lambda: None)


__all__ = ["Env", "Services"]
