"""Active filters as removable chips above the timeline, in the active language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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
            if item.isEmpty():  # a hidden chip, kept for later
                continue
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
        self._lead = QLabel()
        self._flow.addWidget(self._lead)
        self._clear = QToolButton()
        self._clear.setObjectName("clear-all-filters")
        self._clear.setAutoRaise(True)
        self._clear.clicked.connect(self.clearAll.emit)
        self._flow.addWidget(self._clear)
        self._buttons: list[QToolButton] = []  # made as needed, kept for the next change
        self._removers: list[Callable[[], None]] = []
        self.chips: list[QToolButton] = []  # those shown, in order
        self.hide()

    def show_query(self, query: Query, taxonomy: Taxonomy) -> None:
        self._query, self._taxonomy = query, taxonomy
        self._rebuild()

    def retranslate(self) -> None:
        for chip in self._buttons:
            chip.setToolTip(_("Remove this filter"))
            chip.setAccessibleDescription(_("Remove this filter"))
        self._rebuild()

    def chip_texts(self) -> list[str]:
        return [chip.text() for chip in self.chips]

    def _rebuild(self) -> None:
        """Shows the chips of the query: the buttons already made are relabelled, so a change costs no new widgets
        when the number of filters stays (each click of the panel changes one chip, not the row)."""
        query, taxonomy = self._query, self._taxonomy
        if taxonomy is None or query.is_empty:
            self.hide()
            return
        wanted: list[tuple[str, Callable[[], None]]] = []
        if query.text.strip():
            wanted.append((_("Search: {text}").format(text=query.text.strip()), self.removeSearch.emit))
        if query.taxonomy_key is not None:
            label = taxonomy.label(query.taxonomy_key, i18n.language())
            wanted.append((_("Taxonomy: {label}").format(label=label), self.removeTaxonomy.emit))
        for facet in FACETS:
            labels = {key: value_label(taxonomy, facet, key) for key in query.chosen(facet)}
            for key in sorted(labels, key=labels.__getitem__):
                text = _("{facet}: {value}").format(facet=_(FACET_TITLES[facet]), value=labels[key])
                wanted.append((text, partial(self.removeValue.emit, facet, key)))
        if query.start is not None or query.end is not None:
            wanted.append((range_label(query), self.removeRange.emit))
        while len(self._buttons) < len(wanted):
            self._buttons.append(self._new_chip(len(self._buttons)))
        for number, chip in enumerate(self._buttons):
            if number < len(wanted):
                text, remove = wanted[number]
                chip.setText(f"{text}  ✕")
                chip.setAccessibleName(_("Remove filter {filter}").format(filter=text))
                self._removers[number] = remove
            chip.setVisible(number < len(wanted))
        self.chips = self._buttons[: len(wanted)]
        self._lead.setText(_("Showing only:"))
        self._clear.setText(_("Clear all"))
        self._clear.setToolTip(_("Show every bulletin again (Ctrl+Shift+L)"))
        self._clear.setAccessibleDescription(self._clear.toolTip())
        # the clear button stays last
        self._flow.removeWidget(self._clear)
        self._flow.addWidget(self._clear)
        self.show()
        self.updateGeometry()

    def _new_chip(self, number: int) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName("filter-chip")
        chip.setToolTip(_("Remove this filter"))
        chip.setAccessibleDescription(_("Remove this filter"))
        chip.clicked.connect(lambda _checked=False, n=number: self._removers[n]())
        self._removers.append(lambda: None)
        self._flow.addWidget(chip)
        return chip


def range_label(query: Query) -> str:
    """'From 1 January 2016 to 31 December 2016', 'From …', 'Until …'."""
    if query.start is not None and query.end is not None:
        return _("From {start} to {end}").format(start=i18n.format_date(query.start), end=i18n.format_date(query.end))
    if query.start is not None:
        return _("From {date}").format(date=i18n.format_date(query.start))
    assert query.end is not None
    return _("Until {date}").format(date=i18n.format_date(query.end))
