"""The time axis laid out without Qt: scale, ticks, lanes, rows and clusters of one frame.

Days are proleptic ordinals (``date.toordinal()``); a bulletin sits at noon of its day, so that at a day's zoom
it stands between that day's tick and the next. The bulletins a filter shows are kept per lane as two parallel
``array('i')`` (positions and days, ascending): a frame bisects them for what is in view, so its cost follows the
width of the view, not the number of bulletins.

The values of a frame are named tuples, not dataclasses: the app builds these classes as it starts, and a
``NamedTuple`` is built in a fraction of the time (``dataclass`` compiles each generated method).

Clusters are cut on a grid of ``Metrics.bucket`` pixels fixed to the scale (not to the view), so a cluster keeps
its count while the view pans and splits into finer buckets as the view zooms in. The counts are exact: the
buckets partition the lane's bulletins in view.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from timeline_gui import i18n
from timeline_gui.domain.lanes import BY_INITIATIVE, Lane, LaneTable, Narrowed
from timeline_gui.domain.model import Timeline

FIRST_DAY, LAST_DAY = dt.date.min.toordinal(), dt.date.max.toordinal()


MIN_PIXELS_PER_DAY = 0.002  # some 1,400 years across a wide window
MAX_PIXELS_PER_DAY = 400.0  # a day wider than a title


class Scale(NamedTuple):
    """x = (day + 0.5 - origin) * pixels_per_day: ``origin`` is the day at the left edge of the view."""

    origin: float
    pixels_per_day: float

    def x(self, day: float) -> float:
        return (day + 0.5 - self.origin) * self.pixels_per_day

    def x_of(self, date: dt.date) -> float:
        return self.x(date.toordinal())

    def day_at(self, x: float) -> float:
        """The (fractional) day whose start is at ``x``."""
        return self.origin + x / self.pixels_per_day

    def zoomed(self, factor: float, around_x: float) -> Scale:
        """``factor`` times as many pixels per day, the day under ``around_x`` staying there."""
        pixels = min(MAX_PIXELS_PER_DAY, max(MIN_PIXELS_PER_DAY, self.pixels_per_day * factor))
        anchor = self.day_at(around_x)
        return Scale(anchor - around_x / pixels, pixels)

    def panned(self, dx: float) -> Scale:
        """The view moved so that what was at x is at x + dx."""
        return Scale(self.origin - dx / self.pixels_per_day, self.pixels_per_day)

    def centred_on(self, day: float, width: float) -> Scale:
        return Scale(day + 0.5 - width / 2 / self.pixels_per_day, self.pixels_per_day)

    @classmethod
    def fit(cls, first_day: int, last_day: int, width: float, margin: float = 24.0) -> Scale:
        """The days from ``first_day`` to ``last_day`` (whole) across ``width`` pixels, ``margin`` kept each side."""
        span = max(1, last_day - first_day + 1)
        pixels = max(MIN_PIXELS_PER_DAY, min(MAX_PIXELS_PER_DAY, max(1.0, width - 2 * margin) / span))
        middle = (first_day + last_day + 1) / 2
        return Scale(middle - width / 2 / pixels, pixels)


# ---------------------------------------------------------------- what a filter shows, by lane


class AxisData:
    """The bulletins a filter shows (``shown``, ascending positions), by lane, with their days: ``table``'s lanes
    narrowed to ``shown``."""

    def __init__(self, table: LaneTable, shown: array, narrowed: Narrowed | None = None) -> None:
        """``narrowed`` is ``table.narrowed(shown)`` when already computed (a slice at a time, by the widget)."""
        self.timeline = table.timeline
        self.mode = table.mode
        self.all_days = table.days
        self.shown = shown
        if len(shown) == len(table):  # shown positions are ascending and distinct: everything is shown
            self.shown_days = table.days
            self.lanes: tuple[Lane, ...] = table.lanes
            return
        self.shown_days, self.lanes = narrowed if narrowed is not None else table.narrowed(shown)

    @classmethod
    def of(
        cls, timeline: Timeline, shown: array, tagged: Callable[[str], Sequence[int]], mode: str = BY_INITIATIVE
    ) -> AxisData:
        """The lanes of ``timeline`` built and narrowed at once, for a timeline laid out once (the PDF's figure)."""
        return cls(LaneTable(timeline, tagged, mode), shown)

    def __len__(self) -> int:
        return len(self.shown)

    @property
    def first_day(self) -> int | None:
        return self.shown_days[0] if self.shown_days else None

    @property
    def last_day(self) -> int | None:
        return self.shown_days[-1] if self.shown_days else None

    def lanes_of(self, position: int) -> tuple[int, ...]:
        """The lanes (numbers) a shown bulletin is in."""
        day = self.all_days[position]
        found = []
        for number, lane in enumerate(self.lanes):
            at = bisect_left(lane.days, day)
            end = bisect_right(lane.days, day, at)
            if position in lane.positions[at:end]:
                found.append(number)
        return tuple(found)

    def between(self, first_day: int, last_day: int) -> array:
        """Positions of the shown bulletins dated from ``first_day`` to ``last_day`` (both included)."""
        low, high = sorted((first_day, last_day))
        start = bisect_left(self.shown_days, low)
        return self.shown[start : bisect_right(self.shown_days, high, start)]

    def neighbour(self, position: int | None, step: int) -> int | None:
        return neighbour(self.shown, position, step)


def neighbour(shown: Sequence[int], position: int | None, step: int) -> int | None:
    """The shown bulletin ``step`` places after (before, when negative) ``position`` in time (``shown`` holds
    positions, ascending); from nothing, the first (last) one."""
    if not shown:
        return None
    if position is None:
        return shown[0] if step > 0 else shown[-1]
    at = bisect_left(shown, position)
    shown_here = at < len(shown) and shown[at] == position
    # A bulletin not shown: the nearest in that direction.
    target = at + step if shown_here else (at if step > 0 else at - 1)
    return shown[target] if 0 <= target < len(shown) else None


# ---------------------------------------------------------------- eras

_OPENED = re.compile(r"\bopened in (\d{4})\b")


def eras_of(timeline: Timeline, language: str | None = None) -> list[tuple[str, int, int]]:
    """(label, first day, last day) of each period to mark: the year the Global Complex opened, as the taxonomy's
    description of it says ("opened in 2014"), then the file's own ``eras:``."""
    language = language or i18n.language()
    found: list[tuple[str, int, int]] = []
    complex_node = timeline.taxonomy.complex
    opened = _OPENED.search(complex_node.description.en)
    if opened is not None:
        year = int(opened.group(1))
        found.append(
            (
                i18n._("{name} opens").format(name=complex_node.label.get(language)),
                dt.date(year, 1, 1).toordinal(),
                dt.date(year, 12, 31).toordinal(),
            )
        )
    for era in timeline.eras:
        found.append((era.label.get(language), era.start.toordinal(), era.end.toordinal()))
    return found


# ---------------------------------------------------------------- ticks


class Level(NamedTuple):
    """A level of the ticks: its name, its period's length in days, the CLDR skeleton of its labels."""

    name: str
    nominal_days: float
    skeleton: str  # a CLDR skeleton, one of locale_build.TICK_SKELETONS (formatted without Babel at start)


# Finest first: a frame takes the finest whose labels fit between its ticks.
LEVELS = (
    Level("day", 1, "yMMMd"),
    Level("week", 7, "yMMMd"),
    Level("month", 30.44, "yMMMM"),
    Level("quarter", 91.31, "yQQQ"),
    Level("year", 365.25, "y"),
    Level("decade", 3652.5, "y"),
)
_LEVEL_BY_NAME = {level.name: level for level in LEVELS}


def tick_days(level: str, first_day: float, last_day: float) -> list[int]:
    """The first days of ``level``'s periods (Mondays for weeks) from the last one starting at or before
    ``first_day`` to ``last_day``."""
    first = dt.date.fromordinal(int(min(LAST_DAY, max(FIRST_DAY, math.floor(first_day)))))
    last = int(min(LAST_DAY, max(FIRST_DAY, math.floor(last_day))))
    days: list[int] = []
    if level in ("day", "week"):
        step = 1 if level == "day" else 7
        day = first.toordinal() - (first.weekday() if level == "week" else 0)
        days.extend(range(max(FIRST_DAY, day), last + 1, step))
        return days
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}[level]
    index = first.year * 12 + first.month - 1
    index -= index % months
    while True:
        year, month = divmod(index, 12)
        if year > dt.MAXYEAR:
            break
        day = dt.date(year, month + 1, 1).toordinal()
        if day > last:
            break
        if year >= dt.MINYEAR:
            days.append(day)
        index += months
    return days


