"""How the time of `timeline-gui validate` grows with hostile files: it must grow as the file does.

    python benchmarks/adversarial.py [--quick] [--runs 3] [--strict]

Each shape is written at 1×, 10× and 100× its base size, and validated in this process (the loader
call that `timeline-gui validate` makes). Printed per size: the file's size, the median time, and the
median time of a well-formed bulletins file of the same size (the baseline); per step, the growth ratio
of the time, which must stay at or near 10× (work in proportion to the file) and never come near 100×
(work in proportion to its square). A verdict per shape closes each block.

Shapes: a long list of places (once quadratic: each value compared with all before it); an anchored
list named again by every bulletin, of fixed and of growing length (an alias fan-out); lists nested
500 deep, many of them; a mapping with very many keys; a bulletin mapping with very many unknown keys.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from timeline_gui.storage.data_format import MAX_LIST_ITEMS  # noqa: E402
from timeline_gui.storage.loader import load_taxonomy, load_timeline  # noqa: E402

HEADER = "schema: 1\nbulletins:\n"
GOOD = (
    "  - id: b{n}\n    date: 2017-03-22\n    language: en\n    title:\n"
    '      en: "Ransomware on the rise"\n      fr: "Les rançongiciels en hausse"\n'
    "    initiatives: [igci]\n    places: [Lyon, Singapore]\n"
)
STEPS = (1, 10, 100)
# The growth ratio per tenfold step that still reads as linear: fixed costs make it smaller, a cache
# or a collector pass on a shared machine a little larger; quadratic work gives about 100.
LINEAR_AT_MOST = 25.0
SMALL_FILE = 500_000  # characters


def long_list(count: int) -> str:
    return HEADER + GOOD.format(n=0) + "    partners: [" + ", ".join(f"Partner{n}" for n in range(count)) + "]\n"


def aliased_bulletins(items: int, uses: int) -> str:
    anchor = GOOD.format(n=0) + "    partners: &p [" + ", ".join(f"P{n}" for n in range(items)) + "]\n"
    others = "".join(
        f"  - {{id: a{n}, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, partners: *p}}\n"
        for n in range(uses)
    )
    return HEADER + anchor + others


def alias_fan_out(uses: int) -> str:
    return aliased_bulletins(MAX_LIST_ITEMS, uses)


def alias_square(count: int) -> str:
    return aliased_bulletins(count, count)


def deep_nesting(count: int) -> str:
    nest = "[" * 500 + "]" * 500
    return HEADER + GOOD.format(n=0) + "junk:\n" + f"  - {nest}\n" * count


def wide_mapping(count: int) -> str:
    return HEADER + GOOD.format(n=0) + "junk:\n" + "".join(f"  key{n}: value\n" for n in range(count))


def wide_bulletin(count: int) -> str:
    return HEADER + GOOD.format(n=0) + "".join(f"    extra{n}: value\n" for n in range(count))


# name, text for a count, base count (full run), base count (--quick)
SHAPES: list[tuple[str, Callable[[int], str], int, int]] = [
    ("long list of partners", long_list, 1_500, 1_500),  # over the limit at every size: one path throughout
    ("alias fan-out: 1,000 partners named N times", alias_fan_out, 20, 8),
    ("alias square: N partners named N times", alias_square, 100, 40),
    ("lists nested 500 deep, N of them", deep_nesting, 20, 8),
    ("wide mapping: N keys", wide_mapping, 5_000, 2_000),
    ("wide bulletin: N unknown keys", wide_bulletin, 5_000, 2_000),
]


def well_formed(size: int) -> str:
    """A good bulletins file of about ``size`` characters: the baseline."""
    count = max(1, (size - len(HEADER)) // len(GOOD.format(n=0)) + 1)
    return HEADER + "".join(GOOD.format(n=n) for n in range(count))


def median_time(path: Path, taxonomy, runs: int) -> tuple[float, str]:
    times = []
    outcome = ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            outcome = f"valid, {len(load_timeline(path, taxonomy))} bulletins"
        except Exception as error:  # noqa: BLE001 - a DataLoadError is the expected outcome; others are shown
            errors = getattr(error, "errors", None)
            outcome = f"{len(errors)} problem(s): {errors[-1].message[:60]}" if errors else repr(error)[:80]
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes and one run of each big file (under 20 s)")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when a shape is not linear")
    parser.add_argument("--runs", type=int, default=None, help="runs per size, the median is shown (default 3)")
    args = parser.parse_args()
    runs = args.runs or (1 if args.quick else 3)
    taxonomy = load_taxonomy()
    verdicts = []
    sizes = ", ".join(f"{step}×" for step in STEPS)
    print(f"validate on hostile shapes at {sizes}; median of {runs} run(s), of 5 under {SMALL_FILE:,} characters")
    print(f"growth per tenfold step: linear reads about 10× (at most {LINEAR_AT_MOST:g}×), quadratic about 100×")
    with tempfile.TemporaryDirectory() as folder:
        path, baseline_path = Path(folder) / "hostile.yaml", Path(folder) / "baseline.yaml"
        for name, make, full, quick in SHAPES:
            base = quick if args.quick else full
            print(f"\n{name} (N = {base:,} × step)")
            previous = None
            ratios = []
            for step in STEPS:
                text = make(base * step)
                path.write_text(text, encoding="utf-8")
                baseline_path.write_text(well_formed(len(text)), encoding="utf-8")
                # Small files take a few milliseconds, where one run is mostly noise on a shared machine.
                runs_here = runs if len(text) > SMALL_FILE else max(runs, 5)
                seconds, outcome = median_time(path, taxonomy, runs_here)
                baseline, _ = median_time(baseline_path, taxonomy, runs_here)
                growth = ""
                if previous is not None:
                    ratios.append(seconds / max(previous, 1e-6))
                    growth = f"  growth {ratios[-1]:5.1f}×"
                print(
                    f"  {step:>3}×  {len(text) / 1e6:7.2f} MB  {seconds * 1000:8.1f} ms"
                    f"  (baseline, a good file this size: {baseline * 1000:8.1f} ms, ratio {seconds / baseline:5.2f})"
                    f"{growth}  → {outcome}"
                )
                previous = seconds
            worst = max(ratios)
            verdict = "linear" if worst <= LINEAR_AT_MOST else "WORSE THAN LINEAR"
            verdicts.append((name, worst, verdict))
            print(f"  verdict: {verdict} (largest growth per tenfold step {worst:.1f}×)")
    print("\nsummary")
    for name, worst, verdict in verdicts:
        print(f"  {name:<46} largest growth {worst:5.1f}×  {verdict}")
    linear = all(verdict == "linear" for *_, verdict in verdicts)
    return 0 if linear or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
