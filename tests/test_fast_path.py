"""The fast reader of canonical files gives exactly what the general loader gives, or leaves the file to it."""

from __future__ import annotations

import gc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline_gui.domain.errors import DataLoadError, LoadCancelled
from timeline_gui.storage.canonical_reader import parse_canonical
from timeline_gui.storage.data_format import MAX_LIST_ITEMS, MAX_TEXT_LENGTH, MAX_YEAR, MIN_YEAR
from timeline_gui.storage.loader import (
    PACKAGED_BULLETINS,
    load_taxonomy,
    load_timeline,
    packaged_path,
    parse_bulletins,
)

TAXONOMY = load_taxonomy()


def fast(text: str):
    return parse_canonical(
        text,
        TAXONOMY.initiative_keys(),
        TAXONOMY.crime_type_keys(),
        max_text=MAX_TEXT_LENGTH,
        max_items=MAX_LIST_ITEMS,
        years=(MIN_YEAR, MAX_YEAR),
    )


def general(text: str):
    return parse_bulletins("test.yaml", text, TAXONOMY, fast=False).bulletins


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canonical(bulletins: list[dict]) -> str:
    """Writes bulletins in the canonical layout; list items are (text, quote it?) pairs; a title may be left out."""
    lines = ["schema: 1\nbulletins:\n"]
    for item in bulletins:
        lines.append(f"  - id: {item['id']}\n    date: {item['date']}\n    language: {item['language']}\n")
        lines.append("    title:\n")
        for code in ("en", "fr"):  # a title of None, or the translation of an "untranslated" one, left out
            if item[code] is not None and not (item.get("untranslated") and code != item["language"]):
                lines.append(f"      {code}: {quoted(item[code])}\n")
        for field in ("initiatives", "crime_types", "places", "partners"):
            if item.get(field) is not None:
                lines.append(
                    f"    {field}: ["
                    + ", ".join(quoted(text) if quote else text for text, quote in item[field])
                    + "]\n"
                )
        if item.get("basis") is not None:  # (tag, English, French) triples
            lines.append("    basis:\n")
            for key, en, fr in item["basis"]:
                lines.append(f"      {key}: {{en: {quoted(en)}, fr: {quoted(fr)}}}\n")
    return "".join(lines)


def test_the_packaged_file_takes_the_fast_path_and_gives_the_same_timeline():
    text = packaged_path(PACKAGED_BULLETINS).read_text(encoding="utf-8")
    accepted = fast(text)
    assert accepted is not None
    assert tuple(sorted(accepted, key=lambda b: (b.date, b.id))) == general(text) == load_timeline().bulletins


CLEAN = [
    {
        "id": "2017-03-22-ransomware",
        "date": "2017-03-22",
        "language": "en",
        "en": 'Ransomware – the "new" C:\\ challenge',
        "fr": "Les rançongiciels, nouveau défi d’INTERPOL 🛡",
        "initiatives": [("innovation-research", False), ("igci", True), ("igci", False)],
        "crime_types": [],
        "places": [("West Africa", False), ("Côte d'Ivoire", False), ("Asia, Pacific", True)],
        "basis": [
            ("igci", 'Held at the Global Complex: a "why"', " Tenu au Complexe : C:\\ "),
            ("innovation-research", "R", "R"),
        ],
    },
    {"id": "Zebra", "date": "1900-01-01", "language": "fr", "en": "  padded  ", "fr": "Été"},
    {
        "id": "Yellow Sea",
        "date": "2100-12-31",
        "language": "en",
        "en": "x" * MAX_TEXT_LENGTH,
        "fr": "y",
        "partners": [("Trend Micro", False), ("UNODC", True)],
    },
]


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_unicode_escapes_empty_and_missing_lists_read_alike(line_end):
    text = canonical(CLEAN).replace("\n", line_end)
    accepted = fast(text)
    assert accepted is not None
    assert tuple(sorted(accepted, key=lambda b: (b.date, b.id))) == general(text)
    first = next(b for b in accepted if b.id == "2017-03-22-ransomware")
    assert first.title_en == 'Ransomware – the "new" C:\\ challenge'
    assert first.initiatives == ("innovation-research", "igci")
    assert first.places == ("West Africa", "Côte d'Ivoire", "Asia, Pacific")
    assert next(b for b in accepted if b.id == "Zebra").title_en == "padded"
    # in the order of the tags, whatever the order of the file; the texts stripped as titles are
    assert first.basis == (
        ("innovation-research", "R", "R"),
        ("igci", 'Held at the Global Complex: a "why"', "Tenu au Complexe : C:\\"),
    )
    assert first.basis_of("igci", "fr") == "Tenu au Complexe : C:\\" and first.basis_of("terrorism", "en") is None


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"date": "2017-02-30"}, "not a real calendar date"),
        ({"date": "1899-12-31"}, "outside"),
        ({"language": "de"}, "not a supported language"),
        ({"initiatives": [("time-travel", False)]}, "unknown initiative key"),
        ({"crime_types": [("igci", False)]}, "unknown crime type key"),
        ({"en": "   "}, "must not be empty"),
        ({"fr": "x" * (MAX_TEXT_LENGTH + 1)}, "the limit is"),
        ({"places": [("yes", False)]}, "expected text, found"),
        ({"places": [("Null", False)]}, "expected text, found"),
        ({"id": "No"}, "expected text, found"),
        ({"id": "Zebra"}, "duplicate id"),
        ({"basis": [("terrorism", "a", "b")]}, "is not one of this bulletin's initiatives or crime types"),
        ({"basis": [("igci", "a", "  ")]}, "must not be empty"),
        ({"basis": [("igci", "a", "b"), ("igci", "c", "d")]}, "duplicate key"),
        ({"basis": [("yes", "a", "b")]}, "keys must be plain text"),
    ],
)
def test_a_problem_leaves_the_file_to_the_general_loader_which_reports_it(tmp_path, change, words):
    text = canonical([CLEAN[1], {**CLEAN[0], **change}])
    assert fast(text) is None
    path = tmp_path / "bulletins.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        load_timeline(path)
    (error,) = caught.value.errors
    assert words in error.message
    assert error.line > 2 and error.field.startswith("bulletins[1].")


