"""What report files write from stored text: printable, and never a formula.

Names and texts are cleaned where they enter (`bot/parsing/text.py`), but a database
holds what older versions stored, and imports, so every writer passes user text through
here: one vertical tab in a village name must not stop a province's workbook, and a tip
that starts with "=HYPERLINK(" must reach the workbook as the words, not a live formula.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

# C0 controls but tab and newline, DEL, C1 controls, lone surrogates and the two
# non-characters XML 1.0 forbids: neither Word's XML nor Excel's may hold them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def printable(text: str) -> str:
    """Return text without control characters; line breaks of any kind become newlines.

    A vertical tab is how Word pastes a manual line break, so it is a line break here too.
    """
    if not _UNPRINTABLE.search(text) and "\r" not in text:
        return text
    return _UNPRINTABLE.sub("", _LINE_BREAKS.sub("\n", text))


def one_line(text: str) -> str:
    """Return printable text on one line (a chart title, a file caption)."""
    return " ".join(printable(text).split())


def text_cell(sheet: Any, value: str) -> Any:
    """Return a string cell for user text: printable, and inert even if it looks like a formula.

    The cell is a string (never a formula) and carries Excel's quote prefix, so editing it
    in Excel or LibreOffice keeps it text, as typing a leading apostrophe would.
    """
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = printable(value)
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def safe_value(sheet: Any, value: Any) -> Any:
    """Return a value ready for a row: user strings as safe cells, everything else as is."""
    if isinstance(value, str):
        if value.startswith(FORMULA_START) or _UNPRINTABLE.search(value):
            return text_cell(sheet, value)
        return value
    if isinstance(value, Cell) and isinstance(value.value, str):
        text = value.value
        if text.startswith(FORMULA_START) or _UNPRINTABLE.search(text):
            value.value = printable(text)
            value.data_type = "s"
            value.quotePrefix = text.startswith(FORMULA_START)
    return value
