"""Property-based tests: whatever the bytes, the loader answers with a model or a located DataLoadError.

Documents close to the real schema (built as Python data, dumped with yaml.safe_dump, then mutated
structurally and as text), YAML-flavoured token soup and random bytes are fed to ``load_timeline``
and ``load_taxonomy``. The only allowed outcomes are a ``Timeline``/``Taxonomy`` or a
``DataLoadError`` whose every ``DataError`` names the file, has a line (>= 1 unless the problem
concerns the whole file) and reads in both languages. Any other exception fails the test.

Hostile shapes (lists around their length limit, alias fan-outs, nesting around the depth limit, wide
mappings, tags on any node, control characters written as escapes) are generated too, at sizes where work
out of proportion to the file would show as a hang.

The example counts below add up to 12,400 generated inputs per run (the packaged-file test loads
two per example); ``TIMELINE_FUZZ_SCALE`` multiplies them (benchmarks/fuzz_loader.py runs the same
properties for longer).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline_gui import i18n
from timeline_gui.domain.errors import DataError, DataLoadError
from timeline_gui.domain.model import Taxonomy, Timeline
from timeline_gui.storage.data_format import MAX_LIST_ITEMS, MAX_NESTING_DEPTH
from timeline_gui.storage.loader import load_taxonomy, load_timeline, packaged_path

pytestmark = pytest.mark.slow  # about a minute: in the full run (scripts/test --all, CI)

SCALE = float(os.environ.get("TIMELINE_FUZZ_SCALE", "1"))
settings.register_profile(
    "loader-fuzz",
    deadline=None,  # no timing in unit tests; a hang would show as the CI job's timeout
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
FUZZ = settings.get_profile("loader-fuzz")


def examples(count: int) -> int:
    return max(1, int(count * SCALE))


# Problems about the whole file rather than a place in it: these alone may have no line.
WHOLE_FILE = {
    "the file is empty",
    "cannot read the file: {reason}",
    "file is larger than the limit of {limit} bytes",
    "cannot read the file: it is {kind}, not a regular file",
}

TAXONOMY = load_taxonomy()
INITIATIVE_KEYS = sorted(TAXONOMY.initiative_keys())
CRIME_KEYS = sorted(TAXONOMY.crime_type_keys())
PACKAGED_BULLETINS = packaged_path("bulletins.yaml").read_text(encoding="utf-8")
PACKAGED_TAXONOMY = packaged_path("taxonomy.yaml").read_text(encoding="utf-8")

_counter = itertools.count()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def write(folder: Path, data: bytes) -> Path:
    path = folder / f"input-{next(_counter)}.yaml"
    path.write_bytes(data)
    return path


def check_outcome(path: Path, load=lambda path: load_timeline(path, TAXONOMY)):
    """Loads ``path``: returns the model or the DataLoadError; anything else propagates and fails."""
    lines = len(path.read_bytes().decode("utf-8", "replace").splitlines()) + 1  # any kind of line break counts
    try:
        result = load(path)
    except DataLoadError as error:
        assert error.errors, "a DataLoadError must list its problems"
        for problem in error.errors:
            assert isinstance(problem, DataError)
            assert problem.path == str(path)
            assert problem.column >= 0
            if problem.msgid not in WHOLE_FILE:
                assert 1 <= problem.line <= lines, str(problem)
            for language in i18n.LANGUAGES:  # every message formats in every language
                i18n.set_language(language)
                assert str(problem).startswith(str(path))
            i18n.set_language("en")
        return error
    finally:
        path.unlink()
    assert isinstance(result, (Timeline, Taxonomy))
    return result


# ---------------------------------------------------------------- strategies

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "~",
        "null",
        "yes",
        "0x1F",
        "1e9",
        ".nan",
        "-",
        ":",
        "- x",
        "&a",
        "*a",
        "!!python/object:os.system",
        "2017-02-30",
        "0000-01-01",
        "9999-12-31",
        "10000-01-01",
        "'",
        '"',
        "\\",
        "\x00",
        "\ufeff",
        "\u2028",
        "é",
        "🙂",
        "x" * 3000,
    ]
)
TEXT = st.one_of(st.text(max_size=40), NASTY_TEXT)
WORDS = st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=40).filter(str.strip)


def mostly(good, bad):
    """``good`` seven times in eight: most documents should get past the first checks."""
    return st.sampled_from([good] * 7 + [bad]).flatmap(lambda strategy: strategy)


LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT, st.dates(), st.datetimes())
JUNK = st.recursive(
    LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=4)
    ),
    max_leaves=12,
)

DATES = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.dates(),  # years 1 to 9999: most are outside the accepted range
    st.sampled_from(["2017-02-30", "2017-13-01", "22/03/2017", "2017-3-2", "March 2017", "0001-01-01"]),
    st.integers(),
)


def key_list(keys: list[str]):
    return st.lists(mostly(st.sampled_from(keys), TEXT), max_size=4)


BULLETIN = st.fixed_dictionaries(
    {
        "id": mostly(st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z"), st.one_of(TEXT, st.integers())),
        "date": mostly(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)), DATES),
        "language": mostly(st.sampled_from(["en", "fr"]), TEXT),
        "title": mostly(
            st.fixed_dictionaries({"en": WORDS, "fr": WORDS}),
            st.one_of(st.fixed_dictionaries({"en": TEXT, "fr": TEXT}), JUNK),
        ),
    },
    optional={
        "initiatives": key_list(INITIATIVE_KEYS),
        "crime_types": key_list(CRIME_KEYS),
        "places": st.lists(mostly(WORDS, TEXT), max_size=3),
        "partners": st.lists(mostly(WORDS, TEXT), max_size=3),
    },
)
DOCUMENT = st.fixed_dictionaries(
    {
        "schema": mostly(st.just(1), JUNK),
        "bulletins": mostly(st.lists(BULLETIN, max_size=4, unique_by=lambda b: str(b["id"])), JUNK),
    },
)


def _paths(value, prefix=()):
    """Every place inside a dumped document where a value can be swapped."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _paths(item, (*prefix, position))


