"""Hostile files: work that stays in proportion to the file, and a located error naming what was refused.

Each shape is big enough that work out of proportion to the file would show (a quadratic list, an alias
fan-out, a device that never ends), and each test asserts the error a user reads, not a time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_fast_path import fast

from timeline_gui.domain.errors import DataLoadError
from timeline_gui.storage import file_text
from timeline_gui.storage.data_format import ALIAS_NODES_PER_VALUE, MAX_ERRORS, MAX_LIST_ITEMS, MIN_ALIAS_NODES
from timeline_gui.storage.loader import load_taxonomy, load_timeline, parse_bulletins

TAXONOMY = load_taxonomy()
HEADER = "schema: 1\nbulletins:\n"
ONE = (
    "  - id: one\n    date: 2017-03-22\n    language: en\n"
    '    title:\n      en: "Ransomware"\n      fr: "Rançongiciels"\n'
)
LIST_LIMIT = f"the list has {{count}} items; the limit is {MAX_LIST_ITEMS}"
ALIAS_LIMIT = re.compile(r"aliases repeat more than (\d+) values \(the alias expansion limit\)")


def write(tmp_path: Path, text: str, name: str = "bulletins.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[tuple[int, int, str, str]]:
    with pytest.raises(DataLoadError) as caught:
        load_timeline(path, TAXONOMY)
    return [(e.line, e.column, e.field, e.message) for e in caught.value.errors]


def validate_in_child(*args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """``timeline-gui validate`` run as a user runs it; a hang fails the test at ``timeout``."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", **env)
    environment.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", "validate", *args],
        capture_output=True,
        check=False,
        timeout=timeout,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


# ---------------------------------------------------------------- long lists


@pytest.mark.parametrize("field", ["initiatives", "crime_types", "places", "partners"])
def test_a_list_longer_than_the_limit_is_refused_where_it_starts(tmp_path, field):
    # 150,000 items in the canonical layout: once hours of comparing each with those before it.
    item = {"initiatives": "igci", "crime_types": "terrorism"}.get(field, "Lyon")
    count = 150_000
    text = HEADER + ONE + f"    {field}: [" + ", ".join([item] * count) + "]\n"
    assert fast(text) is None  # the fast reader leaves it to the general one, which says why
    assert errors_of(write(tmp_path, text)) == [
        (9, 4 + len(field) + 3, f"bulletins[0].{field}", LIST_LIMIT.format(count=count))
    ]


def test_a_list_at_the_limit_keeps_each_value_once_in_first_seen_order_on_both_paths(tmp_path):
    places = [f"P{n % 300}" for n in range(MAX_LIST_ITEMS)][::-1]
    text = HEADER + ONE + "    places: [" + ", ".join(places) + "]\n"
    expected = tuple(dict.fromkeys(places))
    assert len(expected) == 300
    by_fast = fast(text)
    assert by_fast is not None and by_fast[0].places == expected
    assert list(parse_bulletins("test.yaml", text, TAXONOMY, fast=False).bulletins) == by_fast
    assert load_timeline(write(tmp_path, text), TAXONOMY).bulletins[0].places == expected


def test_a_block_list_over_the_limit_is_refused_as_well(tmp_path):
    text = HEADER + ONE + "    partners:\n" + "      - Europol\n" * (MAX_LIST_ITEMS + 1)
    assert errors_of(write(tmp_path, text)) == [
        (10, 7, "bulletins[0].partners", LIST_LIMIT.format(count=MAX_LIST_ITEMS + 1))
    ]


# ---------------------------------------------------------------- aliases


def values_written(text: str) -> int:
    """Texts, aliases, lists and mappings written in ``text``."""
    kinds = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    return sum(isinstance(event, kinds) for event in yaml.parse(text, Loader=yaml.CSafeLoader))


def test_an_alias_fan_out_stops_at_the_expansion_limit(tmp_path):
    # A list at the limit, named again by each bulletin: each alias walks a thousand values again.
    anchor = "    places: &p [" + ", ".join(f"P{n}" for n in range(MAX_LIST_ITEMS)) + "]\n"
    found = []
    for uses in (100, 10_000):
        others = "".join(
            f"  - {{id: b{n}, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, places: *p}}\n"
            for n in range(uses)
        )
        ((line, column, field, message),) = errors_of(write(tmp_path, HEADER + ONE + anchor + others))
        assert (line, column, field) == (9, 13, "")
        limit = int(ALIAS_LIMIT.fullmatch(message).group(1))
        assert MIN_ALIAS_NODES <= limit <= ALIAS_NODES_PER_VALUE * values_written(HEADER + ONE + anchor + others)
        found.append(message)
    # Ten for each value written before the limit was passed: the bulletins after it change nothing.
    assert found[0] == found[1]


