#!/usr/bin/env python3
"""Load benchmark: opening large bulletins files until they are usable, against fair baselines.

    python benchmarks/bench_load.py                  # 1,000 and 100,000 bulletins (a few minutes)
    python benchmarks/bench_load.py --quick          # 1,000 and 10,000, one run (under a minute; for CI)
    python benchmarks/bench_load.py --full           # also 1,000,000 (about 10 minutes, 3 GB of memory)
    python benchmarks/bench_load.py --sizes 50000 --runs 5

Every measurement runs in a fresh Python process (nothing warm, nothing shared); in each round the
app's measurement and its baseline's run one after the other, so that both see the same machine.
Each row shows min / median / max over ``--runs`` rounds, and the ratio of the medians with its
target and verdict (MET or MISSED), and the median CPU time of the process (which a busy machine
inflates less than the wall-clock time):

- ``yaml.load``: ``yaml.load(text, Loader=CSafeLoader)`` of the file (file read included) with the
  collector paused, as the app loads with it paused: the baseline of the first open. The same with the
  collector on is printed beside it. Skipped from 1M on (~13 GB; ``--yaml-at-1m``).
- ``first open``: ``open_indexed(path, taxonomy, cache_dir=<empty folder>)``, what the app's loader
  thread does before the window shows the file: read, parse, check, build the model, its month groups,
  taxonomy counts and id lookup. The file is then usable: on screen, browsable and filterable (the GUI
  thread's share, swapping the models in and painting, is timed by bench_responsive.py). Targets: at most
  0.4x yaml.load (100k), 15 s (1M). Also printed: the moment it becomes searchable, once the search index
  is built and the cache entry written (``complete()``, which the loader thread runs after the window
  shows the file); a search typed before then waits for that moment, the window saying so.
- ``first open, general``: the same file with a comment line on top, so that the general reader (YAML
  nodes checked one by one) reads it instead of the fast one; up to 100k only.
- ``json.loads``: read and ``json.loads`` of the same data as JSON, collector paused (collector on
  beside it): the baseline of the cached reopen.
- ``cached reopen``: ``open_indexed`` again with the entry in place (the file's bytes hashed again, the
  entry checked and read, the search index read from it). Target: at most 2x json.loads.
- memory: read from /proc/self/status in the fresh process of each first open: ``RSS/bulletin`` is
  VmRSS once the file is usable minus VmRSS before the load, ``peak/bulletin`` is VmHWM (the process's
  peak) minus that same VmRSS before; per bulletin. Target at 1M: RSS at most 1 KB.

The synthetic files come from tools/generate.py (seed 1) and are kept in ``--workdir``.
"""

from __future__ import annotations

import argparse
import gc
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
sys.path.insert(0, str(HERE.parent / "tools"))  # the synthetic data generators, shared with the tests

import generate  # noqa: E402

TARGET_FIRST_RATIO = 0.4
TARGET_SECOND_RATIO = 2.0
TARGET_FIRST_1M_SECONDS = 15.0
TARGET_RSS_1M_BYTES = 1024
GENERAL_UP_TO = 100_000  # the general reader takes about a minute a run at 1M (peak 1.7 GB)


