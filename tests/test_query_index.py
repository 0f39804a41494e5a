"""The search index gives exactly what reading every title would give."""

from __future__ import annotations

import random
import unicodedata

import gui_synthetic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.domain.text import _APOSTROPHES, fold


def reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


_TITLES: dict[int, list[str]] = {}


def reference_matching(timeline, text: str) -> list[int]:
    words = reference_fold(text).split()
    if id(timeline) not in _TITLES:
        _TITLES[id(timeline)] = [reference_fold(f"{b.title_en}\n{b.title_fr}") for b in timeline.bulletins]
    titles = _TITLES[id(timeline)]
    return [position for position, title in enumerate(titles) if all(word in title for word in words)]


@given(
    st.text(alphabet=st.sampled_from("aeEÉéèçœßﬁ’‘—–'- \u0301\u0327\u00a0¼´¨ÿµ\x85Ωω\U0001e94a\u2163ǅ"), max_size=12)
    | st.text(max_size=12)
)
@settings(max_examples=600)
def test_fold_is_the_reference_fold(text):
    assert fold(text) == reference_fold(text)


@pytest.fixture(scope="module")
def synthetic(timeline):
    return gui_synthetic.timeline(4000, timeline.taxonomy, seed=5)


def test_every_query_matches_as_reading_every_title_would(synthetic):
    rng = random.Random(8)
    index = TimelineIndex(synthetic)
    queries = [
        "c",
        "cy",
        "cyb",
        "cyber",
        "e",
        "zzz",
        "sécurité",
        "SECURITE enquête",
        "a b",
        "ri",
        "ware",
        "é",
        "l'",
        "q e x",
    ]
    for _ in range(150):
        title = rng.choice(synthetic.bulletins).title(rng.choice(("en", "fr")))
        start = rng.randrange(len(title))
        queries.append(title[start : start + rng.randint(1, 12)])
    for text in queries:  # in this order, so later queries often narrow earlier ones
        assert list(index.matching(Query(text))) == reference_matching(synthetic, text), text


def test_packaged_search_is_the_reference(timeline):
    index = TimelineIndex(timeline)
    for text in ("sécurité", "interpol chief", "l’identification", "cyber", "c", "ransomware", "x"):
        assert list(index.matching(Query(text))) == reference_matching(timeline, text), text


def test_taxonomy_filter_with_search(synthetic):
    index = TimelineIndex(synthetic)
    tagged = set(index.tagged("crime_types"))
    result = index.matching(Query("police", "financial-crime"))
    expected = [p for p in reference_matching(synthetic, "police") if "financial-crime" in synthetic[p].crime_types]
    assert list(result) == expected
    assert set(index.tagged("financial-crime")) <= tagged
    assert index.tagged("financial-crime") is index.tagged("financial-crime")  # counted once
