"""The export command's facets and search: the same set as the window's, stated in the PDF, never empty."""

from __future__ import annotations

import datetime as dt

import pytest
from test_export import in_order, pdf_pages, run, words

from timeline_gui.domain.facets import UNCLASSIFIED
from timeline_gui.domain.query import Query, TimelineIndex


def _shown(timeline, query):
    """The bulletins the window shows for ``query`` (its session asks the index the same)."""
    return [timeline[p] for p in TimelineIndex(timeline).matching(query)]


@pytest.mark.parametrize(
    ("args", "query"),
    [
        (
            [
                "--initiative",
                "capacity-building",
                "--initiative",
                "Operational and investigative support",
                "--place",
                "Africa",
            ],
            Query(
                initiatives=frozenset({"capacity-building", "operational-investigative-support"}),
                places=frozenset({"M49:002"}),
            ),
        ),
        (
            ["--crime", "none", "--partner", "Europol"],
            Query(crimes=frozenset({UNCLASSIFIED}), partners=frozenset({"Europol"})),
        ),
        (
            ["--place", "Afrique de l’Ouest", "--search", "interpol -chief"],
            Query("interpol -chief", places=frozenset({"West Africa"})),
        ),
        (
            ["--search", '"INTERPOL Chief"', "--from", "2016-01-01", "--to", "2016-12-31"],
            Query('"INTERPOL Chief"', start=dt.date(2016, 1, 1), end=dt.date(2016, 12, 31)),
        ),
    ],
    ids=["initiatives-or-in-africa", "unclassified-crime-and-partner", "french-place-and-exclusion", "phrase-in-2016"],
)
def test_the_command_exports_the_set_the_window_shows(tmp_path, timeline, args, query):
    expected = _shown(timeline, query)
    assert expected
    target = tmp_path / "out.pdf"
    result = run(str(target), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    count = len(expected)
    assert result.stdout.startswith(f"{target}: {count} bulletin{'s' if count > 1 else ''},")
    text = " ".join(pdf_pages(target))
    assert in_order(text, [b.title_en for b in expected])
    others = [b for b in timeline.bulletins if b not in expected]
    assert not any(words(b.title_en) in text for b in others)


def test_the_title_block_states_what_made_the_set(tmp_path):
    target = tmp_path / "out.pdf"
    args = ["--place", "Africa", "--place", "Asia", "--crime", "none", "--search", "interpol", "--lang", "fr"]
    result = run(str(target), *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = pdf_pages(target)[0]
    assert "recherche « interpol »" in first
    assert "Lieux : Afrique ou Asie" in first and "Types de criminalité : Non classé" in first


def test_an_empty_set_is_refused_and_nothing_written(tmp_path):
    result = run("out.pdf", "--partner", "Europol", "--search", "zzzz", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "No bulletin matches (search “zzzz”; Partners: Europol) in this range: nothing written."
    ]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("option", ["--crime", "--place", "--partner", "--initiative"])
def test_an_unknown_value_is_named_with_the_known_ones(tmp_path, option):
    result = run("out.pdf", option, "Atlantis", cwd=tmp_path)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert "“Atlantis”; use one of: " in last
    assert not (tmp_path / "out.pdf").exists()
