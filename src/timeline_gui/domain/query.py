"""Filtering and grouping the timeline: search text, taxonomy filter, month groups.

Results are positions in ``Timeline.bulletins``, always ascending, kept in
``array('i')`` so that a million of them stay small and bisect works on them.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, partial, reduce
from itertools import compress, repeat
from operator import attrgetter, contains, or_

from timeline_gui.domain.model import Timeline
from timeline_gui.yielding import checkpoint

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


_APOSTROPHE_PAIRS = tuple((chr(code), replacement) for code, replacement in _APOSTROPHES.items())
# The combining marks of the Latin, Greek and Cyrillic accents: removed at C speed (re) in fold().
_COMMON_MARKS = re.compile(
    "[" + "".join(char for char in map(chr, range(0x300, 0x370)) if unicodedata.combining(char)) + "]"
)


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


# Search index tuning. A word is looked up in the vocabulary of the titles; the bulletins of
# frequent words are kept as bit sets (one bit per bulletin), those of rare words as positions.
_DENSE_SHARE = 64  # a word in at least 1/64 of the titles is frequent
_FILL_SLICE = 65_536  # positions set at once while a bit set is built (a loader thread builds them)
_CHECK_EVERY = 1024  # bulletins walked in Python between two cancel checks (about 5 ms)
_BIT_BYTES = [bytes((byte >> bit) & 1 for bit in range(8)) for byte in range(256)]


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


def month_of_key(key: int) -> tuple[int, int]:
    """(year, month) of a ``month_key``."""
    return key // 12, key % 12 + 1


class TimelineIndex:
    """Lookup structures over one timeline, built once and shared by every query."""

    def __init__(self, timeline: Timeline):
        self.timeline = timeline
        self._last_words: tuple[str, ...] = ()
        self._last_text_matches: array | None = None
        self._tagged: dict[str, array] = {}
        self._all: array | None = None

    def prepare_search(self) -> None:
        """Builds what searching needs now (a loader thread calls this), not at the first keystroke."""
        self._words  # noqa: B018 - a cached property
        self._positions_by_key  # noqa: B018

    @cached_property
    def month_keys(self) -> array:
        keys, bulletins = array("i"), self.timeline.bulletins
        for start in range(0, len(bulletins), _FILL_SLICE):  # slices: a loader thread computes it (see yielding.py)
            checkpoint()
            keys.fromlist(
                [
                    date.year * 12 + date.month - 1
                    for date in map(attrgetter("date"), bulletins[start : start + _FILL_SLICE])
                ]
            )  # month_key()
        return keys

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

    def _folded_titles(self) -> Iterator[str]:
        """Both titles of each bulletin, folded; not kept (a million of them weigh some 200 MB)."""
        return (fold(f"{b.title_en}\n{b.title_fr}") for b in self.timeline.bulletins)

    @cached_property
    def _words(self) -> tuple[list[str], dict[str, array], dict[str, int]]:
        """The titles' vocabulary: (words, word → positions of rare words, word → bit set of frequent ones)."""
        # Arrays rather than lists: a little slower to fill, but they leave no million int objects behind.
        lists: defaultdict[str, array] = defaultdict(partial(array, "i"))
        for position, words in enumerate(map(str.split, self._folded_titles())):
            if not position % _CHECK_EVERY:
                checkpoint()
            for word in words:  # a word twice in a title is listed twice: harmless
                lists[word].append(position)
        count = len(self.timeline)
        rare: dict[str, array] = {}
        dense: dict[str, int] = {}
        to_digits = bytes.maketrans(b"\x00\x01", b"01")
        for word, positions in lists.items():
            if len(positions) * _DENSE_SHARE >= count:
                mask = bytearray(count)
                for start in range(0, len(positions), _FILL_SLICE):  # short C calls: see yielding.py
                    checkpoint()
                    deque(map(mask.__setitem__, positions[start : start + _FILL_SLICE], repeat(1)), maxlen=0)
                dense[word] = int(mask.translate(to_digits)[::-1] or b"0", 2)
            else:
                rare[word] = positions
        return list(rare) + list(dense), rare, dense

    @cached_property
    def _positions_by_key(self) -> dict[str, array]:
        lists: defaultdict[str, list[int]] = defaultdict(list)
        for position, bulletin in enumerate(self.timeline.bulletins):
            if not position % _CHECK_EVERY:
                checkpoint()
            for key in bulletin.initiatives:  # Bulletin.taxonomy_keys, without building a tuple each
                lists[key].append(position)
            for key in bulletin.crime_types:
                lists[key].append(position)
        arrays: dict[str, array] = {}
        for key, positions in lists.items():
            checkpoint()
            arrays[key] = array("i", positions)
        return arrays

    def all_positions(self) -> array:
        if self._all is None:
            self._all = array("i", range(len(self.timeline)))
        return self._all

    def tagged(self, taxonomy_key: str) -> array:
        """Positions of bulletins tagged with the node (or branch) or any node below it."""
        cached = self._tagged.get(taxonomy_key)
        if cached is None:
            cached = self._tagged[taxonomy_key] = self._tagged_uncached(taxonomy_key)
        return cached

    def _tagged_uncached(self, taxonomy_key: str) -> array:
        keys = self.timeline.taxonomy.subtree_keys(taxonomy_key)
        if len(keys) == 1:
            (only,) = keys
            return self._positions_by_key.get(only, array("i"))
        # The union as a mask, then its positions: slice by slice (see yielding.py).
        count = len(self.timeline)
        mask = bytearray(count)
        for key in keys:
            positions = self._positions_by_key.get(key, ())
            for start in range(0, len(positions), _FILL_SLICE):
                checkpoint()
                deque(map(mask.__setitem__, positions[start : start + _FILL_SLICE], repeat(1)), maxlen=0)
        merged = array("i")
        for start in range(0, count, _FILL_SLICE):
            checkpoint()
            merged.extend(compress(range(start, min(start + _FILL_SLICE, count)), mask[start : start + _FILL_SLICE]))
        return merged

    def count(self, taxonomy_key: str) -> int:
        return len(self.tagged(taxonomy_key))

    def _text_matches(self, words: tuple[str, ...]) -> array:
        count = len(self.timeline)
        ordered = sorted(set(words), key=len, reverse=True)  # the longest word is likely the rarest
        # Typing usually extends the previous search, so narrow its result instead of searching all;
        # its words already hold for it.
        previous = self._last_text_matches
        matches = None
        if previous is not None and self._last_words and _extends(words, self._last_words):
            matches = previous
            ordered = [word for word in ordered if word not in self._last_words]
        for word in ordered:
            mask = self._word_mask(word)
            if matches is None:
                matches = array("i", compress(range(count), mask))
            else:
                matches = array("i", compress(matches, map(mask.__getitem__, matches)))
        if matches is None:  # the same words again
            matches = previous
        assert matches is not None
        self._last_words, self._last_text_matches = words, matches
        return matches

    def _word_mask(self, word: str) -> bytes | bytearray:
        """One byte per title, 1 where the title contains ``word`` (which holds no space), else 0.

        Such a title has a word of its own that contains ``word``, so the answer is the union of
        the titles of the vocabulary's words that contain it: no title is read.
        """
        count = len(self.timeline)
        vocabulary, rare, dense = self._words
        found = list(compress(vocabulary, map(contains, vocabulary, repeat(word))))
        rare_lists = [rare[w] for w in found if w in rare]
        bits = reduce(or_, (dense[w] for w in found if w in dense), 0)
        if bits:
            mask = bytearray(b"".join(map(_BIT_BYTES.__getitem__, bits.to_bytes((count + 7) // 8, "little"))))
        else:
            mask = bytearray(count)
        for positions in rare_lists:
            deque(map(mask.__setitem__, positions, repeat(1)), maxlen=0)
        return mask

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
                groups.append(MonthGroup(*month_of_key(key), lo, hi))
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
