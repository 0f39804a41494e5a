"""The .po reader that replaced Babel at start (timeline_gui/po.py) gives exactly Babel's translations."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from conftest import ROOT
from timeline_gui import i18n, po

FRENCH = ROOT / "resources" / "locale" / "fr" / "LC_MESSAGES" / "timeline_gui.po"


def babel_translations(data: bytes, locale: str = "fr") -> gettext.GNUTranslations:
    """What the app did before: Babel's read_po, then write_mo without fuzzy entries."""
    catalog = read_po(io.BytesIO(data), locale=locale, domain=i18n.DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def same_translations(ours: gettext.GNUTranslations, theirs: gettext.GNUTranslations, data: bytes) -> None:
    catalog = read_po(io.BytesIO(data))
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in range(4):
                assert ours.ngettext(*message.id, n) == theirs.ngettext(*message.id, n), (message.id, n)
        elif message.context:
            assert ours.pgettext(message.context, message.id) == theirs.pgettext(message.context, message.id), message.id
        else:
            assert ours.gettext(message.id) == theirs.gettext(message.id), message.id
        checked += 1
    assert checked == len([m for m in catalog if m.id])
    assert ours.info()["plural-forms"] == theirs.info()["plural-forms"]
    assert ours.charset() == theirs.charset()


def test_the_french_catalog_reads_as_babel_reads_it():
    data = FRENCH.read_bytes()
    ours, theirs = po.translations(data), babel_translations(data)
    same_translations(ours, theirs, data)
    assert ours.gettext("&File") == "&Fichier"
    assert ours.ngettext("{count} bulletin", "{count} bulletins", 2) == "{count} bulletins"


def test_the_app_uses_it(monkeypatch):
    i18n.set_language("fr")
    assert i18n._("&Quit") == "&Quitter"
    assert i18n.ngettext("{shown} of {total} bulletin", "{shown} of {total} bulletins", 1).startswith("{shown} sur {total}")


TRICKY = r'''# A comment
#, fuzzy
msgid ""
msgstr ""
"Language: fr\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"Content-Type: text/plain; charset=utf-8\n"

msgid "plain"
msgstr "simple"

#, python-format, fuzzy
msgid "a guess"
msgstr "une supposition"

msgid "untranslated"
msgstr ""

msgid ""
"split "
"over lines"
msgstr ""
"coupé "
"sur des lignes"

msgid "escapes \"quoted\"\tand\\ back\nslash"
msgstr "échappements « cités »\tet\\ barre\ninverse"

msgctxt "menu"
msgid "Open"
msgstr "Ouvrir"

msgid "{n} file"
msgid_plural "{n} files"
msgstr[0] "{n} fichier"
msgstr[1] ""

#, fuzzy
msgid "{n} guess"
msgid_plural "{n} guesses"
msgstr[0] "{n} supposition"
msgstr[1] "{n} suppositions"

#~ msgid "obsolete"
#~ msgstr "obsolète"

msgid "last"
msgstr "dernier"
'''


def test_fuzzy_untranslated_plural_context_escapes_and_obsolete_entries_as_babel():
    data = TRICKY.encode("utf-8")
    ours, theirs = po.translations(data), babel_translations(data)
    same_translations(ours, theirs, data)
    assert ours.gettext("a guess") == "a guess"  # fuzzy: not shown
    assert ours.gettext("untranslated") == "untranslated"
    assert ours.gettext("split over lines") == "coupé sur des lignes"
    assert ours.gettext('escapes "quoted"\tand\\ back\nslash') == "échappements « cités »\tet\\ barre\ninverse"
    assert ours.pgettext("menu", "Open") == "Ouvrir"
    assert ours.ngettext("{n} file", "{n} files", 2) == "{n} files"  # empty form: the English text, as Babel
    assert ours.gettext("obsolete") == "obsolete"
    assert ours.gettext("last") == "dernier"


@pytest.mark.parametrize("bad", ['msgid "unterminated\n', 'nonsense "x"\n'])
def test_a_broken_line_is_reported_with_its_number(bad):
    with pytest.raises(po.PoSyntaxError) as caught:
        po.read_po('msgid "x"\nmsgstr "y"\n\n' + bad)
    assert caught.value.line == 4


def test_a_continuation_line_before_any_keyword_is_refused():
    with pytest.raises(po.PoSyntaxError) as caught:
        po.read_po('# comment\n"a continuation first"\n')
    assert caught.value.line == 2
