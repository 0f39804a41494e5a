#!/usr/bin/env python3
"""Synthetic bulletins files of any size, valid against the packaged taxonomy, always the same for a seed.

    python tools/generate.py 100000 /tmp/b100k.yaml [--seed 1] [--json /tmp/b100k.json]

The YAML has the layout of resources/bulletins.yaml (the canonical one). Titles mix English and French
words with accents, typographic apostrophes, dashes, colons and escaped double quotes; some list
fields are empty or missing, some places contain spaces. ``--json`` also writes the same data as JSON
(the baseline of the cache benchmark).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

EN_WORDS = [
    "ransomware",
    "digital",
    "security",
    "challenge",
    "new",
    "INTERPOL",
    "operation",
    "police",
    "cooperation",
    "fraud",
    "network",
    "arrests",
    "global",
    "cybercrime",
    "summit",
    "training",
    "officers",
    "border",
    "trafficking",
    "forensic",
    "data",
    "analysis",
    "response",
    "exchange",
    "partners",
    "countries",
]
FR_WORDS = [
    "rançongiciels",
    "nouveau",
    "défi",
    "sécurité",
    "numérique",
    "opération",
    "coopération",
    "policière",
    "réseau",
    "arrestations",
    "criminalité",
    "mondiale",
    "sommet",
    "formation",
    "fonctionnaires",
    "frontière",
    "trafic",
    "données",
    "analyse",
    "réponse",
    "échange",
    "partenaires",
    "pays",
    "élevé",
    "été",
    "l’Ouest",
    "d’INTERPOL",
]
INITIATIVES = [
    "operational-investigative-support",
    "cyber-intelligence-analysis",
    "digital-forensics",
    "innovation-research",
    "capacity-building",
    "national-cyber-reviews",
    "igci",
]
CRIME_TYPES = ["advanced-cybercrime", "cyber-enabled-crime", "crimes-against-children", "financial-crime", "terrorism"]
PLACES = [
    "Nigeria",
    "France",
    "Singapore",
    "Côte d'Ivoire",
    "West Africa",
    "Lyon",
    "Germany",
    "Japan",
    "Kenya",
    "Türkiye",
    "Asia, Pacific",
]
PARTNERS = ["Europol", "UNODC", "Afripol", "World Bank", "Trend Micro", "Kaspersky Lab", "Council of Europe"]
FIRST = dt.date(1990, 1, 1).toordinal()
LAST = dt.date(2030, 12, 31).toordinal()


def _title(rng: random.Random, words: list[str]) -> str:
    length = rng.randint(50, 120)
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < length:
        parts.append(rng.choice(words))
    text = " ".join(parts)
    text = text[0].upper() + text[1:]
    roll = rng.random()
    if roll < 0.2:
        text = text.replace(" ", ": ", 1)
    elif roll < 0.3:
        text = text.replace(" ", " – ", 1)
    elif roll < 0.33:
        text += ' "quoted"'
    elif roll < 0.34:
        text += " back\\slash"
    return text


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quoted(item) if "," in item else item for item in items) + "]"


def bulletins(count: int, seed: int = 1):
    """Dicts shaped like the YAML mappings (title as a dict, dates as ISO strings, optional lists)."""
    rng = random.Random(seed)
    for number in range(count):
        date = dt.date.fromordinal(rng.randint(FIRST, LAST)).isoformat()
        slug = "-".join(rng.sample(EN_WORDS, rng.randint(2, 5))).lower()
        item = {
            "id": f"{date}-{slug}-{number}",
            "date": date,
            "language": rng.choice(("en", "en", "fr")),
            "title": {"en": _title(rng, EN_WORDS), "fr": _title(rng, FR_WORDS)},
        }
        for field, pool, chance in (
            ("initiatives", INITIATIVES, 0.9),
            ("crime_types", CRIME_TYPES, 0.9),
            ("places", PLACES, 0.7),
            ("partners", PARTNERS, 0.6),
        ):
            if rng.random() < chance:
                item[field] = rng.sample(pool, rng.randint(0, 3))
        yield item


def write_yaml(path: Path, count: int, seed: int = 1) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("schema: 1\nbulletins:\n")
        for item in bulletins(count, seed):
            title = item["title"]
            lines = [
                f"  - id: {item['id']}\n    date: {item['date']}\n    language: {item['language']}\n",
                f"    title:\n      en: {_quoted(title['en'])}\n      fr: {_quoted(title['fr'])}\n",
            ]
            for field in ("initiatives", "crime_types", "places", "partners"):
                if field in item:
                    lines.append(f"    {field}: {_flow(item[field])}\n")
            out.write("".join(lines))


def write_json(path: Path, count: int, seed: int = 1) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"schema": 1, "bulletins": list(bulletins(count, seed))}, out, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the same data as JSON here")
    args = parser.parse_args(argv)
    write_yaml(args.output, args.count, args.seed)
    if args.json:
        write_json(args.json, args.count, args.seed)


if __name__ == "__main__":
    main()
