#!/usr/bin/env python3
"""Responsiveness benchmark: how long the window cannot answer while a big file opens, and just after.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_responsive.py --quick   # 100k, one run, < 1 min (CI)
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_responsive.py           # 100k and 1M, 3 runs each
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_responsive.py --sizes 100000 --runs 5 --trace

Each run is a fresh process holding a real ``MainWindow`` (packaged data on screen). A ``QTimer`` of
5 ms runs on the GUI thread, inside the event loop, and every interval between two of its ticks is
recorded; an interval much longer than 5 ms is time the window could neither paint nor answer input.

- ``idle``: one second with nothing loading: the baseline, measured in the same process.
- ``first open``: ``MainWindow.open_file`` (File ▸ Open's path) on the file, with an empty cache
  folder: the worker thread reads, parses, builds the search index and writes the cache entry, then
  the GUI thread swaps the new models in; then the loader thread builds the search index and writes the
  cache entry while the list is on screen. Measured until that is done and then for ``SETTLE_SECONDS``
  more: the collector's first pass after a load and the freeing of the model it replaced come after the
  load itself, and a user waits for them all the same.
- ``cached reopen``: the same again, the cache entry now in place; this load replaces a model of the
  same size (1M replacing 1M at 1M).
- ``first open, general``: (100k and below, not with --quick) the same file with a comment line on top,
  so that the general reader (libyaml, YAML nodes checked one by one) reads it.

Printed for each: the intervals' min / median / p99 / max (all runs pooled), the longest interval
of each run (min / median / max over runs), the time until the new list was painted (``usable``:
the viewport's first paint after the load finished), and the verdict on the longest interval of all
runs against the target (50 ms, every size), beside the idle baseline; the moment the file became
searchable (its search index built, the cache entry written), and at a first open the moment a search
typed as soon as the list showed (``SEARCH_TYPED``, which waits for the index) was answered on screen.
``--trace`` also lists, for
the intervals over 30 ms (``--trace-ms``), what the loader thread was running when the GUI thread got the
interpreter back (the line that just held it). Files come from tools/generate.py (seed 1) and are
kept in ``--workdir`` (shared with bench_load.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_gui, when imported by the child
sys.path.insert(0, str(HERE.parent / "tools"))  # the synthetic data generators, shared with the tests

TIMER_MS = 5
IDLE_SECONDS = 1.0
TRACE_FROM = 0.030  # seconds: intervals at least this long are attributed with --trace
TARGET_LONGEST = 0.050  # seconds: no interval longer than this while a file opens, at any size
SETTLE_SECONDS = 2.0  # measured after the load has finished
SEARCH_TYPED = "sécurité"  # typed as soon as a first open shows the list, before its search index is built


# ---------------------------------------------------------------- child: one window, one run


def _child(path: str, general: str | None, trace: bool, trace_from: float = TRACE_FROM) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="bench-responsive-")
    os.environ["XDG_CACHE_HOME"] = str(Path(home) / "cache")  # an empty cache folder for this run
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, QTimer

    from timeline_gui.storage.loader import load_taxonomy, load_timeline
    from timeline_gui.ui.app import application
    from timeline_gui.ui.main_window import MainWindow
    from timeline_gui.ui.settings import Settings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(home) / "config"))
    app = application()
    try:
        from bench_gui import quiet_qt

        quiet_qt()
    except ImportError:  # pragma: no cover
        pass
    taxonomy = load_taxonomy()
    window = MainWindow(load_timeline(None, taxonomy), Settings())
    window.resize(1200, 760)
    window.show()
    for _ in range(5):
        app.processEvents()
    main_ident = __import__("threading").get_ident()
    paints: list[float] = []

    class PaintClock(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                paints.append(time.perf_counter())
            return False

    collections_seen: list[tuple[float, float, int, int]] = []  # (start, seconds, generation, objects collected)
    collecting: dict[str, float] = {}

    def on_collection(phase: str, info: dict) -> None:
        if phase == "start":
            collecting["start"] = time.perf_counter()
        elif "start" in collecting:
            begun = collecting.pop("start")
            collections_seen.append((begun, time.perf_counter() - begun, info["generation"], info["collected"]))

    if trace:
        __import__("gc").callbacks.append(on_collection)
    paint_clock = PaintClock()
    window.timeline_view.viewport().installEventFilter(paint_clock)

    def measure(action=None) -> dict:
        """Runs the event loop with the 5 ms timer, while ``action``'s load runs (or for IDLE_SECONDS)."""
        clock = QElapsedTimer()
        loop = QEventLoop()
        gaps: list[float] = []
        culprits: list[tuple[float, str]] = []
        last = [0]
        last_cpu = [0.0]

        def tick() -> None:
            now, cpu = clock.nsecsElapsed(), time.thread_time()
            gap = (now - last[0]) / 1e9
            own = cpu - last_cpu[0]  # CPU time the GUI thread itself spent in the interval
            last[0], last_cpu[0] = now, cpu
            gaps.append(gap)
            if trace and gap >= trace_from:
                others = {ident: frame for ident, frame in sys._current_frames().items() if ident != main_ident}
                if not others:
                    culprits.append(
                        (gap, "(no loader thread left: the GUI thread's own work, e.g. swapping the models in)")
                    )
                elif own >= gap / 2:  # the loader thread's frame below is where it stood, not what held the window
                    culprits.append((gap, "(the GUI thread's own work, its CPU time most of the interval)"))
                    return
                for innermost in others.values():
                    stack = []
                    frame = innermost
                    while frame is not None and len(stack) < 3:
                        code = frame.f_code
                        stack.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
                        frame = frame.f_back
                    culprits.append((gap, " < ".join(stack)))

        timer = QTimer()
        timer.setInterval(TIMER_MS)
        timer.setTimerType(__import__("PySide6.QtCore", fromlist=["Qt"]).Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        finished: list[float] = []
        completed: list[float] = []
        searched: list[float] = []

        def answered() -> None:
            if window.session.query.text == SEARCH_TYPED and not window.session.search_pending:
                searched.append(time.perf_counter())

        if action is None:
            QTimer.singleShot(int(IDLE_SECONDS * 1000), loop.quit)
        else:

            def done(_path) -> None:
                finished.append(time.perf_counter())
                if not window.session.timeline_index.search_ready:  # typed before the index is built: it waits
                    QTimer.singleShot(0, lambda: window.search.setText(SEARCH_TYPED))

            def complete(_path) -> None:  # the search index built and the cache entry written, after the list shows
                completed.append(time.perf_counter())
                QTimer.singleShot(int(SETTLE_SECONDS * 1000), loop.quit)

            window.loader.finished.connect(done)
            window.loader.completed.connect(complete)
            window.session.query_changed.connect(answered)
        clock.start()
        last[0], last_cpu[0] = clock.nsecsElapsed(), time.thread_time()
        timer.start()
        start = time.perf_counter()
        collections_seen.clear()
        if action is not None:
            action()
        loop.exec()
        timer.stop()
        if action is not None:
            window.loader.finished.disconnect(done)
            window.loader.completed.disconnect(complete)
            window.session.query_changed.disconnect(answered)
            window.search.clear()  # the next load starts from the whole list again
        took = (finished[0] if finished else time.perf_counter()) - start
        painted = [moment for moment in paints if finished and moment >= finished[0]]
        for _begun, seconds, generation, collected in collections_seen:
            if seconds >= trace_from:
                where = f"the collector (generation {generation}, {collected:,} objects freed), any thread"
                culprits.append((seconds, where))
        usable = (painted[0] if painted else float("nan")) - start
        return {
            "gaps": gaps,
            "seconds": took,
            "usable": usable,
            "indexed": (completed[0] if completed else float("nan")) - start,
            "searched": (searched[0] if searched else float("nan")) - start,
            "culprits": culprits,
            "shown": len(window.session.timeline),
        }

    result = {"idle": measure()}
    result["first"] = measure(lambda: window.open_file(Path(path)))
    result["second"] = measure(lambda: window.open_file(Path(path)))
    if general:
        result["general"] = measure(lambda: window.open_file(Path(general)))
    window.close()
    shutil.rmtree(home, ignore_errors=True)
    return result


# ---------------------------------------------------------------- driver


def _files(workdir: Path, size: int) -> tuple[Path, Path]:
    import generate

    path = workdir / f"bulletins-{size}-seed1.yaml"
    if not path.exists():
        print(f"  generating {path} ...", flush=True)
        generate.write_yaml(path.with_suffix(".tmp"), size, seed=1)
        path.with_suffix(".tmp").replace(path)
    general = workdir / (path.stem + "-general.yaml")  # as bench_load.py: a comment on top
    return path, general


def _general_file(path: Path, general: Path) -> Path:
    if not general.exists():
        general.with_suffix(".tmp").write_bytes(b"# not the canonical layout\n" + path.read_bytes())
        general.with_suffix(".tmp").replace(general)
    return general


def _ms(value: float) -> str:
    return f"{value * 1000:8.1f}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarize(size: int, runs: list[dict], trace: bool) -> list[str]:
    lines = []
    idle_median = statistics.median(gap for run in runs for gap in run["idle"]["gaps"])
    for phase, name in (
        ("idle", "idle (baseline)"),
        ("first", "first open"),
        ("second", "cached reopen"),
        ("general", "first open, general"),
    ):
        if phase not in runs[0]:
            continue
        gaps = [gap for run in runs for gap in run[phase]["gaps"]]
        longest = [max(run[phase]["gaps"]) for run in runs]
        line = (
            f"{size:>10,}  {name:<22} {_ms(min(gaps))} {_ms(statistics.median(gaps))} "
            f"{_ms(_percentile(gaps, 0.99))} {_ms(max(gaps))}"
            f"   longest/run {_ms(min(longest))} {_ms(statistics.median(longest))} {_ms(max(longest))}"
        )
        if phase != "idle":
            usable = [run[phase]["usable"] for run in runs]
            indexed = statistics.median(run[phase]["indexed"] for run in runs)
            line += f"   usable {min(usable):6.2f} {statistics.median(usable):6.2f} {max(usable):6.2f} s"
            line += f" (searchable: index and cache entry {indexed:6.2f} s"
            searched = [run[phase]["searched"] for run in runs if run[phase]["searched"] == run[phase]["searched"]]
            if searched:  # NaN when the index was there at once (read from the cache)
                line += f"; a search typed on the list answered {statistics.median(searched):6.2f} s"
            line += ")"
            if phase in ("first", "second"):
                verdict = "MET" if max(gaps) <= TARGET_LONGEST else "MISSED"
                line += f"   longest {max(gaps) * 1000:.0f} ms vs target ≤ {TARGET_LONGEST * 1000:.0f} ms: {verdict}"
        lines.append(line)
        print(line, flush=True)
        if trace and phase != "idle":
            counter: collections.Counter[str] = collections.Counter()
            worst: dict[str, float] = {}
            for run in runs:
                for gap, where in run[phase]["culprits"]:
                    counter[where] += 1
                    worst[where] = max(worst.get(where, 0.0), gap)
            for where, count in sorted(counter.items(), key=lambda item: -worst[item[0]])[:12]:
                print(f"{'':>14}{count:4d}× up to {worst[where] * 1000:6.0f} ms  {where}", flush=True)
    shown = {run[phase]["shown"] for run in runs for phase in ("first", "second")}
    print(
        f"{'':>12}(baseline: idle median interval {idle_median * 1000:.2f} ms, longest idle interval "
        f"{max(gap for run in runs for gap in run['idle']['gaps']) * 1000:.1f} ms; "
        f"bulletins shown after each load: {sorted(shown)})",
        flush=True,
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k only, one run (CI, under a minute)")
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",") if part],
        help="comma-separated numbers of bulletins",
    )
    parser.add_argument("--runs", type=int, default=0, help="fresh processes per size (default 3; 1 with --quick)")
    parser.add_argument(
        "--general", action="store_true", help="also the general reader up to 100k (default unless --quick)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="name what the loader thread ran during each interval over 30 ms"
    )
    parser.add_argument(
        "--trace-ms",
        type=float,
        default=TRACE_FROM * 1000,
        help="with --trace: the shortest interval named (default 30)",
    )
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "timeline-gui-bench")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        path, general, trace = args.child
        print(json.dumps(_child(path, general or None, trace == "1", args.trace_ms / 1000)))
        return 0
    sizes = args.sizes or ([100_000] if args.quick else [100_000, 1_000_000])
    runs = args.runs or (1 if args.quick else 3)
    with_general = args.general or not args.quick
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    print(
        f"timeline_gui responsiveness while a file opens, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"{os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {runs} run(s) each, {TIMER_MS} ms GUI timer, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'bulletins':>10}  {'':<22} {'intervals (ms): min':>8} {'median':>8} {'p99':>8} {'max':>8}"
        "   (longest per run: min median max; usable after: min median max)"
    )
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for size in sizes:
        path, general = _files(args.workdir, size)
        if with_general and size <= 100_000:
            _general_file(path, general)
        else:
            general = None
        results = []
        for _ in range(runs):
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                str(path),
                str(general or ""),
                "1" if args.trace else "0",
                "--trace-ms",
                str(args.trace_ms),
            ]
            done = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        summarize(size, results, args.trace)
    print(f"(total {time.perf_counter() - started:.0f} s; load average at the end {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
