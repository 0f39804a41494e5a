"""Safe loading of bulletins.yaml and taxonomy.yaml into the domain model.

The YAML is composed into nodes (never constructed into arbitrary objects, so no
tag can run code) and every node is checked, so that each problem is reported
with its line, column and field, all problems of a file at once. A bulletins file
is composed a bulletin at a time, each checked and freed before the next is read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat as file_kinds
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError

from timeline_gui.domain.errors import (
    CONTROL_CHARACTER,
    MSG_MISSING,
    MSG_WRONG_TYPE,
    DataError,
    DataLoadError,
    LoadCancelled,
    Term,
    file_error,
)
from timeline_gui.domain.model import (
    Bulletin,
    Era,
    Keywords,
    LocalizedText,
    OverviewSection,
    Taxonomy,
    TaxonomyNode,
    Timeline,
)
from timeline_gui.domain.query import TimelineIndex, fold
from timeline_gui.domain.regions import is_known as is_known_region
from timeline_gui.i18n import LANGUAGES, N_
from timeline_gui.storage import cache as _cache
from timeline_gui.storage.canonical_reader import parse_canonical
from timeline_gui.storage.gc_pause import paused_collection
from timeline_gui.storage.yaml_events import (
    MAPPING_END,
    MAPPING_START,
    SEQUENCE_END,
    SEQUENCE_START,
    Composer,
    RefusedTag,
    YamlLoader,
    compose_document,
)
from timeline_gui.yielding import checkpoint, checkpoints, read_in_slices, release

SCHEMA_VERSION = 1
# Documented limits (docs/data-format.md): a file over one is refused with a message naming it.
MAX_FILE_BYTES = 1024 * 1024 * 1024
# Values that aliases make the reader walk again (an alias of a list of a thousand places counts a thousand
# and one): at most ten for each value written in the file before, and 10,000 in any case, so that the work
# of reading stays in proportion to the file however its aliases fan out.
ALIAS_NODES_PER_VALUE = 10
MIN_ALIAS_NODES = 10_000
MAX_LIST_ITEMS = 1_000  # items of one bulletin's initiatives, crime_types, places or partners
MAX_TEXT_LENGTH = 2_000
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_NESTING_DEPTH = 1000  # libyaml's own limit on nested lists/mappings; the reader walks far fewer
MAX_ERRORS = 1_000  # a file with more problems is reported up to this many, then the reading stops
_CHECK_EVERY = 1024  # items of a list checked between two cancel checks

PACKAGED_BULLETINS = "bulletins.yaml"
PACKAGED_TAXONOMY = "taxonomy.yaml"

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


T_TEXT, T_LIST, T_MAPPING, T_NUMBER, T_DATE, T_NOTHING = (
    Term(N_("text")),
    Term(N_("a list")),
    Term(N_("a mapping")),
    Term(N_("a number")),
    Term(N_("a date")),
    Term(N_("nothing")),
)


def packaged_path(name: str):
    return resources.files("timeline_gui.resources") / name


def _describe(node: yaml.Node) -> Term:
    if isinstance(node, yaml.SequenceNode):
        return T_LIST
    if isinstance(node, yaml.MappingNode):
        return T_MAPPING
    if node.tag == _NULL:
        return T_NOTHING
    if node.tag in (_INT, "tag:yaml.org,2002:float"):
        return T_NUMBER
    if node.tag == _TIMESTAMP:
        return T_DATE
    return T_TEXT


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


def _read_bytes(path: Path | str) -> tuple[bytes, os.stat_result]:
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
        data, _stat = _read_bytes(path)
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


MSG_TOO_DEEP = N_("lists and mappings are nested deeper than the limit of {limit} levels")


def _explain(problem: str, text: str, mark: Any) -> tuple[str, dict[str, Any]]:
    """Our own words for the parser's errors that have a known cause, else the parser's."""
    if "nesting depth" in problem:
        return MSG_TOO_DEEP, {"limit": MAX_NESTING_DEPTH}
    index = getattr(mark, "index", -1)
    if "tab character" in problem or (0 <= index < len(text) and text[index] == "\t"):
        return N_("not valid YAML: a tab cannot indent YAML; use spaces"), {}
    return N_("not valid YAML: {problem}"), {"problem": problem}


class _TextStream:
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
def _located_yaml_errors(path: Path | str, text: str | list[str]) -> Iterator[None]:
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


MSG_EMPTY = N_("the file is empty")
MSG_TAG = N_("tag {tag!r} is not allowed")


def compose(
    path: Path | str, text: str | list[str], report: Callable[[int], None] | None = None
) -> tuple[yaml.Node, int]:
    """The YAML node tree of ``text`` (or of its consecutive pieces) and the number of values written in it;
    a syntax error becomes a located DataError.

    ``report(characters read)`` is called as the parser reads; it may raise LoadCancelled.
    """
    source: str | _TextStream = text if report is None and isinstance(text, str) else _TextStream(text, report)
    with _located_yaml_errors(path, text):
        root, written = compose_document(source)
    if root is None:
        raise file_error(path, MSG_EMPTY)
    return root, written


class _Reader:
    """Walks composed nodes, checking types and collecting every error with its position."""

    def __init__(self, path: str, lasting: set[int] | None = None, written: Callable[[], int] = lambda: 0):
        """``written()`` is the number of values written in the file up to the point composed."""
        self.path = path
        self._written = written
        self.errors: list[DataError] = []
        # Ids of the lists and mappings met so far: those that stay alive until the end (all of them,
        # unless ``lasting`` names them), and those of the current bulletin, forgotten after it (when
        # its nodes are freed, their ids may be reused by the next bulletin's).
        self._seen: set[int] = set()
        self._seen_here: set[int] = set()
        self.lasting = lasting
        self._expansions = 0

    def error(self, node: yaml.Node | None, field: str, msgid: str, **params: Any) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.add(DataError(self.path, line, column, field, msgid, params))

    def add(self, error: DataError) -> None:
        if len(self.errors) >= MAX_ERRORS:  # stop: a list of a million problems helps nobody
            self.errors.sort(key=lambda error: (error.line, error.column))
            stop = DataError(
                self.path,
                error.line,
                error.column,
                "",
                N_("more than {limit} problems; the rest of the file was not checked"),
                {"limit": MAX_ERRORS},
            )
            raise DataLoadError([*self.errors, stop])
        self.errors.append(error)

    def visit(self, node: yaml.Node) -> None:
        """Counts the values of a list or mapping met again through an alias, which the reader is about to
        walk again, so that an alias bomb stops early."""
        if isinstance(node, yaml.ScalarNode):
            return
        key = id(node)
        if key in self._seen or key in self._seen_here:
            self._expansions += 1 + len(node.value) * (2 if isinstance(node, yaml.MappingNode) else 1)
            if self._expansions <= MIN_ALIAS_NODES:
                return
            limit = max(MIN_ALIAS_NODES, ALIAS_NODES_PER_VALUE * self._written())
            if self._expansions > limit:
                raise DataLoadError(
                    [
                        DataError(
                            self.path,
                            node.start_mark.line + 1,
                            node.start_mark.column + 1,
                            "",
                            N_("aliases repeat more than {limit} values (the alias expansion limit)"),
                            {"limit": limit},
                        )
                    ]
                )
        elif self.lasting is None or key in self.lasting:
            self._seen.add(key)
        else:
            self._seen_here.add(key)

    def forget(self) -> None:
        """The nodes met since the last call are freed (but those ``lasting`` names)."""
        self._seen_here.clear()

    def mapping(self, node: yaml.Node, field: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_MAPPING, found=_describe(node))
            return None
        self.visit(node)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                self.error(key_node, field, N_("keys must be plain text"))
                continue
            key = str(key_node.value)
            child = f"{field}.{key}" if field else key
            if key in result:
                self.error(key_node, child, N_("duplicate key {key!r}"), key=key)
                continue
            if key not in allowed:
                self.error(
                    key_node,
                    child,
                    N_("unknown field {key!r}; expected one of: {allowed}"),
                    key=key,
                    allowed=", ".join(allowed),
                )
                continue
            result[key] = value_node
        return result

    def scalar(self, node: yaml.Node, field: str) -> yaml.ScalarNode | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_TEXT, found=_describe(node))
            return None
        return node

    def text(
        self,
        node: yaml.Node | None,
        field: str,
        parent: yaml.Node,
        *,
        required: bool = True,
        limit: int = MAX_TEXT_LENGTH,
    ) -> str | None:
        if node is None:
            if required:
                self.error(parent, field, MSG_MISSING)
            return None
        scalar = self.scalar(node, field)
        if scalar is None:
            return None
        if scalar.tag != _STR:
            self.error(node, field, MSG_WRONG_TYPE, expected=T_TEXT, found=_describe(node))
            return None
        control = CONTROL_CHARACTER.search(scalar.value)  # before the ends are stripped: they may be controls
        if control is not None:
            self.error(
                node,
                field,
                N_("contains the control character U+{code:04X}, which data cannot hold"),
                code=ord(control.group()),
            )
            return None
        value = scalar.value.strip()
        if not value:
            self.error(node, field, N_("must not be empty"))
            return None
        if len(value) > limit:
            self.error(
                node, field, N_("is {length} characters long; the limit is {limit}"), length=len(value), limit=limit
            )
            return None
        return value

    def text_list(
        self, node: yaml.Node | None, field: str, check: Callable[[yaml.Node, str, str], bool] | None = None
    ) -> tuple[str, ...]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
            return ()
        if len(node.value) > MAX_LIST_ITEMS:
            self.error(
                node,
                field,
                N_("the list has {count} items; the limit is {limit}"),
                count=len(node.value),
                limit=MAX_LIST_ITEMS,
            )
            return ()
        self.visit(node)
        values: dict[str, None] = {}  # ordered, and a repeat costs nothing however long the list
        for position, item in enumerate(node.value):
            if not position % _CHECK_EVERY:  # one bulletin may hold a list of a million items
                checkpoint()
            item_field = f"{field}[{position}]"
            value = self.text(item, item_field, node)
            if value is None or (check is not None and not check(item, item_field, value)):
                continue
            values[value] = None
        return tuple(values)

    def date(self, node: yaml.Node | None, field: str, parent: yaml.Node) -> dt.date | None:
        if node is None:
            self.error(parent, field, MSG_MISSING)
            return None
        scalar = self.scalar(node, field)
        if scalar is None:
            return None
        match = _ISO_DATE.match(scalar.value.strip()) if scalar.tag in (_TIMESTAMP, _STR) else None
        if match is None:
            self.error(node, field, N_("{value!r} is not a date of the form YYYY-MM-DD"), value=scalar.value)
            return None
        try:
            value = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            self.error(node, field, N_("{value!r} is not a real calendar date"), value=scalar.value)
            return None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            self.error(
                node, field, N_("year {year} is outside {low}–{high}"), year=value.year, low=MIN_YEAR, high=MAX_YEAR
            )
            return None
        return value

    def localized(self, node: yaml.Node | None, field: str, parent: yaml.Node) -> LocalizedText | None:
        if node is None:
            self.error(parent, field, MSG_MISSING)
            return None
        fields = self.mapping(node, field, LANGUAGES)
        if fields is None:
            return None
        texts = [self.text(fields.get(code), f"{field}.{code}", node) for code in LANGUAGES]
        if any(text is None for text in texts):
            return None
        return LocalizedText(*texts)  # type: ignore[arg-type]

    def schema(self, fields: dict[str, yaml.Node], root: yaml.Node) -> None:
        node = fields.get("schema")
        if node is None:
            self.error(root, "schema", MSG_MISSING)
        elif not (isinstance(node, yaml.ScalarNode) and node.tag == _INT and node.value.strip() == str(SCHEMA_VERSION)):
            self.error(
                node,
                "schema",
                N_("unsupported schema {value!r}; this version reads schema {version}"),
                value=getattr(node, "value", "?"),
                version=SCHEMA_VERSION,
            )

    def finish(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda error: (error.line, error.column))
            raise DataLoadError(self.errors)


# ---------------------------------------------------------------- taxonomy

_NODE_FIELDS = ("key", "label", "description", "examples", "keywords")


def _read_taxonomy_node(
    reader: _Reader, node: yaml.Node, field: str, branch: str, keys: set[str], within: set[int] | None = None
) -> TaxonomyNode | None:
    """The entry at ``node``; ``within`` holds the ids of the entries around it, which an alias could name
    again inside one of them (an entry among its own examples, read for ever)."""
    within = set() if within is None else within
    if id(node) in within:
        reader.error(node, field, N_("an alias repeats an entry inside that entry"))
        return None
    fields = reader.mapping(node, field, _NODE_FIELDS)
    if fields is None:
        return None
    key = reader.text(fields.get("key"), f"{field}.key", node)
    if key is not None and not _KEY.match(key):
        reader.error(
            fields["key"],
            f"{field}.key",
            N_("{value!r} is not a key: use lowercase letters, digits and hyphens"),
            value=key,
        )
        key = None
    if key is not None:
        if key in keys:
            reader.error(fields["key"], f"{field}.key", N_("duplicate key {key!r}"), key=key)
        keys.add(key)
    label = reader.localized(fields.get("label"), f"{field}.label", node)
    description = reader.localized(fields.get("description"), f"{field}.description", node)
    keywords = _read_keywords(reader, fields.get("keywords"), f"{field}.keywords")
    children: list[TaxonomyNode] = []
    examples = fields.get("examples")
    if examples is not None:
        if isinstance(examples, yaml.SequenceNode):
            within.add(id(node))
            for position, item in enumerate(examples.value):
                child = _read_taxonomy_node(reader, item, f"{field}.examples[{position}]", branch, keys, within)
                if child is not None:
                    children.append(child)
            within.discard(id(node))
        else:
            reader.error(examples, f"{field}.examples", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(examples))
    if key is None or label is None or description is None:
        return None
    return TaxonomyNode(key, branch, label, description, tuple(children), keywords)


MAX_KEYWORD_LENGTH = 100


def _read_keywords(reader: _Reader, node: yaml.Node | None, field: str) -> Keywords:
    """``keywords: {en: [...], fr: [...]}``: words or phrases of a title that suggest the entry on import.

    Optional, as is each language; a keyword is matched up to case and accents, so two that fold alike are one.
    """
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return Keywords()
    fields = reader.mapping(node, field, LANGUAGES)
    if fields is None:
        return Keywords()
    lists: dict[str, tuple[str, ...]] = {}
    for code in LANGUAGES:
        words = reader.text_list(fields.get(code), f"{field}.{code}")
        folded: dict[str, int] = {}
        item = fields.get(code)
        for position, word in enumerate(words):
            if len(word) > MAX_KEYWORD_LENGTH:
                reader.error(
                    item,
                    f"{field}.{code}[{position}]",
                    N_("is {length} characters long; the limit is {limit}"),
                    length=len(word),
                    limit=MAX_KEYWORD_LENGTH,
                )
            elif fold(word) in folded:
                reader.error(
                    item,
                    f"{field}.{code}[{position}]",
                    N_("keyword {word!r} repeats {first!r} (keywords match without case or accents)"),
                    word=word,
                    first=words[folded[fold(word)]],
                )
            folded.setdefault(fold(word), position)
        lists[code] = words
    return Keywords(lists.get("en", ()), lists.get("fr", ()))


def _value_of(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The value node of ``key`` in a checked mapping."""
    return next(value for key_node, value in node.value if key_node.value == key)


