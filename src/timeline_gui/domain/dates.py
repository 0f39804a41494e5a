"""Reading dates people type, in English or French ("septembre 2016", "Sept 2016", "10/09/2016")."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from dateutil import parser as date_parser

from timeline_gui.domain.text import fold

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


# A listing's date line: a day, a month's name and a year ("22 March 2017", "22 mars 2017", "1er août 2016").
_LISTING_DATE = re.compile(r"^(\d{1,2})(?:er)? ([^\W\d_]+) (\d{4})$")


def parse_listing_date(text: str) -> dt.date | None:
    """The date of a news listing's date line, or None when ``text`` is not one.

    Only a day, a month named in English or French and a year are a date line: a title that merely holds a
    date ("Operation of 22 March") is not one, and the order never depends on a locale's habit.
    """
    cleaned = " ".join(fold(text).replace(".", " ").split())
    match = _LISTING_DATE.match(cleaned)
    if match is None or len(text) > _LONGEST_DATE_LINE:
        return None
    return _listing_date(*match.groups())


@lru_cache(maxsize=4096)  # a listing names each day once per bulletin of that day: read once
def _listing_date(day: str, month: str, year: str) -> dt.date | None:
    info = _info(True)
    if info.month(month) is None:
        return None
    try:
        return date_parser.parse(f"{day} {month} {year}", parserinfo=info, default=_DEFAULT, dayfirst=True).date()
    except (ValueError, OverflowError, TypeError):
        return None


def looks_like_a_date(text: str) -> bool:
    """Whether ``text`` is shaped like a date line (short, with a year) even if it cannot be read as one."""
    words = text.split()
    return 0 < len(words) <= _WORDS_OF_A_DATE and len(text) <= _LONGEST_DATE_LINE and bool(_YEAR.search(text))


def listing_date_language(text: str) -> str | None:
    """The language of a date line's month ("mars" → fr, "March" → en), None when both write it alike."""
    match = _LISTING_DATE.match(" ".join(fold(text).replace(".", " ").split()))
    if match is None:
        return None
    word = match.group(2)
    english, french = _month_names("en_GB"), _month_names("fr_FR")
    if (word in english) == (word in french):
        return None
    return "en" if word in english else "fr"


@cache
def _month_names(locale_name: str) -> frozenset[str]:
    locale = Locale.parse(locale_name)
    return frozenset(
        fold(locale.months[context][width][number]).rstrip(".")
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated")
        for number in range(1, 13)
    )


_LONGEST_DATE_LINE = 40
_WORDS_OF_A_DATE = 4
_YEAR = re.compile(r"\b(1[0-9]|2[0-9])\d\d\b")
