"""Eras: the optional ``eras:`` list of a bulletins file, read, checked, cached, and drawn as bands on the axis."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from helpers import bulletin_ids, load_and_wait

from timeline_gui import i18n
from timeline_gui.domain import axis
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.storage.loader import load_taxonomy, load_timeline

BULLETINS = """\
  - id: 2015-04-13-igci-inauguration
    date: 2015-04-13
    language: en
    title:
      en: "INTERPOL Global Complex for Innovation inaugurated"
      fr: "Inauguration du Complexe mondial INTERPOL pour l’innovation"
    initiatives: [igci]
  - id: 2016-06-20-stolen-payment-card-global-operation
    date: 2016-06-20
    language: en
    title:
      en: "Criminal networks using stolen payment card data targeted in global operation"
      fr: "Des réseaux criminels utilisant des données de cartes de paiement volées ciblés"
"""

ERAS = """\
eras:
  - label: {en: "Operation Strike", fr: "Opération Strike"}
    start: 2015-03-01
    end: 2015-06-30
  - label:
      en: "Review year"
      fr: "Année de bilan"
    start: 2016-01-01
    end: 2016-12-31
"""


def write(tmp_path: Path, text: str, name: str = "eras.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("eras_first", [True, False])
def test_eras_are_read_before_or_after_the_bulletins(tmp_path, eras_first):
    text = f"schema: 1\n{ERAS}bulletins:\n{BULLETINS}" if eras_first else f"schema: 1\nbulletins:\n{BULLETINS}{ERAS}"
    timeline = load_timeline(write(tmp_path, text), load_taxonomy())
    assert [(era.label.en, era.label.fr, era.start, era.end) for era in timeline.eras] == [
        ("Operation Strike", "Opération Strike", dt.date(2015, 3, 1), dt.date(2015, 6, 30)),
        ("Review year", "Année de bilan", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ]
    assert len(timeline) == 2


def test_eras_come_back_from_the_cache(tmp_path):
    path = write(tmp_path, f"schema: 1\nbulletins:\n{BULLETINS}{ERAS}")
    first = load_timeline(path, load_taxonomy(), cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").rglob("*"))  # an entry was written
    second = load_timeline(path, load_taxonomy(), cache_dir=tmp_path / "cache")
    assert second.eras == first.eras and len(second.eras) == 2


def test_a_file_without_eras_has_none(timeline):
    assert timeline.eras == ()


def test_each_bad_era_is_located(tmp_path):
    text = (
        f"schema: 1\nbulletins:\n{BULLETINS}"
        "eras:\n"
        '  - label: {en: "Backwards", fr: "À rebours"}\n'  # line 17
        "    start: 2016-05-01\n"
        "    end: 2016-04-01\n"  # line 19
        '  - label: {en: "No French"}\n'  # line 20
        "    start: 2016-13-01\n"  # line 21
        "    end: 2016-12-31\n"
        "    colour: red\n"  # line 23
    )
    with pytest.raises(DataLoadError) as raised:
        load_timeline(write(tmp_path, text), load_taxonomy())
    found = [(error.line, error.field) for error in raised.value.errors]
    assert found == [
        (19, "eras[0].end"),
        (20, "eras[1].label.fr"),
        (21, "eras[1].start"),
        (23, "eras[1].colour"),
    ]
    messages = [error.message for error in raised.value.errors]
    assert messages[0] == "the era ends (2016-04-01) before it starts (2016-05-01)"
    assert "not a real calendar date" in messages[2]


def test_a_bad_era_leaves_the_bulletins_on_screen(window, qtbot, tmp_path):
    shown = bulletin_ids(window)
    path = write(tmp_path, f"schema: 1\nbulletins:\n{BULLETINS}eras: [{{start: 2016-01-01}}]\n")
    assert not load_and_wait(qtbot, window, path=path)
    assert bulletin_ids(window) == shown
    from timeline_gui.ui.error_dialog import DataErrorDialog

    details = window.findChild(DataErrorDialog).details.toPlainText()
    assert "eras[0].label" in details and "eras[0].end" in details


def test_the_axis_draws_the_complex_opening_and_the_file_eras_in_the_active_language(tmp_path):
    timeline = load_timeline(write(tmp_path, f"schema: 1\nbulletins:\n{BULLETINS}{ERAS}"), load_taxonomy())
    assert [label for label, _first, _last in axis.eras_of(timeline, "en")] == [
        "INTERPOL Global Complex for Innovation opens",
        "Operation Strike",
        "Review year",
    ]
    i18n.set_language("fr")
    assert axis.eras_of(timeline)[0][0] == "Ouverture du Complexe mondial INTERPOL pour l’innovation"
    index = TimelineIndex(timeline)
    data = axis.AxisData.of(timeline, index.all_positions(), index.tagged)
    scale = axis.Scale(dt.date(2014, 1, 1).toordinal(), 1.0)  # a pixel a day from 1 January 2014
    frame = axis.lay_out(
        data, scale, 1200, 500, lambda text: 7.0 * len(text), eras=axis.eras_of(timeline), today=dt.date(2016, 1, 1)
    )
    bands = [(round(band.left), round(band.right)) for band in frame.eras]
    assert bands == [(0, 365), (424, 546), (730, 1096)]
    named = [band for band in frame.eras if band.label_width]
    for before, after in zip(named, named[1:], strict=False):
        assert max(before.left, 0) + frame.metrics.gap + before.label_width < max(after.left, 0) + frame.metrics.gap
    assert frame.today == pytest.approx(730.5)
    assert frame.era_top < frame.metrics.axis_height <= frame.lane_tops[0]
