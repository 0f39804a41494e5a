"""The loader's work cut into short C calls (so the window stays responsive) gives exactly what
the single big calls gave: same order, same text, same cache, same model."""

from __future__ import annotations

import random
from operator import itemgetter
from pathlib import Path

import generate
import gui_synthetic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline_gui.domain import query
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Bulletin, Timeline
from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.storage import cache, file_text
from timeline_gui.storage.file_text import read_pieces, read_text
from timeline_gui.storage.loader import PACKAGED_BULLETINS, load_taxonomy, load_timeline, packaged_path, parse_bulletins
from timeline_gui.yielding import mark_each, sorted_in_chunks, tuple_in_chunks

TAXONOMY = load_taxonomy()
FIRST, SECOND = itemgetter(0), itemgetter(1)


def reference(items, *keys):
    """Stable sorts by the last key first: what Timeline did in one go before."""
    result = list(items)
    for key in reversed(keys):
        result = sorted(result, key=key)
    return result


# Keys drawn from few values, many values or one value; the third field tells equal items apart.
_items = st.lists(
    st.tuples(st.one_of(st.integers(0, 3), st.integers(), st.just(7)), st.integers(0, 5), st.integers()), max_size=300
)


@given(_items, st.integers(2, 40))
@settings(max_examples=400)
def test_sorted_in_chunks_is_sorted(items, chunk):
    assert sorted_in_chunks(items, FIRST, chunk=chunk) == sorted(items, key=FIRST)
    assert sorted_in_chunks(items, FIRST, SECOND, chunk=chunk) == reference(items, FIRST, SECOND)
    assert sorted_in_chunks(iter(items), FIRST, SECOND, chunk=chunk) == reference(items, FIRST, SECOND)


@pytest.mark.parametrize(
    "shape", ["random", "sorted", "reversed", "one key", "one frequent key", "two keys alternating"]
)
def test_sorted_in_chunks_on_big_skewed_inputs(shape):
    rng = random.Random(8)
    count = 20_000
    keys = {
        "random": lambda n: rng.randint(0, 10**9),
        "sorted": lambda n: n // 3,
        "reversed": lambda n: -n // 3,
        "one key": lambda n: 5,
        "one frequent key": lambda n: 5 if rng.random() < 0.8 else rng.randint(0, 1000),
        "two keys alternating": lambda n: n % 2,
    }[shape]
    items = [(keys(n), rng.randint(0, 50), n) for n in range(count)]
    assert sorted_in_chunks(items, FIRST, SECOND, chunk=256) == reference(items, FIRST, SECOND)


@given(st.lists(st.integers(0, 199), max_size=300), st.integers(1, 50))
def test_mark_each_marks_what_a_plain_loop_marks(positions, chunk):
    mask = bytearray(200)
    mark_each(mask, positions, chunk)
    plain = bytearray(200)
    for position in positions:
        plain[position] = 1
    assert mask == plain


def test_sorted_in_chunks_needs_a_key():
    with pytest.raises(TypeError):
        sorted_in_chunks([3, 1])


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 1000])
def test_tuple_in_chunks_is_tuple(count):
    items = [object() for _ in range(count)]
    assert tuple_in_chunks(items, chunk=100) == tuple(items)


def test_a_big_timeline_is_in_the_order_of_one_sort():
    """Bigger than a slice (16,384), with many equal dates and ids given in no order."""
    bulletins = gui_synthetic.bulletins(40_000, TAXONOMY)
    random.Random(1).shuffle(bulletins)
    timeline = Timeline(bulletins, TAXONOMY)
    assert timeline.bulletins == tuple(reference(bulletins, itemgetter(1), itemgetter(0)))
    by_id = sorted(range(len(timeline)), key=lambda position: timeline.bulletins[position].id)
    assert list(timeline._by_id) == by_id
    for position in (0, 1, 17_000, 39_999):
        assert timeline.index_of(timeline[position].id) == position


