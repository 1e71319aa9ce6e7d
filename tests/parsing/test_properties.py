"""Property tests: no input crashes a parser, and the parsers keep their promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.parsing import (
    LOCAL_TZ,
    ChoiceMatch,
    ParseError,
    Period,
    When,
    clean_user_text,
    fold,
    is_back,
    is_cancel,
    is_done,
    is_skip,
    is_yes,
    match_choice,
    normalize,
    parse_coordinates,
    parse_date,
    parse_minutes,
    parse_period,
    parse_when,
    previous_period,
)

# The suite's autouse network guard is function-scoped; it is harmless to share across examples.
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text biased towards what the parsers look for, mixed with anything at all.
VOCAB = [
    "hôm",
    "qua",
    "nay",
    "kia",
    "sáng",
    "trưa",
    "chiều",
    "tối",
    "đêm",
    "lúc",
    "h",
    "g",
    "giờ",
    "phút",
    "p",
    "tiếng",
    "rưỡi",
    "kém",
    "trước",
    "ngày",
    "tháng",
    "năm",
    "quý",
    "tuần",
    "từ",
    "đến",
    "thứ",
    "chủ nhật",
    "hai",
    "mươi",
    "lăm",
    "mười",
    "một",
    "ba",
    "tám",
    "nửa",
    "ago",
    "pm",
    "am",
    "yesterday",
    "today",
    "/",
    ":",
    "-",
    ".",
    ",",
    "'",
    "°",
    "@",
    "?q=",
    "geo:",
    "0",
    "1",
    "2",
    "7",
    "12",
    "20",
    "23",
    "24",
    "29",
    "31",
    "59",
    "60",
    "99",
    "2025",
    "2026",
]
PIECES = st.one_of(st.sampled_from(VOCAB), st.integers(0, 10_000).map(str), st.text(max_size=4))
PARSER_TEXT = st.one_of(
    st.text(),
    st.lists(PIECES, max_size=8).map(" ".join),
    st.lists(PIECES, max_size=8).map("".join),
)
NOWS = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, LOCAL_TZ, timezone(timedelta(hours=-11))]),
)
TODAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))

CATEGORIES = [
    ("drugs", "Ma túy"),
    ("theft", "Trộm cắp, tội phạm"),
    ("gambling", "Cờ bạc, mại dâm"),
    ("suspect", "Đối tượng khả nghi"),
    ("weapons", "Vũ khí, vật liệu nổ"),
    ("fraud", "Lừa đảo qua mạng"),
    ("border", "Xuất nhập cảnh trái phép, biên giới"),
    ("residence", "Cư trú (tạm trú, tạm vắng)"),
    ("business", "Cơ sở kinh doanh có điều kiện"),
    ("other", "Khác"),
    ("yes", "✅ Có"),
    ("no", "❌ Không"),
    ("back", "⬅️ Quay lại"),
]


@FAST
@given(st.text())
def test_normalize_and_fold_are_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    folded = fold(text)
    assert fold(folded) == folded
    assert fold(once) == folded


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "M", "Zs"])))
def test_fold_is_plain(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(ch.isalnum() or ch == " " for ch in folded)


@FAST
@given(st.text(), st.integers(0, 50))
def test_clean_user_text_never_crashes(text: str, max_len: int) -> None:
    result = clean_user_text(text, max_len)
    if isinstance(result, ParseError):
        assert result.key in ("empty", "too_long")
    else:
        assert 0 < len(result) <= max_len
        assert result == result.strip()
        assert "\n\n\n\n" not in result
        assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in result)


@FAST
@given(PARSER_TEXT)
def test_choice_recognisers_never_crash(text: str) -> None:
    match = match_choice(text, CATEGORIES, {"drugs": ["heroin"]})
    assert isinstance(match, ChoiceMatch)
    assert match.id is None or not match.ambiguous
    assert is_yes(text) in (True, False, None)
    for recogniser in (is_back, is_cancel, is_skip, is_done):
        assert isinstance(recogniser(text), bool)


@FAST
@given(
    st.lists(
        # Labels made of letters and symbols: a label that is itself a numeral ("1") would
        # rightly win over the position typed as that number.
        st.text(alphabet=st.characters(categories=["L", "M", "Zs", "So", "P"]), min_size=1),
        min_size=1,
        max_size=12,
        unique=True,
    )
)
def test_every_option_is_reachable(labels: list[str]) -> None:
    options = [(f"id{i}", label) for i, label in enumerate(labels)]
    for i, (oid, label) in enumerate(options):
        assert match_choice(str(i + 1), options).id == oid
        found = match_choice(label, options)
        if fold(label):
            # A label found by its folded text, unless another label folds the same.
            same = [o for o, lab in options if normalize(lab) == normalize(label)]
            assert found.id == oid or (found.id is None and oid in found.ambiguous) or len(same) > 1


def test_every_category_is_reachable() -> None:
    for i, (oid, label) in enumerate(CATEGORIES):
        for text in (str(i + 1), f"{i + 1}.", f"số {i + 1}", f"#{i + 1}", label, fold(label)):
            assert match_choice(text, CATEGORIES).id == oid, text
        assert match_choice(str(len(CATEGORIES) + 1), CATEGORIES).id is None


@FAST
@given(PARSER_TEXT, NOWS)
def test_parse_when_never_in_the_future(text: str, now: datetime) -> None:
    result = parse_when(text, now)
    if isinstance(result, ParseError):
        assert result.key in ("future", "invalid_date", "invalid_time", "too_old", "unrecognized")
        return
    assert isinstance(result, When)
    assert result.at.tzinfo is LOCAL_TZ
    assert result.at <= now + timedelta(minutes=10)
    assert now - result.at <= timedelta(days=368)


@FAST
@given(PARSER_TEXT)
def test_parse_minutes_and_date_never_crash(text: str) -> None:
    minutes = parse_minutes(text)
    if isinstance(minutes, ParseError):
        assert minutes.key in ("out_of_range", "unrecognized")
    else:
        assert 0 <= minutes <= 1440
    parsed = parse_date(text)
    assert isinstance(parsed, date) or parsed.key in ("invalid_date", "unrecognized")


@FAST
@given(PARSER_TEXT, TODAYS)
def test_parse_period_is_ordered(text: str, today: date) -> None:
    result = parse_period(text, today)
    if isinstance(result, ParseError):
        assert result.key in ("future", "end_before_start", "invalid_date", "unrecognized")
        return
    assert isinstance(result, Period)
    assert result.start <= result.end
    assert result.start <= today
    before = previous_period(result)
    assert before.start <= before.end < result.start


@FAST
@given(
    st.sampled_from(["tháng {m}/{y}", "quý {q}/{y}", "năm {y}", "{a}/{m}/{y} - {b}/{m}/{y}"]),
    st.integers(1, 12),
    st.integers(2001, 2025),
    st.integers(1, 4),
    st.integers(1, 28),
    st.integers(1, 28),
)
def test_previous_period_is_adjacent(template: str, m: int, y: int, q: int, a: int, b: int) -> None:
    text = template.format(m=m, y=y, q=q, a=min(a, b), b=max(a, b))
    result = parse_period(text, date(2026, 11, 23))
    assert isinstance(result, Period), text
    before = previous_period(result)
    assert before.end + timedelta(days=1) == result.start


@FAST
@given(PARSER_TEXT)
def test_parse_coordinates_in_range(text: str) -> None:
    found = parse_coordinates(text)
    if found is not None:
        lat, lon = found
        assert -90 <= lat <= 90
        assert -180 <= lon <= 180


@FAST
@given(
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
)
def test_coordinates_round_trip(lat: float, lon: float) -> None:
    from bot.parsing import format_coordinates, maps_link

    for text in (format_coordinates(lat, lon), maps_link(lat, lon)):
        found = parse_coordinates(text)
        assert found is not None, text
        assert abs(found[0] - lat) < 1e-5 and abs(found[1] - lon) < 1e-5
