"""English and French, switched while the app runs: nothing of the other language is left on screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT
from helpers import bulletin_ids, current_id, headings
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QMenu, QWidget

from timeline_gui import i18n
from timeline_gui.ui.app import choose_language
from timeline_gui.ui.roles import Role
from timeline_gui.ui.settings import Settings

# Shown as they are in both languages: each language's own name in the language menu.
PROPER_NOUNS = {"English", "Français"}
TOP_LEVEL = QModelIndex()  # the parent of a model's top-level rows
ENGLISH_MONTHS = [
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
]
FRENCH_MONTHS = [
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
]


def catalog_pairs() -> list[tuple[str, str]]:
    """(English, French) of every catalog entry whose two languages differ, plural forms included."""
    with (ROOT / "resources/locale/fr/LC_MESSAGES/timeline_gui.po").open("rb") as handle:
        catalog = read_po(handle)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for source, translation in zip(ids, strings, strict=True):
            if source != translation:
                pairs.append((source, translation))
    return pairs


def fixed_part(template: str) -> list[str]:
    """The literal pieces of a message template (placeholders and accelerators removed)."""
    pieces = re.split(r"\{[^{}]*\}", template.replace("&", ""))
    return [piece.strip(" :.,;\n") for piece in pieces if len(piece.strip(" :.,;\n")) >= 4]


def shown_texts(window) -> list[str]:
    """Every string a person (or a screen reader) can meet in the window, its menus and its models."""
    texts: list[str] = [window.windowTitle()]
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        texts += [
            widget.toolTip(),
            widget.statusTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.whatsThis(),
        ]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        if isinstance(widget, QMenu):
            texts.append(widget.title())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += model_texts(widget.model())
    for action in window.findChildren(QAction):
        texts += [action.text(), action.toolTip(), action.statusTip()]
    return [text.replace("&", "") for text in texts if text]


def model_texts(model, parent=TOP_LEVEL) -> list[str]:
    texts = []
    for column in range(model.columnCount(parent)):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if header:
            texts.append(str(header))
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                value = index.data(role)
                if isinstance(value, str):
                    texts.append(value)
        texts += model_texts(model, model.index(row, 0, parent))
    return texts


def contains(text: str, piece: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def leftovers(texts: list[str], other_language_pieces: set[str], this_language_pieces: set[str]) -> set[str]:
    """Pieces of the other language's messages shown, except words this language writes the same way."""
    this_language = "\n".join(this_language_pieces)
    suspects = {piece for piece in other_language_pieces if not contains(this_language, piece)}
    found = set()
    for text in texts:
        if text in PROPER_NOUNS:
            continue
        for piece in suspects:
            if contains(text, piece):
                found.add(f"{piece!r} in {text[:80]!r}")
    return found


def test_french_leaves_no_english_and_back(window, qtbot):
    pairs = catalog_pairs()
    english = {piece for source, _ in pairs for piece in fixed_part(source)}
    french = {piece for _, translation in pairs for piece in fixed_part(translation)}
    window.select_bulletin("2017-03-09-trend-micro-study-west-africa")

    window.language_actions["fr"].trigger()
    texts = shown_texts(window)
    assert leftovers(texts, english, french) == set()
    assert not any(month in text for text in texts for month in ENGLISH_MONTHS)
    assert window.windowTitle() == "Chronologie de la cybercriminalité"

    window.language_actions["en"].trigger()
    texts = shown_texts(window)
    assert leftovers(texts, french, english) == set()
    assert not any(f" {month} " in f" {text} " for text in texts for month in FRENCH_MONTHS if month != "mars")


def test_switching_relabels_dates_headings_titles_and_status(window):
    window.switcher.switch("fr")
    assert "mars 2017" in headings(window)
    assert window.count_label.text() == "29 sur 29 bulletins"
    window.select_bulletin("2017-03-22-ransomware-digital-security-challenge")
    assert window.detail.value_text("date") == "22 mars 2017"
    assert window.detail.value_text("original") == "Anglais"
    bulletin = window.session.timeline[
        window.session.timeline.index_of("2017-03-22-ransomware-digital-security-challenge")
    ]
    assert (
        window.detail.value_text("title_en") == f"{bulletin.title_en} (original)"
    )  # one catalog entry: translators can move the mark
    assert window.detail.value_text("title_fr") == bulletin.title_fr
    model = window.timeline_view.model()
    assert model.index(window.timeline_view.currentIndex().row(), 0).data().startswith("Les rançongiciels")
    assert window.file_menu.title().replace("&", "") == "Fichier"


