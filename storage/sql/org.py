"""Organisation tree: provinces, communes, villages, teams and police chats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.clock import opt_from_db, to_db
from storage.domain import Channel
from storage.errors import Conflict, NotFound
from storage.models import Commune, OfficialUnit, OrgRow, PoliceChat, Province, Team, Village
from storage.names import name_key
from storage.sql.conn import AsyncConn, Database, IntegrityError, Row, fetchone

#: A commune's police chats as its messages reach them: every group linked to it, and an
#: officer's own chat (person_id set) only on a messenger where the commune has no group —
#: a Zalo group stands in for its officers' own chats, which take over again the moment the
#: group is unlinked or lost. `{where}` filters `pc`.
POLICE_CHATS_SELECT = """
SELECT pc.channel, pc.chat_id, pc.commune_id, pc.title, pc.person_id FROM police_chats pc
WHERE {where} AND (pc.person_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM police_chats g WHERE g.commune_id = pc.commune_id
    AND g.channel = pc.channel AND g.person_id IS NULL))
"""

TEAM_SELECT = """
SELECT t.id, t.village_id, t.name, v.name AS village_name, c.id AS commune_id,
       c.name AS commune_name, t.created_at
FROM teams t JOIN villages v ON v.id = t.village_id JOIN communes c ON c.id = v.commune_id
"""


def _team(row: Row) -> Team:
    return Team(
        id=row["id"],
        village_id=row["village_id"],
        name=row["name"],
        village_name=row["village_name"],
        commune_id=row["commune_id"],
        commune_name=row["commune_name"],
        created_at=opt_from_db(row["created_at"]),
    )


COMMUNE_SELECT = "SELECT id, province_id, name, code, lat, lon FROM communes"


def _commune(row: Row) -> Commune:
    return Commune(
        id=row["id"],
        province_id=row["province_id"],
        name=row["name"],
        code=row["code"],
        lat=row["lat"],
        lon=row["lon"],
    )


async def _ensure_province(conn: AsyncConn, name: str) -> int:
    row = await fetchone(conn, "SELECT id FROM provinces WHERE name_key = ?", (name_key(name),))
    if row:
        return int(row[0])
    cursor = await conn.execute(
        "INSERT INTO provinces (name, name_key) VALUES (?, ?)", (name.strip(), name_key(name))
    )
    return int(cursor.lastrowid or 0)


async def _ensure_commune(
    conn: AsyncConn, province_id: int, name: str, now: datetime
) -> tuple[int, bool]:
    row = await fetchone(
        conn,
        "SELECT id FROM communes WHERE province_id = ? AND name_key = ?",
        (province_id, name_key(name)),
    )
    if row:
        return int(row[0]), False
    cursor = await conn.execute(
        "INSERT INTO communes (province_id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
        (province_id, name.strip(), name_key(name), to_db(now)),
    )
    return int(cursor.lastrowid or 0), True


async def _ensure_village(
    conn: AsyncConn, commune_id: int, name: str, kind: str
) -> tuple[int, bool]:
    row = await fetchone(
        conn,
        "SELECT id FROM villages WHERE commune_id = ? AND name_key = ?",
        (commune_id, name_key(name)),
    )
    if row:
        return int(row[0]), False
    cursor = await conn.execute(
        "INSERT INTO villages (commune_id, name, name_key, kind) VALUES (?, ?, ?, ?)",
        (commune_id, name.strip(), name_key(name), kind),
    )
    return int(cursor.lastrowid or 0), True


async def _ensure_team(
    conn: AsyncConn, village_id: int, name: str, now: datetime | None
) -> tuple[int, bool]:
    row = await fetchone(
        conn,
        "SELECT id FROM teams WHERE village_id = ? AND name_key = ?",
        (village_id, name_key(name)),
    )
    if row:
        return int(row[0]), False
    cursor = await conn.execute(
        "INSERT INTO teams (village_id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
        (village_id, name.strip(), name_key(name), to_db(now) if now else None),
    )
    return int(cursor.lastrowid or 0), True


class OrgMixin:
    """Reads and writes of the organisation tree."""

    db: Database

    async def ensure_province(self, name: str) -> Province:
        """Return the province of that name, creating it if needed."""
        async with self.db.write() as conn:
            province_id = await _ensure_province(conn, name)
        row = await self.db.fetchone("SELECT id, name FROM provinces WHERE id = ?", (province_id,))
        assert row is not None
        return Province(id=row["id"], name=row["name"])

    async def list_provinces(self) -> list[Province]:
        """Return every province, by name."""
        rows = await self.db.fetchall("SELECT id, name, code FROM provinces ORDER BY name_key")
        return [Province(id=r["id"], name=r["name"], code=r["code"]) for r in rows]

    async def add_commune(self, province_id: int, name: str, now: datetime) -> Commune:
        """Create a commune; Conflict if the province already has one of that name."""
        async with self.db.write() as conn:
            commune_id, created = await _ensure_commune(conn, province_id, name, now)
        if not created:
            raise Conflict(f"commune {name!r} exists")
        return await self.get_commune(commune_id)

    async def get_commune(self, commune_id: int) -> Commune:
        """Return a commune by id."""
        row = await self.db.fetchone(COMMUNE_SELECT + " WHERE id = ?", (commune_id,))
        if row is None:
            raise NotFound(f"commune {commune_id}")
        return _commune(row)

    async def list_communes(self) -> list[Commune]:
        """Return every commune, by name."""
        rows = await self.db.fetchall(COMMUNE_SELECT + " ORDER BY name_key, id")
        return [_commune(r) for r in rows]

    async def add_official_communes(
        self, province: OfficialUnit, communes: Sequence[OfficialUnit], now: datetime
    ) -> list[Commune]:
        """Create communes of the official map in one transaction; return those that were new.

        A commune already there (by code, or by name when it was typed before it had a
        code) is kept and given its code and centre: running it twice changes nothing.
        """
        created: list[int] = []
        async with self.db.write() as conn:
            province_id = await _ensure_province(conn, province.name)
            await conn.execute(
                "UPDATE provinces SET code = ? WHERE id = ? AND code IS NULL",
                (province.code, province_id),
            )
            for unit in communes:
                row = await fetchone(conn, "SELECT id FROM communes WHERE code = ?", (unit.code,))
                if row is None:
                    row = await fetchone(
                        conn,
                        "SELECT id FROM communes WHERE province_id = ? AND name_key = ? "
                        "AND code IS NULL",
                        (province_id, name_key(unit.name)),
                    )
                    if row is not None:
                        await conn.execute(
                            "UPDATE communes SET code = ?, lat = ?, lon = ? WHERE id = ?",
                            (unit.code, unit.lat, unit.lon, row[0]),
                        )
                if row is not None:
                    continue
                try:
                    cursor = await conn.execute(
                        "INSERT INTO communes (province_id, name, name_key, created_at, code, "
                        "lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            province_id,
                            unit.name,
                            name_key(unit.name),
                            to_db(now),
                            unit.code,
                            unit.lat,
                            unit.lon,
                        ),
                    )
                except IntegrityError as exc:
                    # Same name as a commune that has another code: nothing is created.
                    raise Conflict(f"commune {unit.name!r} exists with another code") from exc
                created.append(int(cursor.lastrowid or 0))
        return [await self.get_commune(commune_id) for commune_id in created]

    async def add_village_with_team(
        self, commune_id: int, village: str, kind: str, team: str, *, now: datetime | None = None
    ) -> Team:
        """Create a village and its security team; Conflict if the village exists.

        `now` is when the team starts counting for the monthly good-deed target.
        """
        async with self.db.write() as conn:
            exists = await fetchone(conn, "SELECT 1 FROM communes WHERE id = ?", (commune_id,))
            if exists is None:
                raise NotFound(f"commune {commune_id}")
            village_id, created = await _ensure_village(conn, commune_id, village, kind)
            if not created:
                raise Conflict(f"village {village!r} exists")
            team_id, _ = await _ensure_team(conn, village_id, team, now)
        return await self.get_team(team_id)

    async def list_villages(self, commune_id: int) -> list[Village]:
        """Return the villages of a commune, by name."""
        rows = await self.db.fetchall(
            "SELECT id, commune_id, name, kind FROM villages WHERE commune_id = ? "
            "ORDER BY name_key",
            (commune_id,),
        )
        return [
            Village(id=r["id"], commune_id=r["commune_id"], name=r["name"], kind=r["kind"])
            for r in rows
        ]

    async def get_team(self, team_id: int) -> Team:
        """Return a team with its village and commune names."""
        row = await self.db.fetchone(TEAM_SELECT + " WHERE t.id = ?", (team_id,))
        if row is None:
            raise NotFound(f"team {team_id}")
        return _team(row)

    async def list_teams(
        self, commune_id: int | None = None, *, province_id: int | None = None
    ) -> list[Team]:
        """Return teams, of one commune, one province or all, ordered by commune and village."""
        where: str = ""
        params: tuple[int, ...] = ()
        if commune_id is not None:
            where, params = "WHERE c.id = ?", (commune_id,)
        elif province_id is not None:
            # A province's report must not read the whole country's teams (issue 14).
            where, params = "WHERE c.province_id = ?", (province_id,)
        rows = await self.db.fetchall(
            f"{TEAM_SELECT} {where} ORDER BY c.name_key, v.name_key, t.name_key", params
        )
        return [_team(r) for r in rows]

    async def import_org(
        self, province: str, rows: Sequence[OrgRow], now: datetime
    ) -> dict[str, int]:
        """Create the tree from rows in one transaction; return counts of what was new."""
        counts = {"communes": 0, "villages": 0, "teams": 0}
        async with self.db.write() as conn:
            province_id = await _ensure_province(conn, province)
            for row in rows:
                commune_id, new_commune = await _ensure_commune(conn, province_id, row.commune, now)
                village_id, new_village = await _ensure_village(
                    conn, commune_id, row.village, row.kind
                )
                _, new_team = await _ensure_team(conn, village_id, row.team, now)
                counts["communes"] += new_commune
                counts["villages"] += new_village
                counts["teams"] += new_team
        return counts

    async def link_police_chat(
        self, channel: Channel, chat_id: str, commune_id: int, title: str, by: int, now: datetime
    ) -> PoliceChat:
        """Make a chat the police chat of a commune (a chat serves one commune)."""
        async with self.db.write() as conn:
            await conn.execute(
                "INSERT INTO police_chats (channel, chat_id, commune_id, title, linked_by, "
                "linked_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, chat_id) DO UPDATE "
                "SET commune_id = excluded.commune_id, title = excluded.title, "
                "linked_by = excluded.linked_by, linked_at = excluded.linked_at",
                (channel.value, chat_id, commune_id, title, by, to_db(now)),
            )
            # Linked again after the bot was removed from it (issue 11).
            await conn.execute(
                "DELETE FROM unlinked_police_chats WHERE channel = ? AND chat_id = ?",
                (channel.value, chat_id),
            )
        return PoliceChat(channel=channel, chat_id=chat_id, commune_id=commune_id, title=title)

    async def police_chat(self, channel: Channel, chat_id: str) -> PoliceChat | None:
        """Return the police-chat link of a chat, if it has one."""
        row = await self.db.fetchone(
            "SELECT channel, chat_id, commune_id, title, person_id FROM police_chats "
            "WHERE channel = ? AND chat_id = ?",
            (channel.value, chat_id),
        )
        return PoliceChat(**dict(row)) if row else None

    async def police_chats(self, commune_id: int) -> list[PoliceChat]:
        """Return where a commune's police messages go: its groups, and its officers' own
        chats on a messenger where it has no group."""
        rows = await self.db.fetchall(
            POLICE_CHATS_SELECT.format(where="pc.commune_id = ?") + " ORDER BY pc.rowid",
            (commune_id,),
        )
        return [PoliceChat(**dict(r)) for r in rows]
