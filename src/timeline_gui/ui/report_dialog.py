"""The shape the error dialogs share: a summary, read-only details, and a button that copies the details.

The details show one problem a line, never wrapped: the box opens wide enough for the longest line (within the
screen), scrolls sideways beyond, and the dialog can be resized; the size it is closed at is remembered, per
kind of dialog, for the next time."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QStyle, QVBoxLayout, QWidget

from timeline_gui.i18n import _


def _settings():
    from timeline_gui.ui.settings import Settings  # these dialogs show on errors only: not loaded at start

    return Settings()


class ReportDialog(QDialog):
    """A summary the user can select, the details in a read-only box, Copy details and Close."""

    def __init__(self, title: str, summary: str, details: str, details_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._sized = False
        self._shown_size = QSize()
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(details_name)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setSizeGripEnabled(True)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._sized:  # objectName is set by the subclass, after this class's __init__
            self._sized = True
            remembered = _settings().dialog_size(self.objectName()) if self.objectName() else None
            self.resize(QSize(*remembered) if remembered else self._fitting_size())
            self._shown_size = self.size()
        super().showEvent(event)

    def done(self, result: int) -> None:
        if self.objectName() and self._sized and self.size() != self._shown_size:  # the person resized it
            settings = _settings()
            settings.set_dialog_size(self.objectName(), self.width(), self.height())
            settings.sync()
        super().done(result)

    def _fitting_size(self) -> QSize:
        """Wide enough for the longest line and tall enough for all of them, within most of the screen."""
        metrics = self.details.fontMetrics()
        lines = self.details.toPlainText().splitlines() or [""]
        chrome = self.sizeHint() - self.details.sizeHint()  # the summary, the buttons, the margins
        frame = 2 * self.details.frameWidth() + self.details.document().documentMargin() * 2
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        text_width = max(metrics.horizontalAdvance(line) for line in lines) + frame + scroll_bar
        text_height = metrics.lineSpacing() * min(len(lines), 20) + frame + scroll_bar
        screen = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        width = max(480, min(int(text_width) + chrome.width(), screen.width() * 9 // 10))
        height = max(240, min(int(text_height) + chrome.height(), screen.height() * 8 // 10))
        return QSize(width, height)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
