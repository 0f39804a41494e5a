"""A data file's bytes and text: only a regular file, up to the size limit, UTF-8 with the bad byte located.

A big file's text is decoded in pieces (``read_pieces``) that both readers take as they are.
"""

from __future__ import annotations

import os
import stat as file_kinds
from pathlib import Path

from timeline_gui.domain.errors import DataError, DataLoadError, Term, file_error
from timeline_gui.i18n import N_
from timeline_gui.storage.data_format import MAX_FILE_BYTES
from timeline_gui.yielding import checkpoint, read_in_slices

MSG_TOO_LARGE = N_("file is larger than the limit of {limit} bytes")
_NOT_REGULAR = (
    (file_kinds.S_ISDIR, Term(N_("a folder"))),
    (file_kinds.S_ISFIFO, Term(N_("a named pipe"))),
    (file_kinds.S_ISCHR, Term(N_("a device"))),
    (file_kinds.S_ISBLK, Term(N_("a device"))),
    (file_kinds.S_ISSOCK, Term(N_("a socket"))),
)
READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def check_regular(name: str, status: os.stat_result) -> None:
    """Only a regular file is data: a pipe could block for ever, a device never end."""
    if file_kinds.S_ISREG(status.st_mode):
        return
    kind = next((kind for test, kind in _NOT_REGULAR if test(status.st_mode)), Term(N_("something else")))
    raise file_error(name, N_("cannot read the file: it is {kind}, not a regular file"), kind=kind)


def read_bytes(path: Path | str) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its status as it was before they were read.

    The status is checked before the file is opened (a named pipe's open would wait for a writer) and
    again on what was opened; the reading stops past the size limit whatever the status said.
    """
    name = str(path)
    try:
        check_regular(name, os.stat(path))
        descriptor = os.open(path, READ_FLAGS)
        with open(descriptor, "rb", buffering=0) as handle:
            status = os.fstat(descriptor)
            check_regular(name, status)
            if status.st_size > MAX_FILE_BYTES:
                raise file_error(name, MSG_TOO_LARGE, limit=MAX_FILE_BYTES)
            # Read to the end, whatever the status said (the file may have grown), up to a byte past the limit.
            data = read_in_slices(handle, MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise file_error(name, MSG_TOO_LARGE, limit=MAX_FILE_BYTES)
        return data, status  # type: ignore[return-value]  # a bytearray serves wherever bytes are read
    except DataLoadError:
        raise
    except OSError as error:
        raise file_error(name, N_("cannot read the file: {reason}"), reason=error.strerror or str(error)) from error


def read_text(path: Path | str, data: bytes | None = None) -> str:
    """The file's text, or a DataLoadError naming what is wrong with the bytes."""
    name = str(path)
    if data is None:
        data, _stat = read_bytes(path)
    if len(data) > MAX_FILE_BYTES:
        raise file_error(name, MSG_TOO_LARGE, limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataLoadError(
            [
                DataError(
                    name,
                    line,
                    column,
                    "",
                    N_("the file is not UTF-8 text (byte 0x{byte:02x})"),
                    {"byte": data[error.start]},
                )
            ]
        ) from error
    return text


# A big file is decoded in pieces of about this many bytes, each ending with a line, cut where a
# bulletin starts when one is near: decoding it whole would hold the interpreter lock for half a
# second at 1M bulletins (and joining pieces as long), so the fast reader takes the pieces as they are.
PIECE_BYTES = 1 << 20
_BULLETIN_START = b"\n  - id: "


def read_pieces(path: Path | str, data: bytes) -> list[str]:
    """The text of ``data`` (the file at ``path``) as consecutive pieces: ``"".join`` of them is
    ``read_text(path, data)``, and a problem with the bytes is the same DataLoadError."""
    if len(data) > MAX_FILE_BYTES or len(data) <= PIECE_BYTES:
        return [read_text(path, data)]
    view = memoryview(data)
    pieces: list[str] = []
    start = 0
    try:
        while start < len(data):
            stop = data.find(_BULLETIN_START, start + PIECE_BYTES, start + 4 * PIECE_BYTES)
            if stop < 0:  # no bulletin starts near: any line end will do (the fast reader then declines)
                stop = data.find(b"\n", start + PIECE_BYTES)
            stop = len(data) if stop < 0 else stop + 1
            checkpoint()
            pieces.append(str(view[start:stop], "utf-8-sig" if start == 0 else "utf-8"))
            start = stop
    except UnicodeDecodeError:
        read_text(path, data)  # raises the error located in the whole text
        raise
    finally:
        view.release()
    return pieces
