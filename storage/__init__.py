"""All persistence: the Store interface, its records and the SQLite backend."""

from storage.base import Store
from storage.errors import Conflict, InviteRefused, NotFound, StorageError
from storage.sqlite import SqliteStore

__all__ = ["Conflict", "InviteRefused", "NotFound", "SqliteStore", "StorageError", "Store"]
