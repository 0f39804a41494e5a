"""Active filters as removable chips above the timeline, in the active language."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QToolButton, QWidget

from timeline_gui import i18n
from timeline_gui.domain.facets import FACET_TITLES, FACETS, value_label
from timeline_gui.domain.model import Taxonomy
from timeline_gui.domain.query import Query
from timeline_gui.i18n import _


class FlowLayout(QLayout):
    """Items left to right, wrapping onto as many lines as the width needs (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


class FilterChips(QWidget):
    """One chip per chosen value, the date range and the search; each removes itself when clicked.

    ``removeValue(facet, key)``, ``removeRange()``, ``removeSearch()``, ``removeTaxonomy()`` and ``clearAll()``
    ask for the change; the owner applies it and shows the new query with ``show_query``.
    """

    removeValue = Signal(str, str)
    removeRange = Signal()
    removeSearch = Signal()
    removeTaxonomy = Signal()
    clearAll = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter-chips")
        self._flow = FlowLayout(self)
        self._query = Query()
        self._taxonomy: Taxonomy | None = None
        self.chips: list[QToolButton] = []
        self.hide()

    def show_query(self, query: Query, taxonomy: Taxonomy) -> None:
        self._query, self._taxonomy = query, taxonomy
        self._rebuild()

    def retranslate(self) -> None:
        self._rebuild()

    def chip_texts(self) -> list[str]:
        return [chip.text() for chip in self.chips]

    def _rebuild(self) -> None:
        while self._flow.count():
            item = self._flow.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now; deleted once its click (if that is what called) returns
                widget.deleteLater()
        self.chips = []
        query, taxonomy = self._query, self._taxonomy
        if taxonomy is None or query.is_empty:
            self.hide()
            return
        self._flow.addWidget(QLabel(_("Showing only:")))
        if query.text.strip():
            self._chip(_("Search: {text}").format(text=query.text.strip()), self.removeSearch.emit)
        if query.taxonomy_key is not None:
            label = taxonomy.label(query.taxonomy_key, i18n.language())
            self._chip(_("Taxonomy: {label}").format(label=label), self.removeTaxonomy.emit)
        for facet in FACETS:
            labels = {key: value_label(taxonomy, facet, key) for key in query.chosen(facet)}
            for key in sorted(labels, key=labels.__getitem__):
                text = _("{facet}: {value}").format(facet=_(FACET_TITLES[facet]), value=labels[key])
                self._chip(text, lambda f=facet, k=key: self.removeValue.emit(f, k))
        if query.start is not None or query.end is not None:
            self._chip(range_label(query), self.removeRange.emit)
        clear = QToolButton()
        clear.setObjectName("clear-all-filters")
        clear.setText(_("Clear all"))
        clear.setToolTip(_("Show every bulletin again (Ctrl+Shift+L)"))
        clear.setAccessibleDescription(clear.toolTip())
        clear.setAutoRaise(True)
        clear.clicked.connect(self.clearAll.emit)
        self._flow.addWidget(clear)
        self.show()
        self.updateGeometry()

    def _chip(self, text: str, remove) -> None:
        chip = QToolButton()
        chip.setObjectName("filter-chip")
        chip.setText(f"{text}  ✕")
        chip.setToolTip(_("Remove this filter"))
        chip.setAccessibleName(_("Remove filter {filter}").format(filter=text))
        chip.setAccessibleDescription(_("Remove this filter"))
        chip.clicked.connect(lambda _checked=False: remove())
        self._flow.addWidget(chip)
        self.chips.append(chip)


def range_label(query: Query) -> str:
    """'From 1 January 2016 to 31 December 2016', 'From …', 'Until …'."""
    if query.start is not None and query.end is not None:
        return _("From {start} to {end}").format(start=i18n.format_date(query.start), end=i18n.format_date(query.end))
    if query.start is not None:
        return _("From {date}").format(date=i18n.format_date(query.start))
    assert query.end is not None
    return _("Until {date}").format(date=i18n.format_date(query.end))
