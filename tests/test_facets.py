"""Facets, date range and search terms, checked against a brute-force filter on generated timelines."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline_gui.domain import regions
from timeline_gui.domain.facets import CRIME, FACETS, INITIATIVE, LANGUAGE, PARTNER, PLACE, UNCLASSIFIED
from timeline_gui.domain.highlight import highlight_ranges, missing_from
from timeline_gui.domain.model import Bulletin, Timeline
from timeline_gui.domain.query import Query, SearchTerms, TimelineIndex
from timeline_gui.domain.text import fold
from timeline_gui.storage.loader import load_taxonomy

TAXONOMY = load_taxonomy()
INITIATIVE_KEYS = sorted(TAXONOMY.initiative_keys())
CRIME_KEYS = sorted(TAXONOMY.crime_type_keys())
PLACES = ["Nigeria", "Namibia", "West Africa", "Central Africa", "Nepal", "Asia", "El Salvador", "Lyon"]
PARTNERS = ["Europol", "UNODC", "Trend Micro"]
WORDS = ["sécurité", "Securite", "INTERPOL", "chief", "chef", "boosts", "réseau", "cyber-crime", "l’Ouest", "ouest"]
FIRST = dt.date(2015, 1, 1)


def _subset(values):
    return st.lists(st.sampled_from(values), max_size=2, unique=True).map(tuple)


_bulletin = st.builds(
    lambda number, day, language, en, fr, initiatives, crimes, places, partners: Bulletin(
        f"b{number:03}-{day}",
        FIRST + dt.timedelta(days=day),
        language,
        " ".join(en) or "Untitled",
        " ".join(fr) or "Sans titre",
        initiatives,
        crimes,
        places,
        partners,
    ),
    st.integers(0, 999),
    st.integers(0, 900),
    st.sampled_from(("en", "fr")),
    st.lists(st.sampled_from(WORDS), max_size=5),
    st.lists(st.sampled_from(WORDS), max_size=5),
    _subset(INITIATIVE_KEYS),
    _subset(CRIME_KEYS),
    _subset(PLACES),
    _subset(PARTNERS),
)


def _timeline(bulletins):
    unique = {bulletin.id: bulletin for bulletin in bulletins}
    return Timeline(unique.values(), TAXONOMY)


_search = st.lists(
    st.sampled_from(
        ["securite", "interpol", "chie", "-boosts", '"interpol chief"', '-"chef reseau"', "ouest", "l'ouest"]
    ),
    max_size=3,
).map(" ".join)


@st.composite
def _queries(draw):
    chosen = {
        INITIATIVE: draw(st.sets(st.sampled_from([*INITIATIVE_KEYS, UNCLASSIFIED]), max_size=2)),
        CRIME: draw(st.sets(st.sampled_from([*CRIME_KEYS, UNCLASSIFIED]), max_size=2)),
        PLACE: draw(st.sets(st.sampled_from([*PLACES, "M49:002", "M49:019"]), max_size=2)),
        PARTNER: draw(st.sets(st.sampled_from(PARTNERS), max_size=2)),
        LANGUAGE: draw(st.sets(st.sampled_from(["en", "fr"]), max_size=1)),
    }
    start = draw(st.none() | st.integers(0, 900).map(lambda day: FIRST + dt.timedelta(days=day)))
    end = draw(st.none() | st.integers(0, 900).map(lambda day: FIRST + dt.timedelta(days=day)))
    return Query(draw(_search), **{facet: frozenset(values) for facet, values in chosen.items()}, start=start, end=end)


# ---------------------------------------------------------------- the brute force, written from the rules


def _words_of(title):
    return [word for raw in title.split() for word in fold(raw).split()]


def _has_word(bulletin, word):
    return any(word in each for title in (bulletin.title_en, bulletin.title_fr) for each in _words_of(title))


def _has_phrase(bulletin, phrase):
    return any(phrase in " ".join(_words_of(title)) for title in (bulletin.title_en, bulletin.title_fr))


def _has_term(bulletin, term):
    return _has_phrase(bulletin, term) if " " in term else _has_word(bulletin, term)


def _in_place(place, value):
    if place == value:
        return True
    code = TAXONOMY.code(place)
    region = value.removeprefix("M49:") if value.startswith("M49:") else TAXONOMY.code(value)
    return code is not None and region is not None and region in regions.containing(code)


def _has_value(bulletin, facet, value):
    if facet in (INITIATIVE, CRIME):
        keys = bulletin.initiatives if facet == INITIATIVE else bulletin.crime_types
        if value == UNCLASSIFIED:
            return not keys
        return any(key in TAXONOMY.subtree_keys(value) for key in keys)
    if facet == PLACE:
        return any(_in_place(place, value) for place in bulletin.places)
    if facet == PARTNER:
        return value in bulletin.partners
    return bulletin.language == value


def _brute(timeline, query):
    terms = SearchTerms.parse(query.text)
    kept = []
    for position, bulletin in enumerate(timeline.bulletins):
        if query.start is not None and bulletin.date < query.start:
            continue
        if query.end is not None and bulletin.date > query.end:
            continue
        if not all(_has_term(bulletin, term) for term in (*terms.words, *terms.phrases)):
            continue
        if any(_has_term(bulletin, term) for term in terms.excluded):
            continue
        if all(
            any(_has_value(bulletin, facet, value) for value in query.chosen(facet))
            for facet in FACETS
            if query.chosen(facet)
        ):
            kept.append(position)
    return kept


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_bulletin, max_size=40), st.lists(_queries(), min_size=1, max_size=4))
def test_facets_range_and_search_keep_what_the_rules_say(bulletins, queries):
    timeline = _timeline(bulletins)
    index = TimelineIndex(timeline)
    for query in queries:  # one index for several queries: what it caches between them must not leak
        assert list(index.matching(query)) == _brute(timeline, query)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_bulletin, max_size=40), _queries())
def test_each_count_is_what_choosing_that_value_alone_shows(bulletins, query):
    timeline = _timeline(bulletins)
    index = TimelineIndex(timeline)
    counts = index.facet_counts(query)
    for facet in FACETS:
        assert set(counts[facet]) == {value.key for value in index.facets.values(facet)}
        for value, count in counts[facet].items():
            assert count == len(index.matching(query.choosing(facet, {value}))), (facet, value)


# ---------------------------------------------------------------- on the packaged bulletins


def test_africa_holds_its_countries_and_regions(timeline):
    index = TimelineIndex(timeline)
    places = {value.key: value for value in index.facets.values(PLACE)}
    below_africa = {key for key, value in places.items() if value.parent == "M49:002"}
    assert below_africa == {"Central Africa", "Namibia", "West Africa"}
    assert places["Nigeria"].parent == "West Africa"
    africa = {timeline[p].id for p in index.matching(Query(places=frozenset({"M49:002"})))}
    named = {
        b.id for b in timeline.bulletins if {"Nigeria", "Namibia", "West Africa", "Central Africa"} & set(b.places)
    }
    assert africa == named and named


def test_the_analysts_question(timeline):
    query = Query(
        '"INTERPOL Chief"',
        initiatives=frozenset({"capacity-building", "digital-forensics"}),
        places=frozenset({"M49:002"}),
        start=dt.date(2016, 1, 1),
        end=dt.date(2016, 12, 31),
    )
    index = TimelineIndex(timeline)
    assert list(index.matching(query)) == _brute(timeline, query)
    wider = query.choosing(INITIATIVE, ())
    titles = [timeline[p].title_en for p in index.matching(wider)]
    assert titles == ["Regional threats require a global response – INTERPOL Chief in Central Africa"]


def test_not_classified_is_a_value_of_initiatives_and_crimes(timeline):
    index = TimelineIndex(timeline)
    for facet, field in ((INITIATIVE, "initiatives"), (CRIME, "crime_types")):
        kept = [timeline[p] for p in index.matching(Query(**{facet: frozenset({UNCLASSIFIED})}))]
        assert kept and all(not getattr(b, field) for b in kept)
        assert len(kept) == sum(1 for b in timeline.bulletins if not getattr(b, field))


def test_search_terms_are_read_as_written():
    terms = SearchTerms.parse('Sécurité "INTERPOL  Chief" -boosts -"West Africa" "unclosed quote')
    assert terms.words == ("securite",)
    assert terms.phrases == ("interpol chief", "unclosed quote")
    assert terms.excluded == ("boosts", "west africa")
    assert SearchTerms.parse('"" - ').words == ("-",)


# ---------------------------------------------------------------- highlighting


def _marked(title, text):
    return [title[start:end] for start, end in highlight_ranges(title, SearchTerms.parse(text).shown)]


def test_highlights_fold_accents_and_case():
    assert _marked("Renforcement de la sécurité numérique", "securite") == ["sécurité"]
    assert _marked("SÉCURITÉ et Sécurité", "sécurité") == ["SÉCURITÉ", "Sécurité"]
    decomposed = "se\u0301curite\u0301 mondiale"  # accents as combining marks: kept inside the range
    assert _marked(decomposed, "securite") == ["se\u0301curite\u0301"]
    assert _marked("L’Afrique de l’Ouest", "l'ouest") == ["l’Ouest"]


def test_highlights_phrases_words_never_exclusions():
    title = "Effective information sharing – INTERPOL  Chief boosts ties"
    assert _marked(title, '"interpol chief" -boosts') == ["INTERPOL  Chief"]
    assert _marked(title, "chief interpol") == ["INTERPOL", "Chief"]
    assert _marked(title, "zzz") == []


def test_a_match_only_in_the_other_title_is_told():
    terms = SearchTerms.parse("boosts")
    assert missing_from("Le Secrétaire Général renforce les liens", terms)
    assert not missing_from("INTERPOL Chief boosts ties", terms)
