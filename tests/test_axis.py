"""The time axis's layout, without Qt: scale, ticks in both languages, lanes, rows and clusters."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from bisect import bisect_left
from collections import defaultdict

import gui_synthetic
import pytest

from timeline_gui import i18n
from timeline_gui.domain import axis, lanes
from timeline_gui.domain.query import Query, TimelineIndex


def measure(text: str) -> float:
    """Text as wide as a 7-pixel-per-character font: the layout must keep whatever widths it is given apart."""
    return 7.0 * len(text)


def axis_data(timeline, mode=lanes.BY_INITIATIVE, query: Query | None = None):
    index = TimelineIndex(timeline)
    return axis.AxisData.of(timeline, index.matching(query or Query()), index.tagged, mode)


@pytest.fixture(scope="module")
def large():
    return gui_synthetic.timeline(100_000)


def test_each_bulletin_sits_at_its_date_to_the_pixel(timeline):
    # 2 pixels a day from 1 January 2017: 22 March 2017 is day 80, its noon at 161 pixels.
    scale = axis.Scale(dt.date(2017, 1, 1).toordinal(), 2.0)
    frame = axis.lay_out(axis_data(timeline), scale, 400, 900, measure)
    ransomware = timeline.index_of("2017-03-22-ransomware-digital-security-challenge")
    assert [round(marker.x) for marker in frame.markers if marker.position == ransomware] == [161, 161]
    for marker in frame.markers:
        days = (timeline[marker.position].date - dt.date(2017, 1, 1)).days
        assert round(marker.x) == 2 * days + 1


def test_zoom_keeps_the_day_under_the_pointer_and_pan_moves_by_pixels():
    scale = axis.Scale(dt.date(2016, 1, 1).toordinal(), 1.5)
    day = scale.day_at(300)
    assert scale.zoomed(2.0, 300).day_at(300) == pytest.approx(day)
    assert scale.zoomed(2.0, 300).pixels_per_day == 3.0
    assert scale.panned(45).x_of(dt.date(2016, 2, 1)) == pytest.approx(scale.x_of(dt.date(2016, 2, 1)) + 45)
    fitted = axis.Scale.fit(dt.date(2010, 1, 1).toordinal(), dt.date(2019, 12, 31).toordinal(), 1000, margin=20)
    assert fitted.x(dt.date(2010, 1, 1).toordinal()) - fitted.pixels_per_day / 2 == pytest.approx(20)
    assert fitted.x(dt.date(2020, 1, 1).toordinal()) - fitted.pixels_per_day / 2 == pytest.approx(980)


@pytest.mark.parametrize(
    ("pixels_per_day", "level", "english", "french"),
    [
        (4.0, "month", "March 2017", "mars 2017"),
        (1.2, "quarter", "Q1 2017", "T1 2017"),
        (0.3, "year", "2017", "2017"),
        (0.03, "decade", "2010", "2010"),
        (20.0, "week", "13 Mar 2017", "13 mars 2017"),
        (200.0, "day", "22 Mar 2017", "22 mars 2017"),
    ],
)
def test_ticks_follow_the_zoom_with_cldr_labels_in_the_active_language(pixels_per_day, level, english, french):
    scale = axis.Scale(dt.date(2017, 3, 22).toordinal() - 300 / pixels_per_day, pixels_per_day)
    for language, expected in (("en", english), ("fr", french)):
        i18n.set_language(language)
        found, ticks = axis.ticks(scale, 600, measure)
        assert found == level
        labels = [tick.label for tick in ticks if tick.label]
        assert expected in labels
        labelled = sorted((tick for tick in ticks if tick.label), key=lambda tick: tick.x)
        for before, after in zip(labelled, labelled[1:], strict=False):
            assert before.x + before.label_width < after.x


def test_lanes_by_initiative_hold_a_bulletin_in_each_of_its_lanes(timeline):
    data = axis_data(timeline)
    keys = [lane.key for lane in data.lanes]
    assert keys == [node.key for node in timeline.taxonomy.initiatives] + ["igci", lanes.UNCLASSIFIED]
    for number, lane in enumerate(data.lanes):
        expected = [
            position
            for position, bulletin in enumerate(timeline.bulletins)
            if (lane.key in bulletin.initiatives if lane.key else not bulletin.initiatives)
        ]
        assert list(lane.positions) == expected
        assert all(number in data.lanes_of(position) for position in expected)
    ransomware = timeline.index_of("2017-03-22-ransomware-digital-security-challenge")
    assert [data.lanes[n].key for n in data.lanes_of(ransomware)] == ["innovation-research", "igci"]
    assert lanes.lane_label(lanes.UNCLASSIFIED, timeline.taxonomy) == "Not classified"
    i18n.set_language("fr")
    assert lanes.lane_label(lanes.UNCLASSIFIED, timeline.taxonomy) == "Non classés"
    assert lanes.lane_label("igci", timeline.taxonomy) == "Complexe mondial INTERPOL pour l’innovation"


def test_lanes_by_crime_type_and_a_single_lane_follow_the_filter(timeline):
    by_crime = axis_data(timeline, lanes.BY_CRIME_TYPE, Query("interpol"))
    shown = set(TimelineIndex(timeline).matching(Query("interpol")))
    assert 0 < len(shown) < len(timeline)
    cyber_enabled = timeline.taxonomy.subtree_keys("cyber-enabled-crime")
    lane = next(lane for lane in by_crime.lanes if lane.key == "cyber-enabled-crime")
    assert list(lane.positions) == sorted(
        position for position in shown if cyber_enabled & set(timeline[position].crime_types)
    )
    single = axis_data(timeline, lanes.SINGLE_LANE)
    assert [lane.key for lane in single.lanes] == [lanes.ALL] and len(single.lanes[0]) == len(timeline)


def test_neighbours_and_a_brushed_range(timeline):
    data = axis_data(timeline)
    first = data.neighbour(None, 1)
    assert first == 0 and data.neighbour(None, -1) == len(timeline) - 1
    assert data.neighbour(0, 1) == 1 and data.neighbour(0, -1) is None
    assert data.neighbour(len(timeline) - 1, 1) is None
    march = data.between(dt.date(2017, 3, 1).toordinal(), dt.date(2017, 3, 31).toordinal())
    assert [timeline[p].date.month for p in march] and all(
        timeline[p].date.strftime("%Y-%m") == "2017-03" for p in march
    )
    assert len(march) == sum(1 for b in timeline.bulletins if b.date.strftime("%Y-%m") == "2017-03")


def _boxes_by_row(frame: axis.Frame) -> dict[tuple[int, int], list[tuple[float, float]]]:
    """Every drawn thing of each lane row (marker, title, cluster) as (left, right)."""
    rows: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    r = frame.metrics.marker_radius
    for marker in frame.markers:
        rows[marker.lane, marker.row].append((marker.x - r, marker.x + r))
        if marker.text_width:
            rows[marker.lane, marker.row].append((marker.text_left, marker.text_left + marker.text_width))
    for cluster in frame.clusters:
        for row in range(frame.rows):
            rows[cluster.lane, row].append((cluster.left, cluster.right))
        if cluster.text:
            assert cluster.text_width <= cluster.right - cluster.left
    return rows


def _lane_days(timeline, data):
    """Each lane's days, worked out from the bulletins' own fields."""
    keys = [lane.key for lane in data.lanes]
    days: dict[str, list[int]] = {key: [] for key in keys}
    for bulletin in timeline.bulletins:
        ordinal = bulletin.date.toordinal()
        named = [key for key in keys if key in bulletin.initiatives]
        for key in named or [lanes.UNCLASSIFIED]:
            days[key].append(ordinal)
    return [days[key] for key in keys]


def _check_frames(timeline, width=1200, height=700):
    data = axis_data(timeline)
    lane_days = _lane_days(timeline, data)
    rng = random.Random(16)
    fitted = axis.Scale.fit(data.first_day, data.last_day, width)
    clusters_seen = markers_seen = 0
    for _ in range(20):
        scale = fitted.zoomed(2 ** rng.uniform(-1, 14), rng.uniform(0, width)).panned(rng.uniform(-width, width))
        frame = axis.lay_out(data, scale, width, height, measure)
        for boxes in _boxes_by_row(frame).values():
            boxes.sort()
            for (_left, right), (next_left, _next_right) in zip(boxes, boxes[1:], strict=False):
                assert right <= next_left, (frame.level, boxes)
        titled = [m for m in frame.markers if m.text_width]
        assert all(m.text_left + m.text_width <= width for m in titled)  # a title ends in the view, not cut by it
        labelled = [tick for tick in frame.ticks if tick.label]
        for before, after in zip(labelled, labelled[1:], strict=False):
            assert before.x + before.label_width < after.x
        for number, days in enumerate(lane_days):
            # Bulletins whose noon is in [left, right): days from left / ppd + origin - 0.5 on.
            low = frame.left / scale.pixels_per_day + scale.origin - 0.5
            high = frame.right / scale.pixels_per_day + scale.origin - 0.5
            in_view = bisect_left(days, high) - bisect_left(days, low)
            clusters = [c for c in frame.clusters if c.lane == number]
            markers = [m for m in frame.markers if m.lane == number]
            assert sum(c.count for c in clusters) + len(markers) == in_view
            clusters_seen += len(clusters)
            markers_seen += len(markers)
    assert clusters_seen and markers_seen  # the random views reached both kinds


def test_random_views_of_the_packaged_data_draw_no_overlap_and_count_every_bulletin(timeline):
    _check_frames(timeline, width=500, height=260)


def test_random_views_of_100k_bulletins_draw_no_overlap_and_count_every_bulletin(large):
    _check_frames(large)


def test_a_cluster_splits_into_exact_counts_as_the_view_zooms_in(large):
    data = axis_data(large)
    scale = axis.Scale.fit(data.first_day, data.last_day, 1000)
    frame = axis.lay_out(data, scale, 1000, 600, measure)
    cluster = max(frame.clusters, key=lambda c: c.count)
    middle = (cluster.left + cluster.right) / 2
    closer = axis.lay_out(data, scale.zoomed(8, middle), 1000, 600, measure)
    inside = [
        c for c in closer.clusters if c.lane == cluster.lane and cluster.first_day <= c.first_day <= cluster.last_day
    ]
    assert len(inside) > 1
    assert all(c.count < cluster.count for c in inside)
    assert cluster.text == i18n.format_number(cluster.count) or cluster.text.endswith("K")


def test_a_frame_at_a_million_bulletins_looks_only_at_the_view():
    """The layout bisects the lanes: lanes of a million days cost no more to lay out than lanes of a thousand,
    in the number of days it reads (counted, not timed)."""

    class CountingDays(list):
        reads = 0

        def __getitem__(self, index):
            CountingDays.reads += 1
            return super().__getitem__(index)

    timeline = gui_synthetic.timeline(50)
    data = axis_data(timeline, lanes.SINGLE_LANE)
    for size in (1_000, 1_000_000):
        start = dt.date(1990, 1, 1).toordinal()
        days = CountingDays(start + number * 14_600 // size for number in range(size))
        positions = [number % len(timeline) for number in range(size)]  # titles of the 50 bulletins, over again
        lane = lanes.Lane(lanes.ALL, positions, days)  # type: ignore[arg-type]
        data.lanes = (lane,)
        scale = axis.Scale.fit(days[0], days[-1], 1200).zoomed(40, 600)
        CountingDays.reads = 0
        frame = axis.lay_out(data, scale, 1200, 300, measure)
        assert sum(c.count for c in frame.clusters) + len(frame.markers) > 0
        assert CountingDays.reads < 2_000, size


def test_narrowed_lanes_hold_exactly_the_shown_bulletins_of_each_lane(large):
    """Sorting the shown bulletins into lanes by their lane bits gives, per lane, the lane's bulletins that are
    shown, in order, with their days: checked against a plain filter of each lane."""
    index = TimelineIndex(large)
    rng = random.Random(5)
    for mode in lanes.LANE_MODES:
        table = index.lanes(mode)
        for share in (0.001, 0.05, 0.3, 0.9):
            shown = array("i", sorted(rng.sample(range(len(large)), int(len(large) * share))))
            shown_days, narrowed = table.narrowed(shown)
            assert list(shown_days) == [large.days[p] for p in shown]
            kept = set(shown)
            for whole, lane in zip(table.lanes, narrowed, strict=True):
                expected = [p for p in whole.positions if p in kept]
                assert lane.key == whole.key and list(lane.positions) == expected
                assert list(lane.days) == [large.days[p] for p in expected]
