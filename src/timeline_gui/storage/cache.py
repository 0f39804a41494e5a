"""A cache of loaded bulletins files, so that opening an unchanged large file again is quick.

One entry per file (named after a hash of its absolute path) in a cache folder the caller chooses
(the app passes ``user_folders.bulletins_cache_dir()``). An entry holds:

- a header line of JSON: format version, Python version, the app's version, the file's absolute path,
  size, modification time (ns), a BLAKE2b hash of its bytes, a hash of the taxonomy it was checked
  against, a hash of the payload;
- the payload: the bulletins as ``marshal`` data of plain columns (strings, tuples of strings, dates
  as indexes into a table of ordinals), in blocks of ``BLOCK`` bulletins so that no single C call
  holds the interpreter lock long. Never pickle: nothing in an entry can run code.

An entry is used only when everything in its header matches the file as it is now (its bytes are
hashed again at every open) and the payload matches its hash; anything else (another version, a
changed file, a truncated or garbled entry) is a miss, and the file is parsed and the entry rewritten.
Entries are written whole or not at all (temporary file beside the target, then os.replace).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import marshal
import os
import stat
import sys
import threading
import time
from array import array
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from timeline_gui import __version__
from timeline_gui.domain.errors import LoadCancelled
from timeline_gui.domain.model import Bulletin, Era, LocalizedText, Taxonomy
from timeline_gui.files import is_temporary_name, replacing
from timeline_gui.yielding import checkpoint, read_in_slices

FORMAT_VERSION = 4  # 3: the search index is saved with the bulletins; 4: the bases of tags, not-classified counts
MAGIC = b"timeline-gui bulletins cache\n"
_MARSHAL_VERSION = 2  # no back-references: the repeated values are tabled already, and it reads faster
# marshal data is only guaranteed to read back on the same Python version: part of the key.
_RUNTIME = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}-marshal{marshal.version}"
_make_bulletin = partial(tuple.__new__, Bulletin)


_WAIT_SLICE = 0.02  # seconds
_HASH_SLICE = 8 << 20  # bytes hashed between two cancel checks: about 10 ms


def _hash(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def _hash_in_slices(data: bytes | bytearray) -> str:
    hasher = hashlib.blake2b(digest_size=32)
    with memoryview(data) as view:
        for start in range(0, len(view), _HASH_SLICE):
            checkpoint()
            hasher.update(view[start : start + _HASH_SLICE])
    return hasher.hexdigest()


def taxonomy_hash(taxonomy: Taxonomy) -> str:
    """A hash of the whole taxonomy (keys, labels, descriptions, structure)."""
    return _hash(repr((taxonomy.crime_types, taxonomy.initiatives, taxonomy.complex)).encode("utf-8"))


def content_hash(data: bytes) -> str:
    """The hash that identifies a file's content (BLAKE2b, 256 bits)."""
    return _hash(data)


class ContentHash:
    """``content_hash(data)`` computed in a thread while the caller goes on (hashlib lets go of the GIL).

    Calling it waits for the value: None if hashing failed, which no entry matches.
    """

    def __init__(self, data: bytes):
        self._value: str | None = None
        self._thread = threading.Thread(target=self._run, args=(data,), name="timeline-gui-hash", daemon=True)
        self._thread.start()

    def _run(self, data: bytes) -> None:
        self._value = content_hash(data)

    def __call__(self) -> str | None:
        while self._thread.is_alive():  # a gigabyte hashes in about a second: a cancelled load stops waiting
            self._thread.join(_WAIT_SLICE)
            checkpoint()
        return self._value


@dataclass(frozen=True)
class CacheKey:
    """What a cache entry must match, besides the hash of the file's content, to be used."""

    path: str
    size: int
    mtime_ns: int
    taxonomy: str
    format: int = FORMAT_VERSION
    runtime: str = _RUNTIME
    app: str = __version__  # another release may read or check bulletins differently

    @classmethod
    def of(cls, path: Path | str, stat: os.stat_result, taxonomy: Taxonomy) -> CacheKey:
        """``stat`` must be taken before the bytes are read and hashed: a file changed meanwhile never matches."""
        return cls(os.path.abspath(path), stat.st_size, stat.st_mtime_ns, taxonomy_hash(taxonomy))


def entry_path(cache_dir: Path | str, path: str) -> Path:
    name = hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return Path(cache_dir) / f"{name}.bulletins"


# ---------------------------------------------------------------- payload


# Columns with few distinct values (dates, languages, the four lists) are stored as a table of
# those values and an array of 4-byte indexes into it: quick to write and read, and shared once read.
_TABLED = (1, 2, 5, 6, 7, 8)
_DATE = 1
# The payload is a series of marshal blocks, each behind its length (8 bytes, little-endian): first the
# count and the tables, then the columns of BLOCK bulletins at a time. Each block is written and read
# by a short C call, so a loader thread never holds the interpreter lock long (yielding.py).
PAYLOAD_MAGIC = b"TGB\x02"
_INDEX_TAG = "search index"
BLOCK = 2_048  # bulletins: a few milliseconds of marshal work each


