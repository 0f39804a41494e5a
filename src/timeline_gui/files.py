"""Files the app writes are written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _process_umask() -> int:
    """The umask, read without changing it where the system allows (changing it races with other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()  # read once, at import


@contextlib.contextmanager
def replacing(target: Path | str, *, mode: int | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """A stream whose bytes replace ``target`` when the block ends without error; on any error,
    cancel included, the temporary file is removed and ``target`` is as it was.

    ``mode`` defaults to what a plain new file gets (0o666 less the umask); ``durable`` syncs the
    bytes to disk before the rename, so a crash cannot leave an empty file under the target's name.
    """
    target = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_UMASK if mode is None else mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomically(target: Path | str, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    with replacing(target, mode=mode, durable=durable) as stream:
        stream.write(data)
