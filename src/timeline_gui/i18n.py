"""Translation catalogs and locale-aware formatting, shared by every layer.

Strings are looked up at call time, so switching the language changes what the
next call returns. Whatever shows text registers once (``register``) and has its
``retranslate()`` called after each switch, for as long as it lives: the registry
holds weak references, so nothing is kept alive by being registered.
Qt is not imported here: the domain layer and the command line use this too.

What the app reads at run time is made from the sources when the package is built (setup.py runs
``locale_build.compile_locale_data``): each ``.po`` compiled by Babel to a ``.mo`` that ``gettext`` reads as it is, and
``cldr.json``, the few CLDR names and patterns of the first screen taken from Babel, so that a start
imports no Babel. Everything else is formatted by Babel, imported when first needed.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import itertools
import logging
import weakref
from functools import cache, partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from importlib.abc import Traversable  # importlib.resources.abc from Python 3.11 on

    from babel import Locale

log = logging.getLogger(__name__)

DOMAIN = "timeline_gui"
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
# INTERPOL writes British English; French follows France's conventions.
_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
CLDR_FILE = "cldr.json"

_current = DEFAULT_LANGUAGE


class Retranslatable(Protocol):
    def retranslate(self) -> None: ...


# token → weak reference, in registration order: what was registered first is relabelled first.
_registry: dict[int, weakref.ref[Retranslatable]] = {}
_tokens = itertools.count()


def locale_dir() -> Traversable:
    """The package's ``locale`` folder: the .po sources and, once built, the .mo and cldr.json."""
    from importlib import resources

    return resources.files("timeline_gui.resources") / "locale"


def catalog_path(language: str, suffix: str = ".po") -> Traversable:
    """The gettext catalog of ``language`` inside the package: its source (.po) or compiled form (.mo)."""
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


# ---------------------------------------------------------------- build time (Babel)


def compile_catalog(source: IO[bytes], language: str) -> bytes:
    """A .po file compiled to .mo bytes by Babel. Fuzzy entries are guesses awaiting review: never shown to users."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


# ---------------------------------------------------------------- run time


def _in_source_checkout(folder: Traversable) -> bool:
    """True when the package's resources are the repository's own folder (an editable install), where a developer
    may have edited a .po since the .mo was compiled; an installed package or bundle has only what was built."""
    return isinstance(folder, Path) and (folder.parent.parent / "pyproject.toml").is_file()


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    compiled, source = catalog_path(language, ".mo"), catalog_path(language, ".po")
    stale = (
        _in_source_checkout(locale_dir())
        and isinstance(compiled, Path)
        and compiled.is_file()
        and isinstance(source, Path)
        and source.stat().st_mtime > compiled.stat().st_mtime
    )
    if compiled.is_file() and not stale:
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    log.warning(
        "%s is %s; compiling %s in memory (python scripts/catalog.py compile writes it)",
        compiled,
        "older than its source" if stale else "missing",
        source,
    )
    with source.open("rb") as handle:
        return gettext.GNUTranslations(io.BytesIO(compile_catalog(handle, language)))


@cache
def _cldr_names() -> dict[str, dict[str, Any]]:
    """The build's CLDR subset (cldr.json); empty when it was not built, and then Babel formats everything."""
    stored = locale_dir() / CLDR_FILE
    if not stored.is_file():
        log.warning("%s is missing; formatting with Babel (python scripts/catalog.py compile writes it)", stored)
        return {}
    import json

    with stored.open("rb") as handle:
        return json.load(handle)


def _cldr(language: str, key: str) -> Any:
    return _cldr_names().get(language, {}).get(key)


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


