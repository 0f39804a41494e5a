"""docs/classification.md, the review of the packaged bulletins' tags, says what the data holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline_gui.storage.loader import load_timeline

DOC = Path(__file__).resolve().parent.parent / "docs" / "classification.md"
_ROW = re.compile(r"^\| `([^`]+)` \|(.*)\|$")


def _section(text: str, heading: str) -> list[list[str]]:
    """The rows of the table under ``heading``: cells, the first (the bulletin's id) without its backquotes."""
    part = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in part.splitlines():
        match = _ROW.match(line)
        if match:
            rows.append([match.group(1), *(cell.strip() for cell in match.group(2).split("|"))])
    return rows


def test_every_tag_of_the_packaged_bulletins_has_its_reason_in_both_languages():
    for bulletin in load_timeline(None).bulletins:
        assert [key for key, _en, _fr in bulletin.basis] == list(bulletin.taxonomy_keys), bulletin.id
        for _key, en, fr in bulletin.basis:
            assert en and fr and en != fr, bulletin.id


def test_the_table_of_tags_is_the_data():
    timeline = load_timeline(None)
    text = DOC.read_text(encoding="utf-8")
    table = {(row[0], row[1].strip("`"), row[2], row[3]) for row in _section(text, "Tagged bulletins")}
    data = {
        (bulletin.id, key, bulletin.basis_of(key, "en"), bulletin.basis_of(key, "fr"))
        for bulletin in timeline.bulletins
        for key in bulletin.taxonomy_keys
    }
    assert table == data


def test_every_bulletin_is_reviewed_once_and_each_untagged_one_says_why():
    timeline = load_timeline(None)
    text = DOC.read_text(encoding="utf-8")
    tagged = {row[0] for row in _section(text, "Tagged bulletins")}
    untagged = _section(text, "Not classified")
    assert {row[0] for row in untagged} == {b.id for b in timeline.bulletins if not b.is_classified}
    assert len(untagged) == len({row[0] for row in untagged})
    assert not tagged & {row[0] for row in untagged}
    assert tagged | {row[0] for row in untagged} == {b.id for b in timeline.bulletins}
    assert all(len(row[1]) > 20 for row in untagged)
    assert f"Each of the {len(timeline)} bulletins" in text


# ---------------------------------------------------------------- bases and the overview, checked where written

BULLETIN = """schema: 1
bulletins:
  - id: a
    date: 2016-04-12
    language: en
    title: {en: "An agreement", fr: "Un accord"}
    initiatives: [digital-forensics]
"""


def _problems(tmp_path, text: str, name: str = "bulletins.yaml") -> list[str]:
    from timeline_gui.domain.errors import DataLoadError
    from timeline_gui.storage.loader import load_taxonomy
    from timeline_gui.storage.taxonomy_reader import parse_taxonomy

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataLoadError) as caught:
        if name == "taxonomy.yaml":
            parse_taxonomy(path, text)
        else:
            load_timeline(path, load_taxonomy())
    return [f"{error.line}:{error.column}: {error.field}: {error.message}" for error in caught.value.errors]


def test_a_file_without_bases_still_reads_and_a_block_mapping_is_read_too(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(BULLETIN, encoding="utf-8")
    assert load_timeline(path).bulletins[0].basis == ()
    path.write_text(
        BULLETIN + "    basis:\n      digital-forensics:\n        fr: 'Une raison'\n        en: A reason\n",
        encoding="utf-8",
    )
    (bulletin,) = load_timeline(path).bulletins
    assert bulletin.basis == (("digital-forensics", "A reason", "Une raison"),)
    assert bulletin.basis_of("digital-forensics", "fr") == "Une raison"


@pytest.mark.parametrize(
    ("basis", "problem"),
    [
        ("    basis: [digital-forensics]\n", "8:12: bulletins[0].basis: expected a mapping, found a list"),
        (
            "    basis:\n      terrorism: {en: x, fr: y}\n",
            "9:7: bulletins[0].basis.terrorism: 'terrorism' is not one of this bulletin's initiatives or crime types "
            "(digital-forensics)",
        ),
        (
            "    basis:\n      digital-forensics: {en: x}\n",
            "9:26: bulletins[0].basis.digital-forensics.fr: required field",
        ),
        (
            "    basis:\n      digital-forensics: {en: x, fr: y}\n      igci: {en: x, fr: y}\n",
            "9:7: bulletins[0].basis: gives 2 reasons for 1 tags; give at most one for each tag",
        ),
    ],
)
def test_a_bad_basis_is_reported_with_its_line_column_and_field(tmp_path, basis, problem):
    (message,) = _problems(tmp_path, BULLETIN + basis)
    assert message.startswith(problem), message


def test_a_bad_overview_is_reported_where_it_is_written(tmp_path):
    from timeline_gui.storage.loader import packaged_path

    text = packaged_path("taxonomy.yaml").read_text(encoding="utf-8")
    bad = text + "  - title: {en: Extra}\n    text: 12\n    more: x\n"
    problems = _problems(tmp_path, bad, "taxonomy.yaml")
    line = len(text.splitlines()) + 1
    assert problems == [
        f"{line}:12: overview[5].title.fr: required field is missing",
        f"{line + 1}:11: overview[5].text: expected a mapping, found a number",
        f"{line + 2}:5: overview[5].more: unknown field 'more'; expected one of: title, text",
    ]
