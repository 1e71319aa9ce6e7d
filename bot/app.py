"""The composition root: builds the services and the Application, and runs them."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeDefault
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain import Channel
from bot.flows.direct_tip import DIRECT_TIP
from bot.flows.engine import FlowEngine, flows_by_name
from bot.flows.followup import FOLLOWUP
from bot.flows.gooddeed import GOOD_DEED
from bot.flows.incident import INCIDENT
from bot.flows.tip import TIP
from bot.outbox import OutboxDispatcher
from bot.reports.digest import DigestBuilder
from bot.reports.figures import FiguresService
from bot.reports.service import ReportService
from bot.reports.worker import Letterhead, ReportFiles, ReportWorker
from bot.services import Services
from bot.services.context import Env
from bot.services.conversations import ConversationService
from bot.services.digests import DigestService
from bot.services.entries import EntryService
from bot.services.onboarding import OnboardingService
from bot.services.org import Limits, OrgService
from bot.services.police import PoliceService
from bot.texts import CATALOGUES
from bot.tg.context import BotApplication, BotContext
from bot.tg.intake import TelegramIntake
from bot.tg.sender import TelegramSender
from handlers.admin import build_admin_handlers
from handlers.errors import on_error
from handlers.flow import build_flow_handlers
from handlers.gooddeed import build_gooddeed_handlers
from handlers.incident import build_incident_handlers
from handlers.mine import build_mine_handlers
from handlers.police import build_police_handlers
from handlers.report import build_report_handlers
from handlers.start import build_start_handlers
from handlers.tip import build_tip_handlers
from scheduler.digests import DigestScheduler
from storage.base import Store
from storage.sqlite import SqliteStore

log = logging.getLogger(__name__)

#: The command menu, by catalogue: (command, description key). Vietnamese is the default.
MENU_COMMANDS = {
    "vi": ["tinbao", "vuviec", "viectot", "cuatoi", "bosung", "huy", "trogiup"],
    "en": ["tip", "incident", "gooddeed", "my", "followup", "cancel", "help"],
}
COMMAND_KEYS = ["tip", "incident", "deed", "my", "followup", "cancel", "help"]
#: The command menu in group chats (commune police groups), by catalogue (issue 3).
GROUP_COMMANDS = {
    "vi": ["baocao", "bantin", "tiepnhan", "daxuly", "chuyen", "nguontin", "lichsu"],
    "en": ["report", "digest", "take", "handled", "forward", "source", "history"],
}
GROUP_COMMAND_KEYS = ["report", "digest", "take", "handled", "forward", "source", "history"]


def build_services(settings: Settings, store: Store, clock: Clock) -> Services:
    """Wire the services over a store."""
    admins = frozenset((Channel.TELEGRAM.value, str(a)) for a in settings.bot.admins)
    env = Env(
        store=store,
        clock=clock,
        tz=settings.bot.tz,
        admins=admins,
        default_language=settings.bot.language,
    )
    engine = FlowEngine(flows_by_name([TIP, INCIDENT, GOOD_DEED, FOLLOWUP, DIRECT_TIP]))
    entries = EntryService(env, engine)
    onboarding = OnboardingService(env)
    limits = Limits(ttl_days=settings.invites.ttl_days, max_uses=settings.invites.max_uses)
    # Police (issue 3): alerts on urgent entries, reports, digests.
    police = PoliceService(env)
    entries.police = police
    figures = FiguresService(env, settings.targets, settings.bot.province)
    digest_builder = DigestBuilder(env, settings.digests, reports_folder(settings))
    return Services(
        env=env,
        conversations=ConversationService(env, engine, entries),
        entries=entries,
        onboarding=onboarding,
        org=OrgService(env, onboarding, limits, settings.bot.province),
        police=police,
        reports=ReportService(env, figures),
        digests=DigestService(env, digest_builder, settings.digests),
    )


def reports_folder(settings: Settings) -> Path:
    """Return where generated report files and charts are written."""
    return settings.storage.media_dir / "reports"


def build_application(settings: Settings, services: Services) -> BotApplication:
    """Build the Application with every handler, in the order they are tried."""
    token = settings.telegram.token.get_secret_value()
    app: BotApplication = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .base_file_url(settings.telegram.base_file_url)
        .updater(None)
        .context_types(ContextTypes(context=BotContext))
        # Overall and group limits; retries are the outbox's job (it waits retry_after).
        .rate_limiter(AIORateLimiter(max_retries=0))
        .build()
    )
    app.bot_data["services"] = services
    # Order matters: commands first, then conversation entry points, then the catch-alls.
    app.add_handlers(build_start_handlers())
    app.add_handlers(build_admin_handlers())
    app.add_handlers(build_police_handlers())
    app.add_handlers(build_report_handlers())
    app.add_handlers(build_tip_handlers())
    app.add_handlers(build_incident_handlers())
    app.add_handlers(build_gooddeed_handlers())
    app.add_handlers(build_mine_handlers())
    app.add_handlers(build_flow_handlers())
    app.add_error_handler(on_error)
    return app


async def register_commands(app: Application) -> None:  # type: ignore[type-arg]
    """Publish the command menu: Vietnamese by default, English for English phones."""
    for language, commands in MENU_COMMANDS.items():
        texts = CATALOGUES[language]
        menu = [
            BotCommand(command, texts[f"command.{key}"])
            for command, key in zip(commands, COMMAND_KEYS, strict=True)
        ]
        await app.bot.set_my_commands(
            menu,
            scope=BotCommandScopeDefault(),
            language_code=None if language == "vi" else language,
        )
        group_menu = [
            BotCommand(command, texts[f"command.{key}"])
            for command, key in zip(GROUP_COMMANDS[language], GROUP_COMMAND_KEYS, strict=True)
        ]
        await app.bot.set_my_commands(
            group_menu,
            scope=BotCommandScopeAllGroupChats(),
            language_code=None if language == "vi" else language,
        )


@dataclass
class Runtime:
    """A running bot: storage, services, the Application, intake and the outbox loop."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None

    def __post_init__(self) -> None:
        self._stopped = asyncio.Event()

    async def start(self) -> None:
        """Open storage, connect to Telegram, recover pending work and start serving."""
        settings = self.settings
        if self.store is None:
            self.store = SqliteStore(
                settings.storage.path, synchronous=settings.storage.synchronous
            )
        await self.store.open()
        self.services = build_services(settings, self.store, self.clock)
        self.app = build_application(settings, self.services)
        await self.app.initialize()
        self.services.onboarding.bot_username = self.app.bot.username
        await register_commands(self.app)
        await self.app.start()
        self.dispatcher = OutboxDispatcher(
            self.store, self.clock, {Channel.TELEGRAM: TelegramSender(self.app.bot)}
        )
        self.services.kick = self.dispatcher.kick
        self.dispatcher.start()
        self._start_police()
        self.intake = TelegramIntake(
            self.app,
            self.store,
            self.clock,
            poll_timeout=settings.telegram.poll_timeout,
            on_handled=self.dispatcher.kick,
        )
        telegram = settings.telegram
        if telegram.mode == "webhook":
            hook = telegram.webhook
            secret = hook.secret_token.get_secret_value()
            port = await self.intake.start_webhook(hook.listen, hook.port, hook.path, secret)
            if hook.url:
                await self.app.bot.set_webhook(
                    hook.url,
                    secret_token=self.intake.webhook_secret,
                    allowed_updates=["message", "edited_message", "callback_query"],
                )
            log.info("Webhook listening on %s:%d%s", hook.listen, port, hook.path)
        else:
            await self.app.bot.delete_webhook(drop_pending_updates=False)
            self.intake.start_polling()
            log.info("Polling Telegram as @%s", self.app.bot.username)

    def _start_police(self) -> None:
        """Start the report worker and the digest tick (issue 3)."""
        settings, services = self.settings, self.services
        files = ReportFiles(
            services.env,
            services.reports.figures,
            reports_folder(settings),
            Letterhead(
                province=settings.bot.province,
                superior=settings.reports.superior,
                province_issuer=settings.reports.province_issuer,
            ),
        )
        self.report_worker = ReportWorker(
            services.env, files, settings.reports.keep_days, self.dispatcher.kick
        )
        services.reports.wake = self.report_worker.wake
        self.report_worker.start()
        self.digest_scheduler = DigestScheduler(
            services.digests, services.digests.builder, self.clock, self.dispatcher.kick
        )
        if self.app.job_queue is not None:
            self.digest_scheduler.attach(self.app.job_queue)

    async def stop(self) -> None:
        """Stop serving and close everything; queued work survives for the next start."""
        await self.intake.stop()
        await self.report_worker.stop()
        await self.dispatcher.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        if self.store is not None:
            await self.store.close()

    def request_stop(self) -> None:
        """Ask `run` to return (signal handlers call this)."""
        self._stopped.set()

    async def run(self) -> None:
        """Start, serve until asked to stop, then stop."""
        await self.start()
        try:
            await self._stopped.wait()
        finally:
            await self.stop()
