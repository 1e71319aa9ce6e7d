"""Errors storage raises, free of any driver's types."""


class StorageError(Exception):
    """The database cannot do what was asked."""


class NotFound(StorageError):
    """The record does not exist."""


class Conflict(StorageError):
    """The change clashes with what is stored (a duplicate, a used-up code)."""


class InviteRefused(StorageError):
    """An invite code that cannot be used now; `reason` is not_found, revoked, expired,
    used_up or pending (the account already waits for an approval)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LinkRefused(StorageError):
    """A link code that cannot attach this account; `reason` is not_found, expired, used,
    same_channel, already or taken."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Overlap(Conflict):
    """A phase would overlap another where both apply; `other_id` names the other one."""

    def __init__(self, other_id: int, index: int | None = None) -> None:
        super().__init__(f"overlaps phase {other_id}")
        self.other_id = other_id
        #: Which of several phases being imported clashes (0-based), if any.
        self.index = index


class StorageUnavailable(StorageError):
    """The database cannot write now (disk full, I/O error, locked): nothing was changed,
    and the same call can succeed once the cause is gone."""


class DamagedDatabase(StorageError):
    """The database file is not a usable database (damaged, or not a database at all)."""


class AlreadyRunning(StorageError):
    """Another process already serves this database (see `Store.claim`)."""
