"""Places and partners in the reader's language: the taxonomy's table of names (English name → French name),
read and checked like the rest of taxonomy.yaml, carried by the packaged copy, and used by the detail
pane and the PDF. A name not in the table is shown as written."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel import Locale

from timeline_gui import i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Bulletin, Timeline
from timeline_gui.export.plan import ExportRequest, build_plan
from timeline_gui.storage import loader, packaged
from timeline_gui.storage.loader import load_taxonomy, packaged_path

NAMIBIA = "2016-03-25-namibian-president-global-security-issues"
UNODC = "2016-05-23-unodc-ties-transnational-crime"
MARCH_2016 = (dt.date(2016, 3, 1), dt.date(2016, 3, 31))
MAY_2016 = (dt.date(2016, 5, 1), dt.date(2016, 5, 31))

# The CLDR territory each place of the packaged bulletins stands for ("Central Africa" is CLDR's "Middle Africa").
TERRITORIES = {
    "Asia": "142",
    "Central Africa": "017",
    "El Salvador": "SV",
    "Europe": "150",
    "Namibia": "NA",
    "Nepal": "NP",
    "Nigeria": "NG",
}


def packaged_taxonomy_text() -> str:
    return packaged_path("taxonomy.yaml").read_text(encoding="utf-8")


def bulletin_with(places: tuple[str, ...] = (), partners: tuple[str, ...] = ()) -> Bulletin:
    return Bulletin(
        "2016-06-01-somewhere",
        dt.date(2016, 6, 1),
        "en",
        "A meeting somewhere",
        "Une réunion quelque part",
        places=places,
        partners=partners,
    )


# ------------------------------------------------------------------ the table and the one function that reads it


def test_a_name_in_the_table_reads_in_each_language(timeline):
    taxonomy = timeline.taxonomy
    assert taxonomy.name("Namibia", "fr") == "Namibie"
    assert taxonomy.name("Namibia", "en") == "Namibia"
    assert taxonomy.name("UNODC", "fr") == "ONUDC"
    assert taxonomy.names_in(("Asia", "Nepal"), "fr") == ("Asie", "Népal")


def test_a_name_not_in_the_table_is_shown_as_written(timeline):
    for language in ("en", "fr"):
        assert timeline.taxonomy.name("Atlantis", language) == "Atlantis"
        assert timeline.taxonomy.name("namibia", language) == "namibia"  # exact names only: no guessing


def test_every_place_and_partner_of_the_packaged_bulletins_has_a_french_name(timeline):
    """French is complete: a name the same in French is listed too, so a missing one is noticed here."""
    listed = {entry.en for entry in timeline.taxonomy.names}
    used = {name for bulletin in timeline.bulletins for name in bulletin.places + bulletin.partners}
    assert used - listed == set()
    assert listed - used == set(), "the table keeps to the names the packaged bulletins use"


def test_places_have_their_cldr_french_names(timeline):
    territories = Locale.parse("fr_FR").territories
    for english, code in TERRITORIES.items():
        assert timeline.taxonomy.name(english, "fr") == territories[code], english
    latin_america_and_caribbean = f"{territories['419']} et {territories['029']}"
    assert timeline.taxonomy.name("Latin America and the Caribbean", "fr") == latin_america_and_caribbean


def test_west_africa_reads_as_interpol_writes_it_in_french(timeline):
    """CLDR says 'Afrique occidentale'; the bulletin that names West Africa was written in French by INTERPOL,
    and says 'Afrique de l’Ouest': the detail pane must not contradict the title above it."""
    (bulletin,) = [bulletin for bulletin in timeline.bulletins if "West Africa" in bulletin.places]
    assert bulletin.language == "fr"
    name = timeline.taxonomy.name("West Africa", "fr")
    assert name == "Afrique de l’Ouest"
    assert name in bulletin.title_fr


def test_a_french_title_spells_its_places_as_the_detail_pane_does(timeline):
    """Where a French title names a place by its one-word name, it uses the table's spelling (Nigeria, Népal,
    Namibie)."""
    for bulletin in timeline.bulletins:
        for place in bulletin.places:
            french = timeline.taxonomy.name(place, "fr")
            if " " not in french and re.search(rf"\b{re.escape(place)}\b", bulletin.title_en):
                assert french in bulletin.title_fr, (bulletin.id, french)


def test_partners_have_their_official_french_names(timeline):
    expected = {
        "Council of Europe": "Conseil de l’Europe",
        "UNODC": "ONUDC",
        "World Economic Forum": "Forum économique mondial",
        "Europol": "Europol",
        "Trend Micro": "Trend Micro",
        "Cellebrite": "Cellebrite",
        "Barclays": "Barclays",
    }
    assert {english: timeline.taxonomy.name(english, "fr") for english in expected} == expected


# ------------------------------------------------------------------ reading and checking the table


def test_a_taxonomy_without_names_still_reads(tmp_path):
    text = packaged_taxonomy_text()
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text[: text.index("\nnames:")] + "\n", encoding="utf-8")
    taxonomy = load_taxonomy(path)
    assert taxonomy.names == () and taxonomy.name("Namibia", "fr") == "Namibia"


def broken_names(tmp_path, old: str, new: str):
    """The packaged taxonomy with one piece of its names table replaced: (path, line number of the change)."""
    text = packaged_taxonomy_text()
    assert text.count(old) == 1
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "column", "field", "message"),
    [
        (
            '{en: "Namibia", fr: "Namibie", code: "NA"}',
            '{en: "Namibia"}',
            5,
            "names[5].fr",
            "required field is missing",
        ),
        (
            '{en: "Namibia", fr: "Namibie", code: "NA"}',
            '{en: "Namibia", fr: ""}',
            25,
            "names[5].fr",
            "must not be empty",
        ),
        (
            '{en: "Namibia", fr: "Namibie", code: "NA"}',
            '"Namibia: Namibie"',
            5,
            "names[5]",
            "expected a mapping, found text",
        ),
        (
            '{en: "Namibia", fr: "Namibie", code: "NA"}',
            '{en: "Namibia", fr: "Namibie", de: "Namibia"}',
            36,
            "names[5].de",
            "unknown field 'de'; expected one of: en, fr, code",
        ),
        (
            '{en: "Nepal", fr: "Népal", code: "NP"}',
            '{en: "Namibia", fr: "Népal"}',
            10,
            "names[6].en",
            "duplicate name 'Namibia', first given on line",
        ),
        (
            '{en: "Namibia", fr: "Namibie", code: "NA"}',
            '{en: "Namibia", fr: "Namibie", code: "XX"}',
            42,
            "names[5].code",
            "unknown territory code 'XX'",
        ),
    ],
    ids=["missing-french", "empty-french", "not-a-mapping", "unknown-language", "duplicate", "unknown-code"],
)
def test_a_malformed_entry_is_located(tmp_path, old, new, column, field, message):
    path, line = broken_names(tmp_path, old, new)
    with pytest.raises(DataLoadError) as raised:
        load_taxonomy(path)
    [error] = raised.value.errors
    assert (error.path, error.line, error.column, error.field) == (str(path), line, column, field)
    assert str(error).startswith(f"{path}:{line}:{column}: {field}: {message}")


def test_names_that_are_not_a_list_are_located(tmp_path):
    text = packaged_taxonomy_text()
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text[: text.index("\nnames:")] + "\nnames: {Namibia: Namibie}\n", encoding="utf-8")
    line = text[: text.index("\nnames:")].count("\n") + 2
    with pytest.raises(DataLoadError) as raised:
        load_taxonomy(path)
    assert [str(error) for error in raised.value.errors] == [
        f"{path}:{line}:8: names: expected a list, found a mapping"
    ]


def test_validate_reports_a_malformed_packaged_table(tmp_path, monkeypatch):
    """`timeline-gui validate` checks the packaged taxonomy, names included, before any bulletin."""
    path, line = broken_names(tmp_path, '{en: "UNODC", fr: "ONUDC"}', '{en: "UNODC", fr: [ONUDC]}')
    monkeypatch.setattr(loader, "packaged_path", lambda name: path if name == "taxonomy.yaml" else packaged_path(name))
    errors = loader.validate()
    assert [(error.path, error.line, error.field, error.message) for error in errors] == [
        ("<packaged taxonomy.yaml>", line, "names[14].fr", "expected text, found a list")
    ]


# ------------------------------------------------------------------ the packaged copy the window starts from


def test_the_packaged_copy_carries_the_table():
    from_copy = packaged.load_packaged().taxonomy
    from_yaml = load_taxonomy()
    assert from_copy.names == from_yaml.names and len(from_copy.names) == 16
    assert from_copy.name("West Africa", "fr") == from_yaml.name("West Africa", "fr")


def test_a_copy_made_before_the_table_was_edited_is_not_used(monkeypatch):
    from timeline_gui.resources import packaged_data

    stale = dict(packaged_data.DATA)
    stale["names"] = ()  # what a copy made before the table would hold
    stale["sources"] = {**stale["sources"], "taxonomy.yaml": (1, 2)}
    monkeypatch.setattr(packaged_data, "DATA", stale)
    assert packaged._current_copy() is None
    assert packaged.load_packaged().taxonomy.name("Namibia", "fr") == "Namibie"


# ------------------------------------------------------------------ the detail pane


def test_the_detail_pane_names_places_and_partners_in_the_active_language(window):
    window.select_bulletin(NAMIBIA)
    assert window.detail.value_text("places") == "Namibia"
    window.language_actions["fr"].trigger()
    assert window.detail.value_text("places") == "Namibie"
    window.select_bulletin(UNODC)
    assert window.detail.value_text("partners") == "ONUDC"
    window.language_actions["en"].trigger()
    assert window.detail.value_text("partners") == "UNODC"
    window.select_bulletin(NAMIBIA)
    assert window.detail.value_text("places") == "Namibia"


def test_the_detail_pane_shows_an_unknown_name_as_written(make_window, timeline):
    window = make_window(Timeline([bulletin_with(("Atlantis", "Namibia"), ("Acme Labs",))], timeline.taxonomy))
    window.select_bulletin("2016-06-01-somewhere")
    assert (window.detail.value_text("places"), window.detail.value_text("partners")) == (
        "Atlantis, Namibia",
        "Acme Labs",
    )
    window.language_actions["fr"].trigger()
    assert (window.detail.value_text("places"), window.detail.value_text("partners")) == (
        "Atlantis, Namibie",
        "Acme Labs",
    )


# ------------------------------------------------------------------ the PDF


@pytest.fixture
def pdf_text(qapp, tmp_path):
    """The text of the PDF of a date range of ``timeline``, in ``language`` (pypdf, whitespace as single spaces)."""
    from pypdf import PdfReader

    from timeline_gui.export.pdf import export_pdf

    def export(timeline, span, language: str) -> str:
        i18n.set_language(language)
        target = tmp_path / f"{language}.pdf"
        export_pdf(build_plan(timeline, ExportRequest(*span)), timeline.taxonomy, target)
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)

    return export


def test_the_french_pdf_names_places_and_partners_in_french(timeline, pdf_text):
    march = pdf_text(timeline, MARCH_2016, "fr")
    assert "Lieux : Namibie" in march and "Lieux : Namibia" not in march
    may = pdf_text(timeline, MAY_2016, "fr")
    assert "Partenaires : ONUDC" in may and "Lieux : Europe" in may


def test_the_english_pdf_names_them_as_written(timeline, pdf_text):
    march = pdf_text(timeline, MARCH_2016, "en")
    assert "Places: Namibia" in march and "Namibie" not in march
    assert "Partners: UNODC" in pdf_text(timeline, MAY_2016, "en")


def test_the_pdf_shows_an_unknown_name_as_written(timeline, pdf_text):
    mine = Timeline([bulletin_with(("Atlantis",), ("Acme Labs", "UNODC"))], timeline.taxonomy)
    june = (dt.date(2016, 6, 1), dt.date(2016, 6, 30))
    assert re.search(r"Places: Atlantis\W+Partners: Acme Labs, UNODC", pdf_text(mine, june, "en"))
    assert re.search(r"Lieux : Atlantis\W+Partenaires : Acme Labs, ONUDC", pdf_text(mine, june, "fr"))


def test_the_pdf_leaves_out_places_and_partners_a_bulletin_does_not_name(timeline, pdf_text):
    text = pdf_text(Timeline([bulletin_with()], timeline.taxonomy), (dt.date(2016, 6, 1), dt.date(2016, 6, 30)), "en")
    assert "Crime types: none" in text
    assert "Places:" not in text and "Partners:" not in text
