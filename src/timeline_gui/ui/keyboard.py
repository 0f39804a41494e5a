"""The window driven from the keyboard: timeline moves and ranges, Go to Date, pane cycling, the shortcut sheet.

Every binding is a QAction, so menus show it and the F1 sheet lists it from the same objects.
Keys that only make sense in one widget (arrows in the timeline, Space in the tree) are widget
shortcuts of that widget, so they never take a key from the search field or a dialog.
The bindings act on the session and on the views they are given; the window adds their menus to its bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QLocale, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow, QMenu, QTreeView, QWidget

from timeline_gui.i18n import N_, _
from timeline_gui.ui.detail import DetailPane
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.roles import Role
from timeline_gui.ui.session import Session
from timeline_gui.ui.taxonomy_model import COLUMN_LABEL
from timeline_gui.ui.timeline_view import Move, TimelineView

if TYPE_CHECKING:
    from timeline_gui.ui.shortcut_sheet import ShortcutGroups
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
    """The Go and Help menus, the keys of the timeline, the tree and the search field, F6 and the dialogs."""

    def __init__(
        self,
        window: QMainWindow,
        session: Session,
        timeline: TimelineView,
        tree: QTreeView,
        detail: DetailPane,
        search: QLineEdit,
        facets: QTreeView | None = None,
        time_axis: QWidget | None = None,
    ):
        super().__init__(window)
        self.facets = facets  # the facet panel's tree, a pane of its own for F6
        self.time_axis = time_axis  # the same bulletins as the timeline, on a time scale: F6 goes there next
        self.window = window
        self.session = session
        self.timeline = timeline
        self.tree = tree
        self.detail = detail
        self.search = search
        self.locale_name: str | None = None  # None: the system's; it decides whether 10/09 is day first in English
        self._focus_before_sheet: QWidget | None = None

        self.go_menu = QMenu(window)
        self.go_menu.setObjectName("go-menu")
        self.move_actions: dict[Move, QAction] = {}
        self.extend_actions: dict[Move, QAction] = {}
        for move, _text, keys, standard, _extend_text, extend_keys, extend_standard in _MOVES:
            action = self._widget_action(timeline, sequences(keys, standard), partial(self.navigate, move, False))
            self.go_menu.addAction(action)
            self.move_actions[move] = action
            self.extend_actions[move] = self._widget_action(
                timeline, sequences(extend_keys, extend_standard), partial(self.navigate, move, True)
            )
        self.go_menu.addSeparator()
        self.go_to_date_action = self._action([QKeySequence("Ctrl+G")], self.open_go_to_date)
        self.go_menu.addAction(self.go_to_date_action)
        self.go_menu.addSeparator()
        self.select_all_action = self._widget_action(timeline, QKeySequence.keyBindings(Key.SelectAll), self.select_all)
        self.go_menu.addAction(self.select_all_action)
        self.show_details_action = self._widget_action(
            timeline, [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)], self.focus_detail
        )
        self.go_menu.addAction(self.show_details_action)
        self.go_menu.addSeparator()
        self.next_pane_action = self._action([QKeySequence(Qt.Key.Key_F6)], partial(self.cycle_focus, 1))
        self.previous_pane_action = self._action([QKeySequence("Shift+F6")], partial(self.cycle_focus, -1))
        self.go_menu.addAction(self.next_pane_action)
        self.go_menu.addAction(self.previous_pane_action)

        self.toggle_filter_action = self._widget_action(
            tree,
            [QKeySequence(Qt.Key.Key_Space), QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)],
            self.toggle_taxonomy_filter,
        )
        self.escape_action = self._action([QKeySequence(Qt.Key.Key_Escape)], self.leave_search)
        self.escape_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        search.addAction(self.escape_action)

        self.help_menu = QMenu(window)
        self.help_menu.setObjectName("help-menu")
        self.shortcuts_action = self._action(sequences(("F1",), (Key.HelpContents,)), self.show_shortcuts)
        self.help_menu.addAction(self.shortcuts_action)
        self.retranslate()
        retranslated(self)

    def _action(self, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        """An action of the window whose keys work anywhere in it."""
        action = QAction(self.window)
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        return action

    def _widget_action(self, widget: QWidget, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        """An action whose keys work only while ``widget`` has the focus (menus still trigger it anywhere)."""
        action = self._action(keys, slot)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        widget.addAction(action)
        return action

    # ------------------------------------------------------------ language
    def retranslate(self) -> None:
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
        self.escape_action.setText(_("Clear the Search and Return to the Timeline"))
        self.help_menu.setTitle(_("&Help"))
        self.shortcuts_action.setText(_("&Keyboard Shortcuts"))
        self.shortcuts_action.setStatusTip(_("List every keyboard shortcut"))

    # ------------------------------------------------------------ timeline
    def navigate(self, move: Move, extend: bool) -> None:
        if not self.timeline.hasFocus():
            self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.timeline.navigate(move, extend)

    def select_all(self) -> None:
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.timeline.selectAll()

    def focus_detail(self) -> None:
        detail = self.detail
        target = detail.first_value() if detail.first_value().isVisibleTo(detail) else detail
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if target is not detail:
            detail.ensureWidgetVisible(target)

    def leave_search(self) -> None:
        """Esc in the search field: the search is cleared and the focus goes back to the timeline."""
        self.session.set_search("")
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------ go to date
    def open_go_to_date(self) -> None:
        from timeline_gui.ui.go_to_date import GoToDateDialog

        locale_name = self.locale_name if self.locale_name is not None else QLocale.system().name()
        dialog = GoToDateDialog(self.go_to_date, locale_name, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._go_to_date_closed)
        dialog.open()
        dialog.field.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _go_to_date_closed(self, *_args: object) -> None:
        self._return_focus(self.timeline)

    def _return_focus(self, widget: QWidget) -> None:
        """Back to the window after a dialog, on every platform (not all window managers do it)."""
        self.window.activateWindow()
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def go_to_date(self, date: dt.date) -> bool:
        """Moves to the shown bulletin nearest ``date``; False when none is shown."""
        session = self.session
        positions = session.shown_positions
        nearest = session.timeline_index.nearest(positions, date)
        if nearest is None:
            return False
        return session.select(session.timeline[positions[nearest]].id)

    # ------------------------------------------------------------ panes
    def panes(self) -> list[QWidget]:
        facets = [self.facets] if self.facets is not None else []
        time_axis = [self.time_axis] if self.time_axis is not None else []
        return [self.timeline, *time_axis, self.tree, *facets, self.detail]

    def current_pane(self) -> int | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        if focus is self.search:
            return 0
        for number, pane in enumerate(self.panes()):
            if focus is pane or pane.isAncestorOf(focus):
                return number
        return None

    def cycle_focus(self, step: int) -> None:
        """F6 / Shift+F6: timeline → time axis → taxonomy tree → filters → detail pane, and round again; hidden
        panes are passed over."""
        panes = self.panes()
        current = self.current_pane()
        start = (-1 if step > 0 else 0) if current is None else current
        for distance in range(1, len(panes) + 1):
            number = (start + step * distance) % len(panes)
            if panes[number].isVisible() and panes[number].width() > 0 and panes[number].height() > 0:
                self.focus_pane(number)
                return

    def focus_pane(self, number: int) -> None:
        pane = self.panes()[number]
        if pane is self.timeline or pane is self.time_axis:
            pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif pane is self.detail:
            self.focus_detail()
        else:  # a tree: the taxonomy's or the facets'
            assert isinstance(pane, QTreeView)
            model = pane.model()
            if not pane.currentIndex().isValid() and model.rowCount() > 0:
                pane.selectionModel().setCurrentIndex(
                    model.index(0, COLUMN_LABEL), QItemSelectionModel.SelectionFlag.NoUpdate
                )
            pane.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ------------------------------------------------------------ taxonomy tree
    def toggle_taxonomy_filter(self) -> None:
        """Space or Enter in the tree: the current node's filter on, or off when it is on."""
        index = self.tree.currentIndex()
        if index.isValid():
            self.session.toggle_filter(index.siblingAtColumn(COLUMN_LABEL).data(Role.TAXONOMY_KEY))

    # ------------------------------------------------------------ shortcut sheet
    def shortcut_groups(self) -> ShortcutGroups:
        from timeline_gui.ui.shortcut_sheet import menu_groups

        menus = [menu for action in self.window.menuBar().actions() if (menu := action.menu()) is not None]
        return [
            *menu_groups([menu for menu in menus if isinstance(menu, QMenu)]),
            (_("Timeline"), list(self.extend_actions.values())),
            (_("Search field"), [self.escape_action]),
            (_("Taxonomy tree"), [self.toggle_filter_action]),
        ]

    def show_shortcuts(self) -> None:
        from timeline_gui.ui.shortcut_sheet import ShortcutSheet

        self._focus_before_sheet = QApplication.focusWidget()
        sheet = ShortcutSheet(self.shortcut_groups(), self.window, search_help())
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.finished.connect(self._sheet_closed)
        sheet.open()

    def _sheet_closed(self, *_args: object) -> None:
        previous = self._focus_before_sheet
        self._focus_before_sheet = None
        self._return_focus(previous if previous is not None and previous.window() is self.window else self.timeline)


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
