"""What an export contains: the bulletins of a date range, filtered, grouped, counted. No Qt.

The plan is computed once from the domain and handed to a renderer; it holds
keys and dates, not text, so the renderer words everything in the language it
is asked for.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from timeline_gui.domain.facets import INITIATIVE
from timeline_gui.domain.model import COMPLEX, INITIATIVES, Bulletin, TaxonomyNode, Timeline
from timeline_gui.domain.query import Query, TimelineIndex


@dataclass(frozen=True)
class ExportRequest:
    """The range (inclusive; None = open end) and filters a person asked for."""

    start: dt.date | None = None
    end: dt.date | None = None
    query: Query = field(default_factory=Query)  # search text and taxonomy node, as on screen
    initiatives: tuple[str, ...] = ()  # keep bulletins tagged with any of these (or a node below)
    descending: bool = False
    # Bulletins chosen one by one (timeline positions, ascending), exported whatever the range and filters say.
    chosen: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class MonthSection:
    year: int
    month: int
    bulletins: tuple[Bulletin, ...]


@dataclass(frozen=True, slots=True)
class InitiativeCount:
    key: str
    depth: int  # 0 for a top-level initiative, 1 for a node below it
    count: int


@dataclass(frozen=True)
class ExportPlan:
    request: ExportRequest
    start: dt.date | None  # the range shown in the title block: as asked, else the data's ends
    end: dt.date | None
    bulletins: tuple[Bulletin, ...]  # in document order
    months: tuple[MonthSection, ...]  # in document order
    initiative_counts: tuple[InitiativeCount, ...]
    without_initiative: int
    not_classified: int  # bulletins tied to no initiative and no kind of crime
    # When the plan was made: the document states it, and one plan drawn twice gives the same pages.
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    def __len__(self) -> int:
        return len(self.bulletins)


def positions_in_range(timeline: Timeline, start: dt.date | None, end: dt.date | None) -> range:
    """Positions of the bulletins dated within [start, end] (bulletins are sorted by date)."""
    bulletins = timeline.bulletins
    lo = bisect_left(bulletins, start, key=_date) if start else 0
    hi = bisect_right(bulletins, end, key=_date) if end else len(bulletins)
    return range(lo, max(lo, hi))


def _date(bulletin: Bulletin) -> dt.date:
    return bulletin.date


def effective_query(request: ExportRequest) -> Query:
    """The request's query with its ``initiatives`` among the query's chosen initiatives."""
    if not request.initiatives:
        return request.query
    return request.query.choosing(INITIATIVE, request.query.initiatives | set(request.initiatives))


def selected_positions(timeline: Timeline, request: ExportRequest, index: TimelineIndex | None = None) -> Sequence[int]:
    """Timeline positions of the bulletins the request covers, ascending."""
    if request.chosen is not None:
        return request.chosen
    index = index or TimelineIndex(timeline)
    span = positions_in_range(timeline, request.start, request.end)
    query = effective_query(request)
    if query.is_empty:
        return span
    matching = index.matching(query)
    lo, hi = bisect_left(matching, span.start), bisect_left(matching, span.stop)
    return matching[lo:hi]


def build_plan(timeline: Timeline, request: ExportRequest, index: TimelineIndex | None = None) -> ExportPlan:
    index = index or TimelineIndex(timeline)
    positions = selected_positions(timeline, request, index)
    bulletins = [timeline.bulletins[p] for p in positions]
    months = _group(bulletins)
    if request.descending:
        bulletins.reverse()
        months = [MonthSection(m.year, m.month, tuple(reversed(m.bulletins))) for m in reversed(months)]
    counts = _count_initiatives(timeline, index, positions)
    without = sum(1 for b in bulletins if not b.initiatives)
    not_classified = sum(1 for b in bulletins if not b.is_classified)
    ordered = sorted(b.date for b in bulletins[:1] + bulletins[-1:])
    start = request.start or (ordered[0] if ordered else None)
    end = request.end or (ordered[-1] if ordered else None)
    return ExportPlan(request, start, end, tuple(bulletins), tuple(months), tuple(counts), without, not_classified)


def _group(bulletins: list[Bulletin]) -> list[MonthSection]:
    sections: list[MonthSection] = []
    current: list[Bulletin] = []
    for bulletin in bulletins:
        if current and (current[0].date.year, current[0].date.month) != (bulletin.date.year, bulletin.date.month):
            sections.append(MonthSection(current[0].date.year, current[0].date.month, tuple(current)))
            current = []
        current.append(bulletin)
    if current:
        sections.append(MonthSection(current[0].date.year, current[0].date.month, tuple(current)))
    return sections


def _count_initiatives(timeline: Timeline, index: TimelineIndex, positions: Sequence[int]) -> list[InitiativeCount]:
    """Bulletins per initiative node (a node counts those tagged below it too), in taxonomy order.

    ``positions`` are ascending; each node's tagged positions (TimelineIndex.tagged, sorted) are cut to
    the span by bisection, so a plain range costs two bisections a node, and a filtered one a set
    intersection of the node's bulletins in the span, not a scan of every bulletin per node.
    """
    lo, hi = (positions[0], positions[-1] + 1) if len(positions) else (0, 0)
    chosen = None if len(positions) == hi - lo else set(positions)  # ascending and distinct: a whole span or not
    counts: list[InitiativeCount] = []
    for branch in (INITIATIVES, COMPLEX):
        for root in timeline.taxonomy.roots(branch):
            for node, depth in _walk(root, 0):
                tagged = index.tagged(node.key)
                first, last = bisect_left(tagged, lo), bisect_left(tagged, hi)
                count = last - first if chosen is None else len(chosen.intersection(tagged[first:last]))
                counts.append(InitiativeCount(node.key, depth, count))
    return counts


def _walk(node: TaxonomyNode, depth: int) -> Iterator[tuple[TaxonomyNode, int]]:
    """TaxonomyNode.walk with each node's depth below ``node``, which the table indents by."""
    yield node, depth
    for child in node.children:
        yield from _walk(child, depth + 1)