class _Numbering(dict):
    """value -> its number, numbers given in the order values are first met."""

    def __missing__(self, key: Any) -> int:
        number = self[key] = len(self)
        return number


def encode_blocks(bulletins: tuple[Bulletin, ...] | list[Bulletin], index: tuple | None = None) -> list[bytes]:
    """The payload of ``bulletins`` (and of their search index as ``TimelineIndex.saved()`` gives it, if
    any) as a list of byte strings, to be written one after the other."""
    numberings = {field: _Numbering() for field in _TABLED}
    blocks: list[bytes] = []
    for start in range(0, len(bulletins), BLOCK):
        checkpoint()
        columns: list[Any] = list(zip(*bulletins[start : start + BLOCK], strict=True))
        for field in _TABLED:
            columns[field] = array("I", map(numberings[field].__getitem__, columns[field])).tobytes()
        blocks.append(marshal.dumps(columns, _MARSHAL_VERSION))
    tables = []
    for field in _TABLED:
        values = list(numberings[field])
        tables.append([value.toordinal() for value in values] if field == _DATE else values)
    blocks.insert(0, marshal.dumps((len(bulletins), tables), _MARSHAL_VERSION))
    if index is not None:  # the last block; a tuple, where the bulletins' blocks are lists
        blocks.append(marshal.dumps((_INDEX_TAG, *index), _MARSHAL_VERSION))
    framed = [PAYLOAD_MAGIC]
    for block in blocks:
        framed.append(len(block).to_bytes(8, "little"))
        framed.append(block)
    return framed


def encode(bulletins: tuple[Bulletin, ...] | list[Bulletin], index: tuple | None = None) -> bytes:
    return b"".join(encode_blocks(bulletins, index))


def decode(payload: bytes | bytearray | memoryview) -> list[Bulletin]:
    """The bulletins of a payload; ValueError (or TypeError, IndexError...) when it is not well formed."""
    return decode_entry(payload).bulletins


class Entry(NamedTuple):
    bulletins: list[Bulletin]
    index: Any  # what TimelineIndex.saved() gave, to be checked by TimelineIndex.restore(); None if not saved
    eras: tuple[Era, ...] = ()  # the file's ``eras:``, kept in the entry's header


def _eras_saved(eras: tuple[Era, ...]) -> list[list[str]]:
    return [[era.label.en, era.label.fr, era.start.isoformat(), era.end.isoformat()] for era in eras]


