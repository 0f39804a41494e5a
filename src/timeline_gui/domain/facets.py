"""Facets: the values a bulletin can be filtered by, each with its bulletins as a bit set.

A facet is one way of describing a bulletin (its initiatives, kinds of crime, places, partners, the language of
its original title). Its values form a tree: a taxonomy node holds the nodes below it, a region the places it
contains (the UN M49 grouping, regions.py). A value's bulletins are those tagged with it or with a value below it.

Sets are Python integers used as bit sets, bit ``p`` for the bulletin at position ``p``: union, intersection and
counting a million bulletins are single C loops over 125 kB (tens of microseconds), which is what lets every
count of every value follow each change of the filters at once.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from operator import attrgetter, not_

from timeline_gui import i18n
from timeline_gui.domain import regions
from timeline_gui.domain.model import COMPLEX, CRIME_TYPES, INITIATIVES, Taxonomy, TaxonomyNode, Timeline
from timeline_gui.domain.text import fold
from timeline_gui.i18n import N_, _
from timeline_gui.yielding import checkpoint, mark_each

# The facets, named as the fields of Query that hold their chosen values.
INITIATIVE = "initiatives"
CRIME = "crimes"
PLACE = "places"
PARTNER = "partners"
LANGUAGE = "languages"
FACETS = (INITIATIVE, CRIME, PLACE, PARTNER, LANGUAGE)

# The value of the initiative and crime facets held by bulletins that list none: no taxonomy key or name can
# be written so (keys are slugs, names are stripped text).
UNCLASSIFIED = "(none)"
# A region that holds places of the timeline without being one itself (Africa above Nigeria): its M49 code so.
REGION_PREFIX = "M49:"

_SLICE = 65_536  # bulletins turned into bits at once (see yielding.py)
_WALK_SLICE = 4_096  # bulletins walked in Python between two cancel checks
_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_BIT_BYTES = [bytes((byte >> bit) & 1 for bit in range(8)) for byte in range(256)]


def bits_of(positions: Sequence[int], count: int) -> int:
    """The bit set of ``positions`` (each below ``count``)."""
    mask = bytearray(count)
    mark_each(mask, positions, _SLICE)
    return int(mask.translate(_TO_DIGITS)[::-1] or b"0", 2)


def span_bits(start: int, stop: int) -> int:
    """The bit set of the positions ``start <= p < stop``."""
    return (1 << stop) - (1 << start) if stop > start else 0


def positions_of(bits: int, count: int) -> array:
    """The positions of a bit set, ascending."""
    found = array("i")
    if not bits:
        return found
    data = bits.to_bytes((count + 7) // 8, "little")
    step = _SLICE // 8
    for first in range(0, len(data), step):
        checkpoint()
        mask = b"".join(map(_BIT_BYTES.__getitem__, data[first : first + step]))
        start = first * 8
        found.extend(compress(range(start, min(start + len(mask), count)), mask))
    return found


@dataclass(frozen=True, slots=True)
class FacetValue:
    """A value as the facet's tree shows it: ``depth`` 0 at the top, ``parent`` the key of the value above."""

    key: str
    depth: int
    parent: str | None


