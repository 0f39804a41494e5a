"""Reading dates people type, in English or French ("septembre 2016", "Sept 2016", "10/09/2016")."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from dateutil import parser as date_parser

from timeline_gui.domain.query import fold

_DEFAULT = dt.datetime(2000, 1, 1)
_SEPTEMBER = 9


class _BilingualInfo(date_parser.parserinfo):
    """Month and weekday names of both languages, from CLDR, matched without case or accents."""

    def __init__(self, dayfirst: bool):
        english, french = Locale.parse("en_GB"), Locale.parse("fr_FR")
        months: list[list[str]] = []
        for number in range(1, 13):
            names = {
                fold(locale.months[context][width][number]).rstrip(".")
                for locale in (english, french)
                for context in ("format", "stand-alone")
                for width in ("wide", "abbreviated")
            }
            if number == _SEPTEMBER:
                names.add("sept")
            months.append(sorted(names))
        weekdays: list[list[str]] = []
        for number in range(7):
            weekdays.append(
                sorted(
                    {
                        fold(locale.days["format"][width][number]).rstrip(".")
                        for locale in (english, french)
                        for width in ("wide", "abbreviated")
                    }
                )
            )
        # dateutil reads any number of names per month or weekday; its stubs allow only two or three.
        self.MONTHS = [tuple(names) for names in months]  # type: ignore[misc]
        self.WEEKDAYS = [tuple(names) for names in weekdays]  # type: ignore[misc]
        self.JUMP = list(date_parser.parserinfo.JUMP) + ["le", "du", "de", "en", "er"]
        super().__init__(dayfirst=dayfirst)


@cache
def _info(dayfirst: bool) -> _BilingualInfo:
    return _BilingualInfo(dayfirst)


# Locales that name no country's habit. Babel's reading of them changed between releases (2.19 reads C and
# POSIX as en_US_POSIX, month first), so this project decides: they read day first, as unknown locales do.
_LOCALES_WITHOUT_A_HABIT = frozenset({"c", "posix"})


def dayfirst_for(language: str, locale_name: str | None = None) -> bool:
    """10/09/2016 is 10 September unless the user's locale writes the month first (en_US and kin)."""
    if language == "fr" or not locale_name:
        return True
    name = locale_name.replace("-", "_").split(".")[0].split("@")[0]
    if name.lower() in _LOCALES_WITHOUT_A_HABIT:
        return True
    try:
        pattern = Locale.parse(name).date_formats["short"].pattern
    except (ValueError, TypeError, KeyError, UnknownLocaleError):
        return True
    return pattern.lower().index("d") < pattern.lower().index("m")


def parse_user_date(text: str, language: str = "en", locale_name: str | None = None) -> dt.date | None:
    """The date a person means by ``text``, or None when it cannot be read.

    A month alone ("2016-09", "septembre 2016") means its first day.
    """
    return _read(text, dayfirst_for(language, locale_name))


def reads_two_ways(text: str) -> bool:
    """Whether ``text`` means one date to those who write the day first and another to those who write the month
    first (01/09/2016: 1 September or 9 January), so that saying which was understood is worth it."""
    day_first, month_first = _read(text, True), _read(text, False)
    return day_first is not None and month_first is not None and day_first != month_first


def _read(text: str, dayfirst: bool) -> dt.date | None:
    cleaned = fold(text).strip().replace(".", " ").replace("1er", "1")
    if not cleaned:
        return None
    # A leading four-digit year is ISO order (2016-09-01) whatever the locale's habit.
    yearfirst = cleaned[:4].isdigit() and not cleaned[4:5].isdigit()
    try:
        info = _info(False if yearfirst else dayfirst)
        return date_parser.parse(cleaned, parserinfo=info, default=_DEFAULT, yearfirst=yearfirst).date()
    except (ValueError, OverflowError, TypeError):
        return None
