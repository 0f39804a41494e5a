"""F1: every keyboard shortcut of the window, read off the actions themselves so the sheet cannot drift."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from timeline_gui.i18n import _

ShortcutGroups = Sequence[tuple[str, Sequence[QAction]]]


def plain(text: str) -> str:
    """A menu text without its mnemonic marks: '&Open…' → 'Open…', 'A && B' → 'A & B'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


Key = Qt.Key
# Keys of Qt's standard bindings that ordinary keyboards lack (F16 and Copy for Copy on Sun keyboards, Help for F1):
# they stay bound, for keyboards that have them, but the sheet lists only keys people can find.
_RARE_KEYS = frozenset(
    {*(Key(Key.Key_F13.value + number) for number in range(Key.Key_F35.value - Key.Key_F13.value + 1))}
    | {Key.Key_Help, Key.Key_Hyper_L, Key.Key_Hyper_R, Key.Key_Direction_L, Key.Key_Direction_R}
)


def ordinary(sequence: QKeySequence) -> bool:
    """Whether every key of ``sequence`` is on an ordinary PC or Mac keyboard: no F13 and up, Help, Copy, Open…
    (Qt numbers those vendor keys from Key_Back on)."""
    # PySide6 indexes a sequence by its keys; its type stubs do not say so.
    keys = [sequence[number].key() for number in range(sequence.count())]  # type: ignore[index]
    return bool(keys) and all(key not in _RARE_KEYS and key.value < Key.Key_Back.value for key in keys)


def keys_text(action: QAction) -> str:
    """The action's keys as the sheet lists them: ordinary ones, named in the active language by Qt's catalog
    ("Maj+Bas", "Entrée")."""
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in action.shortcuts()
        if ordinary(sequence)
    )


def menu_groups(menus: Sequence[QMenu]) -> list[tuple[str, list[QAction]]]:
    """One group per menu, holding the actions with shortcuts of the menu and its submenus."""

    def walk(menu: QMenu) -> list[QAction]:
        found: list[QAction] = []
        for action in menu.actions():
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                found += walk(submenu)
            elif not action.isSeparator() and keys_text(action):
                found.append(action)
        return found

    return [(plain(menu.title()), walk(menu)) for menu in menus]


def sheet_rows(groups: ShortcutGroups) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(command, keys)]) with each action listed once, empty groups left out."""
    seen: set[int] = set()
    result = []
    for title, actions in groups:
        rows = []
        for action in actions:
            keys = keys_text(action)
            if keys and id(action) not in seen:
                seen.add(id(action))
                rows.append((plain(action.text()), keys))
        if rows:
            result.append((title, rows))
    return result


class ShortcutSheet(QDialog):
    def __init__(self, groups: ShortcutGroups, parent: QWidget | None = None, notes: str = ""):
        super().__init__(parent)
        self.setObjectName("shortcut-sheet")
        self.setWindowTitle(_("Keyboard Shortcuts"))
        self.table = QTreeWidget()
        self.table.setObjectName("shortcut-table")
        self.table.setColumnCount(2)
        self.table.setHeaderLabels([_("Command"), _("Keys")])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setAccessibleDescription(_("Each command of the window and the keys that run it, by menu"))
        for title, rows in sheet_rows(groups):
            group = QTreeWidgetItem(self.table, [title])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for command, keys in rows:
                QTreeWidgetItem(group, [command, keys])
        self.table.expandAll()
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        buttons = QDialogButtonBox()
        close = buttons.addButton(
            _("&Close"), QDialogButtonBox.ButtonRole.RejectRole
        )  # not Qt's own: it relabels those
        close.setAccessibleDescription(_("Closes the list of shortcuts"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.notes = QLabel(notes)  # how to write a search: no key runs it, but it is what F1 is asked about
        self.notes.setObjectName("shortcut-notes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        layout.addWidget(buttons)
        self.resize(560, 600)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, command, keys) of every line, as shown."""
        result = []
        for number in range(self.table.topLevelItemCount()):
            group = self.table.topLevelItem(number)
            assert group is not None
            for child in range(group.childCount()):
                item = group.child(child)
                assert item is not None
                result.append((group.text(0), item.text(0), item.text(1)))
        return result
