"""Admins keep the calendar from chat: list, add, edit and remove phases and deadlines."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from bot.calendar.dates import local_day, reminder_moments
from bot.calendar.rules import Problem, check_deadline, check_phase
from bot.config import CalendarSettings
from bot.domain import Audience, Role
from bot.flows.calendar import PROVINCE
from bot.fmt import local_date, local_datetime
from bot.messages import Button, Inbound, Outbound
from bot.parsing.refs import parse_ref
from bot.services.context import Env, Speaker, dress
from bot.services.conversations import ConversationService, FlowHooks
from bot.services.replies import reply
from bot.texts import Texts
from storage.errors import NotFound, Overlap
from storage.models import AuditEvent, Deadline, Draft, NewDeadline, NewPhase, Phase

#: Words after "/xoahan H5" that confirm, as the button does.
CONFIRM_WORDS = frozenset({"ok", "xoa", "yes", "co", "dongy"})


def audience_words(texts: Texts, audience: frozenset[Audience]) -> str:
    """Show an audience in words, in a fixed order."""
    return ", ".join(texts(f"cal.audience.{a.value}") for a in Audience if a in audience)


class CalendarService:
    """Calendar commands and conversations; every method checks the caller is an admin."""

    def __init__(
        self,
        env: Env,
        conversations: ConversationService,
        settings: CalendarSettings,
        province: str,
    ) -> None:
        self.env = env
        self.conversations = conversations
        self.settings = settings
        self.province = province
        #: Wakes the scheduler after a change; the composition root sets it.
        self.reschedule: Callable[[], None] = lambda: None
        for flow, submit in (
            ("deadline", self._submit_deadline),
            ("deadline_edit", self._submit_deadline),
            ("phase", self._submit_phase),
            ("phase_edit", self._submit_phase),
        ):
            conversations.register(flow, FlowHooks(submit=submit, options=self._options))

    # --- helpers ----------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.env.clock.now()

    def _today(self) -> date:
        return local_day(self._now(), self.env.tz)

    async def _say(self, inbound: Inbound, text: str, choices: Sequence[Button] = ()) -> None:
        message = reply(inbound, text).model_copy(
            update={"choices": list(choices), "numbered": False, "columns": 2}
        )
        await self.env.store.send([message], self._now(), inbox_key=inbound.key)

    async def _admin(self, inbound: Inbound, speaker: Speaker) -> bool:
        if speaker.role == Role.ADMIN:
            return True
        await self._say(inbound, speaker.texts("admin.only"))
        return False

    async def _options(self, speaker: Speaker) -> dict[str, list[tuple[str, str]]]:
        communes = await self.env.store.list_communes()
        scopes = [(PROVINCE, speaker.texts("cal.scope.province", province=self.province))]
        scopes += [(str(c.id), c.name) for c in communes]
        return {"scopes": scopes}

    def _scope(self, texts: Texts, commune_name: str) -> str:
        if commune_name:
            return commune_name
        return texts("cal.scope.province", province=self.province)

    def _next_reminders(self, due: date, planned_from: datetime) -> list[datetime]:
        now = self._now()
        return [
            moment
            for _, moment in reminder_moments(
                due, self.settings.offsets, self.settings.at, self.env.tz
            )
            if moment > now and moment > planned_from
        ]

    def _reminders_line(self, texts: Texts, due: date, planned_from: datetime) -> str:
        upcoming = self._next_reminders(due, planned_from)
        if not upcoming:
            return texts("cal.no_reminders")
        when = ", ".join(local_datetime(m, self.env.tz) for m in upcoming)
        return texts("cal.reminders_at", when=when)

    def _phase_line(self, texts: Texts, phase: Phase) -> str:
        return texts(
            "cal.list.phase",
            ref=f"D{phase.id}",
            name=phase.name,
            start=local_date(phase.start),
            end=local_date(phase.end),
            report=local_date(phase.report),
            scope=self._scope(texts, phase.commune_name),
        )

    def _deadline_line(self, texts: Texts, deadline: Deadline) -> str:
        line = texts(
            "cal.list.deadline",
            ref=f"H{deadline.id}",
            name=deadline.name,
            date=local_date(deadline.due),
            scope=self._scope(texts, deadline.commune_name),
            audience=audience_words(texts, deadline.audience),
        )
        if deadline.report:
            line += texts("cal.list.with_gaps")
        return line

    # --- listing ----------------------------------------------------------------------------

    async def show(self, inbound: Inbound, speaker: Speaker) -> None:
        """/lich: upcoming phases and deadlines with their ids and next reminders."""
        if not await self._admin(inbound, speaker):
            return
        texts = speaker.texts
        store = self.env.store
        today = self._today()
        phases = await store.list_phases(reporting_from=today)
        deadlines = await store.list_deadlines(due_from=today)
        lines = [texts("cal.list.header", province=self.province), ""]
        lines.append(texts("cal.list.phases"))
        if phases:
            for phase in phases:
                lines.append(self._phase_line(texts, phase))
                lines.append("   " + self._reminders_line(texts, phase.report, phase.planned_from))
        else:
            lines.append(texts("cal.list.no_phases"))
        lines += ["", texts("cal.list.deadlines")]
        if deadlines:
            for deadline in deadlines:
                lines.append(self._deadline_line(texts, deadline))
                lines.append(
                    "   " + self._reminders_line(texts, deadline.due, deadline.planned_from)
                )
        else:
            lines.append(texts("cal.list.no_deadlines"))
        offsets = ", ".join(str(d) for d in self.settings.offsets)
        lines += ["", texts("cal.list.rules", offsets=offsets, time=self.settings.time)]
        if self.settings.nudge_day:
            lines.append(
                texts("cal.list.nudge", day=self.settings.nudge_day, time=self.settings.nudge_time)
            )
        lines += ["", texts("cal.list.commands")]
        await self._say(inbound, "\n".join(lines))

    # --- starting the conversations ---------------------------------------------------------

    async def add_deadline(self, inbound: Inbound, speaker: Speaker) -> None:
        """/themhan: ask for a new deadline step by step."""
        if await self._admin(inbound, speaker):
            await self.conversations.start(inbound, speaker, "deadline")

    async def add_phase(self, inbound: Inbound, speaker: Speaker) -> None:
        """/themdot: ask for a new phase step by step."""
        if await self._admin(inbound, speaker):
            await self.conversations.start(inbound, speaker, "phase")

    async def edit_deadline(self, inbound: Inbound, speaker: Speaker) -> None:
        """/suahan H5: open a deadline at its summary, to change any answer."""
        if not await self._admin(inbound, speaker):
            return
        deadline = await self._deadline_arg(inbound, speaker, "cal.usage.edit_deadline")
        if deadline is None:
            return
        data: dict[str, object] = {
            "_id": deadline.id,
            "name": deadline.name,
            "due": deadline.due.isoformat(),
            "scope": str(deadline.commune_id or PROVINCE),
            "audience": [a.value for a in Audience if a in deadline.audience],
            "report": deadline.report,
        }
        await self.conversations.start(inbound, speaker, "deadline_edit", data, at_summary=True)

    async def edit_phase(self, inbound: Inbound, speaker: Speaker) -> None:
        """/suadot D2: open a phase at its summary, to change any answer."""
        if not await self._admin(inbound, speaker):
            return
        phase = await self._phase_arg(inbound, speaker, "cal.usage.edit_phase")
        if phase is None:
            return
        data: dict[str, object] = {
            "_id": phase.id,
            "name": phase.name,
            "start": phase.start.isoformat(),
            "end": phase.end.isoformat(),
            "report": phase.report.isoformat(),
            "scope": str(phase.commune_id or PROVINCE),
        }
        await self.conversations.start(inbound, speaker, "phase_edit", data, at_summary=True)

    async def _deadline_arg(
        self, inbound: Inbound, speaker: Speaker, usage: str
    ) -> Deadline | None:
        ref = inbound.args[0] if inbound.args else ""
        deadline_id = parse_ref(ref, "H") if ref else None
        if deadline_id is None:
            await self._say(inbound, speaker.texts(usage))
            return None
        try:
            return await self.env.store.get_deadline(deadline_id)
        except NotFound:
            await self._say(inbound, speaker.texts("cal.unknown", ref=ref))
            return None

    async def _phase_arg(self, inbound: Inbound, speaker: Speaker, usage: str) -> Phase | None:
        ref = inbound.args[0] if inbound.args else ""
        phase_id = parse_ref(ref, "D") if ref else None
        if phase_id is None:
            await self._say(inbound, speaker.texts(usage))
            return None
        try:
            return await self.env.store.get_phase(phase_id)
        except NotFound:
            await self._say(inbound, speaker.texts("cal.unknown", ref=ref))
            return None

    # --- finishing the conversations --------------------------------------------------------

    async def _refuse(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        lead: list[Outbound],
        problems: Sequence[Problem],
    ) -> None:
        """Say what is wrong and show the summary again: nothing was saved."""
        texts = speaker.texts
        reasons = "\n".join("⚠️ " + texts(p.key, **p.values) for p in problems)
        ctx = self.conversations.context(speaker, **await self._options(speaker))
        prompt = self.conversations.engine.resume(
            draft, ctx, lead=reasons + "\n" + texts("cal.fix_hint")
        )
        await self.env.store.send(
            dress([*lead, prompt], speaker), self._now(), inbox_key=inbound.key
        )

    @staticmethod
    def _commune(data: dict[str, Any]) -> int | None:
        scope = str(data.get("scope") or PROVINCE)
        return None if scope == PROVINCE else int(scope)

    async def _submit_deadline(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: list[Outbound],
    ) -> None:
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        audience = frozenset(Audience(a) for a in data.get("audience") or [])
        deadline = NewDeadline(
            id=data.get("_id"),
            name=str(data.get("name") or ""),
            due=date.fromisoformat(data["due"]),
            commune_id=self._commune(data),
            audience=audience,
            report=bool(data.get("report"))
            and bool(audience & {Audience.LEADERS, Audience.POLICE}),
        )
        problems = check_deadline(deadline, self._today())
        if problems:
            await self._refuse(inbound, speaker, draft, lead, problems)
            return
        key = "cal.deadline.changed" if deadline.id else "cal.deadline.added"

        def render(saved: Deadline) -> list[Outbound]:
            text = "\n".join(
                [
                    texts(key, ref=f"H{saved.id}"),
                    self._deadline_line(texts, saved),
                    self._reminders_line(texts, saved.due, saved.planned_from),
                ]
            )
            return dress([*lead, reply(inbound, text, keyboard="main")], speaker)

        try:
            await self.env.store.save_deadline(
                deadline, person.id, self._now(), inbox_key=inbound.key, render=render
            )
        except NotFound:
            await self._refuse(inbound, speaker, draft, lead, [Problem("cal.err.gone")])
            return
        self.reschedule()

    async def _submit_phase(
        self,
        inbound: Inbound,
        speaker: Speaker,
        draft: Draft,
        data: dict[str, Any],
        lead: list[Outbound],
    ) -> None:
        person = speaker.person
        assert person is not None
        texts = speaker.texts
        phase = NewPhase(
            id=data.get("_id"),
            name=str(data.get("name") or ""),
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]),
            report=date.fromisoformat(data["report"]),
            commune_id=self._commune(data),
        )
        problems = check_phase(phase, self._today())
        if problems:
            await self._refuse(inbound, speaker, draft, lead, problems)
            return
        key = "cal.phase.changed" if phase.id else "cal.phase.added"

        def render(saved: Phase) -> list[Outbound]:
            text = "\n".join(
                [
                    texts(key, ref=f"D{saved.id}"),
                    self._phase_line(texts, saved),
                    self._reminders_line(texts, saved.report, saved.planned_from),
                ]
            )
            return dress([*lead, reply(inbound, text, keyboard="main")], speaker)

        try:
            await self.env.store.save_phase(
                phase, person.id, self._now(), inbox_key=inbound.key, render=render
            )
        except Overlap as clash:
            other = await self.env.store.get_phase(clash.other_id)
            problem = Problem(
                "cal.err.overlap",
                {
                    "name": other.name,
                    "ref": f"D{other.id}",
                    "start": local_date(other.start),
                    "end": local_date(other.end),
                    "scope": self._scope(texts, other.commune_name),
                },
            )
            await self._refuse(inbound, speaker, draft, lead, [problem])
            return
        except NotFound:
            await self._refuse(inbound, speaker, draft, lead, [Problem("cal.err.gone")])
            return
        self.reschedule()

    # --- removing ---------------------------------------------------------------------------

    async def remove_deadline(self, inbound: Inbound, speaker: Speaker) -> None:
        """/xoahan H5: ask to confirm; /xoahan H5 ok (or the button) removes it."""
        if not await self._admin(inbound, speaker):
            return
        deadline = await self._deadline_arg(inbound, speaker, "cal.usage.remove_deadline")
        if deadline is None:
            return
        if len(inbound.args) > 1 and inbound.args[1].lower() in CONFIRM_WORDS:
            await self._remove_deadline(inbound, speaker, deadline.id)
            return
        await self._confirm(inbound, speaker, f"H{deadline.id}", deadline.name, "h")

    async def remove_phase(self, inbound: Inbound, speaker: Speaker) -> None:
        """/xoadot D2: ask to confirm; /xoadot D2 ok (or the button) removes it."""
        if not await self._admin(inbound, speaker):
            return
        phase = await self._phase_arg(inbound, speaker, "cal.usage.remove_phase")
        if phase is None:
            return
        if len(inbound.args) > 1 and inbound.args[1].lower() in CONFIRM_WORDS:
            await self._remove_phase(inbound, speaker, phase.id)
            return
        await self._confirm(inbound, speaker, f"D{phase.id}", phase.name, "d")

    async def _confirm(
        self, inbound: Inbound, speaker: Speaker, ref: str, name: str, kind: str
    ) -> None:
        texts = speaker.texts
        command = "/xoahan" if kind == "h" else "/xoadot"
        buttons = [
            Button(
                label=texts("cal.remove.yes"),
                data=f"cal:rm{kind}:{ref[1:]}",
                typed=f"{command} {ref} ok",
            ),
            Button(label=texts("cal.remove.no"), data="cal:keep", typed="/lich"),
        ]
        await self._say(inbound, texts("cal.remove.ask", ref=ref, name=name), buttons)

    async def _remove_deadline(self, inbound: Inbound, speaker: Speaker, deadline_id: int) -> None:
        await self._remove(inbound, speaker, "deadline", "H", deadline_id)

    async def _remove_phase(self, inbound: Inbound, speaker: Speaker, phase_id: int) -> None:
        await self._remove(inbound, speaker, "phase", "D", phase_id)

    async def _remove(
        self, inbound: Inbound, speaker: Speaker, kind: str, prefix: str, item_id: int
    ) -> None:
        """Remove a phase or deadline, audit it, say so and rebuild the schedule."""
        store = self.env.store
        try:
            if kind == "phase":
                removed: Phase | Deadline = await store.remove_phase(item_id, self._now())
            else:
                removed = await store.remove_deadline(item_id, self._now())
        except NotFound:
            await self._say(inbound, speaker.texts("cal.unknown", ref=f"{prefix}{item_id}"))
            return
        ref = f"{prefix}{removed.id}"
        await store.audit(
            [
                AuditEvent(
                    at=self._now(),
                    actor_id=speaker.person.id if speaker.person else None,
                    action="org",
                    subject=f"{kind}:{ref}",
                    detail=f"remove {removed.name}",
                )
            ]
        )
        await self._say(inbound, speaker.texts("cal.remove.done", ref=ref, name=removed.name))
        self.reschedule()

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle the remove confirmation buttons (cal:rmh:5, cal:rmd:2, cal:keep)."""
        if speaker.role != Role.ADMIN:
            return speaker.texts("admin.only")
        parts = (inbound.callback or "").split(":")
        confirmed = len(parts) == 3 and parts[1] in ("rmh", "rmd") and parts[2].isdigit()
        if inbound.message_id is not None and inbound.message_text is not None:
            # Show the answer under the question and drop its buttons: no second press.
            label = speaker.texts("cal.remove.yes" if confirmed else "cal.remove.no")
            echo = Outbound(
                channel=inbound.channel,
                chat_id=inbound.chat_id,
                text=f"{inbound.message_text}\n👉 {label}",
                edit_message_id=inbound.message_id,
            )
            await self.env.store.send([echo], self._now())
        if confirmed:
            if parts[1] == "rmh":
                await self._remove_deadline(inbound, speaker, int(parts[2]))
            else:
                await self._remove_phase(inbound, speaker, int(parts[2]))
            return None
        await self._say(inbound, speaker.texts("cal.remove.kept"))
        return None
