"""The store a configuration asks for: SQLite's file or a PostgreSQL server."""

from __future__ import annotations

from bot.config import StorageSettings
from storage.base import Store


def store_for(storage: StorageSettings) -> Store:
    """Return the (unopened) store of `[storage]`."""
    if storage.backend == "postgresql":
        from storage.postgres import PostgresStore

        return PostgresStore(storage.dsn.get_secret_value(), max_size=storage.pool_size)
    from storage.sqlite import SqliteStore

    return SqliteStore(storage.path, synchronous=storage.synchronous)
