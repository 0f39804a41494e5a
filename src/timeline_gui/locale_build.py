"""Build time: the catalogs compiled and the CLDR subset taken from Babel, as the package ships them.

setup.py's build step and ``scripts/catalog.py compile`` call ``compile_locale_data``; the app reads what it wrote
(``i18n``), and never imports this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline_gui.files import write_atomically
from timeline_gui.i18n import _LOCALES, CLDR_FILE, DOMAIN, LANGUAGES, compile_catalog

if TYPE_CHECKING:
    from babel import Locale


def _template(text: str, parts: dict[str, str]) -> str | None:
    """``text`` with each of ``parts``' values replaced by its ``{name}``; None unless each occurs exactly once."""
    for name, value in parts.items():
        if text.count(value) != 1:
            return None
        text = text.replace(value, "{" + name + "}")
    return text


# The CLDR skeletons of the time axis's tick labels (domain/axis.py LEVELS), which paint on the first screen.
TICK_SKELETONS = ("yMMMd", "yMMMM", "yQQQ", "y")


def _skeleton_template(locale: Locale, skeleton: str) -> str | None:
    """Babel's pattern for ``skeleton`` as a template of {day}, {month} (wide), {month_abbr}, {quarter} and {year};
    None unless the template gives exactly what Babel gives for every day of two years."""
    from babel import dates as babel_dates

    months, abbreviated = locale.months["format"]["wide"], locale.months["format"]["abbreviated"]
    quarters = locale.quarters["format"]["abbreviated"]
    # A day, month and year that no pattern's literal text contains, to find where each goes.
    sample = dt.date(2222, 11, 23)
    text = babel_dates.format_skeleton(skeleton, sample, locale=locale).replace("{", "{{").replace("}", "}}")
    # The wide month before its abbreviation, which may be a part of it ("Nov" of "November").
    for name, value in (("month", months[11]), ("month_abbr", abbreviated[11]), ("quarter", quarters[4])):
        if value in text:
            text = text.replace(value, "{" + name + "}") if text.count(value) == 1 else ""
    template = _template(text, {name: value for name, value in (("day", "23"), ("year", "2222")) if value in text})
    if not template:
        return None
    checked = (dt.date(year, 1, 1) + dt.timedelta(days=day) for year in (2016, 2024) for day in range(366))
    for value in checked:
        fields = {"day": value.day, "month": months[value.month], "month_abbr": abbreviated[value.month]}
        fields |= {"quarter": quarters[(value.month + 2) // 3], "year": value.year}
        if template.format(**fields) != babel_dates.format_skeleton(skeleton, value, locale=locale):
            return None
    return template


def cldr_subset(language: str) -> dict[str, Any]:
    """What the first screen formats, taken from Babel's CLDR data: month and language names, the long date and
    month patterns and the tick labels' skeletons as templates, and the thousands separator when plain grouping
    by three is the locale's rule."""
    from babel import Locale
    from babel import dates as babel_dates
    from babel import numbers as babel_numbers

    locale = Locale.parse(_LOCALES[language])
    # A day, month and year that no pattern's literal text contains, to find where each goes.
    sample = dt.date(2222, 11, 23)
    wide = locale.months["format"]["wide"]
    parts = {"day": "23", "year": "2222", "month": wide[11]}
    subset: dict[str, Any] = {
        "months": [wide[month] for month in range(1, 13)],
        "abbreviated_months": [locale.months["format"]["abbreviated"][month] for month in range(1, 13)],
        "quarters": [locale.quarters["format"]["abbreviated"][quarter] for quarter in range(1, 5)],
        "skeletons": {skeleton: _skeleton_template(locale, skeleton) for skeleton in TICK_SKELETONS},
        "standalone_months": [locale.months["stand-alone"]["wide"][month] for month in range(1, 13)],
        "languages": {code: locale.languages.get(code, code) for code in LANGUAGES},
        # The UN M49 regions (codes of three digits), which the places facet nests places under.
        "regions": {code: name for code, name in locale.territories.items() if code.isdigit()},
        "long_date": _template(babel_dates.format_date(sample, format="long", locale=locale), parts),
        "month_year": _template(
            babel_dates.format_skeleton("yMMMM", sample, locale=locale), {"year": "2222", "month": wide[11]}
        ),
        "group": None,
    }
    group = babel_numbers.get_group_symbol(locale)
    if all(
        babel_numbers.format_decimal(number, locale=locale) == f"{number:,}".replace(",", group)
        for number in (0, 7, 999, 1000, 12_345, 999_999, 1_234_567_890)
    ):
        subset["group"] = group
    return subset


def compile_locale_data(source: Path, target: Path) -> list[Path]:
    """Writes under ``target`` the .mo of every .po under ``source`` and cldr.json; returns the files written."""
    import json

    written = []
    for po in sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po.parent.parent.name
        mo = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        with po.open("rb") as handle:
            data = compile_catalog(handle, language)
        written.append(_write(mo, data))
    names = {language: cldr_subset(language) for language in LANGUAGES}
    text = json.dumps(names, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    written.append(_write(target / CLDR_FILE, text.encode("utf-8")))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, durable=False)
    return path