@pytest.mark.parametrize(
    "text",
    [
        canonical(CLEAN).replace("\n", "\r"),
        canonical(CLEAN).replace("\n", "\n\r", 1),
        canonical(CLEAN).replace("    places: ", "    # a comment\n    places: "),
        canonical(CLEAN).replace("schema: 1\n", "schema: 1  # version\n"),
        canonical(CLEAN).rstrip("\n"),
        canonical(CLEAN) + "...\n",
        canonical(CLEAN).replace(
            '      en: "  padded  "\n      fr: "Été"\n', '      fr: "Été"\n      en: "  padded  "\n'
        ),
        canonical(CLEAN).replace("    date: 1900-01-01\n", "    date: '1900-01-01'\n"),
    ],
)
def test_other_layouts_take_the_general_path_with_the_same_result(text):
    assert fast(text) is None
    assert general(text) == general(canonical(CLEAN))


# ---------------------------------------------------------------- property: fast == general whenever fast answers

_TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "true",
    "2016",
    "1.5",
    "0x1F",
    "12:30",
    "a: b",
    "a #b",
    "-x",
    "&a",
    "*a",
    "!t",
    "",
    " ",
    "a  b",
    "é",
    "’s",
    "x" * (MAX_TEXT_LENGTH + 1),
]
_ALPHABET = st.sampled_from(list("abcXYZ019 -_.,:'’\"\\#[]{}&*!|>%@`\téÇ€🛡\x85\u2028\x00\x7f"))
_GOOD = [
    "Ransomware",
    "Côte d'Ivoire",
    "West Africa",
    "l’Ouest",
    "Trend Micro",
    "A.B. (Lyon) & co/x",
    "défi – sécurité: 2016",
    'say "hi"',
    "back\\slash",
]


def mostly(good, bad):
    """``good`` seven times out of eight: most files stay valid, so the fast reader often answers."""
    return st.integers(0, 7).flatmap(lambda roll: bad if roll == 0 else good)


