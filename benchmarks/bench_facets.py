"""Facets, date range and search: from a change to the painted timeline with every facet count updated.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_facets.py            # 100k and 1M bulletins
    QT_QPA_PLATFORM=offscreen python benchmarks/bench_facets.py --quick    # 10k and 100k

Each run applies one change of a cycle that an analyst might make: a value of a facet checked or unchecked
(initiatives, crimes, a region, a partner, the original language), the date range moved, a search word,
a quoted phrase and an exclusion typed. Two figures per size:

- domain: the shown positions and every count of every facet value (TimelineIndex.matching and facet_counts);
- painted: the window's whole path (Session.set_query: model, place kept, panel counts, chips, range)
  until the timeline's viewport has repainted.

Baselines: the same queries answered by a plain Python filter over the bulletins (what the index replaces),
measured on the same timeline; and the same window changing only its search word, to the same repaint (what any
change of the timeline costs on this machine, facets or not).
Targets: at 1M, 100 ms from the change to the painted view; at 100k, 16 ms.
Timelines are tools/gui_synthetic.py's, with places and partners added from the packaged names table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
sys.path.insert(0, str(HERE))

import gui_synthetic  # noqa: E402

from timeline_gui.domain.facets import CRIME, INITIATIVE, LANGUAGE, PARTNER, PLACE  # noqa: E402
from timeline_gui.domain.model import Timeline  # noqa: E402
from timeline_gui.domain.query import Query, SearchTerms, TimelineIndex  # noqa: E402
from timeline_gui.domain.text import fold  # noqa: E402

TARGETS_MS = {1_000_000: 100.0, 100_000: 16.0}
PLACES = ["Nigeria", "Namibia", "West Africa", "Central Africa", "Nepal", "Asia", "El Salvador", "Europe", "Lyon"]
PARTNERS = ["Europol", "UNODC", "Trend Micro", "Council of Europe", "Cellebrite"]


def changes() -> list[Query]:
    """A cycle of queries, each one change from the one before."""
    steps = [
        lambda q: q.toggled(INITIATIVE, "capacity-building"),
        lambda q: q.toggled(INITIATIVE, "digital-forensics"),
        lambda q: q.toggled(PLACE, "M49:002"),
        lambda q: Query(**{**q.__dict__, "start": dt.date(2000, 1, 1), "end": dt.date(2016, 12, 31)}),
        lambda q: Query(**{**q.__dict__, "text": "cyber"}),
        lambda q: q.toggled(CRIME, "financial-crime"),
        lambda q: Query(**{**q.__dict__, "text": "cyber -botnet"}),
        lambda q: q.toggled(PARTNER, "Europol"),
        lambda q: Query(**{**q.__dict__, "text": '"global cooperation"'}),
        lambda q: q.toggled(LANGUAGE, "fr"),
        lambda q: q.toggled(PLACE, "M49:002"),
        lambda q: q.without_filters(),
        lambda q: Query(),
    ]
    queries, query = [], Query()
    for step in steps:
        query = step(query)
        queries.append(query)
    return queries


def synthetic(count: int) -> Timeline:
    base = gui_synthetic.timeline(count)
    rng = random.Random(17)
    bulletins = [
        bulletin._replace(
            places=tuple(rng.sample(PLACES, rng.choice((0, 0, 1, 1, 2)))),
            partners=tuple(rng.sample(PARTNERS, rng.choice((0, 0, 1, 2)))),
        )
        for bulletin in base.bulletins
    ]
    return Timeline(bulletins, base.taxonomy, source=f"<synthetic {count}>")


def stats(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    return f"min {ms[0]:8.2f}  median {statistics.median(ms):8.2f}  max {ms[-1]:8.2f} ms  (n={len(ms)})"


def brute_force(timeline: Timeline, query: Query) -> list[int]:
    """The query answered bulletin by bulletin, with no index: the baseline."""
    terms = SearchTerms.parse(query.text)
    taxonomy = timeline.taxonomy
    subtree = {key: taxonomy.subtree_keys(key) for key in taxonomy.by_key}
    africa = {"Nigeria", "Namibia", "West Africa", "Central Africa"}
    kept = []
    for position, bulletin in enumerate(timeline.bulletins):
        if query.start and bulletin.date < query.start or query.end and bulletin.date > query.end:
            continue
        if terms:
            words = fold(bulletin.title_en).split() + fold(bulletin.title_fr).split()
            text = " ".join(words)
            if not all(any(word in each for each in words) for word in terms.words):
                continue
            if not all(phrase in text for phrase in terms.phrases) or any(term in text for term in terms.excluded):
                continue
        if query.initiatives and not any(k in subtree[v] for v in query.initiatives for k in bulletin.initiatives):
            continue
        if query.crimes and not any(k in subtree[v] for v in query.crimes for k in bulletin.crime_types):
            continue
        if query.places and not any(p in africa for p in bulletin.places):
            continue
        if query.partners and not query.partners & set(bulletin.partners):
            continue
        if query.languages and bulletin.language not in query.languages:
            continue
        kept.append(position)
    return kept


def measure(count: int, runs: int) -> tuple[float, float]:
    import bench_gui

    from timeline_gui.domain.query import Query as Q

    timeline = synthetic(count)
    queries = changes()
    index = TimelineIndex(timeline)
    index.prepare()
    gc.collect()

    domain: list[float] = []
    for number in range(runs):
        query = queries[number % len(queries)]
        start = time.perf_counter()
        index.matching(query)
        index.facet_counts(query)
        domain.append(time.perf_counter() - start)

    baseline: list[float] = []
    for query in queries[: max(3, min(len(queries), 3 if count >= 1_000_000 else len(queries)))]:
        start = time.perf_counter()
        brute_force(timeline, query)
        baseline.append(time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as settings_dir:
        app, window, *_ = bench_gui.make_window(timeline, Path(settings_dir))
        watch = bench_gui.PaintWatch(window.timeline_view.viewport())
        painted: list[float] = []
        followed: list[float] = []
        for number in range(runs):
            query = queries[number % len(queries)]
            before = watch.count
            start = time.perf_counter()
            # The window's own path: the session answers the query and keeps the reader's place, and every
            # observer follows (timeline, counts, chips, fields), until the timeline has repainted.
            window.session.set_query(query if query != window.session.query else Q(text=" "))
            bench_gui.wait_painted(app, watch, before)
            painted.append(time.perf_counter() - start)
            # The time axis and the overview strip follow many shown bulletins once changes pause (ui/pacing.py).
            while window.time_axis.is_narrowing():
                app.processEvents()
            followed.append(time.perf_counter() - start)
        # The same window changing only its search between two words: what any change costs to repaint.
        searches: list[float] = []
        for number in range(runs):
            before = watch.count
            start = time.perf_counter()
            window.session.set_query(Q(text=("cyber", "police")[number % 2]))
            bench_gui.wait_painted(app, watch, before)
            searches.append(time.perf_counter() - start)
        window.close()
        app.processEvents()

    target = TARGETS_MS.get(count)
    print(f"\n{count:,} bulletins, {len(queries)} kinds of change")
    print(f"  domain (shown positions + all counts)   {stats(domain)}")
    print(f"  painted (window: counts, chips, repaint) {stats(painted)}")
    print(f"  ... until the axis and strip follow     {stats(followed)}  (many shown: after a pause of changes)")
    print(f"  window baseline: a search word changed  {stats(searches)}")
    ratio = statistics.median(baseline) / statistics.median(painted)
    print(f"  baseline: plain Python filter, no counts {stats(baseline)}  -> painted is {ratio:.0f}x faster")
    if target is not None:
        median_ms = statistics.median(painted) * 1000
        verdict = "MET" if median_ms <= target else "MISSED"
        print(f"  target: median painted <= {target:.0f} ms: {verdict} ({median_ms:.1f} ms)")
    return statistics.median(domain), statistics.median(painted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k bulletins")
    parser.add_argument("--runs", type=int, default=39)
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    for count in (10_000, 100_000) if args.quick else (100_000, 1_000_000):
        measure(count, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
