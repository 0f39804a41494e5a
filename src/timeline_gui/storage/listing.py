"""Reading INTERPOL's news listing as text: a date line, then a title line, blank lines ignored. No Qt.

    22 March 2017            22 mars 2017             1er août 2016
    Ransomware – the new …   Les rançongiciels, …     Arrestation du …

Every line is either part of a row read (a date and its title) or rejected with its number and a reason;
nothing is dropped silently. The work is one pass over the bytes; a listing over ``MAX_LISTING_BYTES`` is
refused whole, and a line over ``MAX_LINE_CHARACTERS`` is rejected without being read further.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from timeline_gui.domain.dates import listing_date_language, looks_like_a_date, parse_listing_date
from timeline_gui.domain.errors import CONTROL_CHARACTER, DataError, file_error
from timeline_gui.domain.model import Bulletin, Taxonomy
from timeline_gui.domain.tag_suggestions import Suggestion, TagRules
from timeline_gui.domain.text import fold
from timeline_gui.domain.title_language import guess_language
from timeline_gui.i18n import LANGUAGES, N_
from timeline_gui.storage.data_format import MAX_TEXT_LENGTH, MAX_YEAR, MIN_YEAR
from timeline_gui.storage.file_text import MSG_TOO_LARGE, READ_FLAGS, check_regular
from timeline_gui.storage.gc_pause import paused_collection

MAX_LISTING_BYTES = 64 * 1024 * 1024  # a listing of a hundred thousand bulletins is some 15 MB
MAX_LINE_CHARACTERS = MAX_TEXT_LENGTH  # a title is a text of the data file: the same limit

MSG_BAD_DATE = N_("cannot read the date {text!r}: write a day, a month in English or French and a year")
MSG_TITLE_WITHOUT_DATE = N_("a title without a date line before it")
MSG_DATE_WITHOUT_TITLE = N_("a date without a title after it")
MSG_LONG_LINE = N_("the line is longer than the limit of {limit} characters")
MSG_BINARY = N_("the line holds binary data (byte 0x{byte:02x}), not text")
MSG_CONTROL = N_("the line holds the control character U+{code:04X}")
MSG_OTHER_LANGUAGE = N_("the title is in neither English nor French")
MSG_YEAR = N_("year {year} is outside {low}–{high}")


# Characters a title of the data file cannot hold besides the controls: line breaks of YAML 1.1, the byte-order
# mark and non-characters (the canonical layout, which the fast reader reads, has no escape for them).
_UNWRITABLE = re.compile("[\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass
class ListingRow:
    """A bulletin read from a listing. ``language`` starts as the guess and may be corrected; ``accepted``
    holds the suggested tags the user confirmed (none until then)."""

    line: int  # the title's line; its date is on ``date_line``
    date_line: int
    date: dt.date
    title: str
    language: str
    certain: bool  # the title's words told its language, or the user did; else a fallback (date line, English)
    duplicate_of: str = ""  # the id of the target file's bulletin it repeats
    repeats_line: int = 0  # or the title line of an earlier row of the listing it repeats
    suggestions: tuple[Suggestion, ...] = ()
    accepted: set[str] = field(default_factory=set)

    @property
    def is_duplicate(self) -> bool:
        return bool(self.duplicate_of or self.repeats_line)

    def accept_all(self) -> None:
        self.accepted = {suggestion.key for suggestion in self.suggestions}


@dataclass
class Listing:
    """What a listing gave: the rows read, in the listing's order, and the lines rejected, by line number."""

    source: str
    rows: list[ListingRow]
    rejects: list[DataError]

    def new_rows(self) -> list[ListingRow]:
        """The rows to import: all but the duplicates."""
        return [row for row in self.rows if not row.is_duplicate]


def read_listing_file(path: Path | str) -> bytes:
    """The bytes of the listing at ``path``: a regular file (a pipe or a device is refused by name, unopened)
    of at most ``MAX_LISTING_BYTES``."""
    name = str(path)
    try:
        check_regular(name, os.stat(path))
        descriptor = os.open(path, READ_FLAGS)
        with open(descriptor, "rb", buffering=0) as handle:
            check_regular(name, os.fstat(descriptor))
            data = handle.read(MAX_LISTING_BYTES + 1)
    except OSError as error:
        raise file_error(name, N_("cannot read the file: {reason}"), reason=error.strerror or str(error)) from error
    if len(data) > MAX_LISTING_BYTES:
        raise file_error(name, MSG_TOO_LARGE, limit=MAX_LISTING_BYTES)
    return data