def test_aliases_that_repeat_less_than_ten_values_for_each_written_load(tmp_path):
    # A title named again by every bulletin: fewer values repeated than each bulletin writes.
    anchor = ONE.replace("    title:\n", "    title: &t\n")
    others = "".join(
        f"  - {{id: b{n}, date: 2017-01-01, language: en, title: *t}}\n" for n in range(3 * MIN_ALIAS_NODES)
    )
    timeline = load_timeline(write(tmp_path, HEADER + anchor + others), TAXONOMY)
    assert len(timeline) == 3 * MIN_ALIAS_NODES + 1
    assert {bulletin.title("fr") for bulletin in timeline.bulletins} == {"Rançongiciels"}


def test_an_alias_of_a_list_over_the_limit_is_refused_at_each_use_up_to_the_cap(tmp_path):
    anchor = "    places: &p [" + ", ".join(["Lyon"] * 10_000) + "]\n"
    others = "".join(
        f"  - {{id: b{n}, date: 2017-01-01, language: en, title: {{en: a, fr: b}}, places: *p}}\n" for n in range(2000)
    )
    errors = errors_of(write(tmp_path, HEADER + ONE + anchor + others))
    assert len(errors) == MAX_ERRORS + 1
    assert errors[0] == (9, 13, "bulletins[0].places", LIST_LIMIT.format(count=10_000))
    assert errors[1] == (9, 13, "bulletins[1].places", LIST_LIMIT.format(count=10_000))
    assert errors[-1][3] == f"more than {MAX_ERRORS} problems; the rest of the file was not checked"


def test_an_entry_among_its_own_examples_is_refused_not_read_for_ever(tmp_path):
    entry = "{key: k, label: {en: a, fr: b}, description: {en: a, fr: b}, examples: [*a]}"
    text = (
        f"schema: 1\ncrime_types:\n  - &a {entry}\ninitiatives: []\n"
        "complex: {key: igci, label: {en: a, fr: b}, description: {en: a, fr: b}}\n"
    )
    with pytest.raises(DataLoadError) as caught:
        load_taxonomy(write(tmp_path, text, "taxonomy.yaml"))
    assert [(e.line, e.field, e.message) for e in caught.value.errors] == [
        (3, "crime_types[0].examples[0]", "an alias repeats an entry inside that entry")
    ]


# ---------------------------------------------------------------- what is not a regular file


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_validate_refuses_a_device_at_once():
    result = validate_in_child("/dev/zero", timeout=30)
    assert (result.returncode, result.stdout.decode()) == (
        1,
        "/dev/zero: cannot read the file: it is a device, not a regular file\n",
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_validate_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    result = validate_in_child(str(pipe), timeout=30)
    assert (result.returncode, result.stdout.decode()) == (
        1,
        f"{pipe}: cannot read the file: it is a named pipe, not a regular file\n",
    )


def test_a_folder_is_refused_by_name(tmp_path):
    assert errors_of(tmp_path) == [(0, 0, "", "cannot read the file: it is a folder, not a regular file")]


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux's /proc")
def test_the_reading_stops_at_the_size_limit_whatever_the_status_says(monkeypatch):
    # /proc's files say they hold nothing, then give as much as they have.
    maps = Path("/proc/self/maps")
    assert maps.stat().st_size == 0
    monkeypatch.setattr(file_text, "MAX_FILE_BYTES", 64)
    assert errors_of(maps) == [(0, 0, "", "file is larger than the limit of 64 bytes")]


# ---------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("text", "line", "column", "tag"),
    [
        (
            HEADER + ONE + "    places: !!python/object/apply:os.system [echo]\n",
            9,
            13,
            "!!python/object/apply:os.system",
        ),
        (HEADER + ONE + "    places: !!set {a, b}\n", 9, 13, "!!set"),
        (HEADER + ONE.replace("    title:", "    title: !!map"), 6, 12, "!!map"),
        ("--- !custom\n" + HEADER + ONE, 1, 5, "!custom"),
        (HEADER.replace("bulletins:", "bulletins: !!seq") + ONE, 2, 12, "!!seq"),
        (HEADER + ONE.replace('"Ransomware"', '!!str "Ransomware"'), 7, 11, "!!str"),
        (HEADER + ONE.replace('"Ransomware"', "! Ransomware"), 7, 11, "!"),
        (HEADER + ONE.replace('"Ransomware"', "!!binary UmFuc29td2FyZQ=="), 7, 11, "!!binary"),
        (HEADER + ONE + "    notes: !<tag:example.com,2000:x> [a]\n", 9, 12, "tag:example.com,2000:x"),
    ],
    ids=["python-apply", "set", "title-map", "root", "bulletins-seq", "str", "bang", "binary", "verbatim-unknown-key"],
)
def test_every_tag_is_refused_where_it_is_written_and_named(tmp_path, text, line, column, tag):
    assert errors_of(write(tmp_path, text)) == [(line, column, "", f"tag {tag!r} is not allowed")]


