"""Opening files in the background: progress, cancel and failures leave what is on screen; big timelines."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time

import gui_synthetic
import pytest
from helpers import LOAD_TIMEOUT_MS, bulletin_ids, current_id, load_and_wait, modal_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from timeline_gui.domain.text import fold
from timeline_gui.ui.roles import Role


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory, timeline):
    path = tmp_path_factory.mktemp("data") / "archive.yaml"
    return gui_synthetic.write_yaml(path, gui_synthetic.bulletins(300, timeline.taxonomy))


def open_and_wait(qtbot, window, path):
    return load_and_wait(qtbot, window, path=path)


def test_a_file_loads_in_the_background_with_progress(window, qtbot, synthetic_file):
    switch_interval, collecting = sys.getswitchinterval(), gc.isenabled()
    reported = []
    window.loader.progressed.connect(lambda done, total: reported.append((done, total)))
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
        # The call returns at once: the old bulletins are still there, and the status bar says what is opening.
        assert len(bulletin_ids(window)) == 29
        assert window.load_progress.isVisible()
        assert window.load_progress.label.text() == "Opening archive.yaml…"
        assert window.load_progress.cancel_button.text() == "Cancel"
    assert len(bulletin_ids(window)) == 300
    assert window.count_label.text() == "300 of 300 bulletins"
    assert window.windowTitle() == "archive.yaml — Cybercrime Timeline"
    assert reported and reported[-1][0] == reported[-1][1] > 0
    assert all(0 <= done <= total for done, total in reported)
    assert not window.load_progress.isVisible()
    assert window.settings.recent_files[0] == str(synthetic_file)
    assert current_id(window) is not None
    # What the loader thread changed for the interpreter while it ran is back as it was, once it ends (after
    # `finished` it goes on building the search index).
    window.loader.wait()
    assert (sys.getswitchinterval(), gc.isenabled()) == (switch_interval, collecting)


def test_cancelling_keeps_the_bulletins_on_screen(window, qtbot, synthetic_file):
    window.select_bulletin("2017-03-09-trend-micro-study-west-africa")
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
        qtbot.mouseClick(window.load_progress.cancel_button, Qt.MouseButton.LeftButton)
    window.loader.wait()  # the worker has stopped; whatever it produced must not reach the screen
    qtbot.wait(50)
    assert len(bulletin_ids(window)) == 29
    assert current_id(window) == "2017-03-09-trend-micro-study-west-africa"
    assert window.windowTitle() == "Cybercrime Timeline"
    assert not window.load_progress.isVisible()
    assert (
        window.statusBar().currentMessage()
        == "Opening archive.yaml was cancelled; the bulletins on screen are unchanged."
    )
    # The next open is not affected by the cancelled one.
    open_and_wait(qtbot, window, synthetic_file)
    assert len(bulletin_ids(window)) == 300


def test_a_new_open_replaces_the_one_under_way(window, qtbot, synthetic_file, tmp_path):
    other = gui_synthetic.write_yaml(
        tmp_path / "other.yaml", gui_synthetic.bulletins(7, window.session.timeline.taxonomy, seed=3)
    )
    window.open_file(synthetic_file)
    open_and_wait(qtbot, window, other)
    window.loader.wait()
    qtbot.wait(50)
    assert len(bulletin_ids(window)) == 7
    assert window.windowTitle().startswith("other.yaml")


def test_a_failed_background_load_shows_every_problem_and_keeps_the_bulletins(window, qtbot, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n    language: en\n", encoding="utf-8")
    open_and_wait(qtbot, window, bad)
    dialog = modal_dialog("data-errors")
    assert dialog.isVisible()
    assert dialog.details.toPlainText().splitlines() == [
        f"{bad}:3:5: bulletins[0].title: required field is missing",
        f"{bad}:4:11: bulletins[0].date: '2017-02-30' is not a real calendar date",
    ]
    assert "The bulletins on screen are unchanged." in dialog.summary.text()
    assert len(bulletin_ids(window)) == 29
    assert window.settings.recent_files == []
    dialog.close()


def test_reload_reads_the_packaged_data_again_in_the_background(window, qtbot):
    window.set_taxonomy_filter("cyber-enabled-crime")
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.reload_action.trigger()
    assert len(bulletin_ids(window)) == 6  # the filter stays
    window.clear_taxonomy_filter()
    assert len(bulletin_ids(window)) == 29


def test_the_file_given_at_start_loads_after_the_window_shows(window, qtbot, synthetic_file, tmp_path):
    wanted = gui_synthetic.bulletins(300, window.session.timeline.taxonomy)[123].id
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.start_loading(synthetic_file, select=wanted)
    assert current_id(window) == wanted
    bad = tmp_path / "broken.yaml"
    bad.write_text("schema: 1\nbulletins: {}\n", encoding="utf-8")
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.start_loading(bad)
    assert "The packaged bulletins are shown instead." in modal_dialog("data-errors").summary.text()
    modal_dialog("data-errors").close()


def test_progress_and_cancel_read_in_french(window, qtbot, synthetic_file):
    window.switcher.switch("fr")
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
        assert window.load_progress.label.text() == "Ouverture de archive.yaml…"
        assert window.load_progress.cancel_button.text() == "Annuler"
        window.load_progress.cancel_button.click()
    assert (
        window.statusBar().currentMessage()
        == "L’ouverture de archive.yaml a été annulée\u202f; les bulletins affichés n’ont pas changé."
    )
    window.loader.wait()


# ---------------------------------------------------------------- a big timeline


@pytest.fixture(scope="module")
def big_timeline(timeline):
    return gui_synthetic.timeline(20_000, timeline.taxonomy)


def test_the_window_handles_20k_bulletins(make_window, qtbot, big_timeline):
    window = make_window(big_timeline)
    model = window.timeline_view.model()
    assert window.count_label.text() == "20,000 of 20,000 bulletins"
    qtbot.keyClicks(window.search, "cyber")
    shown = bulletin_ids(window)
    titles = {b.id: fold(f"{b.title_en}\n{b.title_fr}") for b in big_timeline.bulletins}
    expected = [b.id for b in big_timeline.bulletins if "cyber" in titles[b.id]]
    assert shown == expected and 0 < len(shown) < 20_000
    window.search.clear()
    window.search.insert("sécurité enquête")  # accented text arrives as an input method commits it
    expected = [b.id for b in big_timeline.bulletins if "securite" in titles[b.id] and "enquete" in titles[b.id]]
    assert bulletin_ids(window) == expected
    window.search.clear()

    window.newest_first_action.trigger()
    first = next(row for row in range(model.rowCount()) if model.index(row, 0).data(Role.BULLETIN_ID))
    assert model.index(first, 0).data(Role.BULLETIN_ID) == big_timeline.bulletins[-1].id
    window.newest_first_action.trigger()

    window.set_taxonomy_filter("financial-crime")
    expected = [b.id for b in big_timeline.bulletins if "financial-crime" in b.crime_types]
    assert bulletin_ids(window) == expected
    count = window.taxonomy.model.index_of_key("financial-crime").data(Role.COUNT)
    assert count == len(expected)
    window.clear_taxonomy_filter()
    assert window.count_label.text() == "20,000 of 20,000 bulletins"


def test_the_view_moves_over_headings_in_a_big_timeline(make_window, qtbot, big_timeline):
    window = make_window(big_timeline)
    view = window.timeline_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert current_id(window) == big_timeline.bulletins[-1].id
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert current_id(window) == big_timeline.bulletins[0].id
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current_id(window) == big_timeline.bulletins[1].id


def test_a_file_that_is_not_there_is_reported(window, qtbot, tmp_path):
    missing = tmp_path / "missing.yaml"
    open_and_wait(qtbot, window, missing)
    assert modal_dialog("data-errors").details.toPlainText().startswith(f"{missing}: cannot read the file")
    assert len(bulletin_ids(window)) == 29
    modal_dialog("data-errors").close()


def test_the_timeline_proxy_passes_the_model_tester_at_20k(qtmodeltester, qtbot, big_timeline):
    from timeline_gui.domain.query import Query
    from timeline_gui.ui.session import Session
    from timeline_gui.ui.timeline_proxy import TimelineProxyModel

    session = Session(big_timeline)
    proxy = TimelineProxyModel(session)
    qtmodeltester.check(proxy)
    session.set_query(Query("police", "financial-crime"))
    session.set_newest_first(True)
    qtmodeltester.check(proxy)


def test_a_hostile_file_ends_with_its_located_error_and_the_bulletins_unchanged(window, qtbot, tmp_path):
    # An anchored list of a thousand places named again by every bulletin: each alias walks it again.
    hostile = tmp_path / "fan-out.yaml"
    places = ", ".join(f"P{n}" for n in range(1000))
    hostile.write_text(
        "schema: 1\nbulletins:\n"
        + f"  - {{id: a, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, places: &p [{places}]}}\n"
        + "".join(
            f"  - {{id: b{n}, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, places: *p}}\n"
            for n in range(5000)
        ),
        encoding="utf-8",
    )
    window.select_bulletin("2017-03-09-trend-micro-study-west-africa")
    assert not open_and_wait(qtbot, window, hostile)
    (problem,) = modal_dialog("data-errors").details.toPlainText().splitlines()
    assert problem.startswith(f"{hostile}:3:76: aliases repeat more than ")
    assert problem.endswith(" values (the alias expansion limit)")
    assert len(bulletin_ids(window)) == 29
    assert current_id(window) == "2017-03-09-trend-micro-study-west-africa"
    modal_dialog("data-errors").close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_at_once_and_the_bulletins_unchanged(window, qtbot, tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # nobody writes to it: reading it would wait for ever
    assert not open_and_wait(qtbot, window, pipe)
    assert modal_dialog("data-errors").details.toPlainText() == (
        f"{pipe}: cannot read the file: it is a named pipe, not a regular file"
    )
    assert len(bulletin_ids(window)) == 29
    modal_dialog("data-errors").close()


# ---------------------------------------------------------------- cancel stops the worker, wherever it is

import generate  # noqa: E402
from PySide6.QtCore import QThread  # noqa: E402

from timeline_gui.domain.errors import LoadCancelled  # noqa: E402
from timeline_gui.domain.query import TimelineIndex  # noqa: E402
from timeline_gui.storage import cache, loader  # noqa: E402
from timeline_gui.ui import loading  # noqa: E402
from timeline_gui.ui.loading import SHUTDOWN_WAIT_MS  # noqa: E402
from timeline_gui.yielding import checkpoint  # noqa: E402

STOP_WAIT_MS = 10_000  # generous: the machine may be busy; the benchmark measures (bench_cancel.py)


@pytest.fixture(scope="module")
def canonical_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("canonical") / "canonical.yaml"
    generate.write_yaml(path, 5_000)
    return path


@pytest.fixture(scope="module")
def general_file(canonical_file):
    """The same bulletins, with a comment before the header: the fast reader declines it."""
    path = canonical_file.with_name("general.yaml")
    path.write_bytes(b"# not in the canonical layout\n" + canonical_file.read_bytes())
    return path


def cancel_on_entry(monkeypatch, owner, name, stopped):
    """Wraps ``owner.name`` so that the worker is cancelled as it enters it; ``stopped`` notes whether the
    real function then stopped (LoadCancelled) before it finished."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        QThread.currentThread().cancel()  # as Cancel in the window does, from the worker's own side
        try:
            return real(*args, **kwargs)
        except LoadCancelled:
            stopped.append(name)
            raise

    monkeypatch.setattr(owner, name, wrapper)


