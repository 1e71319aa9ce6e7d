"""The PostgreSQL backend (storage.backend = "postgresql")."""

from storage.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
