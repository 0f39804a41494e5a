"""The dialog of the exception hook (crash.py), imported when an unexpected error is first shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from timeline_gui.i18n import _


class CrashDialog(QDialog):
    """What went wrong, where the details were written, and a button to copy them."""

    def __init__(self, summary: str, details: str, path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crash-dialog")
        self.setWindowTitle(_("Unexpected error"))
        layout = QVBoxLayout(self)
        where = _("The details were written to {path}.").format(path=path) if path else _("The details could not be written to a log file.")
        self.summary = QLabel("\n".join([_("Something went wrong: {summary}").format(summary=summary), where, _("You can keep working; if something looks wrong, restart the app.")]))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Error details"))
        self.details.setMinimumSize(560, 200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
