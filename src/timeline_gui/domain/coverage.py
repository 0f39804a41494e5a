"""What a timeline covers: its bulletins per year for a taxonomy node, and its span (Help ▸ About the data)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from timeline_gui.domain.model import Timeline
from timeline_gui.domain.query import TimelineIndex, month_key


@dataclass(frozen=True)
class Coverage:
    """How many bulletins a timeline holds, and its first and last day."""

    count: int
    first: dt.date | None
    last: dt.date | None


def coverage(timeline: Timeline) -> Coverage:
    bulletins = timeline.bulletins  # in date order
    if not bulletins:
        return Coverage(0, None, None)
    return Coverage(len(bulletins), bulletins[0].date, bulletins[-1].date)


def per_year(index: TimelineIndex, taxonomy_key: str) -> list[tuple[int, int]]:
    """(year, bulletins of the node that year) for every year from the timeline's first to its last, none left out.

    Two binary searches a year: the timeline is in date order and a node's positions are ascending, so the
    bulletins of a year are one run of them, whatever the number of bulletins.
    """
    bulletins = index.timeline.bulletins
    if not bulletins:
        return []
    months, positions = index.month_keys, index.tagged(taxonomy_key)
    first_year, last_year = bulletins[0].date.year, bulletins[-1].date.year
    starts = [
        bisect_left(positions, bisect_left(months, month_key(year, 1))) for year in range(first_year, last_year + 2)
    ]
    return [(year, starts[number + 1] - starts[number]) for number, year in enumerate(range(first_year, last_year + 1))]
