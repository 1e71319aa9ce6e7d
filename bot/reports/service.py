"""/baocao (/report): who may see which report, for which period; the message now, files next.

The figures are counted at once (SQL aggregates: fast even for a province) and answered
in the same transaction that queues a report job; the files — workbook, chart, annual
draft — are made by the report worker, so a long export never holds up the bot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bot.domain import Role
from bot.fmt import local_date
from bot.messages import Button, Inbound, Outbound
from bot.parsing import ParseError, Period, fold, match_choice, parse_period
from bot.parsing.refs import parse_ref
from bot.reports.figures import FiguresService
from bot.reports.message import render_message
from bot.services.context import Env, Speaker
from bot.services.conversations import ConversationService, FlowHooks
from bot.services.scope import Target, refusal_chat, reply_chat, to
from storage.errors import NotFound
from storage.models import Draft

PREFIX = "r"
#: Period buttons: callback id → what /baocao understands when typed.
QUICK_PERIODS: dict[str, str] = {
    "week": "tuần này",
    "month": "tháng này",
    "ytd": "từ đầu năm",
    "year": "năm nay",
    "last_year": "năm trước",
}
PROVINCE_WORDS = frozenset({"tinh", "toan tinh", "province", "p"})
PHASE_WORDS = ("dot", "phase")


class ReportRefusal(Exception):
    """A report that cannot be made as asked; the message says why."""


def period_to_json(period: Period) -> dict[str, str]:
    """Store a period in a report job."""
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "key": period.key}


def period_from_json(data: dict[str, str]) -> Period:
    """Read a period back from a report job."""
    return Period(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), data["key"])


class ReportService:
    """Answers /baocao and queues the report's files."""

    def __init__(self, env: Env, figures: FiguresService) -> None:
        self.env = env
        self.figures = figures
        #: Wakes the report worker once a job is queued (set by the runtime).
        self.wake: Callable[[], None] = lambda: None
        #: Asks the period as a conversation question in private chats, so typed words
        #: ("tháng này", "2") answer it (set by the composition root).
        self.conversations: ConversationService | None = None

    def attach(self, conversations: ConversationService) -> None:
        """Ask periods through the conversation engine and finish its "report" flow here."""
        self.conversations = conversations
        conversations.register("report", FlowHooks(submit=self.submit_period))

    async def submit_period(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: list[Outbound],
    ) -> None:
        """Make the report for the period answered in the "report" flow; close its draft."""
        person = speaker.person
        assert person is not None
        scope = str(data.get("scope") or "p")
        word = "tinh" if scope == "p" else f"X{scope}"
        try:
            commune_id = await self._scope(inbound, speaker, word)
        except ReportRefusal as refusal:
            where = refusal_chat(inbound)
            await self._say(inbound, str(refusal), where, close=person.id, lead=lead)
            return
        where = await reply_chat(self.env, inbound, commune_id)
        period = data.get("period")
        text = QUICK_PERIODS[period] if period in QUICK_PERIODS else str(data.get("period_text"))
        await self._answer(inbound, speaker, commune_id, text, where, close=person.id, lead=lead)

    async def request(self, inbound: Inbound, speaker: Speaker) -> None:
        """Answer /baocao [X3 | tỉnh] [period]: the report, or the period buttons."""
        args = list(inbound.args)
        scope_word: str | None = None
        if args and (parse_ref(args[0], "X") is not None and args[0][:1] in "Xx"):
            scope_word = args.pop(0)
        elif len(args) >= 2 and fold(" ".join(args[:2])) == "toan tinh":
            scope_word = "tinh"
            args = args[2:]
        elif args and fold(args[0]) in PROVINCE_WORDS:
            scope_word = args.pop(0)
        try:
            commune_id = await self._scope(inbound, speaker, scope_word)
        except ReportRefusal as refusal:
            await self._say(inbound, str(refusal), refusal_chat(inbound))
            return
        # A group sees only its own commune's report; anything else goes to the asker.
        where = await reply_chat(self.env, inbound, commune_id)
        text = " ".join(args).strip()
        if not text:
            await self._ask_period(inbound, speaker, commune_id, where)
            return
        await self._answer(inbound, speaker, commune_id, text, where)

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle a period button (r:<scope>:<period>); forged data changes nothing."""
        texts = speaker.texts
        parts = (inbound.callback or "").split(":")
        if len(parts) != 3 or parts[0] != PREFIX or parts[2] not in QUICK_PERIODS:
            return texts("flow.button_unknown")
        scope = parts[1]
        if scope == "p":
            word = "tinh"
        elif scope.startswith("c") and scope[1:].isdigit():
            word = f"X{scope[1:]}"
        else:
            return texts("flow.button_unknown")
        try:
            commune_id = await self._scope(inbound, speaker, word)
        except ReportRefusal as refusal:
            return str(refusal)
        where = await reply_chat(self.env, inbound, commune_id)
        await self._answer(inbound, speaker, commune_id, QUICK_PERIODS[parts[2]], where)
        return None

    async def _scope(self, inbound: Inbound, speaker: Speaker, word: str | None) -> int | None:
        """Return the commune a report covers (None: the province), or refuse."""
        texts = speaker.texts
        person = speaker.person
        role = speaker.role
        if person is None or role not in (Role.POLICE, Role.ADMIN):
            raise ReportRefusal(texts("report.only_police"))
        wants_province = word is not None and fold(word) in PROVINCE_WORDS
        commune_id = parse_ref(word, "X") if word and not wants_province else None
        if commune_id is not None:
            try:
                await self.env.store.get_commune(commune_id)
            except NotFound:
                raise ReportRefusal(texts("admin.unknown_commune", ref=word)) from None
        if role == Role.POLICE:
            if wants_province or (commune_id is not None and commune_id != person.commune_id):
                raise ReportRefusal(texts("report.not_yours"))
            return person.commune_id
        if wants_province:
            return None
        if commune_id is not None:
            return commune_id
        # An admin asking inside a commune's police chat means that commune.
        chat = await self.env.store.police_chat(inbound.channel, inbound.chat_id)
        return chat.commune_id if chat is not None else None

    async def _ask_period(
        self, inbound: Inbound, speaker: Speaker, commune_id: int | None, where: Target
    ) -> None:
        texts = speaker.texts
        _, name = await self.figures.scope(commune_id)
        if self.conversations is not None and not inbound.chat_is_group:
            data: dict[str, object] = {
                "scope": "p" if commune_id is None else str(commune_id),
                "scope_name": name,
            }
            if await self.conversations.start(inbound, speaker, "report", data, quietly=True):
                return
        # In a group (no conversations there), or with a form open: buttons that work
        # without a draft, each with its typed command.
        scope = "p" if commune_id is None else f"c{commune_id}"
        typed_scope = texts("typed.province") if commune_id is None else f"X{commune_id}"
        choices = [
            Button(
                label=texts(f"report.quick.{key}"),
                data=f"{PREFIX}:{scope}:{key}",
                # In the reader's words, which /baocao understands in either language.
                typed=texts("typed.report", scope=typed_scope, period=texts(f"typed.{key}")),
            )
            for key in QUICK_PERIODS
        ]
        message = to(where, texts("report.ask_period.command", scope=name)).model_copy(
            update={"choices": choices, "columns": 2, "numbered": False}
        )
        await self.env.store.send([message], self.env.clock.now(), inbox_key=inbound.key)

    async def _answer(
        self,
        inbound: Inbound,
        speaker: Speaker,
        commune_id: int | None,
        text: str,
        where: Target,
        *,
        close: int | None = None,
        lead: Sequence[Outbound] = (),
    ) -> None:
        texts = speaker.texts
        now = self.env.clock.now()
        today = now.astimezone(self.env.tz).date()
        period: Period | ParseError
        if fold(text).startswith(PHASE_WORDS):
            found = await self._phase(
                inbound, text, commune_id, speaker, where, close=close, lead=lead
            )
            if found is None:
                return
            period = found
        else:
            period = parse_period(text, today)
        if isinstance(period, ParseError):
            detail = texts(f"err.{period.key}", detail=period.detail)
            refusal = detail + "\n" + texts("report.period_examples")
            await self._say(inbound, refusal, where, close=close, lead=lead)
            return
        annual = period.key.startswith("year:")
        figures = await self.figures.compute(commune_id, period, now)
        note = texts("report.files_annual" if annual else "report.files")
        message = to(where, render_message(texts, figures, self.env.tz, files_note=note))
        person = speaker.person
        await self.env.store.queue_report_job(
            person_id=person.id if person else None,
            channel=where[0],
            chat_id=where[1],
            request={
                "commune_id": commune_id,
                "period": period_to_json(period),
                "as_of": now.isoformat(),
                "language": texts.language,
                "annual": annual,
            },
            outbox=[*lead, message],
            inbox_key=inbound.key,
            now=now,
            close_draft=close,
        )
        self.wake()

    async def _phase(
        self,
        inbound: Inbound,
        text: str,
        commune_id: int | None,
        speaker: Speaker,
        where: Target,
        *,
        close: int | None = None,
        lead: Sequence[Outbound] = (),
    ) -> Period | None:
        """Return the period of the phase (đợt) named in `text`, or say which exist.

        "đợt D2" names a phase by the id /lich shows; "đợt 1" or "đợt hè" by its name. A
        commune's report may use its own phases and the province's.
        """
        texts = speaker.texts
        phases = [
            p
            for p in await self.env.store.list_phases()
            if p.commune_id is None or commune_id is None or p.commune_id == commune_id
        ]
        words = fold(text).split(maxsplit=1)
        wanted = words[1] if len(words) > 1 else ""
        ref = parse_ref(wanted, "D") if wanted.upper().startswith("D") else None
        chosen = next((p for p in phases if p.id == ref), None)
        if chosen is None and wanted:
            options = [(str(p.id), p.name) for p in phases]
            match = match_choice(wanted, options) if options else None
            # A bare number is a name ("đợt 1" → "Đợt 1"), not the first phase in the list.
            if match is not None and match.id is not None and not wanted.isdigit():
                chosen = next(p for p in phases if str(p.id) == match.id)
            elif wanted.isdigit():
                named = [p for p in phases if fold(p.name).split()[-1:] == [wanted]]
                chosen = named[0] if len(named) == 1 else None
        if chosen is None:
            listing = "\n".join(
                texts(
                    "report.phase_line",
                    ref=f"D{p.id}",
                    name=p.name,
                    start=local_date(p.start),
                    end=local_date(p.end),
                )
                for p in phases
            )
            key = "report.phase_pick" if phases else "report.phase_none"
            await self._say(inbound, texts(key, phases=listing), where, close=close, lead=lead)
            return None
        return Period(chosen.start, chosen.end, f"phase:{chosen.name}")

    async def _say(
        self,
        inbound: Inbound,
        text: str,
        where: Target,
        *,
        close: int | None = None,
        lead: Sequence[Outbound] = (),
    ) -> None:
        messages = [*lead, to(where, text)]
        now = self.env.clock.now()
        if close is not None:
            # The period question is answered (with a refusal): its draft ends here too.
            await self.env.store.save_turn(
                close, None, outbox=messages, inbox_key=inbound.key, now=now
            )
            return
        await self.env.store.send(messages, now, inbox_key=inbound.key)
