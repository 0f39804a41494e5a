"""A flat item model over the timeline's bulletins: one row per bulletin, in domain order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from timeline_gui import i18n
from timeline_gui.domain.model import Timeline
from timeline_gui.export.text import shown_title
from timeline_gui.i18n import _
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.roles import Role, RowKind

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index, Qt's default parent


class BulletinListModel(QAbstractListModel):
    def __init__(self, timeline: Timeline, parent: QObject | None = None):
        super().__init__(parent)
        self._timeline = timeline
        retranslated(self)

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    def set_timeline(self, timeline: Timeline) -> None:
        self.beginResetModel()
        self._timeline = timeline
        self.endResetModel()

    def retranslate(self) -> None:
        """Titles and dates read in the new language."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._timeline)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._timeline):
            return None
        bulletin = self._timeline[index.row()]
        language = i18n.language()
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_title(bulletin, language)
        if role == Role.KIND:
            return int(RowKind.BULLETIN)
        if role == Role.BULLETIN_ID:
            return bulletin.id
        if role == Role.DATE:
            return bulletin.date
        if role == Role.DATE_TEXT:
            return i18n.format_date(bulletin.date)
        if role == Role.ORIGINAL_LANGUAGE:
            return bulletin.language
        if role == Role.POSITION:
            return index.row()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{date}, {title}").format(
                date=i18n.format_date(bulletin.date), title=shown_title(bulletin, language)
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            if bulletin.language == language or not bulletin.is_translated(language):
                return bulletin.original_title
            return _("{title}\nOriginal ({language}): {original}").format(
                title=bulletin.title(language),
                language=i18n.language_name(bulletin.language, capitalized=False),
                original=bulletin.original_title,
            )
        return None
