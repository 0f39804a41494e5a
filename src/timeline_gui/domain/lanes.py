"""The lanes of the time axis: which bulletins go in which lane, for each way of splitting them. No Qt.

A ``LaneTable`` holds every bulletin of a timeline by lane for one way (by initiative, by kind of crime, or one
lane), with their days; the search index builds it once per way (``TimelineIndex.lanes``), in the loader
thread, and a filter narrows it to what it shows (``axis.AxisData``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import not_

from timeline_gui import i18n
from timeline_gui.domain.model import Taxonomy, Timeline
from timeline_gui.yielding import CHUNK, checkpoint, mark_each

# How bulletins are split into lanes (remembered in the settings by these names).
BY_INITIATIVE, BY_CRIME_TYPE, SINGLE_LANE = "initiatives", "crime_types", "single"
LANE_MODES = (BY_INITIATIVE, BY_CRIME_TYPE, SINGLE_LANE)
UNCLASSIFIED = ""  # the key of the "Not classified" lane
ALL = "*"  # the key of the single lane


@dataclass(frozen=True, slots=True)
class Lane:
    """One lane's bulletins: their timeline positions and their days, both ascending."""

    key: str  # a taxonomy key, UNCLASSIFIED or ALL
    positions: array  # timeline positions, ascending
    days: array  # the day of each, so ascending too

    def __len__(self) -> int:
        return len(self.positions)


# The days of the shown bulletins, and the lanes holding only those (LaneTable.narrowed).
Narrowed = tuple[array, tuple[Lane, ...]]


def lane_keys(taxonomy: Taxonomy, mode: str) -> tuple[str, ...]:
    if mode == BY_INITIATIVE:
        return (*(node.key for node in taxonomy.initiatives), taxonomy.complex.key, UNCLASSIFIED)
    if mode == BY_CRIME_TYPE:
        return (*(node.key for node in taxonomy.crime_types), UNCLASSIFIED)
    return (ALL,)


def lane_label(key: str, taxonomy: Taxonomy, language: str | None = None) -> str:
    if key == UNCLASSIFIED:
        return i18n._("Not classified")
    if key == ALL:
        return i18n._("All bulletins")
    return taxonomy.label(key, language or i18n.language())


class LaneTable:
    """Every bulletin of a timeline in the lanes of one mode, with its day: what a filter narrows.

    Built once per timeline and lane mode, so that a change of filter (``AxisData``) costs what the filter shows,
    not a walk over the taxonomy's tags. ``tagged(key)`` gives the positions of every bulletin under a taxonomy
    key (``TimelineIndex.tagged``); a bulletin under several lanes' keys is in each of those lanes, the same
    bulletin, and one under none of them is in the "Not classified" lane.

    ``planes`` hold each bulletin's lanes as bits, eight lanes a plane (``planes[n // 8][position]`` has bit
    ``n % 8`` set when the bulletin is in lane ``n``): narrowing to the shown bulletins then reads one byte per
    shown bulletin and plane, and sorts them into lanes with C loops (``bytes.translate``, ``compress``).
    """

    def __init__(self, timeline: Timeline, tagged: Callable[[str], Sequence[int]], mode: str = BY_INITIATIVE):
        self.timeline = timeline
        self.mode = mode if mode in LANE_MODES else BY_INITIATIVE
        self.days = days = timeline.days
        everything = array("i", range(len(timeline)))
        keys = lane_keys(timeline.taxonomy, self.mode)
        planes = [bytearray(len(timeline)) for _plane in range((len(keys) + 7) // 8)]
        classified = bytearray(len(timeline))
        lanes: list[Lane] = []
        for number, key in enumerate(keys):
            if key == ALL:
                positions = everything
            elif key == UNCLASSIFIED:
                positions = array("i", compress(everything, map(not_, classified)))
            else:
                tagged_positions = tagged(key)
                positions = tagged_positions if isinstance(tagged_positions, array) else array("i", tagged_positions)
                mark_each(classified, positions)
            _mark(planes[number // 8], positions, 1 << number % 8)
            lanes.append(Lane(key, positions, days if key == ALL else _days_of(days, positions)))
        self.lanes: tuple[Lane, ...] = tuple(lanes)
        self.planes: tuple[bytes, ...] = tuple(map(bytes, planes))

    def __len__(self) -> int:
        return len(self.timeline)

    def narrowed(self, shown: array) -> Narrowed:
        """The days of the ``shown`` positions (ascending), and the lanes holding only those."""
        steps = self.narrowing(shown)
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def narrowing(self, shown: array) -> Generator[None, None, Narrowed]:
        """``narrowed`` a slice at a time: it yields after each slice of C work (about a millisecond), so that
        the GUI thread answers events between slices, and returns what ``narrowed`` returns.

        The shown bulletins are sorted into lanes by the lane bits of ``planes``: one byte per shown bulletin
        and plane, then per lane a ``bytes.translate`` and a ``compress`` over the shown positions (as a list:
        ``compress`` walks a list without making an int per item, as it does walking an array).
        """
        shown_days, shown_list, days_list = array("i"), [], []
        codes = [bytearray() for _plane in self.planes]
        for start in range(0, len(shown), CHUNK):
            part = shown[start : start + CHUNK]
            days = array("i", map(self.days.__getitem__, part))
            shown_days.extend(days)
            shown_list.extend(part.tolist())
            days_list.extend(days.tolist())
            for plane, found in zip(self.planes, codes, strict=True):
                found.extend(map(plane.__getitem__, part))
            yield
        lanes = []
        for number, lane in enumerate(self.lanes):
            if lane.key == ALL:
                lanes.append(Lane(ALL, shown, shown_days))
                continue
            kept = bytes(codes[number // 8]).translate(_LANE_BIT[number % 8])
            positions, days = array("i"), array("i")
            if kept.count(1):
                for start in range(0, len(shown), CHUNK):
                    selectors = kept[start : start + CHUNK]
                    positions.extend(compress(shown_list[start : start + CHUNK], selectors))
                    days.extend(compress(days_list[start : start + CHUNK], selectors))
                    yield
            lanes.append(Lane(lane.key, positions, days))
        return shown_days, tuple(lanes)


def _mark(plane: bytearray, positions: Sequence[int], bit: int) -> None:
    """Sets ``bit`` in ``plane[p]`` for every position ``p`` (once per timeline and mode: a Python loop is fine)."""
    for start in range(0, len(positions), CHUNK):
        checkpoint()
        for position in positions[start : start + CHUNK]:
            plane[position] |= bit


# _LANE_BIT[n] turns a plane's byte into 1 when bit n is set in it, else 0 (a bytes.translate table).
_LANE_BIT = tuple(bytes((byte >> bit) & 1 for byte in range(256)) for bit in range(8))


def _days_of(days: array, positions: Sequence[int]) -> array:
    """The day of each position."""
    found = array("i")
    for start in range(0, len(positions), CHUNK):
        checkpoint()
        found.extend(map(days.__getitem__, positions[start : start + CHUNK]))
    return found
