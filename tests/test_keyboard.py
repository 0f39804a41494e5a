"""The whole window driven from the keyboard, in English and French.

Keys go to whichever widget has the focus, as they would for a person, and the tests read back what
that person sees: the current bulletin, the selected range, the focused widget and the status bar.
"""

from __future__ import annotations

import pytest
from helpers import bulletin_ids, current_id, modal_dialog, open_dialogs
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAccessible, QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from timeline_gui.domain.dates import dayfirst_for, parse_user_date
from timeline_gui.ui.roles import Role
from timeline_gui.ui.timeline_view import Move

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NB = "\u00a0"

FIRST = "2016-01-22-world-economic-forum-cybercrime-project"
FEB = "2016-02-08-barclays-financial-institution-combating-cybercrime"
MAR_15 = "2016-03-15-regional-police-organizations-cooperation"
MAR_25 = "2016-03-25-namibian-president-global-security-issues"
MAR_29 = "2016-03-29-meeting-digital-security-challenge"
APR_12 = "2016-04-12-agreement-cellebrite-combating-cybercrime"
SEP_02 = "2016-09-02-cybercrime-policing-capacity-latin-america"
SEP_10 = "2016-09-10-regional-threats-global-response-central-africa"
SEP_30 = "2016-09-30-europol-cybercrime-conference-closes"
LAST = "2017-03-22-ransomware-digital-security-challenge"

STATUS = {
    "en": {
        "range": "3 bulletins selected: 8 February 2016 to 25 March 2016",
        "one": "1 bulletin selected: 8 February 2016",
        "all": "29 bulletins selected: 22 January 2016 to 22 March 2017",
    },
    "fr": {
        "range": f"3 bulletins sélectionnés{NB}: du 8 février 2016 au 25 mars 2016",
        "one": f"1 bulletin sélectionné{NB}: 8 février 2016",
        "all": f"29 bulletins sélectionnés{NB}: du 22 janvier 2016 au 22 mars 2017",
    },
}


