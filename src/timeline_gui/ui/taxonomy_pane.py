"""The taxonomy tree with its filter line: a click describes a node, Space or Enter filters on it, Show all clears."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeView, QVBoxLayout, QWidget

from timeline_gui.i18n import _
from timeline_gui.ui import look
from timeline_gui.ui.delegate import FocusOutlineDelegate
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.roles import Role
from timeline_gui.ui.session import Session
from timeline_gui.ui.taxonomy_model import COLUMN_COUNT, COLUMN_LABEL, TaxonomyModel


class TaxonomyPane(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.model = TaxonomyModel(session.timeline_index, self)
        self.model.follow(session)
        self.view = QTreeView()
        self.view.setObjectName("taxonomy")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(False)
        # Focus is always visible: an outline round the current item (the timeline's delegate draws its own).
        self.view.setItemDelegate(FocusOutlineDelegate(self.view))
        self.view.expandAll()
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_LABEL, header.ResizeMode.Stretch)
        look.count_column(self.view, COLUMN_COUNT)
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filter-label")
        self.filter_label.setWordWrap(True)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clear-filter")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.clear_button)
        layout.addLayout(filter_row)

        # Browsing does not filter: a click describes the node in the detail pane; Space and Enter filter on it,
        # through the keyboard bindings.
        self.view.clicked.connect(self.describe)
        self.clear_button.clicked.connect(self.clear_filter)
        session.query_changed.connect(self._show_filter)
        session.timeline_changed.connect(self.view.expandAll)
        session.timeline_changed.connect(self._show_filter)
        self.retranslate()
        retranslated(self)

    def toggle_filter(self, index: QModelIndex) -> None:
        """Filters on the node at ``index``, or clears the filter when it is that node's."""
        if index.isValid():
            self._session.toggle_filter(index.siblingAtColumn(COLUMN_LABEL).data(Role.TAXONOMY_KEY))

    def describe(self, index: QModelIndex) -> None:
        """The detail pane describes the node at ``index``; the timeline stays as it is."""
        if index.isValid():
            self._session.describe_node(index.siblingAtColumn(COLUMN_LABEL).data(Role.TAXONOMY_KEY))

    def clear_filter(self) -> None:
        self._session.set_filter(None)
        self.view.clearSelection()

    def _show_filter(self) -> None:
        key = self._session.query.taxonomy_key
        self.clear_button.setEnabled(key is not None)
        if key is None:
            self.filter_label.setText(_("Choose a node to show only its bulletins."))
        else:
            label = self.model.index_of_key(key).data() or key
            self.filter_label.setText(_("Showing: {label}").format(label=label))

    def retranslate(self) -> None:
        self.model.retranslate()
        look.count_column(self.view, COLUMN_COUNT)  # its title may be wider in the other language
        self.view.setAccessibleName(_("Taxonomy"))
        self.view.setAccessibleDescription(_("INTERPOL's cybercrime taxonomy; choose a node to filter the timeline"))
        self.clear_button.setText(_("Show &all"))
        self.clear_button.setAccessibleName(_("Show all"))
        self.clear_button.setAccessibleDescription(_("Clears the taxonomy filter"))
        self._show_filter()
