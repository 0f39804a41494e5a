#!/usr/bin/env python3
"""Load benchmark: first and second open of large bulletins files, against baselines.

    python benchmarks/bench_load.py                  # 1,000 and 100,000 bulletins (a few minutes)
    python benchmarks/bench_load.py --quick          # 1,000 and 10,000 (under a minute; for CI)
    python benchmarks/bench_load.py --full           # also 1,000,000 (about 10 minutes, 2 GB of memory)
    python benchmarks/bench_load.py --sizes 50000 --runs 5

Every measurement runs in a fresh Python process (nothing warm, nothing shared) and is repeated
``--runs`` times; the table shows min / median / max and the ratio of the medians:

- ``yaml.load``: ``yaml.load(text, Loader=CSafeLoader)`` of the file (file read included); the
  baseline of the first open. Skipped from 1M on (it needs ~13 GB and ~100 s; ``--yaml-at-1m``).
- ``first open``: ``load_timeline(path, taxonomy, cache_dir=<empty folder>)``: read, parse, check,
  build the model and write the cache entry. Target: at most 0.4x yaml.load (100k), 15 s (1M).
- ``first open, general``: the same file with a comment line on top, so that the general reader (YAML
  nodes checked one by one) reads it instead of the fast one; up to 100k only.
- ``json.loads``: read and ``json.loads`` of the same data as JSON; the baseline of the second open.
- ``second open``: ``load_timeline`` again with the entry in place (the file's bytes hashed again,
  the entry checked and read). Target: at most 2x json.loads.
- ``RSS/bulletin``: resident memory after the first open (and after also building the search index
  the window builds: folded titles, month keys, taxonomy positions, id lookup), minus before, per
  bulletin. Target at 1M: at most 1 KB.
- ``peak RSS/bulletin, general``: the peak resident memory (``ru_maxrss``) of the general reader's
  process during the open, minus the peak before it, per bulletin: the file's bytes and text, the YAML
  nodes alive at once and the model.

The synthetic files come from tools/generate.py (seed 1) and are kept in ``--workdir``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))  # the synthetic data generators, shared with the tests

import generate  # noqa: E402

TARGET_FIRST_RATIO = 0.4
TARGET_SECOND_RATIO = 2.0
TARGET_FIRST_1M_SECONDS = 15.0
TARGET_RSS_1M_BYTES = 1024
GENERAL_UP_TO = 100_000  # the general reader takes about a minute a run at 1M (peak 1.7 GB)


# ---------------------------------------------------------------- worker (one measurement per process)


def _rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def worker(method: str, path: str, cache_dir: str | None) -> dict:
    if method == "yaml":
        import yaml

        start = time.perf_counter()
        with open(path, encoding="utf-8") as stream:
            data = yaml.load(stream.read(), Loader=yaml.CSafeLoader)
        return {"seconds": time.perf_counter() - start, "count": len(data["bulletins"])}
    if method == "json":
        start = time.perf_counter()
        with open(path, encoding="utf-8") as stream:
            data = json.loads(stream.read())
        return {"seconds": time.perf_counter() - start, "count": len(data["bulletins"])}

    from timeline_gui.domain.query import Query, TimelineIndex
    from timeline_gui.storage.loader import load_taxonomy, load_timeline

    taxonomy = load_taxonomy()
    before = _rss()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    start = time.perf_counter()
    timeline = load_timeline(path, taxonomy, cache_dir=cache_dir)
    seconds = time.perf_counter() - start
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) * 1024
    result = {"seconds": seconds, "count": len(timeline), "peak_rss": peak / len(timeline)}
    if method == "first":
        after_load = _rss()
        start = time.perf_counter()
        index = TimelineIndex(timeline)
        index.matching(Query("sécurité"))
        for node in taxonomy.nodes():
            index.count(node.key)
        index.group_by_month(index.all_positions())
        timeline.index_of(timeline.bulletins[-1].id)
        result["index_seconds"] = time.perf_counter() - start
        result["rss_model"] = (after_load - before) / len(timeline)
        result["rss_with_index"] = (_rss() - before) / len(timeline)
    return result


# ---------------------------------------------------------------- driver


def _run(method: str, path: Path, cache_dir: Path | None = None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", method, str(path)]
    if cache_dir is not None:
        command.append(str(cache_dir))
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _files(workdir: Path, size: int) -> tuple[Path, Path]:
    yaml_path, json_path = workdir / f"bulletins-{size}-seed1.yaml", workdir / f"bulletins-{size}-seed1.json"
    if not yaml_path.exists():
        print(f"  generating {yaml_path} ...", flush=True)
        generate.write_yaml(yaml_path.with_suffix(".tmp"), size, seed=1)
        yaml_path.with_suffix(".tmp").replace(yaml_path)
    if not json_path.exists():
        generate.write_json(json_path.with_suffix(".tmp"), size, seed=1)
        json_path.with_suffix(".tmp").replace(json_path)
    return yaml_path, json_path


def _general_layout(workdir: Path, yaml_path: Path) -> Path:
    """The same file with a comment on top: no longer canonical, so the general reader reads it."""
    path = workdir / (yaml_path.stem + "-general.yaml")
    if not path.exists():
        path.with_suffix(".tmp").write_bytes(b"# not the canonical layout\n" + yaml_path.read_bytes())
        path.with_suffix(".tmp").replace(path)
    return path


def _stats(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def _fmt_seconds(values: list[float]) -> str:
    low, middle, high = _stats(values)
    return f"{low:9.3f} {middle:9.3f} {high:9.3f}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def bench_size(size: int, runs: int, workdir: Path, with_yaml: bool) -> list[str]:
    yaml_path, json_path = _files(workdir, size)
    lines = []
    label = f"{size:,}"
    medians: dict[str, float] = {}

    def row(name: str, values: list[float], note: str = "") -> None:
        medians[name] = statistics.median(values)
        lines.append(f"{label:>10}  {name:<26} {_fmt_seconds(values)}  {note}")
        print(lines[-1], flush=True)

    if with_yaml:
        row("yaml.load (CSafeLoader)", [_run("yaml", yaml_path)["seconds"] for _ in range(runs)])
    firsts = []
    for _ in range(runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=workdir))
        try:
            firsts.append(_run("first", yaml_path, folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    first_seconds = [result["seconds"] for result in firsts]
    if with_yaml:
        ratio = statistics.median(first_seconds) / medians["yaml.load (CSafeLoader)"]
        row(
            "first open",
            first_seconds,
            f"ratio {ratio:.3f} (target <= {TARGET_FIRST_RATIO}) {_verdict(ratio <= TARGET_FIRST_RATIO)}",
        )
    elif size >= 1_000_000:
        middle = statistics.median(first_seconds)
        row(
            "first open",
            first_seconds,
            f"target <= {TARGET_FIRST_1M_SECONDS:.0f} s {_verdict(middle <= TARGET_FIRST_1M_SECONDS)}",
        )
    else:
        row("first open", first_seconds)
    if size <= GENERAL_UP_TO:
        generals = [_run("first", _general_layout(workdir, yaml_path)) for _ in range(runs)]
        seconds = [result["seconds"] for result in generals]
        note = "(informative: a file in another layout, no cache)"
        if with_yaml:
            note = f"ratio {statistics.median(seconds) / medians['yaml.load (CSafeLoader)']:.3f} {note}"
        row("first open, general", seconds, note)
        for name, key in (("RSS/bulletin, general", "rss_model"), ("peak RSS/bulletin, general", "peak_rss")):
            low, middle, high = _stats([result[key] for result in generals])
            lines.append(f"{label:>10}  {name:<26} {low:8.0f}B {middle:8.0f}B {high:8.0f}B")
            print(lines[-1], flush=True)
    row("json.loads", [_run("json", json_path)["seconds"] for _ in range(runs)])
    folder = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=workdir))
    try:
        _run("first", yaml_path, folder)  # writes the entry
        seconds = [_run("second", yaml_path, folder)["seconds"] for _ in range(runs)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratio = statistics.median(seconds) / medians["json.loads"]
    row(
        "second open (cache)",
        seconds,
        f"ratio {ratio:.3f} (target <= {TARGET_SECOND_RATIO}) {_verdict(ratio <= TARGET_SECOND_RATIO)}",
    )
    model = [result["rss_model"] for result in firsts]
    indexed = [result["rss_with_index"] for result in firsts]
    index_seconds = [result["index_seconds"] for result in firsts]
    note = ""
    if size >= 1_000_000:
        note = f"target <= {TARGET_RSS_1M_BYTES} B {_verdict(statistics.median(indexed) <= TARGET_RSS_1M_BYTES)}"
    for name, values, extra in (("RSS/bulletin, model", model, ""), ("RSS/bulletin, + index", indexed, note)):
        low, middle, high = _stats(values)
        lines.append(f"{label:>10}  {name:<26} {low:8.0f}B {middle:8.0f}B {high:8.0f}B  {extra}")
        print(lines[-1], flush=True)
    row("building the index", index_seconds, "(informative: folded titles, month keys, taxonomy positions, id lookup)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load benchmark.")
    parser.add_argument(
        "--sizes", default="1000,100000", help="comma-separated numbers of bulletins (default 1000,100000)"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 bulletins only (under a minute)")
    parser.add_argument("--full", action="store_true", help="add 1,000,000 bulletins")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "timeline-gui-bench",
        help="where the synthetic files are kept",
    )
    parser.add_argument(
        "--yaml-at-1m", action="store_true", help="also run the yaml.load baseline from 1M on (needs ~13 GB)"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        method, path, *rest = args.worker
        print(json.dumps(worker(method, path, rest[0] if rest else None)))
        return 0
    sizes = [1000, 10000] if args.quick else [int(size) for size in args.sizes.split(",") if size]
    if args.full and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"timeline_gui load benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {args.runs} runs each"
    )
    print(f"{'bulletins':>10}  {'measure':<26} {'min':>9} {'median':>9} {'max':>9}  (seconds unless marked)")
    for size in sizes:
        bench_size(size, args.runs, args.workdir, with_yaml=size < 1_000_000 or args.yaml_at_1m)
    return 0


if __name__ == "__main__":
    sys.exit(main())
