"""A dialog that lists every problem of a data file, with a button to copy them."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from timeline_gui import i18n
from timeline_gui.domain.errors import DataError
from timeline_gui.i18n import _


class DataErrorDialog(QDialog):
    def __init__(self, path: str, errors: list[DataError], note: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("data-errors")
        self.setWindowTitle(_("Cannot open data file"))
        layout = QVBoxLayout(self)
        count = len(errors)
        summary = i18n.ngettext("{path} has {count} problem.", "{path} has {count} problems.", count).format(path=path, count=i18n.format_number(count))
        self.summary = QLabel(summary + (f"\n{note}" if note else ""))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit("\n".join(str(error) for error in errors))
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Problems found"))
        self.details.setMinimumSize(560, 200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
