"""Qt's model tester over every model, in every state the window puts them in."""

from __future__ import annotations

import pytest

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
