from __future__ import annotations

import datetime as dt

import pytest

from timeline_gui.domain.dates import dayfirst_for, parse_user_date, reads_two_ways


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


# Locales that name no country's habit read day first by the project's rule, whichever Babel release is installed
# (2.19 reads C and POSIX as en_US_POSIX, month first); en_US is the control that does write the month first.
@pytest.mark.parametrize("locale_name", ["C", "C.UTF-8", "POSIX", "xx_YY", "xx_YY.UTF-8", None])
def test_locales_without_a_habit_read_01_09_2016_as_1_september(locale_name):
    assert dayfirst_for("en", locale_name) is True
    assert parse_user_date("01/09/2016", "en", locale_name) == dt.date(2016, 9, 1)


def test_a_month_first_locale_reads_01_09_2016_as_9_january():
    assert parse_user_date("01/09/2016", "en", "en_US.UTF-8") == dt.date(2016, 1, 9)


@pytest.mark.parametrize(
    ("text", "two_ways"),
    [
        ("01/09/2016", True),
        ("10/09/2016", True),
        ("09/09/2016", False),  # the same day either way
        ("30/09/2016", False),  # 30 is no month
        ("2016-09-01", False),  # ISO order everywhere
        ("septembre 2016", False),
        ("1 September 2016", False),
    ],
)
def test_dates_that_read_two_ways(text, two_ways):
    assert reads_two_ways(text) is two_ways
