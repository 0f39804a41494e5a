"""The taxonomy file read into a Taxonomy: its entries (crime types, initiatives, the complex), the names
table and the overview, every problem located by its line and field.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from timeline_gui.domain.errors import MSG_MISSING, MSG_WRONG_TYPE
from timeline_gui.domain.model import Keywords, LocalizedText, OverviewSection, Taxonomy, TaxonomyNode
from timeline_gui.domain.regions import is_known as is_known_region
from timeline_gui.domain.text import fold
from timeline_gui.i18n import LANGUAGES, N_
from timeline_gui.storage.data_format import MAX_KEYWORD_LENGTH
from timeline_gui.storage.fields import NULL_TAG, T_LIST, FieldReader, describe
from timeline_gui.storage.yaml_syntax import compose

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_NODE_FIELDS = ("key", "label", "description", "examples", "keywords")


def _read_taxonomy_node(
    reader: FieldReader, node: yaml.Node, field: str, branch: str, keys: set[str], within: set[int] | None = None
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
            reader.error(examples, f"{field}.examples", MSG_WRONG_TYPE, expected=T_LIST, found=describe(examples))
    if key is None or label is None or description is None:
        return None
    return TaxonomyNode(key, branch, label, description, tuple(children), keywords)


def _read_keywords(reader: FieldReader, node: yaml.Node | None, field: str) -> Keywords:
    """``keywords: {en: [...], fr: [...]}``: words or phrases of a title that suggest the entry on import.

    Optional, as is each language; a keyword is matched up to case and accents, so two that fold alike are one.
    """
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
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


def _read_names(reader: FieldReader, node: yaml.Node | None) -> tuple[tuple[LocalizedText, ...], dict[str, str]]:
    """The ``names`` table: each place or partner as ``{en, fr}``, the English as bulletins write it, and
    the CLDR territory code of each place that has one (``code``), which places nest by.

    Optional, so that a taxonomy without one still reads; an English name given twice is an error,
    since only one of its translations could be shown.
    """
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
        return (), {}
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "names", MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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


def _read_overview(reader: FieldReader, node: yaml.Node | None) -> tuple[OverviewSection, ...]:
    """The ``overview``: the source page's account of cybercrime, as sections ``{title, text}`` in each language."""
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "overview", MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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
    reader = FieldReader(name, written=lambda: written)
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
            reader.error(node, branch, MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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
