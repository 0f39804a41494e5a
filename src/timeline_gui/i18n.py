"""Translation catalogs and locale-aware formatting, shared by every layer.

Strings are looked up at call time, so switching the language changes what the
next call returns. Whatever shows text registers once (``register``) and has its
``retranslate()`` called after each switch, for as long as it lives: the registry
holds weak references, so nothing is kept alive by being registered.
Qt is not imported here: the domain layer and the command line use this too.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import itertools
import weakref
from functools import cache, partial
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported when first needed, not at start: the window's first screen only needs
# the month and language names below (checked against Babel's CLDR data by the tests).

DOMAIN = "timeline_gui"
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
# INTERPOL writes British English; French follows France's conventions.
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}

# CLDR names for the commonest formats, so the first screen is drawn without loading Babel.
_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
_GROUP_SEPARATORS = {"en": ",", "fr": "\u202f"}
_LANGUAGE_NAMES = {"en": {"en": "English", "fr": "French"}, "fr": {"en": "anglais", "fr": "français"}}

_current = DEFAULT_LANGUAGE


class Retranslatable(Protocol):
    def retranslate(self) -> None: ...


# token → weak reference, in registration order: what was registered first is relabelled first.
_registry: dict[int, weakref.ref[Retranslatable]] = {}
_tokens = itertools.count()


def catalog_path(language: str):
    """The gettext catalog (.po) of ``language`` inside the package."""
    from importlib import resources

    return resources.files("timeline_gui.resources") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    # Babel is imported here, not at the top: an English start needs no catalog at all.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    # Fuzzy entries are guesses awaiting review: never shown to users.
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def normalize_language(value: str | None) -> str | None:
    """'fr', 'fr_CA', 'fr-BE.UTF-8' → 'fr'; anything unsupported → None."""
    if not value:
        return None
    code = value.replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def language() -> str:
    return _current


def set_language(code: str) -> None:
    global _current
    normalized = normalize_language(code)
    if normalized is None:
        raise ValueError(f"unsupported language: {code!r}")
    _translations(normalized)  # load before switching, so a broken catalog fails early
    if normalized == _current:
        return
    _current = normalized
    for reference in list(_registry.values()):
        registered = reference()
        if registered is not None:
            registered.retranslate()


def register(registered: Retranslatable) -> int:
    """Calls ``registered.retranslate()`` after every language change while it lives; returns a token for
    ``unregister``. Registering the same object twice has it relabelled twice."""
    token = next(_tokens)
    _registry[token] = weakref.ref(registered, partial(_forget, token))
    return token


def _forget(token: int, _dead: object) -> None:
    _registry.pop(token, None)


def unregister(token: int) -> None:
    _registry.pop(token, None)


def _(message: str) -> str:
    return _translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for extraction; it is translated later, when shown."""
    return message


def locale_name(code: str | None = None) -> str:
    """'en_GB' / 'fr_FR': the CLDR locale of a language."""
    return _LOCALES[code or _current]


def babel_locale(code: str | None = None) -> Locale:
    from babel import Locale

    return Locale.parse(_LOCALES[code or _current])


def _plain_year(year: int) -> bool:
    return 1000 <= year <= 9999


def _first_of_month(text: str, day: int, language: str) -> str:
    """French writes the first day of a month as an ordinal, '1er août 2016'; CLDR's patterns have no ordinal.
    Every French date format here starts with the day, so the ordinal replaces the leading '1'."""
    if language == "fr" and day == 1 and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def format_date(value: dt.date, code: str | None = None) -> str:
    """'22 March 2017' / '22 mars 2017', '1er août 2016'."""
    language = code or _current
    if language in _MONTHS and _plain_year(value.year):  # CLDR 'd MMMM y' in both en_GB and fr_FR
        text = f"{value.day} {_MONTHS[language][value.month - 1]} {value.year}"
    else:
        from babel import dates as babel_dates

        text = babel_dates.format_date(value, format="long", locale=babel_locale(code))
    return _first_of_month(text, value.day, language)


def format_short_date(value: dt.date, code: str | None = None) -> str:
    """'22 Mar 2017' / '22 mars 2017', '1er août 2016'."""
    from babel import dates as babel_dates

    return _first_of_month(
        babel_dates.format_date(value, format="medium", locale=babel_locale(code)), value.day, code or _current
    )


def format_month(year: int, month: int, code: str | None = None) -> str:
    """'March 2017' / 'mars 2017'."""
    language = code or _current
    if language in _MONTHS and _plain_year(year):  # CLDR 'MMMM y' in both
        return f"{_MONTHS[language][month - 1]} {year}"
    from babel import dates as babel_dates

    return babel_dates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=babel_locale(code))


def month_name(month: int, code: str | None = None) -> str:
    """'March' / 'mars', as a standalone heading."""
    language = code or _current
    if language in _MONTHS:
        return _MONTHS[language][month - 1]
    return babel_locale(code).months["stand-alone"]["wide"][month]


def format_year(year: int, code: str | None = None) -> str:
    if _plain_year(year):
        return str(year)
    from babel import dates as babel_dates

    return babel_dates.format_skeleton("y", dt.date(year, 1, 1), locale=babel_locale(code))


def format_number(value: int, code: str | None = None) -> str:
    language = code or _current
    if type(value) is int and value >= 0 and language in _GROUP_SEPARATORS:  # CLDR '#,##0' in both
        return f"{value:,}".replace(",", _GROUP_SEPARATORS[language])
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(value, locale=babel_locale(code))


def format_datetime(value: dt.datetime, code: str | None = None) -> str:
    """'1 Dec 2026, 14:05:00' / '1er déc. 2026, 14:05:00'."""
    from babel import dates as babel_dates

    return _first_of_month(
        babel_dates.format_datetime(value, format="medium", locale=babel_locale(code)), value.day, code or _current
    )


def language_name(code: str, in_language: str | None = None, *, capitalized: bool = True) -> str:
    """'English' / 'Anglais', as CLDR spells it in the active language.

    Capitalized to stand alone (a menu item, a field's value); ``capitalized=False`` keeps CLDR's own
    case for use inside a sentence, where French writes 'anglais'.
    """
    known = _LANGUAGE_NAMES.get(in_language or _current, {})
    name = known[code] if code in known else babel_locale(in_language).languages.get(code, code)
    return name[:1].upper() + name[1:] if capitalized else name
