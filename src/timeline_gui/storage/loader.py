"""Loading the taxonomy and a bulletins file into the domain model: the entry points of the app and its tools.

A load reads the file (file_text), tries the fast reader on it (canonical_reader) and leaves any doubt to
the general one (general_reader), which locates every problem; it reports progress, stops when asked to,
keeps the garbage collector paused while the model is built, and with a cache folder reads an unchanged
file back from the cache (cache) or writes its entry.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from timeline_gui.domain.errors import DataError, DataLoadError, LoadCancelled
from timeline_gui.domain.model import Era, Taxonomy, Timeline
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.storage import cache as _cache
from timeline_gui.storage.canonical_reader import parse_canonical
from timeline_gui.storage.data_format import MAX_LIST_ITEMS, MAX_TEXT_LENGTH, MAX_YEAR, MIN_YEAR
from timeline_gui.storage.file_text import read_bytes, read_pieces, read_text
from timeline_gui.storage.gc_pause import paused_collection
from timeline_gui.storage.general_reader import parse_general
from timeline_gui.storage.memory import give_back_freed_memory
from timeline_gui.storage.taxonomy_reader import parse_taxonomy
from timeline_gui.yielding import checkpoints, release

PACKAGED_BULLETINS = "bulletins.yaml"
PACKAGED_TAXONOMY = "taxonomy.yaml"


def packaged_path(name: str):
    return resources.files("timeline_gui.resources") / name


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy in ``path``, or the packaged one."""
    if path is None:
        resource = packaged_path(PACKAGED_TAXONOMY)
        return parse_taxonomy(f"<packaged {PACKAGED_TAXONOMY}>", resource.read_text(encoding="utf-8"))
    return parse_taxonomy(path, read_text(path))


# Share of the progress bar (percent) for parsing when a cache entry is written afterwards.
_PARSE_SHARE = 80


