"""Police and admin invites are bearer keys: whoever opens one waits for approval.

A police (or admin) invite files a join request instead of registering anyone: the person
gets nothing — no alerts, no sources, no reports, no police chat — until an admin (or, if
the invite allows it, an officer of its commune) approves them with a button showing their
name and account, or the typed twin `/duyet Y5` (Zalo has no buttons); `/tuchoi Y5`
refuses. Whoever made an invite is told of every join by it.

The web workspace decides through the same `decide` (the Organisation page for admins, the
inbox for an officer the invite allows): the same compare-and-set, audit and notices; only
the decider's own confirmation is shown on the page instead of sent to their chat.
Revoking an invite (`/huyma`, or the page) cancels the requests still waiting on it and
tells those who waited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.domain import PRIVATE_POLICE_CHANNELS, Channel, Role
from bot.fmt import local_datetime
from bot.messages import Button, Inbound, Outbound
from bot.services.context import Env, Speaker
from bot.services.linking import reach
from bot.services.replies import reply
from bot.texts import CATALOGUES, Texts
from storage.errors import NotFound
from storage.models import AuditEvent, Invite, JoinDecision, JoinRequest, Person, Withdrawn

if TYPE_CHECKING:
    from bot.services.names import NameService
    from bot.services.onboarding import OnboardingService

#: Callback data of the decision buttons: j:ok:<request id>, j:no:<request id>.
PREFIX = "j"
#: Longest display name on a button (people choose their display names).
BUTTON_NAME = 24


@dataclass(frozen=True)
class Target:
    """A chat to tell something, in its reader's language."""

    channel: Channel
    chat_id: str
    language: str
    person_id: int


def account(texts: Texts, channel: Channel, external_id: str, username: str = "") -> str:
    """Describe a messenger account: "Telegram @lan_99, id 123456"."""
    handle = f" @{username}" if username else ""
    return texts("join.account", channel=texts(f"channel.{channel.value}") + handle, id=external_id)


def notice(target: Target, key: str, who: tuple[Channel, str, str], **values: object) -> Outbound:
    """Tell one chat, in its reader's language, about an account (`who`: channel, id, @name)."""
    texts = Texts(target.language, target.channel.value)
    text = texts(key, account=account(texts, *who), **values)
    return Outbound(channel=target.channel, chat_id=target.chat_id, text=text)


def request_ref(request: JoinRequest) -> str:
    """Return the id people type: Y5."""
    return f"Y{request.id}"


@dataclass(frozen=True)
class Decided:
    """What a decision did, or why not, in the decider's words."""

    ok: bool
    text: str
    #: The decider may not decide this request (or it does not exist): a refusal.
    denied: bool = False


@dataclass(frozen=True)
class Waiting:
    """A request waiting for the reader's decision, as a page lists it."""

    request: JoinRequest
    ref: str
    #: The requester's messenger account: "Telegram @kela99, id 7000…".
    account: str
    #: Who may decide it: "quản trị viên" or "quản trị viên, hoặc cán bộ Công an của xã".
    approvers: str