_NAME_FIELDS = (*LANGUAGES, "code")


def _read_names(reader: _Reader, node: yaml.Node | None) -> tuple[tuple[LocalizedText, ...], dict[str, str]]:
    """The ``names`` table: each place or partner as ``{en, fr}``, the English as bulletins write it, and
    the CLDR territory code of each place that has one (``code``), which places nest by.

    Optional, so that a taxonomy without one still reads; an English name given twice is an error,
    since only one of its translations could be shown.
    """
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return (), {}
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "names", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
        return (), {}
    reader.visit(node)
    names: list[LocalizedText] = []
    codes: dict[str, str] = {}
    first_lines: dict[str, int] = {}
    for position, item in enumerate(node.value):
        field = f"names[{position}]"
        fields = reader.mapping(item, field, _NAME_FIELDS)
        if fields is None:
            continue
        texts = [reader.text(fields.get(language), f"{field}.{language}", item) for language in LANGUAGES]
        code = reader.text(fields.get("code"), f"{field}.code", item, required=False)
        if code is not None and not is_known_region(code):
            reader.error(fields["code"], f"{field}.code", N_("unknown territory code {code!r}"), code=code)
            continue
        if any(text is None for text in texts):
            continue
        entry = LocalizedText(*texts)  # type: ignore[arg-type]
        english = _value_of(item, "en")  # a mapping with an `en`: localized() has checked it
        line = english.start_mark.line + 1
        if entry.en in first_lines:
            reader.error(
                english,
                f"{field}.en",
                N_("duplicate name {name!r}, first given on line {line}"),
                name=entry.en,
                line=first_lines[entry.en],
            )
            continue
        first_lines[entry.en] = line
        names.append(entry)
        if code is not None:
            codes[entry.en] = code
    return tuple(names), codes


