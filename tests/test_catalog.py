"""The template matches the code, and every French entry is translated, not fuzzy."""

from __future__ import annotations

import importlib.util
import re

from conftest import ROOT


def load_catalog_tool():
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "scripts" / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_is_current_and_french_is_complete():
    assert load_catalog_tool().problems() == []


def test_translations_keep_their_placeholders():
    from babel.messages.pofile import read_po

    with (ROOT / "resources/locale/fr/LC_MESSAGES/timeline_gui.po").open("rb") as handle:
        catalog = read_po(handle)
    placeholder = re.compile(r"\{[^{}]*\}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[-1]))
        for string in strings:
            assert set(placeholder.findall(string)) == expected, message.id


def test_the_compiled_catalog_says_what_the_po_says(tmp_path):
    """``scripts/catalog.py compile`` and the build write the same .mo: every translated entry, no fuzzy one."""
    import gettext

    from babel.messages.pofile import read_po

    from timeline_gui.locale_build import compile_locale_data

    written = compile_locale_data(ROOT / "resources" / "locale", tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == [
        "cldr.json",
        "fr/LC_MESSAGES/timeline_gui.mo",
    ]
    with (tmp_path / "fr/LC_MESSAGES/timeline_gui.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    with (ROOT / "resources/locale/fr/LC_MESSAGES/timeline_gui.po").open("rb") as handle:
        catalog = read_po(handle)
    checked = 0
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            assert compiled.ngettext(message.id[0], message.id[1], 1) == message.string[0]
        else:
            assert compiled.gettext(message.id) == message.string
        checked += 1
    assert checked > 100
