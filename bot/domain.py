"""The domain's vocabulary, kept in `storage.domain` so storage needs nothing from the
application; re-exported here for the application's own imports."""

from __future__ import annotations

from storage.domain import (
    CODE_PREFIX,
    DEED_KINDS,
    FIRE_RESCUE_TYPES,
    INCIDENT_ACTIONS,
    INCIDENT_TYPES,
    KEYBOARD_CHANNELS,
    PRIVATE_POLICE_CHANNELS,
    TIP_CATEGORIES,
    VILLAGE_KINDS,
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
