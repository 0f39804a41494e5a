"""File ▸ Import Listing…: what the preview shows, corrections and confirmations, and the file written and opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from timeline_gui import i18n
from timeline_gui.storage.loader import load_timeline
from timeline_gui.ui.import_dialog import DATE, LANGUAGE, STATUS, TAGS, TITLE, ImportListingDialog

LISTING = """\
3 April 2017
Fraud ring targeted in global operation against payment card scams

22 March 2017
Ransomware – the new INTERPOL digital security challenge

4 avril 2017
Orphan title without any date
32 avril 2017
"""


def cells(dialog, column):
    model = dialog.preview
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@pytest.fixture
def dialog(qtbot, timeline, tmp_path):
    made = ImportListingDialog(timeline.taxonomy, tmp_path / "mine.yaml")
    qtbot.addWidget(made)
    made.text.setPlainText(LISTING)
    made.read()
    return made


def test_the_preview_shows_rows_duplicates_rejects_and_unchecked_suggestions(dialog, timeline, tmp_path):
    assert cells(dialog, DATE) == ["3 April 2017", "22 March 2017", "4 April 2017"]
    assert cells(dialog, TITLE)[2] == "Orphan title without any date"
    assert cells(dialog, STATUS) == ["new", "new", "new"]
    assert cells(dialog, TAGS)[0] == (
        "☐ Financial crime (fraud, payment card, scams); ☐ Operational and investigative support (operation)"
    )
    rejects = [dialog.rejects.item(row).text() for row in range(dialog.rejects.count())]
    assert rejects == [
        "Line 9: cannot read the date '32 avril 2017': write a day, a month in English or French and a year"
    ]
    # Against the packaged file, the ransomware bulletin is a duplicate.
    packaged = tmp_path / "packaged.yaml"
    from timeline_gui.storage.loader import packaged_path

    packaged.write_bytes(packaged_path("bulletins.yaml").read_bytes())
    dialog.target.setText(str(packaged))
    dialog.read()
    assert cells(dialog, STATUS)[1] == "already in the file (2017-03-22-ransomware-digital-security-challenge): skipped"


def test_language_corrected_and_tags_checked_are_what_is_written_and_opened(dialog, tmp_path, monkeypatch):
    model = dialog.preview
    # The orphan title gave no clue but its French date; the user says it is English.
    assert cells(dialog, LANGUAGE)[2] == "French?"
    assert model.setData(model.index(2, LANGUAGE), "en")
    assert cells(dialog, LANGUAGE)[2] == "English"
    dialog.table.selectRow(0)
    suggestions = dialog.suggestions
    assert [suggestions.data(suggestions.index(row, 1)) for row in range(2)] == [
        "“fraud”, “payment card”, “scams”",
        "“operation”",
    ]
    suggestions.setData(suggestions.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert cells(dialog, TAGS)[0].startswith("☑ Financial crime")
    target = tmp_path / "mine.yaml"
    assert not target.exists()  # nothing written before Import
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    dialog.import_button.click()
    assert asked == ["1 line was rejected and will not be imported. Add the 3 rows read well?"]
    assert dialog.result() == ImportListingDialog.DialogCode.Accepted and dialog.imported == target
    written = load_timeline(target)
    assert [(b.crime_types, b.initiatives) for b in written.bulletins if b.date.month == 4 and b.date.day == 3] == [
        (("financial-crime",), ())
    ]
    assert {b.title_en for b in written.bulletins} >= {"Orphan title without any date"}


def test_declining_the_confirmation_writes_nothing(dialog, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    dialog.import_button.click()
    assert not (tmp_path / "mine.yaml").exists()
    assert dialog.result() != ImportListingDialog.DialogCode.Accepted


def test_the_dialog_in_french(qtbot, timeline, tmp_path):
    i18n.set_language("fr")
    try:
        made = ImportListingDialog(timeline.taxonomy, tmp_path / "mine.yaml")
        qtbot.addWidget(made)
        made.text.setPlainText(LISTING)
        made.read()
        assert made.windowTitle() == "Importer une liste"
        assert cells(made, DATE)[0] == "3 avril 2017"
        assert cells(made, STATUS)[0] == "nouveau"
        assert cells(made, TAGS)[0].startswith("☐ Criminalité financière (fraud, payment card, scams)")
        assert made.summary.text() == "3 lignes lues, 3 nouvelles, 0 doublon ignoré, 1 ligne rejetée"
    finally:
        i18n.set_language("en")


def test_the_file_menu_offers_the_import(window):
    assert window.import_action in window.file_menu.actions()
    assert window.import_action.text() == "&Import Listing…"


def test_an_import_from_the_window_opens_the_file_at_its_first_new_bulletin(window, qtbot, tmp_path, monkeypatch):
    from timeline_gui.ui import import_dialog

    target = tmp_path / "mine.yaml"

    def user(dialog):  # what a user does in the dialog: paste, choose the file, Import
        dialog.text.setPlainText(LISTING.split("4 avril", maxsplit=1)[0])
        dialog.target.setText(str(target))
        dialog.read()
        dialog.import_button.click()
        return dialog.result()

    monkeypatch.setattr(import_dialog.ImportListingDialog, "exec", user)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: window.data_path == target, timeout=10_000)
    assert len(window.session.timeline) == 2
    assert window.session.current == "2017-04-03-fraud-ring-targeted-global-operation"
    shown = [label.text() for label in window.detail.findChildren(QLabel)]
    assert "Fraud ring targeted in global operation against payment card scams (original)" in shown