@pytest.fixture
def kwindow(window, qtbot):
    """The window, active, with the keyboard focus in the timeline on the first bulletin."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.timeline_view.setFocus(Qt.FocusReason.OtherFocusReason)
    assert QApplication.focusWidget() is window.timeline_view
    assert current_id(window) == FIRST
    return window


@pytest.fixture(params=["en", "fr"])
def language(request, kwindow):
    kwindow.switcher.switch(request.param)
    return request.param


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed on whatever has the focus, as a person would press it."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifiers)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def focus_comes_to(qtbot, widget) -> None:
    """After a dialog closes, the window system gives the main window back its focus."""
    qtbot.waitUntil(lambda: focused() is widget)


def go_to_date_dialog(window, qtbot):
    """Ctrl+G, then the dialog once the window system has given it the focus."""
    press(qtbot, Qt.Key.Key_G, CTRL)
    dialog = modal_dialog("go-to-date")
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: focused() is dialog.field)
    return dialog


def selected_ids(window) -> list[str]:
    rows = sorted(index.row() for index in window.timeline_view.selectionModel().selectedIndexes())
    return [window.proxy.index(row, 0).data(Role.BULLETIN_ID) for row in rows]


def status(window) -> str:
    return window.statusBar().findChild(QLabel, "status-selection").text()


# ------------------------------------------------------------------ moving in the timeline
def test_up_and_down_pass_over_the_headings(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Up)  # already on the first bulletin: the headings above are not stops
    assert current_id(window) == FIRST
    press(qtbot, Qt.Key.Key_Down)  # over the "February 2016" heading
    assert current_id(window) == FEB
    assert selected_ids(window) == [FEB]
    assert window.detail.value_text("date") == {"en": "8 February 2016", "fr": "8 février 2016"}[language]
    assert status(window) == STATUS[language]["one"]
    press(qtbot, Qt.Key.Key_Down)
    assert current_id(window) == MAR_15
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Up)
    assert current_id(window) == FIRST
    assert focused() is window.timeline_view


def test_home_end_and_pages(kwindow, language, qtbot):
    window = kwindow
    window.resize(1000, 500)
    press(qtbot, Qt.Key.Key_End)
    assert current_id(window) == LAST and selected_ids(window) == [LAST]
    press(qtbot, Qt.Key.Key_Home)
    assert current_id(window) == FIRST
    ids = bulletin_ids(window)
    press(qtbot, Qt.Key.Key_PageDown)
    after_page = current_id(window)
    assert ids.index(after_page) > 1  # a screen further on, not one step
    view = window.timeline_view
    assert view.viewport().rect().intersects(view.visualRect(view.currentIndex()))
    press(qtbot, Qt.Key.Key_PageUp)
    assert ids.index(current_id(window)) < ids.index(after_page)
    press(qtbot, Qt.Key.Key_PageUp)
    assert current_id(window) == FIRST


def test_ctrl_up_and_down_jump_by_month(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert current_id(window) == FEB and selected_ids(window) == [FEB]
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert current_id(window) == MAR_15
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert current_id(window) == MAR_29
    press(qtbot, Qt.Key.Key_Up, CTRL)  # from inside March to the start of February
    assert current_id(window) == FEB
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Down, CTRL)  # nothing after the last month
    assert current_id(window) == LAST
    press(qtbot, Qt.Key.Key_Up, CTRL)
    assert current_id(window) == "2017-02-15-virtual-crimes-digital-security-challenge"


def test_month_jumps_follow_the_screen_when_newest_first(kwindow, qtbot):
    window = kwindow
    window.newest_first_action.trigger()
    window.timeline_view.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    assert current_id(window) == LAST
    press(qtbot, Qt.Key.Key_Down, CTRL)  # the month below on screen: February 2017, its newest first
    assert current_id(window) == "2017-02-17-training-programme-digital-forensics-maritime"


# ------------------------------------------------------------------ ranges
def test_shift_extends_a_contiguous_range_from_the_anchor(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    assert current_id(window) == MAR_25
    assert selected_ids(window) == [FEB, MAR_15, MAR_25]
    assert status(window) == STATUS[language]["range"]
    assert window.detail.value_text("date") == {"en": "25 March 2016", "fr": "25 mars 2016"}[language]
    press(qtbot, Qt.Key.Key_Up, SHIFT)
    assert selected_ids(window) == [FEB, MAR_15]
    press(qtbot, Qt.Key.Key_Up, SHIFT)
    press(qtbot, Qt.Key.Key_Up, SHIFT)  # past the anchor: the range turns round it
    assert current_id(window) == FIRST
    assert selected_ids(window) == [FIRST, FEB]
    press(qtbot, Qt.Key.Key_Down, CTRL | SHIFT)  # from the same anchor to the next month
    assert current_id(window) == FEB and selected_ids(window) == [FEB]
    press(qtbot, Qt.Key.Key_Down, CTRL | SHIFT)
    press(qtbot, Qt.Key.Key_Down, CTRL | SHIFT)
    assert current_id(window) == APR_12
    assert selected_ids(window) == bulletin_ids(window)[1:7]
    press(qtbot, Qt.Key.Key_End, SHIFT)
    assert selected_ids(window) == bulletin_ids(window)[1:]
    press(qtbot, Qt.Key.Key_Home, SHIFT)
    assert selected_ids(window) == [FIRST, FEB]
    press(qtbot, Qt.Key.Key_PageDown, SHIFT)
    assert selected_ids(window)[0] == FEB and len(selected_ids(window)) > 2
    press(qtbot, Qt.Key.Key_Down)  # a plain move ends the range
    assert len(selected_ids(window)) == 1


def test_ctrl_a_selects_every_bulletin_shown(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_A, CTRL)
    assert selected_ids(window) == bulletin_ids(window)
    assert current_id(window) == FEB  # the current bulletin stays
    assert status(window) == STATUS[language]["all"]
    window.search.insert("digital")
    shown = bulletin_ids(window)
    assert 1 < len(shown) < 29
    window.timeline_view.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    assert selected_ids(window) == shown
    assert status(window).startswith(f"{len(shown)} bulletins")


def test_the_selection_status_follows_a_language_switch(kwindow, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    assert status(window) == STATUS["en"]["range"]
    press(qtbot, Qt.Key.Key_L, CTRL)
    assert status(window) == STATUS["fr"]["range"]
    assert selected_ids(window) == [FEB, MAR_15, MAR_25]  # the range survives the switch


COPIED = {
    "en": [
        "8 February 2016\tBarclays first financial institution to support INTERPOL efforts in combating cybercrime",
        "15 March 2016\tRegional police organizations gather at INTERPOL meeting to enhance cooperation",
    ],
    "fr": [
        (
            "8 février 2016\tBarclays, première institution financière à soutenir l’action d’INTERPOL "
            "contre la cybercriminalité"
        ),
        (
            "15 mars 2016\tDes organisations policières régionales rassemblées lors d’une réunion d’INTERPOL "
            "pour renforcer la coopération"
        ),
    ],
}


def test_ctrl_c_copies_the_selected_bulletins_as_lines(kwindow, language, qtbot):
    """Date and title of each selected bulletin, in the active language and the order on screen."""
    window = kwindow
    QApplication.clipboard().clear()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_C, CTRL)
    assert QApplication.clipboard().text().split("\n") == COPIED[language]
    assert window.statusBar().currentMessage() == {"en": "2 bulletins copied", "fr": "2 bulletins copiés"}[language]


def test_the_selection_survives_reversing_the_order(kwindow, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)
    press(qtbot, Qt.Key.Key_Down, SHIFT)  # across the month heading
    selected = [FEB, MAR_15, MAR_25, MAR_29]
    assert selected_ids(window) == selected
    press(qtbot, Qt.Key.Key_R, CTRL | SHIFT)  # View ▸ Newest First
    assert window.newest_first_action.isChecked()
    assert selected_ids(window) == selected[::-1] and current_id(window) == MAR_29
    assert status(window) == "4 bulletins selected: 8 February 2016 to 29 March 2016"
    press(qtbot, Qt.Key.Key_R, CTRL | SHIFT)
    assert selected_ids(window) == selected and current_id(window) == MAR_29


def test_copied_bulletins_follow_the_order_on_screen(kwindow, qtbot):
    window = kwindow
    window.newest_first_action.trigger()
    window.select_bulletin(MAR_15)
    window.timeline_view.setFocus()
    press(qtbot, Qt.Key.Key_Down, SHIFT)  # newest first: down is back in time
    assert selected_ids(window) == [MAR_15, FEB]
    window.copy_action.trigger()  # Edit ▸ Copy Bulletins, from the menu
    assert QApplication.clipboard().text().split("\n") == COPIED["en"][::-1]


def test_ctrl_c_copies_the_current_bulletin_when_none_is_selected_and_text_elsewhere(kwindow, qtbot):
    window = kwindow
    window.timeline_view.selectionModel().clearSelection()
    press(qtbot, Qt.Key.Key_C, CTRL)
    assert (
        QApplication.clipboard().text() == "22 January 2016\tINTERPOL supports World Economic Forum cybercrime project"
    )
    assert window.statusBar().currentMessage() == "1 bulletin copied"
    press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search, "cyber")
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_C, CTRL)  # in the search field, Ctrl+C copies its text
    assert QApplication.clipboard().text() == "cyber"


def test_ctrl_a_then_ctrl_c_copies_every_bulletin_shown(kwindow, qtbot):
    window = kwindow
    window.search.insert("digital")
    shown = bulletin_ids(window)
    window.timeline_view.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_C, CTRL)
    lines = QApplication.clipboard().text().split("\n")
    assert len(lines) == len(shown) > 1
    assert all("\t" in line and "igital" in line.split("\t")[1] for line in lines)


# ------------------------------------------------------------------ focus
def test_enter_moves_the_focus_to_the_detail_pane(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.detail.first_value()
    assert focused().text() == {"en": "8 February 2016", "fr": "8 février 2016"}[language]
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is window.timeline_view
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert focused() is window.detail.first_value()


def test_ctrl_f_searches_and_escape_returns_to_the_timeline(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is window.search
    qtbot.keyClicks(window.search, "ransomware")
    assert bulletin_ids(window) == [LAST]
    press(qtbot, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert len(bulletin_ids(window)) == 29
    assert focused() is window.timeline_view


def test_timeline_keys_stay_out_of_the_search_field(kwindow, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.search, "cyber")
    press(qtbot, Qt.Key.Key_Home)
    assert window.search.cursorPosition() == 0
    press(qtbot, Qt.Key.Key_A, CTRL)
    assert window.search.selectedText() == "cyber"
    press(qtbot, Qt.Key.Key_Down, CTRL)
    assert focused() is window.search
    assert current_id(window) == FIRST and selected_ids(window) == [FIRST]


def test_f6_cycles_timeline_tree_and_detail_both_ways(kwindow, language, qtbot):
    window = kwindow
    order = [
        window.time_axis,
        window.taxonomy.view,
        window.facet_panel.view,
        window.detail.first_value(),
        window.timeline_view,
    ]
    for expected in order:
        press(qtbot, Qt.Key.Key_F6)
        assert focused() is expected
    for expected in reversed([window.timeline_view, *order[:-1]]):
        press(qtbot, Qt.Key.Key_F6, SHIFT)
        assert focused() is expected
    window.search.setFocus()  # the search field belongs to the timeline's pane
    press(qtbot, Qt.Key.Key_F6)
    assert focused() is window.time_axis


def test_in_the_tree_arrows_move_and_space_or_enter_toggle_the_filter_once(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_F6)  # the time axis
    press(qtbot, Qt.Key.Key_F6)
    tree = window.taxonomy.view
    assert focused() is tree
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert (
        tree.currentIndex().data()
        == {"en": "Cyber-enabled crime", "fr": "Criminalité facilitée par internet"}[language]
    )
    counts = {"en": "6 of 29 bulletins", "fr": "6 sur 29 bulletins"}
    press(qtbot, Qt.Key.Key_Space)
    assert len(bulletin_ids(window)) == 6
    assert window.count_label.text() == counts[language]
    press(qtbot, Qt.Key.Key_Space)
    assert len(bulletin_ids(window)) == 29
    press(qtbot, Qt.Key.Key_Return)
    assert len(bulletin_ids(window)) == 6
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert len(bulletin_ids(window)) == 29
    assert focused() is tree
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Return)
    assert len(bulletin_ids(window)) == 1  # Advanced cybercrime


# ------------------------------------------------------------------ go to date
@pytest.mark.parametrize(
    ("lang", "text", "locale_name", "expected"),
    [
        ("en", "2016-09", "en_GB", SEP_02),
        ("fr", "septembre 2016", "fr_FR", SEP_02),
        ("en", "Sept 2016", "en_GB", SEP_02),
        ("fr", "10/09/2016", "en_US", SEP_10),  # French reads the day first, whatever the locale
        ("en", "10/09/2016", "en_GB", SEP_10),
        ("en", "10/09/2016", "en_US", SEP_30),  # 9 October: the nearest is 30 September
        ("en", "10/09/2016", "C", SEP_10),
        ("en", "1999", "en_GB", FIRST),
    ],
)
def test_ctrl_g_goes_to_the_bulletin_nearest_a_typed_date(kwindow, qtbot, lang, text, locale_name, expected):
    window = kwindow
    window.switcher.switch(lang)
    window.keyboard.locale_name = locale_name
    dialog = go_to_date_dialog(window, qtbot)
    assert dialog.windowTitle() == {"en": "Go to Date", "fr": "Aller à la date"}[lang]
    qtbot.keyClicks(dialog.field, text)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert current_id(window) == expected
    assert selected_ids(window) == [expected]
    assert open_dialogs("go-to-date") == []
    focus_comes_to(qtbot, window.timeline_view)


def test_an_unreadable_date_is_said_in_place(kwindow, language, qtbot):
    window = kwindow
    dialog = go_to_date_dialog(window, qtbot)
    qtbot.keyClicks(dialog.field, "next tuesdayish")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert (
        dialog.error_text()
        == {
            "en": "“next tuesdayish” cannot be read as a date.",
            "fr": f"«{NB}next tuesdayish{NB}» n’est pas une date lisible.",
        }[language]
    )
    assert current_id(window) == FIRST  # nothing moved
    dialog.field.clear()
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.error_text() == {"en": "Type a date first.", "fr": "Saisissez d’abord une date."}[language]
    qtbot.keyClicks(dialog.field, "2017-03")
    assert dialog.error_text() == ""  # typing again clears the message
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert current_id(window) == "2017-03-03-cybercrime-investigation-challenges-council-europe"


def contrast(first, second) -> float:
    """WCAG 2 contrast ratio of two QColors."""

    def luminance(color) -> float:
        channels = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (color.redF(), color.greenF(), color.blueF())
        ]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("window_color", ["#efefef", "#ffffff", "#2b2b2b", "#1e1e1e"])
def test_the_date_problem_is_readable_on_light_and_dark_themes(kwindow, qtbot, window_color):
    dialog = go_to_date_dialog(kwindow, qtbot)
    palette = dialog.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window_color))
    dialog.setPalette(palette)  # as when the desktop switches theme while the dialog is open
    qtbot.keyClicks(dialog.field, "next tuesdayish")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.error_text()
    text_color = dialog.error.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(text_color, QColor(window_color)) >= 4.5, text_color.name()


def test_qt_relabelling_its_own_buttons_leaves_the_dialog_in_our_words(kwindow, qtbot):
    """Qt renames its standard buttons when its translator changes, a moment after the switch."""
    window = kwindow
    window.switcher.switch("fr")
    window.keyboard.go_to_date_action.trigger()  # before Qt has had a chance to relabel anything
    dialog = modal_dialog("go-to-date")
    qtbot.waitUntil(lambda: focused() is dialog.field)
    assert dialog.go_button.text() == "&Aller à la date"
    assert dialog.cancel_button.text() == "Annuler"


def test_go_to_date_stays_within_the_filter(kwindow, qtbot):
    window = kwindow
    qtbot.keyClicks(window.search, "ransomware")
    window.timeline_view.setFocus()
    dialog = go_to_date_dialog(window, qtbot)
    qtbot.keyClicks(dialog.field, "2016-01-01")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert current_id(window) == LAST
    focus_comes_to(qtbot, window.timeline_view)
    window.search.setText("no such words anywhere")
    window.timeline_view.setFocus()
    dialog = go_to_date_dialog(window, qtbot)
    qtbot.keyClicks(dialog.field, "2016-01-01")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_text().startswith("No bulletin is shown")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert open_dialogs("go-to-date") == []


def test_a_system_locale_babel_does_not_know_reads_day_first():
    assert dayfirst_for("en", "C") is True
    assert dayfirst_for("en", "POSIX") is True
    assert parse_user_date("10/09/2016", "en", "C").isoformat() == "2016-09-10"


# ------------------------------------------------------------------ shortcut sheet and menus
def window_actions(window) -> list[QAction]:
    return [action for action in window.findChildren(QAction) if not action.shortcut().isEmpty()]


def test_f1_lists_every_shortcut_translated(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_F1)
    sheet = modal_dialog("shortcut-sheet")
    assert sheet.isVisible()
    rows = sheet.rows()
    listed = {(command, keys) for _group, command, keys in rows}
    from timeline_gui.ui.shortcut_sheet import keys_text, plain

    actions = window_actions(window)
    assert len(actions) >= 30
    for action in actions:  # built from the actions themselves: nothing bound is left out
        assert (plain(action.text()), keys_text(action)) in listed, action.text()
    expected = {
        "en": [
            ("Go", "Previous Month", "Ctrl+Up"),
            ("Go", "Go to Date…", "Ctrl+G"),
            ("Timeline", "Extend Selection Down", "Shift+Down"),
            ("Taxonomy tree", "Filter on the Node or Clear the Filter", "Space, Return, Enter"),
            ("View", "Search", "Ctrl+F"),
        ],
        "fr": [
            ("Navigation", "Mois précédent", "Ctrl+Haut"),
            ("Navigation", "Aller à la date…", "Ctrl+G"),
            ("Frise chronologique", "Étendre la sélection vers le bas", "Maj+Bas"),
            ("Affichage", "Rechercher", "Ctrl+F"),
            ("Arborescence de la taxonomie", "Filtrer sur l’élément ou retirer le filtre", "Espace, Retour, Entrée"),
        ],
    }[language]
    for row in expected:
        assert any(r[0] == row[0] and r[1] == row[1] and r[2].startswith(row[2].split(",")[0]) for r in rows), row
    assert sheet.windowTitle() == {"en": "Keyboard Shortcuts", "fr": "Raccourcis clavier"}[language]
    notes = sheet.notes.text()  # how a search is written: phrases and exclusions
    assert sheet.notes.isVisible() and '"INTERPOL Chief"' in notes and "-botnet" in notes
    assert ("securite" in notes) and (("Searching titles" in notes) == (language == "en"))
    qtbot.keyClick(sheet.table, Qt.Key.Key_Escape)
    assert open_dialogs("shortcut-sheet") == []


def test_menus_show_shortcuts_and_use_the_standard_keys(kwindow):
    window = kwindow
    keyboard = window.keyboard
    standard = QKeySequence.StandardKey

    def bindings(key):
        return QKeySequence.keyBindings(key)

    assert window.find_action.shortcut() == QKeySequence(standard.Find)
    assert keyboard.select_all_action.shortcuts() == bindings(standard.SelectAll)
    assert set(bindings(standard.MoveToPreviousLine)) <= set(keyboard.move_actions[Move.UP].shortcuts())
    assert set(bindings(standard.MoveToNextPage)) <= set(keyboard.move_actions[Move.PAGE_DOWN].shortcuts())
    assert set(bindings(standard.SelectNextLine)) <= set(keyboard.extend_actions[Move.DOWN].shortcuts())
    assert set(bindings(standard.HelpContents)) <= set(keyboard.shortcuts_action.shortcuts())
    go_menu = keyboard.go_menu.actions()
    for action in keyboard.move_actions.values():
        assert (
            action in go_menu
            and not action.shortcut().isEmpty()
            and action.isShortcutVisibleInContextMenu() in (True, False)
        )
    assert keyboard.go_to_date_action in go_menu and keyboard.go_to_date_action.shortcut() == QKeySequence("Ctrl+G")
    assert keyboard.shortcuts_action in keyboard.help_menu.actions()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Go", "&Help"]
    assert window.copy_action.shortcuts() == bindings(standard.Copy)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' (Qt's mnemonic mark), lower case; None when there is none."""
    position = text.replace("&&", "").find("&")
    return text.replace("&&", "")[position + 1].lower() if position >= 0 else None


