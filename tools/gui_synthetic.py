"""Synthetic timelines for the interface benchmark and the large-timeline tests.

Dates are spread over 1990–2030, titles are 60–120 characters with French accents,
and each bulletin carries random keys of the packaged taxonomy. Seeded, so every run
builds the same timeline.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from timeline_gui.domain.model import Bulletin, Taxonomy, Timeline

EN_WORDS = [
    "INTERPOL",
    "cybercrime",
    "operation",
    "arrests",
    "suspects",
    "network",
    "ransomware",
    "phishing",
    "malware",
    "botnet",
    "police",
    "global",
    "cooperation",
    "digital",
    "security",
    "forensic",
    "investigation",
    "fraud",
    "online",
    "scam",
    "partners",
    "Europe",
    "Africa",
    "Asia",
    "Americas",
    "training",
    "workshop",
    "capacity",
    "building",
    "threat",
    "intelligence",
    "report",
    "darknet",
    "cryptocurrency",
    "children",
    "protection",
    "banking",
    "attack",
    "infrastructure",
    "awareness",
    "campaign",
    "summit",
    "experts",
    "dismantled",
    "seized",
    "servers",
    "victims",
    "identified",
    "joint",
    "action",
    "agencies",
    "data",
    "breach",
    "hackers",
    "underground",
    "economy",
]
FR_WORDS = [
    "INTERPOL",
    "cybercriminalité",
    "opération",
    "arrestations",
    "suspects",
    "réseau",
    "rançongiciel",
    "hameçonnage",
    "logiciel",
    "malveillant",
    "police",
    "coopération",
    "mondiale",
    "sécurité",
    "numérique",
    "enquête",
    "criminalistique",
    "fraude",
    "escroquerie",
    "partenaires",
    "Europe",
    "Afrique",
    "Asie",
    "Amériques",
    "formation",
    "atelier",
    "renforcement",
    "menace",
    "rapport",
    "économie",
    "souterraine",
    "cryptomonnaie",
    "protection",
    "enfants",
    "attaque",
    "infrastructures",
    "sensibilisation",
    "campagne",
    "sommet",
    "experts",
    "démantelé",
    "saisis",
    "serveurs",
    "victimes",
    "identifiées",
    "action",
    "conjointe",
    "agences",
    "données",
    "piratage",
    "été",
    "élève",
    "à",
    "où",
    "déjà",
    "façon",
    "sûreté",
]

FIRST_DAY = dt.date(1990, 1, 1).toordinal()
LAST_DAY = dt.date(2030, 12, 31).toordinal()


def _title(rng: random.Random, words: list[str]) -> str:
    target = rng.randint(60, 120)
    parts: list[str] = []
    length = -1
    while True:
        word = rng.choice(words)
        if length + 1 + len(word) > target:
            if length >= 60:
                break
            word = word[: target - length - 1]
        parts.append(word)
        length += 1 + len(word)
        if length >= target:
            break
    return " ".join(parts)[:120]


def bulletins(count: int, taxonomy: Taxonomy, seed: int = 8) -> list[Bulletin]:
    rng = random.Random(seed)
    initiatives = sorted(taxonomy.initiative_keys())
    crimes = sorted(taxonomy.crime_type_keys())
    result = []
    for number in range(count):
        date = dt.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        result.append(
            Bulletin(
                f"synthetic-{number:07d}",
                date,
                "fr" if rng.random() < 0.4 else "en",
                _title(rng, EN_WORDS),
                _title(rng, FR_WORDS),
                tuple(rng.sample(initiatives, rng.randint(0, 2))),
                tuple(rng.sample(crimes, rng.randint(1, 2))),
            )
        )
    return result


def timeline(count: int, taxonomy: Taxonomy | None = None, seed: int = 8) -> Timeline:
    if taxonomy is None:
        from timeline_gui.storage.loader import load_taxonomy

        taxonomy = load_taxonomy()
    return Timeline(bulletins(count, taxonomy, seed), taxonomy, source=f"<synthetic {count}>")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_yaml(path: Path, items: list[Bulletin]) -> Path:
    """A bulletins file in the documented format (docs/data-format.md)."""
    lines = ["schema: 1", "bulletins:"]
    for b in items:
        lines.append(f"  - id: {b.id}")
        lines.append(f"    date: {b.date.isoformat()}")
        lines.append(f"    language: {b.language}")
        lines.append(f"    title: {{en: {_quote(b.title_en)}, fr: {_quote(b.title_fr)}}}")
        if b.initiatives:
            lines.append(f"    initiatives: [{', '.join(b.initiatives)}]")
        if b.crime_types:
            lines.append(f"    crime_types: [{', '.join(b.crime_types)}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
