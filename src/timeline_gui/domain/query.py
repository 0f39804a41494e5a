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

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'FÉVRIER', 'février' and 'fevrier' fold alike."""
    if text.isascii():  # nothing to translate, decompose or strip
        return text.casefold()
    for quote, plain in _APOSTROPHE_PAIRS:
        if quote in text:
            text = text.replace(quote, plain)
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        table, kept = _latin1_tables()
        if not raw.translate(None, kept):  # every byte folds to one byte, on its own
            return raw.translate(table).decode("latin-1")
    simple, other, folded = _simple_letters()
    if other.search(text) is None:  # only letters that fold one by one, as 'é' → 'e'
        return simple.sub(lambda match: folded[match[0]], text).casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    if decomposed.isascii():
        return decomposed.casefold()
    if max(decomposed) < _SCANNED:
        return _combining_marks().sub("", decomposed).casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


_APOSTROPHE_PAIRS = tuple((chr(code), target) for code, target in _APOSTROPHES.items())
_LATIN1: tuple[bytes, bytes] | None = None


def _latin1_tables() -> tuple[bytes, bytes]:
    """(byte → folded byte, the bytes that table folds exactly) for text within Latin-1.

    A Latin-1 character whose fold is one Latin-1 character, and whose decomposition starts
    with a base character, folds the same alone as within any text.
    """
    global _LATIN1
    if _LATIN1 is None:
        table = bytearray(range(256))
        kept = bytearray()
        for code in range(256):
            char = chr(code)
            decomposed = unicodedata.normalize("NFKD", char)
            if not decomposed or unicodedata.combining(decomposed[0]):
                continue
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            if len(folded) == 1 and ord(folded) < 256:
                table[code] = ord(folded)
                kept.append(code)
        _LATIN1 = bytes(table), bytes(kept)
    return _LATIN1


_SIMPLE: tuple[re.Pattern[str], re.Pattern[str], dict[str, str]] | None = None


def _simple_letters() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """Characters of Latin scripts and punctuation that fold alone.

    (a pattern of them, a pattern of any other non-ASCII character, character → folded form).

    Text made only of these (and ASCII) folds character by character: each decomposes to a base
    character first, so no combining mark is reordered across two characters.
    """
    global _SIMPLE
    if _SIMPLE is None:
        fold_table: dict[str, str] = {}
        for code in [*range(0x80, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]:
            char = chr(code)
            decomposed = unicodedata.normalize("NFKD", char.translate(_APOSTROPHES))
            if not decomposed or unicodedata.combining(decomposed[0]):
                continue
            folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            if folded.casefold() == folded:
                fold_table[char] = folded
        chars = "".join(fold_table)
        _SIMPLE = re.compile(f"[{re.escape(chars)}]"), re.compile(f"[^\\x00-\\x7f{re.escape(chars)}]"), fold_table
    return _SIMPLE


_COMBINING: re.Pattern[str] | None = None
_SCANNED = chr(0x20000)  # the pattern covers the planes below; text beyond them takes the slow way


def _combining_marks() -> re.Pattern[str]:
    """A pattern of the characters below ``_SCANNED`` that ``unicodedata.combining`` reports, built at first use."""
    global _COMBINING
    if _COMBINING is None:
        ranges: list[str] = []
        start = None
        last = ord(_SCANNED)
        for code in range(last + 1):
            marked = code < last and unicodedata.combining(chr(code)) != 0
            if marked and start is None:
                start = code
            elif not marked and start is not None:
                ranges.append(f"\\U{start:08x}-\\U{code - 1:08x}")
                start = None
        _COMBINING = re.compile(f"[{''.join(ranges)}]")
    return _COMBINING


# Search index tuning. A word is looked up in the vocabulary of the titles; the bulletins of
# frequent words are kept as bit sets (one bit per bulletin), those of rare words as positions.
_DENSE_SHARE = 64  # a word in at least 1/64 of the titles is frequent
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
        return array("i", [date.year * 12 + date.month - 1 for date in map(attrgetter("date"), self.timeline.bulletins)])  # month_key()

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
            for word in words:  # a word twice in a title is listed twice: harmless
                lists[word].append(position)
        count = len(self.timeline)
        rare: dict[str, array] = {}
        dense: dict[str, int] = {}
        to_digits = bytes.maketrans(b"\x00\x01", b"01")
        for word, positions in lists.items():
            if len(positions) * _DENSE_SHARE >= count:
                mask = bytearray(count)
                deque(map(mask.__setitem__, positions, repeat(1)), maxlen=0)
                dense[word] = int(mask.translate(to_digits)[::-1] or b"0", 2)
            else:
                rare[word] = positions
        return list(rare) + list(dense), rare, dense

    @cached_property
    def _positions_by_key(self) -> dict[str, array]:
        lists: defaultdict[str, list[int]] = defaultdict(list)
        for position, bulletin in enumerate(self.timeline.bulletins):
            for key in bulletin.initiatives:  # Bulletin.taxonomy_keys, without building a tuple each
                lists[key].append(position)
            for key in bulletin.crime_types:
                lists[key].append(position)
        return {key: array("i", positions) for key, positions in lists.items()}

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
        merged: set[int] = set()
        for key in keys:
            merged.update(self._positions_by_key.get(key, ()))
        return array("i", sorted(merged))

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
