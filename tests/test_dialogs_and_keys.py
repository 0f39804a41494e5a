"""Error and crash dialogs show one problem a line, resize, and remember the size they were given; the F1 sheet
lists only keys an ordinary keyboard has, named in the active language."""

from __future__ import annotations

from helpers import modal_dialog
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from timeline_gui.domain.errors import DataError


def problems(count: int, folder: str = "/home/analyst") -> list[DataError]:
    return [
        DataError(f"{folder}/archive.yaml", 10 + number, 5, f"bulletins[{number}].title", "required field is missing")
        for number in range(count)
    ]


def test_the_data_error_dialog_shows_each_problem_on_one_whole_line(qtbot, isolated_settings):
    from timeline_gui.ui.error_dialog import DataErrorDialog

    errors = problems(3)
    dialog = DataErrorDialog("/home/analyst/archive.yaml", errors)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.details
    assert box.document().lineCount() == 3  # one a line: no problem wraps
    longest = max(box.fontMetrics().horizontalAdvance(str(error)) for error in errors)
    assert box.viewport().width() >= longest  # and each shows whole, without scrolling
    assert dialog.isSizeGripEnabled()


def test_lines_wider_than_the_screen_scroll_sideways_rather_than_wrap(qtbot, isolated_settings):
    from timeline_gui.ui.error_dialog import DataErrorDialog

    dialog = DataErrorDialog("archive.yaml", problems(2, "/very" * 400))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.details.document().lineCount() == 2
    assert dialog.details.horizontalScrollBar().maximum() > 0
    assert dialog.width() <= dialog.screen().availableGeometry().width()


def test_a_resized_dialog_opens_at_that_size_next_time(qtbot, isolated_settings):
    from timeline_gui.ui.crash_dialog import CrashDialog

    first = CrashDialog("ValueError: boom", "Traceback (most recent call last):\n  ...\nValueError: boom", None)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.width() + 137, first.height() + 61)
    wanted = first.size()
    first.reject()
    second = CrashDialog("ValueError: boom", "Traceback", None)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.size() == wanted
    second.reject()


def test_the_sheet_names_only_keys_of_ordinary_keyboards():
    from timeline_gui.ui.shortcut_sheet import keys_text, ordinary

    action = QAction()
    action.setShortcuts(
        [
            QKeySequence("Ctrl+C"),
            QKeySequence(Qt.Key.Key_F16),
            QKeySequence(Qt.Key.Key_Copy),
            QKeySequence(Qt.Key.Key_Help),
            QKeySequence("Ctrl+Ins"),
        ]
    )
    native = QKeySequence.SequenceFormat.NativeText
    assert keys_text(action) == ", ".join(QKeySequence(keys).toString(native) for keys in ("Ctrl+C", "Ctrl+Ins"))
    assert ordinary(QKeySequence(Qt.Key.Key_F12)) and not ordinary(QKeySequence(Qt.Key.Key_F13))
    assert not ordinary(QKeySequence())


def test_the_f1_sheet_lists_no_odd_keys(make_window, qtbot):
    from timeline_gui import i18n

    window = make_window()
    for language in ("en", "fr"):
        window.switcher.switch(language)
        window.keyboard.show_shortcuts()
        sheet = modal_dialog("shortcut-sheet")
        keys = [key.strip() for _group, _command, text in sheet.rows() for key in text.split(",")]
        odd = [key for key in keys if key in {"F16", "Copy", "Copier", "Help", "Aide", "Open", "Ouvrir", "Find"}]
        assert odd == [], (language, odd)
        if language == "fr":
            assert "Maj+Bas" in keys and "Shift+Down" not in keys
        sheet.reject()
    i18n.set_language("en")
