"""Render a sample annual report to PDF and PNG pages, to look at it (needs LibreOffice).

Builds a small, realistic commune (Vietnamese names, a year of tips, incidents and good
deeds), makes the commune's and the province's report files exactly as /baocao does,
then converts the DOCX and the XLSX with LibreOffice and the PDF pages with pdftoppm:

    apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
    python bench/render_report.py            # files in bench/results/render/

Not part of CI: CI never needs LibreOffice.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import ManualClock  # noqa: E402
from bot.config import TargetsSettings  # noqa: E402
from bot.domain import DEED_KINDS, INCIDENT_TYPES, TIP_CATEGORIES  # noqa: E402
from bot.parsing import Period  # noqa: E402
from bot.reports.figures import FiguresService  # noqa: E402
from bot.reports.message import render_message  # noqa: E402
from bot.reports.worker import Letterhead, ReportFiles  # noqa: E402
from bot.services.context import Env  # noqa: E402
from bot.texts import Texts  # noqa: E402
from storage.clock import to_db  # noqa: E402
from storage.models import OrgRow  # noqa: E402
from storage.sqlite import SqliteStore  # noqa: E402
from storage.sqlite.bulk import bulk_insert_entries, bulk_insert_persons, create_schema  # noqa: E402

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 10, 3, tzinfo=UTC)
# Real communes and wards of Cao Bằng since 07/2025 (storage/admin_units/admin_units_2025.csv);
# villages named as villages there are.
COMMUNES = {
    "Xã Hòa An": ["Thôn Nà Cáp", "Thôn Bó Lếch", "Thôn Pác Nặm", "Tổ dân phố 1", "Tổ dân phố 2"],
    "Xã Nguyên Bình": ["Bản Chang", "Bản Phủng", "Thôn Cốc Phường"],
    "Phường Thục Phán": ["Tổ dân phố 3", "Tổ dân phố 4"],
}
OFFICERS = ["Hoàng Văn Thắng", "Lục Thị Hằng", "Nông Đức Mạnh"]
NOTES = [
    "Đã xác minh, nhắc nhở hộ gia đình",
    "Đã lập biên bản, chuyển Công an tỉnh",
    "",
    "Hòa giải thành tại nhà văn hóa thôn",
]
PEOPLE = ["Nông Văn Dũng", "Hoàng Thị Mai", "Lục Văn Bảy", "Đàm Thị Hoa", "Bế Văn Toàn"]
#: Residents members name as having helped with a good deed.
RESIDENTS = ["Bà Lục Thị Mai", "Ông Hoàng Văn Páo", "Cháu Nông Văn An"]
DEEDS = [
    "Giúp bà Lương Thị Xuân bị ngã xe máy trên đường liên thôn đến trạm y tế",
    "Nhặt được ví có 2.500.000 đồng và giấy tờ, trả lại cho anh Triệu Văn Sơn",
    "Hòa giải mâu thuẫn về ranh giới đất vườn giữa hai hộ gia đình",
    "Cùng nhân dân dập tắt đám cháy rừng keo khoảng 0,5 ha",
    "Tuyên truyền phòng chống lừa đảo qua mạng tại nhà văn hóa thôn, 45 người dự",
]


async def build(path: Path) -> None:
    """A year of plausible activity in three communes."""
    await create_schema(path)
    store = SqliteStore(path)
    await store.open()
    rows = [
        OrgRow(line=i, commune=c, village=v, team=f"Tổ bảo vệ ANTT {v[:1].lower()}{v[1:]}")
        for i, (c, v) in enumerate(((c, v) for c, vs in COMMUNES.items() for v in vs), 1)
    ]
    # Teams set up before the year began: every month of it counts for them.
    await store.import_org("Cao Bằng", rows, datetime(2025, 12, 20, tzinfo=UTC))
    teams = await store.list_teams()
    await store.close()
    ids = bulk_insert_persons(
        path, [(PEOPLE[i % len(PEOPLE)], "member", t.id, t.commune_id) for i, t in enumerate(teams)]
    )
    communes = sorted({t.commune_id for t in teams})
    officers = dict(
        zip(
            communes,
            bulk_insert_persons(
                path,
                [(OFFICERS[i % len(OFFICERS)], "police", None, c) for i, c in enumerate(communes)],
            ),
            strict=True,
        )
    )
    rng = random.Random(7)
    counters: dict[str, int] = {}
    entries = []
    doers: list[tuple[str, int | None, str | None]] = []
    start = datetime(2026, 1, 1, tzinfo=TZ)
    for _ in range(900):
        created = start + timedelta(seconds=rng.randrange(int((NOW - start).total_seconds())))
        index = rng.randrange(len(teams))
        team = teams[index]
        kind = rng.choice(["tip", "tip", "incident", "deed", "deed"])
        if kind == "deed" and team.village_name == "Tổ dân phố 2" and created.month in (3, 7):
            continue  # one team with gaps: the report must show it
        prefix = {"tip": "TB", "incident": "VV", "deed": "VT"}[kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        direct = kind == "tip" and rng.random() < 0.18
        on_scene = rng.random() < 0.9 if kind == "incident" else None
        stamp = to_db(created)
        code = f"{prefix}-2026-{counters[prefix]:06d}"
        if kind == "deed":
            doers.append((code, ids[index], None))
            if rng.random() < 0.2:
                doers.append((code, None, rng.choice(RESIDENTS)))
        entries.append(
            (
                code,
                kind,
                None if direct else ids[index],
                None if direct else team.id,
                team.village_id,
                team.commune_id,
                "direct" if direct else "force",
                rng.choice(
                    {"tip": TIP_CATEGORIES, "incident": INCIDENT_TYPES, "deed": DEED_KINDS}[kind]
                ),
                rng.choice(DEEDS) if kind == "deed" else "Người dân báo có đối tượng lạ",
                team.village_name,
                None,
                None,
                stamp if kind == "incident" else None,
                0,
                0,
                None if on_scene is None else int(on_scene),
                rng.randrange(5, 30) if on_scene else None,
                "on_site" if kind == "incident" else None,
                0 if kind == "incident" else None,
                None,  # entries.doers: the old free text (doers are rows of deed_doers)
                None,
                "handled" if kind != "deed" else "new",
                stamp,
                stamp,
            )
        )
    entries.sort(key=lambda row: str(row[-1]))
    bulk_insert_entries(path, entries, doers=doers)
    add_handling(path, officers, rng)


def add_handling(path: Path, officers: dict[int, int], rng: random.Random) -> None:
    """Have commune police take and handle the tips and incidents, as the buttons would."""
    conn = sqlite3.connect(path)
    with conn:
        rows = conn.execute(
            "SELECT id, commune_id, created_at FROM entries WHERE kind != 'deed'"
        ).fetchall()
        events = []
        for entry_id, commune_id, created in rows:
            filed = datetime.fromisoformat(created).replace(tzinfo=UTC)
            taken = filed + timedelta(minutes=rng.choice([5, 12, 25, 40, 90, 240, 600]))
            handled = taken + timedelta(hours=rng.choice([1, 3, 8, 26, 72]))
            officer = officers[commune_id]
            events.append((entry_id, "take", "taken", officer, None, to_db(taken)))
            events.append(
                (entry_id, "handle", "handled", officer, rng.choice(NOTES) or None, to_db(handled))
            )
        conn.executemany(
            "INSERT INTO entry_events (entry_id, action, status, person_id, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
    conn.close()


def convert(source: Path, folder: Path) -> Path:
    """Convert a document to PDF with LibreOffice and its pages to PNG."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / (source.stem + ".pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(pdf), str(folder / source.stem)], check=True
    )
    return pdf


