"""The date-range filter: From and To fields that read dates as Go to Date does, and two handles over the
overview strip's months.

The handles are a small control of our own rather than superqt's QRangeSlider: that slider draws its own
groove with the style's margins, so its handles would not sit over the strip's months, and it would bring
superqt and qtpy into the lock file for one widget. This one shares the strip's scale (one slot a month, the
same width), so a handle stands over the month it chooses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from timeline_gui import i18n
from timeline_gui.domain.query import month_key, month_of_key
from timeline_gui.domain.text import fold
from timeline_gui.i18n import _
from timeline_gui.ui.colors import scheme

_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_FULL_DATE_PARTS = 3  # a day, a month and a year


def parse_user_date(text: str, language: str = "en", locale_name: str | None = None) -> dt.date | None:
    """domain.dates.parse_user_date, imported when a date is first typed: dateutil and Babel stay off the start."""
    from timeline_gui.domain.dates import parse_user_date as parse

    return parse(text, language, locale_name)


def read_end(text: str, language: str, locale_name: str | None) -> dt.date | None:
    """The last day ``text`` can mean: '2016' is 31 December 2016, 'septembre 2016' 30 September 2016."""
    date = parse_user_date(text, language, locale_name)
    if date is None or date.day != 1:
        return date
    numbers = _NUMBER.findall(text)
    names = [word for word in _WORD.findall(fold(text)) if parse_user_date(f"{word} 2000", language) is not None]
    parts = len(numbers) + len(names)
    if parts >= _FULL_DATE_PARTS:
        return date
    if parts == 1 and len(numbers) == 1:  # a year alone
        return dt.date(date.year, 12, 31)
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


class RangeHandles(QWidget):
    """Two handles on a scale of months (``set_scale`` gives the first and last month key); dragging one, or the
    arrow keys (Left/Right move From, Shift with them moves To), asks for a range by ``rangeChosen``."""

    rangeChosen = Signal(object, object)  # first month key or None, last month key or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("range-handles")
        self.setFixedHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._first = self._last = 0
        self._start: int | None = None
        self._end: int | None = None
        self._dragging: str | None = None
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(400, 14)

    def retranslate(self) -> None:
        self.setAccessibleName(_("Date range"))
        self.setAccessibleDescription(
            _("Two handles over the overview's months: Left and Right move From, Shift+Left and Shift+Right move To")
        )
        self.setToolTip(self.accessibleDescription())

    def set_scale(self, first: int, last: int) -> None:
        self._first, self._last = first, max(first, last)
        self.update()

    def set_range(self, start: int | None, end: int | None) -> None:
        self._start, self._end = start, end
        self.update()

    def handles(self) -> tuple[int, int]:
        """The months the two handles stand on (the ends of the scale when the range is open)."""
        start = self._first if self._start is None else max(self._first, min(self._last, self._start))
        end = self._last if self._end is None else max(self._first, min(self._last, self._end))
        return start, end

    def _slot(self) -> float:
        return self.width() / (self._last - self._first + 1)

    def _x(self, key: int, right: bool) -> float:
        return (key - self._first + (1 if right else 0)) * self._slot()

    def _month_at(self, x: float) -> int:
        return max(self._first, min(self._last, self._first + int(x / max(1e-9, self._slot()))))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colors = scheme(self.palette())
        start, end = self.handles()
        left, right = self._x(start, False), self._x(end, True)
        painter.fillRect(QRectF(left, 5, right - left, 4), colors.shade)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.accent if self.hasFocus() else colors.window_text)
        for x, facing in ((left, 1), (right, -1)):
            painter.drawPolygon(QPolygonF([QPointF(x, 0), QPointF(x, 14), QPointF(x + 7 * facing, 7)]))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        start, end = self.handles()
        x = event.position().x()
        self._dragging = "start" if abs(x - self._x(start, False)) <= abs(x - self._x(end, True)) else "end"
        self._drag_to(x)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None:
            self._drag_to(event.position().x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None:
            self._dragging = None
            self._emit()

    def _drag_to(self, x: float) -> None:
        month = self._month_at(x)
        start, end = self.handles()
        if self._dragging == "start":
            self._start = min(month, end)
        else:
            self._end = max(month, start)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        start, end = self.handles()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._end = max(start, min(self._last, end + step))
        else:
            self._start = min(end, max(self._first, start + step))
        self.update()
        self._emit()

    def _emit(self) -> None:
        start, end = self.handles()
        self.rangeChosen.emit(None if start <= self._first else start, None if end >= self._last else end)


class DateRangeControl(QWidget):
    """From and To fields; ``rangeChosen(start, end)`` (dates or None) when one is confirmed (Enter or leaving
    it) or the handles are moved. A date that cannot be read turns its field red and keeps the range."""

    rangeChosen = Signal(object, object)

    def __init__(self, locale_name: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("date-range")
        self._locale_name = locale_name
        self._start: dt.date | None = None
        self._end: dt.date | None = None
        self._hint = ""
        self.from_label, self.to_label = QLabel(), QLabel()
        self.from_field, self.to_field = QLineEdit(), QLineEdit()
        self.from_field.setObjectName("range-from")
        self.to_field.setObjectName("range-to")
        for label, field in ((self.from_label, self.from_field), (self.to_label, self.to_field)):
            label.setBuddy(field)
            field.setClearButtonEnabled(True)
            field.editingFinished.connect(self._confirm)
            field.textEdited.connect(lambda _text, f=field: self._mark(f, ok=True))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.from_label)
        layout.addWidget(self.from_field, 1)
        layout.addWidget(self.to_label)
        layout.addWidget(self.to_field, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.from_field.setPlaceholderText(_("first bulletin"))
        self.to_field.setPlaceholderText(_("last bulletin"))
        self._hint = _("A date in English or French, as Go to Date reads it: 2016, 2016-09, 10/09/2016")
        self.from_field.setAccessibleName(_("From date"))
        self.to_field.setAccessibleName(_("To date"))
        self.from_field.setAccessibleDescription(_("Shows only bulletins from this day on; empty for the first"))
        self.to_field.setAccessibleDescription(_("Shows only bulletins up to this day; empty for the last"))
        self.show_range(self._start, self._end)

    def show_range(self, start: dt.date | None, end: dt.date | None) -> None:
        self._start, self._end = start, end
        for field, date in ((self.from_field, start), (self.to_field, end)):
            field.setText(i18n.format_date(date) if date is not None else "")
            self._mark(field, ok=True)

    def _read(self, field: QLineEdit, end: bool) -> tuple[bool, dt.date | None]:
        text = field.text().strip()
        if not text:
            return True, None
        if end:
            date = read_end(text, i18n.language(), self._locale_name)
        else:
            date = parse_user_date(text, i18n.language(), self._locale_name)
        return date is not None, date

    def _confirm(self) -> None:
        start_ok, start = self._read(self.from_field, end=False)
        end_ok, end = self._read(self.to_field, end=True)
        self._mark(self.from_field, start_ok)
        self._mark(self.to_field, end_ok)
        if not (start_ok and end_ok):
            return
        if start is not None and end is not None and start > end:
            self._mark(self.to_field, ok=False, message=_("The To date is before the From date."))
            return
        if (start, end) != (self._start, self._end):
            self._start, self._end = start, end
            self.rangeChosen.emit(start, end)

    def choose_months(self, start_key: int | None, end_key: int | None) -> None:
        """The range of whole months the handles ask for."""
        start = dt.date(*month_of_key(start_key), 1) if start_key is not None else None
        end = None
        if end_key is not None:
            year, month = month_of_key(end_key)
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
        self.show_range(start, end)
        self.rangeChosen.emit(start, end)

    def _mark(self, field: QLineEdit, ok: bool, message: str | None = None) -> None:
        if ok:
            field.setPalette(self.palette())
            field.setToolTip(self._hint)
            return
        from timeline_gui.ui.go_to_date import error_color  # off the start, as Go to Date itself

        palette = field.palette()
        palette.setColor(QPalette.ColorRole.Text, error_color(scheme(self.palette()).base))
        field.setPalette(palette)
        text = message or _("“{text}” cannot be read as a date.").format(text=field.text().strip())
        field.setAccessibleDescription(text)
        field.setToolTip(text)


def month_keys_of(start: dt.date | None, end: dt.date | None) -> tuple[int | None, int | None]:
    return (
        month_key(start.year, start.month) if start is not None else None,
        month_key(end.year, end.month) if end is not None else None,
    )