_texts = mostly(st.sampled_from(_GOOD), st.one_of(st.sampled_from(_TRICKY), st.text(_ALPHABET, max_size=12)))
_items = st.lists(
    st.tuples(
        mostly(st.sampled_from(sorted(TAXONOMY.initiative_keys() | TAXONOMY.crime_type_keys()) + _GOOD), _texts),
        st.booleans(),
    ),
    max_size=3,
)
_ids = mostly(
    st.sampled_from(["a", "b", "2017-03-22-x", "Café au lait", "x y", "Zürich-2", "Oslo"]),
    st.one_of(
        st.sampled_from(["b", "2017-03-22", "yes", "Null", "n", "1e3", "a: b"]),
        st.text(_ALPHABET, min_size=1, max_size=8),
    ),
)
_good_dates = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12), st.integers(1, 28)
)
_dates = mostly(
    _good_dates,
    st.builds(
        lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(1890, 2110), st.integers(0, 13), st.integers(0, 32)
    ),
)
_bulletin = st.fixed_dictionaries(
    {
        "id": _ids,
        "date": _dates,
        "language": mostly(st.sampled_from(["en", "fr"]), st.sampled_from(["de", "no", "EN"])),
        "en": mostly(_texts, st.none()),
        "fr": mostly(_texts, st.none()),
    },
    optional={
        "initiatives": _items,
        "crime_types": _items,
        "places": _items,
        "partners": _items,
        "basis": st.lists(
            st.tuples(
                mostly(st.sampled_from(sorted(TAXONOMY.initiative_keys() | TAXONOMY.crime_type_keys())), _texts),
                _texts,
                _texts,
            ),
            max_size=3,
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_bulletin, min_size=1, max_size=3), st.sampled_from(["\n", "\n", "\r\n"]))
def test_whenever_the_fast_reader_answers_it_agrees_with_the_general_loader(bulletins, line_end):
    text = canonical(bulletins).replace("\n", line_end)
    accepted = fast(text)
    try:
        expected = general(text)
    except DataLoadError:
        expected = None
    if accepted is not None:
        assert expected is not None, text
        assert tuple(sorted(accepted, key=lambda b: (b.date, b.id))) == expected, text


_plain_words = st.text(st.sampled_from(list("abcdefgzABCZéÇ")), min_size=1, max_size=6).filter(
    lambda word: word[0] not in "yYnNtTfFoO"
)
_title_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"),
    min_size=1,
    max_size=40,
).filter(str.strip)
_clean_bulletin = st.fixed_dictionaries(
    {
        "id": _plain_words,
        "date": st.builds(
            lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
            st.integers(MIN_YEAR, MAX_YEAR),
            st.integers(1, 12),
            st.integers(1, 28),
        ),
        "language": st.sampled_from(["en", "fr"]),
        "en": _title_text,
        "fr": _title_text,
    },
    optional={
        "untranslated": st.booleans(),  # only the original title, as an imported bulletin has
        "places": st.lists(st.tuples(_plain_words, st.booleans()), max_size=3),
        "initiatives": st.lists(
            st.tuples(st.sampled_from(sorted(TAXONOMY.initiative_keys())), st.booleans()), max_size=3
        ),
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_clean_bulletin, min_size=1, max_size=4, unique_by=lambda b: b["id"]))
def test_good_canonical_files_are_read_by_the_fast_reader(bulletins):
    text = canonical(bulletins)
    accepted = fast(text)
    assert accepted is not None, text
    assert tuple(sorted(accepted, key=lambda b: (b.date, b.id))) == general(text)


# ---------------------------------------------------------------- progress, cancel, garbage collector


def big_text(count: int, layout: str = "canonical") -> str:
    items = [{**CLEAN[0], "id": f"b{number}"} for number in range(count)]
    text = canonical(items)
    if layout == "block":  # not canonical: block lists take the general path
        text = text.replace("    crime_types: []\n", "    crime_types:\n      - terrorism\n")
    return text


@pytest.mark.parametrize("layout", ["canonical", "block"])
def test_progress_is_reported_a_few_hundred_times_at_most_and_ends_at_the_total(tmp_path, layout):
    path = tmp_path / "bulletins.yaml"
    path.write_text(big_text(5000, layout), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    timeline = load_timeline(path, progress=lambda done, total: calls.append((done, total)))
    assert len(timeline) == 5000
    assert 2 <= len(calls) <= 300
    assert len({total for _done, total in calls}) == 1
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
    assert calls[-1][0] == calls[-1][1]


@pytest.mark.parametrize("layout", ["canonical", "block"])
def test_a_cancelled_load_raises_load_cancelled_and_restores_the_collector(tmp_path, layout):
    path = tmp_path / "bulletins.yaml"
    path.write_text(big_text(5000, layout), encoding="utf-8")
    asked: list[int] = []

    def should_cancel() -> bool:
        asked.append(1)
        return len(asked) > 2

    assert gc.isenabled()
    with pytest.raises(LoadCancelled):
        load_timeline(path, should_cancel=should_cancel)
    assert gc.isenabled()


def test_the_collector_is_back_on_after_a_file_with_problems(tmp_path):
    path = tmp_path / "bulletins.yaml"
    path.write_text("schema: 1\nbulletins: [1, 2]\n", encoding="utf-8")
    with pytest.raises(DataLoadError):
        load_timeline(path)
    assert gc.isenabled()


@st.composite
def _with_reasons(draw):
    """A clean bulletin with a reason for some of its tags, written in any order."""
    bulletin = draw(_clean_bulletin)
    tags = list(dict.fromkeys(text for text, _quote in bulletin.get("initiatives", [])))
    chosen = draw(st.lists(st.sampled_from(tags), unique=True) if tags else st.just([]))
    if chosen:
        bulletin["basis"] = [(key, draw(_title_text), draw(_title_text)) for key in chosen]
    return bulletin


@settings(max_examples=100, deadline=None)
@given(st.lists(_with_reasons(), min_size=1, max_size=4, unique_by=lambda b: b["id"]))
def test_good_canonical_files_with_reasons_are_read_by_the_fast_reader(bulletins):
    text = canonical(bulletins)
    accepted = fast(text)
    assert accepted is not None, text
    assert tuple(sorted(accepted, key=lambda b: (b.date, b.id))) == general(text)
