"""parse_coordinates, format_coordinates and maps_link."""

from __future__ import annotations

import pytest

from bot.parsing import format_coordinates, maps_link, parse_coordinates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21.0285, 105.8542", (21.0285, 105.8542)),
        ("21.0285,105.8542", (21.0285, 105.8542)),
        ("21.0285 105.8542", (21.0285, 105.8542)),
        ("-33.8688, 151.2093", (-33.8688, 151.2093)),
        ("📍 21.02850, 105.85420", (21.0285, 105.8542)),
        ("Tọa độ: 21.0285, 105.8542", (21.0285, 105.8542)),
        ("https://maps.google.com/?q=21.02,105.85", (21.02, 105.85)),
        ("https://www.google.com/maps?q=21.02%2C105.85", (21.02, 105.85)),
        ("https://www.google.com/maps/@21.02,105.85,17z", (21.02, 105.85)),
        ("https://www.google.com/maps/place/Ho+Guom/@21.02,105.85,15z", (21.02, 105.85)),
        (
            "https://www.google.com/maps/place/X/@21.02,105.85,15z/data=!3m1!4b1!3d21.0288!4d105.8525",
            (21.0288, 105.8525),
        ),
        ("https://www.google.com/maps?ll=21.02,105.85&z=15", (21.02, 105.85)),
        ("geo:21.02,105.85", (21.02, 105.85)),
        ("geo:21.02,105.85?z=17", (21.02, 105.85)),
        ("https://maps.apple.com/?ll=21.02,105.85&q=Pin", (21.02, 105.85)),
        ("Xem ở đây https://maps.google.com/?q=21.02,105.85 nhé", (21.02, 105.85)),
        ("21.0285 N, 105.8542 E", (21.0285, 105.8542)),
        ("33.86S 151.2E", (-33.86, 151.2)),
    ],
)
def test_parse_coordinates(text: str, expected: tuple[float, float]) -> None:
    assert parse_coordinates(text) == pytest.approx(expected)


def test_parse_dms() -> None:
    found = parse_coordinates("21°01'42.6\"N 105°51'15.1\"E")
    assert found == pytest.approx((21.0285, 105.85419), abs=1e-4)
    found = parse_coordinates("21°01′42.6″N, 105°51′15.1″E")
    assert found == pytest.approx((21.0285, 105.85419), abs=1e-4)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thôn 3, xã Yên Bình",
        "91.0, 105.0",
        "-90.5, 10.5",
        "21.0, 180.5",
        "https://maps.google.com/?q=91.0,105.0",
        "geo:21.0,200.0",
        "Số 12.5, 34.6 ngõ 7",
        "12, 34",
        "https://maps.app.goo.gl/abcdEFG",
        "https://maps.google.com/?q=Hanoi",
    ],
)
def test_not_coordinates(text: str) -> None:
    assert parse_coordinates(text) is None


def test_format_and_link() -> None:
    assert format_coordinates(21.0285, 105.8542) == "21.02850, 105.85420"
    assert maps_link(21.0285, 105.8542) == "https://maps.google.com/?q=21.02850,105.85420"
    assert parse_coordinates(maps_link(-1.5, -60.25)) == (-1.5, -60.25)
    assert parse_coordinates(format_coordinates(10.762622, 106.660172)) == pytest.approx(
        (10.76262, 106.66017)
    )
