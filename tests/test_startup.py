"""Start-up: the window opens on a generated copy of the packaged data, and imports only what it shows.

Timings live in benchmarks/bench_gui.py; these tests check the mechanisms: the copy is current and gives
exactly the timeline the YAML loader gives, a stale copy is never used, and the start path leaves
PyYAML, Babel, dateutil, the loader and the dialogs to when they are first needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

from timeline_gui.storage import packaged
from timeline_gui.storage.loader import load_taxonomy, load_timeline


def test_the_generated_copy_is_current():
    """resources/packaged_data.py is what scripts/compact_data.py writes from the YAML files today."""
    text = (ROOT / "resources" / "packaged_data.py").read_text(encoding="utf-8")
    assert text == packaged.copy_source(), "run: python scripts/compact_data.py"
    assert packaged._current_copy() is not None


def test_the_copy_gives_the_same_timeline_as_the_yaml():
    from_copy = packaged.load_packaged()
    from_yaml = load_timeline(None)
    assert from_copy.bulletins == from_yaml.bulletins
    assert len(from_copy) == 29
    assert from_copy.source == from_yaml.source
    taxonomy = load_taxonomy()
    assert (from_copy.taxonomy.crime_types, from_copy.taxonomy.initiatives, from_copy.taxonomy.complex) == (
        taxonomy.crime_types,
        taxonomy.initiatives,
        taxonomy.complex,
    )
    assert from_copy.taxonomy.by_key == taxonomy.by_key
    assert [type(value) for value in from_copy.bulletins[0]] == [type(value) for value in from_yaml.bulletins[0]]


def test_a_stale_copy_is_not_used(monkeypatch):
    """A YAML file edited after the copy was made: its fingerprint no longer matches, the YAML is read."""
    from timeline_gui.resources import packaged_data

    stale = dict(packaged_data.DATA)
    stale["bulletins"] = stale["bulletins"][:3]  # what an out-of-date copy would hold
    stale["sources"] = {**stale["sources"], "bulletins.yaml": (1, 2)}
    monkeypatch.setattr(packaged_data, "DATA", stale)
    assert packaged._current_copy() is None
    assert packaged.load_packaged().bulletins == load_timeline(None).bulletins


@pytest.mark.parametrize("broken", [None, {"format": 99}, {"format": packaged.FORMAT}, "not a dict"])
def test_a_missing_or_foreign_copy_falls_back_to_the_yaml(monkeypatch, broken):
    from timeline_gui.resources import packaged_data

    if broken is None:
        monkeypatch.delattr(packaged_data, "DATA")
    else:
        monkeypatch.setattr(packaged_data, "DATA", broken)
    assert packaged._current_copy() is None
    assert len(packaged.load_packaged()) == 29


# Lists the modules once the window and every widget of it on screen have had their first paint (the overview
# strip and the time axis paint after the window: what their labels need counts too).
START_AND_LIST_MODULES = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

class AllPainted(QObject):
    def __init__(self, parent):
        super().__init__(parent)
        self.painted = set()
        self.window = None

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.isWidgetType():
            self.painted.add(id(obj))
            if self.window is None and obj.isWindow():
                self.window = obj
                QTimer.singleShot(0, self.check)
        return False

    def check(self):
        window = self.window
        shown = [window] + [
            child for child in window.findChildren(QWidget)
            if child.isVisible() and not child.isWindow() and not child.visibleRegion().isEmpty()
        ]
        if any(id(widget) not in self.painted for widget in shown):
            QTimer.singleShot(0, self.check)
            return
        from timeline_gui.ui.roles import Role, RowKind
        model = window.timeline_view.model()
        print(sum(1 for row in range(model.rowCount()) if model.index(row, 0).data(Role.KIND) == RowKind.BULLETIN))
        print(window.count_label.text())
        print(" ".join(sorted(sys.modules)))
        window.close()

_exec = QApplication.exec
def exec_and_watch(*args):
    watch = AllPainted(QApplication.instance())
    QApplication.instance().installEventFilter(watch)
    return _exec()
QApplication.exec = exec_and_watch
from timeline_gui.cli import main
sys.exit(main(["--lang", sys.argv[1]]))
"""


@pytest.mark.parametrize(("language", "expected_status"), [("en", "29 of 29 bulletins"), ("fr", "29 sur 29 bulletins")])
def test_the_first_paint_shows_the_packaged_bulletins_without_the_heavy_imports(tmp_path, language, expected_status):
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(START_AND_LIST_MODULES), language],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    bulletins, status, modules = result.stdout.splitlines()[:3]
    assert bulletins == "29"
    assert status == expected_status
    loaded = set(modules.split())
    assert "timeline_gui.resources.packaged_data" in loaded
    not_at_start = {
        "yaml",  # the packaged data comes from the generated copy
        "dateutil",  # Go to Date
        "hashlib",  # the cache of user files
        "logging.handlers",  # the crash log's file, made at its first record
        "timeline_gui.storage.loader",
        "timeline_gui.storage.cache",
        "timeline_gui.domain.dates",
        "timeline_gui.desktop",
        "timeline_gui.export.pdf",
        "timeline_gui.ui.about_dialog",  # and with it html and platform
        "platform",
        "timeline_gui.ui.crash_dialog",
        "timeline_gui.ui.error_dialog",
        "timeline_gui.ui.export_dialog",
        "timeline_gui.ui.go_to_date",
        "timeline_gui.ui.shortcut_sheet",
        "babel",  # the build compiled the catalog (.mo) and wrote the first screen's CLDR names (cldr.json)
    }
    assert sorted(not_at_start & loaded) == []


def _timeline_views():
    from PySide6.QtWidgets import QTableView

    from timeline_gui.ui.timeline_view import TimelineView

    view, reference = TimelineView(), QTableView()
    reference.setMouseTracking(True)  # as TimelineView does
    return view, view, reference


def _facet_trees():
    from PySide6.QtWidgets import QTreeView

    from timeline_gui.ui.facet_panel import FacetPanel

    panel = FacetPanel()
    return panel, panel.view, QTreeView()


@pytest.mark.parametrize("make", [_timeline_views, _facet_trees], ids=["timeline", "facets"])
def test_a_viewport_made_by_the_app_is_set_up_as_qts_own(qapp, make):
    """The timeline and the facets' tree get their viewports from look.own_viewport (PySide6 then needn't look
    their type up); each must match the one Qt makes for the same kind of view."""
    from PySide6.QtCore import Qt

    owner, view, reference = make()
    try:
        ours, theirs = view.viewport(), reference.viewport()
        assert ours.objectName() == theirs.objectName() == "qt_scrollarea_viewport"
        assert ours.autoFillBackground() and theirs.autoFillBackground()
        assert ours.backgroundRole() == theirs.backgroundRole()
        assert ours.focusProxy() is view and theirs.focusProxy() is reference
        differ = [
            attribute.name
            for attribute in Qt.WidgetAttribute
            if ours.testAttribute(attribute) != theirs.testAttribute(attribute)
        ]
        assert differ == []
    finally:
        owner.deleteLater()
        reference.deleteLater()
