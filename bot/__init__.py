"""The ANTT reporting bot: configuration, domain, services, texts and wiring."""

import os

# python-telegram-bot 22 reads its own deprecated float `retry_after` while building a
# RetryAfter unless this opt-in is set, which turns every 429 into a warning (an error
# under our tests); with it, retry_after is a timedelta, the library's future behaviour.
os.environ.setdefault("PTB_TIMEDELTA", "true")
