"""The pacer: an even overall rate, one chat's burst then one a second, a group's minute."""

from __future__ import annotations

import pytest

from bot.pacing import Pacer, Pacing


def test_overall_slots_are_spread_evenly() -> None:
    pacer = Pacer(Pacing(per_second=20))
    waits = [pacer.reserve(1, 100.0) for _ in range(5)]
    assert waits == pytest.approx([0.0, 0.05, 0.1, 0.15, 0.2])
    # After a pause the next slot is free at once.
    assert pacer.reserve(1, 200.0) == 0.0


def test_a_private_chat_gets_a_burst_then_one_a_second() -> None:
    pacer = Pacer(Pacing(chat_per_second=1.0, chat_burst=3))
    now = 10.0
    for _ in range(3):
        assert pacer.chat_wait("42", 1, now) == 0.0
        pacer.sent("42", 1, now)
    assert pacer.chat_wait("42", 1, now) == 1.0
    assert pacer.chat_wait("42", 1, now + 0.5) == 0.5
    assert pacer.chat_wait("43", 1, now) == 0.0  # other chats are not held up


def test_a_group_gets_twenty_a_minute() -> None:
    pacer = Pacer(Pacing(group_per_minute=20))
    for second in range(20):
        assert pacer.chat_wait("-100", 1, float(second)) == 0.0
        pacer.sent("-100", 1, float(second))
    assert pacer.chat_wait("-100", 1, 20.0) == 40.0  # until the first falls out of the minute
    assert pacer.chat_wait("-100", 1, 60.5) == 0.0


def test_quota_exceeded_holds_every_send_and_halves_the_pace_once_per_storm() -> None:
    pacer = Pacer(Pacing(per_second=10))
    pacer.hold(105.0)
    assert pacer.held(104.9) and not pacer.held(105.0)
    # The first send after the hold waits for it; the ones after at half the pace (5/s).
    assert pacer.reserve(1, 100.0) == pytest.approx(5.0)
    assert pacer.reserve(1, 100.0) == pytest.approx(5.2)
    # Refusals of sends already under way (the same hold) don't halve it again.
    pacer.hold(105.0)
    assert pacer.reserve(1, 100.0) == pytest.approx(5.4)
    # Delivered messages bring the pace back, never past the configured one.
    for _ in range(100):
        pacer.delivered()
    waits = [pacer.reserve(1, 200.0) for _ in range(3)]
    assert waits == pytest.approx([0.0, 0.1, 0.2])


def test_zalo_groups_are_told_by_the_ids_the_bot_learnt() -> None:
    groups = {"a47bee797e67148757b3"}
    pacer = Pacer(Pacing(group_per_minute=2, is_group=groups.__contains__))
    for second in range(2):
        pacer.sent("a47bee797e67148757b3", 1, float(second))
        pacer.sent("0123456789abcdef0123", 1, float(second))
    assert pacer.chat_wait("a47bee797e67148757b3", 1, 2.0) == 58.0
    assert pacer.chat_wait("0123456789abcdef0123", 1, 2.0) == 0.0


def test_sends_that_started_late_do_not_crowd_one_second() -> None:
    pacer = Pacer(Pacing(per_second=10))
    # Ten slots booked over the first second; the first five start late, at 0.45 s (a
    # slow first connection), together with the ones booked for then.
    waits = [pacer.reserve(1, 0.0) for _ in range(10)]
    assert waits[-1] == pytest.approx(0.9)
    starts: list[float] = []
    for booked in [0.45] * 5 + waits[5:] + [1.0, 1.1, 1.2, 1.3, 1.4]:
        now = max([booked, *starts])
        start = now + pacer.start_wait(1, now)
        pacer.started(1, start)
        starts.append(start)
    # No one-second window holds more than ten starts: the sixth after the late ones waits.
    assert max(sum(s <= t < s + 1.0 for t in starts) for s in starts) == 10
    assert starts[-1] == pytest.approx(1.45)


def test_a_send_bigger_than_the_window_waits_for_an_empty_one() -> None:
    pacer = Pacer(Pacing(per_second=2))
    pacer.started(1, 0.0)
    assert pacer.start_wait(3, 0.5) == pytest.approx(0.5)
    assert pacer.start_wait(3, 1.0) == 0.0
