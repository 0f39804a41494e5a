"""What is shown: the loaded timeline and its index, the query, the order, the current bulletin, the selection.

Widgets observe the session's signals and change it only through its methods; none of them keeps a copy
of this state or reads it from another widget. Each setter changes the state, then emits; setting what is
already there emits nothing, so a widget may echo a change back without a loop.

The selection is kept as runs of timeline positions, ``((first, last), ...)`` ascending: it stands for
the *shown* bulletins whose positions fall in a run. A million selected bulletins are then one run, not a
million ids, and the runs stay right when the order is reversed.

The query is one value (``domain.query.Query``) set whole by ``set_query``; ``set_search`` and ``set_filter``
replace one of its fields. Facets (several values each, OR within a facet, AND across) and a date range are
further fields of that value, answered by ``TimelineIndex.matching``: the session keeps its shape.

A first open shows the list before its search index is built (a loader thread builds it next). A query with
words asked meanwhile is kept, not answered: answering it would read every title on the GUI thread (seconds
at a million). ``search_pending`` says so, and ``search_index_ready()`` answers it once the index is built;
until then the shown bulletins stay those of the last query answered, and ``query_changed`` waits too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from timeline_gui.domain.model import BRANCHES, NOT_CLASSIFIED, Bulletin, Timeline
from timeline_gui.domain.query import MonthGroup, Query, TimelineIndex, month_key

Runs = tuple[tuple[int, int], ...]


@dataclasses.dataclass
class _Place:
    """Where the reader was before the query changed: the query then, the current bulletin and the selection."""

    query: Query
    current: str
    selection: Runs
    stand_in: str | None = None  # the shown bulletin made current while ``current`` is hidden


class Session(QObject):
    timeline_changed = Signal()
    query_changed = Signal()
    order_changed = Signal()
    current_changed = Signal()
    selection_changed = Signal()
    search_pending_changed = Signal(bool)
    described_node_changed = Signal()

    def __init__(self, timeline: Timeline, parent: QObject | None = None):
        super().__init__(parent)
        self._index = TimelineIndex(timeline)
        self._query = Query()
        self._newest_first = False
        self._current: str | None = None
        self._selection: Runs = ()
        self._search_pending = False
        self._place: _Place | None = None
        self._described: str | None = None
        self._shown = self._index.matching(self._query)
        self._groups = self._index.group_by_month(self._shown)

    # ------------------------------------------------------------ reading
    @property
    def timeline(self) -> Timeline:
        return self._index.timeline

    @property
    def timeline_index(self) -> TimelineIndex:
        return self._index

    @property
    def query(self) -> Query:
        return self._query

    @property
    def search_pending(self) -> bool:
        """True while the query's words wait for the search index; the shown bulletins answer an earlier query."""
        return self._search_pending

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    @property
    def current(self) -> str | None:
        """The current bulletin's id: a shown bulletin's, None when nothing is shown."""
        return self._current

    @property
    def described_node(self) -> str | None:
        """The taxonomy node (or grouping of the tree) the detail pane describes instead of the current bulletin."""
        return self._described

    @property
    def selection(self) -> Runs:
        return self._selection

    @property
    def shown_positions(self) -> array:
        """Timeline positions of the bulletins the query lets through, ascending by date."""
        return self._shown

    @property
    def month_groups(self) -> list[MonthGroup]:
        """The shown bulletins by month, ascending: ``shown_positions[group.start:group.end]``."""
        return self._groups

    def month_counts(self) -> list[tuple[int, int]]:
        """(month key, bulletins shown) of each month that has any, ascending."""
        return [(month_key(group.year, group.month), group.count) for group in self._groups]

    def month_range(self) -> tuple[int, int]:
        """Month keys of the timeline's first and last bulletins, whatever is shown; (0, 0) when empty."""
        months = self._index.month_starts
        return (months[0][0], months[-1][0]) if months else (0, 0)

    def current_bulletin(self) -> Bulletin | None:
        position = self.timeline.index_of(self._current) if self._current is not None else None
        return self.timeline[position] if position is not None else None

    def is_shown(self, bulletin_id: str) -> bool:
        position = self.timeline.index_of(bulletin_id)
        if position is None:
            return False
        at = bisect_left(self._shown, position)
        return at < len(self._shown) and self._shown[at] == position

    def selected_spans(self) -> list[tuple[int, int]]:
        """The selection as (low, high) indices into ``shown_positions``, inclusive, ascending."""
        spans = []
        for first, last in self._selection:
            low, high = bisect_left(self._shown, first), bisect_right(self._shown, last) - 1
            if low <= high:
                spans.append((low, high))
        return spans

    def selected_positions(self) -> list[int]:
        """Timeline positions of the selected bulletins in the order on screen."""
        positions = [position for low, high in self.selected_spans() for position in self._shown[low : high + 1]]
        return positions[::-1] if self._newest_first else positions

    def selection_summary(self) -> tuple[int, dt.date | None, dt.date | None]:
        """How many bulletins are selected, and the earliest and latest of their dates."""
        spans = self.selected_spans()
        if not spans:
            return 0, None, None
        count = sum(high - low + 1 for low, high in spans)
        first, last = self._shown[spans[0][0]], self._shown[spans[-1][1]]
        return count, self.timeline[first].date, self.timeline[last].date

    def runs_of_spans(self, spans: Sequence[tuple[int, int]]) -> Runs:
        """Selection runs of (low, high) spans of ``shown_positions``: touching spans become one run."""
        merged: list[list[int]] = []
        for low, high in sorted(spans):
            if merged and low <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        return tuple((self._shown[low], self._shown[high]) for low, high in merged)

    # ------------------------------------------------------------ changing
    def set_timeline(self, timeline: Timeline, index: TimelineIndex | None = None) -> None:
        """Shows ``timeline`` (``index`` is its index when built elsewhere) under the same query and order.

        The current bulletin stays when the new timeline has it; otherwise the first shown becomes current.
        While its search index is being built, the query's words wait (``search_pending``); its filter holds.
        """
        self._index = index if index is not None and index.timeline is timeline else TimelineIndex(timeline)
        self._place = None
        answerable = self._answerable(self._query)
        self._answer(answerable if answerable is not None else dataclasses.replace(self._query, text=""))
        if self._current is None or not self.is_shown(self._current):
            self._current = self._first_shown()
        self._selection = self._runs_of(self._current)
        self._search_pending = answerable is None  # emitted last; observers of the others read it already
        if self._described is not None and not self._can_describe(self._described):
            self._described = None
        self.timeline_changed.emit()
        self.current_changed.emit()
        self.selection_changed.emit()
        self.search_pending_changed.emit(self._search_pending)

    def set_query(self, query: Query) -> None:
        """Shows what ``query`` lets through, keeping the reader's place.

        The current bulletin stays while shown, and the selection narrows to it. When the query hides it, the
        shown bulletin nearest in time becomes current (none when nothing is shown). Going back to the query
        the reader started from (clearing the filters) brings back that bulletin and the selection, unless the
        reader moved to another bulletin or selection meanwhile.

        Before the search index is built, a query with words is kept and answered by ``search_index_ready()``.
        """
        if query == self._query:
            return
        if self._place is None and self._current is not None:
            self._place = _Place(self._query, self._current, self._selection)
        self._query = query
        self._apply_query()

    def search_index_ready(self) -> None:
        """The loader has built the index of the timeline shown: a query kept waiting is answered now."""
        if self._search_pending:
            self._apply_query()

    def _apply_query(self) -> None:
        answerable = self._answerable(self._query)
        if answerable is None:
            self._set_search_pending(True)
            return
        self._answer(answerable)
        previous = self._current
        self._keep_place()
        was_pending, self._search_pending = self._search_pending, False  # observers of the query read it already
        self.query_changed.emit()
        if self._current != previous:
            self.current_changed.emit()
        self.selection_changed.emit()
        if was_pending:
            self.search_pending_changed.emit(False)

    def _keep_place(self) -> None:
        """The current bulletin and selection after the query changed (see ``set_query``)."""
        place = self._place
        if place is not None and self._query == place.query and self.is_shown(place.current):
            self._current, self._selection = place.current, place.selection
            self._place = None
            return
        wanted = place.current if place is not None else self._current
        self._current = wanted if wanted is not None and self.is_shown(wanted) else self._nearest_shown(wanted)
        if place is not None:
            place.stand_in = self._current
        self._selection = self._runs_of(self._current)

    def _nearest_shown(self, bulletin_id: str | None) -> str | None:
        """The shown bulletin nearest in time to ``bulletin_id``'s date (the first shown when it has none)."""
        position = self.timeline.index_of(bulletin_id) if bulletin_id is not None else None
        if position is None:
            return self._first_shown()
        nearest = self._index.nearest(self._shown, self.timeline[position].date)
        return self.timeline[self._shown[nearest]].id if nearest is not None else None

    def _answerable(self, query: Query) -> Query | None:
        """``query`` when the index answers it without reading every title; None while its words must wait."""
        return query if self._index.answers_at_once(query) else None

    def _answer(self, query: Query) -> None:
        self._shown = self._index.matching(query)
        self._groups = self._index.group_by_month(self._shown)

    def _set_search_pending(self, pending: bool) -> None:
        if pending != self._search_pending:
            self._search_pending = pending
            self.search_pending_changed.emit(pending)

    def set_search(self, text: str) -> None:
        self.set_query(dataclasses.replace(self._query, text=text))

    def set_date_range(self, start: dt.date | None, end: dt.date | None) -> None:
        """Shows only the bulletins dated from ``start`` to ``end``, both days included (None: an open end)."""
        self.set_query(dataclasses.replace(self._query, start=start, end=end))

    def show_selected_dates(self) -> bool:
        """The date range becomes the selection's first to last day; the selection and current bulletin stay.

        False, changing nothing, when nothing is selected.
        """
        count, first, last = self.selection_summary()
        if not count:
            return False
        current, selection = self._current, self._selection
        self.set_date_range(first, last)
        self.set_current(current)  # shown still: the range holds every selected day
        self.set_selection(selection)
        return True

    def set_filter(self, taxonomy_key: str | None) -> None:
        self.set_query(dataclasses.replace(self._query, taxonomy_key=taxonomy_key))

    def toggle_filter(self, taxonomy_key: str) -> None:
        """Filters on the node, or clears the filter when it is that node's already; either way the node was
        chosen, so the detail pane describes it."""
        self.set_filter(None if taxonomy_key == self._query.taxonomy_key else taxonomy_key)
        self.describe_node(taxonomy_key)

    def describe_node(self, taxonomy_key: str | None) -> None:
        """The detail pane describes the node ``taxonomy_key``; None: the current bulletin again."""
        if taxonomy_key is not None and not self._can_describe(taxonomy_key):
            raise ValueError(f"no taxonomy node {taxonomy_key!r}")
        if taxonomy_key == self._described:
            return
        self._described = taxonomy_key
        self.described_node_changed.emit()

    def _can_describe(self, taxonomy_key: str) -> bool:
        return taxonomy_key in self.timeline.taxonomy.by_key or taxonomy_key in (*BRANCHES, NOT_CLASSIFIED)

    def clear_filters(self) -> None:
        self.set_query(Query())

    def set_newest_first(self, newest_first: bool) -> None:
        if newest_first == self._newest_first:
            return
        self._newest_first = newest_first
        self.order_changed.emit()

    def set_current(self, bulletin_id: str | None) -> None:
        if bulletin_id == self._current:
            return
        self._place = None  # the reader moved on: clearing the filters keeps this bulletin
        self._current = bulletin_id
        self.describe_node(None)  # another bulletin chosen: the pane shows it
        self.current_changed.emit()

    def set_selection(self, runs: Runs) -> None:
        if runs == self._selection:
            return
        self._place = None  # a selection of the reader's own, kept as it is when the filters are cleared
        self._selection = runs
        self.selection_changed.emit()

    def select(self, bulletin_id: str) -> bool:
        """Makes a shown bulletin the current one and the only one selected; False when it is not shown."""
        if not self.is_shown(bulletin_id):
            return False
        self.set_current(bulletin_id)
        self.set_selection(self._runs_of(bulletin_id))
        return True

    def select_first(self) -> None:
        """The first bulletin on screen becomes current (the newest when the newest come first)."""
        first = self._first_shown()
        if first is not None:
            self.select(first)

    def _first_shown(self) -> str | None:
        if not self._shown:
            return None
        return self.timeline[self._shown[-1 if self._newest_first else 0]].id

    def _runs_of(self, bulletin_id: str | None) -> Runs:
        if bulletin_id is None or not self.is_shown(bulletin_id):
            return ()
        position = self.timeline.index_of(bulletin_id)
        assert position is not None
        return ((position, position),)
