"""The composition root: builds the services and the Application, and runs them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_SUBMITTED, JobEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.clock import Clock, SystemClock
from bot.config import (
    TOKEN_ENV,
    ZALO_TOKEN_ENV,
    ConfigError,
    Settings,
    TelegramSettings,
    ZaloSettings,
)
from bot.delivery import Sender
from bot.domain import Channel
from bot.flows.calendar import CALENDAR_FLOWS
from bot.flows.direct_tip import DIRECT_TIP
from bot.flows.engine import FlowEngine, flows_by_name
from bot.flows.followup import FOLLOWUP
from bot.flows.gooddeed import GOOD_DEED
from bot.flows.incident import INCIDENT
from bot.flows.name import NAME
from bot.flows.news import NEWS
from bot.flows.report import REPORT
from bot.flows.tip import TIP
from bot.outbox import OutboxDispatcher
from bot.pacing import Pacing
from bot.redact import redact
from bot.reports.digest import DigestBuilder
from bot.reports.figures import FiguresService
from bot.reports.service import ReportService
from bot.reports.worker import Letterhead, ReportFiles, ReportWorker
from bot.services import Services
from bot.services.calendar import CalendarService
from bot.services.context import Env, language_of
from bot.services.conversations import ConversationService
from bot.services.digests import DigestService
from bot.services.entries import EntryService
from bot.services.escalation import EscalationService
from bot.services.joins import JoinService
from bot.services.linking import LinkService
from bot.services.media_links import MediaLinks
from bot.services.names import NameService
from bot.services.onboarding import OnboardingService
from bot.services.org import Limits, OrgService
from bot.services.police import PoliceService
from bot.services.police_chats import PoliceChatService
from bot.services.quick import QuickService
from bot.services.reach import ReachService
from bot.services.reminders import ReminderComposer
from bot.services.settings import SettingsService
from bot.services.web_auth import WebAuthService
from bot.services.workspace import WorkspaceService
from bot.services.workspace_org import OrgDesk
from bot.stores import store_for
from bot.texts import Texts
from bot.tg.commands import publish_menus
from bot.tg.context import BotApplication, BotContext
from bot.tg.intake import ALLOWED_UPDATES, TelegramIntake
from bot.tg.sender import TelegramSender, telegram_calls
from bot.tg.transport import AiohttpRequest
from bot.zalo.client import ZaloClient, ZaloNetworkError, ZaloUnauthorized
from bot.zalo.download import MediaFetcher, parse_networks
from bot.zalo.intake import ZaloIntake
from bot.zalo.sender import ZaloSender, zalo_calls
from handlers import (
    admin,
    calendar,
    flow,
    gooddeed,
    incident,
    link,
    mine,
    police,
    report,
    start,
    tip,
    web,
)
from handlers.admin import build_admin_handlers
from handlers.calendar import build_calendar_handlers
from handlers.errors import on_error
from handlers.flow import build_flow_handlers
from handlers.gooddeed import build_gooddeed_handlers
from handlers.incident import build_incident_handlers
from handlers.link import build_link_handlers
from handlers.membership import build_membership_handlers
from handlers.mine import build_mine_handlers
from handlers.police import build_police_handlers
from handlers.report import build_report_handlers
from handlers.routes import Route
from handlers.start import build_start_handlers
from handlers.tip import build_tip_handlers
from handlers.web import build_web_handlers
from handlers.zalo import ZaloRouter
from scheduler.digests import DigestSource
from scheduler.escalations import UntakenRoutine, UrgentEscalation
from scheduler.jobs import CalendarJobs
from scheduler.planner import Occurrence, Planner, Source
from scheduler.reminders import DeadlineSource, NudgeSource, PhaseSource, notify_skipped
from scheduler.retention import schedule_retention
from scheduler.source_views import SourceViewSource
from storage.base import Store
from storage.files import private_dir, restrict_umask, warn_if_open
from web.server import WebServer

log = logging.getLogger(__name__)

#: Every typed command and menu word, in the order Telegram's handlers try them: Zalo's
#: router reads the same table (a test checks every Telegram command is in it).
ROUTES: list[Route] = [
    *start.ROUTES,
    *admin.ROUTES,
    *link.ROUTES,
    *web.ROUTES,
    *calendar.ROUTES,
    *police.ROUTES,
    *report.ROUTES,
    *tip.ROUTES,
    *incident.ROUTES,
    *gooddeed.ROUTES,
    *mine.ROUTES,
    *flow.ROUTES,
]


def build_services(settings: Settings, store: Store, clock: Clock) -> Services:
    """Wire the services over a store."""
    admins = frozenset(
        [(Channel.TELEGRAM.value, str(a)) for a in settings.bot.admins]
        + [(Channel.ZALO.value, a) for a in settings.zalo.admins]
    )
    env = Env(
        store=store,
        clock=clock,
        tz=settings.bot.tz,
        admins=admins,
        default_language=settings.bot.default_language,
        web_url=settings.web.public_url if settings.web.enabled else "",
    )
    engine = FlowEngine(
        flows_by_name(
            [TIP, INCIDENT, GOOD_DEED, NEWS, FOLLOWUP, DIRECT_TIP, REPORT, NAME, *CALENDAR_FLOWS]
        )
    )
    entries = EntryService(env, engine)
    onboarding = OnboardingService(env)
    limits = Limits(
        ttl_days=settings.invites.ttl_days,
        max_uses=settings.invites.max_uses,
        privileged_max_uses=settings.invites.police_max_uses,
    )
    links = LinkService(env, onboarding)
    onboarding.links = links
    conversations = ConversationService(env, engine, entries)
    # Real names and invite approvals (issue 10 §3, issue 11 §11).
    names = NameService(env, engine, conversations)
    joins = JoinService(env, onboarding, names)
    onboarding.names = names
    onboarding.joins = joins
    # Police (issue 3): alerts on urgent entries, reports, digests.
    police = PoliceService(env, settings.police)
    entries.police = police
    figures = FiguresService(env, settings.targets, settings.bot.province)
    digest_builder = DigestBuilder(env, settings.digests, reports_folder(settings))
    digests = DigestService(env, digest_builder, settings.digests)
    # A member whose routine tip waits for the digest is told when that digest goes out.
    police.next_digest = digests.next_digest
    calendar_service = CalendarService(env, conversations, settings.calendar, settings.bot.province)
    org_desk = OrgDesk(env, onboarding, limits, settings.bot.province, joins)
    # The runtime sets the calendar's wake-up after this; read it when a change happens.
    org_desk.reschedule = lambda: calendar_service.reschedule()
    reports = ReportService(env, figures)
    reports.attach(conversations)
    web_auth = WebAuthService(
        env, settings.web, settings.telegram.token.get_secret_value(), onboarding
    )
    # Zalo fetches photos from our web server: only where it can reach it (a public address,
    # or the bundled fake API on this machine); otherwise alerts say where the photos are.
    reachable = settings.web.enabled and (
        bool(settings.web.public_url) or settings.zalo.on_this_machine
    )
    media_links = MediaLinks(
        lambda: web_auth.base_url if reachable else "",
        clock,
        settings.storage.media_dir,
        ttl=settings.zalo.media_link_seconds,
    )
    return Services(
        env=env,
        conversations=conversations,
        entries=entries,
        onboarding=onboarding,
        org=OrgService(env, onboarding, limits, settings.bot.province, joins),
        links=links,
        calendar=calendar_service,
        reminders=ReminderComposer(env),
        settings=SettingsService(env, names),
        reach=ReachService(env),
        police=police,
        police_chats=PoliceChatService(env),
        reports=reports,
        digests=digests,
        web_auth=web_auth,
        workspace=WorkspaceService(env, police, figures, settings.bot.province),
        org_desk=org_desk,
        names=names,
        joins=joins,
        quick=QuickService(env, police),
        media_links=media_links,
    )


def reports_folder(settings: Settings) -> Path:
    """Return where generated report files and charts are written."""
    return settings.storage.media_dir / "reports"


def build_planner(settings: Settings, services: Services) -> Planner:
    """Return the planner with every source of scheduled sends (digests plug in here)."""
    env, calendar = services.env, settings.calendar
    composer = services.reminders
    sources: list[Source] = [
        DeadlineSource(env.store, composer, calendar, env.tz),
        PhaseSource(env.store, composer, calendar, env.tz, settings.bot.default_language),
        NudgeSource(env.store, composer, calendar, env.tz),
        DigestSource(services.digests, services.digests.builder),
        # Nothing waits unseen (issue 10 §4): untaken alerts escalate, routine ones are listed.
        UrgentEscalation(EscalationService(services.police)),
        UntakenRoutine(EscalationService(services.police)),
        # The admins' daily list of confidential sources viewed (issue 11 §11).
        SourceViewSource(
            env.store, settings.digests.admin_sources_at, env.tz, env.default_language
        ),
    ]
    planner = Planner(env.store, sources, grace=timedelta(hours=calendar.grace_hours))

    async def tell_admins(skipped: Sequence[Occurrence], now: datetime) -> None:
        await notify_skipped(composer, planner.sources, skipped, now)

    planner.on_skipped = tell_admins
    return planner


def telegram_request(timeout: float, *, pool_size: int = 256) -> AiohttpRequest:
    """The Bot API transport: aiohttp under PTB (see bot/tg/transport.py for why)."""
    return AiohttpRequest(
        connection_pool_size=pool_size,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
    )


def build_application(
    settings: Settings,
    services: Services,
    requests: tuple[AiohttpRequest, AiohttpRequest] | None = None,
) -> BotApplication:
    """Build the Application with every handler, in the order they are tried.

    `requests` (for sending, for getUpdates) are the transports to use; the Runtime passes
    its own so it can close them even if Telegram never answered.
    """
    token = settings.telegram.token.get_secret_value()
    timeout = settings.telegram.request_timeout
    send, poll = requests or (telegram_request(timeout), telegram_request(timeout, pool_size=1))
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .base_file_url(settings.telegram.base_file_url)
        .updater(None)
        .request(send)
        .get_updates_request(poll)
        .context_types(ContextTypes(context=BotContext))
    )
    if settings.telegram.rate_limit:
        # Overall and group limits; retries are the outbox's job (it waits retry_after).
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))
    app: BotApplication = builder.build()
    if app.job_queue is not None:
        # The JobQueue's scheduler wakes the calendar (issue 4): local time zone.
        queue = app.job_queue
        queue.scheduler.configure(**{**queue.scheduler_configuration, "timezone": settings.bot.tz})
    app.bot_data["services"] = services
    # Order matters: the bot's own membership and group upgrades (service updates) first,
    # then commands, then conversation entry points, then the catch-alls.
    app.add_handlers(build_membership_handlers())
    app.add_handlers(build_start_handlers())
    app.add_handlers(build_admin_handlers())
    app.add_handlers(build_link_handlers())
    app.add_handlers(build_web_handlers())
    app.add_handlers(build_calendar_handlers())
    app.add_handlers(build_police_handlers())
    app.add_handlers(build_report_handlers())
    app.add_handlers(build_tip_handlers())
    app.add_handlers(build_incident_handlers())
    app.add_handlers(build_gooddeed_handlers())
    app.add_handlers(build_mine_handlers())
    app.add_handlers(build_flow_handlers())
    app.add_error_handler(on_error)
    return app


async def register_commands(app: Application, default_language: str) -> None:  # type: ignore[type-arg]
    """Publish the command menu in the default language (see bot/tg/commands.py for why)."""
    await publish_menus(app.bot, default_language)


NO_CHANNEL = (
    "no messenger to run on: set telegram.token (or {telegram_env}) for Telegram, "
    "zalo.token (or {zalo_env}) for Zalo, or both"
)
TELEGRAM_REFUSED = "telegram.token: Telegram refused the bot token (check it with @BotFather)"
#: Longest wait between two tries to reach a Bot API that does not answer at start-up.
CONNECT_BACKOFF = 60.0


#: How long a stop waits for the scheduler's running jobs (a purge, a digest) to finish.
JOBS_GRACE = 10.0


class RunningJobs:
    """The scheduler's jobs in progress, so that a stop lets them finish first.

    APScheduler's asyncio executor cancels a running job when its scheduler shuts down:
    the job's transaction is thrown away and the cancellation logged as an ERROR with a
    traceback. A stop soon after a start (a refused token while the start-up purge runs,
    SIGTERM during the daily digest) would do that: so new jobs are held and the running
    ones waited for, a few seconds at most.
    """

    def __init__(self, scheduler: AsyncIOScheduler) -> None:
        self._scheduler = scheduler
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()
        scheduler.add_listener(
            self._changed, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
        )

    def _changed(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            self._running += 1
            self._idle.clear()
            return
        self._running = max(self._running - 1, 0)
        if self._running == 0:
            self._idle.set()

    async def finish(self, grace: float) -> None:
        """Start no more jobs; wait up to `grace` seconds for those running."""
        if self._scheduler.running:
            self._scheduler.pause()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(grace):
                await self._idle.wait()
        self._scheduler.remove_listener(self._changed)


#: A stop step slower than this is said in the log, with what it waits for.
SLOW_STOP = 15.0


@contextlib.contextmanager
def _slow_step(what: str) -> Iterator[None]:
    """Warn if a step of the stop takes longer than SLOW_STOP seconds.

    An operator whose SIGTERM seems to do nothing (and a test that waits for the exit)
    then reads what the process is still waiting for, while it waits.
    """
    late = asyncio.get_running_loop().call_later(
        SLOW_STOP, log.warning, "Still stopping after %.0f s: waiting for %s", SLOW_STOP, what
    )
    try:
        yield
    finally:
        late.cancel()


def _webhooks_only(settings: Settings) -> bool:
    """Return whether every messenger comes by webhook: then several processes may serve
    one database (PostgreSQL), behind one URL. A poller serves alone."""
    modes = [channel.mode for channel in (settings.telegram, settings.zalo) if channel.enabled]
    return bool(modes) and all(mode == "webhook" for mode in modes)


@dataclass
class Runtime:
    """A running bot: storage, services, each configured messenger's intake, the outbox."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    store: Store | None = None

    def __post_init__(self) -> None:
        self._stopped = asyncio.Event()
        self.app: BotApplication | None = None
        self.intake: TelegramIntake | None = None
        self.zalo: ZaloClient | None = None
        self.zalo_intake: ZaloIntake | None = None
        self._own_scheduler: AsyncIOScheduler | None = None
        self._jobs: RunningJobs | None = None
        self._requests: tuple[AiohttpRequest, AiohttpRequest] | None = None
        #: What `run` returns: 0 when asked to stop, 1 when the bot could not go on.
        self.exit_code = 0
        self.failure: str | None = None
        self._umask: int | None = None
        self.web: WebServer | None = None
        #: Zalo chat ids known to be groups (Zalo's ids don't tell): paced as groups.
        self.zalo_groups: set[str] = set()

    async def start(self) -> None:
        """Open storage, connect to each messenger, recover pending work and start serving.

        On any failure everything opened so far is closed again before the error is raised
        (ConfigError for the configuration, AlreadyRunning, a StorageError).
        """
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        settings = self.settings
        if not settings.telegram.enabled and not settings.zalo.enabled:
            raise ConfigError(NO_CHANNEL.format(telegram_env=TOKEN_ENV, zalo_env=ZALO_TOKEN_ENV))
        # Everything the bot writes names informants: files 0600, folders 0700, whatever
        # umask the service was started with (libraries' files included).
        self._umask = restrict_umask()
        media_dir = settings.storage.media_dir
        if media_dir.exists():
            warn_if_open(media_dir)
        private_dir(media_dir)
        if self.store is None:
            self.store = store_for(settings.storage)
        # A poller serves its database alone (a second would send everything twice);
        # webhook processes on PostgreSQL share it (storage/postgres/store.py).
        await self.store.claim(shared=_webhooks_only(settings))
        await self.store.open()
        self.services = build_services(settings, self.store, self.clock)
        senders: dict[Channel, Sender] = {}
        if settings.zalo.enabled:
            senders[Channel.ZALO] = await self._connect_zalo(settings.zalo)
        if settings.telegram.enabled:
            timeout = settings.telegram.request_timeout
            self._requests = (telegram_request(timeout), telegram_request(timeout, pool_size=1))
            self.app = build_application(settings, self.services, self._requests)
        delivery = settings.delivery
        telegram_pacing = Pacing(
            per_second=delivery.per_second,
            chat_per_second=delivery.chat_per_second,
            chat_burst=delivery.chat_burst,
            group_per_minute=delivery.group_per_minute,
            cost=telegram_calls,
        )
        zalo = settings.zalo
        zalo_pacing = Pacing(
            per_second=zalo.per_second,
            chat_per_second=zalo.chat_per_second,
            chat_burst=zalo.chat_burst,
            group_per_minute=zalo.group_per_minute,
            is_group=self.zalo_groups.__contains__,
            cost=zalo_calls,
        )
        self.dispatcher = OutboxDispatcher(
            self.store,
            self.clock,
            senders,
            pacing={Channel.TELEGRAM: telegram_pacing, Channel.ZALO: zalo_pacing},
            concurrency=delivery.concurrency,
            on_lost=self.services.police_chats.lost,
            on_gave_up=self.services.police_chats.gave_up,
            on_refused=self._token_refused,
            # Telegram's messages wait, untouched, until it is connected.
            waiting=[Channel.TELEGRAM] if self.app is not None else [],
            shared=settings.storage.backend == "postgresql" and _webhooks_only(settings),
        )
        self.services.kick = self.dispatcher.kick
        await self.dispatcher.listen()
        self.dispatcher.start()
        self.scheduler = await self._scheduler()
        self._jobs = RunningJobs(self.scheduler)
        schedule_retention(
            self.scheduler,
            self.store,
            self.clock,
            settings.retention.months,
            settings.bot.tz,
            settings.storage.media_dir,
            settings.retention.outbox_hours,
            web_idle=timedelta(minutes=settings.web.session_idle_minutes),
        )
        # After the outbox runs: the catch-up tick may queue what fell due while we were down.
        self.planner = build_planner(settings, self.services)
        self.calendar = CalendarJobs(
            self.scheduler,
            self.planner,
            self.clock,
            settings.bot.tz,
            on_queued=self.dispatcher.kick,
        )
        self.services.calendar.reschedule = self.calendar.poke
        self.services.police.wake_by = self.calendar.wake_by
        await self.calendar.start()
        self._start_reports()
        await self._start_web()
        if self.zalo is not None:
            await self._serve_zalo(self.zalo, settings.zalo)
        if self.app is not None:
            # Last: Zalo already serves while an unreachable Telegram is waited for.
            await self._start_telegram(self.app, settings.telegram)

    def _token_refused(self, channel: Channel) -> None:
        """A messenger refused the token mid-run: stop, so a supervisor restarts us."""
        key = "telegram.token" if channel == Channel.TELEGRAM else "zalo.token"
        self.fail(
            f"{channel.value.capitalize()} refused the bot token (revoked or replaced?): "
            f"stopped sending and receiving; put the new token in {key} and start again"
        )

    def fail(self, reason: str) -> None:
        """Stop the bot for a reason an operator must see: one log line, exit code 1."""
        if self.failure is None:
            self.failure = reason
            self.exit_code = 1
            log.error("%s", reason)
        self.request_stop()

    def _start_reports(self) -> None:
        """Start the worker that makes report files in the background (issue 3)."""
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

    async def _start_web(self) -> None:
        """Serve the police and admin workspace (issue 12) before any /web can ask for it."""
        settings = self.settings
        if not settings.web.enabled:
            return
        fetch = TelegramSender(self.app.bot).download if self.app is not None else None
        web = WebServer(
            settings.web,
            self.services,
            settings.storage.media_dir,
            report_files=self.report_worker.files,
            fetch_photo=fetch,
        )
        try:
            await web.start()
        except OSError as exc:
            # The chat must work without its web pages: say so, give no links to nowhere.
            log.error(
                "Web workspace not started (%s:%d): %s",
                settings.web.listen,
                settings.web.port,
                exc.strerror,
            )
            self.services.web_auth.base_url = ""
            return
        self.web = web

    async def _scheduler(self) -> AsyncIOScheduler:
        """Return the one APScheduler of the process: PTB's JobQueue when Telegram runs."""
        if self.app is not None and self.app.job_queue is not None:
            # Started now, not when Telegram answers: Zalo's reminders must not wait for it.
            await self.app.job_queue.start()
            scheduler: AsyncIOScheduler = self.app.job_queue.scheduler
            return scheduler
        # A Zalo-only deployment has no JobQueue: start our own, on this event loop.
        own = AsyncIOScheduler(timezone=self.settings.bot.tz)
        own.start()
        self._own_scheduler = own
        return own

    async def _until_answered(self, what: str, call: Callable[[], Awaitable[object]]) -> bool:
        """Call the Bot API until it answers, waiting longer each time and saying so;
        False if asked to stop meanwhile."""
        delay = 1.0
        while not self._stopped.is_set():
            try:
                await call()
                return True
            except InvalidToken:
                raise ConfigError(TELEGRAM_REFUSED) from None
            except BadRequest as exc:
                raise ConfigError(f"telegram: Telegram refused {what} ({exc.message})") from None
            except NetworkError as exc:
                log.warning(
                    "Telegram Bot API unreachable (%s: %s); trying %s again in %.0f s",
                    type(exc).__name__,
                    redact(str(exc)),
                    what,
                    delay,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), timeout=delay)
            delay = min(CONNECT_BACKOFF, delay * 2)
        return False

    async def _start_telegram(self, app: BotApplication, telegram: TelegramSettings) -> None:
        """Connect (getMe, retried while Telegram is unreachable), then serve and send."""
        if not await self._until_answered("getMe", app.initialize):
            return
        self.services.onboarding.bot_username = app.bot.username
        try:
            await register_commands(app, self.settings.bot.default_language)
        except TelegramError as exc:
            # The command menu is a convenience: the bot works without it.
            log.warning("Could not publish the command menu (%s)", type(exc).__name__)
        await app.start()
        if not await self._serve_telegram(app, telegram):
            return
        self.dispatcher.add_sender(
            Channel.TELEGRAM, TelegramSender(app.bot, self.settings.storage.media_dir)
        )

    async def _serve_telegram(self, app: BotApplication, telegram: TelegramSettings) -> bool:
        assert self.store is not None
        self.intake = TelegramIntake(
            app,
            self.store,
            self.clock,
            poll_timeout=telegram.poll_timeout,
            request_timeout=telegram.request_timeout,
            on_handled=self.dispatcher.kick,
            on_refused=lambda: self._token_refused(Channel.TELEGRAM),
            busy_text=Texts(self.settings.bot.language)("system.busy"),
        )
        if telegram.mode == "webhook":
            hook = telegram.webhook
            secret = hook.secret_token.get_secret_value()
            port = await self.intake.start_webhook(hook.listen, hook.port, hook.path, secret)
            webhook_secret = self.intake.webhook_secret
            registered = await self._until_answered(
                "setWebhook",
                lambda: app.bot.set_webhook(
                    hook.url, secret_token=webhook_secret, allowed_updates=ALLOWED_UPDATES
                ),
            )
            if not registered:
                return False
            log.info("Telegram webhook listening on %s:%d%s", hook.listen, port, hook.path)
        else:
            dropped = await self._until_answered(
                "deleteWebhook", lambda: app.bot.delete_webhook(drop_pending_updates=False)
            )
            if not dropped:
                return False
            self.intake.start_polling()
            log.info("Polling Telegram as @%s", app.bot.username)
        return True

    async def _connect_zalo(self, zalo: ZaloSettings) -> ZaloSender:
        assert self.store is not None
        self.zalo = ZaloClient(zalo.token.get_secret_value(), base_url=zalo.base_url)
        try:
            info = await self.zalo.get_me()
            name = info.account_name or ""
            if info.can_join_groups is False:
                # Groups are a beta on Zalo: where this bot can't join, linking one is
                # refused with the reason, and officers keep alerts in their own chats.
                self.services.org.no_groups.add(Channel.ZALO)
                log.info("Zalo says this bot cannot join groups: no Zalo police groups")
        except ZaloUnauthorized:
            raise ConfigError("zalo.token: Zalo refused the bot token") from None
        except ZaloNetworkError as exc:
            # Telegram may be fine meanwhile: start, and let intake and outbox retry.
            log.warning("Zalo getMe failed (%s); starting anyway", exc.error_code)
            name = ""
        env = self.services.env
        self.services.onboarding.zalo_name = name or env.texts()("channel.zalo")
        web = self.settings.web
        if not (web.enabled and web.public_url) and not zalo.on_this_machine:
            # Zalo fetches alert photos from our web server: without an address it can
            # reach, alerts say the photos are on the server instead.
            log.warning("Zalo alerts go without their photos: set web.public_url (HTTPS)")
        self.zalo_groups.update(
            c.chat_id
            for c in await self.store.all_police_chats()
            if c.channel == Channel.ZALO and c.person_id is None
        )

        async def texts_for(chat_id: str) -> Texts:
            # A Zalo private chat's id is its person's account id (a group's: the default).
            return Texts(await language_of(env, Channel.ZALO, chat_id), Channel.ZALO.value)

        return ZaloSender(
            self.zalo,
            texts_for,
            link=self.services.media_links.url,
            numbers=self.services.quick.numbers_for(Channel.ZALO),
            groups=self.zalo_groups,
        )

    async def _serve_zalo(self, client: ZaloClient, zalo: ZaloSettings) -> None:
        assert self.store is not None
        router = ZaloRouter(self.services, ROUTES, zalo.max_media_mb, groups=self.zalo_groups)
        self.zalo_intake = ZaloIntake(
            client,
            self.store,
            self.clock,
            router,
            self.settings.storage.media_dir,
            max_media_bytes=zalo.max_media_mb * 1_000_000,
            poll_timeout=zalo.poll_timeout,
            on_handled=self.dispatcher.kick,
            on_refused=lambda: self._token_refused(Channel.ZALO),
            fetcher=MediaFetcher(
                allow=parse_networks(zalo.media_allow_networks), deadline=zalo.media_timeout
            ),
        )
        if zalo.mode == "webhook":
            hook = zalo.webhook
            secret = hook.secret_token.get_secret_value()
            port = await self.zalo_intake.start_webhook(hook.listen, hook.port, hook.path, secret)
            if hook.url:
                await client.set_webhook(hook.url, self.zalo_intake.webhook_secret)
            log.info("Zalo webhook listening on %s:%d%s", hook.listen, port, hook.path)
        else:
            self.zalo_intake.start_polling()
            log.info("Polling Zalo as %s", self.services.onboarding.zalo_name)

    async def stop(self) -> None:
        """Stop serving and close everything; queued work survives for the next start.

        Safe after a start that failed half-way: whatever was opened is closed.
        """
        if self.web is not None:
            with _slow_step("the web workspace"):
                await self.web.stop()
            self.web = None
        for intake in (self.intake, self.zalo_intake):
            if intake is not None:
                with _slow_step("taking in updates"):
                    await intake.stop()
        self.intake = self.zalo_intake = None
        if hasattr(self, "report_worker"):
            with _slow_step("the report files being made"):
                await self.report_worker.stop()
        if hasattr(self, "dispatcher"):
            with _slow_step("the outbox (a message being sent)"):
                await self.dispatcher.stop()
        if self._jobs is not None:
            # Before the scheduler stops: it would cancel a job half-way (see RunningJobs).
            await self._jobs.finish(JOBS_GRACE)
            self._jobs = None
        if self._own_scheduler is not None:
            self._own_scheduler.shutdown(wait=False)
            self._own_scheduler = None
        if self.app is not None:
            with _slow_step("the Telegram application"):
                if self.app.running:
                    await self.app.stop()
                elif self.app.job_queue is not None and self.app.job_queue.scheduler.running:
                    await self.app.job_queue.stop(wait=False)
                await self.app.shutdown()
            self.app = None
        if self._requests is not None:
            # Closed here too: an Application that never reached Telegram is not
            # initialized, and its shutdown leaves the transports open.
            for request in self._requests:
                await request.shutdown()
            self._requests = None
        if self.zalo is not None:
            await self.zalo.aclose()
            self.zalo = None
        if self.store is not None:
            with _slow_step("the database"):
                await self.store.close()
        if self._umask is not None:
            os.umask(self._umask)
            self._umask = None

    def request_stop(self) -> None:
        """Ask `run` to return (signal handlers call this)."""
        self._stopped.set()

    async def run(self) -> int:
        """Start, serve until asked to stop (or until the bot cannot go on), then stop;
        return the exit code."""
        await self.start()
        try:
            await self._stopped.wait()
        finally:
            await self.stop()
        return self.exit_code
