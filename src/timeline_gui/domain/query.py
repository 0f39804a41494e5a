"""Filtering and grouping the timeline: search text, taxonomy filter, month groups.

Results are positions in ``Timeline.bulletins``, always ascending, kept in
``array('i')`` so that a million of them stay small and bisect works on them.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial, reduce
from itertools import chain, compress, repeat
from operator import attrgetter, contains, gt, or_
from typing import Any

from timeline_gui.domain.facets import FACETS, FacetIndex, bits_of, positions_of, span_bits
from timeline_gui.domain.lanes import LANE_MODES, LaneTable
from timeline_gui.domain.model import NOT_CLASSIFIED, Timeline
from timeline_gui.domain.text import fold
from timeline_gui.yielding import CHUNK, checkpoint, mark_each

if sys.version_info >= (3, 11):
    from operator import call
else:  # operator.call is new in 3.11; the same, one Python call slower per word

    def call(function: Callable[..., Any], /, *args: Any) -> Any:
        return function(*args)


# Search index tuning. A word is looked up in the vocabulary of the titles; the bulletins of
# frequent words are kept as bit sets (one bit per bulletin), those of rare words as positions.
_DENSE_SHARE = 64  # a word in at least 1/64 of the titles is frequent
_FILL_SLICE = 65_536  # positions set at once while a bit set is built (a loader thread builds them)
_CHECK_EVERY = 1024  # bulletins walked in Python between two cancel checks (about 5 ms)
# Titles whose words are listed by one C loop: some 5,000 words, about half a millisecond (see yielding.py).
# 2,048 took 2-3 ms a call, and on a busy machine the OS pre-empting the loader thread inside one made the
# window wait over 100 ms (bench_responsive.py --trace).
_WORDS_SLICE = 128
_BIT_BYTES = [bytes((byte >> bit) & 1 for bit in range(8)) for byte in range(256)]


_WORD_BITS_KEPT = 64  # the bit sets of the last words searched, kept for the next change of the filters
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _date(bulletin: Any) -> dt.date:
    return bulletin.date


_SAVED_VERSION = 2  # 2: the positions of the bulletins not classified
# version, count, month keys, rare words, frequent words, taxonomy positions, id order, taxonomy counts
_SAVED_PARTS = 8


def _word(value: object) -> str:
    if type(value) is not str:
        raise ValueError("a word is not a string")
    return value


def _positions(data: object, length: int | None, count: int | None) -> array:
    """Positions (4 bytes each) saved by ``array.tobytes``; each must be a bulletin's (0 <= p < count),
    or, with ``count`` None, any number from 0 on."""
    if type(data) is not bytes:
        raise ValueError("positions are not bytes")
    positions = array("i")
    positions.frombytes(data)
    if length is not None and len(positions) != length:
        raise ValueError("wrong number of positions")
    if positions and (min(positions) < 0 or (count is not None and max(positions) >= count)):
        raise ValueError("position out of range")
    return positions


def _bits(data: object, count: int) -> int:
    if type(data) is not bytes or len(data) != (count + 7) // 8:
        raise ValueError("not a bit set of this timeline")
    bits = int.from_bytes(data, "little")
    if bits >> count:
        raise ValueError("bit beyond the last bulletin")
    return bits


_TITLE_EN, _TITLE_FR = attrgetter("title_en"), attrgetter("title_fr")


_Vocabulary = tuple[list[str], dict[str, array], dict[str, int]]


class _FoldedWords(dict):
    """raw word → its folded form, each distinct word folded once."""

    def __missing__(self, raw: str) -> str:
        folded = self[raw] = fold(raw)
        return folded


class _FoldedText:
    """title → its words folded and joined by spaces, so that ``word in`` finds what the index would."""

    def __init__(self) -> None:
        self._words = _FoldedWords()

    def __getitem__(self, title: str) -> str:
        return " ".join(map(self._words.__getitem__, title.split()))


class _Appenders(dict):
    """raw word → a callable that records a position for each of its folded words (usually one)."""

    def __init__(self, arrays: defaultdict[str, array]):
        super().__init__()
        self._arrays = arrays

    def __missing__(self, raw: str) -> Callable[[int], None]:
        # Folding may turn a compatibility character into spaces: a raw word gives 0, 1 or more words.
        targets = [self._arrays[word].append for word in fold(raw).split()]
        append = self[raw] = targets[0] if len(targets) == 1 else partial(_append_each, targets)
        return append


def _append_each(appends: list[Callable[[int], None]], position: int) -> None:
    for append in appends:
        append(position)


# A search's terms: "quoted words" must appear together, a term after "-" must not appear; the others
# must each appear somewhere in the bulletin's titles (a word that contains the term).
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class SearchTerms:
    """A search's terms, folded (``fold``): each phrase's words joined by one space."""

    words: tuple[str, ...] = ()  # each must occur in a word of the titles
    phrases: tuple[str, ...] = ()  # of two words or more, to occur in that order in one title
    excluded: tuple[str, ...] = ()  # words and phrases that must not occur

    @classmethod
    def parse(cls, text: str) -> SearchTerms:
        words: list[str] = []
        phrases: list[str] = []
        excluded: list[str] = []
        for minus, quoted, bare in _TERM.findall(text):
            term_words = fold(quoted if quoted or not bare else bare).split()
            if not term_words:
                continue
            term = " ".join(term_words)
            if minus:
                excluded.append(term)
            elif len(term_words) > 1:
                phrases.append(term)
            else:
                words.append(term)
        return cls(tuple(words), tuple(phrases), tuple(excluded))

    @property
    def required(self) -> tuple[str, ...]:
        """Every word a match must contain: the words, and those of the phrases."""
        return tuple(dict.fromkeys([*self.words, *(word for phrase in self.phrases for word in phrase.split())]))

    @property
    def shown(self) -> tuple[str, ...]:
        """What is highlighted in a matching title: the words and the phrases (never what is excluded)."""
        return (*self.words, *self.phrases)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases or self.excluded)


@dataclass(frozen=True)
class Query:
    """What the timeline shows: a search, the values chosen in each facet, a date range.

    Values of one facet combine with OR (any of them), facets with AND (each facet that has a value chosen);
    ``start`` and ``end`` are days included, None for an open end. ``taxonomy_key`` is the node the taxonomy
    tree filters on, which combines with the rest by AND.
    """

    text: str = ""
    taxonomy_key: str | None = None
    initiatives: frozenset[str] = frozenset()
    crimes: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def search(self) -> SearchTerms:
        return SearchTerms.parse(self.text)

    @property
    def words(self) -> tuple[str, ...]:
        return self.search.required

    def chosen(self, facet: str) -> frozenset[str]:
        """The values chosen in ``facet`` (one of facets.FACETS)."""
        return getattr(self, facet)

    def choosing(self, facet: str, values: Iterable[str]) -> Query:
        """This query with ``values`` the choice of ``facet``."""
        if facet not in FACETS:
            raise ValueError(f"not a facet: {facet!r}")
        changes: dict[str, Any] = {facet: frozenset(values)}
        return replace(self, **changes)

    def toggled(self, facet: str, value: str) -> Query:
        """This query with ``value`` chosen in ``facet`` if it was not, and no longer chosen if it was."""
        return self.choosing(facet, self.chosen(facet) ^ {value})

    @property
    def has_filters(self) -> bool:
        """True when anything but the search narrows the timeline."""
        return (
            self.taxonomy_key is not None
            or self.start is not None
            or self.end is not None
            or any(self.chosen(facet) for facet in FACETS)
        )

    def without_filters(self) -> Query:
        """The same search, every facet, range and taxonomy node cleared."""
        return Query(self.text)

    @property
    def is_empty(self) -> bool:
        return not self.search and not self.has_filters

    def to_plain(self) -> dict[str, Any]:
        """The query as text, lists of text and ISO dates (for JSON), without what is not set."""
        plain: dict[str, Any] = {facet: sorted(self.chosen(facet)) for facet in FACETS if self.chosen(facet)}
        if self.text:
            plain["text"] = self.text
        if self.taxonomy_key is not None:
            plain["taxonomy_key"] = self.taxonomy_key
        for name in ("start", "end"):
            day = getattr(self, name)
            if day is not None:
                plain[name] = day.isoformat()
        return plain

    @classmethod
    def from_plain(cls, plain: object) -> Query:
        """The query ``to_plain`` described; ValueError for anything else (a settings file edited by hand)."""
        if not isinstance(plain, dict) or not set(plain) <= {*FACETS, "text", "taxonomy_key", "start", "end"}:
            raise ValueError("not a saved query")
        fields: dict[str, Any] = {}
        for facet in FACETS:
            values = plain.get(facet, [])
            if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
                raise ValueError(f"{facet}: not a list of text")
            fields[facet] = frozenset(values)
        for name in ("text", "taxonomy_key"):
            if name in plain:
                if not isinstance(plain[name], str):
                    raise ValueError(f"{name}: not text")
                fields[name] = plain[name]
        for name in ("start", "end"):
            if name in plain:
                if not isinstance(plain[name], str):
                    raise ValueError(f"{name}: not a date")
                fields[name] = dt.date.fromisoformat(plain[name])
        return cls(**fields)


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
        self._search: _Vocabulary | None = None
        self._search_deferred = False  # a loader thread builds the search index while the window shows the list
        self._scan_words: _FoldedText | None = None
        self._last_text_matches: array | None = None
        self._tagged: dict[str, array] = {}
        self._counts: dict[str, int] = {}  # read from a saved index: the taxonomy tree's counts need no union
        self._all: array | None = None
        self._word_bits_cache: dict[str, int] = {}
        self._search_bits_cache: tuple[SearchTerms, int] | None = None
        self._tagged_bits: dict[str, int] = {}
        self._all_groups: list[MonthGroup] | None = None  # group_by_month(all_positions())
        self._lanes: dict[str, LaneTable] = {}

    @cached_property
    def facets(self) -> FacetIndex:
        return FacetIndex(self.timeline, self._positions_by_key)

    def prepare_search(self) -> None:
        """Builds what searching needs now (a loader thread calls this), not at the first keystroke."""
        self._words  # noqa: B018
        self._positions_by_key  # noqa: B018

    def prepare(self, search: bool = True) -> None:
        """Computes everything the window reads at once (a loader thread calls this, not the GUI thread).

        With ``search`` False, the search index is left to ``build_search()``, which a loader thread calls
        after the window shows the list; searches until then read the titles (slower, the same answers).
        """
        self.month_starts  # noqa: B018 - a cached property
        if search:
            self._words  # noqa: B018
        else:
            self._search_deferred = True
        self.facets.prepare()  # the filter panel's values and counts, shown with the list
        self._positions_by_key  # noqa: B018
        self.group_by_month(self.all_positions())  # what the window shows first, unfiltered
        for key in self._counted_keys():
            self.count(key)
        self.timeline.id_order()
        for mode in LANE_MODES:  # the time axis's, whichever way it splits them
            self.lanes(mode)

    # A saved index is plain data (strings, ints, bytes) for marshal: nothing in it can run code.
    def saved(self) -> tuple:
        """What ``restore`` needs to rebuild this index over the same bulletins without reading a title."""
        _vocabulary, rare, dense = self._words
        size = (len(self.timeline) + 7) // 8
        return (
            _SAVED_VERSION,
            len(self.timeline),
            self.month_keys.tobytes(),
            {word: positions.tobytes() for word, positions in rare.items()},
            {word: bits.to_bytes(size, "little") for word, bits in dense.items()},
            {key: positions.tobytes() for key, positions in self._positions_by_key.items()},
            self.timeline.id_order().tobytes(),
            {key: self.count(key) for key in self._counted_keys()},
        )

    @classmethod
    def restore(cls, timeline: Timeline, saved: object) -> TimelineIndex:
        """The index ``saved()`` described, over ``timeline`` (the same bulletins in the same order).

        ValueError when ``saved`` is not such a description or does not fit the timeline.
        """
        count = len(timeline)
        if (
            type(saved) is not tuple
            or len(saved) != _SAVED_PARTS
            or saved[0] != _SAVED_VERSION
            or saved[1] != count
            or not all(type(part) is dict for part in (saved[3], saved[4], saved[5]))
        ):
            raise ValueError("not a saved index of this timeline")
        _version, _count, month_keys, rare_saved, dense_saved, by_key_saved, id_order, counts = saved
        if type(counts) is not dict or not all(type(value) is int and 0 <= value <= count for value in counts.values()):
            raise ValueError("not the counts of this timeline")
        index = cls(timeline)
        keys = _positions(month_keys, count, None)
        rare = {_word(word): _positions(data, None, count) for word, data in rare_saved.items()}
        dense = {_word(word): _bits(data, count) for word, data in dense_saved.items()}
        by_key = {_word(key): _positions(data, None, count) for key, data in by_key_saved.items()}
        order = _positions(id_order, count, count)
        for start in range(0, count - 1, CHUNK):  # short C calls (see yielding.py)
            if any(map(gt, keys[start : start + CHUNK], keys[start + 1 : start + CHUNK + 1])):
                raise ValueError("month keys out of order")
        timeline.adopt_id_order(order)
        index.__dict__["month_keys"] = keys  # the cached properties, as if computed
        index._search = (list(rare) + list(dense), rare, dense)
        index.__dict__["_positions_by_key"] = by_key
        index._counts = {_word(key): value for key, value in counts.items()}
        return index

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

    @property
    def search_ready(self) -> bool:
        """True once searching reads the index rather than the titles."""
        return self._search is not None or not self._search_deferred

    def answers_at_once(self, query: Query) -> bool:
        """Whether ``query`` is answered without reading every title: always once the search index is built,
        and before that only a query without words (seconds of the GUI thread at a million bulletins)."""
        return self.search_ready or not query.words

    def build_search(self) -> None:
        """Builds the search index deferred by ``prepare(search=False)`` (a loader thread calls this, after the
        window shows the list)."""
        self._words  # noqa: B018

    @property
    def _words(self) -> _Vocabulary:
        if self._search is None:
            self._search = self._vocabulary()  # one assignment: another thread sees the whole index or none
        return self._search

    def _vocabulary(self) -> _Vocabulary:
        """The titles' vocabulary: (words, word → positions of rare words, word → bit set of frequent ones)."""
        arrays: defaultdict[str, array] = defaultdict(partial(array, "i"))
        appender_of = _Appenders(arrays)
        bulletins = self.timeline.bulletins
        # Each distinct raw word is folded once (a dictionary look-up after that), and the positions are
        # appended by C loops over slices of titles (see yielding.py).
        for start in range(0, len(bulletins), _WORDS_SLICE):
            checkpoint()
            part = bulletins[start : start + _WORDS_SLICE]
            for title in (_TITLE_EN, _TITLE_FR):
                words = list(map(str.split, map(title, part)))
                appends = map(appender_of.__getitem__, chain.from_iterable(words))
                numbers = chain.from_iterable(map(repeat, range(start, start + len(part)), map(len, words)))
                deque(map(call, appends, numbers), maxlen=0)
        count = len(self.timeline)
        rare: dict[str, array] = {}
        dense: dict[str, int] = {}
        to_digits = bytes.maketrans(b"\x00\x01", b"01")
        for word, positions in arrays.items():
            if len(positions) * _DENSE_SHARE >= count:
                mask = bytearray(count)
                mark_each(mask, positions, _FILL_SLICE)
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
            if not (bulletin.initiatives or bulletin.crime_types):
                lists[NOT_CLASSIFIED].append(position)
        arrays: dict[str, array] = {}
        for key, positions in lists.items():
            checkpoint()
            arrays[key] = array("i", positions)
        return arrays

    def lanes(self, mode: str) -> LaneTable:
        """Every bulletin by lane for one way of splitting them (``lanes.LANE_MODES``), built once."""
        table = self._lanes.get(mode)
        if table is None:
            table = self._lanes[mode] = LaneTable(self.timeline, self.tagged, mode)
        return table

    def all_positions(self) -> array:
        if self._all is None:
            every = array("i")
            for start in range(0, len(self.timeline), _FILL_SLICE):  # short C calls: see yielding.py
                every.extend(range(start, min(start + _FILL_SLICE, len(self.timeline))))
            self._all = every
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
            mark_each(mask, self._positions_by_key.get(key, ()), _FILL_SLICE)
        merged = array("i")
        for start in range(0, count, _FILL_SLICE):
            checkpoint()
            merged.extend(compress(range(start, min(start + _FILL_SLICE, count)), mask[start : start + _FILL_SLICE]))
        return merged

    def count(self, taxonomy_key: str) -> int:
        counted = self._counts.get(taxonomy_key)
        return len(self.tagged(taxonomy_key)) if counted is None else counted

    def _counted_keys(self) -> list[str]:
        return [node.key for node in self.timeline.taxonomy.nodes()] + ["crime_types", "initiatives", NOT_CLASSIFIED]

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
        if self._search is None and self._search_deferred:
            return self._scanned_mask(word)
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

    def _scanned_mask(self, word: str) -> bytearray:
        """``_word_mask`` read from the titles, while a loader thread builds the index."""
        if self._scan_words is None:
            self._scan_words = _FoldedText()
        folded = self._scan_words.__getitem__
        mask = bytearray(len(self.timeline))
        for position, bulletin in enumerate(self.timeline.bulletins):
            if word in folded(bulletin.title_en) or word in folded(bulletin.title_fr):
                mask[position] = 1
        return mask

    def matching(self, query: Query) -> array:
        """Positions of the bulletins the query keeps, ascending."""
        terms = query.search
        if not query.has_filters and not terms.phrases and not terms.excluded:
            # Words alone, typed a letter at a time: narrowing the last result is quicker than bit sets.
            return self._text_matches(terms.words) if terms.words else self.all_positions()
        return positions_of(self.result_bits(query), len(self.timeline))

    def result_bits(self, query: Query) -> int:
        """The bulletins the query keeps, as a bit set (facets.py)."""
        result = self.facets.everything
        for bits in self._narrowing(query).values():
            result &= bits
        return result

    def facet_counts(self, query: Query) -> dict[str, dict[str, int]]:
        """facet → value → the bulletins with that value among those everything else in the query keeps (the
        search, the range, the other facets): what choosing that value alone in its facet would show."""
        narrowing = self._narrowing(query)
        counts: dict[str, dict[str, int]] = {}
        everything = self.facets.everything
        for facet in FACETS:
            others = everything
            for name, bits in narrowing.items():
                if name != facet:
                    others &= bits
            counts[facet] = {
                value.key: (self.facets.bits(facet, value.key) & others).bit_count()
                for value in self.facets.values(facet)
            }
        return counts

    def _narrowing(self, query: Query) -> dict[str, int]:
        """What narrows the timeline, each as a bit set, by name (a facet's name for a facet's choice)."""
        found: dict[str, int] = {}
        terms = query.search
        if terms:
            found["search"] = self.search_bits(terms)
        if query.start is not None or query.end is not None:
            found["range"] = span_bits(*self.date_span(query.start, query.end))
        if query.taxonomy_key is not None:
            found["taxonomy"] = self._tagged_as_bits(query.taxonomy_key)
        for facet in FACETS:
            chosen = query.chosen(facet)
            if chosen:
                found[facet] = self.facets.chosen_bits(facet, chosen)
        return found

    def date_span(self, start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
        """(first, past last) positions of the bulletins dated from ``start`` to ``end`` included."""
        bulletins = self.timeline.bulletins
        first = bisect_left(bulletins, start, key=_date) if start is not None else 0
        stop = bisect_right(bulletins, end, key=_date) if end is not None else len(bulletins)
        return first, max(first, stop)

    def _tagged_as_bits(self, key: str) -> int:
        found = self._tagged_bits.get(key)
        if found is None:
            found = self._tagged_bits[key] = bits_of(self.tagged(key), len(self.timeline))
        return found

    def search_bits(self, terms: SearchTerms) -> int:
        """The bulletins a search keeps, as a bit set: every word and phrase in their titles, no excluded term."""
        cached = self._search_bits_cache
        if cached is not None and cached[0] == terms:
            return cached[1]
        result = self.facets.everything
        for word in terms.words:
            result &= self._bits_of_word(word)
        for phrase in terms.phrases:
            result &= self._phrase_bits(phrase, result)
        for term in terms.excluded:
            result &= ~(self._phrase_bits(term, result) if " " in term else self._bits_of_word(term))
        self._search_bits_cache = (terms, result)
        return result

    def _bits_of_word(self, word: str) -> int:
        found = self._word_bits_cache.get(word)
        if found is not None:
            return found
        count = len(self.timeline)
        if self._search is None and self._search_deferred:
            mask = self._scanned_mask(word)
            found = int(mask.translate(_TO_DIGITS)[::-1] or b"0", 2)
        else:
            vocabulary, rare, dense = self._words
            within = list(compress(vocabulary, map(contains, vocabulary, repeat(word))))
            found = reduce(or_, (dense[w] for w in within if w in dense), 0)
            rare_positions = array("i")
            for w in within:
                if w in rare:
                    rare_positions.extend(rare[w])
            if rare_positions:
                found |= bits_of(rare_positions, count)
        if len(self._word_bits_cache) >= _WORD_BITS_KEPT:
            self._word_bits_cache.pop(next(iter(self._word_bits_cache)))
        self._word_bits_cache[word] = found
        return found

    def _phrase_bits(self, phrase: str, among: int) -> int:
        """The bulletins of ``among`` with ``phrase`` (folded words, one space apart) in one of their titles."""
        candidates = among
        for word in phrase.split():
            candidates &= self._bits_of_word(word)
        if self._scan_words is None:
            self._scan_words = _FoldedText()
        folded = self._scan_words.__getitem__
        bulletins = self.timeline.bulletins
        kept = array("i")
        for number, position in enumerate(positions_of(candidates, len(self.timeline))):
            if not number % _CHECK_EVERY:
                checkpoint()
            bulletin = bulletins[position]
            if phrase in folded(bulletin.title_en) or phrase in folded(bulletin.title_fr):
                kept.append(position)
        return bits_of(kept, len(self.timeline))

    def group_by_month(self, positions: Sequence[int]) -> list[MonthGroup]:
        if positions is self._all:  # nothing filtered out: the months' own bounds, computed once
            if self._all_groups is None:
                self._all_groups = self._group_by_month(positions)
            return list(self._all_groups)
        return self._group_by_month(positions)

    def _group_by_month(self, positions: Sequence[int]) -> list[MonthGroup]:
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
