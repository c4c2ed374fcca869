from datetime import timedelta

import pytest

from breachsim.scenario.durations import format_duration, format_offset, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        ("45s", timedelta(seconds=45)),
        ("T+01:30", timedelta(hours=1, minutes=30)),
        ("T+72:00", timedelta(hours=72)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("P2DT3H", timedelta(days=2, hours=3)),
        ("pt15m", timedelta(minutes=15)),
    ],
)
def test_every_documented_spelling_parses(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "90", "1:30", "h", "P", "PT", "T+1:5", "1h 30m", "-2h", "3x"])
def test_non_durations_are_refused(text):
    assert parse_duration(text) is None


def test_formatting_round_trips():
    for text in ("1h30m", "2d", "3d4h5m", "45s"):
        assert format_duration(parse_duration(text)) == text
    assert format_offset(timedelta(hours=49, minutes=5)) == "T+49:05"
    assert format_duration(timedelta(0)) == "0m"
