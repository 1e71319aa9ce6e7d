"""Entry points of the tip conversation (its steps live in bot/flows/tip.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.tg.context import BotContext
from handlers.common import flow_entry, telegram_handlers

ROUTES = [flow_entry("tip", ("tip", "tinbao"), "menu.tip")]


def build_tip_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /tip, /tinbao and the "📝 Tin báo" button."""
    return telegram_handlers(ROUTES)