class FacetIndex:
    """Every facet's values, in the order they are shown, and each value's bulletins as a bit set."""

    def __init__(self, timeline: Timeline, tagged_by_key: dict[str, array]):
        self.timeline = timeline
        self._count = len(timeline)
        self._tagged_by_key = tagged_by_key  # taxonomy key → positions tagged with exactly it (TimelineIndex's)
        self._bits: dict[tuple[str, str], int] = {}

    @property
    def everything(self) -> int:
        return (1 << self._count) - 1

    def values(self, facet: str) -> tuple[FacetValue, ...]:
        return self._trees[facet]

    def keys(self, facet: str) -> frozenset[str]:
        return frozenset(value.key for value in self._trees[facet])

    def bits(self, facet: str, key: str) -> int:
        """The bulletins of a value (those of the values below it included); 0 for a value the facet lacks."""
        found = self._bits.get((facet, key))
        if found is None:
            found = self._bits[(facet, key)] = self._value_bits(facet, key)
        return found

    def chosen_bits(self, facet: str, keys: Iterable[str]) -> int:
        """The bulletins of any of ``keys``: values of one facet combine with OR."""
        union = 0
        for key in keys:
            union |= self.bits(facet, key)
        return union

    def prepare(self) -> None:
        """Computes every value's bits (a loader thread calls this, so that the first count is quick)."""
        for facet in FACETS:
            for value in self._trees[facet]:
                self.bits(facet, value.key)

    # ------------------------------------------------------------ the trees

    @cached_property
    def _trees(self) -> dict[str, tuple[FacetValue, ...]]:
        taxonomy = self.timeline.taxonomy
        initiatives = [*taxonomy.roots(INITIATIVES), *taxonomy.roots(COMPLEX)]
        return {
            INITIATIVE: (*_taxonomy_values(initiatives), FacetValue(UNCLASSIFIED, 0, None)),
            CRIME: (*_taxonomy_values(taxonomy.roots(CRIME_TYPES)), FacetValue(UNCLASSIFIED, 0, None)),
            PLACE: self._place_values(),
            PARTNER: tuple(FacetValue(name, 0, None) for name in sorted(self._leaves[PARTNER])),
            LANGUAGE: tuple(FacetValue(code, 0, None) for code in sorted(self._leaves[LANGUAGE])),
        }

    def _place_values(self) -> tuple[FacetValue, ...]:
        """Places nested by region: a place sits under the deepest place of the timeline whose region contains
        it, else under its continent (a value of its own when no bulletin names the continent)."""
        codes = self.timeline.taxonomy.codes
        places = sorted(self._leaves[PLACE])
        by_code = {codes[name]: name for name in places if name in codes}
        parents: dict[str, str | None] = {}
        for name in places:
            code = codes.get(name)
            if code is None:
                parents[name] = None
                continue
            holders = [by_code[region] for region in regions.containing(code) if region in by_code]
            if holders:
                parents[name] = max(holders, key=lambda holder: (len(regions.containing(codes[holder])), holder))
                continue
            continent = regions.continent(code)
            parents[name] = None if continent in (None, code) else REGION_PREFIX + str(continent)
        for continent in {parent for parent in parents.values() if parent and parent.startswith(REGION_PREFIX)}:
            parents[continent] = None
        children: defaultdict[str | None, list[str]] = defaultdict(list)
        for key, parent in parents.items():
            children[parent].append(key)
        ordered: list[FacetValue] = []

        def add(parent: str | None, depth: int) -> None:
            for key in sorted(children[parent]):
                ordered.append(FacetValue(key, depth, parent))
                add(key, depth + 1)

        add(None, 0)
        return tuple(ordered)

    # ------------------------------------------------------------ the sets

    @cached_property
    def _leaves(self) -> dict[str, dict[str, array]]:
        """Facet → value → positions of the bulletins that name exactly that value (places, partners, languages,
        and the bulletins that name no initiative or no crime)."""
        found: dict[str, defaultdict[str, array]] = {
            facet: defaultdict(lambda: array("i")) for facet in (PLACE, PARTNER, LANGUAGE, INITIATIVE, CRIME)
        }
        places, partners, languages = found[PLACE], found[PARTNER], found[LANGUAGE]
        bulletins = self.timeline.bulletins
        for start in range(0, len(bulletins), _WALK_SLICE):
            checkpoint()
            part = bulletins[start : start + _WALK_SLICE]
            for position, bulletin in enumerate(part, start):
                for place in bulletin.places:
                    places[place].append(position)
                for partner in bulletin.partners:
                    partners[partner].append(position)
            numbers = range(start, start + len(part))
            for code in ("en", "fr"):
                languages[code].extend(compress(numbers, map(code.__eq__, map(attrgetter("language"), part))))
            found[INITIATIVE][UNCLASSIFIED].extend(compress(numbers, map(not_, map(_initiatives, part))))
            found[CRIME][UNCLASSIFIED].extend(compress(numbers, map(not_, map(_crimes, part))))
        for code in list(languages):
            if not languages[code]:
                del languages[code]
        return {facet: dict(values) for facet, values in found.items()}

    def _value_bits(self, facet: str, key: str) -> int:
        if facet in (INITIATIVE, CRIME):
            if key == UNCLASSIFIED:
                return bits_of(self._leaves[facet].get(UNCLASSIFIED, ()), self._count)
            if key not in self.keys(facet):
                return 0
            keys = self.timeline.taxonomy.subtree_keys(key)
            union = 0
            for each in keys:
                union |= bits_of(self._tagged_by_key.get(each, ()), self._count)
            return union
        if facet == PLACE:
            # The bulletins naming the place, or a place within it by the M49 grouping: Africa holds Nigeria
            # whether or not a bulletin names West Africa, which the tree would have put between them.
            codes = self.timeline.taxonomy.codes
            code = key.removeprefix(REGION_PREFIX) if key.startswith(REGION_PREFIX) else codes.get(key)
            union = bits_of(self._leaves[PLACE].get(key, ()), self._count)
            if code is not None:
                for place, positions in self._leaves[PLACE].items():
                    inner = codes.get(place)
                    if place != key and inner is not None and code in regions.containing(inner):
                        union |= bits_of(positions, self._count)
            return union
        return bits_of(self._leaves[facet].get(key, ()), self._count)


_initiatives, _crimes = attrgetter("initiatives"), attrgetter("crime_types")


def _taxonomy_values(roots: Iterable[TaxonomyNode]) -> list[FacetValue]:
    values: list[FacetValue] = []

    def add(node: TaxonomyNode, depth: int, parent: str | None) -> None:
        values.append(FacetValue(node.key, depth, parent))
        for child in node.children:
            add(child, depth + 1, node.key)

    for root in roots:
        add(root, 0, None)
    return values


# ---------------------------------------------------------------- words

# The facets' names as the panel, the chips and the PDF write them.
FACET_TITLES = {
    INITIATIVE: N_("Initiatives"),
    CRIME: N_("Kinds of crime"),
    PLACE: N_("Places"),
    PARTNER: N_("Partners"),
    LANGUAGE: N_("Original language"),
}


def value_label(taxonomy: Taxonomy, facet: str, key: str, language: str | None = None) -> str:
    """A value as a reader sees it, in ``language`` (the active one when None)."""
    if key == UNCLASSIFIED:
        return _("Not classified")  # the interface's words are in the active language
    language = language or i18n.language()
    if facet in (INITIATIVE, CRIME):
        return taxonomy.label(key, language)
    if facet == LANGUAGE:
        return i18n.language_name(key, language)
    if key.startswith(REGION_PREFIX):
        return i18n.region_name(key.removeprefix(REGION_PREFIX), language)
    return taxonomy.name(key, language)


def find_value(index: FacetIndex, facet: str, text: str) -> str | None:
    """The value of ``facet`` that ``text`` names: its key, or its label in either language (case and accents
    aside); ``none`` names "Not classified". None when no value fits."""
    wanted = fold(text.strip())
    for value in index.values(facet):
        if value.key == text or (value.key == UNCLASSIFIED and wanted in ("none", fold(_("Not classified")))):
            return value.key
        labels = (value_label(index.timeline.taxonomy, facet, value.key, code) for code in i18n.LANGUAGES)
        if any(fold(label) == wanted for label in labels):
            return value.key
    return None