def test_a_tag_in_the_taxonomy_is_refused(tmp_path):
    text = "schema: 1\ncrime_types: !!python/tuple []\ninitiatives: []\ncomplex: {}\n"
    with pytest.raises(DataLoadError) as caught:
        load_taxonomy(write(tmp_path, text, "taxonomy.yaml"))
    assert [(e.line, e.column, e.message) for e in caught.value.errors] == [
        (2, 14, "tag '!!python/tuple' is not allowed")
    ]


# ---------------------------------------------------------------- control characters


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\0", 0x00), ("\\e", 0x1B), ("\\r", 0x0D), ("\\x7f", 0x7F), ("\\N", None), ("\\x9b", 0x9B), ("\\a", 0x07)],
)
def test_control_characters_in_data_are_refused_with_their_place(tmp_path, escape, code):
    text = HEADER + ONE.replace('"Ransomware"', f'"Ransom{escape}ware"')
    if code is None:  # NEL: a line break in YAML 1.1, refused as a control all the same
        code = 0x85
    assert errors_of(write(tmp_path, text)) == [
        (7, 11, "bulletins[0].title.en", f"contains the control character U+{code:04X}, which data cannot hold")
    ]


@pytest.mark.parametrize("end", ["\\x1c", "\\x1f", "\\v", "\\f", "\\r", "\\N"])
def test_control_characters_at_the_ends_of_a_text_are_refused_not_stripped(tmp_path, end):
    # Python strips these as white space: "Lyon" would have been kept, the character silently dropped.
    ((line, _column, field, message),) = errors_of(write(tmp_path, HEADER + ONE + f'    places: ["Lyon{end}"]\n'))
    assert (line, field) == (9, "bulletins[0].places[0]")
    assert message.startswith("contains the control character U+00")


@pytest.mark.parametrize("field", ["id", "places", "partners"])
def test_control_characters_are_refused_in_every_text_field(tmp_path, field):
    text = HEADER + (
        ONE.replace("id: one", 'id: "o\\x1bne"') if field == "id" else ONE + f'    {field}: [Lyon, "a\\x00b"]\n'
    )
    ((line, _column, where, message),) = errors_of(write(tmp_path, text))
    assert where == ("bulletins[0].id" if field == "id" else f"bulletins[0].{field}[1]")
    assert "control character U+00" in message and line >= 3


def test_tabs_and_line_breaks_in_titles_still_load(tmp_path):
    text = HEADER + ONE.replace('"Ransomware"', '"Ransom\\tware\\nattacks"')
    assert load_timeline(write(tmp_path, text), TAXONOMY).bulletins[0].title("en") == "Ransom\tware\nattacks"


def test_messages_escape_what_they_quote(tmp_path):
    text = HEADER + ONE + '    "\\e[2J\\e]0;owned\\a\\u202e": x\n'
    with pytest.raises(DataLoadError) as caught:
        load_timeline(write(tmp_path, text), TAXONOMY)
    (error,) = caught.value.errors
    shown = str(error)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c == "\u202e" for c in shown), shown
    assert "bulletins[0].\\x1b[2J\\x1b]0;owned\\x07\\u202e: unknown field" in shown


def test_validate_prints_no_control_character_to_the_terminal(tmp_path):
    bad = write(tmp_path, HEADER + ONE + '    "\\e[31mred": x\n')
    result = validate_in_child(str(bad))
    assert result.returncode == 1
    assert b"\x1b" not in result.stdout + result.stderr
    assert b"\\x1b[31mred" in result.stdout


# ---------------------------------------------------------------- output encodings


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_validate_survives_an_output_that_cannot_encode_its_messages(tmp_path, encoding):
    bad = write(tmp_path, HEADER + ONE + "    lieu 🙂 été: x\n", name="données.yaml")
    result = validate_in_child(str(bad), "--lang", "fr", PYTHONIOENCODING=encoding)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr
    out = result.stdout.decode(encoding)
    assert "champ 'lieu \\U0001f642 " in out
    assert "inconnu" in out and "probl" in result.stderr.decode(encoding)
