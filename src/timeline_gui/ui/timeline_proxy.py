"""Orders and groups the flat bulletin model into a timeline under headings, as a ``Session`` shows it.

Rows are year headings, month headings and bulletins, one flat list. What is shown (the query's answer as
positions, grouped by month) and in which order is the session's; this proxy only maps rows, so a million
bulletins cost a handful of arrays, not an object per row. It keeps the session's answer as it was at its last
reset, with the month layout derived from it, so its rows stay consistent until it resets again.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QItemSelection, QModelIndex, QObject, QPersistentModelIndex, Qt

from timeline_gui import i18n
from timeline_gui.domain.highlight import highlight_ranges, missing_from
from timeline_gui.domain.model import Timeline
from timeline_gui.domain.query import MonthGroup, month_key
from timeline_gui.ui.bulletin_model import BulletinListModel
from timeline_gui.ui.roles import Role, RowKind
from timeline_gui.ui.session import Session

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index, Qt's default parent


class TimelineProxyModel(QAbstractProxyModel):
    """The rows of what ``session`` shows, in its order, over a flat model of the session's timeline."""

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self._session = session
        self._read_shown()
        self._source = BulletinListModel(session.timeline, self)
        self.setSourceModel(self._source)
        self._source.modelReset.connect(self._source_reset)
        self._source.dataChanged.connect(self._source_data_changed)
        session.timeline_changed.connect(self._session_timeline_changed)
        session.query_changed.connect(self._session_query_changed)
        session.order_changed.connect(self._session_order_changed)

    # ------------------------------------------------------------ following the session
    def _read_shown(self) -> None:
        """Takes what the session shows now, in its order, and lays out the rows."""
        session = self._session
        self._timeline: Timeline = session.timeline
        self._terms = session.query.search
        self._positions: array = session.shown_positions
        self._groups: list[MonthGroup] = session.month_groups  # ascending
        self._descending = session.newest_first
        self._layout()

    def _session_timeline_changed(self) -> None:
        self._source.set_timeline(self._session.timeline)  # its reset resets this model

    def _session_query_changed(self) -> None:
        self.beginResetModel()
        self._read_shown()
        self.endResetModel()

    def _session_order_changed(self) -> None:
        # The order alone: a query still waiting for the search index (``Session.search_pending``) is not
        # shown yet, so its words are not marked yet either.
        self.beginResetModel()
        self._descending = self._session.newest_first
        self._layout()
        self.endResetModel()

    def sourceModel(self) -> BulletinListModel:
        source = super().sourceModel()
        assert isinstance(source, BulletinListModel)
        return source

    def _source_reset(self) -> None:
        """The source shows the session's new timeline: so do the rows."""
        self._session_query_changed()

    def _source_data_changed(self, *_args) -> None:
        if self._row_count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._row_count - 1, 0))

    def _layout(self) -> None:
        groups = list(reversed(self._groups)) if self._descending else list(self._groups)
        month_rows = array("i")
        year_rows: dict[int, int] = {}  # row → year
        row = 0
        previous_year = None
        for group in groups:
            if group.year != previous_year:
                year_rows[row] = group.year
                row += 1
                previous_year = group.year
            month_rows.append(row)
            row += 1 + group.count
        self._display_groups = groups  # in display order
        self._month_rows = month_rows  # row of each display group's month heading
        self._year_rows = year_rows
        self._row_count = row

    # ------------------------------------------------------------ row mapping
    def _locate(self, row: int) -> tuple[RowKind, int, int]:
        """(kind, display group number, position in ``_positions``) of a row; -1 where not applicable."""
        if row in self._year_rows:
            return RowKind.YEAR, bisect_right(self._month_rows, row), -1
        number = bisect_right(self._month_rows, row) - 1
        offset = row - self._month_rows[number] - 1
        if offset < 0:
            return RowKind.MONTH, number, -1
        group = self._display_groups[number]
        position = group.end - 1 - offset if self._descending else group.start + offset
        return RowKind.BULLETIN, number, position

    def row_of_position(self, position: int) -> int:
        """Row of ``_positions[position]``."""
        number = self._group_of(position)
        group = self._groups[number]
        display = len(self._groups) - 1 - number if self._descending else number
        offset = group.end - 1 - position if self._descending else position - group.start
        return self._month_rows[display] + 1 + offset

    def _group_of(self, position: int) -> int:
        """Number of the ascending month group that holds ``_positions[position]``."""
        lo, hi = 0, len(self._groups)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._groups[mid].start <= position:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    def mapToSource(self, proxy_index: _Index) -> QModelIndex:
        if not proxy_index.isValid() or proxy_index.model() is not self:
            return QModelIndex()
        kind, _number, position = self._locate(proxy_index.row())
        if kind != RowKind.BULLETIN:
            return QModelIndex()
        return self.sourceModel().index(self._positions[position], 0)

    def mapFromSource(self, source_index: _Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        timeline_position = source_index.row()
        position = bisect_left(self._positions, timeline_position)
        if position >= len(self._positions) or self._positions[position] != timeline_position:
            return QModelIndex()
        return self.index(self.row_of_position(position), 0)

    def row_for_bulletin(self, bulletin_id: str) -> int | None:
        timeline_position = self._timeline.index_of(bulletin_id)
        if timeline_position is None:
            return None
        index = self.mapFromSource(self.sourceModel().index(timeline_position, 0))
        return index.row() if index.isValid() else None

    def row_of_month(self, key: int) -> int | None:
        """Row of the month heading of ``key``, or of the nearest month shown."""
        if not self._groups:
            return None
        keys = [month_key(g.year, g.month) for g in self._groups]
        number = min(range(len(keys)), key=lambda n: (abs(keys[n] - key), n))
        display = len(self._groups) - 1 - number if self._descending else number
        return self._month_rows[display]

    def bulletin_runs(self) -> list[tuple[int, int]]:
        """(first row, last row) of each month's bulletins, top to bottom: the rows between headings."""
        return [(row + 1, row + group.count) for row, group in zip(self._month_rows, self._display_groups, strict=True)]

    def shown_span(self, first: int, last: int) -> tuple[int, int]:
        """Where the bulletin rows ``first`` to ``last`` of one month's run are among the bulletins shown
        (indices into the session's ``shown_positions``, lowest first): the same bulletins whichever the order."""
        kind, _number, start = self._locate(first)
        kind_last, _number, end = self._locate(last)
        if kind != RowKind.BULLETIN or kind_last != RowKind.BULLETIN:
            raise ValueError(f"rows {first}-{last} are not all bulletins")
        return min(start, end), max(start, end)

    def rows_of_shown_span(self, low: int, high: int) -> tuple[int, int]:
        """The rows, top first, of the bulletins shown from ``shown_positions[low]`` to ``[high]`` (one month's)."""
        first, last = self.row_of_position(low), self.row_of_position(high)
        return min(first, last), max(first, last)

    def selection_of_spans(self, spans: list[tuple[int, int]]) -> QItemSelection:
        """The rows of (low, high) spans of the session's ``shown_positions``, a range per month, headings left out."""
        selection = QItemSelection()
        starts = [group.start for group in self._groups]
        for low, high in spans:
            number = max(0, bisect_right(starts, low) - 1)
            while number < len(self._groups) and self._groups[number].start <= high:
                group = self._groups[number]
                first, last = max(low, group.start), min(high, group.end - 1)
                if first <= last:
                    top, bottom = self.rows_of_shown_span(first, last)
                    selection.select(self.index(top, 0), self.index(bottom, 0))
                number += 1
        return selection

    def month_of_row(self, row: int) -> int | None:
        if not 0 <= row < self._row_count:
            return None
        _kind, number, _position = self._locate(row)
        number = min(number, len(self._display_groups) - 1)
        group = self._display_groups[number]
        return month_key(group.year, group.month)

    # ------------------------------------------------------------ QAbstractItemModel
    def index(self, row: int, column: int = 0, parent: _Index = _ROOT) -> QModelIndex:
        if parent.isValid() or column != 0 or not 0 <= row < self._row_count:
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: _Index | None = None):  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, index: _Index) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 1

    def hasChildren(self, parent: _Index = _ROOT) -> bool:
        return not parent.isValid() and self._row_count > 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        kind, _number, _position = self._locate(index.row())
        if kind == RowKind.BULLETIN:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._row_count:
            return None
        kind, number, position = self._locate(index.row())
        if kind == RowKind.BULLETIN:
            if role in (Role.MATCHES, Role.OTHER_MATCH):
                return self._matches(self._positions[position], role)
            source = self.sourceModel()
            return source.data(source.index(self._positions[position], 0), role)
        if kind == RowKind.YEAR:
            text = i18n.format_year(self._year_rows[index.row()])
        else:
            group = self._display_groups[number]
            text = i18n.format_month(group.year, group.month)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Role.KIND:
            return int(kind)
        return None

    def _matches(self, position: int, role: int) -> Any:
        """Where the search's words are in the bulletin's shown title, or in the other one when only there."""
        terms = self._terms
        if not terms.shown:
            return [] if role == Role.MATCHES else None
        bulletin = self._timeline[position]
        language = i18n.language()
        shown = bulletin.title(language)
        if role == Role.MATCHES:
            return highlight_ranges(shown, terms.shown)
        if not missing_from(shown, terms):
            return None
        other = bulletin.title_en if language == "fr" else bulletin.title_fr
        return other, highlight_ranges(other, terms.shown)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return None
