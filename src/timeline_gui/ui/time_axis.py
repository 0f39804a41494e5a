"""The time axis: bulletins on a zoomable time scale, in lanes, in step with the list.

A QWidget painting itself rather than a QGraphicsView: a frame draws at most a few hundred markers, titles and
clusters laid out afresh from the view (domain/axis.py), so a scene holding an item per bulletin (a million at
worst, 100+ bytes each) would cost memory and upkeep for nothing the layout does not already give.

The axis keeps no state of the session's: it observes what the session shows, its current bulletin and its
selection, and changes them only through the session's methods (a click, an arrow key, a brushed range).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Generator

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QFontMetricsF,
    QKeySequence,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QGestureEvent, QMenu, QPinchGesture, QSizePolicy, QWidget

from timeline_gui import i18n
from timeline_gui.domain import axis, lanes
from timeline_gui.domain.lanes import Narrowed
from timeline_gui.domain.model import Taxonomy, Timeline
from timeline_gui.i18n import N_, _
from timeline_gui.ui import pacing
from timeline_gui.ui.colors import Scheme, mix, scheme
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.session import Session
from timeline_gui.ui.settings import Settings

_SHADES = 16  # cluster shades, from the button colour to the busiest
_NARROWING_SLICE_S = 0.008  # many shown bulletins are sorted into lanes this long at each turn of the event loop
_MOST_TILES = 4_000  # cluster tiles kept (a few hundred per zoom level): drawn again when the cache is full
_ZOOM_STEP = 1.25  # one wheel notch or key press
_PAN_SHARE = 0.25  # Ctrl+Left/Right move the view by a quarter of its width
_DRAG_THRESHOLD = 4  # pixels a press moves before it is a drag, not a click

_LANE_MODE_NAMES = {
    lanes.BY_INITIATIVE: N_("&Lanes by Initiative"),
    lanes.BY_CRIME_TYPE: N_("Lanes by Kind of &Crime"),
    lanes.SINGLE_LANE: N_("A &Single Lane"),
}


class TimeAxis(QWidget):
    viewChanged = Signal(float, float)  # the first and last day in view (the overview's frame follows them)
    laidOut = Signal()  # the lanes now hold what the session shows

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setObjectName("time-axis")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)
        self.setMouseTracking(True)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self._data: axis.AxisData | None = None
        self._days: array | None = None
        self._timeline: Timeline | None = None
        self._mode = lanes.BY_INITIATIVE
        self._scale: axis.Scale | None = None
        self._frame: axis.Frame | None = None
        self._frame_key: tuple | None = None
        self._current: int | None = None
        self._selected: tuple[tuple[int, int], ...] = ()  # the session's selection runs (timeline positions)
        self._anchor: int | None = None  # where a keyboard range starts (a timeline position)
        self._press: QPointF | None = None
        self._dragged = False
        self._brush: tuple[float, float] | None = None  # x from, x to
        self._widths: dict[str, float] = {}
        self._elisions: dict[tuple[str, int], str] = {}
        self._stamp_key: tuple | None = None
        self._tile_key: tuple | None = None
        self._tile_set: dict[tuple[tuple[int, int], int, str], QPixmap] = {}
        self._stamp_set: tuple[QPixmap, QPixmap, QPixmap]
        self._fitted = False  # the view shows all that is shown, so it fits again when the width changes
        self._pending_zoom: float | None = None  # pixels per day remembered from the last run
        self._metrics = QFontMetricsF(self.font())
        self._narrowing: tuple[lanes.LaneTable, array, Generator[None, None, Narrowed]] | None = None
        self._narrow_timer = QTimer(self)  # a slice of the narrowing at each turn of the event loop
        self._follower = pacing.Follower(self._follow_query, self)
        self._narrow_timer.timeout.connect(self._narrow_some)
        self._size_hint: tuple[Taxonomy | None, str, QSize] | None = None
        self._build_actions()
        session.timeline_changed.connect(self._show_timeline)
        session.query_changed.connect(self._show_query)
        session.current_changed.connect(self._show_current)
        session.selection_changed.connect(self._show_selection)
        self._show_timeline()
        self.retranslate()
        retranslated(self)

    # ------------------------------------------------------------ actions (each listed in the F1 sheet)
    def _action(self, keys: list[str], slot) -> QAction:
        action = QAction(self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.menu = QMenu(self)
        self.menu.setObjectName("time-axis-menu")
        self.previous_action = self._action(["Left"], lambda: self.step(-1))
        self.next_action = self._action(["Right"], lambda: self.step(1))
        self.extend_previous_action = self._action(["Shift+Left"], lambda: self.step(-1, extend=True))
        self.extend_next_action = self._action(["Shift+Right"], lambda: self.step(1, extend=True))
        self.first_action = self._action(["Home"], lambda: self.go_to_end(-1))
        self.last_action = self._action(["End"], lambda: self.go_to_end(1))
        self.zoom_in_action = self._action(["+", "=", "Ctrl++"], lambda: self.zoom(_ZOOM_STEP))
        self.zoom_out_action = self._action(["-", "Ctrl+-"], lambda: self.zoom(1 / _ZOOM_STEP))
        self.fit_action = self._action(["Ctrl+0"], self.fit)
        self.pan_left_action = self._action(["Ctrl+Left"], lambda: self.pan(self.width() * _PAN_SHARE))
        self.pan_right_action = self._action(["Ctrl+Right"], lambda: self.pan(-self.width() * _PAN_SHARE))
        for action in (
            self.previous_action,
            self.next_action,
            self.extend_previous_action,
            self.extend_next_action,
            self.first_action,
            self.last_action,
        ):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            self.menu.addAction(action)
        self.menu.addAction(self.pan_left_action)
        self.menu.addAction(self.pan_right_action)
        self.menu.addSeparator()
        self.lane_group = QActionGroup(self)
        self.lane_actions: dict[str, QAction] = {}
        for number, mode in enumerate(lanes.LANE_MODES, start=1):
            action = QAction(self, checkable=True)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_lane_mode(m))
            self.addAction(action)
            self.lane_group.addAction(action)
            self.menu.addAction(action)
            self.lane_actions[mode] = action
        self.lane_actions[self._mode].setChecked(True)

    def retranslate(self) -> None:
        self.menu.setTitle(_("Time &Axis"))
        self.previous_action.setText(_("Previous Bulletin on the Axis"))
        self.next_action.setText(_("Next Bulletin on the Axis"))
        self.extend_previous_action.setText(_("Extend the Range to the Previous Bulletin"))
        self.extend_next_action.setText(_("Extend the Range to the Next Bulletin"))
        self.first_action.setText(_("First Bulletin on the Axis"))
        self.last_action.setText(_("Last Bulletin on the Axis"))
        self.zoom_in_action.setText(_("Zoom &In"))
        self.zoom_out_action.setText(_("Zoom &Out"))
        self.fit_action.setText(_("&Fit All Shown"))
        self.pan_left_action.setText(_("Move Earlier"))
        self.pan_right_action.setText(_("Move Later"))
        for mode, action in self.lane_actions.items():
            action.setText(_(_LANE_MODE_NAMES[mode]))
        self.setAccessibleDescription(
            _(
                "Bulletins on a time scale, in lanes. Left and Right go from bulletin to bulletin, plus and minus "
                "zoom, Shift with Left or Right selects a range"
            )
        )
        self.setToolTip(
            _(
                "Wheel or pinch: zoom. Drag: move. Shift+drag: show only a date range, selected. "
                "Click a cluster to zoom into it."
            )
        )
        self._frame_key = None
        self._announce()
        self.update()

    # ------------------------------------------------------------ what is shown
    # ------------------------------------------------------------ following the session
    def _show_timeline(self) -> None:
        timeline = self._session.timeline
        if timeline is not self._timeline:
            self._timeline = timeline
            self._days = timeline.days
            self._data = None
        self._show_query()
        self._show_current()
        self._show_selection()

    def _show_query(self) -> None:
        if self._timeline is None or self._days is None:
            return
        self._narrowing = None
        self._narrow_timer.stop()
        self._follower.changed(len(self._session.shown_positions), len(self._timeline))

    def _follow_query(self) -> None:
        """Sorts what the session shows into lanes: at once for a few thousand, else a slice at a time between
        events (some 100 ms of work at a million), the axis showing the lanes it had until then."""
        if self._timeline is None:
            return
        table = self._session.timeline_index.lanes(self._mode)  # built by the loader thread
        shown = self._session.shown_positions
        if len(shown) <= pacing.AT_ONCE or len(shown) == len(table):
            self._adopt(axis.AxisData(table, shown))
            return
        self._narrowing = (table, shown, table.narrowing(shown))
        self._narrow_timer.start(0)

    def _narrow_some(self) -> None:
        if self._narrowing is None:
            self._narrow_timer.stop()
            return
        table, shown, steps = self._narrowing
        deadline = time.perf_counter() + _NARROWING_SLICE_S
        try:
            while time.perf_counter() < deadline:
                next(steps)
        except StopIteration as done:
            self._narrowing = None
            self._narrow_timer.stop()
            self._adopt(axis.AxisData(table, shown, done.value))

    def _adopt(self, data: axis.AxisData) -> None:
        first_time = self._data is None
        self._data = data
        self._frame_key = None
        if first_time or self._scale is None:
            self.fit()
        self.update()
        self.laidOut.emit()

    def is_narrowing(self) -> bool:
        """True until the lanes hold what the filter last set shows (the axis shows the ones before)."""
        return self._narrowing is not None or self._follower.pending()

    def _show_current(self) -> None:
        current = self._session.current
        self.set_current(self._timeline.index_of(current) if current is not None and self._timeline else None)

    def _show_selection(self) -> None:
        self._selected = self._session.selection
        self.update()

    def _choose(self, position: int, extend: bool = False) -> None:
        """Makes the bulletin at ``position`` current: alone selected, or (``extend``) the range from the anchor."""
        assert self._timeline is not None
        bulletin_id = self._timeline[position].id
        if not extend or self._anchor is None:
            self._anchor = position if extend else None
            self._session.select(bulletin_id)
            return
        self._session.set_current(bulletin_id)
        low, high = sorted((self._shown_index(self._anchor), self._shown_index(position)))
        self._session.set_selection(self._session.runs_of_spans([(low, high)]))

    @property
    def data(self) -> axis.AxisData | None:
        return self._data

    @property
    def frame(self) -> axis.Frame | None:
        """The frame last laid out (what is on screen)."""
        return self._frame

    def lane_mode(self) -> str:
        return self._mode

    def set_lane_mode(self, mode: str) -> None:
        if mode not in lanes.LANE_MODES:
            return
        self.lane_actions[mode].setChecked(True)
        if mode != self._mode:
            self._mode = mode
            self.updateGeometry()
            if self._data is not None:
                self._show_query()
            self._announce()

    def scale(self) -> axis.Scale | None:
        return self._scale

    def set_scale(self, scale: axis.Scale) -> None:
        self._fitted = False
        if scale != self._scale:
            self._scale = scale
            self._frame_key = None
            self.update()
            self._emit_view()

    def _emit_view(self) -> None:
        days = self.visible_days()
        if days is not None:
            self.viewChanged.emit(*days)

    def visible_days(self) -> tuple[float, float] | None:
        if self._scale is None:
            return None
        return self._scale.day_at(0), self._scale.day_at(self.width())

    def show_days(self, first_day: float) -> None:
        """Moves the view so that it starts at ``first_day`` (the overview's frame dragged), keeping its zoom."""
        if self._scale is not None:
            self.set_scale(axis.Scale(first_day, self._scale.pixels_per_day))

    def centre_on(self, day: float) -> None:
        """Moves the view so that ``day`` is in the middle (a click on the overview), keeping its zoom."""
        if self._scale is not None:
            self.set_scale(self._scale.centred_on(day, self.width()))

    def set_current(self, position: int | None) -> None:
        if position == self._current:
            return
        self._current = position
        # A fitted view shows every bulletin shown (it fits again as the width changes): nothing to bring in view.
        if position is not None and self._days is not None and self._scale is not None and not self._fitted:
            x = self._scale.x(self._days[position])
            if not 0 <= x <= self.width():
                self.set_scale(self._scale.centred_on(self._days[position], self.width()))
        self._announce()
        self.update()

    # ------------------------------------------------------------ zoom, pan, keys
    def fit(self) -> None:
        shown = self._session.shown_positions
        if self._days is None or not shown:
            today = dt.date.today().toordinal()
            self.set_scale(axis.Scale.fit(today - 365, today, max(1, self.width())))
            return
        self.set_scale(axis.Scale.fit(self._days[shown[0]], self._days[shown[-1]], max(1, self.width())))
        self._fitted = True

    def restore_from(self, settings: Settings) -> None:
        """The lanes and zoom of the last run."""
        if settings.axis_lanes in lanes.LANE_MODES:
            self.set_lane_mode(settings.axis_lanes)
        zoom = settings.axis_zoom
        if zoom is not None:
            self.restore_zoom(zoom)

    def save_to(self, settings: Settings) -> None:
        settings.axis_lanes = self._mode
        if self._scale is not None:
            settings.axis_zoom = self._scale.pixels_per_day

    def restore_zoom(self, pixels_per_day: float) -> None:
        """The zoom of the last run, applied around the current bulletin once the axis has its width."""
        self._pending_zoom = pixels_per_day
        if self.isVisible():
            self._apply_pending_zoom()

    def _apply_pending_zoom(self) -> None:
        if self._pending_zoom is None or self._scale is None:
            return
        pixels, self._pending_zoom = self._pending_zoom, None
        self.fit()
        self.zoom(pixels / self._scale.pixels_per_day)

    def zoom(self, factor: float, around_x: float | None = None) -> None:
        if self._scale is None:
            return
        if around_x is None:
            around_x = self.width() / 2
            if self._current is not None and self._days is not None:
                x = self._scale.x(self._days[self._current])
                around_x = x if 0 <= x <= self.width() else around_x
        self.set_scale(self._scale.zoomed(factor, around_x))

    def pan(self, dx: float) -> None:
        if self._scale is not None:
            self.set_scale(self._scale.panned(dx))

    def step(self, step: int, extend: bool = False) -> None:
        if self._timeline is None:
            return
        target = axis.neighbour(self._session.shown_positions, self._current, step)
        if target is None:
            return
        if extend and self._anchor is None:
            self._anchor = self._current if self._current is not None else target
        self._choose(target, extend)

    def go_to_end(self, direction: int) -> None:
        shown = self._session.shown_positions
        if self._timeline is None or not shown:
            return
        self._choose(shown[0 if direction < 0 else -1])

    def _shown_index(self, position: int) -> int:
        return bisect_left(self._session.shown_positions, position)

    def contextMenuEvent(self, event) -> None:
        """A right click, or the Menu key: the axis's commands (also under View)."""
        self.menu.popup(event.globalPos())

    # ------------------------------------------------------------ accessibility
    def current_description(self) -> str:
        """What a screen reader says of the current bulletin: "date, title, lane"."""
        if self._current is None or self._data is None or self._timeline is None:
            return _("Time axis")
        bulletin = self._timeline[self._current]
        names = ", ".join(
            lanes.lane_label(self._data.lanes[number].key, self._timeline.taxonomy)
            for number in self._data.lanes_of(self._current)
        )
        return ", ".join(
            part for part in (i18n.format_date(bulletin.date), bulletin.title(i18n.language()), names) if part
        )

    def _announce(self) -> None:
        self.setAccessibleName(self.current_description())
        if self.hasFocus():
            # Imported here: the first use of QAccessible builds its eight enums (1.3 ms), and at start the axis
            # has no focus.
            from PySide6.QtGui import QAccessible, QAccessibleEvent

            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))

    # ------------------------------------------------------------ layout and painting
    def sizeHint(self) -> QSize:
        """Tall enough for every lane to show one row of markers (and the eras' row), so none is cut off."""
        # Asked for dozens of times by the layouts at start: kept until the font, the lanes or the taxonomy change.
        timeline = self._session.timeline
        taxonomy = timeline.taxonomy if timeline is not None else None
        cached = self._size_hint
        if cached is not None and cached[0] is taxonomy and cached[1] == self._mode:
            return QSize(cached[2])
        text = math.ceil(QFontMetricsF(self.font()).height())
        row = text + 4
        count = len(lanes.lane_keys(taxonomy, self._mode)) if taxonomy is not None else 1
        size = QSize(600, row + 4 + row + count * (text + row) + 4)  # the tick strip, the eras' row, the lanes
        self._size_hint = (taxonomy, self._mode, size)
        return QSize(size)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def _measure(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) > 20_000:  # noqa: PLR2004 - titles of many views; measured again when gone
                self._widths.clear()
            width = self._widths[text] = self._metrics.horizontalAdvance(text)
        return width

    def _colors(self) -> Scheme:
        group = QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        return scheme(self.palette(), group)

    def _tiles(self, colors: Scheme) -> dict[tuple[tuple[int, int], int, str], QPixmap]:
        """The cluster tiles drawn so far, for the palette's colours (all drawn again when those change)."""
        key = (colors, self.devicePixelRatioF(), self.font().key())
        if self._tile_key != key or len(self._tile_set) > _MOST_TILES:
            self._tile_key, self._tile_set = key, {}
        return self._tile_set

    def _tile(self, colors: Scheme, size: tuple[int, int], shade: int, text: str, text_width: float) -> QPixmap:
        """A cluster drawn once: a plain rectangle (a rounded, antialiased one costs ten times as much), its
        count centred at a baseline (a point costs no text layout, where a rectangle with alignment does)."""
        ratio = self.devicePixelRatioF()
        width, height = size
        tile = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
        tile.setDevicePixelRatio(ratio)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        rect = QRectF(0, 1, width, height - 2)
        painter.fillRect(rect, mix(colors.cluster, colors.cluster_busy, shade / _SHADES))
        painter.setPen(colors.axis_rule)
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        if text:
            painter.setFont(self.font())
            painter.setPen(colors.cluster_text)
            baseline = (height + self._metrics.ascent() - self._metrics.descent()) / 2
            painter.drawText(QPointF((width - text_width) / 2, baseline), text)
        painter.end()
        self._tile_set[(size, shade, text)] = tile
        return tile

    def _stamps(self, radius: float) -> tuple[QPixmap, QPixmap, QPixmap]:
        """A marker drawn once (plain, selected, current) in the palette's colours: stamping a pixmap costs a
        tenth of drawing an antialiased circle, hundreds of times a frame."""
        palette = self.palette()
        colors = self._colors()
        key = (radius, palette.cacheKey(), self.isActiveWindow(), self.devicePixelRatioF())
        if self._stamp_key != key:
            ratio = self.devicePixelRatioF()
            size = math.ceil(2 * radius + 4)
            made = []
            for kind in range(3):
                pixmap = QPixmap(round(size * ratio), round(size * ratio))
                pixmap.setDevicePixelRatio(ratio)
                pixmap.fill(Qt.GlobalColor.transparent)
                stamp = QPainter(pixmap)
                stamp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                centre = QPointF(size / 2, size / 2)
                if kind:
                    stamp.setPen(Qt.PenStyle.NoPen)
                    stamp.setBrush(colors.accent)
                    stamp.drawEllipse(centre, radius + (kind - 1), radius + (kind - 1))
                else:
                    stamp.setPen(QPen(colors.text, 1.2))
                    stamp.setBrush(colors.base)
                    stamp.drawEllipse(centre, radius - 0.5, radius - 0.5)
                stamp.end()
                made.append(pixmap)
            self._stamp_set = (made[0], made[1], made[2])
            self._stamp_key = key
        return self._stamp_set

    def _elided(self, title: str, width: float) -> str:
        """``title`` cut to ``width`` pixels; kept, as a pan or a repaint draws the same titles at the same widths."""
        key = (title, int(width))
        elided = self._elisions.get(key)
        if elided is None:
            if len(self._elisions) > 20_000:  # noqa: PLR2004
                self._elisions.clear()
            elided = self._elisions[key] = self._metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(width))
        return elided

    def current_frame(self) -> axis.Frame | None:
        """The frame of the view as it is now: laid out again only when the scale, size, data or language changed."""
        if self._data is None or self._scale is None:
            return None
        key = (
            self._scale,
            self.width(),
            self.height(),
            id(self._data),
            i18n.language(),
            self.font().key(),
            dt.date.today(),
        )
        if key != self._frame_key or self._frame is None:
            self._metrics = QFontMetricsF(self.font())
            row = math.ceil(self._metrics.height()) + 4
            metrics = axis.Metrics(
                axis_height=row + 4,
                lane_header=math.ceil(self._metrics.height()),
                row_height=row,
                marker_radius=max(3.0, row / 4),
                max_label=max(120.0, self._metrics.averageCharWidth() * 40),
                min_label=self._metrics.averageCharWidth() * 5,
                bucket=max(48.0, self._metrics.horizontalAdvance("0,000,000") + row),
            )
            self._frame = axis.lay_out(
                self._data,
                self._scale,
                self.width(),
                self.height(),
                self._measure,
                metrics,
                eras=axis.eras_of(self._data.timeline),
                today=dt.date.today(),
            )
            self._frame_key = key
        return self._frame

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        colors = self._colors()
        painter.fillRect(self.rect(), colors.base)
        frame = self.current_frame()
        if frame is None or self._data is None or self._timeline is None:
            painter.end()
            return
        metrics = frame.metrics
        text, mid, highlight = colors.text, colors.axis_rule, colors.accent
        # Lanes, alternating, each with its name.
        alternate = colors.lane_band
        for number, top in enumerate(frame.lane_tops):
            if number % 2:
                painter.fillRect(QRectF(0, top, self.width(), frame.lane_height), alternate)
        # Tick strip.
        painter.fillRect(QRectF(0, 0, self.width(), metrics.axis_height), colors.axis_strip)
        painter.setPen(mid)
        painter.drawLine(QPointF(0, metrics.axis_height), QPointF(self.width(), metrics.axis_height))
        for tick in frame.ticks:
            if tick.label:
                painter.setPen(mid)
                painter.drawLine(QPointF(tick.x, 0), QPointF(tick.x, self.height()))
                painter.setPen(colors.axis_text)
                painter.drawText(
                    QRectF(tick.x + 3, 0, tick.label_width + 2, metrics.axis_height),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    tick.label,
                )
            else:
                painter.setPen(mid)
                painter.drawLine(QPointF(tick.x, metrics.axis_height - 5), QPointF(tick.x, metrics.axis_height))
        # Eras: bands under everything, their names in the row under the ticks'; today, a dashed line.
        band = colors.era_band
        for era in frame.eras:
            painter.fillRect(QRectF(era.left, frame.era_top, era.right - era.left, self.height()), band)
            if era.label_width:
                painter.setPen(colors.axis_text)
                painter.drawText(
                    QRectF(max(era.left, 0) + metrics.gap, frame.era_top, era.label_width, metrics.row_height),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    self._elided(era.label, era.label_width),
                )
        if frame.today is not None:
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(frame.today, 0), QPointF(frame.today, self.height()))
        # Lane names.
        painter.setPen(colors.lane_name)
        for number, top in enumerate(frame.lane_tops):
            name = lanes.lane_label(self._data.lanes[number].key, self._timeline.taxonomy)
            painter.drawText(
                QRectF(4, top, self.width() - 8, metrics.lane_header),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        # Eras would go under the markers; the brushed range too.
        if self._brush is not None:
            left, right = sorted(self._brush)
            painter.fillRect(QRectF(left, metrics.axis_height, right - left, self.height()), colors.shade)
        # Clusters: tiles drawn once and stamped (a pan redraws the same counts), the button colour blended towards
        # the highlight where busier.
        densest = math.log1p(max((cluster.count for cluster in frame.clusters), default=1))
        tiles = self._tiles(colors)
        for cluster in frame.clusters:
            shade = round(math.log1p(cluster.count) / densest * _SHADES)
            size = (round(cluster.right - cluster.left), round(cluster.bottom - cluster.top))
            tile = tiles.get((size, shade, cluster.text))
            if tile is None:
                tile = self._tile(colors, size, shade, cluster.text, cluster.text_width)
            painter.drawPixmap(QPointF(round(cluster.left), cluster.top), tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # Markers and their titles.
        r = metrics.marker_radius
        baseline = (metrics.row_height + self._metrics.ascent() - self._metrics.descent()) / 2
        runs = self._selected
        run_starts = [first for first, _last in runs]
        bulletins = self._timeline.bulletins
        language = i18n.language()
        stamps = self._stamps(r)
        for marker in frame.markers:
            is_current = marker.position == self._current
            at = bisect_right(run_starts, marker.position) - 1
            is_selected = at >= 0 and marker.position <= runs[at][1]
            stamp = stamps[2 if is_current else 1 if is_selected else 0]
            half = stamp.deviceIndependentSize().width() / 2
            painter.drawPixmap(QPointF(marker.x - half, marker.top + metrics.row_height / 2 - half), stamp)
            if marker.text_width:
                title = self._elided(bulletins[marker.position].title(language), marker.text_width)
                if is_current:
                    rect = QRectF(marker.text_left, marker.top, marker.text_width, metrics.row_height)
                    painter.fillRect(rect, colors.selection)
                    painter.setPen(colors.selected_text)
                else:
                    painter.setPen(text)
                # At a baseline: a point costs no text layout, where a rectangle with alignment does.
                painter.drawText(QPointF(marker.text_left, marker.top + baseline), title)
        if self.hasFocus():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(highlight, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()
            self._elisions.clear()
            self._frame_key = None
            self._size_hint = None
            self.update()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted and event.size().width() != event.oldSize().width():
            self.fit()
        self._apply_pending_zoom()
        self._emit_view()

    # ------------------------------------------------------------ mouse, wheel, pinch
    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if abs(delta.y()) >= abs(delta.x()) and delta.y():
            self.zoom(_ZOOM_STEP ** (delta.y() / 120), event.position().x())
        elif delta.x():
            self.pan(delta.x() / 2)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if (
            isinstance(event, QNativeGestureEvent) and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):  # a touchpad pinch: value() is the change in scale since the last event
            self.zoom(1 + event.value(), event.position().x())
            return True
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                change = pinch.scaleFactor()
                if change > 0:
                    self.zoom(change, self.mapFromGlobal(pinch.centerPoint().toPoint()).x())
                event.accept()
                return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position()
            self._dragged = False
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._brush = (event.position().x(), event.position().x())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = event.position() - self._press
            if not self._dragged and abs(moved.x()) + abs(moved.y()) >= _DRAG_THRESHOLD:
                self._dragged = True
            if self._dragged:
                if self._brush is not None:
                    self._brush = (self._brush[0], event.position().x())
                    self.update()
                else:
                    self.pan(moved.x())
                    self._press = event.position()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if self._brush is not None and self._dragged:
                self.brush(*self._brush)
            elif not self._dragged:
                self._click(event.position())
            self._press = None
            self._brush = None
            self.update()
        super().mouseReleaseEvent(event)

    def brush(self, x_from: float, x_to: float) -> None:
        """A Shift+drag between two x positions: the days it covers become the date-range filter, as the From
        and To fields would set it, and the bulletins shown in them the selection (the export dialog starts
        from it). The days under the pointer where the drag began and ended are included."""
        if self._days is None or self._scale is None:
            return
        low_x, high_x = sorted((x_from, x_to))
        first_day, last_day = math.floor(self._scale.day_at(low_x)), math.floor(self._scale.day_at(high_x))
        self._session.set_date_range(dt.date.fromordinal(first_day), dt.date.fromordinal(last_day))
        shown, day = self._session.shown_positions, self._days.__getitem__  # the bulletins of the range now
        low = bisect_left(shown, first_day, key=day)
        high = bisect_right(shown, last_day, key=day) - 1
        if high >= low:
            self._anchor = shown[low]
            self._choose(shown[high], extend=True)

    def _click(self, point: QPointF) -> None:
        frame = self.current_frame()
        if frame is None:
            return
        marker = frame.marker_at(point.x(), point.y())
        if marker is not None:
            self._choose(marker.position)
            return
        cluster = frame.cluster_at(point.x(), point.y())
        if cluster is not None:  # its bulletins spread over the width, less a margin
            width = max(1, self.width())
            self.set_scale(axis.Scale.fit(cluster.first_day, cluster.last_day, width, margin=width / 8))
