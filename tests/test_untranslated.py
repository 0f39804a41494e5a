"""An imported bulletin has only its original title: the list, the detail pane, the clipboard text and the PDF
show the original with a "not translated" mark, in the other language."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from timeline_gui import i18n
from timeline_gui.export.plan import ExportRequest, build_plan
from timeline_gui.export.text import bulletins_text
from timeline_gui.storage.listing import read_listing
from timeline_gui.storage.listing_writer import import_rows
from timeline_gui.storage.loader import load_timeline

LISTING = """\
3 April 2017
Fraud ring targeted in global operation against payment card scams

4 avril 2017
Opération mondiale contre les escroqueries à la carte de paiement
"""


@pytest.fixture
def imported(tmp_path, timeline):
    target = tmp_path / "mine.yaml"
    import_rows(target, read_listing(LISTING, timeline.taxonomy).rows, timeline.taxonomy)
    return load_timeline(target, timeline.taxonomy)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


def test_the_list_shows_the_original_marked_in_the_other_language(qapp, imported):
    from PySide6.QtCore import Qt

    from timeline_gui.ui.bulletin_model import BulletinListModel

    model = BulletinListModel(imported)
    display = [model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) for row in range(2)]
    assert display == [
        "Fraud ring targeted in global operation against payment card scams",
        "Opération mondiale contre les escroqueries à la carte de paiement (not translated)",
    ]
    i18n.set_language("fr")
    display = [model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole) for row in range(2)]
    assert display == [
        "Fraud ring targeted in global operation against payment card scams (non traduit)",
        "Opération mondiale contre les escroqueries à la carte de paiement",
    ]
    assert bulletins_text(imported.bulletins, "fr").splitlines()[0].endswith("scams (non traduit)")


def test_the_detail_pane_says_which_title_is_missing(qtbot, imported):
    from PySide6.QtWidgets import QLabel

    from timeline_gui.ui.detail import DetailPane
    from timeline_gui.ui.session import Session

    session = Session(imported)
    pane = DetailPane(session)
    qtbot.addWidget(pane)
    session.set_current(imported[0].id)
    texts = [label.text() for label in pane.findChildren(QLabel)]
    assert "Fraud ring targeted in global operation against payment card scams (original)" in texts
    assert "not translated" in texts


def test_the_pdf_shows_the_original_marked(qapp, imported, tmp_path):
    from timeline_gui.export.pdf import export_pdf

    i18n.set_language("fr")
    target = tmp_path / "out.pdf"
    export_pdf(build_plan(imported, ExportRequest(None, None)), imported.taxonomy, target)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "Fraud ring targeted in global operation against payment card scams (non traduit)" in text
    assert "Titre original" not in text  # the title shown is the original: not repeated


def test_search_finds_an_untranslated_bulletin_by_its_words_in_either_language(imported):
    from timeline_gui.domain.query import Query, TimelineIndex

    index = TimelineIndex(imported)
    index.prepare()
    assert [imported[p].language for p in index.matching(Query("escroqueries"))] == ["fr"]
    assert [imported[p].language for p in index.matching(Query("fraud ring"))] == ["en"]
