"""The page's context and the classification's reasons, as a user sees them: the detail pane after choosing a
bulletin or a taxonomy node, the About views and the PDF, in English and French."""

from __future__ import annotations

import datetime as dt
from importlib import metadata

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from timeline_gui import __version__, i18n
from timeline_gui.domain.model import NOT_CLASSIFIED
from timeline_gui.export.plan import ExportRequest, build_plan
from timeline_gui.ui.roles import Role
from timeline_gui.ui.taxonomy_model import COLUMN_COUNT

CELLEBRITE = "2016-04-12-agreement-cellebrite-combating-cybercrime"


def click_node(window, qtbot, key):
    index = window.taxonomy.model.index_of_key(key)
    window.taxonomy.view.scrollTo(index)  # the tree shares its column with the filters: it may need scrolling
    qtbot.mouseClick(
        window.taxonomy.view.viewport(), Qt.MouseButton.LeftButton, pos=window.taxonomy.view.visualRect(index).center()
    )


def shown_ids(window):
    from tests.helpers import bulletin_ids

    return bulletin_ids(window)


@pytest.mark.parametrize(
    ("language", "initiatives"),
    [
        ("en", "Digital forensics – Cellebrite is a digital-forensics company"),
        ("fr", "Criminalistique numérique – Cellebrite est une entreprise de criminalistique numérique"),
    ],
)
def test_the_detail_pane_shows_each_tags_reason(window, language, initiatives):
    window.switcher.switch(language)
    window.select_bulletin(CELLEBRITE)
    assert window.detail.value_text("initiatives") == initiatives
    assert window.detail.value_text("crime_types") == {"en": "none", "fr": "néant"}[language]


def test_reasons_follow_a_language_switch_and_stand_one_tag_a_line(window):
    window.select_bulletin("2016-08-01-ringleader-online-scams-arrested-nigeria")
    assert window.detail.value_text("crime_types") == "Financial crime – Online scams are frauds: financial crime"
    window.select_bulletin("2017-03-22-ransomware-digital-security-challenge")
    assert window.detail.value_text("initiatives").split("\n") == [
        "• Innovation and research – Ransomware is named a new challenge: research into an emerging crime",
        "• INTERPOL Global Complex for Innovation – The INTERPOL Digital Security Challenge is held at the Global "
        "Complex for Innovation in Singapore",
    ]
    window.switcher.switch("fr")
    assert window.detail.value_text("crime_types") == (
        "Cybercriminalité avancée – Les rançongiciels sont des logiciels malveillants qui s’attaquent aux "
        "ordinateurs et à leurs données"
    )


def test_choosing_a_node_shows_its_description_examples_and_bulletins_per_year(window, qtbot):
    click_node(window, qtbot, "cyber-enabled-crime")
    node = window.detail.node
    assert window.detail.showing_node() == "cyber-enabled-crime"
    assert window.detail.findChild(type(window.detail._heading), "detail-heading").text() == "Cyber-enabled crime"
    assert node.description.text().startswith("Many ‘traditional’ crimes have taken a new turn")
    assert node.examples.text() == "Examples: Crimes against children, Financial crime, Terrorism"
    assert node.chart.years() == [(2016, 4), (2017, 2)]  # 6 bulletins: the node's count in the tree
    assert node.chart.summary() == "2016: 4 bulletins, 2017: 2 bulletins"
    assert node.chart.isVisible() and node.chart.height() >= 96
    window.switcher.switch("fr")
    assert node.description.text().startswith("De nombreuses formes de criminalité « traditionnelles »")
    assert node.examples.text() == ("Exemples : Infractions contre les enfants, Criminalité financière, Terrorisme")
    assert node.chart.summary() == "2016 : 4 bulletins, 2017 : 2 bulletins"
    assert node.chart_title.text() == "Bulletins par année"


def test_choosing_a_bulletin_again_brings_its_details_back(window, qtbot):
    click_node(window, qtbot, "digital-forensics")
    assert window.detail.showing_node() == "digital-forensics"
    qtbot.keyClick(window.taxonomy.view, Qt.Key.Key_Space)  # and filter on it
    model = window.timeline_view.model()
    first = next(model.index(row, 0) for row in range(model.rowCount()) if model.index(row, 0).data(Role.BULLETIN_ID))
    qtbot.mouseClick(
        window.timeline_view.viewport(), Qt.MouseButton.LeftButton, pos=window.timeline_view.visualRect(first).center()
    )
    assert window.detail.showing_node() is None
    assert window.detail.value_text("initiatives").startswith("Digital forensics – ")