@pytest.mark.parametrize(
    ("phase", "owner", "name", "cached"),
    [
        ("fast reader", loader, "parse_canonical", False),
        ("general reader", loader, "parse_general", False),
        ("cache", cache, "decode_entry", True),
        ("index building", TimelineIndex, "prepare", False),
    ],
)
def test_cancel_stops_the_worker_inside_every_step(
    window, qtbot, monkeypatch, canonical_file, general_file, phase, owner, name, cached
):
    path = general_file if phase == "general reader" else canonical_file
    if cached:
        with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS):  # the entry the next load reads
            assert load_and_wait(qtbot, window, path=path)
    before = (bulletin_ids(window), current_id(window), window.windowTitle())
    stopped: list[str] = []
    cancel_on_entry(monkeypatch, owner, name, stopped)
    assert not load_and_wait(qtbot, window, path=path), phase
    assert window.loader.wait(STOP_WAIT_MS)
    assert stopped == [name]  # it stopped inside the step, not after it
    assert (bulletin_ids(window), current_id(window), window.windowTitle()) == before
    assert window.statusBar().currentMessage().endswith("was cancelled; the bulletins on screen are unchanged.")


def endless_reading(*_args, **_kwargs):
    """A reader that never ends by itself (a list of a million items, a slow disk): it only checks for cancel."""
    while True:
        checkpoint()
        time.sleep(0.001)


