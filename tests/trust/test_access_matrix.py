"""Who may do what: every command and button × every role × own / other commune.

One readable table. ✅ the action is carried out; ⛔ it is refused with an explanation (a
toast, for a button) and nothing is shown or changed. The people: an outsider who never
joined, then a member, a leader and a police officer of commune A ("own": the data acted
on belongs to A — a confidential tip a member of A filed) and of commune B ("other"), an
admin (the whole province), and someone who opened a police invite of commune A and waits
for an admin's approval (issue 11: pending people get nothing).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

from calendar_kit import settle
from police_support import file_tip, police_group
from zalo_support import zalo_group, zalo_tip

from bot.devtools.fake_telegram import FakeChat, FakeTelegram, FakeUser
from bot.devtools.fake_zalo import FakeZalo
from bot.domain import Role
from harness import Bench, say, settings_for, text_of, web_session

Y, N = "✅", "⛔"
COLUMNS = ("outsider", "member A", "member B", "leader A", "leader B", "police A", "police B",
           "admin", "pending A")  # fmt: skip

# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                     out mem-A mem-B lead-A lead-B pol-A pol-B admin pend-A
    "/tinbao":            (N,  Y,    Y,    Y,     Y,     Y,    Y,    N,    N),
    "/vuviec":            (N,  Y,    Y,    Y,     Y,     N,    N,    N,    N),
    "/viectot":           (N,  Y,    Y,    Y,     Y,     N,    N,    N,    N),
    "/cuatoi":            (N,  Y,    Y,    Y,     Y,     Y,    Y,    Y,    N),
    "/cuato":             (N,  N,    N,    Y,     Y,     N,    N,    N,    N),
    "/bosung CODE":       (N,  Y,    N,    N,     N,     N,    N,    N,    N),
    "/tiepnhan CODE":     (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "button Tiếp nhận":   (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "/nguontin CODE":     (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "/lichsu CODE":       (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "/baocao XA năm":     (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "/baocao tỉnh năm":   (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/bantin XA":         (N,  N,    N,    N,     N,     Y,    N,    Y,    N),
    "/lichbantin XA":     (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/tochuc":            (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/themxa Xã Mới":     (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/moi TA":            (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/nguoi":             (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/doiten NA Lò Văn A": (N, N,    N,    N,     N,     N,    N,    Y,    N),
    "/choduyet":          (N,  N,    N,    N,     N,     Y,    Y,    Y,    N),
    "/lich":              (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/themhan":           (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/khongnhan":         (N,  N,    N,    N,     N,     N,    N,    Y,    N),
    "/web":               (N,  N,    N,    Y,     Y,     Y,    Y,    Y,    N),
    # Last: the admin's refusal ends the wait (the one who waited is an outsider after it).
    "/tuchoi YP":         (N,  N,    N,    N,     N,     N,    N,    Y,    N),
}
# fmt: on

#: Commands that may open a conversation, closed again after the cell.
STARTS_FLOW = {"/tinbao", "/vuviec", "/viectot", "/bosung", "/themhan", "/chuyen"}
#: Words that only ever appear in a refusal.
REFUSED = re.compile(
    "link mời|chỉ dành cho quản trị viên|Chỉ thành viên Tổ|Chỉ tổ trưởng|không có quyền|"
    "Chỉ cán bộ Công an xã|chỉ xem được báo cáo của xã mình|Không tìm thấy tin|"
    "Vụ việc và việc tốt do Tổ bảo vệ ANTT gửi|Trang làm việc trên trình duyệt dành cho|"
    "đang chờ duyệt|Chỉ quản trị viên|Không có tin số"
)
#: Words that must never reach someone refused: the confidential source, the figures.
LEAKS = re.compile("Lò Thị Kín|BÁO CÁO PHONG TRÀO|BẢN TIN|Lịch sử xử lý")


@dataclass
class World:
    bench: Bench
    people: dict[str, FakeUser]
    code: str
    refs: dict[str, str]


async def world(bench: Bench) -> World:
    org = bench.org
    assert org is not None
    people = {
        "outsider": bench.fake.user("Người lạ"),
        "member A": await bench.join("Lan"),
        "member B": await bench.join("Páo", team=org.team_b),
        "leader A": await bench.join("Dũng", Role.LEADER),
        "leader B": await bench.join("Sình", Role.LEADER, team=org.team_b),
        "police A": await bench.join("Minh", Role.POLICE, commune_id=org.commune_a),
        "police B": await bench.join("Thảo", Role.POLICE, commune_id=org.commune_b),
        "admin": bench.admin(),
        "pending A": bench.fake.user("Kẻ Chờ"),
    }
    invite = await bench.invite(Role.POLICE, commune_id=org.commune_a, approval="admin")
    assert "đang chờ duyệt" in (await say(people["pending A"], f"/start {invite}")).all_text
    await bench.fake.wait_idle()
    people["admin"].drain()  # the admin was asked to approve
    [waiting] = await bench.store.open_join_requests()
    code = await file_tip(people["member A"], source="Bà Lò Thị Kín, 0912 000 111")
    refs = {
        "XA": f"X{org.commune_a}",
        "TA": f"T{org.team_a.id}",
        "CODE": code,
        "NA": f"N{(await bench.person(people['member A'])).id}",
        "YP": f"Y{waiting.id}",
    }
    return World(bench, people, code, refs)


async def answered(bench: Bench) -> None:
    """Wait until every update is handled (a digest draws its chart first), the report
    worker's files are made, and the outbox has sent it all: a slow machine's answer is
    still an answer."""
    store = bench.store
    await bench.fake.wait_idle(quiet=0.12)
    for _ in range(400):
        busy = await store.db.fetchone("SELECT 1 FROM inbox WHERE done_at IS NULL")
        if busy is None and not await store.pending_report_jobs():
            break
        await asyncio.sleep(0.05)
    await settle(bench)


async def attempt(w: World, action: str, user: FakeUser) -> str:
    """Do the action as this person; return everything they were shown."""
    fake = w.bench.fake
    user.drain()
    if action.startswith("button"):
        entry = await w.bench.store.get_entry(w.code)
        assert entry is not None
        alert = user.chat.messages[-1] if user.chat.messages else None
        before = len(fake.callback_answers)
        await user.press_raw(f"p:take:{entry.id}", alert.message_id if alert else 1)
        await answered(w.bench)
        toasts = [text or "" for text, _ in list(fake.callback_answers.values())[before:]]
        shown = toasts + [m.all_text for m in user.drain()]
    else:
        text = action
        for name, value in w.refs.items():
            text = text.replace(name, value)
        await user.send_text(text)
        # A private command is always answered, allowed or not: wait for that first (on a
        # loaded machine the update may not even be fetched when the bot looks idle).
        first = await user.next_reply(timeout=10)
        await answered(w.bench)
        shown = [first.all_text, *(m.all_text for m in user.drain())]
    if action.split()[0] in STARTS_FLOW:
        # Leave no conversation open for the next cell.
        await user.send_text("/huy")
        await fake.wait_idle(quiet=0.1)
        user.drain()
    return "\n".join(shown)


async def test_access_matrix(bench: Bench) -> None:
    w = await world(bench)
    wrong = []
    for action, expected in MATRIX.items():
        for column, want in zip(COLUMNS, expected, strict=True):
            shown = await attempt(w, action, w.people[column])
            refused = bool(REFUSED.search(shown))
            got = N if refused else Y
            if got != want:
                wrong.append(f"{action} as {column}: expected {want}, got {got}: {shown[:120]!r}")
            if refused:
                assert not LEAKS.search(shown), f"{action} as {column} leaked: {shown[:200]!r}"
    assert wrong == [], "\n".join(wrong)


# --- typed in a group: where the answer lands (issue 11 §8) ---------------------------------
#
# The wall holds for the chat, not only for the person: G the answer is posted in the group
# (that group is the commune's police chat and the asker may see it); P it goes to the
# asker's private chat instead; R it is refused, privately; — nobody answers (an outsider).
# "group A" / "group B" are the communes' police groups, "unlinked" a group nobody linked.
G, P, R, NONE = "G", "P", "R", "—"
GROUP_COLUMNS = (
    ("police A", "group A"),
    ("police A", "group B"),
    ("police A", "unlinked"),
    ("police B", "group A"),
    ("member A", "group A"),
    ("admin", "group A"),
    ("admin", "group B"),
    ("outsider", "group A"),
)
# fmt: off
GROUP_MATRIX: dict[str, tuple[str, ...]] = {
    #                   polA@A polA@B polA@un polB@A memA@A adm@A adm@B out@A
    "/baocao năm":      (G,     P,     P,      P,     R,     G,    G,    NONE),
    "/baocao XA năm":   (G,     P,     P,      R,     R,     G,    P,    NONE),
    "/baocao tỉnh năm": (R,     R,     R,      R,     R,     P,    P,    NONE),
    "/bantin":          (G,     P,     P,      P,     R,     G,    G,    NONE),
    "/bantin XA":       (G,     P,     P,      R,     R,     G,    P,    NONE),
    "/lichsu CODE":     (G,     P,     P,      R,     R,     G,    P,    NONE),
    "/chuyen CODE":     (G,     P,     P,      R,     R,     G,    P,    NONE),
    "/nguontin CODE":   (P,     P,     P,      R,     R,     P,    P,    NONE),
    "/tinthuong":       (G,     P,     P,      P,     R,     G,    G,    NONE),
    "/lichbantin XA":   (R,     R,     R,      R,     R,     G,    P,    NONE),
}
# fmt: on
#: Words of an answer about commune A (its name, its entry): never in a group but A's.
ABOUT_A = re.compile("Xã Hòa An|TB-2026|Lò Thị Kín")


async def attempt_in_group(w: World, action: str, user: FakeUser, chat: FakeChat) -> str:
    """Type the action in a group; return where its answer landed (G, P, R or —)."""
    user.drain()
    chat.drain()
    text = action
    for name, value in w.refs.items():
        text = text.replace(name, value)
    await user.send_text(text, chat=chat)
    await answered(w.bench)
    in_group = [m.all_text for m in chat.drain()]
    private = [m.all_text for m in user.drain()]
    if in_group and private:
        return f"both: {in_group[:1]} {private[:1]}"
    if in_group:
        return G
    if not private:
        return NONE
    return R if REFUSED.search(private[0]) else P


async def test_group_matrix(fake: FakeTelegram, tmp_path: Path) -> None:
    bench = Bench(fake, tmp_path / "antt.sqlite3")
    # Dozens of answers into one group within a minute: lift the 20-a-minute group pace
    # (ours and python-telegram-bot's rate limiter).
    bench.settings = settings_for(
        fake, bench.db, delivery={"group_per_minute": 1000}, telegram={"rate_limit": False}
    )
    await bench.start()
    try:
        await bench.seed()
        await group_matrix(bench)
    finally:
        await bench.stop()


async def group_matrix(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    w = await world(bench)
    chats = {
        "group A": await police_group(bench, org.commune_a, "Công an xã Hòa An"),
        "group B": await police_group(bench, org.commune_b, "Công an xã Nguyên Bình"),
        "unlinked": bench.fake.group("Nhóm bạn bè"),
    }
    await bench.fake.wait_idle()
    wrong = []
    for action, expected in GROUP_MATRIX.items():
        for (who, where), want in zip(GROUP_COLUMNS, expected, strict=True):
            chat = chats[where]
            got = await attempt_in_group(w, action, w.people[who], chat)
            if got != want:
                wrong.append(f"{action} by {who} in {where}: expected {want}, got {got}")
    assert wrong == [], "\n".join(wrong)
    # Nothing about commune A was ever posted in another group.
    for name in ("group B", "unlinked"):
        leaked = [m.all_text[:80] for m in chats[name].messages if ABOUT_A.search(m.all_text)]
        assert leaked == [], f"{name}: {leaked}"
    assert not any("Lò Thị Kín" in m.all_text for c in chats.values() for m in c.messages)


# --- Typed in a Zalo group (issue 13): the same walls where answers are words --------------
#
# On Zalo a group hears the bot only when a message mentions it or replies to it; officers
# answer an alert with «nhận 1» (the number it has in that group). "N" is commune A's tip's
# number in A's group; in B's group and the unlinked one no entry has it.
ZALO_GROUP_COLUMNS = GROUP_COLUMNS
# fmt: off
ZALO_GROUP_MATRIX: dict[str, tuple[str, ...]] = {
    #                   polA@A polA@B polA@un polB@A memA@A adm@A adm@B out@A
    "/baocao năm":      (G,     P,     P,      P,     R,     G,    G,    NONE),
    "/lichsu CODE":     (G,     P,     P,      R,     R,     G,    P,    NONE),
    "/nguontin CODE":   (P,     P,     P,      R,     R,     P,    P,    NONE),
    "/bantin XA":       (G,     P,     P,      R,     R,     G,    P,    NONE),
    # Police A takes it first; the admin is then told who has it, in the group.
    "nhận N":           (G,     R,     R,      R,     NONE,  G,    R,    NONE),
    "xong N":           (G,     R,     R,      R,     NONE,  G,    R,    NONE),
}
# fmt: on


async def test_zalo_group_matrix(fake: FakeTelegram, tmp_path: Path) -> None:
    async with FakeZalo() as zfake:
        bench = Bench(fake, tmp_path / "antt.sqlite3", zfake=zfake)
        bench.settings = settings_for(fake, bench.db, zfake, zalo={"group_per_minute": 1000})
        await bench.start()
        try:
            org = await bench.seed()
            await zalo_group_matrix(bench, org.commune_a, org.commune_b)
        finally:
            await bench.stop()


async def zalo_group_matrix(bench: Bench, commune_a: int, commune_b: int) -> None:
    org = bench.org
    assert org is not None
    people = {
        "police A": await bench.join_zalo("Minh", Role.POLICE, commune_id=commune_a),
        "police B": await bench.join_zalo("Thảo", Role.POLICE, commune_id=commune_b),
        "member A": await bench.join_zalo("Lan"),
        "admin": bench.zalo_admin(),
        "outsider": bench.zalo.user("Người lạ"),
    }
    chats = {
        "group A": await zalo_group(bench, commune_a, "Công an xã Hòa An"),
        "group B": await zalo_group(bench, commune_b, "Công an xã Nguyên Bình"),
        "unlinked": bench.zalo.group("Nhóm bạn bè"),
    }
    code = await zalo_tip(people["member A"], source="Bà Lò Thị Kín, 0912 000 111")
    alert = await chats["group A"].messages_until(lambda m: code in text_of(m))
    assert "«nhận 1»" in text_of(alert[-1])
    refs = {"XA": f"X{commune_a}", "CODE": code, "N": "1"}
    wrong = []
    for action, expected in ZALO_GROUP_MATRIX.items():
        for (who, where), want in zip(ZALO_GROUP_COLUMNS, expected, strict=True):
            text = action
            for name, value in refs.items():
                text = text.replace(name, value)
            user, chat = people[who], chats[where]
            user.drain()
            chat.drain()
            await user.send_text(text, group=chat, mention=True)
            await zalo_answered(bench)
            in_group = [text_of(m) for m in chat.drain()]
            private = [text_of(m) for m in user.drain()]
            if in_group and private:
                got = f"both: {in_group[:1]} {private[:1]}"
            elif in_group:
                got = G
            elif not private:
                got = NONE
            else:
                got = R if REFUSED.search(private[0]) else P
            if got != want:
                wrong.append(f"{action} by {who} in {where}: expected {want}, got {got}")
    assert wrong == [], "\n".join(wrong)
    for name in ("group B", "unlinked"):
        leaked = [text_of(m)[:80] for m in chats[name].messages if ABOUT_A.search(text_of(m))]
        assert leaked == [], f"{name}: {leaked}"
    assert not any("Lò Thị Kín" in text_of(m) for c in chats.values() for m in c.messages)


async def zalo_answered(bench: Bench) -> None:
    """Wait until every Zalo event is handled and the outbox has sent what it queued."""
    store = bench.store
    for _ in range(400):
        busy = await store.db.fetchone("SELECT 1 FROM inbox WHERE done_at IS NULL")
        pending = bench.zalo.pending_events or busy is not None
        if not pending and not await store.pending_report_jobs():
            break
        await asyncio.sleep(0.05)
    await settle(bench)
    await bench.zalo.wait_idle(quiet=0.1)


# --- The web workspace (issue 12): page × role × own / other commune -----------------------

WEB_COLUMNS = ("no session", "leader A", "leader B", "police A", "police B", "admin")
# fmt: off
WEB_MATRIX: dict[str, tuple[str, ...]] = {
    #                                    none lead-A lead-B pol-A pol-B admin
    "GET /inbox":                        (N,   N,     N,     Y,    Y,    Y),
    "GET /inbox?xa=XA":                  (N,   N,     N,     Y,    N,    Y),
    "GET /e/CODE":                       (N,   Y,     N,     Y,    N,    Y),
    "GET /e/CODE/anh/1":                 (N,   Y,     N,     Y,    N,    Y),
    "POST /e/CODE/nguon":                (N,   N,     N,     Y,    N,    Y),
    "POST /e/CODE action=take":          (N,   N,     N,     Y,    N,    Y),
    "GET /map/data?xa=XA":               (N,   N,     N,     Y,    N,    Y),
    "GET /reports?xa=XA":                (N,   N,     N,     Y,    N,    Y),
    "GET /reports/tep.xlsx?xa=XA":       (N,   N,     N,     Y,    N,    Y),
    "GET /team":                         (N,   Y,     Y,     N,    N,    N),
    "GET /org":                          (N,   N,     N,     N,    N,    Y),
    "POST /org/xa name=Xã Mới":          (N,   N,     N,     N,    N,    Y),
    # A request of commune A's invite that lets its officers decide: police A refuses it
    # first, the admin then finds it decided (200, saying who); nobody else may decide.
    "POST /duyet/REQ verdict=refuse":    (N,   N,     N,     Y,    N,    Y),
    "POST /org/huyma code=NOCODE":       (N,   N,     N,     N,    N,    Y),
    # A kept photo's address for Zalo works only signed, session or not (issue 13).
    "GET /m/9999999999/forged/zalo/00/x.jpg": (N, N,   N,     N,    N,    N),
}
# fmt: on
async def test_web_access_matrix(bench: Bench) -> None:
    org = bench.org
    assert org is not None
    lan = await bench.join("Lan")
    code = await file_tip(lan, source="Bà Lò Thị Kín, 0912 000 111", photos=1)
    people: dict[str, FakeUser | None] = {
        "no session": None,
        "leader A": await bench.join("Dũng", Role.LEADER),
        "leader B": await bench.join("Sình", Role.LEADER, team=org.team_b),
        "police A": await bench.join("Minh", Role.POLICE, commune_id=org.commune_a),
        "police B": await bench.join("Thảo", Role.POLICE, commune_id=org.commune_b),
        "admin": bench.admin(),
    }
    invite = await bench.invite(Role.POLICE, commune_id=org.commune_a, approval="police")
    await say(bench.fake.user("Kẻ Chờ"), f"/start {invite}")
    [waiting] = await bench.store.open_join_requests()
    assert bench.runtime is not None
    base = bench.runtime.services.web_auth.base_url
    wrong = []
    for column, user in people.items():
        client, csrf = await web_session(bench, user)
        try:
            for cell, expected in WEB_MATRIX.items():
                want = expected[WEB_COLUMNS.index(column)]
                method, rest = cell.split(" ", 1)
                path, _, form_text = rest.partition(" ")
                path = path.replace("XA", str(org.commune_a)).replace("CODE", code)
                path = path.replace("REQ", str(waiting.id))
                form = dict(pair.split("=", 1) for pair in form_text.split(",") if pair)
                form["csrf"] = csrf
                async with client.request(
                    method, base + path, data=form if method == "POST" else None
                ) as response:
                    body = await response.read()
                got = Y if response.status == 200 else N
                if got != want:
                    wrong.append(f"{cell} as {column}: expected {want}, got {response.status}")
                if got == N:
                    assert response.status in (401, 403), f"{cell} as {column}: {response.status}"
                    shown = body.decode(errors="replace")
                    assert "Lò Thị Kín" not in shown and "Người lạ hỏi mua" not in shown
        finally:
            await client.close()
    assert wrong == [], "\n".join(wrong)
    # Another commune's inbox never lists commune A's tip.
    thao = people["police B"]
    client, _ = await web_session(bench, thao)
    try:
        async with client.get(base + "/inbox?tt=all") as response:
            assert code not in await response.text()
    finally:
        await client.close()
