"""A stretch of time when the database refuses writes (a full disk, an I/O error).

Whoever meets it (intake, outbox) logs one line when it starts and one when it ends,
however many writes fail in between, and waits longer and longer before trying again.
"""

from __future__ import annotations

import logging
import time

FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0


class WriteTrouble:
    """One component's view of the database refusing writes: logged once, waited out."""

    def __init__(self, what: str, logger: logging.Logger, consequence: str) -> None:
        self.what = what
        self.log = logger
        self.consequence = consequence
        self._since: float | None = None
        self._wait = FIRST_WAIT

    @property
    def wait(self) -> float:
        """Return the wait the last refusal asked for."""
        return self._wait

    @property
    def active(self) -> bool:
        """Return whether writes are being refused (as far as this component knows)."""
        return self._since is not None

    def failed(self, exc: BaseException | str) -> float:
        """Note a refused write; return how long to wait before the next try."""
        if self._since is None:
            self._since = time.monotonic()
            self._wait = FIRST_WAIT
            self.log.error(
                "%s: the database refuses writes (%s); %s, trying again by itself",
                self.what,
                exc,
                self.consequence,
            )
        else:
            self._wait = min(LONGEST_WAIT, self._wait * 2)
        return self._wait

    def ok(self) -> None:
        """Note a write that worked: the stretch is over."""
        if self._since is not None:
            self.log.warning(
                "%s: the database accepts writes again (after %.0f s)",
                self.what,
                time.monotonic() - self._since,
            )
            self._since = None
