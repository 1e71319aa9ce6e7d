"""The error handler: log without personal data, apologise to the person."""

from __future__ import annotations

import logging
import traceback

from telegram import Update

from bot.domain import Channel
from bot.services.context import language_of
from bot.texts import Texts
from bot.tg.context import BotContext
from storage.errors import StorageUnavailable

log = logging.getLogger(__name__)


async def on_error(update: object, ctx: BotContext) -> None:
    """Logs the failure by type and update id only, and tells the person to try again."""
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(ctx.error, StorageUnavailable):
        # The database refuses writes (a full disk): the intake keeps the update for
        # later, logs the stretch once and tells the person the bot is busy.
        log.warning("Update %s not handled: the database refused its writes", update_id)
        return
    # Never log the update itself: it can carry a confidential source's name.
    # Nor the exception's message (validation errors quote their input): type and frames.
    frames = "".join(traceback.format_tb(ctx.error.__traceback__)) if ctx.error else ""
    log.error("Handler failed on update %s: %s\n%s", update_id, type(ctx.error).__name__, frames)
    if isinstance(update, Update) and update.effective_chat is not None:
        chat = update.effective_chat
        if chat.type == chat.PRIVATE:
            # The person's chosen language (or the default), never their Telegram app's.
            language = await language_of(ctx.services.env, Channel.TELEGRAM, str(chat.id))
            try:
                await ctx.bot.send_message(chat.id, Texts(language)("error.sorry"))
            except Exception:
                log.warning("Could not send the apology for update %s", update_id)
