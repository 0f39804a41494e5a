"""Big C-speed operations cut into slices, so that a loader thread never holds the interpreter long.

A single C call (``sorted`` of a million bulletins, ``marshal.dumps`` of a whole cache, decoding a
whole file) keeps Python's interpreter lock from start to end: while a file loads in a worker
thread, the window could neither paint nor answer for that long. Here the same work is
done in slices of at most ``CHUNK`` items, each a short C call; between two slices the thread runs
Python code again, where the interpreter hands the lock over to the GUI thread when it has waited
for the switch interval. The results are exactly those of the one big call (tests/test_chunked.py).

The same places are where a load can stop: inside ``checkpoints(check)``, ``check()`` (which raises to
stop) is called between two slices here and at every ``checkpoint()`` of the loops that build a model,
in the thread that entered the block only.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, repeat
from operator import eq, not_
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

CHUNK = 16_384  # items per slice: a few milliseconds of C work for the operations of the loader

_local = threading.local()


@contextmanager
def checkpoints(check: Callable[[], None]) -> Iterator[None]:
    """While the block runs, ``checkpoint()`` in this thread calls ``check`` (a load's cancel check)."""
    previous = getattr(_local, "check", None)
    _local.check = check
    try:
        yield
    finally:
        _local.check = previous


def checkpoint() -> None:
    """Where a long piece of work may stop: calls the check of the enclosing ``checkpoints`` block, if any."""
    check = getattr(_local, "check", None)
    if check is not None:
        check()


def sorted_in_chunks(items: Iterable[T], *keys: Callable[[T], Any], chunk: int = CHUNK) -> list[T]:
    """``items`` ordered by ``keys[0]``, then ``keys[1]``... : the list that stable sorts by the last key
    first give (equal items keep their order), built by short C calls.

    Sample sort: the items are shared out among buckets of about ``chunk`` items by ranges of their
    first key (bounds taken from an even sample), a slice at a time, each bucket keeping the items'
    order; then every bucket is sorted on its own and the buckets are joined in order.
    """
    if not keys:
        raise TypeError("sorted_in_chunks needs at least one key")
    return _sorted(items if isinstance(items, (list, tuple, range)) else list(items), keys, max(chunk, 2), 0)


_MAX_DEPTH = 3  # a bucket that sampling could not split further is sorted in one go


def _sorted(sequence: Sequence[T], keys: Sequence[Callable[[T], Any]], chunk: int, depth: int) -> list[T]:
    count = len(sequence)
    if count <= chunk or depth >= _MAX_DEPTH:
        return _sort_bucket(list(sequence), keys)
    first = keys[0]
    buckets_wanted = -(-count // chunk)
    step = max(count // (buckets_wanted * 16), 1)  # about 16 samples a bucket
    sample: list[Any] = []
    for start in range(0, count, chunk * step):
        checkpoint()
        sample.extend(map(first, sequence[start : start + chunk * step : step]))
    sample.sort()
    per_bucket = max(len(sample) // buckets_wanted, 1)
    bounds = sample[per_bucket::per_bucket]  # bucket i holds the keys k with bounds[i-1] <= k < bounds[i]
    buckets: list[list[T]] = [[] for _ in range(len(bounds) + 1)]
    for start in range(0, count, chunk):
        checkpoint()
        part = sequence[start : start + chunk]
        numbers = list(map(bisect_right, repeat(bounds), map(first, part)))
        order = sorted(range(len(part)), key=numbers.__getitem__)  # stable: items keep their order
        numbers = list(map(numbers.__getitem__, order))
        part = list(map(part.__getitem__, order))
        low = 0
        while low < len(part):
            number = numbers[low]
            high = bisect_right(numbers, number, low)
            buckets[number].extend(part[low:high])
            low = high
    result: list[T] = []
    for number, bucket in enumerate(buckets):
        checkpoint()
        buckets[number] = []  # freed once joined
        if len(bucket) <= chunk * 2:
            result.extend(_sort_bucket(bucket, keys))
            continue
        # A big bucket: mostly one frequent first key, its lower bound (which the sample met often).
        rest = bucket
        if number:
            lower = bounds[number - 1]
            equal: list[T] = []
            rest = []
            for start in range(0, len(bucket), chunk):
                checkpoint()
                part = bucket[start : start + chunk]
                flags = list(map(eq, map(first, part), repeat(lower)))
                equal.extend(compress(part, flags))
                rest.extend(compress(part, map(not_, flags)))
            result.extend(_sorted(equal, keys[1:], chunk, 0) if len(keys) > 1 else equal)
        result.extend(_sorted(rest, keys, chunk, depth + 1))
    return result


def _sort_bucket(bucket: list[T], keys: Sequence[Callable[[T], Any]]) -> list[T]:
    for key in reversed(keys):
        bucket.sort(key=key)
    return bucket


def tuple_in_chunks(items: Sequence[T], chunk: int = CHUNK * 4) -> tuple[T, ...]:
    """``tuple(items)``; a big sequence is copied through a generator that gives the lock back."""
    if len(items) <= chunk:
        return tuple(items)
    return tuple(_each(items, chunk))


def _each(items: Sequence[T], chunk: int) -> Iterable[T]:
    for start in range(0, len(items), chunk):
        checkpoint()
        yield from items[start : start + chunk]  # noqa: UP028 - one resume per slice keeps it quick


def release(items: list[Any], chunk: int = CHUNK * 4) -> None:
    """Empties ``items`` ``chunk`` items at a time. Dropped at once, a list of a million references is
    one C call of some 15 ms (more when its items go with it), and such frees come back to back when
    a function returns; emptied this way, the thread gives the lock back in between."""
    while items:
        checkpoint()
        del items[-chunk:]


def mark_each(mask: bytearray, positions: Sequence[int], chunk: int = CHUNK) -> None:
    """Sets ``mask[p]`` to 1 for every position ``p``: a C loop over ``chunk`` positions at a time, with a
    checkpoint between."""
    for start in range(0, len(positions), chunk):
        checkpoint()
        deque(map(mask.__setitem__, positions[start : start + chunk], repeat(1)), maxlen=0)


READ_SLICE = 8 << 20  # bytes read at once: a few milliseconds from the page cache


def read_in_slices(stream: BinaryIO, most: int) -> bytearray:
    """The rest of ``stream``, ``most`` bytes at most, read a slice at a time with a checkpoint between: read in
    one call, a gigabyte file would leave a load no point to stop at for half a second. (The buffer grows by
    the slice, where one allocated at once would first be zeroed whole; a large one grows without a copy.)"""
    data = bytearray()
    while len(data) < most:
        checkpoint()
        piece = stream.read(min(READ_SLICE, most - len(data)))
        if not piece:
            break
        data += piece
    return data
