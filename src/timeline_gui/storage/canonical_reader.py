"""A fast reader for bulletins files written in the canonical layout, tried before the general loader.

The canonical layout is the one of ``resources/bulletins.yaml``: the header ``schema: 1`` /
``bulletins:``, then each bulletin with its keys in a fixed order and indentation, titles in double
quotes (only ``\\\\`` and ``\\"`` escapes), flow lists ``[a, "b c"]`` and plain scalars that start with a
letter. A strict regular expression reads such a file in about 5 µs per bulletin instead of the
general path's 50.

``parse_canonical`` answers None at the first doubt: anything outside that grammar, and every
semantic problem (a date that does not exist, an unknown taxonomy key or language, a duplicate id,
an empty or too long text, a plain scalar that YAML would read as a boolean or null...). The caller
then runs the general loader, which gives the same model for a good file and reports each problem
with its line, column and field. So whenever this module answers, its answer is exactly what the
general path gives (tests/test_fast_path.py checks that, with a property test).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

import yaml

from timeline_gui.domain.model import Bulletin
from timeline_gui.i18n import LANGUAGES
from timeline_gui.yielding import release

HEADER = "schema: 1\nbulletins:\n"

# Inside double quotes: YAML-printable characters minus '"', '\\', tab and other C0/C1 controls, DEL,
# line breaks of YAML 1.1 (NEL, LS, PS), the BOM, surrogates and non-characters.
_CHAR = r'[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]'
_QUOTED = r'"(' + _CHAR + r'*(?:\\[\\"]' + _CHAR + r'*)*)"'  # unrolled loop: much faster than (?:c|esc)*
_QUOTED_NC = _QUOTED.replace("(", "(?:", 1)
# Plain scalars: a letter, then letters, digits and a few harmless signs, words separated by one space.
# None of YAML's implicit types but booleans and null can start with a letter; _plain_is_text checks those.
_WORD = r"[\w.'’&()/-]"
_PLAIN = r"[^\W\d_]" + _WORD + r"*(?: " + _WORD + r"+)*"
# An id is a plain scalar, or a date followed by "-" and more: no int, float or timestamp reads that.
_ID = r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[A-Za-z0-9_-]+|" + _PLAIN
_ITEM = "(?:" + _PLAIN + "|" + _QUOTED_NC + ")"
_LIST = r"\[((?:" + _ITEM + "(?:, " + _ITEM + r")*)?)\]\n"
# A reason for a tag: one line ``      key: {en: "...", fr: "..."}`` under ``    basis:``.
_BASIS_LINE = r"      ([a-z][a-z0-9-]*): \{en: " + _QUOTED + ", fr: " + _QUOTED + r"\}\n"
_BASIS_LINE_NC = r"      [a-z][a-z0-9-]*: \{en: " + _QUOTED_NC + ", fr: " + _QUOTED_NC + r"\}\n"
_BULLETIN = re.compile(
    r"  - id: (" + _ID + r")\n"
    r"    date: ([0-9]{4}-[0-9]{2}-[0-9]{2})\n"
    r"    language: ([a-z]{2})\n"
    r"    title:\n"
    r"(?:      en: " + _QUOTED + r"\n)?"  # one of the two may be missing: a title not translated yet
    r"(?:      fr: " + _QUOTED + r"\n)?"
    r"(?:    initiatives: " + _LIST + ")?"
    r"(?:    crime_types: " + _LIST + ")?"
    r"(?:    places: " + _LIST + ")?"
    r"(?:    partners: " + _LIST + ")?"
    r"(?:    basis:\n((?:" + _BASIS_LINE_NC + ")+))?"
)
_BASIS_ENTRY = re.compile(_BASIS_LINE)
_LIST_ITEM = re.compile("(" + _PLAIN + ")|" + _QUOTED)
_ESCAPE = re.compile(r"\\(.)")
_RISKY_FIRST = frozenset("yYnNtTfFoO")  # first letters of YAML 1.1 booleans and null
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_CHECK_EVERY = 1024  # bulletins read between two cancel checks: some 10 ms
_ID_SHARDS = 63  # a mask: 64 sets


class _Doubt(Exception):
    """Leave this file to the general loader."""


def _plain_is_text(value: str) -> bool:
    return value[0] not in _RISKY_FIRST or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def _unescape(value: str) -> str:
    return _ESCAPE.sub(r"\1", value) if "\\" in value else value


def parse_canonical(
    text: str | Sequence[str],
    initiative_keys: frozenset[str],
    crime_keys: frozenset[str],
    *,
    max_text: int,
    max_items: int,
    years: tuple[int, int],
    check: Callable[[int], None] | None = None,
) -> list[Bulletin] | None:
    """The bulletins of ``text`` in file order, or None when the general loader must decide.

    A list of more than ``max_items`` items is a doubt.
    ``check(position)`` is called every couple of thousand bulletins (progress, cancellation).
    ``text`` may be a sequence of consecutive pieces, each ending with a line end (``read_pieces``):
    the answer is that for the pieces joined, each piece being read by short C calls. A bulletin
    split between two pieces is a doubt (None), never a wrong answer.
    """
    pieces = [text] if isinstance(text, str) else text
    if not pieces:
        return None
    strings: dict[str, str] = {}
    tuples: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
    languages = {code: code for code in LANGUAGES}
    dates: dict[str, dt.date] = {}
    low_year, high_year = years
    # One cache per list field: the same raw text means the same tuple (and was checked once).
    initiatives_seen: dict[str, tuple[str, ...]] = {"": ()}
    crimes_seen: dict[str, tuple[str, ...]] = {"": ()}
    places_seen: dict[str, tuple[str, ...]] = {"": ()}
    partners_seen: dict[str, tuple[str, ...]] = {"": ()}

    def text_value(raw: str) -> str:
        value = _unescape(raw).strip()
        if not value or len(value) > max_text:
            raise _Doubt
        return value

    def parse_list(raw: str, seen: dict[str, tuple[str, ...]], allowed: frozenset[str] | None) -> tuple[str, ...]:
        values: dict[str, None] = {}  # ordered, and a repeat costs nothing however long the list
        for count, match in enumerate(_LIST_ITEM.finditer(raw), 1):
            if count > max_items:
                raise _Doubt
            plain, quoted = match.groups()
            if plain is not None:
                if not _plain_is_text(plain) or len(plain) > max_text:
                    raise _Doubt
                value = plain
            else:
                value = text_value(quoted)
            if allowed is not None and value not in allowed:
                raise _Doubt
            values[value] = None
        items = tuple(strings.setdefault(value, value) for value in values)
        result = seen[raw] = tuples.setdefault(items, items)
        return result

    def parse_basis(raw: str, tags: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
        found: dict[str, tuple[str, str, str]] = {}
        for match in _BASIS_ENTRY.finditer(raw):
            key, en, fr = match.groups()
            if key in found or key not in tags or not _plain_is_text(key):
                raise _Doubt
            found[key] = (key, text_value(en), text_value(fr))
        return tuple(found[tag] for tag in tags if tag in found)

    def parse_date(key: str) -> dt.date:
        try:
            value = dt.date(int(key[:4]), int(key[5:7]), int(key[8:]))
        except ValueError:
            raise _Doubt from None
        if not low_year <= value.year <= high_year:
            raise _Doubt
        dates[key] = value
        return value

    bulletins: list[Bulletin] = []
    append = bulletins.append
    make = tuple.__new__
    # The ids met so far, in many sets rather than one: growing one set of a million strings (or
    # freeing it) is a single C call of some 20 ms, long enough for the window to stutter.
    ids: list[set[str]] = [set() for _ in range(_ID_SHARDS + 1)]
    count = offset = 0
    try:
        for number, raw_piece in enumerate(pieces):
            # Windows line ends: YAML reads "\r\n" as "\n" (a lone "\r" is still refused below)
            piece = raw_piece.replace("\r\n", "\n") if "\r" in raw_piece else raw_piece
            position = 0
            if number == 0:
                if not piece.startswith(HEADER):
                    return None
                position = len(HEADER)
            for match in _BULLETIN.finditer(piece, position):
                count += 1
                if match.start() != position:
                    return None
                position = match.end()
                bulletin_id, day, language, en, fr, initiatives, crimes, places, partners, reasons = match.groups()
                if bulletin_id[0] in _RISKY_FIRST and not _plain_is_text(bulletin_id):
                    return None
                shard = ids[hash(bulletin_id) & _ID_SHARDS]
                if len(bulletin_id) > max_text or bulletin_id in shard:
                    return None
                shard.add(bulletin_id)
                date = dates.get(day) or parse_date(day)
                code = languages.get(language)
                if code is None:
                    return None
                if en is None or fr is None:  # only the original may stand alone (an imported bulletin)
                    if (en if code == "en" else fr) is None:
                        return None
                    en, fr = en or "", fr or ""
                    if not (en or fr).strip():
                        return None
                elif not en.strip() or not fr.strip():
                    return None
                if "\\" in en:
                    en = _ESCAPE.sub(r"\1", en)
                if "\\" in fr:
                    fr = _ESCAPE.sub(r"\1", fr)
                en, fr = en.strip(), fr.strip()  # as the general loader does (the same object when unchanged)
                if len(en) > max_text or len(fr) > max_text:
                    return None
                a = () if initiatives is None else initiatives_seen.get(initiatives)
                if a is None:
                    a = parse_list(initiatives, initiatives_seen, initiative_keys)
                b = () if crimes is None else crimes_seen.get(crimes)
                if b is None:
                    b = parse_list(crimes, crimes_seen, crime_keys)
                c = () if places is None else places_seen.get(places)
                if c is None:
                    c = parse_list(places, places_seen, None)
                d = () if partners is None else partners_seen.get(partners)
                if d is None:
                    d = parse_list(partners, partners_seen, None)
                basis = () if reasons is None else parse_basis(reasons, a + b)
                append(make(Bulletin, (bulletin_id, date, code, en, fr, a, b, c, d, basis)))
                if check is not None and not count % _CHECK_EVERY:
                    check(offset + position)
            if position != len(piece):
                return None
            offset += len(piece)
    except _Doubt:
        return None
    if not bulletins:
        return None
    release(ids, 1)
    return bulletins