def _read_overview(reader: _Reader, node: yaml.Node | None) -> tuple[OverviewSection, ...]:
    """The ``overview``: the source page's account of cybercrime, as sections ``{title, text}`` in each language."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "overview", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
        return ()
    reader.visit(node)
    sections: list[OverviewSection] = []
    for position, item in enumerate(node.value):
        field = f"overview[{position}]"
        fields = reader.mapping(item, field, ("title", "text"))
        if fields is None:
            continue
        title = reader.localized(fields.get("title"), f"{field}.title", item)
        text = reader.localized(fields.get("text"), f"{field}.text", item)
        if title is not None and text is not None:
            sections.append(OverviewSection(title, text))
    return tuple(sections)


def parse_taxonomy(path: Path | str, text: str) -> Taxonomy:
    name = str(path)
    root, written = compose(name, text)
    reader = _Reader(name, written=lambda: written)
    fields = reader.mapping(root, "", ("schema", "crime_types", "initiatives", "complex", "names", "overview")) or {}
    if fields or isinstance(root, yaml.MappingNode):
        reader.schema(fields, root)
    keys: set[str] = set()
    branches: dict[str, list[TaxonomyNode]] = {}
    for branch in ("crime_types", "initiatives"):
        node = fields.get(branch)
        branches[branch] = []
        if node is None:
            if isinstance(root, yaml.MappingNode):
                reader.error(root, branch, MSG_MISSING)
            continue
        if not isinstance(node, yaml.SequenceNode):
            reader.error(node, branch, MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
            continue
        for position, item in enumerate(node.value):
            parsed = _read_taxonomy_node(reader, item, f"{branch}[{position}]", branch, keys)
            if parsed is not None:
                branches[branch].append(parsed)
    complex_node = None
    if "complex" in fields:
        complex_node = _read_taxonomy_node(reader, fields["complex"], "complex", "complex", keys)
    elif isinstance(root, yaml.MappingNode):
        reader.error(root, "complex", MSG_MISSING)
    names, codes = _read_names(reader, fields.get("names"))
    overview = _read_overview(reader, fields.get("overview"))
    reader.finish()
    assert complex_node is not None
    return Taxonomy(
        tuple(branches["crime_types"]), tuple(branches["initiatives"]), complex_node, names, overview, codes=codes
    )


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy in ``path``, or the packaged one."""
    if path is None:
        resource = packaged_path(PACKAGED_TAXONOMY)
        return parse_taxonomy(f"<packaged {PACKAGED_TAXONOMY}>", resource.read_text(encoding="utf-8"))
    return parse_taxonomy(path, read_text(path))


