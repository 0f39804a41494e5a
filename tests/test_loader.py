"""Every loader error names the file, line, column and field, all problems at once."""

from __future__ import annotations

import platform
import textwrap

import pytest

from timeline_gui.domain.errors import DataLoadError
from timeline_gui.storage.data_format import MAX_LIST_ITEMS
from timeline_gui.storage.loader import load_timeline

GOOD = """\
schema: 1
bulletins:
  - id: one
    date: 2017-03-22
    language: en
    title: {en: "Ransomware", fr: "Rançongiciels"}
    initiatives: [innovation-research]
    crime_types: [advanced-cybercrime]
  - id: two
    date: 2016-01-22
    language: fr
    title:
      en: "Support"
      fr: "Soutien"
"""


def write(tmp_path, text, name="bulletins.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors_of(path):
    with pytest.raises(DataLoadError) as caught:
        load_timeline(path)
    return caught.value.errors


def test_a_good_file_loads_in_date_order(tmp_path):
    timeline = load_timeline(write(tmp_path, GOOD))
    assert [b.id for b in timeline.bulletins] == ["two", "one"]
    assert timeline.bulletins[1].initiatives == ("innovation-research",)
    assert timeline.bulletins[0].title("fr") == "Soutien"


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("    date: 2017-03-22\n", "    date: 2017-02-30\n", 4, "bulletins[0].date", "not a real calendar date"),
        ("    date: 2017-03-22\n", "    date: 22/03/2017\n", 4, "bulletins[0].date", "YYYY-MM-DD"),
        ("    date: 2017-03-22\n", "    date: 1066-10-14\n", 4, "bulletins[0].date", "outside"),
        (
            "    initiatives: [innovation-research]\n",
            "    initiatives: [time-travel]\n",
            7,
            "bulletins[0].initiatives[0]",
            "unknown initiative key 'time-travel'",
        ),
        (
            "    crime_types: [advanced-cybercrime]\n",
            "    crime_types: advanced-cybercrime\n",
            8,
            "bulletins[0].crime_types",
            "expected a list, found text",
        ),
        ("  - id: two\n", "  - id: one\n", 9, "bulletins[1].id", "duplicate id 'one', first used on line 3"),
        ("    language: en\n", "    language: de\n", 5, "bulletins[0].language", "not a supported language"),
        ("    language: en\n", "", 3, "bulletins[0].language", "required field is missing"),
        (
            '    title: {en: "Ransomware", fr: "Rançongiciels"}\n',
            '    title: {fr: "Rançongiciels"}\n',  # the original (English) is missing; a translation may be
            6,
            "bulletins[0].title.en",
            "required field is missing",
        ),
        ("    language: en\n", "    language: en\n    langauge: en\n", 6, "bulletins[0].langauge", "unknown field"),
        ("    language: en\n", "    language: en\n    language: fr\n", 6, "bulletins[0].language", "duplicate key"),
        ("schema: 1\n", "schema: 2\n", 1, "schema", "unsupported schema"),
        ("  - id: one\n", "  - id: 17\n", 3, "bulletins[0].id", "expected text, found a number"),
    ],
)
def test_each_problem_is_located(tmp_path, old, new, line, field, words):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    errors = errors_of(path)
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert words in error.message
    assert str(error).startswith(f"{path}:{line}:")


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    text = (
        GOOD.replace("2017-03-22", "2017-02-30")
        .replace("[innovation-research]", "[nope]")
        .replace("  - id: two", "  - id: one")
    )
    errors = errors_of(write(tmp_path, text))
    assert [(e.line, e.field) for e in errors] == [
        (4, "bulletins[0].date"),
        (7, "bulletins[0].initiatives[0]"),
        (9, "bulletins[1].id"),
    ]


def test_syntax_errors_have_a_position(tmp_path):
    errors = errors_of(write(tmp_path, "schema: 1\nbulletins:\n  - id: [unclosed\n"))
    assert errors[0].line >= 3 and "not valid YAML" in errors[0].message


def test_unsafe_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = GOOD.replace('"Ransomware"', f'!!python/object/apply:os.system ["touch {marker}"]')
    errors = errors_of(write(tmp_path, text))
    assert not marker.exists()
    assert any("not allowed" in e.message or "expected text" in e.message for e in errors)


def test_bytes_that_are_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Rançongiciels", "Ran\xe7ongiciels").encode("latin-1"))
    (error,) = errors_of(path)
    assert error.line == 6 and "not UTF-8" in error.message


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert len(load_timeline(path)) == 2


def test_empty_and_missing_files(tmp_path):
    (error,) = errors_of(write(tmp_path, ""))
    assert "empty" in error.message
    (error,) = errors_of(tmp_path / "nowhere.yaml")
    assert "cannot read" in error.message


def test_an_alias_bomb_stops_at_the_limit(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    text = (
        "schema: 1\nbulletins:\n  - id: bomb\n    date: 2017-01-01\n    language: en\n    title: {en: a, fr: b}\n"
        "    places: *a9\n"
    )
    bomb = "\n".join(lines) + "\n" + text
    errors = errors_of(write(tmp_path, bomb))
    # The reader walks only the structure it expects, so the aliases are never expanded.
    assert errors[0].field == "a0" and "unknown field" in errors[0].message
    assert [e.field for e in errors if "expected text, found a list" in e.message] == [
        f"bulletins[0].places[{n}]" for n in range(10)
    ]


def test_aliases_met_again_in_expected_places_are_counted(tmp_path):
    items = "\n".join(f"  - {{id: b{n}, date: 2017-01-01, language: en, title: *t, places: *p}}" for n in range(200))
    errors = errors_of(
        write(
            tmp_path,
            "schema: 1\nbulletins:\n  - {id: a, date: 2017-01-01, language: en, title: &t {en: a, fr: b}, places: &p ["
            + ", ".join(f"p{n}" for n in range(MAX_LIST_ITEMS))
            + "]}\n"
            + items
            + "\n",
        )
    )
    assert [e.line for e in errors if "(the alias expansion limit)" in e.message] == [3]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_a_load_hands_the_memory_it_freed_back_to_the_system(monkeypatch, tmp_path):
    """After the file's text and the parsing's objects are freed, the allocator is asked to return them: on
    glibc the call exists (were it missing, a 1M-bulletin window would hold twice the memory its model needs)."""
    from timeline_gui.storage import loader, memory

    assert memory._malloc_trim() is not None
    calls = []
    monkeypatch.setattr(loader, "give_back_freed_memory", lambda: calls.append("trim"))
    opened = loader.open_indexed(None)
    assert calls == ["trim"] and len(opened.timeline) == 29
    opened.complete()
    assert calls == ["trim", "trim"]
