"""Keeps the time axis in step with the list: what it shows, the current bulletin and the selection, both ways.

The window's list is still where the query, the current bulletin and the selection live; this link observes it
and the axis, and changes each only through its own methods (the list through its selection model).
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject

from timeline_gui.domain import axis
from timeline_gui.ui.overview import OverviewStrip
from timeline_gui.ui.roles import Role
from timeline_gui.ui.settings import Settings
from timeline_gui.ui.time_axis import TimeAxis
from timeline_gui.ui.timeline_proxy import TimelineProxyModel
from timeline_gui.ui.timeline_view import TimelineView


class TimeAxisLink(QObject):
    def __init__(
        self,
        axis_widget: TimeAxis,
        overview: OverviewStrip,
        proxy: TimelineProxyModel,
        view: TimelineView,
        settings: Settings,
    ):
        super().__init__(axis_widget)
        self.axis = axis_widget
        self.overview = overview
        self.proxy = proxy
        self.view = view
        self.settings = settings
        mode = settings.axis_lanes
        if mode in axis.LANE_MODES:
            axis_widget.set_lane_mode(mode)
        proxy.modelReset.connect(self.show_list)
        selection = view.selectionModel()
        selection.currentChanged.connect(self._list_current_changed)
        selection.selectionChanged.connect(self._list_selection_changed)
        axis_widget.currentChosen.connect(self._axis_chose)
        axis_widget.rangeBrushed.connect(self._axis_brushed)
        axis_widget.viewChanged.connect(self._axis_moved)
        overview.windowMoved.connect(axis_widget.show_days)
        overview.dayClicked.connect(axis_widget.centre_on)
        self.show_list()
        zoom = settings.axis_zoom
        if zoom is not None:
            axis_widget.restore_zoom(zoom)

    def save(self) -> None:
        self.settings.axis_lanes = self.axis.lane_mode()
        scale = self.axis.scale()
        if scale is not None:
            self.settings.axis_zoom = scale.pixels_per_day

    def show_list(self) -> None:
        index = self.proxy.timeline_index
        self.axis.set_timeline(index.timeline, index.tagged, self.proxy.positions())
        data = self.axis.data
        if data is not None and data.all_days:
            # The whole timeline's months, whatever the filter shows: the strip keeps its scale.
            first = dt.date.fromordinal(data.all_days[0]).replace(day=1)
            last = dt.date.fromordinal(data.all_days[-1])
            end = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1).toordinal() - 1
            self.overview.set_days(data.shown_days, first.toordinal(), end)
        self._axis_moved()
        self._list_current_changed()
        self._list_selection_changed()

    def _axis_moved(self) -> None:
        days = self.axis.visible_days()
        self.overview.set_window(*(days if days is not None else (None, None)))

    def _list_current_changed(self, *_args) -> None:
        current = self.view.currentIndex()
        self.axis.set_current(current.data(Role.POSITION) if current.isValid() else None)

    def _list_selection_changed(self, *_args) -> None:
        positions = array("i")
        for first, last in self.view.selected_spans():
            positions.extend(self.proxy.timeline_positions(first, last))
        if self.proxy.descending:  # the rows run from the newest down
            positions.reverse()
        self.axis.set_selected(positions)

    def _axis_chose(self, position: int) -> None:
        row = self.proxy.row_of_position(self._shown_index(position))
        index = self.proxy.index(row, 0)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index, TimelineView.ScrollHint.PositionAtCenter)

    def _axis_brushed(self, low: int, high: int) -> None:
        rows = QItemSelection()
        for first, last in self.proxy.row_spans_of_shown(low, high):
            rows.select(self.proxy.index(first, 0), self.proxy.index(last, 0))
        self.view.selectionModel().select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _shown_index(self, position: int) -> int:
        return bisect_left(self.proxy.positions(), position)
