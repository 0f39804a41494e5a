"""The search index is saved in the cache entry: a reopened file searches exactly as a parsed one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.storage import cache
from timeline_gui.storage.loader import load_indexed, load_taxonomy, load_timeline, open_indexed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import gui_synthetic  # noqa: E402

TAXONOMY = load_taxonomy()
SEARCHES = ["", "ransomware", "rançon", "RANCON", "phish", "e", "zzz-nothing", "bank fraud", "’"]


@pytest.fixture
def data_file(tmp_path) -> Path:
    items = gui_synthetic.bulletins(3_000, TAXONOMY, seed=5)
    return gui_synthetic.write_yaml(tmp_path / "bulletins.yaml", items)


def answers(index: TimelineIndex) -> list:
    found = [list(index.matching(Query(text))) for text in SEARCHES]
    tagged = [index.count(node.key) for node in index.timeline.taxonomy.nodes()]
    months = [(group.year, group.month, group.count) for group in index.group_by_month(index.all_positions())]
    ids = [index.timeline.index_of(bulletin.id) for bulletin in index.timeline.bulletins[::97]]
    return [found, tagged, months, ids]


def saved_index_of(cache_dir: Path, path: Path):
    key = cache.CacheKey.of(path, path.stat(), TAXONOMY)
    entry = cache.lookup(cache_dir, key, cache.content_hash(path.read_bytes()))
    assert entry is not None
    return entry.index


def test_a_reopened_file_reads_its_index_and_answers_as_the_parsed_one(tmp_path, data_file):
    cache_dir = tmp_path / "cache"
    parsed = TimelineIndex(load_timeline(data_file, TAXONOMY))
    first_timeline, first = load_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    saved = saved_index_of(cache_dir, data_file)
    assert saved is not None
    restored = TimelineIndex.restore(load_timeline(data_file, TAXONOMY), saved)
    reopening = open_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    assert reopening.index.search_ready, "the saved index was not used"
    _timeline, reopened = load_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    assert answers(reopened) == answers(restored) == answers(first) == answers(parsed)
    assert any(answers(parsed)[0]), "the searches must find something, or the comparison proves little"


def test_restore_refuses_an_index_that_does_not_fit(tmp_path, data_file):
    timeline, index = load_indexed(data_file, TAXONOMY, cache_dir=tmp_path / "cache")
    saved = index.saved()
    other = load_timeline(gui_synthetic.write_yaml(tmp_path / "small.yaml", list(timeline.bulletins[:10])), TAXONOMY)
    broken_positions = (*saved[:5], {key: b"\xff\xff\xff\x7f" for key in saved[5]}, *saved[6:])
    for wrong, timeline_of in [
        (saved, other),  # another timeline
        (saved[:-1], timeline),
        ((*saved[:-1], {"crime_types": -1}), timeline),
        ((99, *saved[1:]), timeline),
        (broken_positions, timeline),
        ("not an index", timeline),
    ]:
        with pytest.raises(ValueError):
            TimelineIndex.restore(timeline_of, wrong)


def test_an_entry_whose_index_does_not_fit_is_still_used_and_the_index_built_again(tmp_path, data_file):
    cache_dir = tmp_path / "cache"
    _timeline, built = load_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    key = cache.CacheKey.of(data_file, data_file.stat(), TAXONOMY)
    content = cache.content_hash(data_file.read_bytes())
    entry = cache.lookup(cache_dir, key, content)
    assert entry is not None
    cache.store(cache_dir, key, content, entry.bulletins, (99, *entry.index[1:]))  # a saved index of another version
    reopening = open_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    assert not reopening.index.search_ready  # to be built again, after the list shows
    reopening.complete()
    assert answers(reopening.index) == answers(built)


def test_before_its_index_is_built_a_first_open_searches_the_titles_with_the_same_answers(tmp_path, data_file):
    cache_dir = tmp_path / "cache"
    opened = open_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    assert not opened.index.search_ready
    key = cache.CacheKey.of(data_file, data_file.stat(), TAXONOMY)
    assert cache.lookup(cache_dir, key, cache.content_hash(data_file.read_bytes())) is None  # written by complete()
    read_from_titles = answers(opened.index)
    opened.complete()
    assert opened.index.search_ready
    assert answers(opened.index) == read_from_titles
    assert answers(TimelineIndex(load_timeline(data_file, TAXONOMY))) == read_from_titles
    assert saved_index_of(cache_dir, data_file) is not None
    reopened = open_indexed(data_file, TAXONOMY, cache_dir=cache_dir)
    assert reopened.index.search_ready  # read from the entry: nothing left to build
    assert answers(reopened.index) == read_from_titles
