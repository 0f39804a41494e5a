"""The facet panel: each facet's values as a tree of check boxes, each with how many bulletins it would show.

Moving through the tree (arrows, a click on a label) only browses; a value filters once it is checked, with
Space or a click on its box. The panel holds no filter of its own: it shows the query and counts it is given
and asks for a change through ``toggled``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout, QWidget

from timeline_gui import i18n
from timeline_gui.domain.facets import FACET_TITLES, FACETS, value_label
from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.i18n import _
from timeline_gui.ui import look
from timeline_gui.ui.delegate import FocusOutlineDelegate

FACET_ROLE = Qt.ItemDataRole.UserRole + 41
KEY_ROLE = Qt.ItemDataRole.UserRole + 42
COLUMN_LABEL, COLUMN_COUNT = 0, 1
_Index = QModelIndex | QPersistentModelIndex


class FacetPanel(QWidget):
    """Asks for a value to be chosen or dropped by ``toggled(facet, key)``; shows what ``show_query`` gives."""

    toggled = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facet-panel")
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        look.own_viewport(self.view)  # show_query updates it at start
        self.view.setObjectName("facets")
        self.view.setModel(self.model)
        self.view.setItemDelegate(FocusOutlineDelegate(self.view))
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._index: TimelineIndex | None = None
        self._items: dict[tuple[str, str], tuple[QStandardItem, QStandardItem]] = {}
        self._facet_items: dict[str, QStandardItem] = {}
        self._query = Query()
        self._updating = False
        self.model.itemChanged.connect(self._on_item_changed)

    # ------------------------------------------------------------ state shown
    def set_timeline_index(self, index: TimelineIndex) -> None:
        """Builds the trees of a newly shown timeline (its values are known once its index is)."""
        self._index = index
        self._updating = True
        try:
            self.model.clear()
            self._items.clear()
            self._facet_items.clear()
            for facet in FACETS:
                top = QStandardItem()
                top.setEditable(False)
                top.setSelectable(True)
                count = QStandardItem()
                count.setEditable(False)
                self._facet_items[facet] = top
                self.model.appendRow([top, count])
                parents: dict[str | None, QStandardItem] = {None: top}
                for value in index.facets.values(facet):
                    label = QStandardItem()
                    label.setEditable(False)
                    label.setCheckable(True)
                    label.setData(facet, FACET_ROLE)
                    label.setData(value.key, KEY_ROLE)
                    number = QStandardItem()
                    number.setEditable(False)
                    number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    parents[value.parent].appendRow([label, number])
                    parents[value.key] = label
                    self._items[(facet, value.key)] = (label, number)
        finally:
            self._updating = False
        self.retranslate()
        header = self.view.header()  # after the columns exist: clearing the model forgets their modes
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_LABEL, QHeaderView.ResizeMode.Stretch)
        look.count_column(self.view, COLUMN_COUNT)
        self.view.expandToDepth(0)

    def show_query(self, query: Query, counts: dict[str, dict[str, int]]) -> None:
        """Checks the values ``query`` chose and writes each value's count."""
        self._query = query
        self._updating = True
        # One repaint for the lot, not a signal and a repaint per value: counts change by dozens at each click.
        self.model.blockSignals(True)
        try:
            for (facet, key), (label, number) in self._items.items():
                state = Qt.CheckState.Checked if key in query.chosen(facet) else Qt.CheckState.Unchecked
                if label.checkState() != state:
                    label.setCheckState(state)
                text = i18n.format_number(counts.get(facet, {}).get(key, 0))
                if number.text() != text:
                    number.setText(text)
            for facet, top in self._facet_items.items():
                chosen = len(query.chosen(facet))
                font = top.font()
                if font.bold() != bool(chosen):
                    font.setBold(bool(chosen))
                    top.setFont(font)
        finally:
            self.model.blockSignals(False)
            self._updating = False
        self.view.viewport().update()

    def retranslate(self) -> None:
        if self._index is None:
            return
        taxonomy = self._index.timeline.taxonomy
        self._updating = True
        try:
            self.model.setHorizontalHeaderLabels([_("Filter by"), _("Bulletins")])
            for facet, top in self._facet_items.items():
                top.setText(_(FACET_TITLES[facet]))
            for (facet, key), (label, _number) in self._items.items():
                label.setText(value_label(taxonomy, facet, key))
        finally:
            self._updating = False
        look.count_column(self.view, COLUMN_COUNT)  # its title may be wider in the other language
        self.view.setAccessibleName(_("Filters"))
        self.view.setAccessibleDescription(
            _("Check values to show only their bulletins: any value of a facet, every checked facet")
        )

    def count_text(self, facet: str, key: str) -> str:
        return self._items[(facet, key)][1].text()

    def label_index(self, facet: str, key: str) -> QModelIndex:
        return self._items[(facet, key)][0].index()

    # ------------------------------------------------------------ asking for a change
    def _on_item_changed(self, item: QStandardItem) -> None:
        if self._updating or not item.isCheckable():
            return
        facet, key = item.data(FACET_ROLE), item.data(KEY_ROLE)
        wanted = item.checkState() == Qt.CheckState.Checked
        if wanted != (key in self._query.chosen(facet)):
            self.toggled.emit(facet, key)