def test_state_survives_a_switch(window, qtbot):
    qtbot.keyClicks(window.search, "interpol")
    window.set_taxonomy_filter("initiatives")
    window.select_bulletin("2016-09-02-cybercrime-policing-capacity-latin-america")
    shown = bulletin_ids(window)
    scroll = window.timeline_view.verticalScrollBar().value()
    window.toggle_language_action.trigger()
    assert i18n.language() == "fr"
    assert window.search.text() == "interpol"
    assert window.session.query.taxonomy_key == "initiatives"
    assert bulletin_ids(window) == shown
    assert current_id(window) == "2016-09-02-cybercrime-policing-capacity-latin-america"
    assert window.timeline_view.verticalScrollBar().value() == scroll
    assert window.taxonomy.filter_label.text() == "Bulletins affichés\u00a0: Principales initiatives"


@pytest.mark.parametrize(
    ("language", "date", "month", "number"),
    [("en", "22 March 2017", "March 2017", "1,000"), ("fr", "22 mars 2017", "mars 2017", "1\u202f000")],
)
def test_cldr_formats(language, date, month, number):
    assert i18n.format_date(dt.date(2017, 3, 22), language) == date
    assert i18n.format_month(2017, 3, language) == month
    assert i18n.format_number(1000, language) == number


def test_the_first_of_the_month_reads_as_an_ordinal_in_french(window):
    """'1er août 2016' on the row, in the detail pane and in what a screen reader hears; English keeps '1 August'."""
    bulletin_id = "2016-08-01-ringleader-online-scams-arrested-nigeria"
    window.select_bulletin(bulletin_id)
    view = window.timeline_view
    row = view.model().index(view.currentIndex().row(), 0)
    assert window.detail.value_text("date") == "1 August 2016"
    window.switcher.switch("fr")
    assert row.data(Role.DATE_TEXT) == "1er août 2016"
    assert row.data(Qt.ItemDataRole.AccessibleTextRole).startswith("1er août 2016, ")
    assert window.detail.value_text("date") == "1er août 2016"
    assert i18n.format_date(dt.date(2016, 8, 11), "fr") == "11 août 2016"


@pytest.mark.parametrize(
    ("n", "english", "french"),
    [
        (0, "0 of 0 bulletins", "0 sur 0 bulletin"),
        (1, "1 of 1 bulletin", "1 sur 1 bulletin"),
        (12, "12 of 12 bulletins", "12 sur 12 bulletins"),
    ],
)
def test_plural_rules(n, english, french):
    for language, expected in (("en", english), ("fr", french)):
        i18n.set_language(language)
        assert (
            i18n.ngettext("{shown} of {total} bulletin", "{shown} of {total} bulletins", n).format(shown=n, total=n)
            == expected
        )


def test_the_choice_is_remembered_and_lang_overrides(make_window, isolated_settings, monkeypatch):
    first = make_window()
    first.switcher.switch("fr")
    first.close()
    settings = Settings()
    assert choose_language(None, settings) == "fr"
    assert choose_language("en", settings) == "en"


def test_first_start_follows_the_system_locale(isolated_settings, monkeypatch):
    from PySide6.QtCore import QLocale

    from timeline_gui.ui import app as app_module

    settings = Settings()
    monkeypatch.setattr(app_module.QLocale, "system", staticmethod(lambda: QLocale("fr_CA")))
    assert choose_language(None, settings) == "fr"
    monkeypatch.setattr(app_module.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert choose_language(None, settings) == "en"
    assert QSettings  # settings file untouched by choosing


def test_qts_own_buttons_follow_the_language(window):
    from PySide6.QtWidgets import QDialogButtonBox

    from timeline_gui.domain.errors import DataError
    from timeline_gui.ui.error_dialog import DataErrorDialog

    errors = [DataError("f.yaml", 3, 5, "bulletins[0].date", "required field is missing")]
    window.switcher.switch("fr")
    dialog = DataErrorDialog("f.yaml", errors, parent=window)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    assert close.text().replace("&", "") == "Fermer"
    # QPlainTextEdit hands back no-break spaces as plain ones.
    assert dialog.details.toPlainText() == "f.yaml:3:5 : bulletins[0].date : champ obligatoire manquant"
