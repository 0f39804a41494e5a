"""Named hostile inputs: each gets a clear, located error naming the limit it breaks, or loads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from timeline_gui.domain.errors import DataLoadError
from timeline_gui.storage import data_format, file_text
from timeline_gui.storage.data_format import (
    MAX_ERRORS,
    MAX_LIST_ITEMS,
    MAX_NESTING_DEPTH,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
)
from timeline_gui.storage.loader import load_taxonomy, load_timeline, validate

HEADER = "schema: 1\nbulletins:\n"
ONE = '  - id: one\n    date: 2017-03-22\n    language: en\n    title: {en: "Ransomware", fr: "Rançongiciels"}\n'


def write(tmp_path, text, name="bulletins.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path):
    with pytest.raises(DataLoadError) as caught:
        load_timeline(path)
    return caught.value.errors


# ---------------------------------------------------------------- aliases


ALIAS_LIMIT = re.compile(r"aliases repeat more than \d+ values \(the alias expansion limit\)")


def billion_laughs(levels=9):
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_outside_the_schema_is_never_expanded(tmp_path):
    errors = errors_of(write(tmp_path, billion_laughs() + HEADER + ONE))
    assert [(e.line, e.field) for e in errors][:2] == [(1, "lol0"), (2, "lol1")]
    assert all("unknown field" in e.message for e in errors)


@pytest.mark.parametrize("where", ["bulletins", "places", "fan-out", "whole"])
def test_billion_laughs_inside_the_schema_stops_with_a_located_error(tmp_path, where):
    bomb = 'lol0: &lol0 {en: "lol", fr: "lol"}\n' + "\n".join(
        f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 10) + "]" for n in range(1, 10)
    )
    bomb += "\nbig: &big [" + ", ".join(f"p{n}" for n in range(MAX_LIST_ITEMS)) + "]"
    items = "[" + ", ".join(["*lol9"] * 10) + "]"
    body = {
        "bulletins": "bulletins: " + items + "\n",
        "places": "bulletins:\n  - {id: a, date: 2017-01-01, language: en, title: {en: a, fr: b}, places: "
        + items
        + "}\n",
        "fan-out": "bulletins:\n"
        + "".join(
            f"  - {{id: b{n}, date: 2017-01-01, language: en, title: *lol0, places: *big}}\n" for n in range(100)
        ),
        "whole": "bulletins: *lol9\n",
    }[where]
    text = "schema: 1\nanchors:\n" + textwrap.indent(bomb, "  ") + "\n" + body
    errors = errors_of(write(tmp_path, text))
    assert 1 <= len(errors) <= MAX_ERRORS + 1
    assert all(e.line >= 1 for e in errors)
    if where == "fan-out":
        assert any(ALIAS_LIMIT.fullmatch(e.message) for e in errors)


# ---------------------------------------------------------------- nesting


@pytest.mark.parametrize(
    ("nested", "line"),
    [
        ("[" * (MAX_NESTING_DEPTH + 1) + "]" * (MAX_NESTING_DEPTH + 1), 2),
        ("{a: " * (MAX_NESTING_DEPTH + 1) + "1" + "}" * (MAX_NESTING_DEPTH + 1), 2),
        ("\n" + "".join(" " * level + "- \n" for level in range(MAX_NESTING_DEPTH + 5)), MAX_NESTING_DEPTH + 2),
    ],
    ids=["flow-list", "flow-mapping", "block-list"],
)
def test_nesting_deeper_than_the_limit_names_the_limit(tmp_path, nested, line):
    (error,) = errors_of(write(tmp_path, "schema: 1\nbulletins: " + nested + "\n"))
    assert error.message == f"lists and mappings are nested deeper than the limit of {MAX_NESTING_DEPTH} levels"
    assert error.line == line and error.column >= 1


def test_nesting_up_to_the_limit_is_read_as_usual(tmp_path):
    depth = MAX_NESTING_DEPTH - 1  # the document's own mapping is the first level
    (error,) = errors_of(write(tmp_path, "schema: 1\nbulletins: " + "[" * depth + "]" * depth + "\n"))
    assert (error.line, error.field, error.message) == (2, "bulletins[0]", "expected a mapping, found a list")


def test_deep_taxonomy_examples_do_not_overflow(tmp_path):
    node = "{key: k%d, label: {en: a, fr: b}, description: {en: a, fr: b}, examples: [%s]}"
    text = "x"
    for level in range(400):
        text = node % (level, text if level else "")
    path = write(
        tmp_path,
        f"schema: 1\ncrime_types: [{text}]\ninitiatives: []\n"
        "complex: {key: igci, label: {en: a, fr: b}, description: {en: a, fr: b}}\n",
    )
    taxonomy = load_taxonomy(path)
    assert len(taxonomy.crime_type_keys()) == 400


# ---------------------------------------------------------------- encodings, empty, tabs, duplicates


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"schema: 1\nbulletins:\n  - id: caf\xe9\n", 3, "not UTF-8"),
        ("schema: 1\n".encode("utf-16"), 1, "not UTF-8"),
        (b"\xff\xfe\x00\x00", 1, "not UTF-8"),
        (b"schema: 1\nbulletins: []\n\x00", 3, "U+0000"),
        (b"schema: 1\nbulletins: [\x07]\n", 2, "U+0007"),
        ("schema: 1 # été, ça\nbulletins: [é, \x07]\n".encode(), 2, "U+0007"),
    ],
    ids=["latin-1", "utf-16", "utf-32-bom", "nul", "bell", "bell-after-accents"],
)
def test_bytes_that_are_not_utf8_text(tmp_path, data, line, words):
    path = tmp_path / "bytes.yaml"
    path.write_bytes(data)
    (error,) = errors_of(path)
    assert error.line == line and words in error.message
    if words.startswith("U+"):  # the column counts characters, as an editor does
        assert data.decode().splitlines()[line - 1][error.column - 1] == chr(int(words[2:], 16))


def test_a_byte_order_mark_does_not_shift_lines(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ONE.replace("2017-03-22", "2017-02-30")).encode())
    (error,) = errors_of(path)
    assert (error.line, error.column, error.field) == (4, 11, "bulletins[0].date")
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ONE).encode())
    assert [b.id for b in load_timeline(path).bulletins] == ["one"]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "\ufeff"])
def test_an_empty_file(tmp_path, text):
    (error,) = errors_of(write(tmp_path, text))
    assert error.message == "the file is empty"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("schema: 1\nbulletins:\n\t- id: one\n", 3),
        (HEADER + ONE.replace("    language", "\tlanguage"), 5),
        ("schema: 1\n\tbulletins: []\n", 2),
    ],
)
def test_tabs_for_indentation_say_so(tmp_path, text, line):
    (error,) = errors_of(write(tmp_path, text))
    assert error.message == "not valid YAML: a tab cannot indent YAML; use spaces"
    assert error.line == line


def test_a_tab_inside_a_value_is_fine(tmp_path):
    timeline = load_timeline(write(tmp_path, HEADER + ONE.replace('"Ransomware"', '"Ransom\tware"')))
    assert timeline.bulletins[0].title("en") == "Ransom\tware"


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("schema: 1\nschema: 1\nbulletins: []\n", 2, "schema"),
        (HEADER + ONE + "bulletins: []\n", 7, "bulletins"),
        (HEADER + ONE.replace('fr: "Rançongiciels"', 'en: "Again"'), 6, "bulletins[0].title.en"),
        (
            HEADER + ONE.replace("    language: en\n", "    language: en\n    date: 2017-01-01\n"),
            6,
            "bulletins[0].date",
        ),
    ],
)
def test_duplicate_keys_are_reported_where_they_repeat(tmp_path, text, line, field):
    errors = errors_of(write(tmp_path, text))
    assert [(e.line, e.field) for e in errors if e.message.startswith("duplicate key")] == [(line, field)]


# ---------------------------------------------------------------- unsafe tags


UNSAFE = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:pathlib.Path {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [a, b]",
    "!custom 'x'",
    "!<tag:example.com,2000:thing> x",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
]


@pytest.mark.parametrize("tag", UNSAFE, ids=lambda tag: tag.split()[0])
@pytest.mark.parametrize("place", ["title", "places", "id", "root", "bulletin"])
def test_unsafe_and_unknown_tags_are_refused_never_run(tmp_path, tag, place):
    marker = tmp_path / "ran"
    value = tag.format(marker=marker)
    text = {
        "title": HEADER + ONE.replace('"Ransomware"', value),
        "places": HEADER + ONE + f"    places: [{value}]\n",
        "id": HEADER + ONE.replace("id: one", f"id: {value}"),
        "root": value + "\n",
        "bulletin": HEADER + f"  - {value}\n",
    }[place]
    errors = errors_of(write(tmp_path, text))
    assert not marker.exists()
    assert errors and all(e.line >= 1 for e in errors), [str(e) for e in errors]


# ---------------------------------------------------------------- ranges and lengths


@pytest.mark.parametrize("date", ["0001-01-01", f"{MIN_YEAR - 1}-12-31", f"{MAX_YEAR + 1}-01-01", "9999-12-31"])
def test_dates_outside_the_year_range_name_it(tmp_path, date):
    (error,) = errors_of(write(tmp_path, HEADER + ONE.replace("2017-03-22", date)))
    assert (error.line, error.field) == (4, "bulletins[0].date")
    assert error.message == f"year {int(date[:4])} is outside {MIN_YEAR}–{MAX_YEAR}"


@pytest.mark.parametrize(
    "date", ["10000-01-01", "-2017-01-01", "2017-01-01T10:00:00", "99999999999999999999-01-01", "2017-00-10"]
)
def test_dates_no_calendar_has_are_refused(tmp_path, date):
    (error,) = errors_of(write(tmp_path, HEADER + ONE.replace("2017-03-22", date)))
    assert (error.line, error.field) == (4, "bulletins[0].date")


def test_dates_at_the_ends_of_the_range_load(tmp_path):
    text = (
        HEADER
        + ONE.replace("2017-03-22", f"{MIN_YEAR}-01-01")
        + ONE.replace("one", "two").replace("2017-03-22", f"{MAX_YEAR}-12-31")
    )
    assert [b.date.year for b in load_timeline(write(tmp_path, text)).bulletins] == [MIN_YEAR, MAX_YEAR]


def test_a_title_of_100000_characters_names_the_limit(tmp_path):
    (error,) = errors_of(write(tmp_path, HEADER + ONE.replace('"Ransomware"', '"' + "x" * 100_000 + '"')))
    assert (error.line, error.field) == (6, "bulletins[0].title.en")
    assert error.message == f"is 100000 characters long; the limit is {MAX_TEXT_LENGTH}"


def test_a_title_at_the_limit_loads(tmp_path):
    timeline = load_timeline(write(tmp_path, HEADER + ONE.replace('"Ransomware"', "x" * MAX_TEXT_LENGTH)))
    assert len(timeline.bulletins[0].title("en")) == MAX_TEXT_LENGTH


def test_a_file_over_the_size_limit_names_it(tmp_path, monkeypatch):
    monkeypatch.setattr(file_text, "MAX_FILE_BYTES", 1000)
    (error,) = errors_of(write(tmp_path, HEADER + ONE * 20))
    assert error.message == "file is larger than the limit of 1000 bytes"
    assert validate(tmp_path / "bulletins.yaml")[0].message == error.message


def test_more_problems_than_the_limit_stop_the_reading(tmp_path):
    errors = errors_of(write(tmp_path, HEADER + "  - x\n" * (MAX_ERRORS * 3)))
    assert len(errors) == MAX_ERRORS + 1
    assert errors[-1].message == f"more than {MAX_ERRORS} problems; the rest of the file was not checked"
    assert errors[-1].line == MAX_ERRORS + 3
    assert [e.line for e in errors[:-1]] == list(range(3, MAX_ERRORS + 3))


# ---------------------------------------------------------------- a 50 MB file, measured in a child process

MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from timeline_gui.domain.errors import DataLoadError
    from timeline_gui.storage.loader import load_timeline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        outcome = {"bulletins": len(load_timeline(sys.argv[1]))}
    except DataLoadError as error:
        outcome = {"errors": [[e.line, e.field, e.message] for e in error.errors[:5]], "count": len(error.errors)}
    outcome["grown_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    print(json.dumps(outcome))
    """
)
FIFTY_MB = 50 * 1024 * 1024


