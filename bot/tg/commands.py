"""Telegram's command menu ("/" button): in the deployment's language, or a person's own.

Telegram picks a menu by scope and by the `language_code` of the person's *app*
(core.telegram.org/bots/api#determining-list-of-commands): a chat's own menu first, then the
bot-wide one for that app language, then the bot-wide one. Telegram has no Vietnamese
interface, so most Vietnamese phones say "en": a menu published for "en" would show English
to the very people the bot is for. So the bot-wide menus carry no language code and are in
`bot.default_language`; someone who chose another language in /caidat gets a menu of their
own chat (BotCommandScopeChat), published through the outbox with the answer to their choice.
"""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)

from bot.texts import CATALOGUES

#: The private-chat command menu, by catalogue: the commands in that language's words.
MENU_COMMANDS = {
    "vi": [
        "tinbao",
        "vuviec",
        "viectot",
        "cuatoi",
        "bosung",
        "huy",
        "trogiup",
        "caidat",
        "lienket",
    ],
    "en": ["tip", "incident", "gooddeed", "my", "followup", "cancel", "help", "settings", "link"],
}
COMMAND_KEYS = ["tip", "incident", "deed", "my", "followup", "cancel", "help", "settings", "link"]
#: The command menu in group chats (commune police groups), by catalogue (issue 3).
GROUP_COMMANDS = {
    "vi": ["baocao", "bantin", "tiepnhan", "daxuly", "chuyen", "nguontin", "lichsu", "tinthuong"],
    "en": ["report", "digest", "take", "handled", "forward", "source", "history", "routine"],
}
GROUP_COMMAND_KEYS = [
    "report",
    "digest",
    "take",
    "handled",
    "forward",
    "source",
    "history",
    "routine",
]


def private_menu(language: str) -> list[BotCommand]:
    """Return the private-chat menu in a language."""
    texts = CATALOGUES[language]
    return [
        BotCommand(command, texts[f"command.{key}"])
        for command, key in zip(MENU_COMMANDS[language], COMMAND_KEYS, strict=True)
    ]


def group_menu(language: str) -> list[BotCommand]:
    """Return the group-chat menu in a language."""
    texts = CATALOGUES[language]
    return [
        BotCommand(command, texts[f"command.{key}"])
        for command, key in zip(GROUP_COMMANDS[language], GROUP_COMMAND_KEYS, strict=True)
    ]


async def publish_menus(bot: Bot, default_language: str) -> None:
    """Publish the bot-wide menus in the default language, for every app language."""
    for scope, menu in (
        (BotCommandScopeDefault(), private_menu(default_language)),
        (BotCommandScopeAllGroupChats(), group_menu(default_language)),
    ):
        await bot.set_my_commands(menu, scope=scope)
        for language in CATALOGUES:
            # Earlier versions published an English menu for English apps: take it down,
            # or Telegram keeps showing it to every Vietnamese phone set to English.
            await bot.delete_my_commands(scope=scope, language_code=language)


async def set_chat_menu(bot: Bot, chat_id: int, language: str) -> None:
    """Give one private chat the menu in `language` ("" → back to the bot-wide menu)."""
    scope = BotCommandScopeChat(chat_id)
    if language in CATALOGUES:
        await bot.set_my_commands(private_menu(language), scope=scope)
    else:
        await bot.delete_my_commands(scope=scope)
