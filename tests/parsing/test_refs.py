"""Ids typed back as the bot listed them: every kind the lists show is understood."""

from __future__ import annotations

import pytest

from bot.parsing.refs import parse_ref


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("X3", "X", 3),
        ("t12", "T", 12),
        (" N45 ", "N", 45),
        ("H5", "H", 5),
        ("d2", "D", 2),  # /baocao đợt D2, as the help shows it
        ("7", "D", 7),
        ("X3", "T", None),
        ("D", "D", None),
        ("D2a", "D", None),
        ("Q1", "X", None),
    ],
)
def test_an_id_is_read_as_the_lists_show_it(typed: str, kind: str, expected: int | None) -> None:
    assert parse_ref(typed, kind) == expected