def _lines(source: str, data: bytes | str) -> Iterable[tuple[int, str | DataError]]:
    """(number, text) of each line, or (number, the reason it cannot be read as text)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    start, number = 0, 0
    while start <= len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        number += 1
        raw = data[start:end].rstrip(b"\r")
        start = end + 1
        if len(raw) > MAX_LINE_CHARACTERS * 4:  # longer in any encoding: not decoded at all
            yield number, DataError(source, number, 1, "", MSG_LONG_LINE, {"limit": MAX_LINE_CHARACTERS})
            continue
        if b"\0" in raw:
            yield number, DataError(source, number, 1, "", MSG_BINARY, {"byte": 0})
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield number, DataError(source, number, error.start + 1, "", MSG_BINARY, {"byte": raw[error.start]})
            continue
        if len(text) > MAX_LINE_CHARACTERS:
            yield number, DataError(source, number, 1, "", MSG_LONG_LINE, {"limit": MAX_LINE_CHARACTERS})
            continue
        control = CONTROL_CHARACTER.search(text.replace("\t", " ")) or _UNWRITABLE.search(text)
        if control is not None:
            yield (
                number,
                DataError(source, number, control.start() + 1, "", MSG_CONTROL, {"code": ord(control.group())}),
            )
            continue
        yield number, text.strip()


def read_listing(
    data: bytes | str,
    taxonomy: Taxonomy,
    existing: Iterable[Bulletin] = (),
    source: str = "<listing>",
) -> Listing:
    """The rows and rejected lines of the listing ``data`` (bytes of a file, or pasted text).

    A row repeating a bulletin of ``existing`` (the target file's), or an earlier row, on the same date with a
    title equal up to case and accents, is flagged as a duplicate. Each row carries the tags its title suggests.
    """
    if len(data) > MAX_LISTING_BYTES:
        raise file_error(source, MSG_TOO_LARGE, limit=MAX_LISTING_BYTES)
    with paused_collection():  # rows are made by the thousand: the collector's passes over them would add up
        return _read(data, taxonomy, existing, source)


def _read(data: bytes | str, taxonomy: Taxonomy, existing: Iterable[Bulletin], source: str) -> Listing:
    rows: list[ListingRow] = []
    rejects: list[DataError] = []
    pending: tuple[int, dt.date, str | None] | None = None  # a date line waiting for its title

    def reject(number: int, msgid: str, **params: object) -> None:
        rejects.append(DataError(source, number, 1, "", msgid, dict(params)))

    for number, line in _lines(source, data):
        if isinstance(line, DataError):
            rejects.append(line)
            pending = None  # the line it is in place of was its title: one message is enough
            continue
        if not line:
            continue
        date = parse_listing_date(line)
        if date is not None:
            if pending is not None:
                reject(pending[0], MSG_DATE_WITHOUT_TITLE)
            pending = None
            if not MIN_YEAR <= date.year <= MAX_YEAR:
                reject(number, MSG_YEAR, year=date.year, low=MIN_YEAR, high=MAX_YEAR)
            else:
                pending = (number, date, listing_date_language(line))
            continue
        if pending is None:
            if looks_like_a_date(line):
                reject(number, MSG_BAD_DATE, text=line)
            else:
                reject(number, MSG_TITLE_WITHOUT_DATE)
            continue
        date_line, date, date_language = pending
        pending = None
        guess = guess_language(line)
        if guess.is_other:
            reject(number, MSG_OTHER_LANGUAGE)
            continue
        language = guess.language or date_language or "en"
        rows.append(ListingRow(number, date_line, date, line, language, guess.language is not None))
    if pending is not None:
        reject(pending[0], MSG_DATE_WITHOUT_TITLE)
    rejects.sort(key=lambda error: error.line)
    listing = Listing(source, rows, rejects)
    mark_duplicates(listing, existing)
    suggest_tags(listing, TagRules(taxonomy))
    return listing


def _title_key(date: dt.date, title: str) -> tuple[dt.date, str]:
    return date, " ".join(fold(title).split())


def mark_duplicates(listing: Listing, existing: Iterable[Bulletin]) -> None:
    """Flags the rows that repeat a bulletin of ``existing`` or an earlier row (same date, title equal up to
    case and accents, in either language of the bulletin)."""
    known: dict[tuple[dt.date, str], str] = {}
    for bulletin in existing:
        for code in LANGUAGES:
            title = bulletin.title_fr if code == "fr" else bulletin.title_en
            if title:
                known.setdefault(_title_key(bulletin.date, title), bulletin.id)
    earlier: dict[tuple[dt.date, str], int] = {}
    for row in listing.rows:
        key = _title_key(row.date, row.title)
        row.duplicate_of = known.get(key, "")
        row.repeats_line = 0 if row.duplicate_of else earlier.get(key, 0)
        earlier.setdefault(key, row.line)


def suggest_tags(listing: Listing, rules: TagRules) -> None:
    """Each row's suggestions for its language (again after the language is corrected); none accepted."""
    for row in listing.rows:
        row.suggestions = rules.suggest(row.title, row.language)
        row.accepted &= {suggestion.key for suggestion in row.suggestions}
