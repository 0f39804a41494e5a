"""A strip over the whole date range: bulletins per month, the visible part highlighted."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from timeline_gui import i18n
from timeline_gui.domain.query import month_of_key
from timeline_gui.i18n import _
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.session import Session


class OverviewStrip(QWidget):
    """Shows the session's bulletins per month; a click asks for a month by emitting its key
    (domain.query.month_key). Which months are on screen it is told (``set_visible``)."""

    monthClicked = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the timeline's keyboard does the same job
        self._counts: dict[int, int] = {}
        self._first = self._last = 0
        self._visible: tuple[int, int] | None = None
        self._session = session
        session.timeline_changed.connect(self._show_counts)
        session.query_changed.connect(self._show_counts)
        self._show_counts()
        self.retranslate()
        retranslated(self)

    def _show_counts(self) -> None:
        self.set_counts(self._session.month_counts(), *self._session.month_range())

    def retranslate(self) -> None:
        self.setAccessibleName(_("Overview"))
        self.setAccessibleDescription(_("Bulletins per month over the whole period; click to scroll there"))
        self.setToolTip(_("Bulletins per month; click to scroll the timeline there"))
        self.update()  # the years are written in the language's numerals

    def sizeHint(self) -> QSize:
        return QSize(400, 48)

    def set_counts(self, counts: list[tuple[int, int]], first: int, last: int) -> None:
        self._counts = dict(counts)
        self._first, self._last = first, max(first, last)
        self.update()

    def set_visible(self, first: int | None, last: int | None) -> None:
        visible = (min(first, last), max(first, last)) if first is not None and last is not None else None
        if visible != self._visible:
            self._visible = visible
            self.update()

    def month_count(self) -> int:
        return self._last - self._first + 1

    def _x(self, key: int) -> float:
        return (key - self._first) * self.width() / self.month_count()

    def month_at(self, x: float) -> int:
        key = self._first + int(x * self.month_count() / max(1, self.width()))
        return max(self._first, min(self._last, key))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colors = scheme(
            self.palette(), QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        painter.fillRect(self.rect(), colors.base)
        height = self.height() - 14
        slot = self.width() / self.month_count()
        if self._visible is not None:
            first, last = self._visible
            painter.fillRect(QRectF(self._x(first), 0, (last - first + 1) * slot, self.height()), colors.shade)
        peak = max(self._counts.values(), default=0)
        if peak:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.accent)
            for key, count in self._counts.items():
                bar = max(2.0, height * count / peak)
                painter.drawRect(QRectF(self._x(key) + slot * 0.1, 2 + height - bar, max(1.0, slot * 0.8), bar))
        painter.setPen(colors.text)
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        painter.setFont(small)
        if self._counts:
            (first_year, _month), (last_year, _month) = month_of_key(self._first), month_of_key(self._last)
            painter.drawText(
                self.rect().adjusted(3, 0, -3, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                i18n.format_year(first_year),
            )
            painter.drawText(
                self.rect().adjusted(3, 0, -3, 0),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                i18n.format_year(last_year),
            )
        painter.setPen(colors.rule)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._counts:
            self.monthClicked.emit(self.month_at(event.position().x()))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self._counts:
            self.monthClicked.emit(self.month_at(event.position().x()))
        super().mouseMoveEvent(event)