class JoinService:
    """Join requests: who is asked to decide, the decision, and telling everyone."""

    def __init__(self, env: Env, onboarding: OnboardingService, names: NameService) -> None:
        self.env = env
        self.onboarding = onboarding
        self.names = names

    # --- who hears about a join ---------------------------------------------------------

    def _language(self, chosen: str) -> str:
        """Return the language a reader reads: their choice, else the deployment's default."""
        return chosen or self.env.default_language

    async def _person_targets(self, person_id: int | None) -> list[Target]:
        if person_id is None:
            return []
        try:
            person = await self.env.store.get_person(person_id)
        except NotFound:
            return []
        if not person.active:
            return []
        return [
            Target(i.channel, i.chat_id, self._language(person.language), person.id)
            for i in await reach(self.env.store, person.id)
        ]

    async def creator_targets(self, invite: Invite | None) -> list[Target]:
        """Return where to tell an invite's maker about a join by it."""
        return await self._person_targets(invite.created_by if invite else None)

    async def approver_targets(self, invite: Invite) -> list[Target]:
        """Return who is asked to decide: the invite's maker (else every admin) and, if the
        invite allows it, the commune's officers."""
        targets = await self.creator_targets(invite)
        if not targets:
            targets = [
                Target(r.channel, r.chat_id, self._language(r.language), r.person_id)
                for r in await self.env.store.recipients([Role.ADMIN])
            ]
        if invite.approval == "police":
            targets += [
                Target(r.channel, r.chat_id, self._language(r.language), r.person_id)
                for r in await self.env.store.recipients([Role.POLICE], invite.commune_id)
            ]
        return list(dict.fromkeys(targets))

    # --- messages -------------------------------------------------------------------------

    def request_messages(
        self,
        request: JoinRequest,
        invite: Invite,
        place: str,
        texts: Texts,
        approvers: list[Target],
    ) -> list[Outbound]:
        """Tell the requester to wait, and ask each approver to decide (buttons + typed)."""
        waiting = Outbound(
            channel=request.channel,
            chat_id=request.chat_id,
            text=texts("join.waiting", role=texts(f"role.{request.role.value}"), place=place),
            keyboard="remove",
        )
        messages = [waiting]
        for target in approvers:
            if (target.channel, target.chat_id) == (request.channel, request.chat_id):
                continue
            messages.append(self._ask(target, request, invite, place))
        return messages

    def _ask(self, target: Target, request: JoinRequest, invite: Invite, place: str) -> Outbound:
        texts = Texts(target.language, target.channel.value)
        ref = request_ref(request)
        who = account(texts, request.channel, request.external_id, request.username)
        approvers = texts(f"join.approvers.{invite.approval}")
        text = texts(
            "join.request",
            ref=ref,
            name=request.name,
            account=who,
            role=texts(f"role.{request.role.value}"),
            place=place,
            code=invite.code,
            used=invite.uses,
            uses=invite.max_uses,
            approvers=approvers,
        )
        short = request.name if len(request.name) <= BUTTON_NAME else request.name[:23] + "…"
        buttons = [
            Button(
                label=texts("join.button.approve", name=short),
                data=f"{PREFIX}:ok:{request.id}",
                typed=f"/duyet {ref}",
            ),
            Button(
                label=texts("join.button.refuse"),
                data=f"{PREFIX}:no:{request.id}",
                typed=f"/tuchoi {ref}",
            ),
        ]
        return Outbound(channel=target.channel, chat_id=target.chat_id, text=text, nav=buttons)

    def joined_notices(
        self,
        person: Person,
        invite: Invite,
        place: str,
        inbound: Inbound,
        targets: list[Target],
    ) -> list[Outbound]:
        """Tell an invite's maker that someone joined by it (not the maker using it)."""
        who = (inbound.channel, inbound.user_id, inbound.user_handle)
        return [
            notice(
                target,
                "join.joined",
                who,
                ref=f"N{person.id}",
                name=person.name,
                role=Texts(target.language)(f"role.{person.role.value}"),
                place=place,
                code=invite.code,
                used=invite.uses,
                uses=invite.max_uses,
            )
            for target in targets
            if target.person_id != person.id
        ]

    # --- deciding ---------------------------------------------------------------------------

    @staticmethod
    def may_decide(speaker: Speaker, request: JoinRequest) -> bool:
        """Admins decide every request; an officer those of their commune's invites that
        allow it (never their own)."""
        person = speaker.person
        if person is None or not person.active:
            return False
        if person.role == Role.ADMIN:
            return True
        return (
            request.approval == "police"
            and person.role == Role.POLICE
            and person.commune_id == request.commune_id
            and person.id != request.person_id
        )

    async def pressed(self, inbound: Inbound, speaker: Speaker) -> str | None:
        """Handle j:ok:<id> / j:no:<id>; refusals are a toast."""
        parts = (inbound.callback or "").split(":")
        if len(parts) != 3 or parts[1] not in ("ok", "no") or not parts[2].isdigit():
            return speaker.texts("flow.button_unknown")
        return await self.decide(inbound, speaker, int(parts[2]), approve=parts[1] == "ok")

    async def command(self, inbound: Inbound, speaker: Speaker, *, approve: bool) -> None:
        """/duyet Y5, /tuchoi Y5: the typed twins of the buttons."""
        ref = inbound.args[0].strip().upper().removeprefix("Y") if inbound.args else ""
        if not ref.isdigit():
            await self._say(inbound, speaker.texts("join.usage"))
            return
        toast = await self.decide(inbound, speaker, int(ref), approve=approve)
        if toast is not None:
            await self._say(inbound, toast)

    async def _say(self, inbound: Inbound, text: str) -> None:
        await self.env.store.send(
            [reply(inbound, text)], self.env.clock.now(), inbox_key=inbound.key
        )

    async def decide(
        self, inbound: Inbound, speaker: Speaker, request_id: int, *, approve: bool
    ) -> str | None:
        """Approve or refuse a request; return why not (for a toast or a reply), or None."""
        outcome = await self._decide(speaker, request_id, approve=approve, inbound=inbound)
        return None if outcome.ok else outcome.text

    async def decide_on_page(self, person: Person, request_id: int, *, approve: bool) -> Decided:
        """Approve or refuse from the web workspace, exactly as the chat's buttons do."""
        speaker = Speaker(person, self.env.texts(person.language))
        return await self._decide(speaker, request_id, approve=approve, inbound=None)

    async def _decide(
        self, speaker: Speaker, request_id: int, *, approve: bool, inbound: Inbound | None
    ) -> Decided:
        """Decide once (compare-and-set); with `inbound`, confirm in the decider's chat."""
        texts = speaker.texts
        request = await self.env.store.join_request(request_id)
        if request is None or not self.may_decide(speaker, request):
            # The same answer for "no such request" and "not yours": ids are not probed.
            return Decided(False, texts("join.decide.denied", ref=f"Y{request_id}"), denied=True)
        if request.decided_at is not None:
            return Decided(False, self._already(texts, request))
        decider = speaker.person
        assert decider is not None
        invite = await self.env.store.get_invite(request.invite_code)
        assert invite is not None
        theirs = self.env.texts(request.language, request.channel.value)
        place = await self.onboarding.place_of(invite, theirs)
        state, prompt = self.names.opening(request.channel, request.chat_id, theirs, request.name)
        maker = [t for t in await self.creator_targets(invite) if t.person_id != decider.id]
        now = self.env.clock.now()
        verdict = "approve" if approve else "refuse"
        who = account(texts, request.channel, request.external_id, request.username)
        done = texts(f"join.decide.{verdict}d", name=request.name, account=who, place=place)

        def render(decision: JoinDecision) -> list[Outbound]:
            messages: list[Outbound] = []
            if decision.person is not None:
                messages += self.onboarding.welcome(
                    decision.person,
                    theirs,
                    place,
                    request.channel,
                    request.chat_id,
                    prompt if decision.asked_name else None,
                )
            else:
                messages.append(
                    Outbound(
                        channel=request.channel,
                        chat_id=request.chat_id,
                        text=theirs("join.refused", place=place),
                    )
                )
            if inbound is not None:  # from a page, the page itself shows `done`
                messages.append(self._confirmation(inbound, done))
            requester = (request.channel, request.external_id, request.username)
            messages += [
                notice(
                    target,
                    f"join.told.{verdict}d",
                    requester,
                    by=decider.name,
                    name=request.name,
                    place=place,
                )
                for target in maker
            ]
            return messages

        decided = await self.env.store.decide_join(
            request.id,
            approve=approve,
            by=decider.id,
            now=now,
            inbox_key=inbound.key if inbound else None,
            render=render,
            audit=[
                AuditEvent(
                    at=now,
                    actor_id=decider.id,
                    action="org",
                    subject=f"join:{request.id}",
                    detail=f"{verdict} {request.name} ({request.channel.value}:"
                    f"{request.external_id}) as {request.role.value}: {place}"
                    + ("" if inbound else " (web)"),
                )
            ],
            officer_channels=PRIVATE_POLICE_CHANNELS,
            name_draft=state if approve else None,
        )
        if decided is None:
            again = await self.env.store.join_request(request_id)
            return Decided(False, self._already(texts, again) if again else done)
        return Decided(True, done)

    @staticmethod
    def _confirmation(inbound: Inbound, done: str) -> Outbound:
        """Confirm a decision in the decider's chat: a pressed request shows its outcome and
        loses its buttons; a typed one is answered."""
        if inbound.callback is not None and inbound.message_id and inbound.message_text:
            return Outbound(
                channel=inbound.channel,
                chat_id=inbound.chat_id,
                text=f"{inbound.message_text}\n\n👉 {done}",
                edit_message_id=inbound.message_id,
            )
        return reply(inbound, done)

    def _already(self, texts: Texts, request: JoinRequest) -> str:
        return texts(
            f"join.already.{request.decision or 'approved'}",
            ref=request_ref(request),
            name=request.name,
            by=request.decided_by_name,
            at=local_datetime(request.decided_at, self.env.tz) if request.decided_at else "",
        )

    async def waiting(self, speaker: Speaker) -> list[JoinRequest] | None:
        """Return the requests waiting for this person's decision, oldest first; None for
        someone who never decides any (neither an admin nor an officer)."""
        person = speaker.person
        if person is None or not person.active:
            return None
        if person.role == Role.ADMIN:
            return await self.env.store.open_join_requests()
        if person.role == Role.POLICE and person.commune_id is not None:
            return [
                r
                for r in await self.env.store.open_join_requests(person.commune_id)
                if self.may_decide(speaker, r)
            ]
        return None

    async def on_page(self, person: Person) -> list[Waiting]:
        """Return the requests a page shows this person, each with its account described."""
        texts = self.env.texts(person.language)
        found = await self.waiting(Speaker(person, texts)) or []
        return [
            Waiting(
                request=r,
                ref=request_ref(r),
                account=account(texts, r.channel, r.external_id, r.username),
                approvers=texts(f"join.approvers.{r.approval}"),
            )
            for r in found
        ]

    async def list_open(self, inbound: Inbound, speaker: Speaker) -> None:
        """/choduyet: requests waiting for this person's decision."""
        texts = speaker.texts
        waiting = await self.waiting(speaker)
        if waiting is None:
            await self._say(inbound, texts("join.only"))
            return
        if not waiting:
            await self._say(inbound, texts("join.open.none"))
            return
        lines = [texts("join.open.header", count=len(waiting))]
        for request in waiting:
            lines.append(
                texts(
                    "join.open.line",
                    ref=request_ref(request),
                    name=request.name,
                    account=account(texts, request.channel, request.external_id, request.username),
                    role=texts(f"role.{request.role.value}"),
                    commune=request.commune_name,
                    at=local_datetime(request.requested_at, self.env.tz),
                )
            )
        lines.append(texts("join.open.hint"))
        await self._say(inbound, "\n".join(lines))

    # --- revoking an invite -----------------------------------------------------------------

    async def withdraw(self, person: Person, code: str, inbound: Inbound | None = None) -> Decided:
        """Revoke an invite (/huyma, or the page) and cancel the requests still waiting on
        it, telling each who waited; with `inbound`, the answer goes to that chat with it.

        The caller checked that `person` is an admin.
        """
        texts = self.env.texts(person.language, inbound.channel.value if inbound else None)
        code = code.strip().upper()[:16]
        now = self.env.clock.now()
        invite = await self.env.store.get_invite(code) if code else None
        # Where the invite led, in each language a requester may read (one query each).
        places = {}
        if invite is not None:
            for language in CATALOGUES:
                places[language] = await self.onboarding.place_of(invite, Texts(language))

        def answer(withdrawn: Withdrawn) -> str:
            text = texts("admin.revoke.done", code=code)
            if withdrawn.cancelled:
                names = ", ".join(r.name for r in withdrawn.cancelled)
                text += "\n" + texts(
                    "join.revoke.cancelled", count=len(withdrawn.cancelled), names=names
                )
            return text

        def render(withdrawn: Withdrawn) -> list[Outbound]:
            messages = []
            for request in withdrawn.cancelled:
                theirs = self.env.texts(request.language, request.channel.value)
                place = places.get(theirs.language, request.commune_name)
                messages.append(
                    Outbound(
                        channel=request.channel,
                        chat_id=request.chat_id,
                        text=theirs("join.cancelled", place=place),
                    )
                )
            if inbound is not None:
                messages.append(reply(inbound, answer(withdrawn)))
            return messages

        def audit(withdrawn: Withdrawn) -> list[AuditEvent]:
            via = "" if inbound else " (web)"
            events = [
                AuditEvent(
                    at=now,
                    actor_id=person.id,
                    action="org",
                    subject=f"invite:{code}",
                    detail="revoke" + via,
                )
            ]
            events += [
                AuditEvent(
                    at=now,
                    actor_id=person.id,
                    action="org",
                    subject=f"join:{r.id}",
                    detail=f"cancel {r.name} ({r.channel.value}:{r.external_id}): "
                    f"invite {code} revoked{via}",
                )
                for r in withdrawn.cancelled
            ]
            return events

        withdrawn = (
            await self.env.store.withdraw_invite(
                code,
                by=person.id,
                now=now,
                render=render,
                audit=audit,
                inbox_key=inbound.key if inbound else None,
            )
            if code
            else None
        )
        if withdrawn is None:
            text = texts("admin.revoke.unknown", code=code)
            if inbound is not None:
                await self._say(inbound, text)
            return Decided(False, text)
        return Decided(True, answer(withdrawn))
