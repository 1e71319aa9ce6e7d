"""Entry points of the good-deed conversation (its steps live in bot/flows/gooddeed.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.tg.context import BotContext
from handlers.common import flow_entry, telegram_handlers

ROUTES = [flow_entry("deed", ("gooddeed", "viectot"), "menu.deed")]


def build_gooddeed_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /gooddeed, /viectot and the "🌟 Việc tốt" button."""
    return telegram_handlers(ROUTES)
