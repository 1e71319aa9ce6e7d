"""Hostile input, fuzzed: random updates through the real handlers.

Hypothesis generates what phones (and forgers) can send — any unicode including control
characters, 4,096-character texts, blank messages, unknown commands, forged and oversized
callback data, edited messages, every kind of media, messages in groups the bot was never
set up for. After every example: no handler failed, the person got an answer, and the
database is consistent.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import backends
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.flows.engine import MARKERS
from harness import Bench
from storage.transfer import consistency_problems

SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=4096)
SHORT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


class Failures(logging.Handler):
    """Collects ERROR records: a handler that raised, an intake that choked."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class World:
    """One running bot with a member, an outsider and a stray group, reused by examples."""

    def __init__(self, tmp: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.tmp = tmp
        self.failures = Failures()

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    async def start(self) -> None:
        self.fake = FakeTelegram()
        await self.fake.start()
        self.bench = Bench(self.fake, self.tmp / "fuzz.sqlite3")
        await self.bench.start()
        await self.bench.seed()
        self.member = await self.bench.join("Lan")
        self.outsider = self.fake.user("Người lạ")
        self.stray = self.fake.group("Nhóm không liên quan")
        logging.getLogger().addHandler(self.failures)

    async def stop(self) -> None:
        logging.getLogger().removeHandler(self.failures)
        await self.bench.stop()
        await self.fake.stop()


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> Iterator[backends.Backend]:
    """The backend of this module's one world (conftest's is per test): its database is
    the world's for all the examples."""
    chosen: backends.Backend = getattr(request, "param", "sqlite")
    if chosen != "sqlite" and backends.server() is None:
        pytest.skip("no PostgreSQL server")
    with backends.selected(chosen):
        yield chosen


@pytest.fixture(scope="module")
def world(backend: backends.Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = World(tmp_path_factory.mktemp("fuzz"))
    w.run(w.start())
    yield w
    w.run(w.stop())
    w.loop.close()


def action() -> st.SearchStrategy[tuple[str, Any]]:
    return st.one_of(
        st.tuples(st.just("text"), SAFE_TEXT),
        st.tuples(st.just("text"), st.sampled_from(["", " ", "\n\t ", "\u200b", "\x00\x1f"])),
        st.tuples(
            st.just("command"), st.from_regex(r"/[a-z_]{1,20}( [^\n]{0,30})?", fullmatch=True)
        ),
        st.tuples(st.just("start"), st.sampled_from(["/tinbao", "/vuviec", "/viectot", "/bosung"])),
        st.tuples(st.just("callback"), st.text(max_size=100)),
        st.tuples(
            st.just("callback"),
            st.from_regex(r"[fmp]:[0-9a-f]{0,8}:[0-9]{0,4}:.{0,12}", fullmatch=True),
        ),
        st.tuples(st.just("edit"), SHORT),
        st.tuples(
            st.just("media"),
            st.sampled_from(
                [
                    "photo",
                    "voice",
                    "video",
                    "document",
                    "sticker",
                    "animation",
                    "contact",
                    "poll",
                    "location",
                ]
            ),
        ),
        st.tuples(st.just("group"), SHORT),
    )


async def perform(world: World, who: FakeUser, kind: str, value: Any) -> str:
    """Do one thing on the phone; return what kind of answer to expect."""
    chat: FakeChat | None = None
    if kind in ("text", "command", "start"):
        await who.send_text(value)
        return "reply"
    if kind == "callback":
        last = world.fake.messages(who.chat.id)
        message_id = last[-1].message_id if last else 1
        await who.press_raw(value or "x", message_id)
        return "answered"
    if kind == "edit":
        sent = await who.send_text("gốc")
        await world.fake.wait_idle(quiet=0.1)
        who.drain()
        await who.edit_text(sent["message_id"], value or "·")
        return "reply"
    if kind == "group":
        chat = world.stray
        await who.send_text(value or "·", chat=chat)
        return "silent"
    sender = {
        "photo": lambda: who.send_photo(),
        "voice": lambda: who.send_voice(),
        "video": lambda: who.send_video(),
        "document": lambda: who.send_document(),
        "sticker": lambda: who.send_sticker(),
        "animation": lambda: who.send_animation(),
        "contact": lambda: who.send_contact("0912345678"),
        "poll": lambda: who.send_poll("?", ["a", "b"]),
        "location": lambda: who.send_location(22.6, 106.2),
    }[value]
    await sender()
    return "reply"


async def consistent(bench: Bench) -> None:
    """The database invariants every example must keep (`antt-bot db check`'s, and more)."""
    db = bench.store.db  # type: ignore[attr-defined]
    assert await consistency_problems(db) == []
    assert await db.fetchall("SELECT key FROM inbox WHERE done_at IS NULL") == []
    for row in await db.fetchall("SELECT flow, step FROM drafts"):
        flow = bench.runtime.services.conversations.engine.flows[row[0]]  # type: ignore[union-attr]
        assert row[1] in {s.name for s in flow.steps} | set(MARKERS)


async def example(world: World, who: FakeUser, actions: list[tuple[str, Any]]) -> None:
    for kind, value in actions:
        who.drain()
        answers_before = len(world.fake.callback_answers)
        expect = await perform(world, who, kind, value)
        if expect == "reply":
            # The first answer is awaited (a loaded machine may take a while), then the rest.
            first = await who.chat.next_message(timeout=10)
            await world.fake.wait_idle(quiet=0.1, timeout=10)
            replies = [first, *who.drain()]
            assert all(r.all_text.strip() or r.photo or r.location for r in replies)
        elif expect == "answered":
            for _ in range(100):
                if len(world.fake.callback_answers) > answers_before:
                    break
                await asyncio.sleep(0.05)
            assert len(world.fake.callback_answers) > answers_before, "button left spinning"
            await world.fake.wait_idle(quiet=0.1, timeout=10)
            who.drain()
        else:
            await world.fake.wait_idle(quiet=0.1, timeout=10)
            assert world.stray.drain() == []
    assert world.failures.records == [], [r.getMessage() for r in world.failures.records]
    await consistent(world.bench)


FUZZ = settings(
    # CI runs a sample; `FUZZ_EXAMPLES=1000 python -m pytest tests/trust/test_fuzz.py` a long run.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(actions=st.lists(action(), min_size=1, max_size=4))
def test_member_survives_anything(world: World, actions: list[tuple[str, Any]]) -> None:
    world.run(example(world, world.member, actions))


@FUZZ
@given(actions=st.lists(action(), min_size=1, max_size=3))
def test_outsider_gets_nothing_but_how_to_join(
    world: World, actions: list[tuple[str, Any]]
) -> None:
    world.run(example(world, world.outsider, actions))
    assert all("link mời" in m.all_text for m in world.fake.messages(world.outsider.chat.id))