# ---------------------------------------------------------------- the file read in pieces


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pieces") / "bulletins.yaml"
    generate.write_yaml(path, 3000, seed=4)
    return path


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["plain", "bom"])
@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("piece_bytes", [1, 700, 4096, 100_000])
def test_pieces_give_the_text_and_the_timeline_of_the_whole(
    monkeypatch, tmp_path, big_file, prefix, line_end, piece_bytes
):
    data = prefix + big_file.read_bytes().replace(b"\n", line_end)
    path = tmp_path / "copy.yaml"
    path.write_bytes(data)
    whole = read_text(path, data)
    expected = parse_bulletins(path, whole, TAXONOMY).bulletins
    monkeypatch.setattr(file_text, "PIECE_BYTES", piece_bytes)
    pieces = read_pieces(path, data)
    assert len(pieces) > 1
    assert "".join(pieces) == whole
    assert parse_bulletins(path, pieces, TAXONOMY).bulletins == expected
    assert load_timeline(path, TAXONOMY).bulletins == expected
    assert len(expected) == 3000


def test_pieces_cut_inside_a_bulletin_still_give_the_same_timeline(monkeypatch, tmp_path, big_file):
    """No bulletin start near the cut: the pieces end at any line; the general reader decides."""
    monkeypatch.setattr(file_text, "_BULLETIN_START", b"\n  - nowhere: ")
    monkeypatch.setattr(file_text, "PIECE_BYTES", 5000)
    data = big_file.read_bytes()
    pieces = read_pieces(big_file, data)
    assert len(pieces) > 1 and "".join(pieces) == read_text(big_file, data)
    assert (
        parse_bulletins(big_file, pieces, TAXONOMY).bulletins
        == parse_bulletins(big_file, read_text(big_file, data), TAXONOMY).bulletins
    )


