"""Filtering and grouping the timeline: search text, taxonomy filter, month groups.

Results are positions in ``Timeline.bulletins``, always ascending, kept in
``array('i')`` so that a million of them stay small and bisect works on them.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from timeline_gui.domain.model import Timeline

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


_APOSTROPHE_PAIRS = tuple((chr(code), replacement) for code, replacement in _APOSTROPHES.items())
# The combining marks of the Latin, Greek and Cyrillic accents: removed at C speed (re) in fold().
_COMMON_MARKS = re.compile("[" + "".join(char for char in map(chr, range(0x300, 0x370)) if unicodedata.combining(char)) + "]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'FÉVRIER', 'février' and 'fevrier' fold alike."""
    if text.isascii():  # the same result, ten times faster: nothing to translate, decompose or strip
        return text.lower()
    for char, replacement in _APOSTROPHE_PAIRS:  # as text.translate(_APOSTROPHES), ten times faster
        if char in text:
            text = text.replace(char, replacement)
    decomposed = _COMMON_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if decomposed.isascii():
        return decomposed.casefold()
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


@dataclass(frozen=True)
class Query:
    text: str = ""
    taxonomy_key: str | None = None

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(fold(self.text).split())

    @property
    def is_empty(self) -> bool:
        return not self.words and self.taxonomy_key is None


@dataclass(frozen=True, slots=True)
class MonthGroup:
    """Bulletins of one month: ``positions[start:end]`` of a filtered result."""

    year: int
    month: int
    start: int
    end: int

    @property
    def count(self) -> int:
        return self.end - self.start


def month_key(year: int, month: int) -> int:
    return year * 12 + month - 1


class TimelineIndex:
    """Lookup structures over one timeline, built once and shared by every query."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self._last_words: tuple[str, ...] = ()
        self._last_text_matches: array | None = None

    @cached_property
    def month_keys(self) -> array:
        return array("i", (month_key(b.date.year, b.date.month) for b in self.timeline.bulletins))

    @cached_property
    def month_starts(self) -> list[tuple[int, int]]:
        """(month key, first position) for each month that has bulletins, ascending."""
        starts: list[tuple[int, int]] = []
        keys = self.month_keys
        position = 0
        while position < len(keys):
            key = keys[position]
            starts.append((key, position))
            position = bisect_left(keys, key + 1, position)
        return starts

    @cached_property
    def _folded_titles(self) -> list[str]:
        return [fold(f"{b.title_en}\n{b.title_fr}") for b in self.timeline.bulletins]

    @cached_property
    def _positions_by_key(self) -> dict[str, array]:
        by_key: dict[str, array] = {}
        for position, bulletin in enumerate(self.timeline.bulletins):
            for key in bulletin.taxonomy_keys:
                by_key.setdefault(key, array("i")).append(position)
        return by_key

    def all_positions(self) -> array:
        return array("i", range(len(self.timeline)))

    def tagged(self, taxonomy_key: str) -> array:
        """Positions of bulletins tagged with the node (or branch) or any node below it."""
        keys = self.timeline.taxonomy.subtree_keys(taxonomy_key)
        if len(keys) == 1:
            (only,) = keys
            return self._positions_by_key.get(only, array("i"))
        merged: set[int] = set()
        for key in keys:
            merged.update(self._positions_by_key.get(key, ()))
        return array("i", sorted(merged))

    def count(self, taxonomy_key: str) -> int:
        return len(self.tagged(taxonomy_key))

    def _text_matches(self, words: tuple[str, ...]) -> array:
        titles = self._folded_titles
        # Typing usually extends the previous search, so narrow its result instead of scanning all.
        previous = self._last_text_matches
        if previous is not None and self._last_words and _extends(words, self._last_words):
            candidates: Sequence[int] = previous
        else:
            candidates = range(len(titles))
        matches = array("i", (p for p in candidates if all(word in titles[p] for word in words)))
        self._last_words, self._last_text_matches = words, matches
        return matches

    def matching(self, query: Query) -> array:
        words = query.words
        result = self._text_matches(words) if words else None
        if query.taxonomy_key is not None:
            tagged = self.tagged(query.taxonomy_key)
            if result is None:
                result = tagged
            else:
                keep = set(tagged)
                result = array("i", (p for p in result if p in keep))
        return self.all_positions() if result is None else result

    def group_by_month(self, positions: Sequence[int]) -> list[MonthGroup]:
        groups: list[MonthGroup] = []
        starts = self.month_starts
        for number, (key, first) in enumerate(starts):
            lo = bisect_left(positions, first)
            next_first = starts[number + 1][1] if number + 1 < len(starts) else len(self.timeline)
            hi = bisect_left(positions, next_first, lo)
            if hi > lo:
                groups.append(MonthGroup(key // 12, key % 12 + 1, lo, hi))
        return groups

    def nearest(self, positions: Sequence[int], date) -> int | None:
        """Index into ``positions`` of the bulletin closest in time to ``date``."""
        if not positions:
            return None
        bulletins = self.timeline.bulletins
        lo, hi = 0, len(positions)
        while lo < hi:
            mid = (lo + hi) // 2
            if bulletins[positions[mid]].date < date:
                lo = mid + 1
            else:
                hi = mid
        candidates = [i for i in (lo - 1, lo) if 0 <= i < len(positions)]
        return min(candidates, key=lambda i: (abs((bulletins[positions[i]].date - date).days), i))


def _extends(words: tuple[str, ...], previous: tuple[str, ...]) -> bool:
    """True when every match of ``words`` must also match ``previous``."""
    return all(any(old in new for new in words) for old in previous)
