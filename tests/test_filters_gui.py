"""The facet panel, chips, date range and search marks as a reader uses them, and the reader's place kept."""

from __future__ import annotations

import datetime as dt

from helpers import bulletin_ids, current_id
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from timeline_gui import i18n
from timeline_gui.domain.facets import INITIATIVE, PLACE, UNCLASSIFIED
from timeline_gui.ui.roles import Role, RowKind

CAPACITY = "capacity-building"
FORENSICS = "digital-forensics"
NIGERIA_SCAM = "2016-06-14-ringleader-nigeria-online-scams"  # operational support, Nigeria
CENTRAL_AFRICA = "2016-08-01-regional-threats-global-response-central-africa"


def _id_with(timeline, text):
    return next(b.id for b in timeline.bulletins if text in b.title_en)


def _check(window, qtbot, facet, key):
    """Space on the value in the facet panel, as a keyboard user checks it."""
    panel = window.facet_panel
    index = panel.label_index(facet, key)
    panel.view.setFocus()
    panel.view.setCurrentIndex(index)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)


def test_browsing_the_panel_does_not_filter_and_space_or_the_box_does(window, qtbot):
    panel = window.facet_panel
    panel.view.setFocus()
    index = panel.label_index(INITIATIVE, CAPACITY)
    panel.view.setCurrentIndex(index)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # on the label
    assert len(bulletin_ids(window)) == 29
    panel.view.setCurrentIndex(index)
    qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    shown = bulletin_ids(window)
    assert len(shown) == int(panel.count_text(INITIATIVE, CAPACITY)) > 1
    # the box itself: at the left of the label, inside the indented row
    forensics = panel.view.visualRect(panel.label_index(INITIATIVE, FORENSICS))
    box = forensics.topLeft() + (forensics.bottomLeft() - forensics.topLeft()) / 2
    box.setX(box.x() + panel.view.style().pixelMetric(panel.view.style().PixelMetric.PM_IndicatorWidth) // 2 + 3)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert window.session.query.initiatives == {CAPACITY, FORENSICS}
    timeline = window.session.timeline
    either = [b.id for b in timeline.bulletins if {CAPACITY, FORENSICS} & set(b.initiatives)]
    assert bulletin_ids(window) == either and set(shown) < set(either)  # OR within a facet


def test_counts_follow_everything_else_and_equal_what_a_lone_choice_shows(window, qtbot):
    panel = window.facet_panel
    qtbot.keyClicks(window.search, "interpol")
    _check(window, qtbot, PLACE, "M49:002")
    for facet, key in ((INITIATIVE, CAPACITY), (INITIATIVE, UNCLASSIFIED), (PLACE, "Nigeria"), (PLACE, "Asia")):
        count = int(panel.count_text(facet, key))
        query = window.session.query.choosing(facet, {key})
        assert count == len(window.session.timeline_index.matching(query)), (facet, key)


def test_chips_show_the_filters_in_the_active_language_and_remove_them(window, qtbot):
    _check(window, qtbot, PLACE, "M49:002")
    window.session.set_date_range(dt.date(2016, 1, 1), dt.date(2016, 12, 31))
    qtbot.keyClicks(window.search, "chief")
    assert window.filter_chips.chip_texts() == [
        "Search: chief  ✕",
        "Places: Africa  ✕",
        "From 1 January 2016 to 31 December 2016  ✕",
    ]
    window.switcher.switch("fr")
    assert window.filter_chips.chip_texts() == [
        "Recherche : chief  ✕",
        "Lieux : Afrique  ✕",
        "Du 1er janvier 2016 au 31 décembre 2016  ✕",
    ]
    assert window.date_range.from_field.text() == "1er janvier 2016"
    window.switcher.switch("en")
    qtbot.mouseClick(window.filter_chips.chips[1], Qt.MouseButton.LeftButton)  # Places: Africa
    assert window.session.query.places == frozenset() and window.session.query.text == "chief"
    assert window.facet_panel.label_index(PLACE, "M49:002").data(Qt.ItemDataRole.CheckStateRole) == 0


def test_one_key_clears_every_filter_and_escape_the_search(window, qtbot):
    _check(window, qtbot, INITIATIVE, CAPACITY)
    window.session.set_date_range(dt.date(2016, 1, 1), None)
    window.search.setFocus()
    qtbot.keyClicks(window.search, "interpol")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.session.query.text == "" and window.session.query.initiatives == {CAPACITY}
    window.clear_filter_action.trigger()  # Ctrl+Shift+L
    assert window.session.query.is_empty and len(bulletin_ids(window)) == 29
    assert window.filter_chips.isHidden()


def test_the_date_fields_read_dates_as_go_to_date_does(window, qtbot):
    field = window.date_range.to_field
    window.date_range.from_field.setText("septembre 2016")
    field.setText("2016")
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert (window.session.query.start, window.session.query.end) == (dt.date(2016, 9, 1), dt.date(2016, 12, 31))
    assert all(dt.date(2016, 9, 1) <= window.session.timeline[p].date for p in window.session.shown_positions)
    field.setText("someday")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.session.query.end == dt.date(2016, 12, 31)  # unreadable: the range stays, the field says so
    assert "cannot be read" in field.toolTip()


def test_the_handles_choose_whole_months(window, qtbot):
    handles = window.range_handles
    first, last = handles.handles()
    handles.setFocus()
    qtbot.keyClick(handles, Qt.Key.Key_Right)
    qtbot.keyClick(handles, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    query = window.session.query
    year, month = divmod(first + 1, 12)
    assert query.start == dt.date(year, month + 1, 1)
    assert query.end is not None and query.end.day >= 28 and (query.end.year * 12 + query.end.month - 1) == last - 1


def test_the_filters_survive_a_restart(make_window, qtbot):
    window = make_window()
    _check(window, qtbot, PLACE, "M49:002")
    qtbot.keyClicks(window.search, '"INTERPOL Chief"')
    shown = bulletin_ids(window)
    window.close()
    again = make_window()
    assert again.session.query.places == {"M49:002"} and again.search.text() == '"INTERPOL Chief"'
    assert bulletin_ids(again) == shown
    assert again.facet_panel.label_index(PLACE, "M49:002").data(Qt.ItemDataRole.CheckStateRole) == 2


def test_the_reader_keeps_their_place(window, qtbot, timeline):
    namibia = _id_with(timeline, "Namibian President")
    window.select_bulletin(namibia)
    view = window.timeline_view
    extra = window.proxy.index(window.proxy.row_for_bulletin(_id_with(timeline, "Barclays")), 0)
    view.selectionModel().select(extra, QItemSelectionModel.SelectionFlag.Select)  # a second, distant bulletin
    selected_before = {window.proxy.index(r, 0).data(Role.BULLETIN_ID) for r in _selected_rows(window)}
    assert len(selected_before) == 2
    _check(window, qtbot, INITIATIVE, CAPACITY)  # hides Namibia: the nearest shown bulletin is current
    shown = bulletin_ids(window)
    assert namibia not in shown and current_id(window) in shown
    nearest = min(
        shown,
        key=lambda i: abs((timeline[timeline.index_of(i)].date - timeline[timeline.index_of(namibia)].date).days),
    )
    assert current_id(window) == nearest
    assert window.detail.value_text("title_en").startswith(timeline[timeline.index_of(nearest)].title_en)
    window.newest_first_action.trigger()  # an order change and a language switch on the way
    window.switcher.switch("fr")
    window.clear_filter_action.trigger()
    assert current_id(window) == namibia
    assert {window.proxy.index(r, 0).data(Role.BULLETIN_ID) for r in _selected_rows(window)} == selected_before
    window.switcher.switch("en")


def test_moving_on_forgets_the_old_place(window, qtbot, timeline):
    namibia = _id_with(timeline, "Namibian President")
    window.select_bulletin(namibia)
    _check(window, qtbot, INITIATIVE, CAPACITY)
    window.timeline_view.setFocus()
    window.select_bulletin(bulletin_ids(window)[-1])  # the reader chose another bulletin meanwhile
    chosen = current_id(window)
    window.clear_filter_action.trigger()
    assert current_id(window) == chosen


def test_an_empty_result_says_so_in_the_timeline_and_offers_to_clear(window, qtbot):
    qtbot.keyClicks(window.search, "zzzz")
    notice = window.filters.notice
    assert notice.isVisible() and notice.message.text() == "No bulletin matches the search and filters."
    assert window.detail.heading_text() == "No bulletin is shown: the search and filters hide them all."
    window.timeline_view.setFocus()
    window.copy_action.trigger()
    assert window.statusBar().currentMessage() == "Nothing to copy: no bulletin is selected."
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible() and len(bulletin_ids(window)) == 29 and window.search.text() == ""


def test_matches_are_marked_and_the_other_title_shown_when_only_it_matches(window, qtbot, timeline):
    window.switcher.switch("fr")
    qtbot.keyClicks(window.search, "boosts")
    proxy = window.proxy
    rows = [r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(Role.KIND) == RowKind.BULLETIN]
    assert rows
    for row in rows:
        index = proxy.index(row, 0)
        bulletin = timeline[index.data(Role.POSITION)]
        other, ranges = index.data(Role.OTHER_MATCH)
        assert other == bulletin.title_en and [other[s:e].lower() for s, e in ranges] == ["boosts"]
        assert index.data(Role.MATCHES) == []
    window.search.clear()
    qtbot.keyClicks(window.search, "securite")
    index = proxy.index(rows[0], 0)
    marked = [index.data()[s:e] for s, e in index.data(Role.MATCHES)]
    assert marked and all(text.lower() == "sécurité" for text in marked)
    assert window.timeline_view.rowHeight(rows[0]) > window.timeline_view.rowHeight(0) - 1
    window.switcher.switch("en")
    assert i18n.language() == "en"


def _selected_rows(window):
    return sorted({index.row() for index in window.timeline_view.selectionModel().selectedIndexes()})


def test_copy_with_a_selection_still_copies(window, qtbot):
    window.select_bulletin(bulletin_ids(window)[0])
    window.timeline_view.setFocus()
    window.copy_action.trigger()
    assert QApplication.clipboard().text()
