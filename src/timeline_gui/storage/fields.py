"""The checks of a data file's values, on composed YAML nodes: each problem a DataError with its line,
column and field, every problem of a file collected (up to MAX_ERRORS), aliases that fan out stopped early.

``FieldReader`` knows the kinds of value a data file holds (mappings with known keys, text, lists of
text, dates, text in each language, the schema); the readers of the taxonomy and of the bulletins say
which field holds which kind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from timeline_gui.domain.errors import CONTROL_CHARACTER, MSG_MISSING, MSG_WRONG_TYPE, DataError, DataLoadError, Term
from timeline_gui.domain.model import LocalizedText
from timeline_gui.i18n import LANGUAGES, N_
from timeline_gui.storage.data_format import (
    ALIAS_NODES_PER_VALUE,
    MAX_ERRORS,
    MAX_LIST_ITEMS,
    MAX_TEXT_LENGTH,
    MAX_YEAR,
    MIN_ALIAS_NODES,
    MIN_YEAR,
    SCHEMA_VERSION,
)
from timeline_gui.yielding import checkpoint

_CHECK_EVERY = 1024  # items of a list checked between two cancel checks

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


T_TEXT, T_LIST, T_MAPPING, T_NUMBER, T_DATE, T_NOTHING = (
    Term(N_("text")),
    Term(N_("a list")),
    Term(N_("a mapping")),
    Term(N_("a number")),
    Term(N_("a date")),
    Term(N_("nothing")),
)


def describe(node: yaml.Node) -> Term:
    """What ``node`` holds, in the words of a "wrong type" problem."""
    if isinstance(node, yaml.SequenceNode):
        return T_LIST
    if isinstance(node, yaml.MappingNode):
        return T_MAPPING
    if node.tag == NULL_TAG:
        return T_NOTHING
    if node.tag in (INT_TAG, "tag:yaml.org,2002:float"):
        return T_NUMBER
    if node.tag == TIMESTAMP_TAG:
        return T_DATE
    return T_TEXT


class FieldReader:
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
            self.error(node, field, MSG_WRONG_TYPE, expected=T_MAPPING, found=describe(node))
            return None
        self.visit(node)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
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
            self.error(node, field, MSG_WRONG_TYPE, expected=T_TEXT, found=describe(node))
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
        if scalar.tag != STR_TAG:
            self.error(node, field, MSG_WRONG_TYPE, expected=T_TEXT, found=describe(node))
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
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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
        match = _ISO_DATE.match(scalar.value.strip()) if scalar.tag in (TIMESTAMP_TAG, STR_TAG) else None
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
        elif not (
            isinstance(node, yaml.ScalarNode) and node.tag == INT_TAG and node.value.strip() == str(SCHEMA_VERSION)
        ):
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
