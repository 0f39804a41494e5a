"""Text handed to the YAML parser, and the parser's errors turned into DataErrors located in that text.

The YAML is composed into nodes (never constructed into arbitrary objects, so no tag can run code).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from timeline_gui.domain.errors import DataError, DataLoadError, file_error
from timeline_gui.i18n import N_
from timeline_gui.storage.data_format import MAX_NESTING_DEPTH
from timeline_gui.storage.yaml_events import RefusedTag, YamlLoader, compose_document

MSG_TOO_DEEP = N_("lists and mappings are nested deeper than the limit of {limit} levels")
MSG_EMPTY = N_("the file is empty")
MSG_TAG = N_("tag {tag!r} is not allowed")


def _explain(problem: str, text: str, mark: Any) -> tuple[str, dict[str, Any]]:
    """Our own words for the parser's errors that have a known cause, else the parser's."""
    if "nesting depth" in problem:
        return MSG_TOO_DEEP, {"limit": MAX_NESTING_DEPTH}
    index = getattr(mark, "index", -1)
    if "tab character" in problem or (0 <= index < len(text) and text[index] == "\t"):
        return N_("not valid YAML: a tab cannot indent YAML; use spaces"), {}
    return N_("not valid YAML: {problem}"), {"problem": problem}


class TextStream:
    """``text`` (or its consecutive pieces) handed to libyaml a chunk at a time, so that a long parse
    reports progress and can stop, and pieces need not be joined."""

    name = "<unicode string>"  # what libyaml names a string source in its messages

    def __init__(self, text: str | list[str], report: Callable[[int], None] | None):
        self._pieces = [text] if isinstance(text, str) else text
        self._piece = 0
        self._position = 0
        self._read = 0
        self._report = report

    def read(self, size: int = 65536, /) -> str:
        """At most ``size`` characters (the parsers ask for 64 Ki), from one piece; empty only at the end."""
        pieces = self._pieces
        while self._piece < len(pieces) and self._position >= len(pieces[self._piece]):
            self._piece += 1
            self._position = 0
        chunk = ""
        if self._piece < len(pieces):
            chunk = pieces[self._piece][self._position : self._position + size]
            self._position += len(chunk)
        self._read += len(chunk)
        if self._report is not None:
            self._report(self._read)
        return chunk

    def report_again(self) -> None:
        """Reports the characters read so far again: a long stretch of work between two reads can be cancelled."""
        if self._report is not None:
            self._report(self._read)


@contextmanager
def located_yaml_errors(path: Path | str, text: str | list[str]) -> Iterator[None]:
    """Turns a YAML syntax error raised inside into a DataLoadError located in ``text`` (or its pieces)."""
    try:
        yield
    except RefusedTag as error:
        mark = error.problem_mark
        assert mark is not None  # a refused tag is always located at its node
        raise DataLoadError(
            [DataError(str(path), mark.line + 1, mark.column + 1, "", MSG_TAG, {"tag": error.tag})]
        ) from error
    except yaml.MarkedYAMLError as error:
        text = text if isinstance(text, str) else "".join(text)
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "").strip()
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        msgid, params = _explain(problem, text, mark)
        raise DataLoadError([DataError(str(path), line, column, "", msgid, params)]) from error
    except yaml.reader.ReaderError as error:  # a control character: located by its position in the text
        text = text if isinstance(text, str) else "".join(text)
        data: str | bytes = text
        newline: str | bytes = "\n"
        if YamlLoader.__name__.startswith("C"):  # libyaml counts UTF-8 bytes, the pure-Python reader characters
            data, newline = text.encode("utf-8", "surrogatepass"), b"\n"
        start = data.rfind(newline, 0, error.position) + 1  # type: ignore[arg-type]
        line = data.count(newline, 0, error.position) + 1  # type: ignore[arg-type]
        before = data[start : error.position]
        column = len(before.decode("utf-8", "replace") if isinstance(before, bytes) else before) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        raise DataLoadError(
            [
                DataError(
                    str(path), line, column, "", N_("the character U+{code:04X} is not allowed in YAML"), {"code": code}
                )
            ]
        ) from error
    except RecursionError as error:  # pragma: no cover - only the pure-Python parser recurses
        raise file_error(path, MSG_TOO_DEEP, limit=MAX_NESTING_DEPTH) from error
    except yaml.YAMLError as error:
        raise DataLoadError(
            [DataError(str(path), 0, 0, "", N_("not valid YAML: {problem}"), {"problem": str(error)})]
        ) from error


def compose(
    path: Path | str, text: str | list[str], report: Callable[[int], None] | None = None
) -> tuple[yaml.Node, int]:
    """The YAML node tree of ``text`` (or of its consecutive pieces) and the number of values written in it;
    a syntax error becomes a located DataError.

    ``report(characters read)`` is called as the parser reads; it may raise LoadCancelled.
    """
    source: str | TextStream = text if report is None and isinstance(text, str) else TextStream(text, report)
    with located_yaml_errors(path, text):
        root, written = compose_document(source)
    if root is None:
        raise file_error(path, MSG_EMPTY)
    return root, written