def measure(path):
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(done.stdout)


def make_50mb(path, kind):
    with path.open("wb") as handle:
        if kind == "title":
            handle.write((HEADER + ONE.replace('"Ransomware"', '"' + "x" * FIFTY_MB + '"')).encode())
        elif kind == "comment":
            handle.write((HEADER + ONE).encode())
            line = b"# " + b"c" * 1021 + b"\n"
            for _ in range(FIFTY_MB // len(line)):
                handle.write(line)
        elif kind == "latin-1 at the end":
            line = b"# " + b"c" * 1021 + b"\n"
            handle.write((HEADER + ONE).encode())
            for _ in range(FIFTY_MB // len(line)):
                handle.write(line)
            handle.write(b"# caf\xe9\n")
    return path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "title",
            {
                "errors": [
                    [6, "bulletins[0].title.en", f"is {FIFTY_MB} characters long; the limit is {MAX_TEXT_LENGTH}"]
                ],
                "count": 1,
            },
        ),
        ("comment", {"bulletins": 1}),
        (
            "latin-1 at the end",
            {"errors": [[7 + FIFTY_MB // 1024, "", "the file is not UTF-8 text (byte 0xe9)"]], "count": 1},
        ),
    ],
)
def test_a_50mb_file_gives_a_clear_result_in_bounded_memory(tmp_path, kind, expected):
    path = make_50mb(tmp_path / "big.yaml", kind)
    assert path.stat().st_size >= FIFTY_MB
    outcome = measure(path)
    grown_mib = outcome.pop("grown_kib") / 1024
    assert outcome == expected
    # The file held as bytes, then as text, then its one big value: a few copies, never more.
    assert grown_mib < 6 * FIFTY_MB / 2**20, grown_mib


def test_the_limits_are_documented():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(encoding="utf-8")
    for value in (
        f"{data_format.MAX_FILE_BYTES:,}",
        f"{data_format.MIN_ALIAS_NODES:,} values",
        f"{data_format.ALIAS_NODES_PER_VALUE} for each value",
        f"{data_format.MAX_LIST_ITEMS:,} items",
        f"{MAX_NESTING_DEPTH:,} levels",
        f"{MAX_TEXT_LENGTH:,} characters",
        f"{MIN_YEAR}–{MAX_YEAR}",
        f"| {MAX_ERRORS:,} |",
    ):
        assert value in text, value
