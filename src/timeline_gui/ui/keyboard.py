"""The window driven from the keyboard: timeline moves and ranges, Go to Date, pane cycling, the shortcut sheet.

Every binding is a QAction, so menus show it and the F1 sheet lists it from the same objects.
Keys that only make sense in one widget (arrows in the timeline, Space in the tree) are widget
shortcuts of that widget, so they never take a key from the search field or a dialog.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QLocale, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from timeline_gui import i18n
from timeline_gui.i18n import N_, _
from timeline_gui.ui.delegate import FocusOutlineDelegate
from timeline_gui.ui.taxonomy_model import COLUMN_LABEL
from timeline_gui.ui.timeline_view import Move

if TYPE_CHECKING:
    from timeline_gui.ui.go_to_date import GoToDateDialog
    from timeline_gui.ui.main_window import MainWindow
    from timeline_gui.ui.shortcut_sheet import ShortcutGroups, ShortcutSheet
# The Go to Date dialog (dateutil, Babel) and the shortcut sheet are imported when first opened:
# the first paint of the window needs neither.

Key = QKeySequence.StandardKey

# move, menu text, plain keys, standard keys, text of the Shift variant, its plain keys, its standard keys
_MOVES = (
    (
        Move.UP,
        N_("&Previous Bulletin"),
        (),
        (Key.MoveToPreviousLine,),
        N_("Extend Selection Up"),
        (),
        (Key.SelectPreviousLine,),
    ),
    (
        Move.DOWN,
        N_("&Next Bulletin"),
        (),
        (Key.MoveToNextLine,),
        N_("Extend Selection Down"),
        (),
        (Key.SelectNextLine,),
    ),
    (
        Move.PAGE_UP,
        N_("Pre&vious Page"),
        (),
        (Key.MoveToPreviousPage,),
        N_("Extend Selection a Page Up"),
        (),
        (Key.SelectPreviousPage,),
    ),
    (
        Move.PAGE_DOWN,
        N_("Ne&xt Page"),
        (),
        (Key.MoveToNextPage,),
        N_("Extend Selection a Page Down"),
        (),
        (Key.SelectNextPage,),
    ),
    (
        Move.HOME,
        N_("&First Bulletin"),
        ("Home",),
        (Key.MoveToStartOfDocument,),
        N_("Extend Selection to the First Bulletin"),
        ("Shift+Home",),
        (Key.SelectStartOfDocument,),
    ),
    (
        Move.END,
        N_("&Last Bulletin"),
        ("End",),
        (Key.MoveToEndOfDocument,),
        N_("Extend Selection to the Last Bulletin"),
        ("Shift+End",),
        (Key.SelectEndOfDocument,),
    ),
    (
        Move.PREVIOUS_MONTH,
        N_("Previous &Month"),
        ("Ctrl+Up",),
        (),
        N_("Extend Selection to the Previous Month"),
        ("Ctrl+Shift+Up",),
        (),
    ),
    (
        Move.NEXT_MONTH,
        N_("Next M&onth"),
        ("Ctrl+Down",),
        (),
        N_("Extend Selection to the Next Month"),
        ("Ctrl+Shift+Down",),
        (),
    ),
)


def sequences(plain: tuple[str, ...], standard: tuple[QKeySequence.StandardKey, ...]) -> list[QKeySequence]:
    """The plain keys first (shown in menus), then the platform's standard ones, without repeats."""
    result: list[QKeySequence] = []
    for sequence in [QKeySequence(text) for text in plain] + [
        s for key in standard for s in QKeySequence.keyBindings(key)
    ]:
        if not sequence.isEmpty() and sequence not in result:
            result.append(sequence)
    return result


