"""Pure parsers for what users type: free text, choices, times, periods and places.

Every parser returns its value or a `ParseError` whose `key` the bot renders as ``err.<key>``.
"""

from bot.parsing.choices import (
    ChoiceMatch,
    is_back,
    is_cancel,
    is_done,
    is_skip,
    is_yes,
    match_choice,
)
from bot.parsing.errors import ParseError
from bot.parsing.geo import format_coordinates, maps_link, parse_coordinates
from bot.parsing.period import Period, parse_period, previous_period
from bot.parsing.text import clean_name, clean_user_text, fold, normalize, strip_controls
from bot.parsing.when import LOCAL_TZ, When, parse_date, parse_minutes, parse_when

__all__ = [
    "LOCAL_TZ",
    "ChoiceMatch",
    "ParseError",
    "Period",
    "When",
    "clean_name",
    "clean_user_text",
    "fold",
    "format_coordinates",
    "is_back",
    "is_cancel",
    "is_done",
    "is_skip",
    "is_yes",
    "maps_link",
    "match_choice",
    "normalize",
    "parse_coordinates",
    "parse_date",
    "parse_minutes",
    "parse_period",
    "parse_when",
    "previous_period",
    "strip_controls",
]
