"""Bulletins, the taxonomy and the timeline that holds them."""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from timeline_gui.yielding import CHUNK, checkpoint, release, sorted_in_chunks, tuple_in_chunks


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text in English and in French."""

    en: str
    fr: str

    def get(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


class Bulletin(NamedTuple):
    """One bulletin. A named tuple: a million of them stay small and are built at C speed."""

    id: str
    date: dt.date
    language: str  # language of the original title: "en" or "fr"
    title_en: str  # "" when the title has no English yet (an imported bulletin has only its original title)
    title_fr: str  # "" likewise, in French
    initiatives: tuple[str, ...] = ()
    crime_types: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    # Why the bulletin carries each tag that has a reason: (key, English, French), in the order of
    # ``taxonomy_keys``. Plain tuples of text, so that the cache's marshal and the packaged copy hold them.
    basis: tuple[tuple[str, str, str], ...] = ()

    def title(self, language: str) -> str:
        """The title in ``language``, or the original where it has no translation (``is_translated`` says which)."""
        title = self.title_fr if language == "fr" else self.title_en
        return title or (self.title_en if self.language == "en" else self.title_fr)

    def is_translated(self, language: str) -> bool:
        """Whether ``title(language)`` is in ``language``: false where only the original exists."""
        return bool(self.title_fr if language == "fr" else self.title_en)

    @property
    def original_title(self) -> str:
        return self.title(self.language)

    @property
    def taxonomy_keys(self) -> tuple[str, ...]:
        return self.initiatives + self.crime_types

    @property
    def is_classified(self) -> bool:
        return bool(self.initiatives or self.crime_types)

    def basis_of(self, key: str, language: str) -> str | None:
        """Why the bulletin carries the tag ``key``, in ``language``; None when the data gives no reason."""
        for tag, english, french in self.basis:
            if tag == key:
                return french if language == "fr" else english
        return None


@dataclass(frozen=True, slots=True)
class Era:
    """A period a bulletins file names (``eras:``), shown as a band on the time axis; both days included."""

    label: LocalizedText
    start: dt.date
    end: dt.date


# The three branches of the taxonomy, as they are keyed in taxonomy.yaml.
CRIME_TYPES = "crime_types"
INITIATIVES = "initiatives"
COMPLEX = "complex"
BRANCHES = (CRIME_TYPES, INITIATIVES, COMPLEX)
# Bulletins tied to no initiative and no kind of crime, found like a taxonomy key (which cannot hold "_").
NOT_CLASSIFIED = "not_classified"


class Keywords(NamedTuple):
    """Words and phrases of a title that suggest a taxonomy node when a listing is imported, in each language."""

    en: tuple[str, ...] = ()
    fr: tuple[str, ...] = ()

    def get(self, language: str) -> tuple[str, ...]:
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True, slots=True)
class TaxonomyNode:
    """An initiative, a kind of crime or the complex node, with the nodes under it."""

    key: str
    branch: str
    label: LocalizedText
    description: LocalizedText
    children: tuple[TaxonomyNode, ...] = ()
    keywords: Keywords = Keywords()

    def walk(self) -> Iterable[TaxonomyNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class OverviewSection:
    """A part of the source page's overview of cybercrime (shown in Help ▸ About the data)."""

    title: LocalizedText
    text: LocalizedText