async def main() -> int:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print(__doc__, file=sys.stderr)
        return 2
    out = ROOT / "bench" / "results" / "render"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.sqlite3"
        await build(path)
        store = SqliteStore(path)
        await store.open()
        env = Env(store=store, clock=ManualClock(NOW), tz=TZ, admins=frozenset())
        figures = FiguresService(env, TargetsSettings(), "Cao Bằng")
        files = ReportFiles(env, figures, out, Letterhead(province="Cao Bằng"))
        texts = Texts("vi")
        year = Period(date(2026, 1, 1), date(2026, 12, 31), "year:2026")
        commune = (await store.list_communes())[0]
        for name, commune_id in (("xa", commune.id), ("tinh", None)):
            result = await figures.compute(commune_id, year, NOW)
            (out / f"{name}.txt").write_text(render_message(texts, result, TZ), encoding="utf-8")
            await files.chart(result, texts, out / f"{name}.png")
            await files.workbook(result, texts, out / f"{name}-bangtinh.xlsx")
            await files.annual(result, texts, out / f"{name}-baocao.docx")
        await store.close()
    for name in ("xa", "tinh"):
        for stem in (f"{name}-baocao.docx", f"{name}-bangtinh.xlsx"):
            print("rendered", convert(out / stem, out))
    print(f"look at {out}/xa-baocao-1.png … and {out}/xa.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