@st.composite
def mutated_documents(draw) -> bytes:
    """A schema-like document, a value swapped for junk, dumped, then edited as text."""
    document = draw(DOCUMENT)
    places = list(_paths(document))[1:]
    if draw(st.integers(0, 7)) == 0:  # an unknown field somewhere
        where = draw(
            st.sampled_from(
                [document, *[b for b in document["bulletins"] if isinstance(b, dict)]]
                if isinstance(document["bulletins"], list)
                else [document]
            )
        )
        where[draw(TEXT)] = draw(JUNK)
    if places and draw(st.integers(0, 3)) == 0:
        where = draw(st.sampled_from(places))
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        parent[where[-1]] = draw(JUNK)
    text = yaml.safe_dump(
        document,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        sort_keys=False,
    )
    return draw(text_edits(text))


EDITS = st.sampled_from(
    [
        "\t",
        " ",
        "  ",
        "\n",
        ":",
        ": ",
        "- ",
        "-",
        "[",
        "]",
        "{",
        "}",
        ",",
        "'",
        '"',
        "#",
        "&a ",
        "*a",
        "*b",
        "<<: *a\n",
        "? ",
        "|",
        ">",
        "!!python/object:os.system ",
        "!!python/name:os.system ",
        "!!binary ",
        "!custom ",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "\ufeff",
        "\x00",
        "\x85",
        "\u2028",
        "\r",
        "\r\n",
        "é",
        "9999-99-99",
        "1900-01-01",
        "2101-01-01",
    ]
)


@st.composite
def text_edits(draw, text: str) -> str:
    """Up to four insertions, deletions or replacements at random places of ``text``."""
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 4]))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(EDITS, st.text(max_size=3)))
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


TOKENS = st.sampled_from(
    [
        b"schema: 1\n",
        b"bulletins:\n",
        b"  - ",
        b"id: a\n",
        b"date: 2017-01-01\n",
        b"language: en\n",
        b"title: {en: a, fr: b}\n",
        b"    ",
        b"\t",
        b"- ",
        b"[",
        b"]",
        b"{",
        b"}",
        b", ",
        b": ",
        b"&a ",
        b"*a ",
        b"!!python/object/apply:os.system [true]",
        b"!!str ",
        b"'",
        b'"',
        b"\n",
        b"\r",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\x00",
        b"---\n",
        b"%TAG ! tag:x,2000:\n",
        b"? ",
        b"|\n",
        b"#",
    ]
)


GOOD_BULLETIN = "  - id: b{n}\n    date: 2017-03-22\n    language: en\n    title: {{en: a, fr: b}}\n"
HOSTILE_TAGS = st.sampled_from(
    ["!!python/object/apply:os.system", "!!set", "!!map", "!!seq", "!!str", "!!binary", "!", "!custom", "!<tag:x,1:y>"]
)


def _items(field: str, count: int) -> list[str]:
    if field == "initiatives":
        return [INITIATIVE_KEYS[n % len(INITIATIVE_KEYS)] for n in range(count)]
    if field == "crime_types":
        return [CRIME_KEYS[n % len(CRIME_KEYS)] for n in range(count)]
    return [f"Place{n % 700}" for n in range(count)]


