"""fold() takes shortcuts for speed; it must still equal the plain definition for every text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.domain.text import _APOSTROPHES, fold


def reference_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@settings(max_examples=500)
@given(st.text(st.one_of(st.characters(), st.sampled_from(list("’‘ʼ–—ÉéÇßﬁŒ\u0301\u034f")))))
def test_fold_equals_its_definition(text):
    assert fold(text) == reference_fold(text)


def test_fold_examples():
    assert fold("FÉVRIER") == fold("février") == "fevrier"
    assert fold("l’Ouest – Été") == "l'ouest - ete"
    assert fold("Straße") == "strasse"
