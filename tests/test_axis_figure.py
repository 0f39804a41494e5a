"""The PDF briefing opens with the time axis of the exported range: vector shapes, lanes, ticks and exact counts."""

from __future__ import annotations

import datetime as dt
import os
from itertools import takewhile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gui_synthetic
import pytest
from pypdf import PdfReader
from test_export import export, in_order, pdf_pages

from timeline_gui.domain.model import Timeline
from timeline_gui.export.plan import ExportRequest


@pytest.fixture(autouse=True)
def widgets_application(qapp):
    return qapp


def test_the_figure_shows_lanes_and_ticks_in_the_document_language(timeline, tmp_path):
    request = ExportRequest(dt.date(2016, 1, 1), dt.date(2017, 12, 31))
    for language, heading, tick, lane in (
        ("en", "Bulletins over time, by initiative", "Q1 2017", "Not classified"),
        ("fr", "Les bulletins dans le temps, par initiative", "T1 2017", "Non classés"),
    ):
        target = tmp_path / f"figure-{language}.pdf"
        export(timeline, target, language, request)
        first = pdf_pages(target)[0]
        assert in_order(first, [heading, lane, tick])  # drawn (and so read) lanes first, then ticks
        assert first.index(heading) < first.index("Bulletins per initiative" if language == "en" else "Bulletins par")
        assert not PdfReader(target).pages[0].images  # drawn as vectors, not a picture


@pytest.mark.slow  # some 20 s: a PDF of 1,500 bulletins
def test_the_figure_counts_every_bulletin_of_a_dense_range(timeline, tmp_path):
    start = dt.date(2016, 9, 1)
    dense = [  # 1,500 bulletins in 30 days: too many for titles, so the figure shows clusters with their counts
        bulletin._replace(date=start + dt.timedelta(days=number % 30))
        for number, bulletin in enumerate(gui_synthetic.bulletins(1_500, timeline.taxonomy))
    ]
    request = ExportRequest(start, start + dt.timedelta(days=29))
    target = tmp_path / "dense.pdf"
    export(Timeline(dense, timeline.taxonomy), target, "en", request)
    first = pdf_pages(target)[0]
    figure = first[first.index("Bulletins over time") : first.index("Bulletins per initiative")].split()
    # Drawn after the ticks' labels ("29 Sept 2016", the last), each cluster's exact count: they add up to the
    # bulletins of each lane, a bulletin counted in each of its lanes.
    *counts, year = takewhile(str.isdigit, reversed(figure))
    assert year == "2016" and len(counts) > 8
    assert sum(map(int, counts)) == sum(max(1, len(set(b.initiatives))) for b in dense)