def test_cancel_stops_a_reader_that_would_never_end(window, qtbot, monkeypatch, canonical_file):
    monkeypatch.setattr(loader, "parse_canonical", endless_reading)
    window.open_file(canonical_file)
    qtbot.waitUntil(lambda: window.loader.busy)
    qtbot.wait(50)
    with qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS):
        qtbot.mouseClick(window.load_progress.cancel_button, Qt.MouseButton.LeftButton)
    assert window.loader.wait(STOP_WAIT_MS)
    assert len(bulletin_ids(window)) == 29


def test_closing_the_window_mid_load_does_not_wait_for_the_worker(make_window, qtbot, monkeypatch, canonical_file):
    window = make_window()
    monkeypatch.setattr(loader, "parse_canonical", endless_reading)
    window.open_file(canonical_file)
    qtbot.wait(50)
    waits: list[int] = []
    real_wait = window.loader.wait
    monkeypatch.setattr(window.loader, "wait", lambda timeout_ms=-1: waits.append(timeout_ms) or real_wait(timeout_ms))
    window.close()
    assert not window.isVisible()
    assert waits == [SHUTDOWN_WAIT_MS]  # a bounded wait, never an endless one
    threads = list(window.loader._threads) + list(loading._stragglers)
    assert threads and all(thread.wait(STOP_WAIT_MS) for thread in threads)  # and the worker did stop