@dataclass(frozen=True)
class Taxonomy:
    """What bulletins are classified by, and the names of places and partners in each language."""

    crime_types: tuple[TaxonomyNode, ...]
    initiatives: tuple[TaxonomyNode, ...]
    complex: TaxonomyNode
    # Places and partners in each language, each found by its English name: bulletins write them in English.
    names: tuple[LocalizedText, ...] = ()
    # The page's overview, in its order: what the taxonomy stands in.
    overview: tuple[OverviewSection, ...] = ()
    # English name of a place → its CLDR territory code (UN M49 for regions), which places nest by.
    codes: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, TaxonomyNode] = field(init=False, repr=False, compare=False)
    _names_by_english: dict[str, LocalizedText] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {node.key: node for node in self.nodes()})
        object.__setattr__(self, "_names_by_english", {entry.en: entry for entry in self.names})

    def roots(self, branch: str) -> tuple[TaxonomyNode, ...]:
        if branch == CRIME_TYPES:
            return self.crime_types
        if branch == INITIATIVES:
            return self.initiatives
        return (self.complex,)

    def nodes(self) -> Iterable[TaxonomyNode]:
        for branch in BRANCHES:
            for root in self.roots(branch):
                yield from root.walk()

    def crime_type_keys(self) -> frozenset[str]:
        return frozenset(node.key for root in self.crime_types for node in root.walk())

    def initiative_keys(self) -> frozenset[str]:
        """Keys a bulletin may list under ``initiatives``: the six initiatives and the complex."""
        return frozenset(
            node.key for branch in (INITIATIVES, COMPLEX) for root in self.roots(branch) for node in root.walk()
        )

    def label(self, key: str, language: str) -> str:
        node = self.by_key.get(key)
        return node.label.get(language) if node else key

    def name(self, text: str, language: str) -> str:
        """A place or partner (as a bulletin writes it, in English) in ``language``; as written when the table lacks it.

        Bulletins are free text, so a user's file may name what the table does not know: shown as written
        rather than refused.
        """
        entry = self._names_by_english.get(text)
        return entry.get(language) if entry is not None else text

    def names_in(self, texts: Iterable[str], language: str) -> tuple[str, ...]:
        """``name`` of each of ``texts``, in order: a bulletin's places or partners as a reader sees them."""
        return tuple(self.name(text, language) for text in texts)

    def code(self, text: str) -> str | None:
        """The CLDR territory code of a place (as a bulletin writes it), when the names table gives one."""
        return self.codes.get(text)

    def subtree_keys(self, key: str) -> frozenset[str]:
        """The node's key and those below it; for a branch name, every key of that branch."""
        if key in BRANCHES:
            return frozenset(node.key for root in self.roots(key) for node in root.walk())
        node = self.by_key.get(key)
        return frozenset(n.key for n in node.walk()) if node else frozenset({key})


_ID, _DATE = itemgetter(0), itemgetter(1)  # fields of a Bulletin, read at C speed


class Timeline:
    """Bulletins in chronological order (date, then id), with the taxonomy they refer to."""

    def __init__(self, bulletins: Iterable[Bulletin], taxonomy: Taxonomy, source: str = "", eras: tuple[Era, ...] = ()):
        # By date, then id (as a stable sort by id, then by date): sorted a slice at a time, so that a
        # loader thread lets the window run meanwhile (yielding.py); the same order as sorted().
        ordered = sorted_in_chunks(bulletins, _DATE, _ID)
        self.bulletins: tuple[Bulletin, ...] = tuple_in_chunks(ordered)
        release(ordered)
        self.taxonomy = taxonomy
        self.source = source
        self.eras = eras

    def __len__(self) -> int:
        return len(self.bulletins)

    def __getitem__(self, index: int) -> Bulletin:
        return self.bulletins[index]

    @cached_property
    def days(self) -> array:
        """Each bulletin's day as a proleptic ordinal (``date.toordinal()``), in the timeline's order: 4 bytes a
        bulletin, for what places bulletins in time (the time axis, the overview strip)."""
        days = array("i")
        for start in range(0, len(self.bulletins), CHUNK):  # slices: a loader thread builds it (yielding.py)
            checkpoint()
            days.extend(map(dt.date.toordinal, map(_DATE, self.bulletins[start : start + CHUNK])))
        return days

    @cached_property
    def _by_id(self) -> array:
        """Positions in the order of their ids: 4 bytes a bulletin, where a dict would take about 100."""
        ids: list[str] = []
        for start in range(0, len(self.bulletins), CHUNK):  # slices: a loader thread builds it (yielding.py)
            checkpoint()
            ids.extend(map(_ID, self.bulletins[start : start + CHUNK]))
        positions = sorted_in_chunks(range(len(ids)), ids.__getitem__)
        order = array("i")
        for start in range(0, len(positions), CHUNK):
            order.fromlist(positions[start : start + CHUNK])
        release(positions)
        release(ids)
        return order

    def id_order(self) -> array:
        """Positions in the order of the bulletins' ids (what ``index_of`` searches)."""
        return self._by_id

    def adopt_id_order(self, order: array) -> None:
        """Takes ``order`` (saved from ``id_order()`` of a timeline with the same bulletins) instead of sorting."""
        if order.typecode != "i" or len(order) != len(self.bulletins):
            raise ValueError("not an id order of this timeline")
        self.__dict__["_by_id"] = order

    def index_of(self, bulletin_id: str) -> int | None:
        order, bulletins = self._by_id, self.bulletins
        found = bisect_left(order, bulletin_id, key=lambda position: bulletins[position].id)
        if found < len(order) and bulletins[order[found]].id == bulletin_id:
            return order[found]
        return None
