"""The memory a load used for a while, handed back to the system once the load is done.

Reading a big file makes hundreds of megabytes of short-lived objects (the text, the parsed pieces, the
index's word lists). Python frees them, but glibc's allocator keeps the freed pages for the process: a
1M-bulletin file left the process twice the size its model needs (1.5 KB a bulletin instead of 0.7) until
``malloc_trim`` gives them back. Elsewhere (macOS, Windows, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        own = ctypes.CDLL(None)  # the process's own symbols: the C library it runs on
    except OSError:
        return None
    trim = getattr(own, "malloc_trim", None)  # glibc's; musl has none
    if trim is None:
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def give_back_freed_memory() -> None:
    """Returns the allocator's free pages to the system (the interpreter lock is released meanwhile)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