@lru_cache(maxsize=4096)
def tick_label(day: int, skeleton: str, language: str) -> str:
    return i18n.format_skeleton(skeleton, dt.date.fromordinal(day), language)


class Tick(NamedTuple):
    """A tick at the first day of a period; a major one has its label."""

    day: int
    x: float
    label: str  # empty for a minor tick
    label_width: float = 0.0


def ticks(
    scale: Scale, width: float, measure: Callable[[str], float], gap: float = 8.0, language: str | None = None
) -> tuple[str, list[Tick]]:
    """The finest level whose labels (drawn from their tick rightwards) each end ``gap`` before the next tick,
    its ticks labelled, and unlabelled ticks of the next finer level between them where they are 4 pixels
    apart or more."""
    language = language or i18n.language()
    first_day, last_day = scale.day_at(0), scale.day_at(width)
    for number, level in enumerate(LEVELS):
        if level.nominal_days * scale.pixels_per_day < gap * 2:
            continue
        days = tick_days(level.name, first_day, last_day)
        xs = [(day - scale.origin) * scale.pixels_per_day for day in days]
        labels = [tick_label(day, level.skeleton, language) for day in days]
        widths = [measure(label) for label in labels]
        spacing = level.nominal_days * scale.pixels_per_day
        if all(xs[i] + widths[i] + gap <= xs[i + 1] for i in range(len(xs) - 1)) and (
            len(xs) > 1 or max(widths, default=0.0) + gap <= spacing
        ):
            labelled = [Tick(d, x, label, w) for d, x, label, w in zip(days, xs, labels, widths, strict=True)]
            minor: list[Tick] = []
            if number > 0 and LEVELS[number - 1].nominal_days * scale.pixels_per_day >= 4:  # noqa: PLR2004
                major_days = set(days)
                finer = tick_days(LEVELS[number - 1].name, first_day, last_day)
                minor = [Tick(d, (d - scale.origin) * scale.pixels_per_day, "") for d in finer if d not in major_days]
            return level.name, labelled + minor
    return "", []