def translation(message: str, language: str) -> str:
    """``message`` in ``language`` whatever the active one (a desktop entry carries every language at once)."""
    return _translations(language).gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for extraction; it is translated later, when shown."""
    return message


def locale_name(code: str | None = None) -> str:
    """'en_GB' / 'fr_FR': the CLDR locale of a language."""
    return _LOCALES[code or _current]


def babel_locale(code: str | None = None) -> Locale:
    from babel import Locale

    return Locale.parse(_LOCALES[code or _current])


_FOUR_DIGIT_YEARS = range(1000, 10000)  # the years the formats below write themselves; Babel formats the others


def _plain_year(year: int) -> bool:
    """Years of four digits, which every CLDR pattern used here writes as they are (no padding, no era)."""
    return year in _FOUR_DIGIT_YEARS


def _first_of_month(text: str, day: int, language: str) -> str:
    """French writes the first day of a month as an ordinal, '1er août 2016'; CLDR's patterns have no ordinal.
    Every French date format here starts with the day, so the ordinal replaces the leading '1'."""
    if language == "fr" and day == 1 and text.startswith("1 "):
        return "1er" + text[1:]
    return text


def format_date(value: dt.date, code: str | None = None) -> str:
    """'22 March 2017' / '22 mars 2017', '1er août 2016'."""
    language = code or _current
    template = _cldr(language, "long_date")
    if template and _plain_year(value.year):
        months = _cldr(language, "months")
        text = template.format(day=value.day, month=months[value.month - 1], year=value.year)
    else:
        from babel import dates as babel_dates

        text = babel_dates.format_date(value, format="long", locale=babel_locale(language))
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
    template = _cldr(language, "month_year")
    if template and _plain_year(year):
        return template.format(month=_cldr(language, "months")[month - 1], year=year)
    from babel import dates as babel_dates

    return babel_dates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=babel_locale(language))


def month_name(month: int, code: str | None = None) -> str:
    """'March' / 'mars', as a standalone heading."""
    language = code or _current
    names = _cldr(language, "standalone_months")
    if names:
        return names[month - 1]
    return babel_locale(language).months["stand-alone"]["wide"][month]


def format_year(year: int, code: str | None = None) -> str:
    if _plain_year(year):
        return str(year)
    from babel import dates as babel_dates

    return babel_dates.format_skeleton("y", dt.date(year, 1, 1), locale=babel_locale(code))


def format_skeleton(skeleton: str, value: dt.date, code: str | None = None) -> str:
    """``value`` as CLDR's ``skeleton`` asks in the language: 'Q3 2016', '5 Mar 2017' / 'T3 2016', '5 mars 2017'."""
    language = code or _current
    template = (_cldr(language, "skeletons") or {}).get(skeleton)
    if template and _plain_year(value.year):
        return template.format(
            day=value.day,
            month=_cldr(language, "months")[value.month - 1],
            month_abbr=_cldr(language, "abbreviated_months")[value.month - 1],
            quarter=_cldr(language, "quarters")[(value.month - 1) // 3],
            year=value.year,
        )
    from babel import dates as babel_dates

    return babel_dates.format_skeleton(skeleton, value, locale=babel_locale(language))


def format_number(value: int, code: str | None = None) -> str:
    language = code or _current
    group = _cldr(language, "group")
    if group is not None and type(value) is int and value >= 0:
        return f"{value:,}".replace(",", group)
    from babel import numbers as babel_numbers

    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def format_datetime(value: dt.datetime, code: str | None = None) -> str:
    """'1 Dec 2026, 14:05:00' / '1er déc. 2026, 14:05:00'."""
    from babel import dates as babel_dates

    return _first_of_month(
        babel_dates.format_datetime(value, format="medium", locale=babel_locale(code)), value.day, code or _current
    )


def region_name(code: str, in_language: str | None = None) -> str:
    """'Africa' / 'Afrique': a CLDR territory (an M49 region) in the active language."""
    known = _cldr(in_language or _current, "regions") or {}
    return known[code] if code in known else str(babel_locale(in_language).territories.get(code, code))


def language_name(code: str, in_language: str | None = None, *, capitalized: bool = True) -> str:
    """'English' / 'Anglais', as CLDR spells it in the active language.

    Capitalized to stand alone (a menu item, a field's value); ``capitalized=False`` keeps CLDR's own
    case for use inside a sentence, where French writes 'anglais'.
    """
    known = _cldr(in_language or _current, "languages") or {}
    name = known[code] if code in known else babel_locale(in_language).languages.get(code, code)
    return name[:1].upper() + name[1:] if capitalized else name
