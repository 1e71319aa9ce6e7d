"""All persistence: the Store interface, its records and the SQLite backend.

The names below are loaded on first use, so that `storage.vocab` (the stored vocabulary,
which `bot/domain.py` re-exports) can be imported without loading the backend.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.base import Store
    from storage.errors import Conflict, InviteRefused, NotFound, StorageError
    from storage.sqlite import SqliteStore

__all__ = ["Conflict", "InviteRefused", "NotFound", "SqliteStore", "StorageError", "Store"]

_HOMES = {
    "Store": "storage.base",
    "Conflict": "storage.errors",
    "InviteRefused": "storage.errors",
    "NotFound": "storage.errors",
    "StorageError": "storage.errors",
    "SqliteStore": "storage.sqlite",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
