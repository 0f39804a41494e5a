"""Time of a PDF export of N synthetic bulletins (plan + layout + drawing + writing), median of several runs.

    QT_QPA_PLATFORM=offscreen python benchmarks/export_pdf.py [--bulletins 1000] [--runs 5] [--lang en]
    QT_QPA_PLATFORM=offscreen python benchmarks/export_pdf.py --quick    # 1,000 bulletins, 3 runs (CI)

The target: 1,000 bulletins within 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from timeline_gui import i18n  # noqa: E402
from timeline_gui.domain.model import Bulletin, Timeline  # noqa: E402
from timeline_gui.export.pdf import ensure_gui_application, export_pdf  # noqa: E402
from timeline_gui.export.plan import ExportRequest, build_plan  # noqa: E402
from timeline_gui.storage.loader import load_taxonomy  # noqa: E402

WORDS = [
    "INTERPOL",
    "cybercrime",
    "operation",
    "ransomware",
    "police",
    "cooperation",
    "global",
    "security",
    "conference",
    "digital",
    "forensics",
    "Africa",
    "Europe",
    "Asia",
    "training",
    "network",
    "fraud",
    "arrests",
    "innovation",
]
MOTS = [
    "INTERPOL",
    "cybercriminalité",
    "opération",
    "rançongiciel",
    "police",
    "coopération",
    "sécurité",
    "mondiale",
    "conférence",
    "criminalistique",
    "numérique",
    "Afrique",
    "Europe",
    "Asie",
    "formation",
    "réseau",
    "fraude",
    "arrestations",
]


def synthetic_timeline(count: int, seed: int = 1) -> Timeline:
    rng = random.Random(seed)
    taxonomy = load_taxonomy()
    initiatives = sorted(taxonomy.initiative_keys())
    crimes = sorted(taxonomy.crime_type_keys())
    start = dt.date(2010, 1, 1)
    bulletins = []
    for number in range(count):
        bulletins.append(
            Bulletin(
                id=f"b{number:06d}",
                date=start + dt.timedelta(days=rng.randrange(365 * 8)),
                language=rng.choice(("en", "fr")),
                title_en=" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))),
                title_fr=" ".join(rng.choice(MOTS) for _ in range(rng.randint(6, 18))),
                initiatives=tuple(rng.sample(initiatives, rng.randint(0, 2))),
                crime_types=tuple(rng.sample(crimes, rng.randint(0, 2))),
            )
        )
    return Timeline(bulletins, taxonomy)


TARGET_BULLETINS, TARGET_SECONDS = 1000, 3.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bulletins", type=int, default=TARGET_BULLETINS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--quick", action="store_true", help="3 runs (CI)")
    args = parser.parse_args()
    if args.quick:
        args.runs = 3
    i18n.set_language(args.lang)
    ensure_gui_application()
    timeline = synthetic_timeline(args.bulletins)
    times, pages, size = [], 0, 0
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.pdf"
        for _run in range(args.runs):
            began = time.perf_counter()
            plan = build_plan(timeline, ExportRequest())
            pages = export_pdf(plan, timeline.taxonomy, target)
            times.append(time.perf_counter() - began)
            size = target.stat().st_size
    median = statistics.median(times)
    print(
        f"{args.bulletins} bulletins, {pages} pages, {size / 1024:.0f} KiB: median {median:.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)"
    )
    if args.bulletins == TARGET_BULLETINS:
        print(
            f"target: {TARGET_BULLETINS:,} bulletins within {TARGET_SECONDS:.0f} s → "
            f"{'MET' if median <= TARGET_SECONDS else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