def test_a_bad_byte_in_a_later_piece_is_reported_as_in_the_whole_file(monkeypatch, tmp_path, big_file):
    data = bytearray(big_file.read_bytes())
    data[len(data) * 3 // 4] = 0xFF
    path = tmp_path / "bad.yaml"
    path.write_bytes(bytes(data))
    with pytest.raises(DataLoadError) as whole:
        read_text(path, bytes(data))
    monkeypatch.setattr(file_text, "PIECE_BYTES", 4096)
    with pytest.raises(DataLoadError) as pieces:
        read_pieces(path, bytes(data))
    assert [str(error) for error in pieces.value.errors] == [str(error) for error in whole.value.errors]
    assert pieces.value.errors[0].line > 1


def test_the_general_reader_gives_the_same_timeline_from_the_whole_text_or_its_pieces(monkeypatch, big_file):
    # It frees each bulletin's nodes once checked (tests/test_loader_stream.py), so there is no tree left to free.
    text = "# not canonical\n" + big_file.read_text(encoding="utf-8")
    expected = parse_bulletins(big_file, text, TAXONOMY, fast=False).bulletins
    monkeypatch.setattr(file_text, "PIECE_BYTES", 4096)
    pieces = read_pieces(big_file, text.encode("utf-8"))
    assert len(pieces) > 1
    assert parse_bulletins(big_file, pieces, TAXONOMY).bulletins == expected
    assert expected == parse_bulletins(big_file, big_file.read_text(encoding="utf-8"), TAXONOMY).bulletins


# ---------------------------------------------------------------- the cache in blocks


@pytest.mark.parametrize("block", [1, 3, 1000, 16_384])
def test_the_cache_payload_in_blocks_reads_back_exactly(monkeypatch, big_file, block):
    bulletins = load_timeline(big_file, TAXONOMY).bulletins
    monkeypatch.setattr(cache, "BLOCK", block)
    blocks = cache.encode_blocks(bulletins)
    assert len(blocks) == 1 + 2 * (1 + -(-len(bulletins) // block))  # magic, then length and block
    payload = cache.encode(bulletins)
    assert payload == b"".join(blocks)
    assert tuple(cache.decode(payload)) == bulletins
    assert all(type(bulletin) is Bulletin for bulletin in cache.decode(payload))


def test_a_cached_big_file_opens_to_the_same_timeline(monkeypatch, tmp_path, big_file):
    monkeypatch.setattr(cache, "BLOCK", 100)
    monkeypatch.setattr(file_text, "PIECE_BYTES", 4096)
    folder = tmp_path / "cache"
    first = load_timeline(big_file, TAXONOMY, cache_dir=folder)
    key = cache.CacheKey.of(big_file, big_file.stat(), TAXONOMY)
    assert cache.lookup(folder, key, cache.content_hash(big_file.read_bytes())) is not None
    second = load_timeline(big_file, TAXONOMY, cache_dir=folder)
    assert second.bulletins == first.bulletins == load_timeline(big_file, TAXONOMY).bulletins


@pytest.mark.parametrize("damage", ["old format", "short", "extra block", "long length"])
def test_a_payload_of_another_shape_is_refused(big_file, damage):
    bulletins = load_timeline(big_file, TAXONOMY).bulletins[:50]
    payload = cache.encode(bulletins)
    broken = {
        "old format": __import__("marshal").dumps((len(bulletins), [])),
        "short": payload[:-10],
        "extra block": payload + len(payload[4 + 8 :]).to_bytes(8, "little") + payload[4 + 8 :],
        "long length": payload[:4] + (10**12).to_bytes(8, "little") + payload[12:],
    }[damage]
    with pytest.raises(Exception):  # noqa: B017 - any error: lookup() takes every one for a miss
        cache.decode(broken)


# ---------------------------------------------------------------- the search index


def test_bit_sets_filled_in_slices_give_the_same_matches(monkeypatch):
    timeline = gui_synthetic.timeline(3000, TAXONOMY)
    expected = {
        word: list(TimelineIndex(timeline).matching(Query(word)))
        for word in ("cyber", "police", "sécurité", "a", "zzz")
    }
    monkeypatch.setattr(query, "_FILL_SLICE", 5)
    index = TimelineIndex(timeline)
    assert {word: list(index.matching(Query(word))) for word in expected} == expected


def test_the_packaged_file_is_unchanged(monkeypatch):
    monkeypatch.setattr(file_text, "PIECE_BYTES", 1000)
    text = packaged_path(PACKAGED_BULLETINS).read_text(encoding="utf-8")
    assert (
        parse_bulletins("p.yaml", read_pieces("p.yaml", text.encode()), TAXONOMY).bulletins == load_timeline().bulletins
    )


@pytest.mark.parametrize("count", [0, 1, 5, 100])
def test_release_empties_the_list(count):
    from timeline_gui.yielding import release

    items = list(range(count))
    release(items, 3)
    assert items == []


@pytest.mark.parametrize("fill_slice", [3, 65_536])
def test_taxonomy_unions_and_month_keys_filled_in_slices(monkeypatch, fill_slice):
    monkeypatch.setattr(query, "_FILL_SLICE", fill_slice)
    timeline = gui_synthetic.timeline(2000, TAXONOMY)
    index = TimelineIndex(timeline)
    assert list(index.month_keys) == [b.date.year * 12 + b.date.month - 1 for b in timeline.bulletins]
    for key in ("crime_types", "initiatives", "cyber-enabled-crime", *(node.key for node in TAXONOMY.nodes())):
        wanted = TAXONOMY.subtree_keys(key)
        assert list(index.tagged(key)) == [p for p, b in enumerate(timeline.bulletins) if wanted & set(b.taxonomy_keys)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace("    date: ", "    date: 2017-02-30 #", 1500),  # bad dates, late in the file
        lambda text: text[: len(text) * 2 // 3] + "  - id: [unclosed\n" + text[len(text) * 2 // 3 :],  # a syntax error
        lambda text: text[: len(text) * 3 // 4] + "\x07" + text[len(text) * 3 // 4 :],  # a control character
        lambda text: "# not canonical\n" + text.replace("\n", "\r\n"),
    ],
    ids=["bad-dates", "syntax", "control", "general-crlf"],
)
def test_the_general_reader_on_pieces_gives_the_same_model_or_errors(monkeypatch, big_file, damage):
    text = damage(big_file.read_text(encoding="utf-8"))
    data = text.encode("utf-8")

    def outcome(source):
        try:
            return parse_bulletins(big_file, source, TAXONOMY).bulletins
        except DataLoadError as error:
            return [str(problem) for problem in error.errors]

    whole = outcome(text)
    monkeypatch.setattr(file_text, "PIECE_BYTES", 3000)
    pieces = read_pieces(big_file, data)
    assert len(pieces) > 10
    assert outcome(pieces) == whole
