"""The stored vocabulary: messengers, roles, entry kinds and statuses, audiences.

Short ASCII ids that live in the database as they are. They are defined here so that
`storage/` needs nothing from `bot/`; `bot/domain.py` re-exports them with the rest of the
domain's words.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CODE_PREFIX",
    "Audience",
    "Channel",
    "EntryKind",
    "EntryStatus",
    "Role",
    "TipSource",
]


class Role(StrEnum):
    """What a person may do; scope comes from their team or commune."""

    MEMBER = "member"
    LEADER = "leader"
    POLICE = "police"
    ADMIN = "admin"


class Channel(StrEnum):
    """Messenger a person or chat lives on."""

    TELEGRAM = "telegram"
    ZALO = "zalo"


class EntryKind(StrEnum):
    """The three things a team logs."""

    TIP = "tip"
    INCIDENT = "incident"
    DEED = "deed"


CODE_PREFIX: dict[EntryKind, str] = {
    EntryKind.TIP: "TB",
    EntryKind.INCIDENT: "VV",
    EntryKind.DEED: "VT",
}


class EntryStatus(StrEnum):
    """Where an entry stands with commune police."""

    NEW = "new"
    TAKEN = "taken"
    HANDLED = "handled"
    FORWARDED = "forwarded"


class TipSource(StrEnum):
    """How a tip reached commune police: through the grassroots force or directly."""

    FORCE = "force"
    DIRECT = "direct"


class Audience(StrEnum):
    """Who a deadline reminds (issue 4): ASCII ids, stored comma-separated."""

    LEADERS = "leaders"
    MEMBERS = "members"
    POLICE = "police"
    ADMINS = "admins"
