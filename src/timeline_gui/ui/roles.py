"""Item data roles shared by the timeline models, delegate and views."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    BULLETIN_ID = Qt.ItemDataRole.UserRole + 2
    DATE = Qt.ItemDataRole.UserRole + 3  # datetime.date
    DATE_TEXT = Qt.ItemDataRole.UserRole + 4
    ORIGINAL_LANGUAGE = Qt.ItemDataRole.UserRole + 5
    POSITION = Qt.ItemDataRole.UserRole + 6  # index in Timeline.bulletins
    TAXONOMY_KEY = Qt.ItemDataRole.UserRole + 8
    HIGHLIGHTED = Qt.ItemDataRole.UserRole + 9
    COUNT = Qt.ItemDataRole.UserRole + 10
    MATCHES = Qt.ItemDataRole.UserRole + 11  # [(start, end)] of the search's terms in the shown title
    OTHER_MATCH = Qt.ItemDataRole.UserRole + 12  # (other title, its ranges) when the match is only there, else None


class RowKind(IntEnum):
    YEAR = 1
    MONTH = 2
    BULLETIN = 3
