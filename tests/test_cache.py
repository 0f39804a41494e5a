"""The cache of loaded files is exact: same model with or without it, changed files re-read, bad entries ignored."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_fast_path import CLEAN, canonical

from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Taxonomy
from timeline_gui.storage import cache
from timeline_gui.storage.loader import PACKAGED_BULLETINS, load_taxonomy, load_timeline, packaged_path

TAXONOMY = load_taxonomy()


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "cache"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def entry_is_valid(cache_dir: Path, path: Path, taxonomy: Taxonomy = TAXONOMY) -> bool:
    """True when the folder holds an entry that would be used for the file as it is now."""
    key = cache.CacheKey.of(path, path.stat(), taxonomy)
    return cache.lookup(cache_dir, key, cache.content_hash(path.read_bytes())) is not None


def packaged_copy(tmp_path: Path) -> Path:
    return write(tmp_path / "bulletins.yaml", packaged_path(PACKAGED_BULLETINS).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(None, id="packaged"),
        pytest.param(canonical(CLEAN), id="unicode-escapes-empty-and-missing-lists"),
        pytest.param(
            canonical(CLEAN).replace("    crime_types: []\n", "    crime_types:\n      - terrorism\n"),
            id="general-path",
        ),
    ],
)
def test_the_cached_model_is_identical_to_the_parsed_one(tmp_path, cache_dir, text):
    path = packaged_copy(tmp_path) if text is None else write(tmp_path / "bulletins.yaml", text)
    parsed = load_timeline(path, TAXONOMY)
    first = load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert entry_is_valid(cache_dir, path)
    second = load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert parsed.bulletins == first.bulletins == second.bulletins
    assert [tuple(map(type, b)) for b in second.bulletins] == [tuple(map(type, b)) for b in parsed.bulletins]
    assert second.source == parsed.source == str(path)
    if text is None:
        assert second.bulletins == load_timeline().bulletins


def test_a_cached_model_shares_its_repeated_values(tmp_path, cache_dir):
    path = packaged_copy(tmp_path)
    load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    timeline = load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert len({id(b.partners) for b in timeline.bulletins if not b.partners}) == 1
    assert len({id(b.language) for b in timeline.bulletins}) == 2


def test_a_file_changed_with_the_same_size_and_time_is_read_again(tmp_path, cache_dir):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    before = path.stat()
    changed = canonical(CLEAN).replace("Zebra", "Zorro")
    assert len(changed) == len(canonical(CLEAN))
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    timeline = load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert "Zorro" in [b.id for b in timeline.bulletins] and "Zebra" not in [b.id for b in timeline.bulletins]
    assert entry_is_valid(cache_dir, path)  # rewritten for the new content


def test_an_edited_file_is_read_again(tmp_path, cache_dir):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    write(path, canonical(CLEAN[:2]))
    assert len(load_timeline(path, TAXONOMY, cache_dir=cache_dir)) == 2


def test_another_taxonomy_does_not_use_the_entry(tmp_path, cache_dir):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    smaller = Taxonomy(
        TAXONOMY.crime_types,
        tuple(node for node in TAXONOMY.initiatives if node.key != "innovation-research"),
        TAXONOMY.complex,
    )
    assert not entry_is_valid(cache_dir, path, smaller)
    with pytest.raises(DataLoadError) as caught:
        load_timeline(path, smaller, cache_dir=cache_dir)
    assert "innovation-research" in str(caught.value)


def test_each_file_has_its_own_entry(tmp_path, cache_dir):
    one = write(tmp_path / "one.yaml", canonical(CLEAN))
    two = write(tmp_path / "two.yaml", canonical(CLEAN[1:]))
    load_timeline(one, TAXONOMY, cache_dir=cache_dir)
    load_timeline(two, TAXONOMY, cache_dir=cache_dir)
    assert len(load_timeline(one, TAXONOMY, cache_dir=cache_dir)) == 3
    assert len(load_timeline(two, TAXONOMY, cache_dir=cache_dir)) == 2
    assert len(list(cache_dir.iterdir())) == 2


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x55])


def _flip_header_byte(data: bytes) -> bytes:
    at = len(cache.MAGIC) + 20
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def _other_version(data: bytes) -> bytes:
    current = f'"format": {cache.FORMAT_VERSION}'.encode()
    assert current in data
    return data.replace(current, b'"format": 999', 1)


def _forged_payload(data: bytes) -> bytes:
    """A well-formed entry whose payload is not the one its header vouches for."""
    header, _newline, _payload = data[len(cache.MAGIC) :].partition(b"\n")
    return cache.MAGIC + header + b"\n" + cache.encode([])


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda data: b"",
        lambda data: b"\x00" * 100,
        lambda data: os.urandom(len(data)),
        lambda data: cache.MAGIC + b"{not json\n" + data,
        lambda data: cache.MAGIC + b"x" * 10_000,
        _truncate,
        _flip_last_byte,
        _flip_header_byte,
        _other_version,
        _forged_payload,
    ],
    ids=[
        "empty",
        "zeros",
        "random",
        "bad-header",
        "no-newline",
        "truncated",
        "payload-flipped",
        "header-flipped",
        "other-version",
        "forged-payload",
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(tmp_path, cache_dir, corrupt):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    expected = load_timeline(path, TAXONOMY, cache_dir=cache_dir).bulletins
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(corrupt(entry.read_bytes()))
    assert not entry_is_valid(cache_dir, path)
    assert load_timeline(path, TAXONOMY, cache_dir=cache_dir).bulletins == expected
    assert entry_is_valid(cache_dir, path)


def test_a_file_with_problems_writes_no_entry(tmp_path, cache_dir):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN).replace("2017-03-22\n", "2017-02-30\n"))
    with pytest.raises(DataLoadError):
        load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_an_unusable_cache_folder_does_not_stop_the_load(tmp_path):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    blocker = write(tmp_path / "not-a-folder", "")
    assert len(load_timeline(path, TAXONOMY, cache_dir=blocker)) == 3
    assert len(load_timeline(path, TAXONOMY, cache_dir=blocker / "below")) == 3


def test_entries_are_written_whole_with_no_temporary_file_left(tmp_path, cache_dir):
    path = write(tmp_path / "bulletins.yaml", canonical(CLEAN))
    for _ in range(3):
        load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert [entry.suffix for entry in cache_dir.iterdir()] == [".bulletins"]


def test_the_window_opens_a_file_again_from_its_cache_in_the_users_cache_folder(
    make_window, tmp_path, isolated_settings, qtbot
):
    from helpers import LOAD_TIMEOUT_MS, bulletin_ids, load_and_wait

    from timeline_gui.user_folders import bulletins_cache_dir

    path = write(tmp_path / "mine.yaml", canonical(CLEAN))
    window = make_window()
    with qtbot.waitSignal(window.loader.completed, timeout=LOAD_TIMEOUT_MS):  # the entry written
        assert load_and_wait(qtbot, window, path=path)
    shown = bulletin_ids(window)
    folder = bulletins_cache_dir()
    assert folder.is_relative_to(tmp_path / "cache")  # the test's XDG_CACHE_HOME, never the user's
    assert entry_is_valid(folder, path)
    assert load_and_wait(qtbot, window, path=path)
    assert bulletin_ids(window) == shown == ["Zebra", "2017-03-22-ransomware", "Yellow Sea"]


def test_a_generated_file_reads_alike_by_every_path(tmp_path, cache_dir):
    """The benchmark's synthetic file: fast reader, general loader, cache all give the same timeline."""
    import generate

    path = tmp_path / "generated.yaml"
    generate.write_yaml(path, 2000, seed=7)
    text = path.read_text(encoding="utf-8")
    from test_fast_path import fast, general

    assert fast(text) is not None
    expected = general(text)
    assert load_timeline(path, TAXONOMY).bulletins == expected
    assert load_timeline(path, TAXONOMY, cache_dir=cache_dir).bulletins == expected
    assert entry_is_valid(cache_dir, path)
    assert load_timeline(path, TAXONOMY, cache_dir=cache_dir).bulletins == expected
    assert any("\\" in b.title_en or '"' in b.title_en for b in expected) and any(not b.partners for b in expected)


