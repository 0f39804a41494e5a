"""Filtering the timeline while keeping the reader's place.

``FilterController`` applies a query (search, facets, date range) to the timeline and keeps the facet panel,
the chips, the range fields and handles showing it. When a filter hides the bulletin the reader was on, the
nearest shown one becomes current, or the detail pane says that nothing is shown; when a later change shows it
again, it is current again with the bulletins that were selected, unless the reader has moved on meanwhile.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from timeline_gui.domain.query import Query
from timeline_gui.i18n import _
from timeline_gui.ui.date_range import DateRangeControl, RangeHandles, month_keys_of
from timeline_gui.ui.facet_panel import FacetPanel
from timeline_gui.ui.filter_chips import FilterChips
from timeline_gui.ui.roles import Role
from timeline_gui.ui.timeline_proxy import TimelineProxyModel
from timeline_gui.ui.timeline_view import TimelineView


class EmptyResultNotice(QWidget):
    """Said in the timeline itself when nothing is shown: why, and a button that clears the filters."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("empty-result")
        self.message = QLabel()
        self.message.setObjectName("empty-result-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("empty-result-clear")
        self.button.clicked.connect(self.clearRequested.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def retranslate(self) -> None:
        self.message.setText(_("No bulletin matches the search and filters."))
        self.button.setText(_("Clear all filters"))

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())


@dataclasses.dataclass
class _Place:
    """Where the reader was when a filter hid it: the current bulletin and the selected ones (timeline positions)."""

    current: int
    selected: array
    stand_in: int | None = None  # the bulletin made current in its place


class FilterController(QObject):
    """Owns the query shown; every change goes through ``apply``. ``changed(query)`` follows each change."""

    changed = Signal(object)

    def __init__(
        self,
        proxy: TimelineProxyModel,
        view: TimelineView,
        panel: FacetPanel,
        chips: FilterChips,
        range_control: DateRangeControl,
        handles: RangeHandles,
        nothing_shown: Callable[[bool], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.proxy, self.view = proxy, view
        self.panel, self.chips = panel, chips
        self.range_control, self.handles = range_control, handles
        self._nothing_shown = nothing_shown  # told True when no bulletin is shown, so the detail pane says so
        self._place: _Place | None = None
        self._moving = False
        self.notice = EmptyResultNotice(view.viewport())
        self.notice.clearRequested.connect(self.clear_filters)
        panel.toggled.connect(lambda facet, key: self.apply(self.query.toggled(facet, key)))
        chips.removeValue.connect(lambda facet, key: self.apply(self.query.toggled(facet, key)))
        chips.removeRange.connect(lambda: self.set_range(None, None))
        chips.removeSearch.connect(lambda: self.set_text(""))
        chips.removeTaxonomy.connect(lambda: self.apply(dataclasses.replace(self.query, taxonomy_key=None)))
        chips.clearAll.connect(self.clear_filters)
        range_control.rangeChosen.connect(self.set_range)
        handles.rangeChosen.connect(range_control.choose_months)
        view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.retranslate()

    @property
    def query(self) -> Query:
        return self.proxy.query

    # ------------------------------------------------------------ changes
    def set_text(self, text: str) -> None:
        self.apply(dataclasses.replace(self.query, text=text))

    def set_range(self, start: dt.date | None, end: dt.date | None) -> None:
        self.apply(dataclasses.replace(self.query, start=start, end=end))

    def clear_filters(self) -> None:
        """Every filter and the search cleared: the whole timeline, back where the reader was."""
        self.apply(Query())

    def apply(self, query: Query) -> None:
        """Shows ``query``, keeping the reader's place (see the module's text)."""
        if query != self.query:
            if self._place is None:
                self._place = self._current_place()
            self._moving = True
            try:
                self.proxy.set_query(query)
                self._restore_place()
            finally:
                self._moving = False
        self.refresh()
        self.changed.emit(query)

    def refresh(self) -> None:
        """Brings the panel, chips, range and notice in line with the query shown and the timeline's index."""
        query, index = self.query, self.proxy.timeline_index
        self.panel.show_query(query, index.facet_counts(query))
        self.chips.show_query(query, index.timeline.taxonomy)
        self.range_control.show_range(query.start, query.end)
        months = index.month_starts
        if months:
            self.handles.set_scale(months[0][0], months[-1][0])
        self.handles.set_range(*month_keys_of(query.start, query.end))
        self.view.set_row_lines(3 if self.proxy.shows_matches() else 2)
        empty = self.proxy.bulletin_count() == 0 and self.proxy.total_count() > 0
        self.notice.fit()
        self.notice.setVisible(empty)
        if empty:
            self._nothing_shown(True)

    def retranslate(self) -> None:
        self.notice.retranslate()
        self.panel.retranslate()
        self.chips.retranslate()
        self.range_control.retranslate()
        self.handles.retranslate()

    def timeline_changed(self) -> None:
        """A new timeline is shown: the panel's values are its values, the reader's old place is gone."""
        self._place = None
        self.panel.set_timeline_index(self.proxy.timeline_index)
        self.refresh()

    # ------------------------------------------------------------ the reader's place
    def _current_place(self) -> _Place | None:
        current = self.view.currentIndex()
        position = current.data(Role.POSITION) if current.isValid() else None
        if position is None:
            return None
        selected = array("i")
        for first, last in self.view.selected_spans():
            selected.extend(self.proxy.timeline_positions(first, last))
        return _Place(position, array("i", sorted(selected)))

    def _restore_place(self) -> None:
        place = self._place
        if place is None:
            return
        shown = self.proxy.positions()
        at = bisect_left(shown, place.current)
        if at < len(shown) and shown[at] == place.current:
            self._select(at, place.selected)
            self._place = None
            return
        if not len(shown):
            self.view.selectionModel().clearCurrentIndex()
            self.view.clearSelection()
            self._nothing_shown(True)
            return
        timeline = self.proxy.timeline_index.timeline
        nearest = self.proxy.timeline_index.nearest(shown, timeline[place.current].date)
        assert nearest is not None
        place.stand_in = shown[nearest]
        self._select(nearest, array("i"))

    def _select(self, shown_index: int, selected: array) -> None:
        row = self.proxy.row_of_position(shown_index)
        current = self.proxy.index(row, 0)
        model = self.view.selectionModel()
        model.setCurrentIndex(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        shown = self.proxy.positions()
        rows = QItemSelection()
        run: list[int] = []
        for position in selected:
            at = bisect_left(shown, position)
            if at < len(shown) and shown[at] == position:
                if run and at != run[-1] + 1:
                    rows.merge(self._rows(run[0], run[-1]), QItemSelectionModel.SelectionFlag.Select)
                    run = []
                run.append(at)
        if run:
            rows.merge(self._rows(run[0], run[-1]), QItemSelectionModel.SelectionFlag.Select)
        if not rows.isEmpty():
            model.select(rows, QItemSelectionModel.SelectionFlag.Select)
        self.view.scrollTo(current, TimelineView.ScrollHint.PositionAtCenter)

    def _rows(self, low: int, high: int) -> QItemSelection:
        first, last = self.proxy.row_of_position(low), self.proxy.row_of_position(high)
        return self.view.bulletin_selection(first, last)

    def _on_current_changed(self, current, _previous) -> None:
        if self._moving or self._place is None:
            return
        position = current.data(Role.POSITION) if current.isValid() else None
        if position != self._place.stand_in:  # the reader moved on: this is the new place
            self._place = None
