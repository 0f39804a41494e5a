"""Safe loading of bulletins.yaml and taxonomy.yaml into the domain model.

The YAML is composed into nodes (never constructed into arbitrary objects, so no
tag can run code) and every node is checked, so that each problem is reported
with its line, column and field, all problems of a file at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from timeline_gui.domain.errors import MSG_MISSING, MSG_WRONG_TYPE, DataError, DataLoadError, LoadCancelled, Term, file_error
from timeline_gui.domain.model import Bulletin, LocalizedText, Taxonomy, TaxonomyNode, Timeline
from timeline_gui.i18n import LANGUAGES, N_

try:  # libyaml's parser is much faster; the pure-Python one is equally safe.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

SCHEMA_VERSION = 1
# Documented limits (docs/data-format.md): a file over one is refused with a message naming it.
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_ALIAS_EXPANSIONS = 10_000
MAX_TEXT_LENGTH = 2_000
MIN_YEAR, MAX_YEAR = 1900, 2100

PACKAGED_BULLETINS = "bulletins.yaml"
PACKAGED_TAXONOMY = "taxonomy.yaml"

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
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


def read_text(path: Path | str, data: bytes | None = None) -> str:
    """The file's text, or a DataLoadError naming what is wrong with the bytes."""
    name = str(path)
    if data is None:
        try:
            size = Path(path).stat().st_size
            if size > MAX_FILE_BYTES:
                raise file_error(name, N_("file is larger than the limit of {limit} bytes"), limit=MAX_FILE_BYTES)
            data = Path(path).read_bytes()
        except DataLoadError:
            raise
        except OSError as error:
            raise file_error(name, N_("cannot read the file: {reason}"), reason=error.strerror or str(error)) from error
    if len(data) > MAX_FILE_BYTES:
        raise file_error(name, N_("file is larger than the limit of {limit} bytes"), limit=MAX_FILE_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise DataLoadError([DataError(name, line, column, "", N_("the file is not UTF-8 text (byte 0x{byte:02x})"), {"byte": data[error.start]})]) from error
    return text


def compose(path: Path | str, text: str) -> yaml.Node:
    """The YAML node tree of ``text``; a syntax error becomes a located DataError."""
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "").strip()
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DataLoadError([DataError(str(path), line, column, "", N_("not valid YAML: {problem}"), {"problem": problem})]) from error
    except yaml.YAMLError as error:
        raise DataLoadError([DataError(str(path), 0, 0, "", N_("not valid YAML: {problem}"), {"problem": str(error)})]) from error
    if root is None:
        raise file_error(path, N_("the file is empty"))
    return root


