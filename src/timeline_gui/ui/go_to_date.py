"""Ctrl+G: a small dialog that reads a free-form date and moves the timeline to the nearest bulletin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from timeline_gui import i18n
from timeline_gui.domain.dates import parse_user_date
from timeline_gui.i18n import _

_MID_LIGHTNESS = 0.5  # windows at least this light are light ones


def error_color(background: QColor) -> QColor:
    """Red text that stays readable on ``background``: dark red on a light window, light red on a dark theme's
    (both at least 4.5:1 against a typical window colour of their kind, WCAG's AA for text)."""
    return QColor("#a40000") if background.lightnessF() >= _MID_LIGHTNESS else QColor("#ff8080")


class GoToDateDialog(QDialog):
    """Asks for a date; ``go_to(date)`` answers False when there is nothing to go to.

    A date that cannot be read, or a timeline with nothing shown, is said in the dialog itself,
    which stays open with the text selected so the person can type again.
    """

    def __init__(self, go_to: Callable[[dt.date], bool], locale_name: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("go-to-date")
        self._go_to = go_to
        self._locale_name = locale_name
        self.label = QLabel()
        self.field = QLineEdit()
        self.field.setObjectName("go-to-date-field")
        self.label.setBuddy(self.field)
        # The date the text is read as, updated while typing: 01/09/2016 is not the same day everywhere.
        self.understood = QLabel()
        self.understood.setObjectName("go-to-date-understood")
        self.understood.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel()
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.error = QLabel()
        self.error.setObjectName("go-to-date-error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self._color_error()
        self.error.hide()
        # Buttons of our own, not Qt's standard ones: Qt relabels those itself when its translator changes.
        self.buttons = QDialogButtonBox()
        self.go_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        layout.addWidget(self.understood)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.field.textEdited.connect(self._clear_error)
        self.field.textChanged.connect(self._show_understood)
        self.setMinimumWidth(360)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Go to Date"))
        self.label.setText(_("&Date:"))
        self.hint.setText(_("For example 2016-09, septembre 2016, Sept 2016 or 10/09/2016."))
        self.field.setAccessibleName(_("Date"))
        self.field.setAccessibleDescription(
            _("A date in English or French; the timeline moves to the nearest bulletin")
        )
        self.error.setAccessibleName(_("Problem"))
        self.go_button.setText(_("&Go to Date"))
        self.go_button.setAccessibleDescription(_("Moves to the bulletin nearest this date"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setAccessibleDescription(_("Closes without moving"))
        self._show_understood()

    def understood_text(self) -> str:
        return self.understood.text() if not self.understood.isHidden() else ""

    def _show_understood(self, *_args) -> None:
        date = parse_user_date(self.field.text().strip(), i18n.language(), self._locale_name)
        self.understood.setText(_("Goes to {date}").format(date=i18n.format_date(date)) if date else "")
        self.understood.setAccessibleDescription(self.understood.text())
        self.understood.setHidden(date is None)

    def _color_error(self) -> None:
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(self.palette().color(QPalette.ColorRole.Window)))
        self.error.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the desktop switched between a light and a dark theme
            self._color_error()

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def _clear_error(self, *_args) -> None:
        self.error.hide()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setAccessibleDescription(message)
        self.error.show()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field.selectAll()

    def accept(self) -> None:
        text = self.field.text().strip()
        if not text:
            self._say(_("Type a date first."))
            return
        date = parse_user_date(text, i18n.language(), self._locale_name)
        if date is None:
            self._say(_("“{text}” cannot be read as a date.").format(text=text))
            return
        if not self._go_to(date):
            self._say(_("No bulletin is shown; clear the search or the filter first."))
            return
        super().accept()
