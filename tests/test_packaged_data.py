"""The packaged data holds exactly the source page's bulletins and taxonomy."""

from __future__ import annotations

import re
from pathlib import Path

from timeline_gui.domain.dates import parse_user_date
from timeline_gui.storage.loader import load_taxonomy

# The listing part of the source page, kept with the tests so they read nothing outside the repository.
LISTING = Path(__file__).parent / "data" / "interpol-cybercrime-listing.txt"
DATE_LINE = re.compile(r"^\d{2} \w+ \d{4}$")


def seed_listing() -> list[tuple[str, str]]:
    """(ISO date, title) of each dated bulletin on the source page, read from the page itself."""
    lines = [line.strip() for line in LISTING.read_text(encoding="utf-8").splitlines()]
    listing = []
    for number, line in enumerate(lines):
        if DATE_LINE.match(line):
            title = next(following for following in lines[number + 1 :] if following)
            date = parse_user_date(line, "fr")
            assert date is not None, line
            listing.append((date.isoformat(), title))
    return listing


def test_every_bulletin_of_the_page_and_no_other(timeline):
    expected = sorted(seed_listing())
    assert len(expected) == 29
    actual = sorted((b.date.isoformat(), b.original_title) for b in timeline.bulletins)
    assert actual == expected


def test_each_bulletin_has_both_titles_and_a_known_language(timeline):
    for bulletin in timeline.bulletins:
        assert bulletin.language in ("en", "fr")
        assert bulletin.title_en and bulletin.title_fr
        assert bulletin.title_en != bulletin.title_fr


def test_ids_are_unique_and_stable(timeline):
    ids = [b.id for b in timeline.bulletins]
    assert len(set(ids)) == len(ids)
    assert all(bid.startswith(b.date.isoformat()) for bid, b in zip(ids, timeline.bulletins, strict=True))


def test_taxonomy_has_the_pages_structure():
    taxonomy = load_taxonomy()
    assert [n.key for n in taxonomy.crime_types] == ["advanced-cybercrime", "cyber-enabled-crime"]
    assert [n.key for n in taxonomy.crime_types[1].children] == [
        "crimes-against-children",
        "financial-crime",
        "terrorism",
    ]
    assert [n.label.en for n in taxonomy.initiatives] == [
        "Operational and investigative support",
        "Cyber intelligence and analysis",
        "Digital forensics",
        "Innovation and research",
        "Capacity building",
        "National Cyber Reviews",
    ]
    assert taxonomy.complex.label.en == "INTERPOL Global Complex for Innovation"
    for node in taxonomy.nodes():
        assert node.label.en and node.label.fr and node.description.en and node.description.fr


def test_the_timeline_is_chronological(timeline):
    dates = [b.date for b in timeline.bulletins]
    assert dates == sorted(dates)
    assert dates[0].isoformat() == "2016-01-22" and dates[-1].isoformat() == "2017-03-22"