class _Reader:
    """Walks composed nodes, checking types and collecting every error with its position."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[DataError] = []
        self._seen: set[int] = set()
        self._expansions = 0

    def error(self, node: yaml.Node | None, field: str, msgid: str, **params: Any) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)
        self.errors.append(DataError(self.path, line, column, field, msgid, params))

    def visit(self, node: yaml.Node) -> None:
        """Counts nodes met again through aliases, so an alias bomb stops early."""
        if isinstance(node, yaml.ScalarNode):
            return
        if id(node) in self._seen:
            self._expansions += 1
            if self._expansions > MAX_ALIAS_EXPANSIONS:
                raise DataLoadError([DataError(self.path, node.start_mark.line + 1, node.start_mark.column + 1, "", N_("too many alias expansions (the limit is {limit})"), {"limit": MAX_ALIAS_EXPANSIONS})])
        self._seen.add(id(node))

    def mapping(self, node: yaml.Node, field: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_MAPPING, found=_describe(node))
            return None
        self.visit(node)
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, field, N_("keys must be plain text"))
                continue
            key = str(key_node.value)
            child = f"{field}.{key}" if field else key
            if key in result:
                self.error(key_node, child, N_("duplicate key {key!r}"), key=key)
                continue
            if key not in allowed:
                self.error(key_node, child, N_("unknown field {key!r}; expected one of: {allowed}"), key=key, allowed=", ".join(allowed))
                continue
            result[key] = value_node
        return result

    def scalar(self, node: yaml.Node, field: str) -> yaml.ScalarNode | None:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_TEXT, found=_describe(node))
            return None
        if not node.tag.startswith("tag:yaml.org,2002:"):
            self.error(node, field, N_("tag {tag!r} is not allowed"), tag=node.tag)
            return None
        return node

    def text(self, node: yaml.Node | None, field: str, parent: yaml.Node, *, required: bool = True, limit: int = MAX_TEXT_LENGTH) -> str | None:
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
        value = scalar.value.strip()
        if not value:
            self.error(node, field, N_("must not be empty"))
            return None
        if len(value) > limit:
            self.error(node, field, N_("is {length} characters long; the limit is {limit}"), length=len(value), limit=limit)
            return None
        return value

    def text_list(self, node: yaml.Node | None, field: str, check: Callable[[yaml.Node, str, str], bool] | None = None) -> tuple[str, ...]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL):
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, field, MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
            return ()
        self.visit(node)
        values: list[str] = []
        for position, item in enumerate(node.value):
            item_field = f"{field}[{position}]"
            value = self.text(item, item_field, node)
            if value is None or (check is not None and not check(item, item_field, value)):
                continue
            if value not in values:
                values.append(value)
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
            self.error(node, field, N_("year {year} is outside {low}–{high}"), year=value.year, low=MIN_YEAR, high=MAX_YEAR)
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
            self.error(node, "schema", N_("unsupported schema {value!r}; this version reads schema {version}"), value=getattr(node, "value", "?"), version=SCHEMA_VERSION)

    def finish(self) -> None:
        if self.errors:
            self.errors.sort(key=lambda error: (error.line, error.column))
            raise DataLoadError(self.errors)


# ---------------------------------------------------------------- taxonomy

_NODE_FIELDS = ("key", "label", "description", "examples")


def _read_taxonomy_node(reader: _Reader, node: yaml.Node, field: str, branch: str, keys: set[str]) -> TaxonomyNode | None:
    fields = reader.mapping(node, field, _NODE_FIELDS)
    if fields is None:
        return None
    key = reader.text(fields.get("key"), f"{field}.key", node)
    if key is not None and not _KEY.match(key):
        reader.error(fields["key"], f"{field}.key", N_("{value!r} is not a key: use lowercase letters, digits and hyphens"), value=key)
        key = None
    if key is not None:
        if key in keys:
            reader.error(fields["key"], f"{field}.key", N_("duplicate key {key!r}"), key=key)
        keys.add(key)
    label = reader.localized(fields.get("label"), f"{field}.label", node)
    description = reader.localized(fields.get("description"), f"{field}.description", node)
    children: list[TaxonomyNode] = []
    examples = fields.get("examples")
    if examples is not None:
        if isinstance(examples, yaml.SequenceNode):
            for position, item in enumerate(examples.value):
                child = _read_taxonomy_node(reader, item, f"{field}.examples[{position}]", branch, keys)
                if child is not None:
                    children.append(child)
        else:
            reader.error(examples, f"{field}.examples", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(examples))
    if key is None or label is None or description is None:
        return None
    return TaxonomyNode(key, branch, label, description, tuple(children))


def parse_taxonomy(path: Path | str, text: str) -> Taxonomy:
    name = str(path)
    reader = _Reader(name)
    root = compose(name, text)
    fields = reader.mapping(root, "", ("schema", "crime_types", "initiatives", "complex")) or {}
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
    reader.finish()
    assert complex_node is not None
    return Taxonomy(tuple(branches["crime_types"]), tuple(branches["initiatives"]), complex_node)


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy in ``path``, or the packaged one."""
    if path is None:
        resource = packaged_path(PACKAGED_TAXONOMY)
        return parse_taxonomy(f"<packaged {PACKAGED_TAXONOMY}>", resource.read_text(encoding="utf-8"))
    return parse_taxonomy(path, read_text(path))


# ---------------------------------------------------------------- bulletins

_BULLETIN_FIELDS = ("id", "date", "language", "title", "initiatives", "crime_types", "places", "partners")


