"""The timeline list: headings are passed over when moving, and rows report what is visible.

It follows a ``Session``: the session's current bulletin and selection are the view's, both ways. The view
reports what the person does (a click, a key) through the session's setters, and shows what the session
says after a change made elsewhere (a search, the order reversed, Go to Date); each side compares before
it changes anything, so a change comes back at most once and stops there.
"""

from __future__ import annotations

from bisect import bisect_right
from enum import Enum

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionViewItem, QTableView, QWidget

from timeline_gui.ui import look
from timeline_gui.ui.delegate import TimelineDelegate
from timeline_gui.ui.roles import Role, RowKind
from timeline_gui.ui.session import Runs, Session
from timeline_gui.ui.timeline_proxy import TimelineProxyModel

_Index = QModelIndex | QPersistentModelIndex


class Move(Enum):
    """Where a keyboard move goes, in screen order (up is towards the top of the list)."""

    UP = "up"
    DOWN = "down"
    PAGE_UP = "page-up"
    PAGE_DOWN = "page-down"
    HOME = "home"
    END = "end"
    PREVIOUS_MONTH = "previous-month"
    NEXT_MONTH = "next-month"


_CURSOR_ACTIONS = {
    Move.UP: QAbstractItemView.CursorAction.MoveUp,
    Move.DOWN: QAbstractItemView.CursorAction.MoveDown,
    Move.PAGE_UP: QAbstractItemView.CursorAction.MovePageUp,
    Move.PAGE_DOWN: QAbstractItemView.CursorAction.MovePageDown,
    Move.HOME: QAbstractItemView.CursorAction.MoveHome,
    Move.END: QAbstractItemView.CursorAction.MoveEnd,
}