class KeyboardController(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.locale_name: str | None = None  # None: the system's; it decides whether 10/09 is day first in English
        self.go_to_date_dialog: GoToDateDialog | None = None
        self.shortcut_sheet: ShortcutSheet | None = None
        self._focus_before_sheet: QWidget | None = None
        view = window.timeline_view

        self.go_menu = window.menuBar().addMenu("")
        self.go_menu.setObjectName("go-menu")
        self.move_actions: dict[Move, QAction] = {}
        self.extend_actions: dict[Move, QAction] = {}
        for move, _text, keys, standard, _extend_text, extend_keys, extend_standard in _MOVES:
            action = self._widget_action(
                view, sequences(keys, standard), lambda _c=False, m=move: self.navigate(m, False)
            )
            self.go_menu.addAction(action)
            self.move_actions[move] = action
            self.extend_actions[move] = self._widget_action(
                view, sequences(extend_keys, extend_standard), lambda _c=False, m=move: self.navigate(m, True)
            )
        self.go_menu.addSeparator()
        self.go_to_date_action = QAction(self.window, shortcut=QKeySequence("Ctrl+G"), triggered=self.open_go_to_date)
        self.go_menu.addAction(self.go_to_date_action)
        self.go_menu.addSeparator()
        self.select_all_action = self._widget_action(view, QKeySequence.keyBindings(Key.SelectAll), self.select_all)
        self.go_menu.addAction(self.select_all_action)
        self.show_details_action = self._widget_action(
            view, [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)], self.focus_detail
        )
        self.go_menu.addAction(self.show_details_action)
        self.go_menu.addSeparator()
        self.next_pane_action = QAction(
            self.window, shortcut=QKeySequence(Qt.Key.Key_F6), triggered=lambda: self.cycle_focus(1)
        )
        self.previous_pane_action = QAction(
            self.window, shortcut=QKeySequence("Shift+F6"), triggered=lambda: self.cycle_focus(-1)
        )
        self.go_menu.addAction(self.next_pane_action)
        self.go_menu.addAction(self.previous_pane_action)

        tree = window.taxonomy_view
        self.toggle_filter_action = self._widget_action(
            tree,
            [QKeySequence(Qt.Key.Key_Space), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.toggle_taxonomy_filter,
        )

        self.help_menu = window.menuBar().addMenu("")
        self.help_menu.setObjectName("help-menu")
        self.shortcuts_action = QAction(self.window, triggered=self.show_shortcuts)
        self.shortcuts_action.setShortcuts(sequences(("F1",), (Key.HelpContents,)))
        self.help_menu.addAction(self.shortcuts_action)

        self.selection_label = QLabel()
        self.selection_label.setObjectName("status-selection")
        self.selection_label.setContentsMargins(0, 0, 16, 0)  # apart from the count beside it
        window.statusBar().insertPermanentWidget(0, self.selection_label)

        self._show_focus(window)
        selection = view.selectionModel()
        selection.selectionChanged.connect(self.update_status)
        selection.currentChanged.connect(self.update_status)
        window.proxy.modelReset.connect(self.update_status)
        window.switcher.changed.connect(self.retranslate)
        self.retranslate()

    def _widget_action(self, widget: QWidget, keys: list[QKeySequence], slot) -> QAction:
        """An action whose keys work only while ``widget`` has the focus (menus still trigger it anywhere)."""
        action = QAction(self.window)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        widget.addAction(action)
        return action

    @staticmethod
    def _show_focus(window: MainWindow) -> None:
        """Focus is always visible: an outline round the current item of the tree (the timeline's delegate
        draws its own); the detail pane draws a frame round the value that has the focus."""
        window.taxonomy_view.setItemDelegate(FocusOutlineDelegate(window.taxonomy_view))  # detail values: detail.py

    # ------------------------------------------------------------ language
    def retranslate(self, *_args) -> None:
        w = self.window
        self.go_menu.setTitle(_("&Go"))
        for move, text, _keys, _standard, extend_text, _extend_keys, _extend_standard in _MOVES:
            self.move_actions[move].setText(_(text))
            self.extend_actions[move].setText(_(extend_text))
        self.go_to_date_action.setText(_("Go to &Date…"))
        self.go_to_date_action.setStatusTip(_("Move to the bulletin nearest a date you type"))
        self.select_all_action.setText(_("Select &All Shown"))
        self.show_details_action.setText(_("Show De&tails"))
        self.show_details_action.setStatusTip(_("Move the focus to the details of the current bulletin"))
        self.next_pane_action.setText(_("Next Pan&e"))
        self.previous_pane_action.setText(_("P&revious Pane"))
        self.toggle_filter_action.setText(_("Filter on the Node or Clear the Filter"))
        w.escape_action.setText(_("Clear the Search and Return to the Timeline"))
        self.help_menu.setTitle(_("&Help"))
        self.shortcuts_action.setText(_("&Keyboard Shortcuts"))
        self.shortcuts_action.setStatusTip(_("List every keyboard shortcut"))
        w.clear_filter_button.setAccessibleName(_("Show all"))
        self.selection_label.setAccessibleName(_("Selection"))
        for label in w.detail.findChildren(QLabel):
            if label.focusPolicy() != Qt.FocusPolicy.NoFocus:  # the values the keyboard reaches
                label.setAccessibleDescription(_("Of the current bulletin; F6 moves to the next pane"))
        self.update_status()

    # ------------------------------------------------------------ timeline
    def navigate(self, move: Move, extend: bool) -> None:
        view = self.window.timeline_view
        if not view.hasFocus():
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        view.navigate(move, extend)

    def select_all(self) -> None:
        view = self.window.timeline_view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        view.selectAll()

    def focus_detail(self) -> None:
        detail = self.window.detail
        target = detail.first_value() if detail.first_value().isVisibleTo(detail) else detail
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if target is not detail:
            detail.ensureWidgetVisible(target)

    def update_status(self, *_args) -> None:
        count, first, last = self.window.timeline_view.selection_summary()
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

    # ------------------------------------------------------------ go to date
    def open_go_to_date(self) -> None:
        from timeline_gui.ui.go_to_date import GoToDateDialog

        locale_name = self.locale_name if self.locale_name is not None else QLocale.system().name()
        dialog = GoToDateDialog(self.go_to_date, locale_name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._go_to_date_closed)
        self.go_to_date_dialog = dialog
        dialog.open()
        dialog.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _go_to_date_closed(self, *_args) -> None:
        self.go_to_date_dialog = None
        self._return_focus(self.window.timeline_view)

    def _return_focus(self, widget: QWidget) -> None:
        """Back to the window after a dialog, on every platform (not all window managers do it)."""
        self.window.activateWindow()
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def go_to_date(self, date: dt.date) -> bool:
        """Moves to the shown bulletin nearest ``date``; False when none is shown."""
        proxy = self.window.proxy
        positions = proxy.positions()
        nearest = proxy.timeline_index.nearest(positions, date)
        if nearest is None:
            return False
        bulletin = proxy.timeline_index.timeline[positions[nearest]]
        return self.window.select_bulletin(bulletin.id, scroll=True)

    # ------------------------------------------------------------ panes
    def panes(self) -> list[QWidget]:
        w = self.window
        return [w.timeline_view, w.taxonomy_view, w.facet_panel.view, w.detail]

    def current_pane(self) -> int | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        if focus is self.window.search:
            return 0
        for number, pane in enumerate(self.panes()):
            if focus is pane or pane.isAncestorOf(focus):
                return number
        return None

    def cycle_focus(self, step: int) -> None:
        """F6 / Shift+F6: timeline → taxonomy tree → filters → detail pane, and round again; hidden panes are
        passed over."""
        panes = self.panes()
        current = self.current_pane()
        start = (-1 if step > 0 else 0) if current is None else current
        for distance in range(1, len(panes) + 1):
            number = (start + step * distance) % len(panes)
            if panes[number].isVisible() and panes[number].width() > 0 and panes[number].height() > 0:
                self.focus_pane(number)
                return

    def focus_pane(self, number: int) -> None:
        w = self.window
        if number == 0:
            w.timeline_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif number == 1:
            tree = w.taxonomy_view
            if not tree.currentIndex().isValid() and tree.model().rowCount() > 0:
                tree.selectionModel().setCurrentIndex(
                    tree.model().index(0, COLUMN_LABEL), QItemSelectionModel.SelectionFlag.NoUpdate
                )
            tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif number == 2:  # noqa: PLR2004 - the third pane
            facets = w.facet_panel.view
            if not facets.currentIndex().isValid() and facets.model().rowCount() > 0:
                facets.selectionModel().setCurrentIndex(
                    facets.model().index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
            facets.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.focus_detail()

    # ------------------------------------------------------------ taxonomy tree
    def toggle_taxonomy_filter(self) -> None:
        index = self.window.taxonomy_view.currentIndex()
        if index.isValid():
            self.window._on_taxonomy_activated(index)

    # ------------------------------------------------------------ shortcut sheet
    def shortcut_groups(self) -> ShortcutGroups:
        from timeline_gui.ui.shortcut_sheet import menu_groups

        w = self.window
        menus = [action.menu() for action in w.menuBar().actions() if action.menu() is not None]
        return [
            *menu_groups(menus),
            (_("Timeline"), list(self.extend_actions.values())),
            (_("Search field"), [w.escape_action]),
            (_("Taxonomy tree"), [self.toggle_filter_action]),
        ]

    def show_shortcuts(self) -> None:
        from timeline_gui.ui.shortcut_sheet import ShortcutSheet

        self._focus_before_sheet = QApplication.focusWidget()
        sheet = ShortcutSheet(self.shortcut_groups(), self.window, search_help())
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.finished.connect(self._sheet_closed)
        self.shortcut_sheet = sheet
        sheet.open()

    def _sheet_closed(self, *_args) -> None:
        self.shortcut_sheet = None
        previous = self._focus_before_sheet
        self._focus_before_sheet = None
        self._return_focus(
            previous if previous is not None and previous.window() is self.window else self.window.timeline_view
        )


def search_help() -> str:
    """How a search is written, for the F1 sheet."""
    return "\n".join(
        (
            _("Searching titles"),
            _(
                "Each word is found in the English or French title, inside longer words too, whatever the case "
                "and accents: securite finds “sécurité”."
            ),
            _('“Quoted words” must appear together, in that order: "INTERPOL Chief".'),
            _("A word or quoted words after a minus sign leave out the bulletins that have them: -botnet."),
            _(
                "Matches are marked in the titles; when they are only in the other language's title, "
                "that title is shown under the row."
            ),
        )
    )
