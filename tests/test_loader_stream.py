"""The general reader composes and checks the bulletins one at a time: its memory is that of one
bulletin's nodes besides the model, and what it reports is what composing the whole tree first gave."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap

import generate
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fast_path import big_text
from test_loader_fuzz import mutated_documents

from timeline_gui.domain.errors import DataLoadError, LoadCancelled
from timeline_gui.storage.data_format import MAX_ERRORS, MAX_LIST_ITEMS
from timeline_gui.storage.loader import load_taxonomy, load_timeline, parse_bulletins
from timeline_gui.storage.yaml_events import RefusedTag, YamlLoader, compose_document

TAXONOMY = load_taxonomy()
HEADER = "schema: 1\nbulletins:\n"
LANGUAGE_DE = "'de' is not a supported language; use one of: en, fr"


def item(number: int, **change: str) -> str:
    """One bulletin on one line (flow style), ``change`` replacing or adding fields."""
    fields = {"id": f"b{number}", "date": "2017-03-22", "language": "en", "title": "{en: a, fr: b}", **change}
    return "  - {" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}\n"


def general(text: str | list[str]):
    return parse_bulletins("test.yaml", text, TAXONOMY, fast=False).bulletins


def problems(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(DataLoadError) as caught:
        general(text)
    return [(error.line, error.column, error.field, error.message) for error in caught.value.errors]


# ---------------------------------------------------------------- memory, measured in a child process

MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    from timeline_gui.storage.file_text import read_pieces
    from timeline_gui.storage.loader import load_taxonomy, parse_bulletins
    path = sys.argv[1]
    taxonomy = load_taxonomy()
    text = read_pieces(path, Path(path).read_bytes())
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = len(parse_bulletins(path, text, taxonomy, fast=False))
    print(json.dumps({"count": count, "grown_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}))
    """
)


def test_the_general_reader_holds_one_bulletins_nodes_not_the_whole_tree(tmp_path):
    path = tmp_path / "general.yaml"
    generate.write_yaml(path, 20_000, seed=3)
    path.write_bytes(b"# not the canonical layout\n" + path.read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300, check=True
    )
    outcome = json.loads(done.stdout)
    assert outcome["count"] == 20_000
    per_bulletin = outcome["grown_kib"] * 1024 / outcome["count"]
    # Peak growth of resident memory while reading: about 10 KB a bulletin when the whole tree was
    # composed first; now the model (~0.4 KB a bulletin) and one bulletin's nodes.
    assert per_bulletin < 2000, per_bulletin


def test_nodes_freed_after_their_bulletin_are_not_counted_as_aliases_met_again():
    # Each bulletin has six lists and mappings, freed after it; their ids come back for the next ones.
    text = HEADER + "".join(
        item(n, places="[Lyon]", partners="[Europol]", initiatives="[igci]", crime_types="[terrorism]")
        for n in range(3000)
    )
    assert len(general(text)) == 3000


# ---------------------------------------------------------------- the order of the top level


def test_the_schema_may_come_after_the_bulletins():
    assert general("bulletins:\n" + item(0) + item(1) + "schema: 1\n") == general(HEADER + item(0) + item(1))


def test_a_wrong_or_missing_schema_is_reported_in_line_order_wherever_it_is():
    assert problems("bulletins:\n" + item(0, language="de") + "schema: 2\n") == [
        (2, 42, "bulletins[0].language", LANGUAGE_DE),
        (3, 9, "schema", "unsupported schema '2'; this version reads schema 1"),
    ]
    assert problems("bulletins:\n" + item(0, language="de")) == [
        (1, 1, "schema", "required field is missing"),
        (2, 42, "bulletins[0].language", LANGUAGE_DE),
    ]


def test_unknown_and_repeated_top_level_keys_after_the_bulletins_are_reported():
    text = HEADER + item(0) + "extra: [1, 2]\nbulletins: [x]\nschema: 1\n"
    assert problems(text) == [
        (4, 1, "extra", "unknown field 'extra'; expected one of: schema, bulletins, eras"),
        (5, 1, "bulletins", "duplicate key 'bulletins'"),
        (6, 1, "schema", "duplicate key 'schema'"),
    ]


def test_top_level_problems_after_the_bulletins_still_count_first_towards_the_cap():
    errors = problems(HEADER + "  - x\n" * 1500 + "extra: 1\n")
    assert len(errors) == MAX_ERRORS + 1
    assert errors[-2] == (1503, 1, "extra", "unknown field 'extra'; expected one of: schema, bulletins, eras")
    assert [line for line, *_ in errors[:-2]] == list(range(3, 1002))
    assert errors[-1] == (1002, 5, "", f"more than {MAX_ERRORS} problems; the rest of the file was not checked")


