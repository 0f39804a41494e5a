"""The taxonomy as a tree: branches, their nodes and examples, each with a bulletin count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from timeline_gui import i18n
from timeline_gui.domain.model import CRIME_TYPES, INITIATIVES, NOT_CLASSIFIED, TaxonomyNode
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.i18n import N_, _
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.roles import Role

if TYPE_CHECKING:
    from timeline_gui.ui.session import Session

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index, Qt's default parent

BRANCH_LABELS = {
    CRIME_TYPES: N_("Kinds of cybercrime"),
    INITIATIVES: N_("Main initiatives"),
    NOT_CLASSIFIED: N_("Not classified"),
}
NOT_CLASSIFIED_TIP = N_("Bulletins tied to no initiative and no kind of crime")
COLUMN_LABEL, COLUMN_COUNT = 0, 1


@dataclass(eq=False)
class _Item:
    """A row of the taxonomy tree: a branch (no node) or a taxonomy node."""

    key: str
    node: TaxonomyNode | None  # None for a branch
    parent: _Item | None
    row: int
    children: list[_Item] = field(default_factory=list)


class TaxonomyModel(QAbstractItemModel):
    def __init__(self, index: TimelineIndex, parent=None):
        super().__init__(parent)
        self._highlighted: frozenset[str] = frozenset()
        self._build(index)

    def _build(self, index: TimelineIndex) -> None:
        self._index = index
        self._counts: dict[str, int] = {}
        taxonomy = index.timeline.taxonomy
        roots: list[_Item] = []
        for branch in (CRIME_TYPES, INITIATIVES):
            item = _Item(branch, None, None, len(roots))
            item.children = [self._wrap(node, item, row) for row, node in enumerate(taxonomy.roots(branch))]
            roots.append(item)
        roots.append(self._wrap(taxonomy.complex, None, len(roots)))
        roots.append(_Item(NOT_CLASSIFIED, None, None, len(roots)))
        self._roots = roots

    def _wrap(self, node: TaxonomyNode, parent: _Item | None, row: int) -> _Item:
        item = _Item(node.key, node, parent, row)
        item.children = [self._wrap(child, item, number) for number, child in enumerate(node.children)]
        return item

    def follow(self, session: Session) -> None:
        """Shows the taxonomy of the session's timeline, its nodes of the current bulletin highlighted."""

        def timeline_changed() -> None:
            self.set_timeline_index(session.timeline_index)
            current_changed()

        def current_changed() -> None:
            bulletin = session.current_bulletin()
            self.set_highlighted(frozenset(bulletin.taxonomy_keys) if bulletin else frozenset())

        session.timeline_changed.connect(timeline_changed)
        session.current_changed.connect(current_changed)
        timeline_changed()

    def set_timeline_index(self, index: TimelineIndex) -> None:
        self.beginResetModel()
        self._highlighted = frozenset()
        self._build(index)
        self.endResetModel()

    def count(self, key: str) -> int:
        if key not in self._counts:
            self._counts[key] = self._index.count(key)
        return self._counts[key]

    def set_highlighted(self, keys: frozenset[str]) -> None:
        """Marks the nodes of the selected bulletin, and the branches above them."""
        if keys == self._highlighted:
            return
        before = self._highlighted
        self._highlighted = keys
        self._emit_changed(lambda item: self._is_highlighted(item, before) != self._is_highlighted(item))

    def retranslate(self) -> None:
        self._emit_all_changed()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)

    def _emit_all_changed(self) -> None:
        def walk(parent: QModelIndex) -> None:
            rows = self.rowCount(parent)
            if rows:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(rows - 1, 1, parent))
                for row in range(rows):
                    walk(self.index(row, 0, parent))

        walk(QModelIndex())

    def _emit_changed(self, changed: Callable[[_Item], bool]) -> None:
        """dataChanged for the rows of the items ``changed`` says changed: the tree repaints those rows only."""

        def walk(items: list[_Item]) -> None:
            for item in items:
                if changed(item):
                    index = self.createIndex(item.row, 0, item)
                    self.dataChanged.emit(index, index.siblingAtColumn(1))
                walk(item.children)

        walk(self._roots)

    def _is_highlighted(self, item: _Item, keys: frozenset[str] | None = None) -> bool:
        """Whether the item is among ``keys`` (the highlighted keys when None), or a branch above one of them."""
        keys = self._highlighted if keys is None else keys
        if item.node is None:
            return any(self._is_highlighted(child, keys) for child in item.children)
        return item.key in keys

    def index_of_key(self, key: str) -> QModelIndex:
        def search(items: list[_Item], parent: QModelIndex) -> QModelIndex:
            for item in items:
                index = self.index(item.row, 0, parent)
                if item.key == key:
                    return index
                found = search(item.children, index)
                if found.isValid():
                    return found
            return QModelIndex()

        return search(self._roots, QModelIndex())

    # ------------------------------------------------------------ QAbstractItemModel
    def _item(self, index: _Index) -> _Item | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int = 0, parent: _Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        parent_item = self._item(parent)
        items = parent_item.children if parent_item else self._roots
        return self.createIndex(row, column, items[row])

    def parent(self, index: _Index | None = None):  # type: ignore[override]
        if index is None:
            return super().parent()
        item = self._item(index)
        if item is None or item.parent is None:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        item = self._item(parent)
        return len(item.children) if item else len(self._roots)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 2

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self._item(index)
        if item is None:
            return None
        language = i18n.language()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == COLUMN_COUNT:
                return i18n.format_number(self.count(item.key))
            label = _(BRANCH_LABELS[item.key]) if item.node is None else item.node.label.get(language)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                count = self.count(item.key)
                return i18n.ngettext("{label}, {count} bulletin", "{label}, {count} bulletins", count).format(
                    label=label, count=i18n.format_number(count)
                )
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            if item.key == NOT_CLASSIFIED:
                return _(NOT_CLASSIFIED_TIP)
            return item.node.description.get(language) if item.node else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COLUMN_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.TAXONOMY_KEY:
            return item.key
        if role == Role.COUNT:
            return self.count(item.key)
        if role == Role.HIGHLIGHTED:
            return self._is_highlighted(item)
        if role == Qt.ItemDataRole.FontRole and self._is_highlighted(item):
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and self._is_highlighted(item):
            return scheme(QApplication.palette()).shade  # the overview's band: "this is about what is on screen"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Taxonomy") if section == COLUMN_LABEL else _("Bulletins")
        return None
