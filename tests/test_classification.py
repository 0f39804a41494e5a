"""docs/classification.md, the review of the packaged bulletins' tags, says what the data holds."""

from __future__ import annotations

import re
from pathlib import Path

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
