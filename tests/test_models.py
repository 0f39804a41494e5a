"""Qt's model tester over every model, in every state the window puts them in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from timeline_gui import i18n
from timeline_gui.domain.model import Timeline
from timeline_gui.domain.query import Query
from timeline_gui.ui.bulletin_model import BulletinListModel
from timeline_gui.ui.roles import Role, RowKind
from timeline_gui.ui.session import Session
from timeline_gui.ui.taxonomy_model import TaxonomyModel
from timeline_gui.ui.timeline_proxy import TimelineProxyModel


def test_bulletin_model(qtmodeltester, timeline):
    qtmodeltester.check(BulletinListModel(timeline))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    "query", [Query(), Query("interpol"), Query("", "cyber-enabled-crime"), Query("nothing matches this")]
)
def test_timeline_proxy(qtmodeltester, timeline, descending, query):
    session = Session(timeline)
    proxy = TimelineProxyModel(session)
    session.set_newest_first(descending)
    session.set_query(query)
    qtmodeltester.check(proxy)


def test_proxy_maps_every_bulletin_both_ways(timeline):
    session = Session(timeline)
    proxy = TimelineProxyModel(session)
    for descending in (False, True):
        session.set_newest_first(descending)
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if index.data(Role.KIND) == RowKind.BULLETIN:
                assert proxy.mapFromSource(proxy.mapToSource(index)).row() == row


def test_taxonomy_model(qtmodeltester, timeline):
    model = TaxonomyModel(Session(timeline).timeline_index)
    qtmodeltester.check(model)
    model.set_highlighted(frozenset({"terrorism"}))
    qtmodeltester.check(model)


def _rows(proxy) -> list[tuple[int, str]]:
    """(kind, text) of every row, top to bottom: what the list shows."""
    return [
        (proxy.index(row, 0).data(Role.KIND), proxy.index(row, 0).data(Qt.ItemDataRole.DisplayRole))
        for row in range(proxy.rowCount())
    ]


def _bulletins_on_screen(proxy) -> list[str]:
    return [
        proxy.index(row, 0).data(Role.BULLETIN_ID)
        for row in range(proxy.rowCount())
        if proxy.index(row, 0).data(Role.KIND) == RowKind.BULLETIN
    ]


def test_the_proxy_shows_what_its_session_shows_through_every_change(qtmodeltester, timeline):
    session = Session(timeline)
    proxy = TimelineProxyModel(session)
    qtmodeltester.check(proxy)
    session.set_search("interpol")
    matching = [timeline[p].id for p in session.shown_positions]
    assert 0 < len(matching) < len(timeline) and _bulletins_on_screen(proxy) == matching
    session.set_newest_first(True)
    assert _bulletins_on_screen(proxy) == matching[::-1]
    assert proxy.index(0, 0).data() == "2017" and proxy.index(1, 0).data() == "March 2017"

    # another timeline (a file opened): the same query and order over its bulletins
    later = Timeline([b for b in timeline.bulletins if b.date.year == 2017], timeline.taxonomy)
    session.set_timeline(later)
    later_matching = [b.id for b in later.bulletins if b.id in matching]
    assert later_matching and _bulletins_on_screen(proxy) == later_matching[::-1]
    assert [text for kind, text in _rows(proxy) if kind == RowKind.YEAR] == ["2017"]

    # the language switched: the headings and titles read in French, the rows unchanged
    english = _rows(proxy)
    i18n.set_language("fr")
    french = _rows(proxy)
    assert [kind for kind, _text in french] == [kind for kind, _text in english]
    assert french[1] == (RowKind.MONTH, "mars 2017") and french != english
    assert _bulletins_on_screen(proxy) == later_matching[::-1]
