"""Active filters as removable chips above the timeline, in the active language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QWidget

from timeline_gui import i18n
from timeline_gui.domain.facets import FACET_TITLES, FACETS, value_label
from timeline_gui.domain.model import Taxonomy
from timeline_gui.domain.query import Query
from timeline_gui.i18n import _


class FilterChips(QScrollArea):
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
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._inner = QWidget()
        self._row = QHBoxLayout(self._inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.setWidget(self._inner)
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
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.chips = []
        query, taxonomy = self._query, self._taxonomy
        if taxonomy is None or query.is_empty:
            self.hide()
            return
        self._row.addWidget(QLabel(_("Showing only:")))
        if query.text.strip():
            self._chip(_("Search: {text}").format(text=query.text.strip()), self.removeSearch.emit)
        if query.taxonomy_key is not None:
            label = taxonomy.label(query.taxonomy_key, i18n.language())
            self._chip(_("Taxonomy: {label}").format(label=label), self.removeTaxonomy.emit)
        for facet in FACETS:
            for key in sorted(query.chosen(facet), key=lambda key, f=facet: value_label(taxonomy, f, key)):
                text = _("{facet}: {value}").format(
                    facet=_(FACET_TITLES[facet]), value=value_label(taxonomy, facet, key)
                )
                self._chip(text, lambda f=facet, k=key: self.removeValue.emit(f, k))
        if query.start is not None or query.end is not None:
            self._chip(range_label(query), self.removeRange.emit)
        clear = QToolButton()
        clear.setObjectName("clear-all-filters")
        clear.setText(_("Clear all"))
        clear.setToolTip(_("Show every bulletin again (Ctrl+Shift+L)"))
        clear.setAutoRaise(True)
        clear.clicked.connect(self.clearAll.emit)
        self._row.addWidget(clear)
        self._row.addStretch(1)
        self.show()

    def _chip(self, text: str, remove) -> None:
        chip = QToolButton()
        chip.setObjectName("filter-chip")
        chip.setText(f"{text}  ✕")
        chip.setToolTip(_("Remove this filter"))
        chip.setAccessibleName(_("Remove filter {filter}").format(filter=text))
        chip.clicked.connect(lambda _checked=False: remove())
        self._row.addWidget(chip)
        self.chips.append(chip)


def range_label(query: Query) -> str:
    """'From 1 January 2016 to 31 December 2016', 'From …', 'Until …'."""
    if query.start is not None and query.end is not None:
        return _("From {start} to {end}").format(start=i18n.format_date(query.start), end=i18n.format_date(query.end))
    if query.start is not None:
        return _("From {date}").format(date=i18n.format_date(query.start))
    assert query.end is not None
    return _("Until {date}").format(date=i18n.format_date(query.end))