# ---------------------------------------------------------------- bulletins

_BULLETIN_FIELDS = ("id", "date", "language", "title", "initiatives", "crime_types", "places", "partners", "basis")


def _fresh(text: str) -> str:
    """A copy of ``text``, allocated now rather than among the YAML nodes.

    A bulletin's nodes take about 10 KB and are freed once it is checked; a string of theirs kept by the
    model would pin a memory arena that the next bulletins' nodes fragment, so that freed memory could
    not go back to the system.
    """
    return "".join((text, ""))


class _Enough(Exception):
    """The bulletins have given every problem that can be reported: their checks stop."""


class _BulletinsReader(_Reader):
    """The reader of the bulletins, whose problems are passed on to the file's reader at the end.

    The bulletins are checked as they are read, but a problem of the top level (an unknown key, a
    missing or unsupported schema) may come after them in the file and is still counted before them, as
    when the whole tree was checked from its top: that decides which problems the cap of MAX_ERRORS
    keeps, and whether too many problems or too many alias expansions stop the reading. So this reader
    keeps one problem more than the cap (all that can be reported whatever comes before them) and then
    stops the checks.
    """

    def add(self, error: DataError) -> None:
        if len(self.errors) > MAX_ERRORS:
            raise _Enough()
        self.errors.append(error)


