"""Build time: the catalogs compiled and the CLDR subset taken from Babel, as the package ships them.

setup.py's build step and ``scripts/catalog.py compile`` call ``compile_locale_data``; the app reads what it wrote
(``i18n``), and never imports this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from timeline_gui.files import write_atomically
from timeline_gui.i18n import _LOCALES, CLDR_FILE, DOMAIN, LANGUAGES, compile_catalog


def _template(text: str, parts: dict[str, str]) -> str | None:
    """``text`` with each of ``parts``' values replaced by its ``{name}``; None unless each occurs exactly once."""
    for name, value in parts.items():
        if text.count(value) != 1:
            return None
        text = text.replace(value, "{" + name + "}")
    return text


def cldr_subset(language: str) -> dict[str, Any]:
    """What the first screen formats, taken from Babel's CLDR data: month and language names, the long date and
    month patterns as templates, and the thousands separator when plain grouping by three is the locale's rule."""
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
