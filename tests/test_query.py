from __future__ import annotations

import datetime as dt

from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.domain.text import fold


def test_fold_ignores_case_accents_and_apostrophe_style():
    assert fold("FÉVRIER") == fold("février") == fold("fevrier") == "fevrier"
    assert fold("L’identification") == fold("l'IDENTIFICATION")


def test_search_matches_either_language_ignoring_accents(timeline):
    index = TimelineIndex(timeline)
    for text in ("sécurité", "SECURITE", "Securité"):
        ids = {timeline[p].id for p in index.matching(Query(text))}
        assert "2017-03-08-national-central-bureaus-global-security" in ids  # French original
        assert "2017-03-22-ransomware-digital-security-challenge" in ids  # French translation only
    english = {timeline[p].id for p in index.matching(Query("ransomware"))}
    assert english == {"2017-03-22-ransomware-digital-security-challenge"}


def test_words_must_all_match(timeline):
    index = TimelineIndex(timeline)
    assert len(index.matching(Query("interpol chief"))) < len(index.matching(Query("interpol")))
    assert len(index.matching(Query("interpol zzzz"))) == 0


def test_narrowing_a_search_gives_the_same_result_as_a_fresh_one(timeline):
    typed = TimelineIndex(timeline)
    for prefix in ("c", "cy", "cyb", "cyber", "cyberc"):
        narrowed = list(typed.matching(Query(prefix)))
    assert narrowed == list(TimelineIndex(timeline).matching(Query("cyberc")))


def test_taxonomy_counts_include_the_nodes_below(timeline):
    index = TimelineIndex(timeline)
    children = ("crimes-against-children", "financial-crime", "terrorism")
    below = {p for key in children for p in index.tagged(key)}
    assert set(index.tagged("cyber-enabled-crime")) == below
    assert index.count("initiatives") == len(
        {p for node in timeline.taxonomy.initiatives for p in index.tagged(node.key)}
    )


def test_month_groups_cover_every_position_once(timeline):
    index = TimelineIndex(timeline)
    positions = index.all_positions()
    groups = index.group_by_month(positions)
    assert sum(g.count for g in groups) == len(timeline)
    for group in groups:
        for p in positions[group.start : group.end]:
            assert (timeline[p].date.year, timeline[p].date.month) == (group.year, group.month)


def test_nearest_date(timeline):
    index = TimelineIndex(timeline)
    positions = index.all_positions()
    found = index.nearest(positions, dt.date(2016, 9, 1))
    assert timeline[positions[found]].date == dt.date(2016, 9, 2)