class _Bulletins:
    """Checks the bulletins one at a time, in the order of the file, and keeps the good ones."""

    def __init__(self, reader: _BulletinsReader, taxonomy: Taxonomy, tick: Callable[[], None]):
        self.reader = reader
        self.bulletins: list[Bulletin] = []
        self.stopped = False  # the remaining bulletins are not checked: nothing they hold can be reported
        self.over_limit: DataLoadError | None = None  # too many alias expansions: reported unless the cap comes first
        self._tick = tick
        self._seen_ids: dict[str, int] = {}
        self._shared: dict[Any, Any] = {}  # equal dates, languages, keys and lists become one object
        self._check_initiative = self._key_check(taxonomy.initiative_keys(), N_("initiative"))
        self._check_crime = self._key_check(taxonomy.crime_type_keys(), N_("crime type"))

    def _key_check(self, allowed: frozenset[str], kind: str) -> Callable[[yaml.Node, str, str], bool]:
        reader = self.reader

        def check(item: yaml.Node, field: str, value: str) -> bool:
            if value in allowed:
                return True
            reader.error(
                item,
                field,
                N_("unknown {kind} key {key!r}; known keys: {known}"),
                kind=Term(kind),
                key=value,
                known=", ".join(sorted(allowed)),
            )
            return False

        return check

    def _share_list(self, values: tuple[str, ...]) -> tuple[str, ...]:
        shared = self._shared
        return shared.setdefault(values, tuple(shared.setdefault(value, value) for value in values))

    def read(self, position: int, item: yaml.Node) -> None:
        """Checks ``bulletins[position]``; keeps it if it is good."""
        if not position % 1024:
            self._tick()
        try:
            bulletin = self._check(position, item)
        except _Enough:
            self.stopped = True
            return
        except DataLoadError as error:  # only the limit of alias expansions raises it here
            self.over_limit = error
            self.stopped = True
            return
        finally:
            self.reader.forget()
        if bulletin is not None:
            self.bulletins.append(bulletin)

    def report(self, reader: _Reader) -> None:
        """Adds the bulletins' problems to ``reader``'s, after those it has: the cap applies to them all."""
        for error in self.reader.errors:
            reader.add(error)
        if self.over_limit is not None:
            raise self.over_limit

    def _title(
        self, node: yaml.Node | None, field: str, parent: yaml.Node, language: str | None
    ) -> LocalizedText | None:
        """The titles: the one in the bulletin's ``language`` (the original) is required, a translation may
        be missing (an imported bulletin has only its original), kept as ""."""
        reader = self.reader
        if node is None:
            reader.error(parent, field, MSG_MISSING)
            return None
        fields = reader.mapping(node, field, LANGUAGES)
        if fields is None:
            return None
        texts = [
            reader.text(fields.get(code), f"{field}.{code}", node, required=code == language) for code in LANGUAGES
        ]
        if not any(texts):
            if language not in LANGUAGES:  # no original to require: some title is
                reader.error(node, field, MSG_MISSING)
            return None
        return LocalizedText(*(text or "" for text in texts))

    def _check(self, position: int, item: yaml.Node) -> Bulletin | None:
        reader = self.reader
        field = f"bulletins[{position}]"
        fields = reader.mapping(item, field, _BULLETIN_FIELDS)
        if fields is None:
            return None
        before = len(reader.errors)
        bulletin_id = reader.text(fields.get("id"), f"{field}.id", item)
        if bulletin_id is not None:
            if bulletin_id in self._seen_ids:
                reader.error(
                    fields["id"],
                    f"{field}.id",
                    N_("duplicate id {id!r}, first used on line {line}"),
                    id=bulletin_id,
                    line=self._seen_ids[bulletin_id],
                )
            else:
                self._seen_ids[bulletin_id] = fields["id"].start_mark.line + 1
        date = reader.date(fields.get("date"), f"{field}.date", item)
        language = reader.text(fields.get("language"), f"{field}.language", item)
        if language is not None and language not in LANGUAGES:
            reader.error(
                fields["language"],
                f"{field}.language",
                N_("{value!r} is not a supported language; use one of: {allowed}"),
                value=language,
                allowed=", ".join(LANGUAGES),
            )
        title = self._title(fields.get("title"), f"{field}.title", item, language)
        before_tags = len(reader.errors)
        initiatives = reader.text_list(fields.get("initiatives"), f"{field}.initiatives", self._check_initiative)
        crime_types = reader.text_list(fields.get("crime_types"), f"{field}.crime_types", self._check_crime)
        tags_read = len(reader.errors) == before_tags  # else a reason may be for a tag already reported
        places = reader.text_list(fields.get("places"), f"{field}.places")
        partners = reader.text_list(fields.get("partners"), f"{field}.partners")
        basis = self._basis(fields.get("basis"), f"{field}.basis", initiatives + crime_types, tags_read)
        if len(reader.errors) != before:
            return None
        assert bulletin_id and date and language and title
        shared, share_list = self._shared, self._share_list
        return Bulletin(
            _fresh(bulletin_id),
            shared.setdefault(date, date),
            shared.setdefault(language, language),
            _fresh(title.en),
            _fresh(title.fr),
            share_list(initiatives),
            share_list(crime_types),
            share_list(places),
            share_list(partners),
            basis,
        )

    def _basis(
        self, node: yaml.Node | None, field: str, tags: tuple[str, ...], tags_read: bool
    ) -> tuple[tuple[str, str, str], ...]:
        """The ``basis`` mapping (tag → {en, fr}): a reason for some of the bulletin's own tags, in their order.

        With ``tags_read`` False (a tag had a problem, already reported) only the reasons' texts are checked.
        """
        reader = self.reader
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
            return ()
        if not isinstance(node, yaml.MappingNode):
            reader.error(node, field, MSG_WRONG_TYPE, expected=T_MAPPING, found=_describe(node))
            return ()
        if tags_read and len(node.value) > len(tags):  # each key names one of the tags, at most twice MAX_LIST_ITEMS
            reader.error(
                node,
                field,
                N_("gives {count} reasons for {tags} tags; give at most one for each tag"),
                count=len(node.value),
                tags=len(tags),
            )
            return ()
        reader.visit(node)
        allowed = frozenset(tags)
        found: dict[str, tuple[str, str, str]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                reader.error(key_node, field, N_("keys must be plain text"))
                continue
            key = key_node.value
            child = f"{field}.{key}"
            if key in found:
                reader.error(key_node, child, N_("duplicate key {key!r}"), key=key)
                continue
            if tags_read and key not in allowed:
                reader.error(
                    key_node,
                    child,
                    N_("{key!r} is not one of this bulletin's initiatives or crime types ({tags})"),
                    key=key,
                    tags=", ".join(tags) or "–",
                )
                continue
            text = reader.localized(value_node, child, node)
            if text is not None:
                found[key] = (key, _fresh(text.en), _fresh(text.fr))
        return tuple(found[tag] for tag in tags if tag in found)


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


_ERA_FIELDS = ("label", "start", "end")


def _read_eras(reader: _Reader, node: yaml.Node | None) -> tuple[Era, ...]:
    """The optional ``eras:`` list: each a bilingual ``label``, a ``start`` and an ``end`` date, the end not
    before the start."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "eras", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
        return ()
    reader.visit(node)
    eras: list[Era] = []
    for position, item in enumerate(node.value):
        field = f"eras[{position}]"
        fields = reader.mapping(item, field, _ERA_FIELDS)
        if fields is None:
            continue
        label = reader.localized(fields.get("label"), f"{field}.label", item)
        start = reader.date(fields.get("start"), f"{field}.start", item)
        end = reader.date(fields.get("end"), f"{field}.end", item)
        if start is not None and end is not None and end < start:
            reader.error(
                fields["end"],
                f"{field}.end",
                N_("the era ends ({end}) before it starts ({start})"),
                end=end,
                start=start,
            )
        elif label is not None and start is not None and end is not None:
            eras.append(Era(label, start, end))
    return tuple(eras)


def _parse_general(
    name: str, text: str | list[str], taxonomy: Taxonomy, progress: _Progress
) -> tuple[list[Bulletin], tuple[Era, ...]]:
    """Any YAML (the text or its consecutive pieces): composed into nodes, checked node by node, each problem located.

    The bulletins are composed and checked one at a time, each freed before the next is read, so that
    the memory needed is that of one bulletin's nodes besides the model; the problems, their order and
    the limits are those of composing the whole document first and checking it from its top, and a
    YAML syntax error anywhere is reported alone, as then.
    """
    stream = _TextStream(text, progress)
    with _located_yaml_errors(name, text):
        composer = Composer(stream)  # the pure-Python reader starts reading here
        try:
            bulletins = _Bulletins(
                _BulletinsReader(name, composer.lasting, lambda: composer.written), taxonomy, stream.report_again
            )
            root, streamed = _compose_checking(composer, bulletins)
        finally:
            composer.dispose()
    reader = _Reader(name)
    if root is None:
        raise file_error(name, MSG_EMPTY)
    fields = reader.mapping(root, "", ("schema", "bulletins", "eras"))
    eras: tuple[Era, ...] = ()
    if fields is not None:
        reader.schema(fields, root)
        eras = _read_eras(reader, fields.get("eras"))
        node = fields.get("bulletins")
        if node is None:
            reader.error(root, "bulletins", MSG_MISSING)
        elif not isinstance(node, yaml.SequenceNode):
            reader.error(node, "bulletins", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
        else:
            if node is not streamed:  # composed whole (an anchored list, an alias, a root with an anchor): checked now
                bulletins.reader.lasting = None  # every node lives until the end
                for position, item in enumerate(node.value):
                    if bulletins.stopped:
                        break
                    bulletins.read(position, item)
            bulletins.report(reader)
    reader.finish()
    return bulletins.bulletins, eras


def _compose_checking(composer: Composer, bulletins: _Bulletins) -> tuple[yaml.Node | None, yaml.CollectionNode | None]:
    """The document's root (None when there is none) and the list of bulletins that was checked while
    it was composed, then left empty (None when there was none to check so).

    The top-level mapping is walked here, its first ``schema`` composed whole, its first ``bulletins``
    item by item, each item checked and dropped (hollow once the checks have stopped); the values no
    check reads (those of unknown or repeated keys) are composed hollow. A root mapping with an anchor
    (that an alias inside could name) is composed whole, and so is a list of bulletins with an anchor or
    given by an alias, for a check afterwards; a root or a ``bulletins`` of another kind only has to say
    what it is, and is composed hollow.
    """
    get, peek = composer.get, composer.peek
    get()  # the stream starts
    if peek().__class__ is yaml.StreamEndEvent:
        return None, None
    get()  # the document starts
    event = peek()
    streamed: yaml.CollectionNode | None = None
    root: yaml.Node
    if event.__class__ is MAPPING_START and event.anchor is None:
        root = composer.shell(get())
        taken: set[str] = set()
        while peek().__class__ is not MAPPING_END:
            key = composer.node(hollow=True)
            name = key.value if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE else None
            if name not in ("schema", "bulletins", "eras") or name in taken:
                value = composer.node(hollow=True)
            elif name in ("schema", "eras"):  # a few short values, composed whole
                value = composer.node()
            else:
                event = peek()
                if event.__class__ is SEQUENCE_START and event.anchor is None:
                    value = streamed = composer.shell(get())
                    position = 0
                    while peek().__class__ is not SEQUENCE_END:
                        if bulletins.stopped:  # still composed: a syntax error further on is reported alone
                            composer.node(hollow=True)
                        else:
                            bulletins.read(position, composer.node())
                        position += 1
                    streamed.end_mark = get().end_mark
                else:
                    value = composer.node(hollow=True)
            if name is not None:
                taken.add(name)
            root.value.append((key, value))
        root.end_mark = get().end_mark
    else:
        root = composer.node(hollow=event.__class__ is not MAPPING_START)
    get()  # the document ends
    event = get()
    if event.__class__ is not yaml.StreamEndEvent:
        raise ComposerError(
            "expected a single document in the stream", root.start_mark, "but found another document", event.start_mark
        )
    return root, streamed


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
            bulletins, eras = _parse_general(name, text, taxonomy, report)
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

    def complete(self) -> None:
        finish, self._finish = self._finish, None
        if finish is not None:
            finish()


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
            return _open_with_cache(path, taxonomy, Path(cache_dir), progress, should_cancel)
        timeline = _load_uncached(path, taxonomy, progress, should_cancel)
        index = _prepared_index(timeline, should_cancel, search=False)
        return Opened(timeline, index, index.build_search)


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
        path, read_pieces(path, _read_bytes(path)[0]), taxonomy, progress=progress, should_cancel=should_cancel
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
    data, stat = _read_bytes(path)
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
