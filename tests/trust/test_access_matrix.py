"""Who may do what: every command and button × every role × own / other commune.

One readable table. ✅ the action is carried out; ⛔ it is refused with an explanation (a
toast, for a button) and nothing is shown or changed. The people: an outsider who never
joined, then a member, a leader and a police officer of commune A ("own": the data acted
on belongs to A — a confidential tip a member of A filed) and of commune B ("other"), an
admin (the whole province), and someone who opened a police invite of commune A and waits
for an admin's approval (issue 11: pending people get nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from police_support import file_tip

from bot.devtools.fake_telegram import FakeUser
from bot.domain import Role
from harness import Bench, say

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
    "Vụ việc và việc tốt do Tổ bảo vệ ANTT gửi|đang chờ duyệt|Chỉ quản trị viên"
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
        await fake.wait_idle(quiet=0.12)
        toasts = [text or "" for text, _ in list(fake.callback_answers.values())[before:]]
        shown = toasts + [m.all_text for m in user.drain()]
    else:
        text = action
        for name, value in w.refs.items():
            text = text.replace(name, value)
        await user.send_text(text)
        # Every command is answered, allowed or not: wait for that answer (a quiet gap
        # alone ends early on a loaded machine), then for whatever follows it.
        first = await user.next_reply(timeout=10)
        await fake.wait_idle(quiet=0.12)
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