# ---------------------------------------------------------------- worker (one measurement per process)


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes (0 where unknown)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def worker(method: str, path: str, cache_dir: str | None) -> dict:
    if method in ("yaml", "yaml-gc", "json", "json-gc"):
        import yaml

        if not method.endswith("-gc"):
            gc.disable()  # as the app's loader: the collector paused
        start, cpu = time.perf_counter(), time.process_time()
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        data = yaml.load(text, Loader=yaml.CSafeLoader) if method.startswith("yaml") else json.loads(text)
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "cpu": time.process_time() - cpu, "count": len(data["bulletins"])}

    from timeline_gui.domain.query import Query
    from timeline_gui.storage.loader import load_taxonomy, open_indexed

    taxonomy = load_taxonomy()
    before = _status("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    opened = open_indexed(path, taxonomy, cache_dir=cache_dir)
    shown, shown_cpu = time.perf_counter() - start, time.process_time() - cpu
    result = {"seconds": shown, "cpu": shown_cpu, "count": len(opened.timeline)}
    if not opened.index.search_ready:  # a search typed now waits for the index (the window says so)
        began = time.perf_counter()
        opened.complete()
        result["complete"] = time.perf_counter() - began
    found = len(opened.index.matching(Query("sécurité")))  # answered from the index, not by reading titles
    count = len(opened.timeline)
    return result | {
        "found": found,
        "rss": (_status("VmRSS") - before) / count,
        "peak": (_status("VmHWM") - before) / count,
    }


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


def _fmt(values: list[float], unit: str = "s") -> str:
    low, middle, high = min(values), statistics.median(values), max(values)
    if unit == "B":
        return f"{low:8.0f}B {middle:8.0f}B {high:8.0f}B"
    return f"{low:9.3f} {middle:9.3f} {high:9.3f}"


def _verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def _first_open(yaml_path: Path, workdir: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=workdir))
    try:
        return _run("first", yaml_path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_size(size: int, runs: int, workdir: Path, with_yaml: bool, with_general: bool) -> list[str]:
    yaml_path, json_path = _files(workdir, size)
    general_path = _general_layout(workdir, yaml_path) if with_general else None
    cache_folder = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=workdir))
    results: dict[str, list[dict]] = {}

    def add(name: str, result: dict) -> None:
        results.setdefault(name, []).append(result)

    try:
        _run("first", yaml_path, cache_folder)  # writes the entry the cached reopens read
        for _ in range(runs):  # app and baselines alternate, each in a fresh process
            if with_yaml:
                add("yaml", _run("yaml", yaml_path))
            add("first", _first_open(yaml_path, workdir))
            if with_yaml:
                add("yaml-gc", _run("yaml-gc", yaml_path))
            if general_path is not None:
                add("general", _run("first", general_path))
            add("json", _run("json", json_path))
            add("second", _run("second", yaml_path, cache_folder))
            add("json-gc", _run("json-gc", json_path))
    finally:
        shutil.rmtree(cache_folder, ignore_errors=True)

    lines: list[str] = []
    label = f"{size:,}"

    def seconds(name: str) -> list[float]:
        return [result["seconds"] for result in results[name]]

    def median(name: str) -> float:
        return statistics.median(seconds(name))

    def row(name: str, values: list[float], note: str = "", unit: str = "s") -> None:
        lines.append(f"{label:>10}  {name:<30} {_fmt(values, unit)}  {note}".rstrip())
        print(lines[-1], flush=True)

    def cpu(name: str) -> str:
        return f"cpu {statistics.median(result['cpu'] for result in results[name]):.3f} s"

    if with_yaml:
        row("yaml.load (CSafeLoader)", seconds("yaml"), f"collector paused (baseline); {cpu('yaml')}")
        row(
            "yaml.load, collector on",
            seconds("yaml-gc"),
            f"(context: {median('yaml-gc') / median('yaml'):.2f}x paused)",
        )
        ratio = median("first") / median("yaml")
        row(
            "first open (until usable)",
            seconds("first"),
            f"ratio {ratio:.3f} (target <= {TARGET_FIRST_RATIO}) {_verdict(ratio <= TARGET_FIRST_RATIO)}; "
            f"{cpu('first')}",
        )
    elif size >= 1_000_000:
        row(
            "first open (until usable)",
            seconds("first"),
            f"target <= {TARGET_FIRST_1M_SECONDS:.0f} s {_verdict(median('first') <= TARGET_FIRST_1M_SECONDS)}; "
            f"{cpu('first')}",
        )
    else:
        row("first open (until usable)", seconds("first"), cpu("first"))
    if all("complete" in result for result in results["first"]):
        row(
            "  searchable (index, entry)",
            [result["seconds"] + result["complete"] for result in results["first"]],
            "(index built and entry written after the list shows, in the loader thread; "
            "a search typed before waits for this moment)",
        )
    if "general" in results:
        note = "(context: a file in another layout, no cache)"
        if with_yaml:
            note = f"ratio {median('general') / median('yaml'):.3f} {note}"
        row("first open, general", seconds("general"), note)
    row("json.loads", seconds("json"), f"collector paused (baseline); {cpu('json')}")
    row("json.loads, collector on", seconds("json-gc"), f"(context: {median('json-gc') / median('json'):.2f}x paused)")
    ratio = median("second") / median("json")
    row(
        "cached reopen (until usable)",
        seconds("second"),
        f"ratio {ratio:.3f} (target <= {TARGET_SECOND_RATIO}) {_verdict(ratio <= TARGET_SECOND_RATIO)}; "
        f"{cpu('second')}",
    )
    rss = [result["rss"] for result in results["first"]]
    note = ""
    if size >= 1_000_000:
        note = f"target <= {TARGET_RSS_1M_BYTES} B {_verdict(statistics.median(rss) <= TARGET_RSS_1M_BYTES)}"
    row("RSS/bulletin, first open", rss, note, unit="B")
    row("peak/bulletin, first open", [result["peak"] for result in results["first"]], "(VmHWM)", unit="B")
    row("RSS/bulletin, cached reopen", [result["rss"] for result in results["second"]], unit="B")
    if "general" in results:
        row("peak/bulletin, general", [result["peak"] for result in results["general"]], "(VmHWM)", unit="B")
    counts = {result["count"] for name in ("first", "second") for result in results[name]}
    found = {result["found"] for name in ("first", "second") for result in results[name]}
    print(f"{'':>12}(bulletins after each open: {sorted(counts)}; titles found for 'sécurité': {sorted(found)})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,100000", help="comma-separated numbers of bulletins (default 1000,100000)"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 bulletins, one run (under a minute)")
    parser.add_argument("--full", action="store_true", help="add 1,000,000 bulletins")
    parser.add_argument("--runs", type=int, default=0, help="rounds of each measurement (default 3; 1 with --quick)")
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
    runs = args.runs or (1 if args.quick else 3)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"timeline_gui load benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {runs} round(s), each measurement in a fresh process, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'bulletins':>10}  {'measure':<30} {'min':>9} {'median':>9} {'max':>9}  (seconds unless marked)")
    for size in sizes:
        bench_size(
            size,
            runs,
            args.workdir,
            with_yaml=size < 1_000_000 or args.yaml_at_1m,
            with_general=size <= GENERAL_UP_TO and not args.quick,
        )
    print(f"(load average at the end {os.getloadavg()[0]:.1f}: on a busy machine, compare the ratios and cpu times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
