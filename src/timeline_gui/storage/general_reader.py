"""The general reader of a bulletins file: any YAML, composed into nodes and checked node by node, so that
each problem is reported with its line, column and field, all problems of the file at once.

The bulletins are composed a bulletin at a time, each checked and freed before the next is read. The fast
reader (canonical_reader) reads a file in the canonical layout instead, and leaves any doubt to this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import ComposerError

from timeline_gui.domain.errors import MSG_MISSING, MSG_WRONG_TYPE, DataError, DataLoadError, Term, file_error
from timeline_gui.domain.model import Bulletin, Era, LocalizedText, Taxonomy
from timeline_gui.i18n import LANGUAGES, N_
from timeline_gui.storage.data_format import MAX_ERRORS
from timeline_gui.storage.fields import MERGE_TAG, NULL_TAG, STR_TAG, T_LIST, T_MAPPING, FieldReader, describe
from timeline_gui.storage.yaml_events import MAPPING_END, MAPPING_START, SEQUENCE_END, SEQUENCE_START, Composer
from timeline_gui.storage.yaml_syntax import MSG_EMPTY, TextStream, located_yaml_errors

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


class _BulletinsReader(FieldReader):
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

    def report(self, reader: FieldReader) -> None:
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
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG):
            return ()
        if not isinstance(node, yaml.MappingNode):
            reader.error(node, field, MSG_WRONG_TYPE, expected=T_MAPPING, found=describe(node))
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
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
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


_ERA_FIELDS = ("label", "start", "end")


def _read_eras(reader: FieldReader, node: yaml.Node | None) -> tuple[Era, ...]:
    """The optional ``eras:`` list: each a bilingual ``label``, a ``start`` and an ``end`` date, the end not
    before the start."""
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, "eras", MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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


def parse_general(
    name: str, text: str | list[str], taxonomy: Taxonomy, progress: Callable[[int], None]
) -> tuple[list[Bulletin], tuple[Era, ...]]:
    """Any YAML (the text or its consecutive pieces): composed into nodes, checked node by node, each problem located.

    ``progress(characters read)`` is called as the parser reads, and between bulletins; it may raise LoadCancelled.

    The bulletins are composed and checked one at a time, each freed before the next is read, so that
    the memory needed is that of one bulletin's nodes besides the model; the problems, their order and
    the limits are those of composing the whole document first and checking it from its top, and a
    YAML syntax error anywhere is reported alone, as then.
    """
    stream = TextStream(text, progress)
    with located_yaml_errors(name, text):
        composer = Composer(stream)  # the pure-Python reader starts reading here
        try:
            bulletins = _Bulletins(
                _BulletinsReader(name, composer.lasting, lambda: composer.written), taxonomy, stream.report_again
            )
            root, streamed = _compose_checking(composer, bulletins)
        finally:
            composer.dispose()
    reader = FieldReader(name)
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
            reader.error(node, "bulletins", MSG_WRONG_TYPE, expected=T_LIST, found=describe(node))
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
            name = key.value if isinstance(key, yaml.ScalarNode) and key.tag != MERGE_TAG else None
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
