"""The timeline list: headings are passed over when moving, and rows report what is visible."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyleOptionViewItem, QTableView

from timeline_gui.ui.delegate import TimelineDelegate
from timeline_gui.ui.roles import Role, RowKind


class TimelineView(QTableView):
    """A one-column table that looks like a list.

    Not a QListView: on every reset (each search keystroke) QListView lays out all rows and
    asks the model for an index per row, even with uniform item sizes, a Python call per row;
    a table with fixed-height rows only asks for the rows on screen.
    """

    visibleRangeChanged = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
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
        self._update_row_height()
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(self.visibleRangeChanged)

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
        up = action in (QAbstractItemView.CursorAction.MoveUp, QAbstractItemView.CursorAction.MovePageUp, QAbstractItemView.CursorAction.MovePrevious)
        if action == QAbstractItemView.CursorAction.MoveHome:
            up = False
        elif action == QAbstractItemView.CursorAction.MoveEnd:
            up = True
        elif index.row() < current:
            up = True
        row = self.nearest_bulletin_row(index.row(), -1 if up else 1)
        return self.model().index(row, 0) if row is not None else QModelIndex()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.visibleRangeChanged.emit()
