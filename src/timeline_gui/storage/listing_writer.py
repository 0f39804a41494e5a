"""Adding the rows of a listing to a bulletins file: whole or not at all, checked by the loader first. No Qt.

The new bulletins are written in the canonical layout (``canonical_reader.HEADER`` and its fields in order),
after the file's own text when it has that layout, so that what the file holds besides (comments, fields a
later version adds) is kept as written; a file in another layout is written again from what the loader read.
An imported bulletin has only its original title (``title.en`` or ``title.fr``): the other is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from timeline_gui.domain.errors import DataLoadError, file_error
from timeline_gui.domain.model import COMPLEX, INITIATIVES, Bulletin, Taxonomy
from timeline_gui.domain.text import fold
from timeline_gui.files import write_atomically
from timeline_gui.i18n import N_
from timeline_gui.storage.canonical_reader import HEADER
from timeline_gui.storage.file_text import read_bytes, read_text
from timeline_gui.storage.listing import Listing, ListingRow, mark_duplicates
from timeline_gui.storage.loader import parse_bulletins

_ID_WORDS = 5
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# Words an id leaves out: they tell nothing of the bulletin.
_FILLER = frozenset(
    [
        "the",
        "of",
        "and",
        "in",
        "on",
        "for",
        "to",
        "with",
        "a",
        "an",
        "by",
        "from",
        "at",
        "is",
        "are",
        "as",
        "its",
        "new",
        "la",
        "le",
        "les",
        "des",
        "du",
        "de",
        "et",
        "en",
        "un",
        "une",
        "pour",
        "sur",
        "dans",
        "au",
        "aux",
        "par",
        "avec",
        "d",
        "l",
        "interpol",
    ]
)


@dataclass(frozen=True)
class ImportResult:
    added: tuple[Bulletin, ...]
    total: int  # bulletins in the file once written


def new_id(date_iso: str, title: str, taken: set[str]) -> str:
    """``2017-03-22-ransomware-digital-security-challenge``: the date and a few words of the title, made unique."""
    words = [word for word in _ASCII_WORD.findall(fold(title)) if word not in _FILLER][:_ID_WORDS]
    base = "-".join([date_iso, *words]) if words else f"{date_iso}-bulletin"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(_quoted(item) for item in items) + "]"


def bulletin_entry(bulletin: Bulletin) -> str:
    """The canonical text of one bulletin, a title left out where it is empty (not translated), with the
    reasons of its tags when it has any (a file rewritten from what the loader read keeps them)."""
    titles = "".join(
        f"      {code}: {_quoted(title)}\n"
        for code, title in (("en", bulletin.title_en), ("fr", bulletin.title_fr))
        if title
    )
    return (
        f"  - id: {bulletin.id}\n"
        f"    date: {bulletin.date.isoformat()}\n"
        f"    language: {bulletin.language}\n"
        f"    title:\n{titles}"
        f"    initiatives: {_flow(bulletin.initiatives)}\n"
        f"    crime_types: {_flow(bulletin.crime_types)}\n"
        f"    places: {_flow(bulletin.places)}\n"
        f"    partners: {_flow(bulletin.partners)}\n"
        + (
            "    basis:\n"
            + "".join(f"      {key}: {{en: {_quoted(en)}, fr: {_quoted(fr)}}}\n" for key, en, fr in bulletin.basis)
            if bulletin.basis
            else ""
        )
    )


def bulletins_from_rows(rows: Iterable[ListingRow], taxonomy: Taxonomy, taken: set[str]) -> list[Bulletin]:
    """The bulletins of the rows that are not duplicates, each with only its original title and the tags the
    user accepted (initiatives and the complex under ``initiatives``, the rest under ``crime_types``)."""
    bulletins = []
    for row in rows:
        if row.is_duplicate:
            continue
        keys = [suggestion.key for suggestion in row.suggestions if suggestion.key in row.accepted]
        branches = {node.key: node.branch for node in taxonomy.nodes()}
        initiatives = tuple(key for key in keys if branches.get(key) in (INITIATIVES, COMPLEX))
        crime_types = tuple(key for key in keys if branches.get(key) not in (INITIATIVES, COMPLEX))
        title_en, title_fr = (row.title, "") if row.language == "en" else ("", row.title)
        bulletins.append(
            Bulletin(
                new_id(row.date.isoformat(), row.title, taken),
                row.date,
                row.language,
                title_en,
                title_fr,
                initiatives,
                crime_types,
            )
        )
    return bulletins


def existing_bulletins(target: Path | str, taxonomy: Taxonomy) -> tuple[str | None, list[Bulletin]]:
    """The target's text and bulletins (None and none for a new file); a DataLoadError when it has problems,
    since nothing can be added to a file the app cannot read."""
    path = Path(target)
    if not path.exists():
        return None, []
    text = read_text(path, read_bytes(path)[0])
    if not text.strip():
        return None, []
    return text, list(parse_bulletins(path, text, taxonomy).bulletins)


def merged_text(existing_text: str | None, existing: list[Bulletin], added: list[Bulletin]) -> str:
    entries = "".join(map(bulletin_entry, added))
    if existing_text is None:
        return HEADER + entries
    if existing_text.startswith(HEADER):
        return existing_text + ("" if existing_text.endswith("\n") else "\n") + entries
    return HEADER + "".join(map(bulletin_entry, existing)) + entries


def import_rows(target: Path | str, rows: Iterable[ListingRow], taxonomy: Taxonomy) -> ImportResult:
    """Adds the rows that are not duplicates to ``target`` (a new file or a bulletins file), or raises:
    DataLoadError when the file, or the file with them, does not read; OSError when it cannot be written."""
    path = Path(target)
    text, existing = existing_bulletins(path, taxonomy)
    rows = list(rows)
    mark_duplicates(Listing(str(path), rows, []), existing)  # the file as it is now: it may have changed since
    taken = {bulletin.id for bulletin in existing}
    added = bulletins_from_rows(rows, taxonomy, taken)
    if not added:
        return ImportResult((), len(existing))
    new_text = merged_text(text, existing, added)
    try:
        timeline = parse_bulletins(path, new_text, taxonomy)  # what the app will read, checked before any write
    except DataLoadError as error:  # pragma: no cover - a row the reader accepted always writes a valid entry
        raise file_error(path, N_("the bulletins to add do not read back: {problem}"), problem=str(error)) from error
    write_atomically(path, new_text.encode("utf-8"))
    return ImportResult(tuple(added), len(timeline))