def _eras_read(saved: object) -> tuple[Era, ...]:
    """The eras of an entry's header; ValueError when they are not as ``_eras_saved`` writes them."""
    if saved is None:
        return ()
    if type(saved) is not list:
        raise ValueError("eras are not a list")
    eras = []
    for item in saved:
        if type(item) is not list or len(item) != 4 or not all(type(part) is str for part in item):  # noqa: PLR2004
            raise ValueError("not an era")
        english, french, start, end = item
        eras.append(Era(LocalizedText(english, french), dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
    return tuple(eras)


def decode_entry(payload: bytes | bytearray | memoryview) -> Entry:
    """The bulletins of a payload and its saved index; ValueError (or TypeError, IndexError...) when it is
    not well formed."""
    view = memoryview(payload)
    if view[: len(PAYLOAD_MAGIC)] != PAYLOAD_MAGIC:
        raise ValueError("not a bulletins payload")
    blocks: list[memoryview] = []
    position = len(PAYLOAD_MAGIC)
    while position < len(view):
        size = int.from_bytes(view[position : position + 8], "little")
        position += 8
        if position + size > len(view):
            raise ValueError("truncated payload")
        blocks.append(view[position : position + size])
        position += size
    if not blocks:
        raise ValueError("empty payload")
    count, tables = marshal.loads(blocks[0])
    if type(count) is not int or type(tables) is not list or len(tables) != len(_TABLED):
        raise ValueError("not a bulletins payload")
    table_of = dict(zip(_TABLED, tables, strict=True))
    table_of[_DATE] = [dt.date.fromordinal(ordinal) for ordinal in table_of[_DATE]]
    bulletins: list[Bulletin] = []
    index = None
    for number, block in enumerate(blocks[1:], 2):
        checkpoint()
        columns = marshal.loads(block)
        if type(columns) is tuple and columns[:1] == (_INDEX_TAG,) and number == len(blocks):
            index = columns[1:]
            break
        if type(columns) is not list or len(columns) != len(Bulletin._fields):
            raise ValueError("not a bulletins block")
        size = len(columns[0])
        for field in _TABLED:
            indexes = array("I")
            indexes.frombytes(columns[field])
            columns[field] = list(map(table_of[field].__getitem__, indexes))
        for column in columns:
            if len(column) != size:
                raise ValueError("columns of different lengths")
        bulletins.extend(map(_make_bulletin, zip(*columns, strict=True)))
    if len(bulletins) != count:
        raise ValueError("wrong number of bulletins")
    return Entry(bulletins, index)


# ---------------------------------------------------------------- entries


_MAX_HEADER = 64 * 1024


def lookup(cache_dir: Path | str, key: CacheKey, content: str | Callable[[], str | None]) -> Entry | None:
    """The cached bulletins (and saved index) for ``key`` and ``content`` (the file's content hash, or a
    callable giving it, asked only when everything else matches), or None when there is no valid, matching entry."""
    try:
        with open(entry_path(cache_dir, key.path), "rb") as stream:
            head = stream.read(len(MAGIC) + _MAX_HEADER)
            if not head.startswith(MAGIC) or b"\n" not in head[len(MAGIC) :]:
                return None
            header_bytes = head[len(MAGIC) :].split(b"\n", 1)[0]
            header: dict[str, Any] = json.loads(header_bytes)
            if type(header) is not dict or any(header.get(name) != value for name, value in asdict(key).items()):
                return None
            wanted = content() if callable(content) else content
            if wanted is None or header.get("content") != wanted:
                return None
            stream.seek(len(MAGIC) + len(header_bytes) + 1)
            payload = read_in_slices(stream, MAX_TOTAL_BYTES)
        if _hash_in_slices(payload) != header.get("payload"):
            return None
        entry = decode_entry(payload)._replace(eras=_eras_read(header.get("eras")))
        _touch(entry_path(cache_dir, key.path))
        return entry
    except LoadCancelled:
        raise
    except Exception:  # noqa: BLE001 - whatever is wrong with an entry, it is only a miss
        return None


def store(
    cache_dir: Path | str,
    key: CacheKey,
    content: str | None,
    bulletins: tuple[Bulletin, ...] | list[Bulletin],
    index: tuple | None = None,
    eras: tuple[Era, ...] = (),
) -> bool:
    """Writes the entry for ``key`` and ``content`` (with ``index``, ``TimelineIndex.saved()``, if given, and the
    file's ``eras``); False (and nothing written) when it cannot."""
    if content is None:
        return False
    target = entry_path(cache_dir, key.path)
    try:
        blocks = encode_blocks(bulletins, index)
        hasher = hashlib.blake2b(digest_size=32)
        for block in blocks:  # the hash of the whole payload, computed a block at a time
            checkpoint()
            hasher.update(block)
        header = json.dumps(
            {
                **asdict(key),
                "content": content,
                "payload": hasher.hexdigest(),
                "count": len(bulletins),
                **({"eras": _eras_saved(eras)} if eras else {}),
            }
        ).encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target, mode=0o600, durable=False) as stream:  # a cache: losing it on a crash costs a re-read
            stream.write(MAGIC + header + b"\n")
            for block in blocks:
                checkpoint()
                stream.write(block)
        _prune(target.parent, target)
    except (OSError, ValueError):
        return False
    return True


# The folder keeps the entries of the files opened last: at most this many, and this many bytes
# (a million bulletins take about 270 MB), the newest always.
MAX_ENTRIES = 16
MAX_TOTAL_BYTES = 2 * 1024**3
# Temporary files older than this were left by a crash the start-up clean-up could not know of (one whose
# journal entry could not be written); the journal (timeline_gui.files) removes the others at the next start.
_STALE_SECONDS = 24 * 3600


def _touch(entry: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(entry)  # marks it as recently used


def _prune(folder: Path, newest: Path) -> None:
    """Best effort: removes the entries used least recently beyond the limits, and stale temporary files.

    An item that cannot be read (a dangling link, one removed meanwhile) is passed over, not a reason to stop.
    """
    entries: list[tuple[float, int, Path]] = []
    now = time.time()
    try:
        items = list(folder.iterdir())
    except OSError:
        return
    for item in items:
        try:
            status = item.lstat()
            if not stat.S_ISREG(status.st_mode):
                continue
            if item.suffix == ".bulletins":
                entries.append((status.st_mtime, status.st_size, item))
            elif is_temporary_name(item.name) and now - status.st_mtime > _STALE_SECONDS:
                item.unlink(missing_ok=True)
        except OSError:
            continue
    entries.sort(key=lambda entry: (entry[2] != newest, -entry[0]))
    total = 0
    for number, (_mtime, size, item) in enumerate(entries):
        total += size
        if number and (number >= MAX_ENTRIES or total > MAX_TOTAL_BYTES):
            try:
                item.unlink(missing_ok=True)
            except OSError:
                continue