def test_not_classified_is_a_node_of_the_tree_that_filters_the_untagged(window, qtbot, timeline):
    untagged = sorted(b.id for b in timeline.bulletins if not (b.initiatives or b.crime_types))
    index = window.taxonomy.model.index_of_key(NOT_CLASSIFIED)
    assert index.data() == "Not classified"
    assert index.siblingAtColumn(COLUMN_COUNT).data() == str(len(untagged)) == "14"
    click_node(window, qtbot, NOT_CLASSIFIED)
    assert len(shown_ids(window)) == 29  # a click describes the node; Space filters on it
    qtbot.keyClick(window.taxonomy.view, Qt.Key.Key_Space)
    assert sorted(shown_ids(window)) == untagged
    assert window.count_label.text() == "14 of 29 bulletins"
    assert window.detail.node.chart.years() == [(2016, 13), (2017, 1)]
    window.switcher.switch("fr")
    assert window.taxonomy.model.index_of_key(NOT_CLASSIFIED).data() == "Non classés"
    assert window.detail.node.description.text().startswith("Bulletins rattachés à aucune initiative")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Coverage",
                "29 bulletins",
                "From 22 January 2016 to 22 March 2017.",
                "15 tied to an initiative or a kind of crime, 14 not classified.",
                "Data file: the bulletins packaged with the app, format version 1 (schema: 1).",
                "Cybercrime",
                "Two kinds of cybercrime",
                "advanced cybercrime (or high-tech crime)",
                "The changing nature of cybercrime",
                "INTERPOL’s role",
                "INTERPOL Global Complex for Innovation",
                "which opened in 2014",
            ],
        ),
        (
            "fr",
            [
                "Couverture",
                "29 bulletins",
                "Du 22 janvier 2016 au 22 mars 2017.",
                "15 rattachés à une initiative ou à un type de criminalité, 14 non classés.",
                "La cybercriminalité",
                "Deux types de cybercriminalité",
                "L’évolution de la cybercriminalité",
                "Le rôle d’INTERPOL",
                "Complexe mondial INTERPOL pour l’innovation",
                "ouvert en 2014",
            ],
        ),
    ],
)
def test_about_the_data_gives_the_pages_overview_and_the_coverage(window, language, expected):
    window.switcher.switch(language)
    menu_texts = [action.text() for action in window.keyboard.help_menu.actions()]
    assert {"en": "About the &Data", "fr": "À propos des &données"}[language] in menu_texts
    window.about.about_data_action.trigger()
    dialog = window.about.dialogs["about-data"]
    assert dialog.isVisible()
    text = dialog.plain_text()
    position = 0
    for needle in expected:
        found = text.find(needle, position)
        assert found >= 0, needle
        position = found
    assert dialog.windowTitle() == {"en": "About the Data", "fr": "À propos des données"}[language]


def test_about_the_data_follows_the_language_while_open(window):
    dialog = window.about.show_about_data()
    assert "Two kinds of cybercrime" in dialog.plain_text()
    window.switcher.switch("fr")
    assert "Deux types de cybercriminalité" in dialog.plain_text()
    assert "Two kinds" not in dialog.plain_text()


def test_about_gives_the_version_licence_and_libraries_with_their_versions(window):
    window.about.about_action.trigger()
    text = window.about.dialogs["about-app"].plain_text()
    assert f"Version {__version__}" in text and "Licence: MIT" in text
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "Cybercrime Timeline"  # the product's one name, as in the window title
    for name in ("PySide6-Essentials", "PyYAML", "babel", "python-dateutil", "platformdirs", "pypdf"):
        assert lines[lines.index(name) + 1] == metadata.version(name), name  # each name, then its version
    window.switcher.switch("fr")
    french = window.about.dialogs["about-app"].plain_text()
    assert "Licence : MIT" in french and french.splitlines()[0].strip() == "Chronologie de la cybercriminalité"


def test_an_unsafe_text_in_the_data_shows_as_text_not_markup(timeline):
    from timeline_gui.ui.about_dialog import about_data_html

    html = about_data_html(timeline, None)
    assert "<script" not in html and "<b>" not in html


# ------------------------------------------------------------------ the PDF


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.mark.parametrize(
    ("language", "needles"),
    [
        ("en", ["Not classified (no initiative, no kind of crime) 3", "Why: Digital forensics – Cellebrite is a"]),
        ("fr", ["Non classés (ni initiative, ni type de criminalité) 3", "Pourquoi : Criminalistique numérique –"]),
    ],
)
def test_the_pdf_counts_the_unclassified_and_gives_the_reasons(timeline, tmp_path, language, needles, qapp):
    from timeline_gui.export.pdf import export_pdf

    i18n.set_language(language)
    request = ExportRequest(dt.date(2016, 4, 1), dt.date(2016, 4, 30))  # Cellebrite and the terrorism meeting
    plan = build_plan(timeline, request)
    assert plan.not_classified == 0
    request = ExportRequest(dt.date(2016, 3, 1), dt.date(2016, 4, 30))
    plan = build_plan(timeline, request)
    assert plan.not_classified == sum(1 for b in plan.bulletins if not (b.initiatives or b.crime_types)) == 3
    target = tmp_path / f"reasons-{language}.pdf"
    export_pdf(plan, timeline.taxonomy, target, "A4")
    text = pdf_text(target)
    for needle in needles:
        assert needle in text, needle


def test_the_session_describes_a_chosen_node_until_another_bulletin_is_current(timeline, qapp):
    from timeline_gui.ui.session import Session

    session = Session(timeline)
    described: list[str | None] = []
    session.described_node_changed.connect(lambda: described.append(session.described_node))
    session.toggle_filter("igci")
    assert session.query.taxonomy_key == "igci" and session.described_node == "igci"
    session.toggle_filter("igci")  # the filter off: the node was chosen all the same
    assert session.query.taxonomy_key is None and session.described_node == "igci"
    session.set_current(CELLEBRITE)
    assert session.described_node is None
    assert described == ["igci", None]
    session.describe_node(NOT_CLASSIFIED)
    assert session.described_node == NOT_CLASSIFIED
    with pytest.raises(ValueError, match="no taxonomy node"):
        session.describe_node("time-travel")