def test_no_two_items_of_a_menu_share_a_mnemonic(kwindow, language):
    """Alt+letter must reach one item: in the menu bar, and in each menu, in both languages."""
    window = kwindow
    menus = [("menu bar", window.menuBar().actions())] + [
        (action.text(), action.menu().actions()) for action in window.menuBar().actions() if action.menu() is not None
    ]
    menus += [
        (action.text(), action.menu().actions())
        for _name, actions in menus[1:]
        for action in actions
        if action.menu() is not None
    ]
    for name, actions in menus:
        letters = [mnemonic(action.text()) for action in actions if not action.isSeparator() and action.isVisible()]
        letters = [letter for letter in letters if letter is not None]
        assert len(letters) == len(set(letters)), (name, [action.text() for action in actions])


def test_the_go_menu_drives_the_timeline_from_anywhere(kwindow, qtbot):
    window = kwindow
    window.search.setFocus()
    window.keyboard.move_actions[Move.NEXT_MONTH].trigger()
    assert current_id(window) == FEB
    assert focused() is window.timeline_view


# ------------------------------------------------------------------ accessibility
def interactive_widgets(window) -> list[QWidget]:
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def test_every_interactive_widget_has_an_accessible_name_and_description(kwindow, language):
    window = kwindow
    widgets = interactive_widgets(window)
    assert window.search in widgets and window.timeline_view in widgets and window.taxonomy.view in widgets
    for widget in widgets:  # what assistive technology is told (Qt falls back on a button's text, a tooltip)
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name), widget.objectName()
        assert interface.text(QAccessible.Text.Description), widget.objectName()
    for widget in (
        window.search,
        window.timeline_view,
        window.taxonomy.view,
        window.detail,
        window.detail.first_value(),
    ):
        assert widget.accessibleName() and widget.accessibleDescription(), widget.objectName()
    assert window.timeline_view.accessibleName() == {"en": "Timeline", "fr": "Frise chronologique"}[language]


