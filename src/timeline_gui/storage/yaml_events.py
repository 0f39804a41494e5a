"""YAML nodes composed from the parser's events a node at a time, so a long document need not be held whole.

Only nodes are built (never Python objects from tags), as ``yaml.compose`` does; the general reader walks the
top of a bulletins file itself and asks this composer for one bulletin's nodes at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import ComposerError

try:  # libyaml's parser is much faster; the pure-Python one is equally safe.
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

_ALIAS, _SCALAR = yaml.AliasEvent, yaml.ScalarEvent
SEQUENCE_START, SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
MAPPING_START, MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_PLAIN_TAGS_KEPT = 1024  # plain scalars whose tag the composer remembers
# Words of the composer's errors: libyaml's composer does not name the alias, PyYAML's own does.
_UNDEFINED_ALIAS = "found undefined alias" if YamlLoader.__name__.startswith("C") else "found undefined alias {!r}"


_STANDARD_TAGS = "tag:yaml.org,2002:"


class RefusedTag(yaml.MarkedYAMLError):
    """A node has a tag: a data file is read as plain lists, mappings and text, so no tag is allowed."""

    def __init__(self, tag: str, mark: Any):
        self.tag = "!!" + tag[len(_STANDARD_TAGS) :] if tag.startswith(_STANDARD_TAGS) else tag  # as written
        super().__init__(problem=f"tag {self.tag!r} is not allowed", problem_mark=mark)


def compose_document(source: Any) -> tuple[yaml.Node | None, int]:
    """The node tree of the single document of ``source`` (None when there is none), as ``yaml.compose``
    gives it, but that a tag is refused (RefusedTag); and the number of values written in it."""
    composer = Composer(source)
    try:
        composer.get()  # the stream starts
        if composer.peek().__class__ is yaml.StreamEndEvent:
            return None, 0
        composer.get()  # the document starts
        root = composer.node()
        composer.get()  # the document ends
        event = composer.get()
        if event.__class__ is not yaml.StreamEndEvent:
            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                event.start_mark,
            )
        return root, composer.written
    finally:
        composer.dispose()


class Composer:
    """The nodes of one YAML document, composed from the parser's events a node at a time.

    ``yaml.compose`` builds the whole tree before anyone looks at it: some 10 KB a bulletin, all held at
    once. Here the caller walks the top of the document itself (``get``, ``peek``) and composes the nodes
    below it one by one (``node``), so that each bulletin can be checked and dropped before the next is
    read. The nodes, their tags and marks, the anchors (valid until the end of the document, so an alias
    may name a node of an earlier bulletin) and the errors are those of libyaml's own composer
    (PyYAML's ``_yaml.pyx``): an undefined alias, an anchor defined twice, a second document.

    ``node(hollow=True)`` composes a node whose content nobody reads (an unknown key's value, a bulletin
    after the reading stopped): its lists and mappings are left empty, so that it costs the memory of
    the deepest path through it, except under an anchor, whose content an alias may need in full. The
    ids of the nodes the anchors keep alive until the end of the document are in ``lasting``; every other
    node is freed when the caller drops it, and its id may then be reused.

    A node with a tag (``!!python/object:...``, ``!!set``, ``!custom``, even ``!!str`` or ``!``) is refused
    with RefusedTag, wherever it is: a data file holds plain lists, mappings and text only.
    """

    def __init__(self, source: Any):
        loader = self._loader = YamlLoader(source)
        assert (
            not loader.yaml_path_resolvers
        )  # PyYAML's safe loaders have none: a node's tag does not depend on its path
        # Any: the events are told apart by their class (``event.__class__ is ...``), which no type narrows.
        self.get: Callable[[], Any] = loader.get_event
        self.peek: Callable[[], Any] = loader.peek_event
        self.anchors: dict[str, yaml.Node] = {}
        self.lasting: set[int] = set()
        self.written = 0  # values composed so far (texts, aliases, lists and mappings), those of hollow nodes too
        self._implicit = loader.yaml_implicit_resolvers
        self._by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._plain_tags: dict[str, str] = {}
        self._tags = {
            _SCALAR: loader.DEFAULT_SCALAR_TAG,
            SEQUENCE_START: loader.DEFAULT_SEQUENCE_TAG,
            MAPPING_START: loader.DEFAULT_MAPPING_TAG,
        }

    def dispose(self) -> None:
        self._loader.dispose()
        self.anchors = {}

    def _plain_tag(self, value: str) -> str:
        """The tag of a plain scalar without one: what ``resolve(ScalarNode, value, (True, ...))`` answers
        (the resolver's patterns for the first character, then those for any, tried in the same order).
        Kept in ``_plain_tags`` for the next time, which is emptied when full: keys and keywords come back."""
        first = value[:1]
        patterns = self._by_first.get(first)
        if patterns is None:
            patterns = self._by_first[first] = self._implicit.get(first, []) + self._implicit.get(None, [])
        tag = self._tags[_SCALAR]
        for candidate, pattern in patterns:
            if pattern.match(value):
                tag = candidate
                break
        if len(self._plain_tags) >= _PLAIN_TAGS_KEPT:
            self._plain_tags.clear()
        self._plain_tags[value] = tag
        return tag

    def shell(self, event: Any) -> yaml.CollectionNode:
        """The node of a list or mapping that starts with ``event`` (which has no anchor), without its content."""
        kind = event.__class__
        if event.tag is not None:
            raise RefusedTag(event.tag, event.start_mark)
        self.written += 1
        return (yaml.SequenceNode if kind is SEQUENCE_START else yaml.MappingNode)(
            self._tags[kind], [], event.start_mark, None, event.flow_style
        )

    def node(self, hollow: bool = False) -> yaml.Node:
        """The next node and all it contains (only what anchors need when ``hollow``), without recursion:
        lists may be nested as deep as libyaml allows."""
        get, anchors, lasting, plain_tag, plain_tags = (
            self.get,
            self.anchors,
            self.lasting,
            self._plain_tag,
            self._plain_tags,
        )
        default_tags = self._tags
        str_tag = default_tags[_SCALAR]
        scalar_node, sequence_node, mapping_node = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
        # The list or mapping being composed (None: the node asked for), how its content is kept
        # (``append`` is None when it is not), the key waiting for its value in a mapping, and whether
        # an anchor keeps the node alive; the same of the lists and mappings around it on the stack.
        parent: yaml.Node | None = None
        append: Callable[..., None] | None = None if hollow else list.append  # stands for "kept"
        mapping = False
        key: yaml.Node | None = None
        last = False
        stack: list[tuple[Any, ...]] = []
        node: yaml.Node
        written = 0
        while True:
            event = get()
            kind = event.__class__
            written += 1  # and one less at the end of a list or mapping: its start counted it
            if kind is _SCALAR:
                anchor = event.anchor
                if anchor is not None and anchor in anchors:
                    raise ComposerError(
                        "found duplicate anchor; first occurrence",
                        anchors[anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                if event.tag is not None:
                    raise RefusedTag(event.tag, event.start_mark)
                tag = (plain_tags.get(event.value) or plain_tag(event.value)) if event.implicit[0] else str_tag
                node = scalar_node(tag, event.value, event.start_mark, event.end_mark, event.style)
                if anchor is not None:
                    anchors[anchor] = node
                    lasting.add(id(node))
                elif last:
                    lasting.add(id(node))
            elif kind is SEQUENCE_END or kind is MAPPING_END:
                assert parent is not None  # the parser ends only what it started
                written -= 1
                node = parent
                node.end_mark = event.end_mark
                parent, append, mapping, key, last = stack.pop()
            elif kind is _ALIAS:
                alias = anchors.get(event.anchor)
                if alias is None:
                    raise ComposerError(None, None, _UNDEFINED_ALIAS.format(event.anchor), event.start_mark)
                node = alias
            else:  # a list or a mapping starts
                anchor = event.anchor
                if anchor is not None and anchor in anchors:
                    raise ComposerError(
                        "found duplicate anchor; first occurrence",
                        anchors[anchor].start_mark,
                        "second occurrence",
                        event.start_mark,
                    )
                if event.tag is not None:
                    raise RefusedTag(event.tag, event.start_mark)
                tag = default_tags[kind]
                node = (sequence_node if kind is SEQUENCE_START else mapping_node)(
                    tag, [], event.start_mark, None, event.flow_style
                )
                stack.append((parent, append, mapping, key, last))
                if anchor is not None:
                    anchors[anchor] = node
                    last = True
                if last:
                    lasting.add(id(node))
                    append = list.append
                parent, mapping, key = node, kind is MAPPING_START, None
                if append is not None:
                    append = node.value.append
                continue
            if parent is None:
                self.written += written
                return node
            if append is not None:
                if not mapping:
                    append(node)
                elif key is None:
                    key = node
                else:
                    append((key, node))
                    key = None
