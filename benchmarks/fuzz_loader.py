"""A longer run of the loader's property-based tests (tests/test_loader_fuzz.py), with figures.

    python benchmarks/fuzz_loader.py [--scale 10]

Runs the same five properties as the test suite (hostile shapes among them) with ``--scale`` times as many inputs
(1 = the suite's 12,400), then prints, per property: inputs, time, inputs per second, how many
loaded and how many gave a located DataLoadError, the most frequent messages, and the peak
memory of the process. Any other outcome (an exception, a problem without a line) stops the run
with hypothesis's minimal failing example.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=10.0, help="multiple of the test suite's example counts (default 10)"
    )
    args = parser.parse_args()
    os.environ["TIMELINE_FUZZ_SCALE"] = str(args.scale)
    sys.path.insert(0, str(ROOT / "tests"))
    import test_loader_fuzz as fuzz

    from timeline_gui.domain.errors import DataLoadError

    outcomes: collections.Counter[str] = collections.Counter()
    messages: collections.Counter[str] = collections.Counter()
    original = fuzz.check_outcome

    def counting(path, load=None):
        result = original(path) if load is None else original(path, load)
        if isinstance(result, DataLoadError):
            outcomes["error"] += 1
            messages.update({problem.msgid for problem in result.errors})
        else:
            outcomes["loaded"] += 1
        return result

    fuzz.check_outcome = counting
    properties = [
        fuzz.test_schema_like_documents_load_or_fail_with_a_location,
        fuzz.test_edits_of_the_packaged_files_load_or_fail_with_a_location,
        fuzz.test_yaml_token_soup_loads_or_fails_with_a_location,
        fuzz.test_random_bytes_load_or_fail_with_a_location,
        fuzz.test_hostile_shapes_load_or_fail_with_a_location,
    ]
    total_inputs, total_time = 0, 0.0
    print(f"scale {args.scale:g}: Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        for prop in properties:
            outcomes.clear()
            messages.clear()
            start = time.perf_counter()
            prop(folder=Path(folder))
            elapsed = time.perf_counter() - start
            inputs = sum(outcomes.values())
            total_inputs += inputs
            total_time += elapsed
            common = ", ".join(f"{count}× {msgid[:40]!r}" for msgid, count in messages.most_common(3))
            print(
                f"{prop.__name__}: {inputs} inputs in {elapsed:.1f} s ({inputs / elapsed:.0f}/s); "
                f"loaded {outcomes['loaded']}, errors {outcomes['error']}; most frequent: {common}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"total: {total_inputs} inputs in {total_time:.1f} s ({total_inputs / total_time:.0f}/s), no other outcome; "
        f"peak memory {peak:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
