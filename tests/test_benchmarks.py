"""The benchmarks' short runs still run and print every figure, with its baseline and verdict.

No timing is asserted here: figures on a shared machine belong in the benchmark's output, not in a test.
These runs only keep the scripts from rotting as the code under them changes.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # each run takes from several seconds to a minute


def run_benchmark(tmp_path, *args: str) -> str:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        TMPDIR=str(tmp_path),
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / args[0]), *args[1:]],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_load_benchmark_prints_each_figure_against_its_baseline(tmp_path):
    out = run_benchmark(tmp_path, "bench_load.py", "--quick")
    for figure in (
        "yaml.load (CSafeLoader)",
        "yaml.load, collector on",
        "first open (until usable)",
        "json.loads",
        "cached reopen (until usable)",
        "RSS/bulletin, first open",
        "peak/bulletin, first open",
    ):
        assert figure in out, out
    assert "ratio" in out and "(target <= 0.4)" in out and "(target <= 2.0)" in out
    assert "MET" in out or "MISSED" in out


def test_the_interface_benchmark_prints_start_up_search_and_paint(tmp_path):
    out = run_benchmark(tmp_path, "bench_gui.py", "--quick", "--runs", "2")
    for figure in (
        "bare PySide6 window with an empty QListView",
        "timeline-gui with the packaged data",
        "(target ≤ 1.6)",
        "in French",
        "minimal custom model + delegate",
        "search 10,000: all keystrokes",
        "paint one viewport 10,000",
        "median ratio",
        "timer interval while loading 10,000",
    ):
        assert figure in out, out
    assert "10,000 bulletins shown after it" in out


def test_the_responsiveness_benchmark_prints_the_longest_stall(tmp_path):
    out = run_benchmark(tmp_path, "bench_responsive.py", "--quick")
    assert "100,000" in out and "idle" in out and "cached reopen" in out, out
    assert "target ≤ 50 ms" in out, out


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_export_benchmark_prints_its_time_against_the_bound(tmp_path, language):
    out = run_benchmark(tmp_path, "export_pdf.py", "--quick", "--lang", language)
    assert out.startswith("1000 bulletins, ") and "target: 1,000 bulletins within 3 s" in out, out


def test_the_facets_benchmark_prints_domain_painted_baseline_and_verdict(tmp_path):
    out = run_benchmark(tmp_path, "bench_facets.py", "--quick", "--runs", "4")
    assert "domain (shown positions + all counts)" in out and "painted (window" in out
    assert "baseline: plain Python filter" in out
    assert "target: median painted <= 16 ms: " in out and ("MET" in out or "MISSED" in out)


def test_the_adversarial_benchmark_prints_growth_ratios_and_a_verdict_per_shape(tmp_path):
    out = run_benchmark(tmp_path, "adversarial.py", "--quick")
    for shape in ("long list", "alias fan-out", "alias square", "nested 500 deep", "wide mapping", "wide bulletin"):
        assert shape in out, out
    assert out.count("verdict: ") == 6 and out.count("growth ") >= 12, out
    assert "the list has 150000 items; the limit is 1000" in out and "(the alias expansion l" in out, out
