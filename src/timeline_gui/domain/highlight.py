"""Where a search's terms are in a title: ranges of the title as written, found with case and accents folded."""

from __future__ import annotations

from collections.abc import Iterable

from timeline_gui.domain.query import SearchTerms
from timeline_gui.domain.text import fold


def _folded_with_origins(title: str) -> tuple[str, list[int]]:
    """The title folded a character at a time, and for each folded character the index of the one it came from.

    Runs of spaces fold to one space, as the index joins a title's words (a phrase is found across them).
    """
    folded: list[str] = []
    origins: list[int] = []
    for number, char in enumerate(title):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                origins.append(number)
            continue
        for piece in fold(char):
            folded.append(piece)
            origins.append(number)
    return "".join(folded), origins


def highlight_ranges(title: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) ranges of ``title`` holding ``terms`` (folded words and phrases), merged and ascending."""
    wanted = [term for term in terms if term]
    if not wanted:
        return []
    folded, origins = _folded_with_origins(title)
    found: list[tuple[int, int]] = []
    for term in wanted:
        at = folded.find(term)
        while at >= 0:
            last = at + len(term) - 1
            # a combining accent folds to nothing: the range ends after the character it belongs to
            end = origins[last] + 1
            while end < len(title) and not fold(title[end]) and not title[end].isspace():
                end += 1
            found.append((origins[at], end))
            at = folded.find(term, at + 1)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def missing_from(title: str, terms: SearchTerms) -> bool:
    """True when some word or phrase the search asks for is not in ``title``: the match is (partly) in the
    bulletin's other title, which the timeline then shows too."""
    folded, _origins = _folded_with_origins(title)
    return any(term not in folded for term in terms.shown)
