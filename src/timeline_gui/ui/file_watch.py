"""Notices when the open data file is changed, replaced or deleted on disk, and says so in the status bar.

The watcher never reloads by itself: what is on screen stays until the person chooses File ▸ Reload.
Editors often save by writing a new file and renaming it over the old one; Qt then stops watching
the old file, so the folder is watched too and the file is watched again whenever it reappears.
The state the screen stands for is the file's as the load began (``begin``): a change, a deletion or
a rename-over while it loaded is reported as soon as the loaded bulletins are shown.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from timeline_gui.i18n import _
from timeline_gui.ui.status import show_notice

_Stamp = tuple[int, int, int, int, int]


def _stamp(path: Path) -> _Stamp | None:
    """What tells one state of the file from another: a write changes its size or times (the change time
    cannot be set back, as the modification time can), a rename-over its inode."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev)


class DataFileWatcher(QObject):
    """Emits ``changed`` when the watched file's content may differ from what was read, ``deleted`` when it is gone."""

    changed = Signal(str)
    deleted = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self.check)
        self._watcher.directoryChanged.connect(self.check)
        self.path: Path | None = None
        self._stamp: _Stamp | None = None
        self._loading: tuple[Path, _Stamp | None] | None = None  # the file being loaded, its state as it began
        self.missing = False

    def begin(self, path: Path | None) -> None:
        """A load of ``path`` starts: its state now is what the screen will show if the load succeeds."""
        self._loading = (Path(path), _stamp(Path(path))) if path is not None else None

    def watch(self, path: Path | None) -> None:
        """Watches ``path`` from now on (None: nothing). Its state on screen is the one ``begin`` took if
        it was loaded, else its current one; a difference already there is reported at once."""
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self.path = Path(path) if path is not None else None
        self.missing = False
        self._stamp = None
        loading, self._loading = self._loading, None
        if self.path is None:
            return
        self._stamp = loading[1] if loading is not None and loading[0] == self.path else _stamp(self.path)
        for item in (self.path, self.path.parent):
            if item.exists():
                self._watcher.addPath(str(item))
        self.check()

    def check(self, *_args) -> None:
        if self.path is None:
            return
        stamp = _stamp(self.path)
        if stamp is None:
            if not self.missing:
                self.missing = True
                self.deleted.emit(str(self.path))
            return
        if str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))  # replaced or created again: follow the new file
        if self.missing or stamp != self._stamp:
            self.missing = False
            self._stamp = stamp
            self.changed.emit(str(self.path))


class FileNotice(QWidget):
    """A non-modal line in the status bar: the data file changed (with a Reload button) or was deleted."""

    CHANGED, DELETED = "changed", "deleted"

    def __init__(self, reload_action: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("file-notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("file-notice-text")
        self.reload_button = QToolButton()
        self.reload_button.setObjectName("file-notice-reload")
        self.reload_button.setDefaultAction(reload_action)
        layout.addWidget(self.label)
        layout.addWidget(self.reload_button)
        self.kind: str | None = None
        self.file = ""
        self.hide()

    def show_notice(self, kind: str, path: str) -> None:
        self.kind, self.file = kind, Path(path).name
        self.retranslate()
        show_notice(self)

    def clear(self) -> None:
        self.kind = None
        self.hide()

    def retranslate(self, *_args) -> None:
        if self.kind == self.CHANGED:
            self.label.setText(_("{file} has changed on disk. File ▸ Reload reads it again.").format(file=self.file))
        elif self.kind == self.DELETED:
            self.label.setText(
                _("{file} was deleted or moved; the bulletins on screen are kept.").format(file=self.file)
            )
        self.reload_button.setVisible(self.kind == self.CHANGED)
        self.setAccessibleName(self.label.text())
