"""The main window: the timeline with its overview strip, the detail pane and the taxonomy tree."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import shiboken6
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from timeline_gui import i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Bulletin, Timeline
from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.export.text import bulletins_text
from timeline_gui.i18n import _
from timeline_gui.ui.bulletin_model import BulletinListModel
from timeline_gui.ui.date_range import DateRangeControl, RangeHandles
from timeline_gui.ui.detail import DetailPane
from timeline_gui.ui.facet_panel import FacetPanel
from timeline_gui.ui.file_watch import DataFileWatcher, FileNotice
from timeline_gui.ui.filter_chips import FilterChips
from timeline_gui.ui.filters import FilterController
from timeline_gui.ui.keyboard import KeyboardController
from timeline_gui.ui.language import LanguageSwitcher
from timeline_gui.ui.loading import BackgroundLoader, LoadProgress, LoadResult
from timeline_gui.ui.overview import OverviewStrip
from timeline_gui.ui.roles import Role
from timeline_gui.ui.settings import MAX_RECENT_FILES, Settings
from timeline_gui.ui.taxonomy_model import COLUMN_COUNT, COLUMN_LABEL, TaxonomyModel
from timeline_gui.ui.timeline_proxy import TimelineProxyModel
from timeline_gui.ui.timeline_view import TimelineView

_BUSY_COPY = 50_000  # bulletins copied (0.1 s) above which the wait cursor shows


class MainWindow(QMainWindow):
    def __init__(
        self,
        timeline: Timeline,
        settings: Settings,
        data_path: Path | None = None,
        switcher: LanguageSwitcher | None = None,
    ):
        super().__init__()
        self.setObjectName("main-window")
        self.settings = settings
        self.data_path = data_path
        self.switcher = switcher or LanguageSwitcher(self)
        self.switcher.changed.connect(self.retranslate)

        self.bulletins = BulletinListModel(timeline, self)
        self.proxy = TimelineProxyModel(self.bulletins, self)
        self.taxonomy_model = TaxonomyModel(self.proxy.timeline_index, self)

        self._build_widgets(timeline)
        self.filters = FilterController(
            self.proxy,
            self.timeline_view,
            self.facet_panel,
            self.filter_chips,
            self.date_range,
            self.range_handles,
            self._nothing_shown,
            self,
        )
        self._build_actions()
        self._connect()
        self.keyboard = KeyboardController(self)
        self._build_file_watch()
        self._build_loading()
        self._restore_settings()
        self.retranslate()
        self._refresh_after_filter()

    # ------------------------------------------------------------ construction
    def _build_widgets(self, timeline: Timeline) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.overview = OverviewStrip()
        self.timeline_view = TimelineView()
        self.timeline_view.setModel(self.proxy)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search, 1)
        self.order_button = QToolButton()
        self.order_button.setObjectName("order-button")
        self.order_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        search_row.addWidget(self.order_button)
        left_layout.addLayout(search_row)
        self.date_range = DateRangeControl(QLocale.system().name())  # as Go to Date reads 10/09/2016
        self.range_handles = RangeHandles()
        self.filter_chips = FilterChips()
        left_layout.addWidget(self.date_range)
        left_layout.addWidget(self.overview)
        left_layout.addWidget(self.range_handles)
        left_layout.addWidget(self.filter_chips)
        left_layout.addWidget(self.timeline_view, 1)

        self.detail = DetailPane(timeline.taxonomy)
        self.taxonomy_view = QTreeView()
        self.taxonomy_view.setObjectName("taxonomy")
        self.taxonomy_view.setModel(self.taxonomy_model)
        self.taxonomy_view.setUniformRowHeights(True)
        self.taxonomy_view.setAlternatingRowColors(False)
        self.taxonomy_view.expandAll()
        header = self.taxonomy_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMN_LABEL, header.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_COUNT, header.ResizeMode.ResizeToContents)
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filter-label")
        self.filter_label.setWordWrap(True)
        self.clear_filter_button = QPushButton()
        self.clear_filter_button.setObjectName("clear-filter")
        taxonomy_box = QWidget()
        taxonomy_layout = QVBoxLayout(taxonomy_box)
        taxonomy_layout.setContentsMargins(0, 0, 0, 0)
        taxonomy_layout.addWidget(self.taxonomy_view, 1)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.clear_filter_button)
        taxonomy_layout.addLayout(filter_row)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("right-splitter")
        self.right_splitter.addWidget(self.detail)
        self.facet_panel = FacetPanel()
        self.facet_panel.set_timeline_index(self.proxy.timeline_index)
        self.right_splitter.addWidget(self.facet_panel)
        self.right_splitter.addWidget(taxonomy_box)
        self.right_splitter.setChildrenCollapsible(False)
        self.detail.setMinimumHeight(160)
        self.right_splitter.setStretchFactor(0, 2)
        self.right_splitter.setStretchFactor(1, 3)
        self.right_splitter.setStretchFactor(2, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(self.splitter)

        self.count_label = QLabel()
        self.count_label.setObjectName("status-count")
        self.statusBar().addPermanentWidget(self.count_label)

    def _build_actions(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.open_action = QAction(self, shortcut=QKeySequence.StandardKey.Open, triggered=self.choose_file)
        self.reload_action = QAction(self, shortcut=QKeySequence.StandardKey.Refresh, triggered=self.reload)
        self.recent_menu = QMenu(self)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.reload_action)
        self.export_action = QAction(self, shortcut=QKeySequence("Ctrl+E"), triggered=self.export_pdf)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = menu_bar.addMenu("")
        # Ctrl+C copies bulletins only from the timeline: in the search field or a detail value it copies their text.
        self.copy_action = QAction(self, triggered=self.copy_bulletins)
        self.copy_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.timeline_view.addAction(self.copy_action)
        self.edit_menu.addAction(self.copy_action)

        self.view_menu = menu_bar.addMenu("")
        self.newest_first_action = QAction(
            self, checkable=True, shortcut=QKeySequence("Ctrl+Shift+R")
        )  # Ctrl+R is Refresh on some desktops
        self.newest_first_action.toggled.connect(self.set_newest_first)
        self.find_action = QAction(self, shortcut=QKeySequence.StandardKey.Find, triggered=self.focus_search)
        self.clear_filter_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+L"), triggered=self.clear_filters)
        self.order_button.setDefaultAction(self.newest_first_action)
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.newest_first_action)
        self.view_menu.addAction(self.clear_filter_action)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            action = QAction(self, checkable=True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.switcher.switch(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.toggle_language_action = QAction(self, shortcut=QKeySequence("Ctrl+L"), triggered=self.toggle_language)
        self.language_menu.addSeparator()
        self.language_menu.addAction(self.toggle_language_action)

        self.escape_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_Escape), triggered=self._escape)
        self.escape_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.addAction(self.escape_action)
        self._rebuild_recent_menu()

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search)
        self.proxy.modelReset.connect(self._refresh_after_filter)
        self.timeline_view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.timeline_view.selectionModel().selectionChanged.connect(self._update_status)
        self.timeline_view.visibleRangeChanged.connect(self._update_overview_visible)
        self.overview.monthClicked.connect(self.scroll_to_month)
        # Browsing the tree does not filter: Space and Enter do it, through KeyboardController.
        self.clear_filter_button.clicked.connect(self.clear_taxonomy_filter)

    # ------------------------------------------------------------ language
    def retranslate(self, *_args) -> None:
        self.settings.language = i18n.language()
        self.bulletins.relabel()
        self.taxonomy_model.relabel()
        self.filters.retranslate()
        self.detail.retranslate()
        name = Path(self.data_path).name if self.data_path else None
        self.setWindowTitle(
            _("INTERPOL cybercrime bulletins — {file}").format(file=name)
            if name
            else _("INTERPOL cybercrime bulletins")
        )
        self.file_menu.setTitle(_("&File"))
        self.open_action.setText(_("&Open…"))
        self.open_action.setStatusTip(_("Open a bulletins file"))
        self.reload_action.setText(_("Re&load"))
        self.reload_action.setStatusTip(_("Read the data file again"))
        self.recent_menu.setTitle(_("Open &Recent"))
        self.export_action.setText(_("&Export to PDF…"))
        self.export_action.setStatusTip(_("Write the bulletins of a date range to a PDF document"))
        self.quit_action.setText(_("&Quit"))
        self.edit_menu.setTitle(_("&Edit"))
        self.copy_action.setText(_("&Copy Bulletins"))
        self.copy_action.setStatusTip(_("Copy the date and title of the selected bulletins, one a line"))
        self.view_menu.setTitle(_("&View"))
        self.find_action.setText(_("&Search"))
        self.newest_first_action.setText(_("&Newest First"))
        self.newest_first_action.setStatusTip(_("Show the most recent bulletins at the top"))
        self.clear_filter_action.setText(_("&Clear Filters"))
        self.language_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setText(i18n.language_name(code, code))
            action.setChecked(code == i18n.language())
        self.toggle_language_action.setText(_("&Switch Language"))
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Search titles in English and French"))
        self.search.setAccessibleName(_("Search"))
        self.search.setAccessibleDescription(
            _("Filters the timeline on titles in both languages, ignoring case and accents")
        )
        self.timeline_view.setAccessibleName(_("Timeline"))
        self.timeline_view.setAccessibleDescription(_("Bulletins in date order under year and month headings"))
        self.overview.setAccessibleName(_("Overview"))
        self.overview.setAccessibleDescription(_("Bulletins per month over the whole period; click to scroll there"))
        self.overview.setToolTip(_("Bulletins per month; click to scroll the timeline there"))
        self.taxonomy_view.setAccessibleName(_("Taxonomy"))
        self.taxonomy_view.setAccessibleDescription(
            _("INTERPOL's cybercrime taxonomy; choose a node to filter the timeline")
        )
        self.clear_filter_button.setText(_("Show &all"))
        self.clear_filter_button.setAccessibleDescription(_("Clears the taxonomy filter"))
        self.overview.update()
        self._update_filter_label()
        self._update_status()
        self._rebuild_recent_menu()

    def toggle_language(self) -> None:
        codes = i18n.LANGUAGES
        self.switcher.switch(codes[(codes.index(i18n.language()) + 1) % len(codes)])

    # ------------------------------------------------------------ filtering and order
    def _on_search(self, text: str) -> None:
        self.filters.set_text(text)

    def set_taxonomy_filter(self, key: str | None) -> None:
        self._apply_query(dataclasses.replace(self.proxy.query, taxonomy_key=key))

    def clear_taxonomy_filter(self) -> None:
        self.set_taxonomy_filter(None)
        self.taxonomy_view.clearSelection()

    def clear_filters(self) -> None:
        """Every filter and the search cleared, back to the bulletin the reader was on."""
        self.filters.clear_filters()
        self.taxonomy_view.clearSelection()

    def _apply_query(self, query: Query) -> None:
        self.filters.apply(query)

    def _on_filters_changed(self, query: Query) -> None:
        if self.search.text() != query.text:
            self.search.setText(query.text)
        self._update_filter_label()
        self.settings.filters = query

    def _nothing_shown(self, nothing: bool) -> None:
        if nothing:
            self.detail.show_bulletin(None, _("No bulletin is shown: the search and filters hide them all."))

    def _on_taxonomy_activated(self, index: QModelIndex) -> None:
        key = index.siblingAtColumn(COLUMN_LABEL).data(Role.TAXONOMY_KEY)
        self.set_taxonomy_filter(None if key == self.proxy.query.taxonomy_key else key)

    def set_newest_first(self, newest_first: bool) -> None:
        """Reverses the order; the current bulletin and the selected ones stay so."""
        current = self.current_bulletin()
        selected = [self.proxy.shown_span(first, last) for first, last in self.timeline_view.selected_spans()]
        self.proxy.set_descending(newest_first)
        if self.newest_first_action.isChecked() != newest_first:
            self.newest_first_action.setChecked(newest_first)
        self.settings.descending = newest_first
        if current is not None:
            self.select_bulletin(current.id, scroll=True)
        if selected:
            rows = QItemSelection()
            for low, high in selected:
                first, last = self.proxy.rows_of_shown_span(low, high)
                rows.select(self.proxy.index(first, 0), self.proxy.index(last, 0))
            self.timeline_view.selectionModel().select(rows, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_filter_label(self) -> None:
        key = self.proxy.query.taxonomy_key
        self.clear_filter_button.setEnabled(key is not None)
        if key is None:
            self.filter_label.setText(_("Choose a node to show only its bulletins."))
        else:
            label = self.taxonomy_model.index_of_key(key).data() or key
            self.filter_label.setText(_("Showing: {label}").format(label=label))

    def _refresh_after_filter(self) -> None:
        counts = self.proxy.month_counts()
        all_months = self.proxy.timeline_index.month_starts
        first = all_months[0][0] if all_months else 0
        last = all_months[-1][0] if all_months else 0
        self.overview.set_counts(counts, first, last)
        self._update_status()
        self._update_overview_visible()

    # ------------------------------------------------------------ current bulletin
    def current_bulletin(self) -> Bulletin | None:
        index = self.timeline_view.currentIndex()
        position = index.data(Role.POSITION) if index.isValid() else None
        return self.proxy.timeline_index.timeline[position] if position is not None else None

    def selected_bulletins(self) -> list[Bulletin]:
        """The selected bulletins in the order on screen; the current one when none is selected."""
        timeline = self.proxy.timeline_index.timeline
        positions = [
            position
            for first, last in self.timeline_view.selected_spans()
            for position in self.proxy.timeline_positions(first, last)
        ]
        if positions:
            return [timeline[position] for position in positions]
        current = self.current_bulletin()
        return [current] if current is not None else []

    def copy_bulletins(self) -> None:
        """Edit ▸ Copy Bulletins: their dates and titles, in the active language, onto the clipboard."""
        bulletins = self.selected_bulletins()
        if not bulletins:
            self.statusBar().showMessage(_("Nothing to copy: no bulletin is selected."), 5000)
            return
        count = len(bulletins)
        busy = count > _BUSY_COPY  # a million lines take over a second: say so with the cursor
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            QGuiApplication.clipboard().setText(bulletins_text(bulletins))
        finally:
            if busy:
                QGuiApplication.restoreOverrideCursor()
        self.statusBar().showMessage(
            i18n.ngettext("{count} bulletin copied", "{count} bulletins copied", count).format(
                count=i18n.format_number(count)
            ),
            5000,
        )

    def select_bulletin(self, bulletin_id: str, scroll: bool = True) -> bool:
        row = self.proxy.row_for_bulletin(bulletin_id)
        if row is None:
            return False
        index = self.proxy.index(row, 0)
        self.timeline_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if scroll:
            self.timeline_view.scrollTo(index, TimelineView.ScrollHint.PositionAtCenter)
        return True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        bulletin = self.current_bulletin()
        self.detail.show_bulletin(bulletin)
        self.taxonomy_model.set_highlighted(frozenset(bulletin.taxonomy_keys) if bulletin else frozenset())
        if bulletin is not None:
            self.settings.current_bulletin = bulletin.id
        self._update_status()

    def scroll_to_month(self, key: int) -> None:
        row = self.proxy.row_of_month(key)
        if row is not None:
            self.timeline_view.scrollTo(self.proxy.index(row, 0), TimelineView.ScrollHint.PositionAtTop)

    def _update_overview_visible(self) -> None:
        first, last = self.timeline_view.visible_rows()
        self.overview.set_visible(self.proxy.month_of_row(first), self.proxy.month_of_row(last))

    def _update_status(self, *_args) -> None:
        shown, total = self.proxy.bulletin_count(), self.proxy.total_count()
        self.count_label.setText(
            i18n.ngettext("{shown} of {total} bulletin", "{shown} of {total} bulletins", total).format(
                shown=i18n.format_number(shown), total=i18n.format_number(total)
            )
        )

    # ------------------------------------------------------------ keyboard
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _escape(self) -> None:
        self.search.clear()
        self.timeline_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------ data files
    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its enums cost about a millisecond at start

        start = str(self.data_path.parent) if self.data_path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open bulletins file"), start, _("Bulletins (*.yaml *.yml);;All files (*)")
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Starts loading ``path`` in the background (``loader.finished`` tells when it is done).

        On any problem they are all shown, and what is on screen stays; so it does when cancelled.
        """
        self._start_load(path, self.proxy.timeline_index.timeline.taxonomy)

    def reload(self) -> None:
        self._start_load(
            self.data_path, self.proxy.timeline_index.timeline.taxonomy if self.data_path is not None else None
        )

    def start_loading(self, path: Path, select: str | None = None) -> None:
        """The first load of the session (``--data``): the packaged bulletins stay if it fails."""
        self._start_load(
            path, self.proxy.timeline_index.timeline.taxonomy, _("The packaged bulletins are shown instead."), select
        )

    # ------------------------------------------------------------ background loading
    def _build_loading(self) -> None:
        self.loader = BackgroundLoader(self)
        self.load_progress = LoadProgress(self.loader)
        self.statusBar().addWidget(self.load_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.switcher.changed.connect(self.load_progress.retranslate)
        self._failure_note = ""
        self._select_after_load: str | None = None

    def _start_load(self, path: Path | None, taxonomy, failure_note: str = "", select: str | None = None) -> None:
        self._failure_note = failure_note or _("The bulletins on screen are unchanged.")
        self._select_after_load = select
        self.statusBar().clearMessage()
        self.file_watcher.begin(path)  # a change while it loads is reported when it is shown
        self.loader.start(path, taxonomy)

    def _on_loaded(self, result: LoadResult) -> None:
        self.set_timeline(result.timeline, result.path, result.index)
        if self._select_after_load is not None:
            self.select_bulletin(self._select_after_load)
        if result.path is not None:
            recent = [str(result.path)] + [item for item in self.settings.recent_files if item != str(result.path)]
            self.settings.recent_files = recent[:MAX_RECENT_FILES]
            self._rebuild_recent_menu()

    def _on_load_failed(self, path: Path | None, error: DataLoadError) -> None:
        from timeline_gui.ui.error_dialog import DataErrorDialog  # imported when first needed: not at start

        dialog = DataErrorDialog(
            str(path) if path is not None else _("packaged data"), error.errors, self._failure_note, self
        )
        dialog.open()
        self.last_error_dialog = dialog

    def _on_load_cancelled(self, path: Path | None) -> None:
        name = path.name if path is not None else _("packaged data")
        self.statusBar().showMessage(
            _("Opening {file} was cancelled; the bulletins on screen are unchanged.").format(file=name), 8000
        )

    def set_timeline(self, timeline: Timeline, path: Path | None, index: TimelineIndex | None = None) -> None:
        current = self.current_bulletin()
        self.data_path = path
        self._watch_data_file()
        if index is not None:
            self.proxy.adopt_index(index)
        self.detail.set_taxonomy(timeline.taxonomy)
        self.bulletins.set_timeline(timeline)
        self.taxonomy_model.set_timeline_index(self.proxy.timeline_index)
        self.taxonomy_view.expandAll()
        self.filters.timeline_changed()
        if current is None or not self.select_bulletin(current.id):
            self.select_first()
        self.retranslate()

    def select_first(self) -> None:
        row = self.timeline_view.nearest_bulletin_row(0, 1)
        if row is not None:
            self.timeline_view.setCurrentIndex(self.proxy.index(row, 0))

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(
                f"&{number} {path.replace('&', '&&')}"
            )  # "&&": a literal &, not a mnemonic
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    # ------------------------------------------------------------ export
    def export_pdf(self) -> None:
        """Opens the export dialog, pre-filled from the selected bulletins (or the whole timeline)."""
        from timeline_gui.ui.export_dialog import ExportDialog, selection_range

        dialog = ExportDialog(
            self.proxy.timeline_index.timeline,
            self.proxy.timeline_index,
            self.proxy.query,
            self.proxy.descending,
            selection_range(self.timeline_view),
            getattr(self, "_export_folder", None),
            self,
            chosen=[
                position
                for first, last in self.timeline_view.selected_spans()
                for position in self.proxy.timeline_positions(first, last)
            ],
        )
        dialog.accepted.connect(lambda: self._exported(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()

    def _exported(self, dialog) -> None:
        if dialog.result_path is None:
            return
        self._export_folder = dialog.result_path.parent
        message = i18n.ngettext(
            "Exported {count} bulletin to {path}", "Exported {count} bulletins to {path}", dialog.result_count
        )
        self.statusBar().showMessage(
            message.format(count=i18n.format_number(dialog.result_count), path=dialog.result_path), 10000
        )

    # ------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        geometry = self.settings.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        splitter = self.settings.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        right = self.settings.bytes("window/right-splitter")
        if right is None or not self.right_splitter.restoreState(right):
            self.right_splitter.setSizes([320, 300, 200])
        self.set_newest_first(self.settings.descending)
        self.filters.changed.connect(self._on_filters_changed)
        self.filters.apply(self.settings.filters)
        current = self.settings.current_bulletin
        if current is None or not self.select_bulletin(current):
            self.select_first()

    def save_settings(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.set("window/right-splitter", self.right_splitter.saveState())
        self.settings.descending = self.proxy.descending
        current = self.current_bulletin()
        if current is not None:
            self.settings.current_bulletin = current.id
        self.settings.language = i18n.language()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loader.shutdown()
        dialog = getattr(self, "export_dialog", None)
        if dialog is not None and shiboken6.isValid(dialog):  # deleted once closed
            dialog.stop_export()
        self.save_settings()
        self.switcher.close()
        super().closeEvent(event)

    # ------------------------------------------------------------ the open file changing on disk
    def _build_file_watch(self) -> None:
        self.file_watcher = DataFileWatcher(self)
        self.file_notice = FileNotice(self.reload_action)
        self.statusBar().addWidget(self.file_notice, 1)
        self.file_watcher.changed.connect(lambda path: self.file_notice.show_notice(FileNotice.CHANGED, path))
        self.file_watcher.deleted.connect(lambda path: self.file_notice.show_notice(FileNotice.DELETED, path))
        self.switcher.changed.connect(self.file_notice.retranslate)
        self._watch_data_file()

    def _watch_data_file(self) -> None:
        """Watches the file now on screen; what it said before no longer matters."""
        self.file_notice.clear()
        self.file_watcher.watch(self.data_path)
