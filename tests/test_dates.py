from __future__ import annotations

import datetime as dt

import pytest

from timeline_gui.domain.dates import dayfirst_for, parse_user_date


@pytest.mark.parametrize(
    ("text", "language", "locale_name", "expected"),
    [
        ("2016-09", "en", None, dt.date(2016, 9, 1)),
        ("2016-09-01", "fr", None, dt.date(2016, 9, 1)),
        ("2016-09-01", "en", "en_GB", dt.date(2016, 9, 1)),
        ("2016-09-01", "en", "en_US", dt.date(2016, 9, 1)),
        ("septembre 2016", "fr", None, dt.date(2016, 9, 1)),
        ("SEPTEMBRE 2016", "en", None, dt.date(2016, 9, 1)),
        ("Sept 2016", "en", None, dt.date(2016, 9, 1)),
        ("22 mars 2017", "fr", None, dt.date(2017, 3, 22)),
        ("1er août 2016", "fr", None, dt.date(2016, 8, 1)),
        ("fevrier 2017", "fr", None, dt.date(2017, 2, 1)),
        ("10/09/2016", "fr", None, dt.date(2016, 9, 10)),
        ("10/09/2016", "en", "en_GB", dt.date(2016, 9, 10)),
        ("10/09/2016", "en", "en_US", dt.date(2016, 10, 9)),
        ("10/09/2016", "en", "C.UTF-8", dt.date(2016, 9, 10)),
    ],
)
def test_dates_people_type(text, language, locale_name, expected):
    assert parse_user_date(text, language, locale_name) == expected


@pytest.mark.parametrize("text", ["", "   ", "not a date", "32/13/2016", "2016-13-45"])
def test_unreadable_dates(text):
    assert parse_user_date(text, "fr") is None


def test_unknown_locales_read_day_first():
    assert dayfirst_for("en", "C.UTF-8") is True
    assert dayfirst_for("en", "xx_YY") is True
