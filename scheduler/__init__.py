"""Everything time-driven: digests, reminders, retention (later issues fill this in)."""