def _read_bulletins(reader: _Reader, node: yaml.SequenceNode, taxonomy: Taxonomy) -> Iterator[Bulletin]:
    initiative_keys = taxonomy.initiative_keys()
    crime_keys = taxonomy.crime_type_keys()
    seen_ids: dict[str, int] = {}

    def key_check(allowed: frozenset[str], kind: str) -> Callable[[yaml.Node, str, str], bool]:
        def check(item: yaml.Node, field: str, value: str) -> bool:
            if value in allowed:
                return True
            reader.error(item, field, N_("unknown {kind} key {key!r}; known keys: {known}"), kind=Term(kind), key=value, known=", ".join(sorted(allowed)))
            return False

        return check

    check_initiative = key_check(initiative_keys, N_("initiative"))
    check_crime = key_check(crime_keys, N_("crime type"))

    for position, item in enumerate(node.value):
        field = f"bulletins[{position}]"
        fields = reader.mapping(item, field, _BULLETIN_FIELDS)
        if fields is None:
            continue
        before = len(reader.errors)
        bulletin_id = reader.text(fields.get("id"), f"{field}.id", item)
        if bulletin_id is not None:
            if bulletin_id in seen_ids:
                reader.error(fields["id"], f"{field}.id", N_("duplicate id {id!r}, first used on line {line}"), id=bulletin_id, line=seen_ids[bulletin_id])
            else:
                seen_ids[bulletin_id] = fields["id"].start_mark.line + 1
        date = reader.date(fields.get("date"), f"{field}.date", item)
        language = reader.text(fields.get("language"), f"{field}.language", item)
        if language is not None and language not in LANGUAGES:
            reader.error(fields["language"], f"{field}.language", N_("{value!r} is not a supported language; use one of: {allowed}"), value=language, allowed=", ".join(LANGUAGES))
        title = reader.localized(fields.get("title"), f"{field}.title", item)
        initiatives = reader.text_list(fields.get("initiatives"), f"{field}.initiatives", check_initiative)
        crime_types = reader.text_list(fields.get("crime_types"), f"{field}.crime_types", check_crime)
        places = reader.text_list(fields.get("places"), f"{field}.places")
        partners = reader.text_list(fields.get("partners"), f"{field}.partners")
        if len(reader.errors) == before:
            assert bulletin_id and date and language and title
            yield Bulletin(bulletin_id, date, language, title.en, title.fr, initiatives, crime_types, places, partners)


def parse_bulletins(path: Path | str, text: str, taxonomy: Taxonomy) -> Timeline:
    name = str(path)
    reader = _Reader(name)
    root = compose(name, text)
    fields = reader.mapping(root, "", ("schema", "bulletins"))
    bulletins: list[Bulletin] = []
    if fields is not None:
        reader.schema(fields, root)
        node = fields.get("bulletins")
        if node is None:
            reader.error(root, "bulletins", MSG_MISSING)
        elif not isinstance(node, yaml.SequenceNode):
            reader.error(node, "bulletins", MSG_WRONG_TYPE, expected=T_LIST, found=_describe(node))
        else:
            bulletins = list(_read_bulletins(reader, node, taxonomy))
    reader.finish()
    return Timeline(bulletins, taxonomy, source=name)


def load_timeline(
    path: Path | str | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Timeline:
    """Bulletins from ``path`` (the packaged ones when None), checked against the taxonomy.

    ``progress(done, total)`` is told how far the load is; when ``should_cancel()``
    returns True the load stops by raising LoadCancelled.
    """
    if progress is not None:
        progress(0, 1)
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    if path is None:
        name, text = f"<packaged {PACKAGED_BULLETINS}>", packaged_path(PACKAGED_BULLETINS).read_text(encoding="utf-8")
    else:
        name, text = path, read_text(path)
    if should_cancel is not None and should_cancel():
        raise LoadCancelled()
    timeline = parse_bulletins(name, text, taxonomy)
    if progress is not None:
        progress(1, 1)
    return timeline


def validate(path: Path | str | None = None) -> list[DataError]:
    """Every problem of the bulletins file at ``path`` (packaged data when None); empty when valid."""
    try:
        taxonomy = load_taxonomy()
        load_timeline(path, taxonomy)
    except DataLoadError as error:
        return error.errors
    return []
