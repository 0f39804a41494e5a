"""Time axis benchmark: one painted frame at 1k, 100k and 1M bulletins, one zoom step at 1M, the memory it adds.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_axis.py            # 1k, 100k and 1M bulletins
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_axis.py --quick    # 1k and 100k

Each frame is laid out afresh (the view moved by a pixel between two frames, so no frame reuses the last one's
layout) and painted synchronously (QWidget.repaint) in a 1200 × 600 axis, the default lanes by initiative. Views:
everything fitted (all clusters at 100k and up), and one year in view (markers and titles at 1k). Figures are
min / median / max; the baseline of the 1M frame is the 1k frame of the same view, measured in the same run.
Timelines are synthetic (tools/gui_synthetic.py: 1990–2030, titles of 60–120 characters).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))  # the synthetic data generators, shared with the tests

import gui_synthetic  # noqa: E402

FRAME_TARGET_MS = 8.0
FRAME_RATIO = 1.5
ZOOM_TARGET_MS = 16.0
BYTES_TARGET = 50.0
ROUNDS = 31


def stats(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"min {ms[0]:7.2f}  median {statistics.median(ms):7.2f}  max {ms[-1]:7.2f} ms  (n={len(ms)})"


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def build(count: int):
    from timeline_gui.storage.loader import load_taxonomy
    from timeline_gui.ui.session import Session

    timeline = gui_synthetic.timeline(count, load_taxonomy())
    session = Session(timeline)
    for node in timeline.taxonomy.nodes():  # the taxonomy tree's counts build these at start in the app
        session.timeline_index.tagged(node.key)
    return timeline, session


def axis_for(session):
    from PySide6.QtTest import QTest

    from timeline_gui.ui.time_axis import TimeAxis

    widget = TimeAxis(session)
    widget.resize(1200, 600)
    widget.show()
    if not QTest.qWaitForWindowExposed(widget):  # repaint() paints nothing until the window is exposed
        raise SystemExit("the axis window was never exposed")
    widget.fit()
    return widget


def frames(app, widget, rounds: int = ROUNDS) -> list[float]:
    times = []
    for number in range(rounds):
        widget.pan(1 if number % 2 else -1)  # a new scale: the frame is laid out again
        start = time.perf_counter()
        widget.repaint()
        times.append(time.perf_counter() - start)
        app.processEvents()
    return times


def one_year(widget) -> None:
    from timeline_gui.domain import axis

    middle = (widget.data.first_day + widget.data.last_day) // 2
    widget.set_scale(axis.Scale.fit(middle - 182, middle + 182, widget.width()))


def zoom_steps(app, widget, rounds: int = ROUNDS) -> list[float]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    times = []
    for number in range(rounds):
        pointer = QPointF(300 + number * 10, 200)
        notch = 120 if number % 2 == 0 else -120
        wheel = QWheelEvent(
            pointer,
            widget.mapToGlobal(pointer),
            QPoint(),
            QPoint(0, notch),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        start = time.perf_counter()
        QApplication.sendEvent(widget, wheel)
        widget.repaint()  # the next painted frame
        times.append(time.perf_counter() - start)
        app.processEvents()
    return times


def memory_per_bulletin(timeline, session) -> float:
    """Bytes the axis holds for a timeline (its days and lanes), per bulletin, traced while it is built."""
    from timeline_gui.domain import axis

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    timeline.__dict__.pop("days", None)  # counted here: the axis is what reads it
    days = timeline.days
    index = session.timeline_index
    data = axis.AxisData.of(timeline, session.shown_positions, index.tagged)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del data, days
    return (after - before) / len(timeline)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k and 100k only")
    options = parser.parse_args(argv)
    from timeline_gui.ui.app import application

    app = application()
    sizes = (1_000, 100_000) if options.quick else (1_000, 100_000, 1_000_000)
    medians: dict[tuple[str, int], float] = {}
    for count in sizes:
        started = time.perf_counter()
        timeline, session = build(count)
        print(f"{count:>9,} bulletins built in {time.perf_counter() - started:.1f} s", flush=True)
        widget = axis_for(session)
        for view in ("fitted", "one year"):
            if view == "one year":
                one_year(widget)
            times = frames(app, widget)
            medians[view, count] = statistics.median(times)
            frame = widget.current_frame()
            drawn = f"{len(frame.markers)} markers, {len(frame.clusters)} clusters"
            print(f"  paint one frame, {view:<9} {stats(times)}  [{drawn}]", flush=True)
            print(
                f"  {'':<25} target median <= {FRAME_TARGET_MS} ms: "
                f"{verdict(medians[view, count] * 1000 <= FRAME_TARGET_MS)}",
                flush=True,
            )
        if count == sizes[-1]:
            widget.fit()
            times = zoom_steps(app, widget)
            print(f"  one zoom step to the painted frame {stats(times)}", flush=True)
            print(
                f"  {'':<25} target median <= {ZOOM_TARGET_MS} ms: "
                f"{verdict(statistics.median(times) * 1000 <= ZOOM_TARGET_MS)}",
                flush=True,
            )
            per = memory_per_bulletin(timeline, session)
            print(f"  memory the axis adds      {per:7.1f} B/bulletin", flush=True)
            print(f"  {'':<25} target <= {BYTES_TARGET:.0f} B/bulletin: {verdict(per <= BYTES_TARGET)}", flush=True)
        widget.close()
        widget.deleteLater()
        app.processEvents()
        del widget, timeline, session
        gc.collect()
    largest = sizes[-1]
    for view in ("fitted", "one year"):
        ratio = medians[view, largest] / medians[view, 1_000]
        print(
            f"frame {view}: {largest:,} vs 1,000 (baseline) median ratio {ratio:.2f}, "
            f"target <= {FRAME_RATIO}: {verdict(ratio <= FRAME_RATIO)}",
            flush=True,
        )
        if largest > 100_000:  # the same view drawn with the same kind of items (clusters) at both sizes
            context = medians[view, largest] / medians[view, 100_000]
            print(f"  (context) {largest:,} vs 100,000: median ratio {context:.2f}", flush=True)


if __name__ == "__main__":
    main()
