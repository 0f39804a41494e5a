"""The filters around the timeline: the facet panel, the chips, the date range, and what an empty result says.

The session holds the query and keeps the reader's place (session.py); these widgets show it and ask for changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from timeline_gui.i18n import _
from timeline_gui.ui.date_range import DateRangeControl, RangeHandles, month_keys_of
from timeline_gui.ui.delegate import TITLE_LINES
from timeline_gui.ui.facet_panel import FacetPanel
from timeline_gui.ui.filter_chips import FilterChips
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.session import Session
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


class FilterController(QObject):
    """Keeps the facet panel, chips, range fields and handles, and the empty-result notice showing the session's
    query; what the reader asks of them goes to the session, which answers every observer at once."""

    def __init__(
        self,
        session: Session,
        view: TimelineView,
        panel: FacetPanel,
        chips: FilterChips,
        range_control: DateRangeControl,
        handles: RangeHandles,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.view = session, view
        self.panel, self.chips = panel, chips
        self.range_control, self.handles = range_control, handles
        self.notice = EmptyResultNotice(view.viewport())
        self.notice.clearRequested.connect(session.clear_filters)
        panel.toggled.connect(lambda facet, key: session.set_query(session.query.toggled(facet, key)))
        chips.removeValue.connect(lambda facet, key: session.set_query(session.query.toggled(facet, key)))
        chips.removeRange.connect(lambda: session.set_date_range(None, None))
        chips.removeSearch.connect(lambda: session.set_search(""))
        chips.removeTaxonomy.connect(lambda: session.set_filter(None))
        chips.clearAll.connect(session.clear_filters)
        range_control.rangeChosen.connect(session.set_date_range)
        handles.rangeChosen.connect(range_control.choose_months)
        session.query_changed.connect(self.refresh)
        session.timeline_changed.connect(self._timeline_changed)
        panel.set_timeline_index(session.timeline_index)
        self.retranslate()
        self.refresh()
        retranslated(self)

    def refresh(self) -> None:
        """Brings the panel, chips, range and notice in line with the session's query and timeline."""
        session = self.session
        query, index = session.query, session.timeline_index
        self.panel.show_query(query, index.facet_counts(query))
        self.chips.show_query(query, index.timeline.taxonomy)
        self.range_control.show_range(query.start, query.end)
        self.handles.set_scale(*session.month_range())
        self.handles.set_range(*month_keys_of(query.start, query.end))
        self.view.set_row_lines(TITLE_LINES + 1 if query.search.shown else TITLE_LINES)
        self.notice.fit()
        self.notice.setVisible(not session.shown_positions and len(session.timeline) > 0)

    def retranslate(self) -> None:
        self.notice.retranslate()
        self.panel.retranslate()
        self.chips.retranslate()
        self.range_control.retranslate()
        self.handles.retranslate()

    def _timeline_changed(self) -> None:
        self.panel.set_timeline_index(self.session.timeline_index)
        self.refresh()