class TimelineView(QTableView):
    """A one-column table that looks like a list.

    Not a QListView: on every reset (each search keystroke) QListView lays out all rows and
    asks the model for an index per row, even with uniform item sizes, a Python call per row;
    a table with fixed-height rows only asks for the rows on screen.
    """

    visibleRangeChanged = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        look.own_viewport(self)
        self.setObjectName("timeline")
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setItemDelegate(TimelineDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(self.visibleRangeChanged)
        self._anchor = QPersistentModelIndex()  # where a Shift range starts
        self._extending = False
        self._session: Session | None = None
        self._applying = False  # showing the session's state: the selection model's signals are not reports
        self._reporting = False  # telling the session: what it then says back is what the view shows already
        self._update_row_height()

    # ------------------------------------------------------------ following the session
    def follow(self, session: Session, proxy: TimelineProxyModel) -> None:
        """Shows ``proxy`` (which follows ``session``) and keeps the current bulletin and selection in step."""
        self._session = session
        self.setModel(proxy)
        # Connected after setModel: Qt's own reset handling (which clears the selection) runs first.
        proxy.modelReset.connect(self._show_session_state)
        session.current_changed.connect(self._show_session_current)
        session.selection_changed.connect(self._show_session_selection)
        selection = self.selectionModel()
        selection.currentChanged.connect(self._report_current)
        selection.selectionChanged.connect(self._report_selection)
        self._show_session_state()

    def _proxy(self) -> TimelineProxyModel:
        model = self.model()
        assert isinstance(model, TimelineProxyModel)
        return model

    def _report_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        bulletin_id = current.data(Role.BULLETIN_ID) if current.isValid() else None
        if not self._applying and self._session is not None and bulletin_id is not None:
            self._reporting = True
            try:
                self._session.set_current(bulletin_id)
            finally:
                self._reporting = False

    def _report_selection(self, *_args: object) -> None:
        if not self._applying and self._session is not None:
            self._reporting = True
            try:
                self._session.set_selection(self._selected_runs())
            finally:
                self._reporting = False

    def _selected_runs(self) -> Runs:
        assert self._session is not None
        proxy = self._proxy()
        return self._session.runs_of_spans([proxy.shown_span(first, last) for first, last in self.selected_spans()])

    def _current_id(self) -> str | None:
        current = self.currentIndex()
        return current.data(Role.BULLETIN_ID) if current.isValid() else None

    def _show_session_state(self) -> None:
        """After the rows changed (a query, the order, a timeline): the session's current and selection again."""
        self._show_session_current(force=True)
        self._show_session_selection(force=True)

    def _show_session_current(self, force: bool = False) -> None:
        session = self._session
        if self._reporting or session is None or session.current is None:
            return
        if not force and self._current_id() == session.current:
            return
        row = self._proxy().row_for_bulletin(session.current)
        if row is None:
            return
        index = self._proxy().index(row, 0)
        self._applying = True
        try:
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        finally:
            self._applying = False
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _show_session_selection(self, force: bool = False) -> None:
        session = self._session
        if self._reporting or session is None or (not force and self._selected_runs() == session.selection):
            return
        self._applying = True
        try:
            self.selectionModel().select(
                self._proxy().selection_of_spans(session.selected_spans()),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        finally:
            self._applying = False

    def visible_months(self) -> tuple[int | None, int | None]:
        """Month keys (domain.query.month_key) of the first and last rows on screen."""
        first, last = self.visible_rows()
        return self._proxy().month_of_row(first), self._proxy().month_of_row(last)

    def scroll_to_month(self, key: int) -> None:
        """Puts the heading of month ``key`` (or of the nearest month shown) at the top."""
        row = self._proxy().row_of_month(key)
        if row is not None:
            self.scrollTo(self._proxy().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)

    def is_bulletin(self, row: int) -> bool:
        model = self.model()
        return model is not None and model.index(row, 0).data(Role.KIND) == RowKind.BULLETIN

    def nearest_bulletin_row(self, row: int, step: int) -> int | None:
        """First bulletin row from ``row`` in direction ``step`` (+1/-1), else the other way."""
        count = self.model().rowCount() if self.model() else 0
        for direction in (step, -step):
            probe = row
            while 0 <= probe < count:
                if self.is_bulletin(probe):
                    return probe
                probe += direction
        return None

    def visible_rows(self) -> tuple[int, int]:
        """First and last row at least partly on screen; (-1, -1) when empty."""
        viewport = self.viewport().rect()
        first = self.indexAt(viewport.topLeft())
        last = self.indexAt(viewport.bottomLeft())
        count = self.model().rowCount() if self.model() else 0
        if count == 0:
            return -1, -1
        return (first.row() if first.isValid() else 0, last.row() if last.isValid() else count - 1)

    def set_row_lines(self, lines: int) -> None:
        """Rows of ``lines`` lines of text (2, or 3 while a search marks matches in the other language)."""
        delegate = self.itemDelegate()
        if isinstance(delegate, TimelineDelegate) and delegate.lines != lines:
            delegate.lines = lines
            self._update_row_height()

    def _update_row_height(self) -> None:
        option = QStyleOptionViewItem()
        option.initFrom(self)
        height = self.itemDelegate().sizeHint(option, QModelIndex()).height()
        self.verticalHeader().setMinimumSectionSize(1)
        self.verticalHeader().setDefaultSectionSize(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_row_height()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        count = self.model().rowCount() if self.model() else 0
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd) and count:
            # As in a list: Home and End go to the first and last row (a table would stay in the row).
            index = self.model().index(0 if action == QAbstractItemView.CursorAction.MoveHome else count - 1, 0)
        else:
            index = super().moveCursor(action, modifiers)
        if not index.isValid() or self.is_bulletin(index.row()):
            return index
        current = self.currentIndex().row()
        up = action in (
            QAbstractItemView.CursorAction.MoveUp,
            QAbstractItemView.CursorAction.MovePageUp,
            QAbstractItemView.CursorAction.MovePrevious,
        )
        if action == QAbstractItemView.CursorAction.MoveHome:
            up = False
        elif action == QAbstractItemView.CursorAction.MoveEnd or index.row() < current:
            up = True
        row = self.nearest_bulletin_row(index.row(), -1 if up else 1)
        return self.model().index(row, 0) if row is not None else QModelIndex()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.visibleRangeChanged.emit()

    # ------------------------------------------------------------ keyboard navigation and range selection
    def _runs(self) -> list[tuple[int, int]]:
        model = self.model()
        return model.bulletin_runs() if model is not None and hasattr(model, "bulletin_runs") else []

    def target_row(self, move: Move) -> int | None:
        """The bulletin row ``move`` leads to from the current one; None when there is none."""
        current = self.currentIndex()
        if not current.isValid() or not self.is_bulletin(current.row()):
            return self.nearest_bulletin_row(0, 1)
        if move in _CURSOR_ACTIONS:
            index = self.moveCursor(_CURSOR_ACTIONS[move], Qt.KeyboardModifier.NoModifier)
            return index.row() if index.isValid() else None
        runs = self._runs()
        number = bisect_right([first for first, _last in runs], current.row()) - 1
        if move == Move.PREVIOUS_MONTH:
            return runs[max(0, number - 1)][0]
        return runs[number + 1][0] if number + 1 < len(runs) else current.row()

    def navigate(self, move: Move, extend: bool = False) -> bool:
        """Moves the current bulletin; with ``extend`` the selection runs from the anchor to it."""
        row = self.target_row(move)
        if row is None:
            return False
        self.go_to_row(row, extend)
        return True

    def go_to_row(self, row: int, extend: bool = False) -> None:
        index = self.model().index(row, 0)
        selection = self.selectionModel()
        if extend:
            anchor = self._anchor if self._anchor.isValid() else QPersistentModelIndex(self.currentIndex())
            anchor_row = anchor.row() if anchor.isValid() else row
            self._extending = True
            try:
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            finally:
                self._extending = False
            self._anchor = QPersistentModelIndex(self.model().index(anchor_row, 0))
            selection.select(self.bulletin_selection(anchor_row, row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def bulletin_selection(self, first: int, last: int) -> QItemSelection:
        """The bulletin rows from ``first`` to ``last`` (either order), one range per month, headings left out."""
        first, last = min(first, last), max(first, last)
        model = self.model()
        result = QItemSelection()
        for start, end in self._runs():
            if end < first:
                continue
            if start > last:
                break
            result.select(model.index(max(start, first), 0), model.index(min(end, last), 0))
        return result

    def selectAll(self) -> None:  # Ctrl+A: every bulletin shown, the current one stays
        runs = self._runs()
        if runs and self.selectionModel() is not None:
            self.selectionModel().select(
                self.bulletin_selection(runs[0][0], runs[-1][1]), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def selected_spans(self) -> list[tuple[int, int]]:
        """The selected bulletin rows as (first, last) spans, top to bottom; headings are left out."""
        selection = self.selectionModel()
        if selection is None or self.model() is None:
            return []
        runs = self._runs()
        starts = [first for first, _last in runs]
        spans: list[tuple[int, int]] = []
        ranges = selection.selection()
        for selected in (ranges.at(number) for number in range(ranges.count())):
            number = max(0, bisect_right(starts, selected.top()) - 1)
            while number < len(runs) and runs[number][0] <= selected.bottom():
                first, last = max(runs[number][0], selected.top()), min(runs[number][1], selected.bottom())
                if first <= last:
                    spans.append((first, last))
                number += 1
        return sorted(spans)

    def currentChanged(self, current: _Index, previous: _Index) -> None:
        super().currentChanged(current, previous)
        if not self._extending and current.isValid():
            self._anchor = QPersistentModelIndex(current)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Shift+click extends from the same anchor as Shift+arrows.
        self._extending = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        try:
            super().mousePressEvent(event)
        finally:
            self._extending = False
