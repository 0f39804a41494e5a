#!/usr/bin/env python3
"""Listing import benchmark: reading a news listing is linear in its size, and costs a small multiple of the
least any reader must do.

    python benchmarks/bench_listing.py                 # 1,000, 10,000 and 100,000 rows, 5 runs each
    python benchmarks/bench_listing.py --sizes 1000 --runs 3

For each size, a synthetic listing (tools/generate.py's titles, half English and half French, dates in the
title's language) is read by ``read_listing`` against the packaged taxonomy and bulletins: dates, language
guesses, duplicates and tag suggestions. Printed: min / median / max over ``--runs``, microseconds per row,
and two ratios of medians:

- ``per row vs smallest``: the time per row against that of the smallest size. Target: at most 1.5 (linear).
- ``vs baseline``: against the baseline, which splits the same text into lines and folds each (``text.fold``,
  what any reader comparing titles up to case and accents does). Reported, not a target.

Then one listing holding a single 10 MB line (rejected unread) against ``bytes.find`` of its line end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

from generate import EN_WORDS, FR_WORDS, _title  # noqa: E402

from timeline_gui import i18n  # noqa: E402
from timeline_gui.domain.dates import _listing_date  # noqa: E402
from timeline_gui.domain.text import fold  # noqa: E402
from timeline_gui.storage.listing import read_listing  # noqa: E402
from timeline_gui.storage.loader import load_timeline  # noqa: E402

LINEAR_TARGET = 1.5


def listing(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = []
    for number in range(count):
        language = "en" if number % 2 else "fr"
        date = i18n.format_date(dt.date.fromordinal(rng.randint(730_000, 740_000)), language)
        lines += [date, _title(rng, EN_WORDS if language == "en" else FR_WORDS), ""]
    return "\n".join(lines)


def fresh() -> None:
    """Each run reads its dates anew: the cache of date lines would otherwise serve every run after the first."""
    _listing_date.cache_clear()


def timed(function, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> str:
    return f"{name:<28} min {min(times):8.3f} s  median {statistics.median(times):8.3f} s  max {max(times):8.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    timeline = load_timeline()
    smallest: float | None = None
    for size in args.sizes:
        text = listing(size)
        data = text.encode("utf-8")
        ours = timed(lambda data=data: read_listing(data, timeline.taxonomy, timeline.bulletins), args.runs, fresh)
        base = timed(lambda text=text: [fold(line) for line in text.splitlines()], args.runs)
        per_row = statistics.median(ours) / size
        smallest = per_row if smallest is None else smallest
        ratio = per_row / smallest
        verdict = "MET" if ratio <= LINEAR_TARGET else "MISSED"
        print(f"{size:,} rows ({len(data) / 1e6:.1f} MB)")
        print("  " + row("read_listing", ours) + f"  {per_row * 1e6:7.1f} µs/row")
        print("  " + row("baseline: split + fold", base))
        print(
            f"  per row vs smallest {ratio:.2f} (target ≤ {LINEAR_TARGET}: {verdict}); "
            f"vs baseline {statistics.median(ours) / statistics.median(base):.1f}x"
        )
    long_line = b"22 March 2017\n" + b"x" * 10_000_000 + b"\n"
    ours = timed(lambda: read_listing(long_line, timeline.taxonomy), args.runs)
    base = timed(lambda: long_line.find(b"\n", 20), args.runs)
    print("one 10 MB line")
    print("  " + row("read_listing", ours))
    print("  " + row("baseline: bytes.find", base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
