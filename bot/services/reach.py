"""Who can't be reached: people who blocked the bot, shown to admins; unblocking noticed."""

from __future__ import annotations

from bot.domain import Channel, Role
from bot.fmt import local_datetime
from bot.messages import Inbound
from bot.services.context import Env, Speaker
from bot.services.replies import reply


class ReachService:
    """Keeps `identities.unreachable_at` current and lists it for admins."""

    def __init__(self, env: Env) -> None:
        self.env = env

    async def blocked(self, channel: Channel, chat_id: str, blocked: bool) -> None:
        """Record that a private chat blocked (or unblocked) the bot."""
        if blocked:
            await self.env.store.mark_unreachable(channel, chat_id, self.env.clock.now())
        else:
            await self.env.store.mark_reachable(channel, chat_id)

    async def show(self, inbound: Inbound, speaker: Speaker) -> None:
        """/khongnhan: people our messages can't reach, so someone calls them."""
        texts = speaker.texts
        now = self.env.clock.now()
        if speaker.role != Role.ADMIN:
            await self.env.store.send(
                [reply(inbound, texts("admin.only"))], now, inbox_key=inbound.key
            )
            return
        people = await self.env.store.unreachable_people()
        if not people:
            text = texts("reach.none")
        else:
            lines = [texts("reach.header", count=len(people))]
            for item in people:
                lines.append(
                    texts(
                        "reach.line",
                        ref=f"N{item.person.id}",
                        name=item.person.name,
                        role=texts(f"role.{item.person.role.value}"),
                        where=item.team_name or item.commune_name or "—",
                        channel=item.channel.value.capitalize(),
                        since=local_datetime(item.since, self.env.tz),
                    )
                )
            lines += ["", texts("reach.hint")]
            text = "\n".join(lines)
        await self.env.store.send([reply(inbound, text)], now, inbox_key=inbound.key)
