"""The names the first screen uses without Babel are exactly Babel's (CLDR); the catalogs load compiled."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from timeline_gui import i18n, locale_build


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


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_the_time_axis_labels_are_babels(code):
    """The tick labels' skeletons, formatted from the build's templates, give what Babel gives, every day."""
    locale = i18n.babel_locale(code)
    days = [dt.date(1999, 12, 25) + dt.timedelta(days=n) for n in range(0, 3 * 366)]
    days += [dt.date(year, month, day) for year in (1000, 1582, 2100, 9999) for month in (1, 5, 12) for day in (1, 31)]
    days += [dt.date(1, 1, 1), dt.date(999, 3, 9)]  # years the templates leave to Babel
    for skeleton in locale_build.TICK_SKELETONS:
        assert i18n._cldr(code, "skeletons")[skeleton], f"{skeleton} has no template: every label would load Babel"
        shown = [i18n.format_skeleton(skeleton, day, code) for day in days]
        assert shown == [babel_dates.format_skeleton(skeleton, day, locale=locale) for day in days]
    assert i18n.format_skeleton("yQQQ", dt.date(2016, 8, 1), code) == {"en": "Q3 2016", "fr": "T3 2016"}[code]


def test_every_level_of_the_time_axis_is_labelled_from_the_builds_templates():
    from timeline_gui.domain import axis

    assert {level.skeleton for level in axis.LEVELS} <= set(locale_build.TICK_SKELETONS)


def test_a_skeleton_whose_template_would_differ_from_babel_is_left_to_babel():
    locale = i18n.babel_locale("en")
    assert locale_build._skeleton_template(locale, "yMMMd") == "{day} {month_abbr} {year}"
    assert locale_build._skeleton_template(locale, "MMMMd") == "{day} {month}"
    assert locale_build._skeleton_template(locale, "yMMdd") is None  # zero-padded numbers: not a template of names


@pytest.mark.parametrize("code", i18n.LANGUAGES)
def test_without_the_builds_cldr_names_babel_formats_alike(code, monkeypatch):
    expected = [i18n.format_date(dt.date(2016, 8, 1), code), i18n.format_month(2017, 3, code), i18n.month_name(5, code)]
    expected += [i18n.format_number(1_234_567, code), i18n.language_name("fr", code)]
    expected += [i18n.format_skeleton("yQQQ", dt.date(2016, 8, 1), code)]
    monkeypatch.setattr(i18n, "_cldr_names", dict)
    shown = [i18n.format_date(dt.date(2016, 8, 1), code), i18n.format_month(2017, 3, code), i18n.month_name(5, code)]
    shown += [i18n.format_number(1_234_567, code), i18n.language_name("fr", code)]
    shown += [i18n.format_skeleton("yQQQ", dt.date(2016, 8, 1), code)]
    assert shown == expected


def test_french_starts_from_the_compiled_catalog_without_babel(tmp_path):
    """What the build writes is all a French start reads: gettext's .mo and the CLDR names, no Babel."""
    locale_build.compile_locale_data(i18n.locale_dir(), tmp_path)  # type: ignore[arg-type]
    script = (
        "import sys, pathlib; from timeline_gui import i18n;"
        f"i18n.locale_dir = lambda: pathlib.Path({str(tmp_path)!r}); i18n.set_language('fr');"
        "import datetime; shown = i18n.format_date(datetime.date(2016, 8, 1)), i18n.format_number(12345);"
        "shown += i18n.format_skeleton('yMMMd', datetime.date(2016, 5, 3)),;"
        "print(i18n._('options'), *shown);"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel'))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.splitlines() == ["options 1er août 2016 12\u202f345 3 mai 2016", "[]"]
    assert result.stderr == ""  # no warning: nothing was missing


def test_a_po_edited_after_the_mo_is_compiled_in_memory_with_one_warning(tmp_path, monkeypatch, caplog):
    """A developer's edit to the .po shows at the next start, before anyone runs the compile step."""
    (tmp_path / "pyproject.toml").write_text("")
    locale = tmp_path / "resources" / "locale"
    locale_build.compile_locale_data(i18n.locale_dir(), locale)  # type: ignore[arg-type]
    messages = locale / "fr" / "LC_MESSAGES"
    (messages / "timeline_gui.po").write_bytes(
        i18n.catalog_path("fr").read_bytes().replace(b'msgstr "options"', b'msgstr "r\xc3\xa9glages"')
    )
    os.utime(messages / "timeline_gui.mo", (1, 1))
    monkeypatch.setattr(i18n, "locale_dir", lambda: locale)
    i18n._translations.cache_clear()
    try:
        i18n.set_language("fr")
        assert i18n._("options") == "réglages"
        assert i18n._("positional arguments") == "arguments positionnels"
        i18n.set_language("en")
        i18n.set_language("fr")
        warnings = [record.getMessage() for record in caplog.records if record.name == "timeline_gui.i18n"]
        assert len(warnings) == 1 and "older than its source" in warnings[0]
        locale_build.compile_locale_data(locale, locale)
        i18n._translations.cache_clear()
        assert i18n._("options") == "réglages"  # from the fresh .mo now
        assert len([r for r in caplog.records if r.name == "timeline_gui.i18n"]) == 1
    finally:
        i18n.set_language("en")
        i18n._translations.cache_clear()
