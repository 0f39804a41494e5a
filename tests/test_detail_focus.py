"""The detail value that has the keyboard focus is framed in the highlight colour, the others are not."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QPalette  # noqa: E402

from timeline_gui.storage.loader import load_timeline  # noqa: E402
from timeline_gui.ui.detail import DetailPane  # noqa: E402
from timeline_gui.ui.session import Session  # noqa: E402


def highlight_pixels(widget) -> int:
    image = widget.grab().toImage()
    highlight = widget.palette().color(QPalette.ColorRole.Highlight)
    middle = image.height() // 2
    edges = [image.pixelColor(x, middle) for x in (1, image.width() - 2)]
    return sum(abs(color.red() - highlight.red()) + abs(color.blue() - highlight.blue()) < 40 for color in edges)


def test_the_focused_value_is_framed_and_the_others_are_not(qtbot):
    timeline = load_timeline()
    session = Session(timeline)
    pane = DetailPane(session)
    qtbot.addWidget(pane)
    session.set_current(timeline[0].id)
    pane.resize(400, 500)
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    value = pane.first_value()
    assert highlight_pixels(value) == 0
    value.setFocus()
    qtbot.waitUntil(value.hasFocus)
    assert highlight_pixels(value) == 2  # the frame's left and right sides
    other = pane.findChild(type(value), "detail-title_en")
    assert other is not None and highlight_pixels(other) == 0