def test_the_cap_or_the_alias_limit_comes_first_as_when_the_tree_was_checked_from_its_top():
    anchor = item(0, places="&p [" + ", ".join(f"p{n}" for n in range(MAX_LIST_ITEMS)) + "]")
    bad = "".join(item(n, language="de") for n in range(1, 996))  # 995 problems before the limit is passed
    # Each alias repeats 1,001 values, ten times more than a bulletin writes: the limit is soon passed.
    aliases = "".join(item(1000 + n, places="*p") for n in range(400))
    ((line, column, field, message),) = problems(HEADER + anchor + bad + aliases)
    assert (line, column, field) == (3, anchor.index("&p") + 1, "")
    assert message.startswith("aliases repeat more than ") and message.endswith(" (the alias expansion limit)")
    # Ten problems at the top level, after the bulletins: 995 + 10 reach the cap before the limit.
    errors = problems(HEADER + anchor + bad + aliases + "".join(f"extra{n}: 1\n" for n in range(10)))
    assert len(errors) == MAX_ERRORS + 1
    assert [field for _line, _column, field, _message in errors[-11:-1]] == [f"extra{n}" for n in range(10)]
    assert errors[-1] == (994, 44, "", f"more than {MAX_ERRORS} problems; the rest of the file was not checked")


# ---------------------------------------------------------------- YAML errors anywhere


def test_a_syntax_error_after_a_bad_bulletin_is_reported_alone():
    items = [item(n) for n in range(60)]
    items[3] = item(3, date="2017-02-30")
    items[50] = "  - {id: b50, date: 2017-03-22, language: en, title: {en: a, fr: b]}\n"
    assert problems(HEADER + "".join(items)) == [(53, 67, "", "not valid YAML: did not find expected ',' or '}'")]


def test_a_syntax_error_after_more_problems_than_the_cap_is_reported_alone():
    assert problems(HEADER + "  - x\n" * 1500 + "  - {id: [}\n") == [
        (1503, 11, "", "not valid YAML: did not find expected node content")
    ]


def test_a_second_document_after_the_bulletins_is_refused():
    assert problems(HEADER + item(0) + item(1) + "---\nschema: 1\n") == [
        (5, 1, "", "not valid YAML: but found another document")
    ]


# ---------------------------------------------------------------- anchors and aliases


def test_aliases_name_anchors_of_earlier_bulletins():
    text = HEADER + item(0, title="&t {en: Shared, fr: Partagé}", places="&p [Lyon, Kenya]") + item(1, id="&first b1")
    bulletins = general(
        text + "".join(item(n) for n in range(2, 40)) + item(40, title="*t", places="*p", partners="[*first]")
    )
    assert len(bulletins) == 41
    shared = next(bulletin for bulletin in bulletins if bulletin.id == "b40")
    assert (shared.title_en, shared.title_fr, shared.places, shared.partners) == (
        "Shared",
        "Partagé",
        ("Lyon", "Kenya"),
        ("b1",),
    )


def test_an_alias_before_its_anchor_or_an_anchor_given_twice_is_refused():
    assert problems(HEADER + item(0, title="*t") + item(1, title="&t {en: a, fr: b}")) == [
        (3, 53, "", "not valid YAML: found undefined alias")
    ]
    assert problems(HEADER + item(0, title="&t {en: a, fr: b}") + item(1, title="&t {en: a, fr: b}")) == [
        (4, 53, "", "not valid YAML: second occurrence")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "&root\n" + HEADER + item(0) + item(1),
        "schema: 1\nbulletins: &all\n" + item(0) + item(1),
    ],
    ids=["anchored-root", "anchored-list"],
)
def test_a_root_or_a_list_of_bulletins_with_an_anchor_reads_alike(text):
    assert general(text) == general(HEADER + item(0) + item(1))


def test_a_list_of_bulletins_given_by_an_alias_is_checked():
    assert problems("schema: 1\nall: &all\n" + item(0) + item(1, language="de") + "bulletins: *all\n") == [
        (2, 1, "all", "unknown field 'all'; expected one of: schema, bulletins, eras"),
        (4, 42, "bulletins[1].language", LANGUAGE_DE),
    ]


def test_a_list_of_bulletins_that_contains_itself_reads_as_before():
    errors = problems("schema: 1\nbulletins: &all\n" + item(0, places="*all"))
    assert errors == [(3, 5, "bulletins[0].places[0]", "expected text, found a mapping")]


def test_values_of_unknown_keys_are_not_read_but_their_anchors_are():
    text = "schema: 1\nnotes:\n  - [[[deep]]]\n  - &t {en: Kept, fr: Gardé}\n  - {x: [1, 2, 3]}\nbulletins:\n" + item(
        0, title="*t", places="[*t]"
    )
    # Only the key is reported; the title is read through the alias (the place is not text).
    assert problems(text) == [
        (2, 1, "notes", "unknown field 'notes'; expected one of: schema, bulletins, eras"),
        (4, 5, "bulletins[0].places[0]", "expected text, found a mapping"),
    ]


