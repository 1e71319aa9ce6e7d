"""`python -m bot` is the same as the `antt-bot` command."""

from bot.cli import main

raise SystemExit(main())
