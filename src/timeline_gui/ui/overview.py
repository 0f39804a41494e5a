"""A strip over the whole date range: bulletins per pixel column, year ticks, the time axis's window as a frame.

The counts are binned to the strip's own width (a bisect of the session's shown bulletins per column), so a
million bulletins cost as little as a thousand: one bar a pixel wide, never more bars than pixels.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from functools import partial
from operator import sub

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from timeline_gui.domain import axis
from timeline_gui.domain.query import month_key, month_of_key
from timeline_gui.i18n import _
from timeline_gui.ui import pacing
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.session import Session


class OverviewStrip(QWidget):
    """Shows the session's bulletins over the whole timeline's months. A click asks for a month
    (``monthClicked``, a domain.query.month_key) and, outside the frame, for the axis to centre there
    (``dayClicked``); dragging moves the axis's window (``windowMoved``, its new first day)."""

    monthClicked = Signal(int)
    dayClicked = Signal(float)
    windowMoved = Signal(float)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setObjectName("overview")
        self.setMinimumHeight(44)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the axis's and the timeline's keys do the same jobs
        self._first_day = self._last_day = 0
        self._visible: tuple[float, float] | None = None  # the list's rows on screen (days)
        self._window: tuple[float, float] | None = None  # the time axis's view (days)
        self._bins: tuple[int, list[int]] | None = None  # (width, count per column)
        self._grab: float | None = None  # days between the window's start and the pointer, while dragging
        self._follower = pacing.Follower(self._recount, self)
        session.timeline_changed.connect(self._show_session)
        session.query_changed.connect(self._show_query)
        self._show_session()
        self.retranslate()
        retranslated(self)

    def _show_session(self) -> None:
        """The whole timeline's months, whatever the filter shows (the strip keeps its scale); the shown bulletins."""
        if len(self._session.timeline):
            first, last = self._session.month_range()
            (first_year, first_month), (last_year, last_month) = month_of_key(first), month_of_key(last + 1)
            self._first_day = dt.date(first_year, first_month, 1).toordinal()
            self._last_day = max(self._first_day, dt.date(last_year, last_month, 1).toordinal() - 1)
        else:  # no bulletins: this year, empty
            today = dt.date.today()
            self._first_day = dt.date(today.year, 1, 1).toordinal()
            self._last_day = dt.date(today.year, 12, 31).toordinal()
        self._recount()

    def _show_query(self) -> None:
        self._follower.changed(len(self._session.shown_positions), len(self._session.timeline))

    def _recount(self) -> None:
        self._bins = None
        self.update()

    def retranslate(self) -> None:
        self.setAccessibleName(_("Overview"))
        self.setAccessibleDescription(
            _("Bulletins over the whole period and the time axis's window; click to go there, drag to move the window")
        )
        self.setToolTip(_("Bulletins over the whole period; click to go there, drag the frame to move the time axis"))
        self.update()  # the years are written in the language's numerals

    def sizeHint(self) -> QSize:
        return QSize(400, 48)

    def set_visible(self, first_month: int | None, last_month: int | None) -> None:
        """The months (domain.query.month_key) of the list's rows on screen, shaded."""
        visible = None
        if first_month is not None and last_month is not None:
            low, high = sorted((first_month, last_month))
            first_year, first = month_of_key(low)
            last_year, last = month_of_key(high + 1)
            visible = (dt.date(first_year, first, 1).toordinal(), dt.date(last_year, last, 1).toordinal() - 1)
        if visible != self._visible:
            self._visible = visible
            self.update()

    def set_window(self, first_day: float | None, last_day: float | None) -> None:
        window = (first_day, last_day) if first_day is not None and last_day is not None else None
        if window != self._window:
            self._window = window
            self.update()

    def day_count(self) -> int:
        return self._last_day - self._first_day + 1

    def _x(self, day: float) -> float:
        return (day - self._first_day) * self.width() / self.day_count()

    def day_at(self, x: float) -> float:
        return self._first_day + x * self.day_count() / max(1, self.width())

    def month_at(self, x: float) -> int:
        day = dt.date.fromordinal(int(min(self._last_day, max(self._first_day, self.day_at(x)))))
        return month_key(day.year, day.month)

    def bins(self) -> list[int]:
        """Bulletins per pixel column, left to right (of the filter before, while many shown wait for a pause
        in typing: see pacing.py)."""
        width = max(1, self.width())
        if self._bins is None or self._bins[0] != width:
            shown, day, count = self._session.shown_positions, self._session.timeline.days.__getitem__, self.day_count()
            first, step = self._first_day, count / width
            edges = list(map(partial(bisect_left, shown, key=day), [first + column * step for column in range(width)]))
            edges.append(len(shown))
            self._bins = (width, list(map(sub, edges[1:], edges[:-1])))
        return self._bins[1]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        colors = scheme(
            self.palette(), QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        painter.fillRect(self.rect(), colors.base)
        metrics = QFontMetricsF(self.font())
        label_height = metrics.height()
        height = self.height() - label_height - 2
        if self._visible is not None:
            first, last = self._visible
            painter.fillRect(QRectF(self._x(first), 0, self._x(last + 1) - self._x(first), self.height()), colors.shade)
        bins = self.bins() if self._session.shown_positions else []
        peak = max(bins, default=0)
        if peak:
            bars = [
                QRectF(column, 1 + height - tall, 1, tall)
                for column, tall in enumerate(max(1.0, height * count / peak) if count else 0.0 for count in bins)
                if tall
            ]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.accent)
            painter.drawRects(bars)  # one call for the thousand columns
        # Year ticks: the axis's own choice of level, at the strip's scale, no finer than years.
        scale = axis.Scale(self._first_day, self.width() / self.day_count())
        level, ticks = axis.ticks(scale, self.width(), metrics.horizontalAdvance, gap=6.0)
        if level in ("year", "decade"):
            for tick in ticks:
                painter.setPen(colors.rule)
                painter.drawLine(QPointF(tick.x, height - 3 if tick.label else height), QPointF(tick.x, height + 2))
                if tick.label:
                    painter.setPen(colors.text)
                    painter.drawText(
                        QRectF(tick.x + 2, height + 1, tick.label_width + 2, label_height),
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                        tick.label,
                    )
        if self._window is not None:
            first, last = self._window
            painter.setPen(QPen(colors.accent, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            left, right = self._x(first), self._x(last)
            painter.drawRect(QRectF(left, 1, max(3.0, right - left), self.height() - 2))
        painter.setPen(colors.rule)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _in_window(self, x: float) -> bool:
        if self._window is None:
            return False
        left, right = self._x(self._window[0]), self._x(self._window[1])
        return left - 3 <= x <= max(right, left + 3) + 3

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click scrolls the list to its month; outside the axis's frame it also centres the axis there. Either
        way the frame is then held, and follows the pointer while the button is down."""
        if event.button() == Qt.MouseButton.LeftButton and self._session.shown_positions:
            x = event.position().x()
            self.monthClicked.emit(self.month_at(x))
            if not self._in_window(x):
                self.dayClicked.emit(self.day_at(x))
            if self._window is not None:
                self._grab = self.day_at(x) - self._window[0]
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if event.buttons() & Qt.MouseButton.LeftButton and self._grab is not None:
            self.monthClicked.emit(self.month_at(x))
            self.windowMoved.emit(self.day_at(x) - self._grab)
        self.setCursor(Qt.CursorShape.SizeHorCursor if self._in_window(x) else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._grab = None
        super().mouseReleaseEvent(event)
