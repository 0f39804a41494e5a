"""Go to Date shows, while the date is typed, the day it understood: 01/09/2016 is not the same day everywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_keyboard import go_to_date_dialog


@pytest.fixture
def active_window(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.timeline_view.setFocus(Qt.FocusReason.OtherFocusReason)
    return window


@pytest.mark.parametrize(
    ("locale_name", "understood"),
    [
        ("C.UTF-8", "Goes to 1 September 2016"),
        ("POSIX", "Goes to 1 September 2016"),
        ("xx_YY", "Goes to 1 September 2016"),
        ("en_GB", "Goes to 1 September 2016"),
        ("en_US", "Goes to 9 January 2016"),
    ],
)
def test_the_understood_date_shows_under_the_field_while_typing(active_window, qtbot, locale_name, understood):
    active_window.keyboard.locale_name = locale_name
    dialog = go_to_date_dialog(active_window, qtbot)
    assert dialog.understood_text() == ""
    qtbot.keyClicks(dialog.field, "01/09/2016")
    assert dialog.understood_text() == understood
    assert dialog.understood.isVisible()
    qtbot.keyClicks(dialog.field, "x")  # no longer a date: nothing claimed
    assert dialog.understood_text() == ""
    dialog.reject()


def test_in_french(active_window, qtbot):
    active_window.keyboard.locale_name = "C.UTF-8"
    active_window.switcher.switch("fr")
    dialog = go_to_date_dialog(active_window, qtbot)
    qtbot.keyClicks(dialog.field, "01/09/2016")
    assert dialog.understood_text() == "Date comprise\u00a0: 1er septembre 2016"
    dialog.reject()
