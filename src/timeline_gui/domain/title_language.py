"""Which language a title is written in, English or French: a small, explainable guess from its words.

Each language scores a point for every one of its common function words in the title ("the", "of", "les",
"des"...) and French a point for letters English does not use (é, è, ç, œ...). Titles are short, so the guess
can be wrong or undecided: the import preview shows it and lets the user correct it. Function words of a few
other languages (German, Spanish, Italian, Portuguese, Dutch) and their letters (ä, ñ...) matching or
outscoring both mean a title in none of ours.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _words(
    "the of and in on for to with against a an by from at is are as its new into over after this that "
    "how what why who has have be will can more than their"
)
_FRENCH = _words(
    "le la les des du de et en un une pour sur dans contre au aux par avec est sont nouveau nouvelle "
    "nouveaux nouvelles son sa ses leur leurs qui que une d l entre lors selon"
)
# The common words of languages the app does not read, that neither English nor French writes alike.
_OTHERS = _words(
    "der die das und mit für von zum zur ist den dem eine einer gegen "  # German
    "el los las y del con para por una contra es "  # Spanish
    "il della delle degli nella nel gli con per una contro "  # Italian
    "do da dos das em com para uma contra "  # Portuguese
    "het een voor met tegen van"  # Dutch
)
_FRENCH_LETTERS = frozenset("éèêëàâçîïôûùüœæ")
_OTHER_LETTERS = frozenset("äößñãõòìåø¿¡")
# French elides "le", "la", "de"... before a vowel: "l’extrémisme", "d’INTERPOL".
_ELISION = re.compile(r"^(?:l|d|qu|n|s|j|c)['’]", re.IGNORECASE)


class LanguageGuess(NamedTuple):
    """``language`` is "en", "fr", or None when the title reads as neither (``other``) or as either (undecided)."""

    language: str | None
    english: int  # points for English
    french: int  # points for French
    other: int  # function words of other languages

    @property
    def undecided(self) -> bool:
        return self.language is None and not self.is_other

    @property
    def is_other(self) -> bool:
        """The title reads as a language the app does not offer."""
        return self.other > 0 and self.other >= max(self.english, self.french)


def guess_language(title: str) -> LanguageGuess:
    english = french = other = 0
    for match in _WORD.finditer(title):
        word = match.group().lower()
        if _ELISION.match(word):
            french += 1
            word = word[2:] if word[1] in "'’" else word[3:]
        english += word in _ENGLISH
        french += word in _FRENCH
        other += word in _OTHERS and word not in _ENGLISH and word not in _FRENCH
        if word.endswith(("'s", "’s")):
            english += 1
    lowered = title.lower()
    french += sum(map(lowered.count, _FRENCH_LETTERS))
    other += sum(map(lowered.count, _OTHER_LETTERS))
    if (other and other >= max(english, french)) or english == french:
        return LanguageGuess(None, english, french, other)
    return LanguageGuess("en" if english > french else "fr", english, french, other)
