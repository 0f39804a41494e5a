"""The time axis in the window: in step with the list, keys, brushing, zoom, lanes, language, palette, settings."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers import bulletin_ids, current_id
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication

from timeline_gui import i18n
from timeline_gui.domain import axis, lanes

RANSOMWARE = "2017-03-22-ransomware-digital-security-challenge"


def on_axis(window, qtbot):
    widget = window.time_axis
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return widget


def drawn_ids(window) -> list[str]:
    frame = window.time_axis.current_frame()
    timeline = window.session.timeline
    return sorted({timeline[marker.position].id for marker in frame.markers})


def test_the_axis_shows_what_the_list_shows_and_follows_the_filter(window, qtbot):
    widget = window.time_axis
    frame = widget.current_frame()
    assert frame is not None and frame.level
    counted = {lane: 0 for lane in range(len(widget.data.lanes))}
    for marker in frame.markers:
        counted[marker.lane] += 1
    for cluster in frame.clusters:
        counted[cluster.lane] += cluster.count
    assert [counted[n] for n in counted] == [len(lane) for lane in widget.data.lanes]  # all of them in view
    qtbot.keyClicks(window.search, "ransomware")
    assert sorted(widget.data.shown) == sorted(window.session.shown_positions)
    widget.set_lane_mode(lanes.SINGLE_LANE)
    assert drawn_ids(window) == sorted(bulletin_ids(window))


def test_left_and_right_walk_the_axis_and_move_the_list_and_the_detail(window, qtbot):
    ids = bulletin_ids(window)  # oldest first
    at = len(ids) // 2
    window.select_bulletin(ids[at])
    widget = on_axis(window, qtbot)
    qtbot.keyClick(widget, Qt.Key.Key_Left)
    assert current_id(window) == ids[at - 1]
    timeline = window.session.timeline
    assert window.detail.value_text("title_en").startswith(timeline[timeline.index_of(ids[at - 1])].title_en)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert current_id(window) == ids[at + 1]
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    assert current_id(window) == ids[0]
    qtbot.keyClick(widget, Qt.Key.Key_End)
    assert current_id(window) == ids[-1]


def test_a_screen_reader_hears_date_title_and_lanes(window, qtbot):
    window.select_bulletin(RANSOMWARE)
    widget = window.time_axis
    assert widget.accessibleName() == (
        "22 March 2017, Ransomware – the new INTERPOL digital security challenge, "
        "Innovation and research, INTERPOL Global Complex for Innovation"
    )
    window.switcher.switch("fr")
    assert widget.accessibleName() == (
        "22 mars 2017, Les rançongiciels, nouveau défi INTERPOL en matière de sécurité numérique, "
        "Innovation et recherche, Complexe mondial INTERPOL pour l’innovation"
    )


def test_choosing_in_the_list_highlights_every_lane_of_the_bulletin_and_a_click_on_the_axis_moves_the_list(
    window, qtbot
):
    widget = window.time_axis
    window.select_bulletin(RANSOMWARE)
    position = window.session.timeline.index_of(RANSOMWARE)
    qtbot.keyClick(on_axis(window, qtbot), Qt.Key.Key_Plus)  # zoomed around the current bulletin, it stays in view
    frame = widget.current_frame()
    lanes = [marker.lane for marker in frame.markers if marker.position == position]
    assert [widget.data.lanes[n].key for n in lanes] == ["innovation-research", "igci"]
    other = next(marker for marker in frame.markers if marker.position != position)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(round(other.x), round(other.top + 4)))
    assert current_id(window) == window.session.timeline[other.position].id


def test_shift_drag_sets_the_date_range_selects_it_and_the_export_dialog_starts_from_it(window, qtbot):
    widget = window.time_axis
    scale = widget.scale()
    start, end = dt.date(2016, 3, 1), dt.date(2016, 6, 30)
    x_from = round(scale.x_of(start) - scale.pixels_per_day / 2) + 1
    x_to = round(scale.x_of(end) + scale.pixels_per_day / 2) - 1
    y = round(widget.height() - 10)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(x_from, y))
    qtbot.mouseMove(widget, QPoint((x_from + x_to) // 2, y))
    qtbot.mouseMove(widget, QPoint(x_to, y))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, QPoint(x_to, y))
    timeline = window.session.timeline
    expected = [b.id for b in timeline.bulletins if start <= b.date <= end]
    assert len(expected) > 2
    assert bulletin_ids(window) == expected  # the list shows the brushed days only
    assert [b.id for b in window.selected_bulletins()] == expected
    i18n.set_language("en")
    assert window.date_range.from_field.text() == i18n.format_date(start)  # as if typed in the From/To fields
    assert window.date_range.to_field.text() == i18n.format_date(end)
    assert window.time_axis.scale() == scale  # the view stays where the reader brushed
    from timeline_gui.ui.export_dialog import ExportDialog

    window.export_pdf()
    dialog = window.findChild(ExportDialog)
    assert (dialog.start, dialog.end) == (
        timeline[timeline.index_of(expected[0])].date,
        timeline[timeline.index_of(expected[-1])].date,
    )
    dialog.reject()
    window.clear_filter_action.trigger()  # the brushed range was the reader's own choice: its last bulletin stays
    assert len(bulletin_ids(window)) == len(timeline) and current_id(window) == expected[-1]


def test_a_drag_within_one_day_shows_that_day(window, qtbot):
    widget = window.time_axis
    ransomware = window.session.timeline[window.session.timeline.index_of(RANSOMWARE)]
    scale = widget.scale().zoomed(400, widget.scale().x_of(ransomware.date))  # a day wider than the drag
    widget.set_scale(scale)
    x = scale.x_of(ransomware.date)
    widget.brush(x - scale.pixels_per_day / 4, x + scale.pixels_per_day / 4)
    query = window.session.query
    assert (query.start, query.end) == (ransomware.date, ransomware.date)
    assert RANSOMWARE in bulletin_ids(window) and current_id(window) in bulletin_ids(window)


def test_shift_with_arrows_brushes_from_the_keyboard(window, qtbot):
    window.select_bulletin(RANSOMWARE)
    widget = on_axis(window, qtbot)
    ids = bulletin_ids(window)
    at = ids.index(RANSOMWARE)
    qtbot.keyClick(widget, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert [b.id for b in window.selected_bulletins()] == ids[at - 2 : at + 1]
    window.selected_dates_action.trigger()  # Ctrl+Shift+D: the keyboard's Shift+drag
    assert bulletin_ids(window) == ids[at - 2 : at + 1]
    assert [b.id for b in window.selected_bulletins()] == ids[at - 2 : at + 1] and current_id(window) == ids[at - 2]


def test_showing_the_selected_dates_with_nothing_selected_says_so(window, qtbot):
    window.session.set_selection(())
    window.selected_dates_action.trigger()
    assert window.session.query.is_empty
    assert window.statusBar().currentMessage() == "No dates to show: no bulletin is selected."


def test_wheel_zooms_around_the_pointer_keys_zoom_and_ctrl_0_fits_the_filter(window, qtbot):
    widget = on_axis(window, qtbot)
    before = widget.scale()
    pointer = QPointF(200, 60)
    day = before.day_at(pointer.x())
    wheel = QWheelEvent(
        pointer,
        widget.mapToGlobal(pointer),
        QPoint(),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, wheel)
    after = widget.scale()
    assert after.pixels_per_day > before.pixels_per_day * 1.5
    assert abs(after.day_at(pointer.x()) - day) < 1e-6
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert widget.scale().pixels_per_day < after.pixels_per_day
    qtbot.keyClicks(window.search, "meeting")
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    data = widget.data
    shown = window.session.timeline
    assert 1 < len(data) < len(shown) and data.first_day < data.last_day
    scale = widget.scale()  # the first day's start and the last day's end 24 pixels in from each side
    assert abs(scale.x(data.first_day) - scale.pixels_per_day / 2 - 24) < 1e-6
    assert abs(scale.x(data.last_day) + scale.pixels_per_day / 2 - (widget.width() - 24)) < 1e-6


def test_drag_pans_the_view(window, qtbot):
    widget = window.time_axis
    before = widget.scale()
    y = widget.height() - 5
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(300, y))
    qtbot.mouseMove(widget, QPoint(340, y))
    qtbot.mouseMove(widget, QPoint(400, y))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(400, y))
    assert abs(widget.scale().day_at(400) - before.day_at(300)) < 1e-6


def test_ticks_relabel_on_a_language_switch(window, qtbot):
    widget = window.time_axis
    widget.set_scale(axis.Scale(dt.date(2016, 1, 1).toordinal(), 1.2))
    labels = [tick.label for tick in widget.current_frame().ticks if tick.label]
    assert "Q1 2017" in labels
    window.switcher.switch("fr")
    labels = [tick.label for tick in widget.current_frame().ticks if tick.label]
    assert "T1 2017" in labels
    assert widget.lane_actions[lanes.SINGLE_LANE].text() == "&Un seul couloir"


def test_lanes_and_zoom_are_remembered(make_window, qtbot):
    first = make_window()
    first.time_axis.lane_actions[lanes.BY_CRIME_TYPE].trigger()
    first.time_axis.zoom(4.0)
    zoom = first.time_axis.scale().pixels_per_day
    first.close()
    second = make_window()
    assert second.time_axis.lane_mode() == lanes.BY_CRIME_TYPE
    assert [lane.key for lane in second.time_axis.data.lanes][0] == "advanced-cybercrime"
    qtbot.waitUntil(lambda: abs(second.time_axis.scale().pixels_per_day - zoom) < 1e-9)


def test_the_axis_asks_room_for_every_lane_in_its_font(window):
    """Its size hint follows the lane mode and the font (it is kept between the layouts' many asks)."""
    widget = window.time_axis
    widget.set_lane_mode(lanes.SINGLE_LANE)
    one_lane = widget.sizeHint().height()
    widget.set_lane_mode(lanes.BY_CRIME_TYPE)
    count = len(lanes.lane_keys(window.session.timeline.taxonomy, lanes.BY_CRIME_TYPE))
    by_crime = widget.sizeHint().height()
    assert by_crime > one_lane and (by_crime - one_lane) % (count - 1) == 0
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    widget.setFont(font)
    assert widget.sizeHint().height() > by_crime * 1.5


def test_the_axis_follows_a_dark_palette(window, qtbot):
    widget = window.time_axis
    palette = QPalette(widget.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    widget.setPalette(palette)
    image = widget.grab().toImage()
    frame = widget.current_frame()
    y = round(frame.lane_tops[0] + frame.lane_height - 3)  # an even lane's background, below its rows
    assert QColor(image.pixel(widget.width() - 3, y)).name() == "#101010"
    assert i18n.language() == "en"


def test_the_overview_bins_to_its_width_and_drags_the_axis_window(window, qtbot):
    strip, widget = window.overview, window.time_axis
    bins = strip.bins()
    assert len(bins) == strip.width() and sum(bins) == len(window.session.shown_positions)
    qtbot.keyClicks(window.search, "meeting")
    assert sum(strip.bins()) == len(window.session.shown_positions) < len(window.session.timeline)
    widget.zoom(6.0, widget.width() / 2)
    first, last = widget.visible_days()
    left, right = strip._x(first), strip._x(last)
    assert 0 < left < right < strip.width() and right - left < strip.width() / 4
    y = strip.height() // 2
    middle = round((left + right) / 2)
    qtbot.mousePress(strip, Qt.MouseButton.LeftButton, pos=QPoint(middle, y))
    qtbot.mouseMove(strip, QPoint(middle + 60, y))
    qtbot.mouseRelease(strip, Qt.MouseButton.LeftButton, pos=QPoint(middle + 60, y))
    moved_first, _moved_last = widget.visible_days()
    assert abs((moved_first - first) - 60 * strip.day_count() / strip.width()) < 1.0


def test_an_empty_timeline_shows_an_empty_axis_and_overview(make_window, timeline, qtbot):
    from timeline_gui.domain.model import Timeline

    window = make_window()
    window.session.set_timeline(Timeline([], timeline.taxonomy))  # as a file of no bulletins shows
    widget = on_axis(window, qtbot)
    assert not widget.grab().isNull() and not window.overview.grab().isNull()
    frame = widget.current_frame()
    assert frame.markers == [] and frame.clusters == [] and frame.level  # ticks of the year around today
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    qtbot.keyClick(widget, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.session.current is None


def test_a_filter_showing_many_bulletins_is_followed_by_the_axis_and_strip_once_typing_pauses(make_window, qtbot):
    """With tens of thousands shown, the list answers at once; the axis sorts them into lanes a slice at a time
    once changes pause, and the overview strip counts them then. Meanwhile the axis's keys already walk the
    bulletins the list shows; then the axis and the strip show exactly them."""
    import gui_synthetic

    window = make_window(gui_synthetic.timeline(60_000))
    widget = window.time_axis
    session = window.session
    bulletins = session.timeline.bulletins
    assert sum(window.overview.bins()) == len(session.timeline)
    session.set_date_range(bulletins[15_000].date, bulletins[45_000].date)
    shown = session.shown_positions
    assert 16_384 < len(shown) < len(session.timeline)
    assert widget.is_narrowing() and len(widget.data.shown) == len(session.timeline)
    assert sum(window.overview.bins()) == len(session.timeline)  # what it drew before, until the pause
    session.select(session.timeline[shown[0]].id)
    widget.step(1)
    assert current_id(window) == session.timeline[shown[1]].id  # the list's bulletins, not the old lanes'
    with qtbot.waitSignal(widget.laidOut, timeout=10_000):
        pass
    assert not widget.is_narrowing() and list(widget.data.shown) == list(shown)
    assert sum(len(lane) for lane in widget.data.lanes) >= len(shown)
    assert sum(window.overview.bins()) == len(shown)