# ---------------------------------------------------------------- one frame


class Metrics(NamedTuple):
    """Sizes in pixels; the widget derives them from its font, the PDF from its own."""

    axis_height: float = 22.0  # the tick strip at the top (and the eras' names under the ticks' when there are eras)
    lane_header: float = 16.0  # the lane's name, above its rows
    row_height: float = 18.0
    marker_radius: float = 4.0
    gap: float = 4.0
    bucket: float = 56.0  # the cluster grid: a cluster is one bucket, less a marker's radius each side
    max_label: float = 240.0
    min_label: float = 36.0


class Marker(NamedTuple):
    """A bulletin on its lane's row: its mark at ``x``, its title after it."""

    position: int  # in the timeline
    lane: int
    row: int
    x: float
    top: float
    text_left: float
    text_width: float  # 0: no room for the title


@dataclass(frozen=True, slots=True)  # not a NamedTuple as the others: its ``count`` would hide tuple's
class Cluster:
    """Bulletins of a lane too close together to draw one by one: a box with their count."""

    lane: int
    left: float
    right: float
    top: float
    bottom: float
    count: int
    first_day: int
    last_day: int
    text: str  # the count as shown (exact, or compact when the exact one does not fit; empty if none fits)
    text_width: float


class EraBand(NamedTuple):
    """A period of the file as a band behind the lanes, its name on the eras' row."""

    left: float
    right: float
    label: str
    label_width: float  # 0: no room for the name beside the one before it (read in the tooltip)


@dataclass
class Frame:
    """What one paint of the axis draws, laid out for the view's scale and width."""

    scale: Scale
    width: float
    metrics: Metrics
    lane_tops: list[float]
    lane_height: float
    rows: int
    level: str = ""
    ticks: list[Tick] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    eras: list[EraBand] = field(default_factory=list)
    era_top: float = 0.0  # the eras' names: a row under the ticks' labels
    today: float | None = None  # x of today, when in view
    left: float = 0.0  # the bulletins laid out are those whose x is in [left, right)
    right: float = 0.0

    def marker_at(self, x: float, y: float) -> Marker | None:
        r = self.metrics.marker_radius
        for marker in self.markers:
            if marker.top <= y < marker.top + self.metrics.row_height and (
                marker.x - r - 2 <= x <= marker.x + r + 2
                or marker.text_left <= x < marker.text_left + marker.text_width
            ):
                return marker
        return None

    def cluster_at(self, x: float, y: float) -> Cluster | None:
        for cluster in self.clusters:
            if cluster.left <= x <= cluster.right and cluster.top <= y <= cluster.bottom:
                return cluster
        return None

    def lane_at(self, y: float) -> int | None:
        for number, top in enumerate(self.lane_tops):
            if top <= y < top + self.lane_height:
                return number
        return None


