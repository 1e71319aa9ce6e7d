"""The typed callback context handlers receive."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import Services


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Gives handlers `ctx.services` instead of untyped bot_data lookups."""

    @property
    def services(self) -> Services:
        """Return the application's services."""
        services: Services = self.application.bot_data["services"]
        return services


BotApplication = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