class _Progress:
    """Calls ``progress(done, total)`` a couple of hundred times at most, and ``should_cancel`` at every step."""

    def __init__(
        self, total: int, progress: Callable[[int, int], None] | None, should_cancel: Callable[[], bool] | None
    ):
        self.total = max(total, 1)
        self._progress = progress
        self._should_cancel = should_cancel
        self._step = max(self.total // 200, 1)
        self._next = 0

    def __call__(self, done: int) -> None:
        if self._should_cancel is not None and self._should_cancel():
            raise LoadCancelled()
        if self._progress is not None and done >= self._next:
            self._next = done + self._step
            self._progress(min(done, self.total), self.total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total)


def parse_bulletins(
    path: Path | str,
    text: str | list[str],
    taxonomy: Taxonomy,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    fast: bool = True,
) -> Timeline:
    """The timeline of ``text``: by the fast reader when the file has the canonical layout, else the general one.

    Both give the same timeline for a good file; only the general one reports problems, so any file
    the fast reader has a doubt about goes to it. ``fast=False`` skips the fast reader. ``text`` may
    be a list of consecutive pieces (``read_pieces``), read as they are by both readers.
    """
    name = str(path)
    report = _Progress(len(text) if isinstance(text, str) else sum(map(len, text)), progress, should_cancel)
    report(0)
    with paused_collection():
        bulletins = None
        eras: tuple[Era, ...] = ()
        if fast:
            bulletins = parse_canonical(
                text,
                taxonomy.initiative_keys(),
                taxonomy.crime_type_keys(),
                max_text=MAX_TEXT_LENGTH,
                max_items=MAX_LIST_ITEMS,
                years=(MIN_YEAR, MAX_YEAR),
                check=report,
            )
        if bulletins is None:
            bulletins, eras = parse_general(name, text, taxonomy, report)
        timeline = Timeline(bulletins, taxonomy, source=name, eras=eras)
        release(bulletins)
    report.finish()
    return timeline


def _stop_when(should_cancel: Callable[[], bool]) -> Callable[[], None]:
    """The check of the loops that build the model (yielding.checkpoint): raises LoadCancelled once asked to."""

    def check() -> None:
        if should_cancel():
            raise LoadCancelled()

    return check


def load_indexed(
    path: Path | str | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    cache_dir: Path | str | None = None,
) -> tuple[Timeline, TimelineIndex]:
    """``load_timeline``, and the timeline's index with all of it prepared (``TimelineIndex.prepare``).

    With ``cache_dir``, the index is saved in the cache entry and read back with the bulletins.
    """
    opened = open_indexed(path, taxonomy, progress=progress, should_cancel=should_cancel, cache_dir=cache_dir)
    opened.complete()
    return opened.timeline, opened.index


@dataclass
class Opened:
    """A loaded timeline and its index, ready to be shown; ``complete()`` (in the same thread, after the
    window shows it) builds the search index if it was not read from the cache, and writes the cache entry."""

    timeline: Timeline
    index: TimelineIndex
    _finish: Callable[[], None] | None = None

    @property
    def incomplete(self) -> bool:
        """True while ``complete()`` has work left (a search index to build, a cache entry to write)."""
        return self._finish is not None

    def complete(self) -> None:
        finish, self._finish = self._finish, None
        if finish is not None:
            finish()
            give_back_freed_memory()  # the search index's word lists


def open_indexed(
    path: Path | str | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    cache_dir: Path | str | None = None,
) -> Opened:
    """``load_indexed`` up to what the window needs to show the file; the rest is left to ``complete()``.

    Searches on the index before ``complete()`` read the titles (the same answers, more slowly).
    """
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    with paused_collection():
        if path is not None and cache_dir is not None:
            opened = _open_with_cache(path, taxonomy, Path(cache_dir), progress, should_cancel)
        else:
            timeline = _load_uncached(path, taxonomy, progress, should_cancel)
            index = _prepared_index(timeline, should_cancel, search=False)
            opened = Opened(timeline, index, index.build_search)
    give_back_freed_memory()  # the file's text and what parsing it made
    return opened


def _load_uncached(
    path: Path | str | None,
    taxonomy: Taxonomy,
    progress: Callable[[int, int], None] | None,
    should_cancel: Callable[[], bool] | None,
) -> Timeline:
    if path is None:
        resource = packaged_path(PACKAGED_BULLETINS)
        return parse_bulletins(
            f"<packaged {PACKAGED_BULLETINS}>",
            resource.read_text(encoding="utf-8"),
            taxonomy,
            progress=progress,
            should_cancel=should_cancel,
        )
    return parse_bulletins(
        path, read_pieces(path, read_bytes(path)[0]), taxonomy, progress=progress, should_cancel=should_cancel
    )


def load_timeline(
    path: Path | str | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    cache_dir: Path | str | None = None,
) -> Timeline:
    """Bulletins from ``path`` (the packaged ones when None), checked against the taxonomy.

    ``progress(done, total)`` is called a few hundred times at most while the file is read (``total``
    stays the same during one load); ``should_cancel()`` is asked as often, and when it answers True
    the load stops with LoadCancelled. With ``cache_dir``, a user file that was loaded before and has
    not changed since (same size, modification time and content hash, same taxonomy) is read back
    from the cache there, and a successful parse writes that cache entry.
    """
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    stoppable = checkpoints(_stop_when(should_cancel)) if should_cancel is not None else nullcontext()
    with stoppable:
        if path is not None and cache_dir is not None:
            opened = open_indexed(path, taxonomy, progress=progress, should_cancel=should_cancel, cache_dir=cache_dir)
            opened.complete()  # the entry holds the search index: written now, read back on the next open
            return opened.timeline
        with paused_collection():
            return _load_uncached(path, taxonomy, progress, should_cancel)


def _prepared_index(timeline: Timeline, should_cancel: Callable[[], bool] | None, search: bool) -> TimelineIndex:
    if should_cancel is not None and should_cancel():
        raise LoadCancelled()
    index = TimelineIndex(timeline)
    index.prepare(search=search)
    return index


def _open_with_cache(
    path: Path | str,
    taxonomy: Taxonomy,
    cache_dir: Path,
    progress: Callable[[int, int], None] | None,
    should_cancel: Callable[[], bool] | None,
) -> Opened:
    data, stat = read_bytes(path)
    key = _cache.CacheKey.of(path, stat, taxonomy)
    content = _cache.ContentHash(data)  # hashed in a thread, meanwhile the file is parsed if need be
    cached = _cache.lookup(cache_dir, key, content)
    if should_cancel is not None and should_cancel():
        raise LoadCancelled()
    if cached is not None:
        if progress is not None:
            progress(len(data), len(data))
        timeline = Timeline(cached.bulletins, taxonomy, source=str(path), eras=cached.eras)
        release(cached.bulletins)
        try:
            # The entry's bulletins were saved in timeline order, so the saved positions are the timeline's.
            index = TimelineIndex.restore(timeline, cached.index)
        except ValueError:  # an entry without an index (or with one that does not fit): built again
            index = _prepared_index(timeline, should_cancel, search=False)
            return Opened(timeline, index, index.build_search)
        index.prepare()  # what was not saved (month groups) is quick to compute
        return Opened(timeline, index)
    text = read_pieces(path, data)
    del data  # a large file would otherwise be held twice while it is parsed
    total = sum(map(len, text))

    def parsing(done: int, _total: int) -> None:  # the last part of the bar is for preparing the index
        progress(done * _PARSE_SHARE // 100, total)  # type: ignore[misc]

    timeline = parse_bulletins(
        path, text, taxonomy, progress=parsing if progress is not None else None, should_cancel=should_cancel
    )
    release(text, 4)  # the pieces: some 2 MB of text each
    index = _prepared_index(timeline, should_cancel, search=False)
    if progress is not None:
        progress(total, total)
    digest = content()

    def finish() -> None:  # the search index is saved with the bulletins, so the next open reads it
        index.build_search()
        _cache.store(cache_dir, key, digest, timeline.bulletins, index.saved(), timeline.eras)

    return Opened(timeline, index, finish)


def validate(path: Path | str | None = None) -> list[DataError]:
    """Every problem of the bulletins file at ``path`` (packaged data when None); empty when valid."""
    try:
        taxonomy = load_taxonomy()
        load_timeline(path, taxonomy)
    except DataLoadError as error:
        return error.errors
    return []
