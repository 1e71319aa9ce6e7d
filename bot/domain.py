"""Domain vocabulary: roles, entry kinds and their categories.

Ids are short ASCII strings: they travel in callback data (64 bytes at most) and in the
database, while the words people read come from the text catalogue.
"""

from __future__ import annotations

from storage.vocab import (
    CODE_PREFIX,
    Audience,
    Channel,
    EntryKind,
    EntryStatus,
    Role,
    TipSource,
)

__all__ = [
    "CODE_PREFIX",
    "DEED_KINDS",
    "FIRE_RESCUE_TYPES",
    "INCIDENT_ACTIONS",
    "INCIDENT_TYPES",
    "KEYBOARD_CHANNELS",
    "PRIVATE_POLICE_CHANNELS",
    "TIP_CATEGORIES",
    "VILLAGE_KINDS",
    "Audience",
    "Channel",
    "EntryKind",
    "EntryStatus",
    "Role",
    "TipSource",
]

#: Messengers that show a reply keyboard (the main menu under the text field).
KEYBOARD_CHANNELS: frozenset[Channel] = frozenset({Channel.TELEGRAM})

#: Messengers where each police officer's own chat with the bot is kept as a police chat of
#: their commune (Zalo): it stands in for a group while the commune has none linked on that
#: messenger, and takes over again when the group is lost (storage: `police_chats`).
PRIVATE_POLICE_CHANNELS: frozenset[Channel] = frozenset({Channel.ZALO})


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