# ---------------------------------------------------------------- progress and cancel


def test_cancelling_in_the_middle_of_the_general_reading(tmp_path):
    path = tmp_path / "bulletins.yaml"
    path.write_text(big_text(5000, "block"), encoding="utf-8")
    reported: list[tuple[int, int]] = []

    def should_cancel() -> bool:
        return bool(reported) and reported[-1][0] > reported[-1][1] // 3

    with pytest.raises(LoadCancelled):
        parse_bulletins(
            path,
            path.read_text(encoding="utf-8"),
            TAXONOMY,
            fast=False,
            progress=lambda done, total: reported.append((done, total)),
            should_cancel=should_cancel,
        )
    done, total = reported[-1]
    assert total // 3 < done < total * 2 // 3  # stopped soon after a third: bulletins were being read
    assert gc.isenabled()
    assert len(load_timeline(path)) == 5000  # the next load is not affected


# ---------------------------------------------------------------- the composer against yaml.compose


def first_tagged_event(text: str) -> yaml.Event | None:
    """The first event of ``text`` that has a tag, None when none has (or the text is not YAML before one)."""
    loader = YamlLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if getattr(event, "tag", None) is not None:
                return event
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def same_tree(ours: yaml.Node, theirs: yaml.Node, pairs: dict[int, int]) -> bool:
    """Equal nodes (kind, tag, value, style, marks), the same node met again where theirs is."""
    if id(ours) in pairs:
        return pairs[id(ours)] == id(theirs)
    pairs[id(ours)] = id(theirs)
    if type(ours) is not type(theirs) or (ours.tag, ours.start_mark.index, ours.end_mark.index) != (
        theirs.tag,
        theirs.start_mark.index,
        theirs.end_mark.index,
    ):
        return False
    if (ours.start_mark.line, ours.start_mark.column, ours.end_mark.line, ours.end_mark.column) != (
        theirs.start_mark.line,
        theirs.start_mark.column,
        theirs.end_mark.line,
        theirs.end_mark.column,
    ):
        return False
    if isinstance(ours, yaml.ScalarNode):
        return (ours.value, ours.style) == (theirs.value, theirs.style)
    if ours.flow_style != theirs.flow_style or len(ours.value) != len(theirs.value):
        return False
    if isinstance(ours, yaml.SequenceNode):
        return all(same_tree(a, b, pairs) for a, b in zip(ours.value, theirs.value, strict=True))
    return all(
        same_tree(a, b, pairs) and same_tree(c, d, pairs)
        for (a, c), (b, d) in zip(ours.value, theirs.value, strict=True)
    )


ANCHORED = st.sampled_from(
    [
        "a: &x [1, {b: *x}]\nc: *x\n",
        "- &s 2017-01-01\n- [*s, !!str 3, ! 4, 0x1F, .inf, ~, yes, '', \"q\", 'it''s', |\n    block\n  ]\n",
        "? &k [a]\n: *k\nr: &m {<<: {p: 1}, q: *m}\n",
        "%YAML 1.1\n--- |\n  text\n...\n",
        "!!map {!!seq [a]: !t b, ? c}\n",
        "a: 1\n---\nb: 2\n",
        "a: *nope\n",
        "a: &x 1\nb: &x 2\n",
        "",
        "# only a comment\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(mutated_documents(), ANCHORED))
def test_the_composer_gives_the_nodes_of_yaml_compose_and_refuses_tags(text):
    tagged = first_tagged_event(text)
    if tagged is not None:  # refused where the tag is, unless an alias or anchor was wrong before it
        with pytest.raises(yaml.YAMLError) as caught:
            compose_document(text)
        if isinstance(caught.value, RefusedTag):
            assert caught.value.problem_mark.index == tagged.start_mark.index
            assert caught.value.tag.lstrip("!") in tagged.tag
        else:
            assert caught.value.problem_mark.index <= tagged.start_mark.index
        return
    try:
        expected = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError as error:
        with pytest.raises(yaml.YAMLError) as caught:
            compose_document(text)
        if isinstance(error, yaml.MarkedYAMLError):
            assert (caught.value.problem, caught.value.problem_mark.index) == (error.problem, error.problem_mark.index)
        return
    ours, written = compose_document(text)
    assert (ours is None) == (expected is None)
    kinds = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    assert written == sum(isinstance(event, kinds) for event in yaml.parse(text, Loader=YamlLoader))
    if ours is not None:
        assert same_tree(ours, expected, {})
