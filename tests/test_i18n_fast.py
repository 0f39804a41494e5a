"""The names the first screen uses without Babel are exactly Babel's (CLDR)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from timeline_gui import i18n


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_dates_months_years_numbers_and_language_names_are_babels(code):
    locale = i18n.babel_locale(code)
    for year in (1000, 1900, 1990, 2016, 2030, 2100, 9999):
        assert i18n.format_year(year, code) == babel_dates.format_skeleton("y", dt.date(year, 1, 1), locale=locale)
        for month in range(1, 13):
            assert i18n.format_month(year, month, code) == babel_dates.format_skeleton(
                "yMMMM", dt.date(year, month, 1), locale=locale
            )
            assert i18n.month_name(month, code) == locale.months["stand-alone"]["wide"][month]
            for day in (1, 2, 9, 10, 28):
                value = dt.date(year, month, day)
                expected = babel_dates.format_date(value, format="long", locale=locale)
                if code == "fr" and day == 1:  # the one departure from CLDR: French's ordinal first day
                    expected = expected.replace("1 ", "1er ", 1)
                assert i18n.format_date(value, code) == expected
    for number in (*range(0, 1100), 9_999, 10_000, 12_345, 999_999, 1_000_000, 1_234_567_890):
        assert i18n.format_number(number, code) == babel_numbers.format_decimal(number, locale=locale)
    for other in i18n.LANGUAGES:
        name = locale.languages[other]
        assert i18n.language_name(other, code) == name[:1].upper() + name[1:]
    assert i18n.locale_name(code) == str(locale)