def test_dialogs_name_their_widgets(kwindow, language, qtbot):
    window = kwindow
    dialog = go_to_date_dialog(window, qtbot)
    fields = [w for w in dialog.findChildren(QWidget) if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert dialog.field in fields
    for widget in fields:
        assert widget.accessibleName() or widget.text(), widget
        assert widget.accessibleDescription(), widget
    assert dialog.field.accessibleName() == {"en": "Date", "fr": "Date"}[language]
    assert dialog.go_button.text() == {"en": "&Go to Date", "fr": "&Aller à la date"}[language]
    assert dialog.cancel_button.text() == {"en": "Cancel", "fr": "Annuler"}[language]
    dialog.reject()
    focus_comes_to(qtbot, window.timeline_view)
    press(qtbot, Qt.Key.Key_F1)
    sheet = modal_dialog("shortcut-sheet")
    assert sheet.table.accessibleName() == {"en": "Keyboard shortcuts", "fr": "Raccourcis clavier"}[language]
    assert sheet.table.accessibleDescription()
    sheet.reject()


def test_a_screen_reader_hears_date_and_title_of_the_current_bulletin(kwindow, language, qtbot):
    window = kwindow
    press(qtbot, Qt.Key.Key_End)
    interface = QAccessible.queryAccessibleInterface(window.timeline_view)
    assert interface.text(QAccessible.Text.Name) == {"en": "Timeline", "fr": "Frise chronologique"}[language]
    child = interface.focusChild()
    assert child is not None
    expected = {
        "en": "22 March 2017, Ransomware – the new INTERPOL digital security challenge",
        "fr": "22 mars 2017, Rançongiciels – le nouveau défi de la sécurité numérique d’INTERPOL",
    }[language]
    assert child.text(QAccessible.Text.Name).split(",")[0] == expected.split(",")[0]
    assert child.text(QAccessible.Text.Name) == window.timeline_view.currentIndex().data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    assert child.state().focused


def test_the_focused_item_is_outlined(kwindow, qtbot):
    """The current bulletin looks different with the focus in the timeline than without it."""
    window = kwindow
    view = window.timeline_view
    press(qtbot, Qt.Key.Key_Down)
    rect = view.visualRect(view.currentIndex())

    def picture():
        view.viewport().repaint()
        return view.viewport().grab(rect).toImage()

    focused_selected = picture()
    window.taxonomy.view.setFocus()
    unfocused_selected = picture()
    assert focused_selected != unfocused_selected
    # A current bulletin that is not selected (Ctrl+Space style) still shows where the focus is.
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        view.model().index(view.currentIndex().row() + 2, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    rect = view.visualRect(view.currentIndex())
    focused_plain = picture()
    window.taxonomy.view.setFocus()
    assert picture() != focused_plain


def test_a_click_or_a_double_click_on_a_node_only_browses(kwindow, qtbot):
    """Browsing the tree does not filter: a click, or a double click, makes the node current and nothing more."""
    window = kwindow
    viewport = window.taxonomy.view.viewport()
    node = window.taxonomy.model.index_of_key("cyber-enabled-crime")
    centre = window.taxonomy.view.visualRect(node).center()
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(viewport, left, pos=centre)
    assert len(bulletin_ids(window)) == 29 and window.taxonomy.view.currentIndex() == node
    # A double click as the window system delivers it: press, release, double-click press, release.
    qtbot.mousePress(viewport, left, pos=centre)
    qtbot.mouseRelease(viewport, left, pos=centre)
    qtbot.mouseDClick(viewport, left, pos=centre)
    qtbot.mouseRelease(viewport, left, pos=centre)
    assert len(bulletin_ids(window)) == 29
