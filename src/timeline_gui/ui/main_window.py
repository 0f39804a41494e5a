"""The main window: the timeline with its overview strip, the detail pane and the taxonomy tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from timeline_gui import APP_DISPLAY_NAME, i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Bulletin, Taxonomy, Timeline
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.export.text import bulletins_text
from timeline_gui.i18n import _
from timeline_gui.ui import look
from timeline_gui.ui.about import AboutActions
from timeline_gui.ui.date_range import DateRangeControl, RangeHandles
from timeline_gui.ui.detail import DetailPane
from timeline_gui.ui.facet_panel import FacetPanel
from timeline_gui.ui.file_watch import DataFileWatcher, FileNotice
from timeline_gui.ui.filter_chips import FilterChips
from timeline_gui.ui.filters import FilterController
from timeline_gui.ui.keyboard import KeyboardController
from timeline_gui.ui.language import LanguageSwitcher, forget_retranslated, retranslated
from timeline_gui.ui.loading import BackgroundLoader, LoadProgress, LoadResult
from timeline_gui.ui.overview import OverviewStrip
from timeline_gui.ui.session import Session
from timeline_gui.ui.settings import MAX_RECENT_FILES, Settings
from timeline_gui.ui.taxonomy_pane import TaxonomyPane
from timeline_gui.ui.time_axis import TimeAxis
from timeline_gui.ui.timeline_proxy import TimelineProxyModel
from timeline_gui.ui.timeline_view import TimelineView

if TYPE_CHECKING:
    from timeline_gui.ui.export_dialog import ExportDialog

_BUSY_COPY = 50_000  # bulletins copied (0.1 s) above which the wait cursor shows


class MainWindow(QMainWindow):
    """Composes the window: one session holds what is shown, and each part is given it (and what else it needs).

    The parts observe the session and change it through its methods; the window itself looks after what is
    its own: the menus File, Edit and View, the status bar, the data file and the remembered settings.
    """

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
        self._export_folder: Path | None = None
        self.switcher = switcher or LanguageSwitcher(self)
        self.session = Session(timeline, self)
        self.proxy = TimelineProxyModel(self.session, self)

        self._build_widgets()
        self._build_actions()
        self.keyboard = KeyboardController(
            self,
            self.session,
            self.timeline_view,
            self.taxonomy.view,
            self.detail,
            self.search,
            self.facet_panel.view,
            self.time_axis,
        )
        self.menuBar().addMenu(self.keyboard.go_menu)
        self.menuBar().addMenu(self.keyboard.help_menu)
        self.about = AboutActions(self, self.keyboard.help_menu, self.session, lambda: self.data_path)
        self._connect()
        self._build_file_watch()
        self._build_loading()
        self._restore_settings()
        self.retranslate()
        retranslated(self)

    # ------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        session = self.session
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.overview = OverviewStrip(session)
        self.timeline_view = TimelineView()
        self.timeline_view.follow(session, self.proxy)

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
        self.time_axis = TimeAxis(session)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.setObjectName("left-splitter")
        self.left_splitter.addWidget(self.time_axis)
        self.left_splitter.addWidget(self.timeline_view)
        self.left_splitter.setChildrenCollapsible(False)
        left_layout.addWidget(self.left_splitter, 1)

        self.detail = DetailPane(session)
        self.taxonomy = TaxonomyPane(session)
        look.wrapping_labels(self.taxonomy.view)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("right-splitter")
        self.right_splitter.addWidget(self.detail)
        self.facet_panel = FacetPanel()
        self.filters = FilterController(
            session, self.timeline_view, self.facet_panel, self.filter_chips, self.date_range, self.range_handles, self
        )
        # The filters and the taxonomy share the space under the detail pane, one splitter of their own.
        self.lower_splitter = QSplitter(Qt.Orientation.Vertical)
        self.lower_splitter.setObjectName("filters-splitter")
        self.lower_splitter.addWidget(self.facet_panel)
        self.lower_splitter.addWidget(self.taxonomy)
        self.lower_splitter.setChildrenCollapsible(False)
        self.right_splitter.addWidget(self.lower_splitter)
        self.right_splitter.setChildrenCollapsible(False)
        self.detail.setMinimumHeight(160)
        self.right_splitter.setStretchFactor(0, 2)
        self.right_splitter.setStretchFactor(1, 3)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.setCentralWidget(look.framed(self.splitter))

        self.selection_label = QLabel()
        self.selection_label.setObjectName("status-selection")
        self.selection_label.setContentsMargins(0, 0, 16, 0)  # apart from the count beside it
        self.statusBar().addPermanentWidget(self.selection_label)
        self.count_label = QLabel()
        self.count_label.setObjectName("status-count")
        self.statusBar().addPermanentWidget(self.count_label)
        self.search_pending_label = QLabel()  # while the search index of a file just opened is being built
        self.search_pending_label.setObjectName("status-search-pending")
        self.search_pending_label.hide()
        self.statusBar().addPermanentWidget(self.search_pending_label)

    def _action(
        self, slot: Callable[[], object], keys: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu("")
        self.open_action = self._action(self.choose_file, QKeySequence.StandardKey.Open)
        self.reload_action = self._action(self.reload, QKeySequence.StandardKey.Refresh)
        self.recent_menu = QMenu(self)
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addAction(self.reload_action)
        self.import_action = self._action(self.import_listing)
        self.file_menu.addAction(self.import_action)
        self.export_action = self._action(self.export_pdf, "Ctrl+E")
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = menu_bar.addMenu("")
        # Ctrl+C copies bulletins only from the timeline: in the search field or a detail value it copies their text.
        self.copy_action = self._action(self.copy_bulletins)
        self.copy_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Copy))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.timeline_view.addAction(self.copy_action)
        self.edit_menu.addAction(self.copy_action)

        self.view_menu = menu_bar.addMenu("")
        self.newest_first_action = QAction(self)
        self.newest_first_action.setCheckable(True)
        self.newest_first_action.setShortcut(QKeySequence("Ctrl+Shift+R"))  # Ctrl+R is Refresh on some desktops
        self.newest_first_action.toggled.connect(self.set_newest_first)
        self.find_action = self._action(self.focus_search, QKeySequence.StandardKey.Find)
        self.clear_filter_action = self._action(self.session.clear_filters, "Ctrl+Shift+L")
        self.selected_dates_action = self._action(self.show_selected_dates, "Ctrl+Shift+D")
        self.order_button.setDefaultAction(self.newest_first_action)
        look.marked_when_checked(self.order_button)
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.newest_first_action)
        self.view_menu.addAction(self.selected_dates_action)
        self.view_menu.addAction(self.clear_filter_action)
        self.view_menu.addSeparator()
        self.view_menu.addMenu(self.time_axis.menu)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.LANGUAGES:
            action = QAction(self)
            action.setCheckable(True)
            action.setData(code)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.toggle_language_action = self._action(self.toggle_language, "Ctrl+L")
        self.language_menu.addSeparator()
        self.language_menu.addAction(self.toggle_language_action)
        self._rebuild_recent_menu()

    def _connect(self) -> None:
        session = self.session
        self.search.textChanged.connect(session.set_search)
        session.query_changed.connect(self._show_query)
        session.query_changed.connect(self._update_count)
        session.timeline_changed.connect(self._update_count)
        session.order_changed.connect(self._show_order)
        session.selection_changed.connect(self._update_selection_status)
        session.search_pending_changed.connect(self.search_pending_label.setVisible)
        session.current_changed.connect(self._remember_current)
        self.timeline_view.visibleRangeChanged.connect(self._update_overview_visible)
        self.proxy.modelReset.connect(self._update_overview_visible)
        self.overview.monthClicked.connect(self.timeline_view.scroll_to_month)
        self.overview.windowMoved.connect(self.time_axis.show_days)
        self.overview.dayClicked.connect(self.time_axis.centre_on)
        self.time_axis.viewChanged.connect(self.overview.set_window)
        self.timeline_view.clicked.connect(lambda _index: session.describe_node(None))  # the bulletin again

    # ------------------------------------------------------------ language
    def retranslate(self) -> None:
        name = Path(self.data_path).name if self.data_path else None
        self.setWindowTitle(
            _("{file} — {app}").format(file=name, app=_(APP_DISPLAY_NAME)) if name else _(APP_DISPLAY_NAME)
        )
        self.file_menu.setTitle(_("&File"))
        self.open_action.setText(_("&Open…"))
        self.open_action.setStatusTip(_("Open a bulletins file"))
        self.reload_action.setText(_("Re&load"))
        self.reload_action.setStatusTip(_("Read the data file again"))
        self.recent_menu.setTitle(_("Open &Recent"))
        self.import_action.setText(_("&Import Listing…"))
        self.import_action.setStatusTip(_("Add bulletins from INTERPOL's news listing to a bulletins file"))
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
        self.selected_dates_action.setText(_("Show Only the Selected &Dates"))
        self.selected_dates_action.setStatusTip(
            _("Set the date range to the first and last day of the selection, as a Shift+drag on the time axis does")
        )
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
        self.selection_label.setAccessibleName(_("Selection"))
        self.search_pending_label.setText(_("Preparing search…"))
        self._update_count()
        self._update_selection_status()

    def choose_language(self, code: str) -> None:
        """View ▸ Language: switches, and remembers the choice for the next start."""
        self.switcher.switch(code)
        self.settings.language = i18n.language()

    def toggle_language(self) -> None:
        codes = i18n.LANGUAGES
        self.choose_language(codes[(codes.index(i18n.language()) + 1) % len(codes)])

    # ------------------------------------------------------------ what the session shows
    def set_taxonomy_filter(self, key: str | None) -> None:
        self.session.set_filter(key)

    def clear_taxonomy_filter(self) -> None:
        self.taxonomy.clear_filter()

    def clear_filters(self) -> None:
        self.session.clear_filters()

    def set_newest_first(self, newest_first: bool) -> None:
        """Reverses the order; the current bulletin and the selected ones stay so."""
        self.session.set_newest_first(newest_first)

    def _show_query(self) -> None:
        text = self.session.query.text
        if self.search.text() != text:  # a search set elsewhere (Esc, Clear Filters): the field says it too
            self.search.setText(text)

    def _show_order(self) -> None:
        newest_first = self.session.newest_first
        if self.newest_first_action.isChecked() != newest_first:
            self.newest_first_action.setChecked(newest_first)
        self.settings.descending = newest_first

    def _remember_current(self) -> None:
        if self.session.current is not None:
            self.settings.current_bulletin = self.session.current

    def select_bulletin(self, bulletin_id: str) -> bool:
        """Makes a shown bulletin current and selected; False when it is not shown."""
        return self.session.select(bulletin_id)

    def selected_bulletins(self) -> list[Bulletin]:
        """The selected bulletins in the order on screen; the current one when none is selected."""
        timeline = self.session.timeline
        positions = self.session.selected_positions()
        if positions:
            return [timeline[position] for position in positions]
        current = self.session.current_bulletin()
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

    def show_selected_dates(self) -> None:
        """View ▸ Show Only the Selected Dates: the keyboard's way to what a Shift+drag on the time axis does."""
        if not self.session.show_selected_dates():
            self.statusBar().showMessage(_("No dates to show: no bulletin is selected."), 5000)

    def _update_overview_visible(self) -> None:
        self.overview.set_visible(*self.timeline_view.visible_months())

    def _update_count(self) -> None:
        shown, total = len(self.session.shown_positions), len(self.session.timeline)
        self.count_label.setText(
            i18n.ngettext("{shown} of {total} bulletin", "{shown} of {total} bulletins", total).format(
                shown=i18n.format_number(shown), total=i18n.format_number(total)
            )
        )

    def _update_selection_status(self) -> None:
        count, first, last = self.session.selection_summary()
        if count == 0 or first is None or last is None:
            text = ""
        elif first == last:
            text = i18n.ngettext(
                "{count} bulletin selected: {date}", "{count} bulletins selected: {date}", count
            ).format(count=i18n.format_number(count), date=i18n.format_date(first))
        else:
            text = i18n.ngettext(
                "{count} bulletin selected: {first} to {last}", "{count} bulletins selected: {first} to {last}", count
            ).format(count=i18n.format_number(count), first=i18n.format_date(first), last=i18n.format_date(last))
        self.selection_label.setText(text)
        self.selection_label.setAccessibleDescription(text)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ------------------------------------------------------------ data files
    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # its enums cost about a millisecond at start

        start = str(self.data_path.parent) if self.data_path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open bulletins file"), start, _("Bulletins (*.yaml *.yml);;All files (*)")
        )
        if path:
            self.open_file(Path(path))

    def import_listing(self) -> None:
        """File ▸ Import Listing…: the file written is opened, its first new bulletin current."""
        from timeline_gui.ui.import_dialog import ImportListingDialog

        taxonomy = self.session.timeline.taxonomy
        dialog = ImportListingDialog(taxonomy, self.data_path, self)
        if dialog.exec() == ImportListingDialog.DialogCode.Accepted and dialog.imported is not None:
            added = dialog.result_.added if dialog.result_ is not None else ()
            self._start_load(dialog.imported, taxonomy, select=added[0].id if added else None)

    def open_file(self, path: Path) -> None:
        """Starts loading ``path`` in the background (``loader.finished`` tells when it is done).

        On any problem they are all shown, and what is on screen stays; so it does when cancelled.
        """
        self._start_load(path, self.session.timeline.taxonomy)

    def reload(self) -> None:
        self._start_load(self.data_path, self.session.timeline.taxonomy if self.data_path is not None else None)

    def start_loading(self, path: Path, select: str | None = None) -> None:
        """The first load of the session (``--data``): the packaged bulletins stay if it fails."""
        self._start_load(path, self.session.timeline.taxonomy, _("The packaged bulletins are shown instead."), select)

    def reopen_last(self, path: Path, select: str | None = None) -> None:
        """At start, the file on screen when the app last closed. Gone or bad, the packaged bulletins stay, and
        the status bar says so: no dialog stands between a person and the window for a file they did not ask for."""
        if not path.is_file():
            self.statusBar().showMessage(
                _("{file}, open last time, is no longer there; the packaged bulletins are shown.").format(file=path)
            )
            return
        self._start_load(path, self.session.timeline.taxonomy, select=select, quiet=True)

    # ------------------------------------------------------------ background loading
    def _build_loading(self) -> None:
        self.loader = BackgroundLoader(self)
        self.load_progress = LoadProgress(self.loader)
        self.statusBar().addWidget(self.load_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.loader.completed.connect(self._on_load_completed)
        retranslated(self.load_progress)
        self._failure_note = ""
        self._select_after_load: str | None = None
        self._quiet_failure = False

    def _start_load(
        self,
        path: Path | None,
        taxonomy: Taxonomy | None,
        failure_note: str = "",
        select: str | None = None,
        quiet: bool = False,
    ) -> None:
        self._failure_note = failure_note or _("The bulletins on screen are unchanged.")
        self._select_after_load = select
        self._quiet_failure = quiet
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

    def _on_load_completed(self, _path: Path | None) -> None:
        self.session.search_index_ready()

    def _on_load_failed(self, path: Path | None, error: DataLoadError) -> None:
        if self._quiet_failure and path is not None:
            first, more = (error.errors[0] if error.errors else ""), len(error.errors) - 1
            message = (
                i18n.ngettext(
                    "{file} could not be opened again ({first}, and {more} more problem); "
                    "the packaged bulletins are shown.",
                    "{file} could not be opened again ({first}, and {more} more problems); "
                    "the packaged bulletins are shown.",
                    more,
                )
                if more > 0
                else _("{file} could not be opened again ({first}); the packaged bulletins are shown.")
            )
            self.statusBar().showMessage(message.format(file=path, first=first, more=i18n.format_number(more)))
            return
        from timeline_gui.ui.error_dialog import DataErrorDialog  # imported when first needed: not at start

        dialog = DataErrorDialog(
            str(path) if path is not None else _("packaged data"), error.errors, self._failure_note, self
        )
        dialog.open()

    def _on_load_cancelled(self, path: Path | None) -> None:
        name = path.name if path is not None else _("packaged data")
        self.statusBar().showMessage(
            _("Opening {file} was cancelled; the bulletins on screen are unchanged.").format(file=name), 8000
        )

    def set_timeline(self, timeline: Timeline, path: Path | None, index: TimelineIndex | None = None) -> None:
        """Shows ``timeline`` read from ``path`` (None: the packaged data); ``index`` when built elsewhere."""
        self.data_path = path
        self._watch_data_file()
        self.session.set_timeline(timeline, index)
        self.retranslate()  # the title names the file

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
        """Opens the export dialog, pre-filled from the session: its query, order and selected range."""
        from timeline_gui.ui.export_dialog import ExportDialog

        session = self.session
        count, first, last = session.selection_summary()
        # One selected bulletin is just the current one (clicking selects it), not a range.
        selected = (first, last) if count > 1 and first is not None and last is not None else None
        dialog = ExportDialog(
            session.timeline,
            session.timeline_index,
            session.query,
            session.newest_first,
            selected,
            self._export_folder,
            self,
            chosen=session.selected_positions(),
        )
        session.search_pending_changed.connect(dialog.search_pending_changed)
        dialog.accepted.connect(lambda: self._exported(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _exported(self, dialog: ExportDialog) -> None:
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
        left = self.settings.bytes("window/left-splitter")
        share_axis = left is None or not self.left_splitter.restoreState(left)
        self.time_axis.restore_from(self.settings)
        right = self.settings.bytes("window/right-splitter")
        share_width = splitter is None or not self.splitter.restoreState(splitter)
        share_height = right is None or not self.right_splitter.restoreState(right)
        look.on_first_show(self, lambda: self._share(share_width, share_height, share_axis))
        self.session.set_newest_first(self.settings.descending)
        self.session.set_query(self.settings.filters)
        current = self.settings.current_bulletin
        if current is None or not self.session.select(current):
            self.session.select_first()

    def _share(self, width: bool, height: bool, axis: bool) -> None:
        """The panes' first sizes, once the window has its own; what was remembered is kept."""
        if width:  # the timeline a little wider than the pane beside it, which holds the detail form and the tree
            look.share(self.splitter, 0.56, sum(self.splitter.sizes()))
        if axis:  # every lane of the time axis in view, within 3/5 of the height; the list the rest
            total = sum(self.left_splitter.sizes())
            wanted = min(self.time_axis.sizeHint().height(), total * 3 // 5)
            look.share(self.left_splitter, wanted / max(1, total), total)
        if not height:
            return
        # The detail as tall as its form at that width (no gap under it), within half the height; the tree the rest.
        total = sum(self.right_splitter.sizes())
        detail = look.content_height(self.detail, self.splitter.sizes()[1]) + look.spacing(self)
        look.share(self.right_splitter, min(detail, total // 2) / max(1, total), total)

    def save_settings(self) -> None:
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/splitter", self.splitter.saveState())
        self.settings.set("window/right-splitter", self.right_splitter.saveState())
        self.settings.set("window/left-splitter", self.left_splitter.saveState())
        self.time_axis.save_to(self.settings)
        self.settings.descending = self.session.newest_first
        self.settings.filters = self.session.query
        self.settings.last_file = self.data_path
        if self.session.current is not None:
            self.settings.current_bulletin = self.session.current
        self.settings.language = i18n.language()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loader.shutdown()
        from timeline_gui.ui.export_dialog import ExportDialog

        for dialog in self.findChildren(ExportDialog):  # an export under way stops; no file is left half written
            dialog.stop_export()
        self.save_settings()
        self.switcher.close()
        forget_retranslated(self)
        super().closeEvent(event)

    # ------------------------------------------------------------ the open file changing on disk
    def _build_file_watch(self) -> None:
        self.file_watcher = DataFileWatcher(self)
        self.file_notice = FileNotice(self.reload_action)
        self.statusBar().addWidget(self.file_notice, 1)
        self.file_watcher.changed.connect(lambda path: self.file_notice.show_notice(FileNotice.CHANGED, path))
        self.file_watcher.deleted.connect(lambda path: self.file_notice.show_notice(FileNotice.DELETED, path))
        retranslated(self.file_notice)
        self._watch_data_file()

    def _watch_data_file(self) -> None:
        """Watches the file now on screen; what it said before no longer matters."""
        self.file_notice.clear()
        self.file_watcher.watch(self.data_path)