def lay_out(
    data: AxisData,
    scale: Scale,
    width: float,
    height: float,
    measure: Callable[[str], float],
    metrics: Metrics | None = None,
    language: str | None = None,
    eras: Sequence[tuple[str, int, int]] = (),
    today: dt.date | None = None,
) -> Frame:
    """Where each tick, marker, title, cluster and era of the view goes. ``measure(text)`` is a text's width;
    ``eras`` are (label, first day, last day), as ``eras_of`` gives them."""
    metrics = metrics or Metrics()
    language = language or i18n.language()
    era_top = metrics.axis_height
    if eras:  # a row for their names under the ticks' labels
        metrics = metrics._replace(axis_height=metrics.axis_height + metrics.row_height)
    lanes = data.lanes
    lane_area = max(0.0, height - metrics.axis_height)
    lane_height = max(metrics.lane_header + metrics.row_height, lane_area / max(1, len(lanes)))
    rows = max(1, int((lane_height - metrics.lane_header) // metrics.row_height))
    frame = Frame(
        scale,
        width,
        metrics,
        [metrics.axis_height + number * lane_height for number in range(len(lanes))],
        lane_height,
        rows,
    )
    frame.level, frame.ticks = ticks(scale, width, measure, language=language)
    frame.era_top = era_top
    _lay_out_eras(frame, eras, measure)
    if today is not None and 0 <= scale.x(today.toordinal()) <= width:
        frame.today = scale.x(today.toordinal())
    ppd, bucket = scale.pixels_per_day, metrics.bucket
    shift = scale.origin * ppd  # view x = world x - shift, world x = (day + 0.5) * ppd
    first_bucket = math.floor(shift / bucket)
    last_bucket = math.floor((shift + width) / bucket)
    frame.left, frame.right = first_bucket * bucket - shift, (last_bucket + 1) * bucket - shift
    title_of = _titles(data.timeline, language)
    for number, lane in enumerate(lanes):
        _lay_out_lane(frame, number, lane, first_bucket, last_bucket, shift, measure, title_of, language)
    return frame


def _lay_out_eras(frame: Frame, eras: Sequence[tuple[str, int, int]], measure: Callable[[str], float]) -> None:
    """Bands from the start of the first day to the end of the last; names from the band's left (or the view's),
    left out where they would run into the name before."""
    scale, gap = frame.scale, frame.metrics.gap
    name_end = -math.inf
    for label, first_day, last_day in sorted(eras, key=itemgetter(1)):
        left = (first_day - scale.origin) * scale.pixels_per_day
        right = (last_day + 1 - scale.origin) * scale.pixels_per_day
        if right < 0 or left > frame.width:
            continue
        start = max(left, 0.0) + gap
        width = min(measure(label), right - start - gap)
        fits = start >= name_end and width >= frame.metrics.min_label
        frame.eras.append(EraBand(left, right, label, width if fits else 0.0))
        if fits:
            name_end = start + width + gap


def _titles(timeline: Timeline, language: str) -> Callable[[int], str]:
    bulletins = timeline.bulletins
    return lambda position: bulletins[position].title(language)


def _bucket_start(k: int, bucket: float, ppd: float) -> int:
    """Index-free: the first day whose noon is at or after world x ``k * bucket``."""
    return math.ceil(k * bucket / ppd - 0.5)


def _lay_out_lane(
    frame: Frame,
    number: int,
    lane: Lane,
    first_bucket: int,
    last_bucket: int,
    shift: float,
    measure: Callable[[str], float],
    title_of: Callable[[int], str],
    language: str,
) -> None:
    metrics, ppd, rows = frame.metrics, frame.scale.pixels_per_day, frame.rows
    bucket, r, gap = metrics.bucket, metrics.marker_radius, metrics.gap
    days = lane.days
    # Each bucket: (index of its first bulletin in the lane, index after its last).
    bounds: list[tuple[int, int]] = []
    start = bisect_left(days, _bucket_start(first_bucket, bucket, ppd))
    for k in range(first_bucket, last_bucket + 1):
        end = bisect_left(days, _bucket_start(k + 1, bucket, ppd), start)
        bounds.append((start, end))
        start = end
    # More markers than rows could hold side by side cannot all be drawn: a cluster without trying.
    capacity = rows * max(1, int(bucket // (2 * r + gap)))
    clustered = [end - begin > capacity for begin, end in bounds]
    lane_top = frame.lane_tops[number]
    rows_top = lane_top + metrics.lane_header
    markers, clusters = _place(frame, number, lane, bounds, clustered, first_bucket, shift, measure, title_of, rows_top)
    frame.markers.extend(markers)
    bottom = lane_top + frame.lane_height - 2
    for k, begin, end in clusters:
        left = (first_bucket + k) * bucket - shift + r
        right = (first_bucket + k + 1) * bucket - shift - r - gap
        count = end - begin
        text, text_width = _count_text(count, right - left - 2 * gap, measure, language)
        frame.clusters.append(
            Cluster(number, left, right, rows_top, bottom, count, days[begin], days[end - 1], text, text_width)
        )


def _place(
    frame: Frame,
    number: int,
    lane: Lane,
    bounds: list[tuple[int, int]],
    clustered: list[bool],
    first_bucket: int,
    shift: float,
    measure: Callable[[str], float],
    title_of: Callable[[int], str],
    rows_top: float,
) -> tuple[list[Marker], list[tuple[int, int, int]]]:
    """Markers in rows, and the clustered buckets (bucket, first index, end index): those ``clustered`` says,
    and those whose markers found no row (the bucket's markers taken back, the rows as they were before it)."""
    metrics, ppd, rows = frame.metrics, frame.scale.pixels_per_day, frame.rows
    bucket, r, gap = metrics.bucket, metrics.marker_radius, metrics.gap
    marker_end = [-math.inf] * rows  # where a row is free for a marker
    label_end = [-math.inf] * rows  # where a row is free for a marker without cutting its last title short
    last_in_row: list[int | None] = [None] * rows
    last_x = [-math.inf] * rows
    placed: list[list] = []  # [position, row, x, text_left, wanted width, allowed end]
    clusters: list[tuple[int, int, int]] = []
    positions, days = lane.positions, lane.days
    for k, (begin, end) in enumerate(bounds):
        if begin == end:
            continue
        if not clustered[k]:
            before = (marker_end[:], label_end[:], last_in_row[:], last_x[:], len(placed))
            allowed = [placed[i][5] if i is not None else math.inf for i in last_in_row]
            for index in range(begin, end):
                x = (days[index] + 0.5) * ppd - shift
                free = [row for row in range(rows) if marker_end[row] <= x - r]
                if not free:  # this bucket is a cluster after all: back to the rows as they were before it
                    marker_end, label_end, last_in_row, last_x, count = before
                    del placed[count:]
                    for row, item in enumerate(last_in_row):
                        if item is not None:
                            placed[item][5] = allowed[row]
                    break
                roomy = [row for row in free if label_end[row] <= x - r]
                # A row where the last title keeps its room, or the one where it is cut least.
                row = roomy[0] if roomy else min(free, key=last_x.__getitem__)
                previous = last_in_row[row]
                if previous is not None:
                    placed[previous][5] = min(placed[previous][5], x - r - gap)
                position = positions[index]
                text_left = x + r + gap
                wanted = min(metrics.max_label, measure(title_of(position)))
                placed.append([position, row, x, text_left, wanted, math.inf])
                last_in_row[row] = len(placed) - 1
                last_x[row] = x
                marker_end[row] = x + r + gap
                label_end[row] = max(marker_end[row], text_left + wanted + gap)
            else:
                continue
        clusters.append((k, begin, end))
        left = (first_bucket + k) * bucket - shift + r
        for row in range(rows):
            previous = last_in_row[row]
            if previous is not None:
                placed[previous][5] = min(placed[previous][5], left - gap)
                last_in_row[row] = None
            marker_end[row] = label_end[row] = (first_bucket + k + 1) * bucket - shift - r
    markers = []
    view_end = frame.width - gap  # a title running out of the view is shortened to end in it, not cut by its edge
    for position, row, x, text_left, wanted, allowed_end in placed:
        text_width = min(wanted, allowed_end - text_left, view_end - text_left)
        top = rows_top + row * metrics.row_height
        markers.append(
            Marker(position, number, row, x, top, text_left, text_width if text_width >= metrics.min_label else 0.0)
        )
    return markers, clusters


def _count_text(count: int, room: float, measure: Callable[[str], float], language: str) -> tuple[str, float]:
    exact = i18n.format_number(count, language)
    width = measure(exact)
    if width <= room:
        return exact, width
    from babel import numbers as babel_numbers

    compact = babel_numbers.format_compact_decimal(count, locale=i18n.babel_locale(language))
    width = measure(compact)
    return (compact, width) if width <= room else ("", 0.0)
