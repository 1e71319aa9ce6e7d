"""Domain vocabulary: roles, entry kinds and their categories.

Ids are short ASCII strings: they travel in callback data (64 bytes at most) and in the
database, while the words people read come from the text catalogue.
"""

from __future__ import annotations

from enum import StrEnum


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


#: Messengers that show a reply keyboard (the main menu under the text field).
KEYBOARD_CHANNELS: frozenset[Channel] = frozenset({Channel.TELEGRAM})

#: Messengers where each police officer's own chat with the bot is kept as a police chat of
#: their commune (Zalo): it stands in for a group while the commune has none linked on that
#: messenger, and takes over again when the group is lost (storage: `police_chats`).
PRIVATE_POLICE_CHANNELS: frozenset[Channel] = frozenset({Channel.ZALO})


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


# Categories of tips named in the provincial plans (DOMAIN.md).
TIP_CATEGORIES: tuple[str, ...] = (
    "drugs",
    "theft",
    "gambling",
    "suspicious",
    "weapons",
    "fraud",
    "border",
    "residence",
    "business",
    "other",
)

INCIDENT_TYPES: tuple[str, ...] = (
    "fight",
    "theft",
    "traffic",
    "fire",
    "rescue",
    "dispute",
    "other",
)

# Fire and rescue incidents are measured separately: the force must be present at 100%.
FIRE_RESCUE_TYPES: frozenset[str] = frozenset({"fire", "rescue"})

INCIDENT_ACTIONS: tuple[str, ...] = ("on_site", "to_police", "mediated", "other")

DEED_KINDS: tuple[str, ...] = (
    "danger",
    "lost_property",
    "mediation",
    "firefighting",
    "rescue",
    "help_police",
    "propaganda",
    "other",
)

VILLAGE_KINDS: tuple[str, ...] = ("village", "residential_group")


class Audience(StrEnum):
    """Who a deadline reminds (issue 4): ASCII ids, stored comma-separated."""

    LEADERS = "leaders"
    MEMBERS = "members"
    POLICE = "police"
    ADMINS = "admins"
