"""Opening a data file off the GUI thread, with progress in the status bar and a Cancel button.

The loader (``storage.loader.open_indexed``) runs in a worker thread, which also builds
(or reads from the cache) the lookup structures a big timeline needs (month groups,
taxonomy counts, id lookup, search index), so that the GUI thread only swaps models
when they are ready. A search index that was not in the cache is built, and the cache
entry written, by the same thread after the window shows the file; a search typed
meanwhile waits for it (``Session.search_pending``). The model a load replaces is freed a slice at a time
between the window's events.
A load that is cancelled or fails leaves what is on screen untouched.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from timeline_gui.domain.errors import DataLoadError, LoadCancelled, file_error
from timeline_gui.domain.model import Taxonomy, Timeline
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.i18n import N_, _
from timeline_gui.storage.gc_pause import FREEZE_FROM, paused_collection, set_aside
from timeline_gui.ui.status import show_notice
from timeline_gui.user_folders import bulletins_cache_dir
from timeline_gui.yielding import checkpoints

if TYPE_CHECKING:
    from timeline_gui.storage.loader import Opened  # imported by the worker when it first runs: not at start-up

log = logging.getLogger(__name__)

SHUTDOWN_WAIT_MS = 100  # the longest a closing window waits for a cancelled load to stop
PROGRESS_STEPS = 1000
_LOADER_STEPS = 900  # the loader's share of the bar; building the index takes the rest
_PROGRESS_INTERVAL = 0.05  # seconds between two progress signals, at most one per step


class ProgressThrottle:
    """Which of a worker's progress steps are passed on to the window: at most one every 50 ms, and only when the
    bar would move; the ``always`` steps (a load's first and last) whenever they come."""

    def __init__(self, always: tuple[int, ...] = ()) -> None:
        self._always = always
        self._last_step = -1
        self._last_time = 0.0

    def due(self, step: int) -> bool:
        now = time.monotonic()
        if step != self._last_step and (step in self._always or now - self._last_time >= _PROGRESS_INTERVAL):
            self._last_step, self._last_time = step, now
            return True
        return False


@dataclass(frozen=True)
class LoadResult:
    """What a load hands the window: the file, its timeline and the timeline's search index."""

    path: Path | None
    timeline: Timeline
    index: TimelineIndex


def prepare_index(timeline: Timeline) -> TimelineIndex:
    """The timeline's index with everything the window reads at once already computed."""
    index = TimelineIndex(timeline)
    index.prepare()
    return index


_HAND_OVER_WAIT_S = 2.0  # at most, for the window to show a loaded file before its search index is built
_SWITCH_INTERVAL = 0.0002  # seconds; Python's default is 0.005


class _SwitchIntervalUsers:
    """Who needs the short switch interval now, and the interval to restore when the last of them ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.saved = 0.0


_switch_users = _SwitchIntervalUsers()


@contextmanager
def quick_thread_switches() -> Iterator[None]:
    """While a worker runs, the GUI thread gets the interpreter back every millisecond, not every five.

    The timer latency while a file loads then matches an idle window's (see benchmarks/bench_gui.py);
    the load itself is no slower. Nested and overlapping uses restore the setting once the last ends.
    """
    users = _switch_users
    with users.lock:
        if users.count == 0:
            users.saved = sys.getswitchinterval()
            sys.setswitchinterval(min(users.saved, _SWITCH_INTERVAL))
        users.count += 1
    try:
        yield
    finally:
        with users.lock:
            users.count -= 1
            if users.count == 0:
                sys.setswitchinterval(users.saved)


class _LoadThread(QThread):
    """One load. Its signals reach the GUI thread queued; ``cancel()`` may be called from any thread."""

    # Each signal carries the thread itself, so the loader can drop a replaced load's results.
    progressed = Signal(object, int, int)
    loaded = Signal(object, object)  # LoadResult
    failed = Signal(object, object)  # DataLoadError
    cancelled = Signal(object)
    completed = Signal(object)  # after loaded: the search index is built and the cache entry written

    def __init__(self, path: Path | None, taxonomy: Taxonomy | None, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path
        self.taxonomy = taxonomy
        self.cache_dir = bulletins_cache_dir() if path is not None else None  # the packaged data needs no cache
        self._cancel = threading.Event()
        self._ended = threading.Event()  # set as run() returns
        self._handed_over = threading.Event()  # the window shows the result: the rest of the work may start
        self.shown: LoadResult | None = None  # its result, once the loader handed it over (GUI thread)
        self._throttle = ProgressThrottle(always=(0, _LOADER_STEPS))

    def cancel(self) -> None:
        self._cancel.set()
        self._handed_over.set()  # nothing more to wait for

    def handed_over(self) -> None:
        """The window has swapped the result in and painted it (GUI thread): the search index may be built."""
        self._handed_over.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _stop_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise LoadCancelled()

    def _progress(self, done: int, total: int) -> None:
        """The loader's report; passed on at most every 50 ms, and only when the bar would move."""
        step = _LOADER_STEPS * min(max(done, 0), total) // total if total > 0 else 0
        if self._throttle.due(step):
            self.progressed.emit(self, step, PROGRESS_STEPS)

    def run(self) -> None:  # the worker thread
        try:
            self._load()
        finally:
            self._ended.set()

    def _load(self) -> None:
        from timeline_gui.storage.loader import open_indexed

        opened: Opened | None = None
        try:
            stopped = False
            # Every slice of work checks for cancel (yielding.py): a cancelled load stops within some 20 ms.
            with quick_thread_switches(), paused_collection(), checkpoints(self._stop_if_cancelled):
                try:
                    opened = open_indexed(
                        self.path,
                        self.taxonomy,
                        progress=self._progress,
                        should_cancel=self.is_cancelled,
                        cache_dir=self.cache_dir,
                    )
                    if self.is_cancelled():
                        raise LoadCancelled()
                    # Before the collector is back on: otherwise its next pass walks every object the load
                    # made, holding the interpreter lock (and the window) for most of a second at a million.
                    set_aside(len(opened.timeline))
                except LoadCancelled as error:
                    stopped = True
                    _free_in_background([error, opened], after=self._ended)
                    opened = None
            if stopped:
                raise LoadCancelled()
            assert opened is not None
        except LoadCancelled:
            self.cancelled.emit(self)
        except DataLoadError as error:
            self.failed.emit(self, error)
        except Exception as error:  # noqa: BLE001 - a worker must always answer, or the bar would spin forever
            log.exception("loading %s failed", self.path)
            name = str(self.path) if self.path is not None else _("packaged data")
            self.failed.emit(
                self, file_error(name, N_("cannot read the file: {reason}"), reason=str(error) or type(error).__name__)
            )
        else:
            self.progressed.emit(self, PROGRESS_STEPS, PROGRESS_STEPS)
            self.loaded.emit(self, LoadResult(self.path, opened.timeline, opened.index))
            if opened.incomplete:
                # Building the index while the window swaps the file in would make each of the GUI thread's
                # many Python calls of that moment wait for the interpreter lock: wait until it has painted.
                self._handed_over.wait(_HAND_OVER_WAIT_S)
            self._complete(opened)
            self.completed.emit(self)

    def _complete(self, opened: Opened) -> None:
        """After the window shows the file: its search index (searches typed meanwhile wait for it) and its
        cache entry, unless both were read from the cache."""
        try:
            with quick_thread_switches(), paused_collection(), checkpoints(self._stop_if_cancelled):
                opened.complete()
                set_aside(len(opened.timeline))
        except LoadCancelled:  # the window closed or another file was asked for: the file on screen stays as is
            return
        except Exception:  # noqa: BLE001 - the file is on screen; searching it still works by reading the titles
            log.exception("completing the index of %s failed", self.path)


class _Release(QObject):
    """Frees replaced bulletins a slice at a time from the event loop, between other events.

    Let go of at once by whoever holds them last, a million bulletins take half a second to free, in one C
    call. A thread freeing them in slices (the first way tried) competed with the loader and the GUI
    thread for the interpreter lock, and on a busy machine the GUI thread waited for it up to 330 ms
    (bench_responsive.py --trace); slices freed by the GUI thread itself take a few milliseconds each.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pending: list[list] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)  # whenever no other event waits
        self._timer.timeout.connect(self._step)

    def later(self, result: LoadResult | None) -> Callable[[], None]:
        """Keeps the bulletins of ``result`` alive, to be freed a slice at a time once the returned function
        is called (taken before the window lets go of them, so that the window's letting go frees nothing)."""
        if result is None or len(result.timeline) < FREEZE_FROM:
            return lambda: None
        bulletins = list(result.timeline.bulletins)

        def start() -> None:
            self._pending.append(bulletins)
            self._timer.start()

        return start

    def _step(self) -> None:
        items = self._pending[-1]
        del items[-_RELEASE_SLICE:]
        if not items:
            self._pending.pop()
            if not self._pending:
                self._timer.stop()


_RELEASE_SLICE = 1_024  # bulletins freed at once: about a millisecond


_FREE_DELAY = 0.05  # seconds from the end of run() to the loader thread's: it lets go of the interpreter then


def _free_in_background(garbage: list[object], after: threading.Event) -> None:
    """Frees a cancelled load's half-built model (``garbage``: its exception, whose frames hold the rest, and
    the parts already made) in a daemon thread once the loader thread has ended (``after`` set, then a short
    delay), so that it ends at once: freeing a million bulletins takes about a second and holds the
    interpreter lock, which the loader thread needs to end. The collector stays paused until they are
    freed, or its first pass would walk them all."""
    pause = paused_collection()
    pause.__enter__()

    def free() -> None:
        try:
            after.wait()
            time.sleep(_FREE_DELAY)
            garbage.clear()
        finally:
            pause.__exit__(None, None, None)

    threading.Thread(target=free, name="timeline-gui-free", daemon=True).start()


_stragglers: list[_LoadThread] = []


@atexit.register
def _wait_for_stragglers() -> None:
    """Before the interpreter shuts down: a thread running Python code then would crash it."""
    while _stragglers:
        with contextlib.suppress(RuntimeError):  # already deleted: it has finished
            _stragglers.pop().wait()


class BackgroundLoader(QObject):
    """Runs one load at a time; starting another cancels the one under way.

    ``finished`` is emitted once per load, whatever its outcome, after ``loaded``,
    ``failed`` or ``cancelled``; ``completed`` later, once the loaded file has its search index and
    cache entry, unless another file was shown meanwhile.
    """

    started = Signal(object)  # path (None: the packaged data)
    progressed = Signal(int, int)  # done, total
    loaded = Signal(object)  # LoadResult
    failed = Signal(object, object)  # path, DataLoadError
    cancelled = Signal(object)  # path
    finished = Signal(object)  # path
    completed = Signal(object)  # path: the file shown last has its search index, and its cache entry is written

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._current: _LoadThread | None = None
        self._threads: set[_LoadThread] = set()
        self._shown: LoadResult | None = None  # the last result handed over: freed in slices when replaced
        self._release = _Release(self)

    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def path(self) -> Path | None:
        return self._current.path if self._current is not None else None

    def start(self, path: Path | None, taxonomy: Taxonomy | None = None) -> None:
        self.cancel()
        thread = _LoadThread(path, taxonomy, self)
        self._current = thread
        self._threads.add(thread)
        # Bound methods of this object (which lives in the GUI thread): the calls arrive queued there.
        thread.progressed.connect(self._on_progress)
        thread.loaded.connect(self._on_loaded)
        thread.failed.connect(self._on_failed)
        thread.cancelled.connect(self._on_cancelled)
        thread.completed.connect(self._on_completed)
        thread.finished.connect(self._on_thread_finished)
        self.started.emit(path)
        thread.start(QThread.Priority.LowPriority)

    def cancel(self) -> None:
        """Stops the load under way, if any; its result, even if already computed, is dropped."""
        thread = self._current
        if thread is None:
            return
        thread.cancel()
        self._current = None
        self.cancelled.emit(thread.path)
        self.finished.emit(thread.path)

    def wait(self, timeout_ms: int = -1) -> bool:
        """Blocks until every worker has stopped, for ``timeout_ms`` at most in all (-1: no limit); True when
        none is left running."""
        deadline = time.monotonic() + timeout_ms / 1000
        for thread in list(self._threads):
            if timeout_ms < 0:
                thread.wait()
            elif not thread.wait(max(int((deadline - time.monotonic()) * 1000), 0)):
                return False
        return True

    def shutdown(self, timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancels the load under way and waits ``timeout_ms`` at most for the workers (the window closes
        meanwhile). One still running then is handed to ``_stragglers``: it outlives this object (a
        QThread destroyed while running would abort the app), and the process waits for it at exit."""
        self.cancel()
        if self.wait(timeout_ms):
            return True
        for thread in [thread for thread in self._threads if thread.isRunning()]:
            log.warning("a cancelled load of %s is still stopping", thread.path)
            self._threads.discard(thread)
            thread.setParent(None)
            _stragglers.append(thread)
        return False

    # Results of a thread that is no longer the current one (cancelled, replaced) are dropped.
    def _on_progress(self, thread: _LoadThread, done: int, total: int) -> None:
        if thread is self._current:
            self.progressed.emit(done, total)

    def _on_loaded(self, thread: _LoadThread, result: LoadResult) -> None:
        if thread is self._current and not thread.is_cancelled():
            self._current = None
            replaced, self._shown = self._shown, result
            thread.shown = result
            releasing = self._release.later(replaced)  # taken before the receivers let go of the replaced timeline
            self.loaded.emit(result)
            self.finished.emit(thread.path)
            del replaced
            releasing()
            QTimer.singleShot(0, thread.handed_over)  # after the paint the swap posted
        else:
            thread.handed_over()
            self._release.later(result)()  # the dropped result: freed when the queued signal lets go of it

    def _on_completed(self, thread: _LoadThread) -> None:
        if thread.shown is not None and thread.shown is self._shown:
            self.completed.emit(thread.path)

    def _on_failed(self, thread: _LoadThread, error: DataLoadError) -> None:
        if thread is self._current:
            self._current = None
            self.failed.emit(thread.path, error)
            self.finished.emit(thread.path)

    def _on_cancelled(self, thread: _LoadThread) -> None:
        if thread is self._current:  # cancelled from inside (not through cancel())
            self._current = None
            self.cancelled.emit(thread.path)
            self.finished.emit(thread.path)

    def _on_thread_finished(self) -> None:
        for thread in [t for t in self._threads if t.isFinished()]:
            self._threads.discard(thread)
            thread.deleteLater()


class LoadProgress(QWidget):
    """Status-bar widget: which file is being opened, how far, and a Cancel button."""

    def __init__(self, loader: BackgroundLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("load-progress")
        self.loader = loader
        self._path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("load-progress-label")
        self.bar = QProgressBar()
        self.bar.setObjectName("load-progress-bar")
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("load-cancel")
        self.cancel_button.clicked.connect(loader.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        loader.started.connect(self._on_started)
        loader.progressed.connect(self._on_progress)
        loader.finished.connect(self._on_finished)
        self.retranslate()
        self.hide()

    def _on_started(self, path: Path | None) -> None:
        self._path = path
        self.bar.setRange(0, 0)  # busy until the loader reports
        self.retranslate()
        show_notice(self)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0 and 0 < done < total:  # until the first step, the bar shows it is busy
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _on_finished(self, _path: Path | None) -> None:
        if not self.loader.busy:
            self.hide()

    def retranslate(self) -> None:
        name = self._path.name if self._path is not None else _("packaged data")
        self.label.setText(_("Opening {file}…").format(file=name))
        self.bar.setAccessibleName(_("Loading progress"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop opening the file; the bulletins on screen stay"))
