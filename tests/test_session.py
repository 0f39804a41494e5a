"""The session holds what is shown; the window's parts follow it and change it only through its methods."""

from __future__ import annotations

import gc
import weakref

from helpers import bulletin_ids, current_id
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel

from timeline_gui import i18n
from timeline_gui.domain.query import Query
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.roles import Role

FEB = "2016-02-08-barclays-financial-institution-combating-cybercrime"
MAR_25 = "2016-03-25-namibian-president-global-security-issues"
TREND = "2017-03-09-trend-micro-study-west-africa"
LAST = "2017-03-22-ransomware-digital-security-challenge"


def emissions(session) -> dict[str, int]:
    counts = dict.fromkeys(("timeline", "query", "order", "current", "selection"), 0)

    def counter(name):
        def count():
            counts[name] += 1

        return count

    session.timeline_changed.connect(counter("timeline"))
    session.query_changed.connect(counter("query"))
    session.order_changed.connect(counter("order"))
    session.current_changed.connect(counter("current"))
    session.selection_changed.connect(counter("selection"))
    return counts


def click(qtbot, window, bulletin_id, modifiers=Qt.KeyboardModifier.NoModifier):
    view = window.timeline_view
    index = view.model().index(window.proxy.row_for_bulletin(bulletin_id), 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, view.visualRect(index).center())


def test_a_click_reaches_the_session_once_and_every_part_follows(window, qtbot):
    session = window.session
    counts = emissions(session)
    click(qtbot, window, TREND)
    assert counts == {"timeline": 0, "query": 0, "order": 0, "current": 1, "selection": 1}
    assert session.current == TREND == current_id(window)
    assert window.detail.value_text("date") == "9 March 2017"
    assert window.statusBar().findChild(QLabel, "status-selection").text() == "1 bulletin selected: 9 March 2017"
    keys = session.current_bulletin().taxonomy_keys
    assert keys and all(window.taxonomy.model.index_of_key(key).data(Role.HIGHLIGHTED) for key in keys)


def test_a_selection_made_in_the_session_shows_in_the_view(window):
    session = window.session
    assert session.select(MAR_25)
    view = window.timeline_view
    assert current_id(window) == MAR_25
    assert [index.data(Role.BULLETIN_ID) for index in view.selectionModel().selectedIndexes()] == [MAR_25]
    assert window.detail.value_text("date") == "25 March 2016"
    window.search.setText("ransomware")  # hides it: the nearest shown bulletin becomes current
    assert session.current == LAST == current_id(window)
    assert not session.select(FEB)  # not shown: nothing moves
    assert session.current == LAST


def test_a_range_survives_the_order_and_narrows_to_the_current_on_a_search(window, qtbot):
    session = window.session
    click(qtbot, window, FEB)
    click(qtbot, window, MAR_25, Qt.KeyboardModifier.ShiftModifier)
    assert session.selection_summary()[0] == 3
    runs = session.selection
    counts = emissions(session)
    window.newest_first_action.trigger()
    assert counts["order"] == 1 and counts["selection"] == 0 and session.selection == runs
    assert session.selected_positions() == sorted(session.selected_positions(), reverse=True)
    window.search.setText("security")
    assert session.query == Query("security")
    assert current_id(window) == MAR_25 and session.selection_summary()[0] == 1


def test_a_hidden_current_bulletin_comes_back_when_the_filter_is_cleared(window):
    session = window.session
    session.select(FEB)
    session.set_filter("cyber-enabled-crime")
    shown = bulletin_ids(window)
    assert FEB not in shown
    assert session.current == current_id(window) == shown[0]  # the nearest shown one, said by the detail pane
    assert window.detail.value_text("date") == "28 April 2016"
    session.clear_filters()
    assert current_id(window) == FEB
    assert window.search.text() == "" and window.taxonomy.filter_label.text().startswith("Choose a node")


def test_the_search_field_and_the_session_agree_both_ways(window, qtbot):
    qtbot.keyClicks(window.search, "ransomware")
    assert window.session.query.text == "ransomware" and bulletin_ids(window) == [LAST]
    window.session.set_search("digital")
    assert window.search.text() == "digital"
    window.clear_filter_action.trigger()
    assert window.search.text() == "" and len(bulletin_ids(window)) == 29


class Counted(QObject):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def retranslate(self) -> None:
        self.calls += 1


def test_the_retranslation_registry_holds_no_strong_reference(window):
    alive, dropped, deleted = Counted(), Counted(), Counted()
    for registered in (alive, dropped, deleted):
        retranslated(registered)
    keep_wrapper = deleted
    deleted.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gone = weakref.ref(dropped)
    del dropped
    gc.collect()
    assert gone() is None  # registering kept nothing alive
    i18n.set_language("fr")
    assert alive.calls == 1
    assert keep_wrapper.calls == 0  # its Qt object was deleted: unregistered, never called
    assert window.file_menu.title() == "&Fichier"


def test_a_closed_window_no_longer_follows_the_language(make_window):
    """Qt deletes a closed window only later (or never, without an event loop): until then it is not relabelled."""
    closed = make_window()
    closed.close()
    i18n.set_language("fr")
    assert closed.file_menu.title() == "&File"


def test_a_timeline_shown_before_its_search_index_keeps_the_words_waiting_and_its_filter_on(window, qtbot, timeline):
    from timeline_gui.domain.query import TimelineIndex
    from timeline_gui.domain.text import fold

    session = window.session
    qtbot.keyClicks(window.search, "cyber")
    session.set_filter("initiatives")
    index = TimelineIndex(timeline)
    index.prepare(search=False)  # as a first open hands it over: the loader thread builds the search index next
    session.set_timeline(timeline, index)
    tagged = sorted(timeline[position].id for position in index.tagged("initiatives"))
    assert session.search_pending and session.query == Query("cyber", "initiatives")
    assert sorted(bulletin_ids(window)) == tagged  # the filter holds; the words wait
    index.build_search()
    session.search_index_ready()
    assert not session.search_pending
    expected = sorted(
        b.id for b in timeline.bulletins if "cyber" in fold(b.title_en + " " + b.title_fr) and b.id in set(tagged)
    )
    assert expected and sorted(bulletin_ids(window)) == expected != tagged
