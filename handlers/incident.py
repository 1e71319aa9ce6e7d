"""Entry points of the incident conversation (its steps live in bot/flows/incident.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler

from bot.tg.context import BotContext
from handlers.common import flow_entry, telegram_handlers

ROUTES = [flow_entry("incident", ("incident", "vuviec"), "menu.incident")]


def build_incident_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Return /incident, /vuviec and the "⚠️ Vụ việc" button."""
    return telegram_handlers(ROUTES)