def titles_with(window, word):
    return sorted(b.id for b in window.session.timeline.bulletins if word in fold(b.title_en + "\n" + b.title_fr))


def test_a_search_typed_before_the_index_is_built_waits_for_it_then_answers(window, qtbot, monkeypatch, synthetic_file):
    """The list shows before its search index is built; a search typed then is kept (reading every title
    would freeze the window at a million), the status bar says so, and it is answered once the index is."""
    building = threading.Event()
    build_search = TimelineIndex.build_search

    def held_back(index):  # the loader thread builds the index only once the test has typed
        assert building.wait(LOAD_TIMEOUT_MS / 1000)
        build_search(index)

    monkeypatch.setattr(TimelineIndex, "build_search", held_back)
    pending_label = window.statusBar().findChild(QLabel, "status-search-pending")
    with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS) as completed:
        window.open_file(synthetic_file)
        qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS).wait()
        everything = bulletin_ids(window)
        qtbot.keyClicks(window.search, "ransom")
        assert not window.session.timeline_index.search_ready
        assert window.session.search_pending and window.session.query.text == "ransom"
        assert pending_label.isVisible() and pending_label.text() == "Preparing search…"
        assert bulletin_ids(window) == everything  # what was shown stays until the search can be answered
        qtbot.keyClicks(window.search, "ware")
        building.set()
    assert completed.args == [synthetic_file]
    assert not window.session.search_pending and not pending_label.isVisible()
    expected = titles_with(window, "ransomware")
    assert expected and len(expected) < len(everything)
    assert sorted(bulletin_ids(window)) == expected
    assert window.search.text() == "ransomware"
    window.search.clear()  # the built index answers at once, and the same
    window.search.setText("ransomware")
    assert sorted(bulletin_ids(window)) == expected


def test_clearing_a_search_that_waits_for_the_index_answers_at_once(window, qtbot, monkeypatch, synthetic_file):
    building = threading.Event()
    build_search = TimelineIndex.build_search
    monkeypatch.setattr(TimelineIndex, "build_search", lambda index: building.wait(30) and build_search(index))
    with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
        qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS).wait()
        everything = bulletin_ids(window)
        qtbot.keyClicks(window.search, "ransom")
        assert window.session.search_pending
        window.search.clear()
        assert not window.session.search_pending and bulletin_ids(window) == everything
        building.set()
    assert bulletin_ids(window) == everything and window.search.text() == ""


def test_the_export_dialog_counts_a_waiting_search_once_the_index_is_built(window, qtbot, monkeypatch, synthetic_file):
    """Opened while a search waits for the index, the export dialog does not read every title to count it: it
    says it waits, offers no Export until then, and counts the search's bulletins once the index is built."""
    building = threading.Event()
    build_search = TimelineIndex.build_search
    monkeypatch.setattr(TimelineIndex, "build_search", lambda index: building.wait(30) and build_search(index))
    scanned = []
    scan = TimelineIndex._scanned_mask
    monkeypatch.setattr(TimelineIndex, "_scanned_mask", lambda index, word: scanned.append(word) or scan(index, word))
    with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
        qtbot.waitSignal(window.loader.finished, timeout=LOAD_TIMEOUT_MS).wait()
        qtbot.keyClicks(window.search, "ransomware")
        assert window.session.search_pending
        window.export_action.trigger()
        dialog = modal_dialog("export-dialog")
        assert dialog.count_label.text() == "Counting once the search is ready…"
        assert not dialog.export_button.isEnabled()
        building.set()
    assert scanned == []
    expected = len(titles_with(window, "ransomware"))
    assert expected and dialog.count_label.text() == f"{expected:,} bulletins to export"
    assert dialog.export_button.isEnabled()
    dialog.reject()


def test_the_search_index_is_built_once_the_window_shows_the_file(window, qtbot, monkeypatch, synthetic_file):
    """Building the index while the window swaps the file in would make the window's every Python call of that
    moment wait for the interpreter lock: the loader thread starts it once the window has the file on screen."""
    seen = []
    build_search = TimelineIndex.build_search

    def noting(index):
        seen.append(window.session.timeline is index.timeline)  # read from the worker: a test's look only
        build_search(index)

    monkeypatch.setattr(TimelineIndex, "build_search", noting)
    with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS):
        window.open_file(synthetic_file)
    assert seen == [True]