def test_progress_with_a_cache_ends_at_the_total_and_never_goes_back(tmp_path, cache_dir):
    from test_fast_path import big_text

    def progress_calls() -> list[tuple[int, int]]:
        calls: list[tuple[int, int]] = []
        load_timeline(path, TAXONOMY, cache_dir=cache_dir, progress=lambda done, total: calls.append((done, total)))
        return calls

    path = write(tmp_path / "bulletins.yaml", big_text(3000))
    for _ in range(2):  # parsed and cached, then read from the cache
        calls = progress_calls()
        assert 1 <= len(calls) <= 300
        assert [done for done, _total in calls] == sorted(done for done, _total in calls)
        assert calls[-1][0] == calls[-1][1] and len({total for _done, total in calls}) == 1


def test_the_folder_keeps_the_entries_used_last(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    paths = [write(tmp_path / f"file{number}.yaml", canonical(CLEAN)) for number in range(5)]
    for number, path in enumerate(paths):
        load_timeline(path, TAXONOMY, cache_dir=cache_dir)
        os.utime(cache.entry_path(cache_dir, str(path)), (1_000_000 + number, 1_000_000 + number))
    load_timeline(paths[2], TAXONOMY, cache_dir=cache_dir)  # used again: now the most recent
    load_timeline(paths[0], TAXONOMY, cache_dir=cache_dir)  # parsed again: written anew
    assert [entry_is_valid(cache_dir, path) for path in paths] == [True, False, True, False, True]
    assert len(list(cache_dir.iterdir())) == 3


def test_a_dangling_link_in_the_folder_does_not_stop_pruning(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    cache_dir.mkdir()
    (cache_dir / "gone.bulletins").symlink_to(tmp_path / "nowhere")
    paths = [write(tmp_path / f"file{number}.yaml", canonical(CLEAN)) for number in range(6)]
    for path in paths:
        load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert len([p for p in cache_dir.iterdir() if p.is_file()]) == 3
    assert [entry_is_valid(cache_dir, path) for path in paths][-1]


def test_an_entry_of_another_app_version_is_not_used(tmp_path, cache_dir, monkeypatch):
    path = packaged_copy(tmp_path)
    load_timeline(path, TAXONOMY, cache_dir=cache_dir)
    assert entry_is_valid(cache_dir, path)
    monkeypatch.setattr(cache.CacheKey, "__init__", _with_app(cache.CacheKey.__init__, "0.0.1-other"))
    assert not entry_is_valid(cache_dir, path)


def _with_app(init, version):
    def replaced(self, *args, **kwargs):
        init(self, *args, **{**kwargs, "app": version})

    return replaced


def test_a_stale_temporary_file_in_the_folder_is_removed_and_a_recent_one_kept(tmp_path, cache_dir):
    cache_dir.mkdir()
    stale = cache_dir / ".0123.bulletins.89abcdef.part"
    recent = cache_dir / ".4567.bulletins.01234567.part"
    for path in (stale, recent):
        path.write_bytes(b"half")
    os.utime(stale, (1_000_000, 1_000_000))
    load_timeline(packaged_copy(tmp_path), TAXONOMY, cache_dir=cache_dir)
    assert not stale.exists() and recent.exists()
