"""Python's cyclic garbage collector while big models are built: paused, then told to look away.

Loading creates millions of objects and no reference cycles; the collector would scan them again
and again (two thirds of the time of a plain YAML load) and hold the interpreter lock meanwhile,
stalling the window. The model is freed by reference counting when it is replaced.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# From this many bulletins on, a loaded model is set aside from later collections (gc.freeze).
FREEZE_FROM = 10_000


class _CollectorPause:
    """Keeps the collector off while any load runs, in any thread; loads may overlap and nest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._was_enabled = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._depth += 1
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0 and self._was_enabled:
                    gc.enable()


paused_collection = _CollectorPause()


def set_aside(bulletin_count: int) -> None:
    """After a model that lives as long as the window was built: keep later collections from walking it."""
    if bulletin_count >= FREEZE_FROM:
        gc.freeze()