@st.composite
def hostile_documents(draw) -> tuple[str, bool]:
    """A bulletins file of one of the shapes an adversary tries, around the limits that bound the work, and
    whether it must be refused."""
    shape = draw(st.sampled_from(["long list", "alias fan-out", "nesting", "wide mapping", "tag", "control"]))
    head = "schema: 1\nbulletins:\n" + GOOD_BULLETIN.format(n=0)
    if shape == "long list":
        field = draw(st.sampled_from(["initiatives", "crime_types", "places", "partners"]))
        count = draw(
            st.sampled_from([0, 1, MAX_LIST_ITEMS - 1, MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1, 5 * MAX_LIST_ITEMS])
        )
        items = _items(field, count)
        if draw(st.booleans()):
            return head + f"    {field}: [" + ", ".join(items) + "]\n", count > MAX_LIST_ITEMS
        return head + f"    {field}:\n" + "".join(f"      - {item}\n" for item in items), count > MAX_LIST_ITEMS
    if shape == "alias fan-out":
        count = draw(st.sampled_from([1, 10, MAX_LIST_ITEMS, 2 * MAX_LIST_ITEMS]))
        uses = draw(st.integers(0, 400))
        field = draw(st.sampled_from(["places", "partners", "title"]))
        name = draw(st.sampled_from(["a", "a", "a", "undefined"]))
        if field == "title":
            anchored = head.replace("title: {en", "title: &a {en")
        else:
            anchored = head + f"    {field}: &a [" + ", ".join(_items(field, count)) + "]\n"
        return anchored + "".join(
            f"  - {{id: c{n}, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, {field}: *{name}}}\n"
            for n in range(uses)
        ), count > MAX_LIST_ITEMS and uses > 0
    if shape == "nesting":
        depth = draw(st.integers(MAX_NESTING_DEPTH - 3, MAX_NESTING_DEPTH + 3))
        opening, middle, closing = draw(st.sampled_from([("[", "", "]"), ("{a: ", "1", "}")]))
        nest = opening * depth + middle + closing * depth
        where = draw(st.sampled_from(["    places: {}\n", "junk{}: {}\n", "  - {}\n"]))
        text = head + "".join(where.format(n, nest) if "junk" in where else where.format(nest) for n in range(3))
        return text, True  # too deep, or a list or mapping where text or a bulletin belongs, or an unknown key
    if shape == "wide mapping":
        count = draw(st.sampled_from([10, 1000, 3000]))
        keys = ["id"] * count if draw(st.booleans()) else [f"key{n}" for n in range(count)]
        indent = draw(st.sampled_from(["", "    "]))  # the document's mapping or a bulletin's
        return head + "".join(f"{indent}{key}: v\n" for key in keys), True  # duplicate or unknown keys
    if shape == "tag":
        tag = draw(HOSTILE_TAGS)
        text = draw(
            st.sampled_from(
                [
                    f"--- {tag}\n" + head,
                    head.replace("bulletins:", f"bulletins: {tag}"),
                    head + f"    places: {tag} [a]\n",
                    head.replace("{en: a", f"{{en: {tag} a"),
                    head.replace("title:", f"title: {tag}"),
                    head + f"    junk: {tag} {{}}\n",
                ]
            )
        )
        return text, True
    code = draw(st.sampled_from([*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]))  # not tab, line feed
    escape = f"\\x{code:02x}"
    text = draw(
        st.sampled_from(
            [
                head.replace("{en: a", f'{{en: "a{escape}b"'),
                head.replace("id: b0", f'id: "b{escape}0"'),
                head + f'    places: ["x{escape}"]\n',
                head + f'    "k{escape}": 1\n',
            ]
        )
    )
    return text, True


# ---------------------------------------------------------------- properties


@settings(FUZZ, max_examples=examples(3500))
@given(mutated_documents())
def test_schema_like_documents_load_or_fail_with_a_location(folder, text):
    check_outcome(write(folder, text.encode("utf-8", "surrogatepass")))


@settings(FUZZ, max_examples=examples(2000))
@given(st.data())
def test_edits_of_the_packaged_files_load_or_fail_with_a_location(folder, data):
    text = data.draw(text_edits(PACKAGED_BULLETINS))
    check_outcome(write(folder, text.encode("utf-8", "surrogatepass")))
    taxonomy = data.draw(text_edits(PACKAGED_TAXONOMY))
    check_outcome(write(folder, taxonomy.encode("utf-8", "surrogatepass")), load=load_taxonomy)


@settings(FUZZ, max_examples=examples(2500))
@given(st.lists(TOKENS, max_size=60).map(b"".join))
def test_yaml_token_soup_loads_or_fails_with_a_location(folder, data):
    check_outcome(write(folder, data))


@settings(FUZZ, max_examples=examples(2000))
@given(st.one_of(st.binary(max_size=400), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_random_bytes_load_or_fail_with_a_location(folder, data):
    check_outcome(write(folder, data))


@settings(FUZZ, max_examples=examples(400))
@given(st.data())
def test_hostile_shapes_load_or_fail_with_a_location(folder, data):
    text, refused = data.draw(hostile_documents())
    if data.draw(st.integers(0, 3)) == 0:
        text, refused = data.draw(text_edits(text)), False  # an edit may have mended it
    outcome = check_outcome(write(folder, text.encode("utf-8", "surrogatepass")))
    assert isinstance(outcome, DataLoadError) or not refused
