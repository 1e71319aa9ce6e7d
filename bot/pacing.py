"""Flood limits kept before sending: overall rate, one chat's rate, one group's rate.

python-telegram-bot's AIORateLimiter covers the overall and group limits but lets a burst
of 30 through at once and knows nothing of the one-message-per-second rule of a private
chat. The outbox asks a `Pacer` before each send instead, so a broadcast runs at a steady
rate just under the limit rather than bouncing off 429s. Times are monotonic seconds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.messages import Outbound

GROUP_WINDOW = 60.0
#: The window the server counts the overall rate in (Telegram: 30 a second).
OVERALL_WINDOW = 1.0


def _negative(chat_id: str) -> bool:
    return chat_id.startswith("-")


def _one(message: Outbound) -> int:
    return 1


@dataclass(frozen=True)
class Pacing:
    """The limits of one messenger and how to read its chat ids."""

    per_second: float = 29.0
    chat_per_second: float = 1.0
    chat_burst: int = 3
    group_per_minute: int = 20
    #: Telegram group and channel ids are negative.
    is_group: Callable[[str], bool] = _negative
    #: How many API calls (each counted by the server) one Outbound takes.
    cost: Callable[[Outbound], int] = _one


#: The slowest a messenger's overall pace goes after its quota ran out (messages/s)...
MIN_RATE = 0.5
#: ...and how much faster each delivered message makes it again, up to the configured pace.
RECOVER = 0.1


@dataclass
class Pacer:
    """Remembers recent sends of one messenger and says how long the next must wait."""

    pacing: Pacing
    _next_slot: float = 0.0
    _chats: dict[str, tuple[float, float]] = field(default_factory=dict)
    _groups: dict[str, deque[float]] = field(default_factory=dict)
    #: The overall pace now: the configured one, lower for a while after "quota exceeded".
    _rate: float = 0.0
    _held_until: float = 0.0
    #: When recent sends actually started: booked slots alone are not enough, since sends
    #: that started late (a slow first connection, a stalled loop) then go out together
    #: with the ones booked after them, more than the server allows in one window.
    _starts: deque[float] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self._rate = self.pacing.per_second

    def chat_wait(self, chat_id: str, cost: int, now: float) -> float:
        """Return how long `chat_id` must wait before `cost` more messages."""
        pacing = self.pacing
        if pacing.is_group(chat_id):
            window = self._groups.get(chat_id)
            if window is None:
                return 0.0
            while window and window[0] <= now - GROUP_WINDOW:
                window.popleft()
            excess = len(window) + cost - pacing.group_per_minute
            return 0.0 if excess <= 0 else window[min(excess, len(window)) - 1] + GROUP_WINDOW - now
        tokens = self._tokens(chat_id, now)
        need = min(cost, pacing.chat_burst)
        return 0.0 if tokens >= need else (need - tokens) / pacing.chat_per_second

    def sent(self, chat_id: str, cost: int, now: float) -> None:
        """Record `cost` messages to a chat, stamped when the server had answered.

        Stamping after the answer errs on the slow side: the server saw them earlier.
        """
        if self.pacing.is_group(chat_id):
            window = self._groups.setdefault(chat_id, deque())
            window.extend([now] * cost)
            return
        self._chats[chat_id] = (self._tokens(chat_id, now) - cost, now)
        if len(self._chats) > 4096:
            self._forget(now)

    def reserve(self, cost: int, now: float) -> float:
        """Book the next `cost` slots of the overall rate; return how long to wait for them.

        Slots are spread evenly (no burst), so no one-second window ever holds more than
        `per_second` sends.
        """
        slot = max(now, self._next_slot)
        self._next_slot = slot + cost / self._rate
        return slot - now

    def start_wait(self, cost: int, now: float) -> float:
        """Return how long `cost` more sends must wait so that no window of OVERALL_WINDOW
        holds more than `per_second` starts (one bigger than that waits for an empty one)."""
        starts = self._starts
        while starts and starts[0] <= now - OVERALL_WINDOW:
            starts.popleft()
        room = max(1, int(self.pacing.per_second * OVERALL_WINDOW))
        excess = len(starts) + min(cost, room) - room
        if excess <= 0:
            return 0.0
        return starts[excess - 1] + OVERALL_WINDOW - now

    def started(self, cost: int, now: float) -> None:
        """Record `cost` sends starting now (see start_wait)."""
        self._starts.extend([now] * cost)

    @property
    def rate(self) -> float:
        """Return the overall pace now (messages a second)."""
        return self._rate

    def hold(self, until: float) -> None:
        """Let no send start before `until` and halve the pace: the messenger said its quota
        is used up (Zalo publishes no limit: the pace that works is found this way). The
        refusals of sends already under way extend nothing."""
        if until > self._held_until:
            self._rate = max(MIN_RATE, self._rate / 2)
        self._held_until = max(self._held_until, until)
        self._next_slot = max(self._next_slot, until)

    def held(self, now: float) -> bool:
        """Return whether sending is on hold (a slot booked before the hold must be booked
        again after it, at the slower pace)."""
        return now < self._held_until

    def delivered(self) -> None:
        """Note a delivered message: the pace creeps back towards the configured one."""
        self._rate = min(self.pacing.per_second, self._rate + RECOVER)

    def _tokens(self, chat_id: str, now: float) -> float:
        burst = float(self.pacing.chat_burst)
        tokens, last = self._chats.get(chat_id, (burst, now))
        return min(burst, tokens + (now - last) * self.pacing.chat_per_second)

    def _forget(self, now: float) -> None:
        """Drop chats whose bucket has refilled: they would start full anyway."""
        burst = float(self.pacing.chat_burst)
        self._chats = {c: v for c, v in self._chats.items() if self._tokens(c, now) < burst}
        self._groups = {g: w for g, w in self._groups.items() if w and w[-1] > now - GROUP_WINDOW}
