"""Drawing an export plan into a PDF with QPdfWriter and QPainter (QtGui only: no widgets).

The document is laid out in two passes: the first measures every block (text is
shaped once, with QTextLayout, for the PDF's resolution) and cuts pages, keeping
headings with what follows them and a bulletin on one page when it fits on one;
a block taller than a page continues on the next, cut between two lines. The
second pass draws page after page, so "Page 2 of 5" knows the total, and a
caller can report progress or cancel between pages.

Everything is worded in the active language (``i18n``). The document's metadata
(title, author, subject, language) and its bookmarks (an outline of years and
months) are set with pypdf, which Qt lacks setters for.

The PDF is not tagged: Qt's QPdfWriter writes no marked content, and tags added
afterwards (pikepdf) would have to cut Qt's content streams into marked runs and
map each glyph run back to a paragraph; a reading order guessed that way is worse
than none. The text is real text in reading order, and the outline, /Lang and the
title make it navigable.
The PDF is built in memory and written to a temporary file beside the target,
then renamed over it: a failure or a cancel leaves no partial file.

Nothing here needs the GUI thread: the dialog renders in a worker thread (QPainter
on a QPdfWriter, QFont and QTextLayout are usable outside it), the command line in
its only thread.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt, qVersion
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from timeline_gui import APP_DISPLAY_NAME, __version__, i18n
from timeline_gui.domain import axis, lanes
from timeline_gui.domain.facets import FACET_TITLES, FACETS, value_label
from timeline_gui.domain.model import Bulletin, Taxonomy, Timeline
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.export.plan import ExportPlan, ExportRequest, effective_query
from timeline_gui.export.text import shown_title
from timeline_gui.files import replacing
from timeline_gui.i18n import _

PAPER_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
FAMILY = "DejaVu Sans"
RESOLUTION = 1200  # QPdfWriter's default; text is positioned in these units

INK = QColor("#1a1a1a")
MUTED = QColor("#566069")  # 4.5:1 at least on the paper, a band, and an era over a band
ACCENT = QColor("#1f4e79")
RULE = QColor("#58616c")  # a mark like the rest: 4.5:1 on the paper, a band, and an era over either
BAND = QColor("#eef2f6")
CLUSTER = QColor("#d3deea")
ERA = QColor(31, 78, 121, 28)  # the accent, faint: a period behind the lanes

_MOST_FIGURE_LANES = 10

# Called with the fraction done (0..1); returns False to cancel.
Progress = Callable[[float], bool]


class ExportCancelled(Exception):
    """The person cancelled the export; nothing was written."""


class ExportError(Exception):
    """The PDF could not be written; the message says why, in the active language."""


def ensure_gui_application() -> QGuiApplication:
    """A QGuiApplication for fonts and painting; headless when none exists yet (command line)."""
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication(["timeline-gui"])


# ---------------------------------------------------------------- words


def range_text(plan: ExportPlan) -> str:
    if plan.start is None or plan.end is None:
        return _("No bulletins")
    if plan.start == plan.end:
        return i18n.format_date(plan.start)
    return _("{start} to {end}").format(start=i18n.format_date(plan.start), end=i18n.format_date(plan.end))


def filters_text(request: ExportRequest, taxonomy: Taxonomy) -> str:
    """What made the set: 'search “ransomware”; Places: Africa; from 1 January 2016', or 'none'."""
    language = i18n.language()
    if request.chosen is not None:
        count = len(request.chosen)
        return i18n.ngettext("the {count} bulletin chosen", "the {count} bulletins chosen one by one", count).format(
            count=i18n.format_number(count)
        )
    parts = []
    query = effective_query(request)
    if query.text.strip():
        parts.append(_("search “{text}”").format(text=query.text.strip()))
    if query.taxonomy_key is not None:
        parts.append(_("taxonomy: {label}").format(label=taxonomy.label(query.taxonomy_key, language)))
    for facet in FACETS:
        chosen = query.chosen(facet)
        if chosen:
            labels = sorted(value_label(taxonomy, facet, key, language) for key in chosen)
            parts.append(_("{facet}: {values}").format(facet=_(FACET_TITLES[facet]), values=_(" or ").join(labels)))
    if query.start is not None:
        parts.append(_("from {date}").format(date=i18n.format_date(query.start)))
    if query.end is not None:
        parts.append(_("until {date}").format(date=i18n.format_date(query.end)))
    return "; ".join(parts) if parts else _("none")


def document_title(plan: ExportPlan) -> str:
    return _("INTERPOL cybercrime bulletins, {range}").format(range=range_text(plan))


def default_file_name(start: dt.date | None, end: dt.date | None) -> str:
    """bulletins_2016-09-01_2016-09-30.pdf"""
    if start is None or end is None:
        return "bulletins.pdf"
    return f"bulletins_{start.isoformat()}_{end.isoformat()}.pdf"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- layout primitives


def _font(points: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FAMILY)
    font.setPointSizeF(points)
    font.setBold(bold)
    font.setItalic(italic)
    # Ligatures would turn "fi" into one glyph that copies (and searches) badly.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    font.setKerning(True)
    return font


@dataclass
class _Text:
    layout: QTextLayout
    x: float
    y: float
    color: QColor


@dataclass
class _Block:
    height: float
    texts: list[_Text] = field(default_factory=list)
    rules: list[tuple[float, float, float, float, QColor, float]] = field(
        default_factory=list
    )  # x1, y1, x2, y2, colour, width
    bands: list[tuple[QRectF, QColor]] = field(default_factory=list)
    space_before: float = 0.0
    keep_with_next: bool = False
    section: str | None = None  # the month heading a bulletin is under, repeated when a page starts with it
    continued: bool = False  # the "(continued)" heading of such a page
    bookmark: tuple[int, str] | None = None  # a year's (0) or month's (1) heading: its outline level and text


@dataclass(frozen=True)
class Bookmark:
    """An entry of the PDF's outline: a heading's text, level (0 a year, 1 a month), page (from 0) and its top,
    in points from the page's top."""

    title: str
    level: int
    page: int
    top: float


@dataclass(slots=True)
class _Piece:
    """The part of a block from ``start`` to ``stop`` (in the block's units), drawn on a page at ``y``."""

    block: _Block
    y: float
    start: float
    stop: float


def _cuts(block: _Block) -> list[float]:
    """Heights, ascending, at which ``block`` may be cut: the tops of its lines that no other line straddles
    (a bulletin's date beside its title's first line, say)."""
    spans = sorted(
        (text.y + line.y(), text.y + line.y() + line.height())
        for text in block.texts
        for line in (text.layout.lineAt(number) for number in range(text.layout.lineCount()))
    )
    cuts: list[float] = []
    reach = 0.0
    for top, bottom in spans:
        if top > 0.0 and top >= reach and (not cuts or top > cuts[-1]):
            cuts.append(top)
        reach = max(reach, bottom)
    return cuts


def _first_piece(block: _Block) -> float:
    """Height of the smallest piece a block may be cut into, from its top."""
    cuts = _cuts(block)
    return cuts[0] if cuts else block.height


class _Typesetter:
    """Shapes paragraphs for one paint device, in its units."""

    def __init__(self, device: QPdfWriter):
        self.device = device
        self.unit = device.resolution() / 72.0  # device units per point

    def pt(self, points: float) -> float:
        return points * self.unit

    def mm(self, millimetres: float) -> float:
        return millimetres * self.device.resolution() / 25.4

    def paragraph(
        self,
        text: str,
        font: QFont,
        width: float,
        align=Qt.AlignmentFlag.AlignLeft,
        runs: list[tuple[int, int, QTextCharFormat]] | None = None,
        line_gap: float = 0.0,
    ) -> tuple[QTextLayout, float]:
        layout = QTextLayout(text, font, self.device)
        option = QTextOption(align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        if runs:
            ranges = []
            for start, length, char_format in runs:
                item = QTextLayout.FormatRange()
                item.start, item.length, item.format = start, length, char_format
                ranges.append(item)
            layout.setFormats(ranges)
        layout.setCacheEnabled(True)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height() + line_gap
        layout.endLayout()
        return layout, max(0.0, y - line_gap)


def _facts_line(facts: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, QTextCharFormat]]]:
    """(label, values) pairs as one paragraph ("Initiatives: a, b  Crime types: c") and the runs that set
    its labels in bold."""
    strong = QTextCharFormat()
    strong.setFontWeight(QFont.Weight.DemiBold)
    parts: list[str] = []
    runs: list[tuple[int, int, QTextCharFormat]] = []
    start = 0
    for name, values in facts:
        # No-break spaces: a label never splits from itself or from its first value.
        label = (name + _(":")).replace(" ", "\u00a0")
        runs.append((start, len(label), strong))
        part = f"{label}\u00a0{values}"
        parts.append(part)
        start += len(part) + 1  # and the em space between facts
    return "\u2003".join(parts), runs


# ---------------------------------------------------------------- the document


class _Document:
    def __init__(self, plan: ExportPlan, taxonomy: Taxonomy, writer: QPdfWriter):
        self.plan = plan
        self.taxonomy = taxonomy
        self.language = i18n.language()
        self.t = _Typesetter(writer)
        page = writer.pageLayout().fullRectPoints()
        self.page_width = self.t.pt(page.width())
        self.page_height = self.t.pt(page.height())
        self.left = self.t.mm(22)
        self.right = self.page_width - self.t.mm(22)
        self.top = self.t.mm(20)
        self.bottom = self.page_height - self.t.mm(24)  # the footer sits below
        self.width = self.right - self.left
        self.blocks: list[_Block] = []
        # The date column fits the widest date of the document ("28 sept. 2016").
        metrics = QFontMetricsF(_font(9, bold=True), writer)
        widest = max((metrics.horizontalAdvance(i18n.format_short_date(b.date)) for b in plan.bulletins), default=0.0)
        self.date_width = max(self.t.mm(20), widest + self.t.pt(12))
        self.pages: list[list[_Piece]] = [[]]
        self._y = self.top  # where the next block goes on the last page
        self._continued_height = 0.0

    # ---- building blocks
    def _add(self, block: _Block) -> _Block:
        self.blocks.append(block)
        return block

    def _line(
        self,
        text: str,
        font: QFont,
        color: QColor = INK,
        space_before: float = 0.0,
        keep_with_next: bool = False,
        indent: float = 0.0,
    ) -> _Block:
        layout, height = self.t.paragraph(text, font, self.width - indent)
        return self._add(
            _Block(
                height, [_Text(layout, indent, 0.0, color)], space_before=space_before, keep_with_next=keep_with_next
            )
        )

    def build(self, progress: Progress | None) -> None:
        t = self.t
        self._title_block()
        self._axis_figure()
        self._summary_table()
        self._line(_("Bulletins"), _font(15, bold=True), ACCENT, space_before=t.pt(22), keep_with_next=True)
        rule = self.blocks[-1]
        rule.rules.append((0, rule.height + t.pt(4), self.width, rule.height + t.pt(4), ACCENT, t.pt(0.8)))
        rule.height += t.pt(6)
        if not self.plan.bulletins:
            self._line(_("No bulletins in this range."), _font(10, italic=True), MUTED, space_before=t.pt(8))
        total = max(1, len(self.plan.bulletins))
        done = 0
        previous_year = None
        for section in self.plan.months:
            if section.year != previous_year:
                self._line(
                    i18n.format_year(section.year),
                    _font(14, bold=True),
                    INK,
                    space_before=t.pt(16),
                    keep_with_next=True,
                ).bookmark = (0, i18n.format_year(section.year))
                previous_year = section.year
            heading = _capitalized(i18n.format_month(section.year, section.month))
            self._line(heading, _font(11.5, bold=True), ACCENT, space_before=t.pt(10), keep_with_next=True).bookmark = (
                1,
                heading,
            )
            for number, bulletin in enumerate(section.bulletins):
                self._bulletin(bulletin, first=number == 0).section = heading
                done += 1
                if progress is not None and done % 100 == 0 and not progress(0.5 * done / total):
                    raise ExportCancelled
        self._paginate()

    def _title_block(self) -> None:
        t = self.t
        self._line(_("INTERPOL cybercrime bulletins"), _font(21, bold=True), ACCENT)
        self._line(_capitalized(range_text(self.plan)), _font(13), INK, space_before=t.pt(6))
        rows = [
            (_("Bulletins"), i18n.format_number(len(self.plan.bulletins))),
            (_("Filters"), filters_text(self.plan.request, self.taxonomy)),
            (
                _("Language"),
                _("{language}; EN or FR after a title marks the language it was published in").format(
                    language=i18n.language_name(self.language)
                ),
            ),
            (_("Generated"), i18n.format_datetime(self.plan.created)),
        ]
        label_font, value_font = _font(9, bold=True), _font(9)
        metrics = QFontMetricsF(label_font, t.device)
        label_width = max(metrics.horizontalAdvance(label + _(":")) for label, _value in rows) + t.pt(10)
        for number, (label, value) in enumerate(rows):
            name, name_height = t.paragraph(label + _(":"), label_font, label_width)
            text, text_height = t.paragraph(value, value_font, self.width - label_width)
            block = _Block(
                max(name_height, text_height),
                [_Text(name, 0, 0, MUTED), _Text(text, label_width, 0, INK)],
                space_before=t.pt(14 if number == 0 else 3),
            )
            self._add(block)
        last = self.blocks[-1]
        gap = t.pt(10)
        last.rules.append((0, last.height + gap, self.width, last.height + gap, ACCENT, t.pt(2)))
        last.height += gap + t.pt(2)

    def _axis_figure(self) -> None:
        """The time axis of the exported bulletins, as vectors: lanes by initiative, ticks in the document's
        language, titles where there is room and the exact count of each cluster where there is not."""
        bulletins = self.plan.bulletins
        if not bulletins:
            return
        t = self.t
        timeline = Timeline(bulletins, self.taxonomy)
        index = TimelineIndex(timeline)
        data = axis.AxisData.of(timeline, index.all_positions(), index.tagged)
        if len(data.lanes) > _MOST_FIGURE_LANES:  # a taxonomy of many initiatives: one lane, not a page of them
            data = axis.AxisData.of(timeline, index.all_positions(), index.tagged, lanes.SINGLE_LANE)
        font = _font(7)
        text_metrics = QFontMetricsF(font, t.device)
        measure = text_metrics.horizontalAdvance
        row = t.pt(10)
        metrics = axis.Metrics(
            axis_height=t.pt(12),
            lane_header=t.pt(9),
            row_height=row,
            marker_radius=t.pt(2),
            gap=t.pt(2),
            bucket=max(t.pt(30), measure("000,000") + t.pt(8)),
            max_label=t.pt(150),
            min_label=t.pt(24),
        )
        eras = axis.eras_of(timeline, self.language)
        height = metrics.axis_height + (row if eras else 0) + len(data.lanes) * (metrics.lane_header + 2 * row)
        first = self.plan.start.toordinal() if self.plan.start else data.first_day
        last = self.plan.end.toordinal() if self.plan.end else data.last_day
        assert first is not None and last is not None
        # Whole buckets of the cluster grid across the figure, the first starting at its left edge: no cluster is
        # cut by the edge of the page, so each shows its count.
        width = max(1, int(self.width // metrics.bucket)) * metrics.bucket
        pixels = (width - metrics.bucket) / max(1, last - first + 1)
        origin = math.floor(first * pixels / metrics.bucket) * metrics.bucket / pixels
        scale = axis.Scale(origin, pixels)
        frame = axis.lay_out(data, scale, width, height, measure, metrics, self.language, eras)
        self._line(
            _("Bulletins over time, by initiative"),
            _font(13, bold=True),
            ACCENT,
            space_before=t.pt(18),
            keep_with_next=True,
        )
        block = self._add(_Block(height, space_before=t.pt(6)))

        def text(value: str, x: float, top: float, width: float, color: QColor, centred: bool = False) -> None:
            shown = text_metrics.elidedText(value, Qt.TextElideMode.ElideRight, width)
            align = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
            layout, line_height = t.paragraph(shown, font, width + t.pt(1), align)
            block.texts.append(_Text(layout, x, top + (row - line_height) / 2, color))

        for number, top in enumerate(frame.lane_tops):
            if number % 2 == 0:
                block.bands.append((QRectF(0, top, self.width, frame.lane_height), BAND))
            name = lanes.lane_label(data.lanes[number].key, self.taxonomy, self.language)
            text(name, t.pt(2), top - t.pt(0.5), self.width / 2, MUTED)
        for era in frame.eras:
            left, right = max(0.0, era.left), min(self.width, era.right)
            block.bands.append((QRectF(left, frame.era_top, right - left, height - frame.era_top), ERA))
            if era.label_width:
                text(era.label, left + metrics.gap, frame.era_top, era.label_width, MUTED)
        for tick in frame.ticks:
            if 0 <= tick.x <= self.width:
                bottom = height if tick.label else metrics.axis_height
                block.rules.append((tick.x, metrics.axis_height - t.pt(3), tick.x, bottom, RULE, t.pt(0.4)))
            if tick.label and tick.x >= 0 and tick.x + tick.label_width <= self.width:
                text(tick.label, tick.x + t.pt(1.5), 0, tick.label_width + t.pt(1), MUTED)
        block.rules.append((0, metrics.axis_height, self.width, metrics.axis_height, ACCENT, t.pt(0.8)))
        for cluster in frame.clusters:
            left, right = max(0.0, cluster.left), min(self.width, cluster.right)
            if right <= left:
                continue
            block.bands.append((QRectF(left, cluster.top, right - left, cluster.bottom - cluster.top), CLUSTER))
            if cluster.text and cluster.left >= 0 and cluster.right <= self.width:
                middle = cluster.top + (cluster.bottom - cluster.top - row) / 2
                text(cluster.text, left, middle, right - left, INK, centred=True)
        r = metrics.marker_radius
        for marker in frame.markers:
            if not 0 <= marker.x <= self.width:
                continue
            centre = marker.top + row / 2
            block.bands.append((QRectF(marker.x - r, centre - r, 2 * r, 2 * r), ACCENT))
            if marker.text_width:
                width = min(marker.text_width, self.width - marker.text_left)
                if width >= metrics.min_label:
                    text(timeline[marker.position].title(self.language), marker.text_left, marker.top, width, INK)

    def _summary_table(self) -> None:
        t = self.t
        self._line(
            _("Bulletins per initiative"), _font(13, bold=True), ACCENT, space_before=t.pt(18), keep_with_next=True
        )
        count_width = t.mm(30)
        label_width = self.width - count_width
        pad = t.pt(3.5)

        def row(
            label: str,
            count: str,
            font: QFont,
            indent: float = 0.0,
            color: QColor = INK,
            band: bool = False,
            rule: QColor | None = RULE,
            keep: bool = False,
        ) -> None:
            name, name_height = t.paragraph(label, font, label_width - indent - t.pt(6))
            value, value_height = t.paragraph(count, font, count_width - t.pt(6), Qt.AlignmentFlag.AlignRight)
            height = max(name_height, value_height) + 2 * pad
            block = _Block(
                height,
                [_Text(name, t.pt(6) + indent, pad, color), _Text(value, label_width, pad, color)],
                keep_with_next=keep,
            )
            if band:
                block.bands.append((QRectF(0, 0, self.width, height), BAND))
            if rule is not None:
                block.rules.append((0, height, self.width, height, rule, t.pt(0.5)))
            self._add(block)

        header = _font(9, bold=True)
        row(_("Initiative"), _("Bulletins"), header, color=MUTED, band=True, rule=ACCENT, keep=True)
        body = _font(9.5)
        for item in self.plan.initiative_counts:
            row(
                self.taxonomy.label(item.key, self.language),
                i18n.format_number(item.count),
                body if item.depth == 0 else _font(9),
                indent=t.pt(12) * item.depth,
            )
        row(
            _("Without an initiative"),
            i18n.format_number(self.plan.without_initiative),
            _font(9.5, italic=True),
            color=MUTED,
        )
        row(
            _("Not classified (no initiative, no kind of crime)"),
            i18n.format_number(self.plan.not_classified),
            _font(9.5, italic=True),
            color=MUTED,
        )
        row(
            _("All bulletins in the range"),
            i18n.format_number(len(self.plan.bulletins)),
            _font(9.5, bold=True),
            rule=ACCENT,
        )
        self._line(
            _("A bulletin can belong to several initiatives, so the rows may add up to more than the total."),
            _font(8, italic=True),
            MUTED,
            space_before=t.pt(4),
        )

    def _bulletin(self, bulletin: Bulletin, first: bool) -> _Block:
        t = self.t
        language = self.language
        date_width = self.date_width
        text_width = self.width - date_width
        texts: list[_Text] = []
        date, date_height = t.paragraph(i18n.format_short_date(bulletin.date), _font(9, bold=True), date_width)
        texts.append(_Text(date, 0, t.pt(0.8), MUTED))

        title = shown_title(bulletin, language)
        mark = bulletin.language.upper()
        text = f"{title}\u2002{mark}"
        tag = QTextCharFormat()
        tag.setFont(_font(7, bold=True))
        tag.setForeground(ACCENT)
        layout, height = t.paragraph(text, _font(10.5), text_width, runs=[(len(title) + 1, len(mark), tag)])
        texts.append(_Text(layout, date_width, 0, INK))
        y = height
        if bulletin.language != language and bulletin.is_translated(language):
            original = _("Original title ({language}): {title}").format(
                language=i18n.language_name(bulletin.language, capitalized=False), title=bulletin.original_title
            )
            layout, height = t.paragraph(original, _font(9, italic=True), text_width)
            texts.append(_Text(layout, date_width, y + t.pt(1.5), MUTED))
            y += height + t.pt(1.5)
        line, runs = _facts_line(self._facts(bulletin))
        layout, height = t.paragraph(line, _font(8.5), text_width, runs=runs)
        texts.append(_Text(layout, date_width, y + t.pt(2.5), MUTED))
        y += height + t.pt(2.5)
        if bulletin.basis:  # why each tag: a reader of the briefing can weigh the classification
            reasons = "; ".join(
                f"{self.taxonomy.label(key, language)} – {bulletin.basis_of(key, language)}"
                for key, _en, _fr in bulletin.basis
            )
            layout, height = t.paragraph(_("Why: {reasons}").format(reasons=reasons), _font(8, italic=True), text_width)
            texts.append(_Text(layout, date_width, y + t.pt(1.5), MUTED))
            y += height + t.pt(1.5)
        return self._add(_Block(max(y, date_height), texts, space_before=t.pt(5 if first else 8)))

    def _facts(self, bulletin: Bulletin) -> list[tuple[str, str]]:
        """(label, values) under a bulletin's title: initiatives and crime types always, places and
        partners when it names any (most name none, and "none" twice more would only add noise)."""
        taxonomy, language = self.taxonomy, self.language
        none = _("none")
        facts = [
            (_("Initiatives"), ", ".join(taxonomy.label(key, language) for key in bulletin.initiatives) or none),
            (_("Crime types"), ", ".join(taxonomy.label(key, language) for key in bulletin.crime_types) or none),
        ]
        if bulletin.places:
            facts.append((_("Places"), ", ".join(taxonomy.names_in(bulletin.places, language))))
        if bulletin.partners:
            facts.append((_("Partners"), ", ".join(taxonomy.names_in(bulletin.partners, language))))
        return facts

    def outline(self) -> list[Bookmark]:
        """The year and month headings where they landed, in document order."""
        marks = []
        for number, page in enumerate(self.pages):
            for piece in page:
                block = piece.block
                if block.bookmark is not None and piece.start == 0.0:
                    level, text = block.bookmark
                    marks.append(Bookmark(text, level, number, piece.y / self.t.unit))
        return marks

    # ---- pages
    def _paginate(self) -> None:
        """Places every block on a page, from the top; a block taller than a page is cut between lines.

        A block that fits on a page is never cut: it starts a new page when the space left is too small,
        together with the headings it must stay with. A taller one starts where it is and continues on
        as many pages as it needs, so that no page is left holding only headings.
        """
        usable = self.bottom - self.top
        blocks = self.blocks
        # Height that must go on one page from each block on: itself (or, cut, its first piece)
        # plus what it must stay with.
        first = [0.0] * len(blocks)
        for i in range(len(blocks) - 1, -1, -1):
            block = blocks[i]
            if block.height > usable:
                first[i] = _first_piece(block)
            else:
                first[i] = block.height
                if block.keep_with_next and i + 1 < len(blocks):
                    first[i] += blocks[i + 1].space_before + first[i + 1]
            first[i] = min(first[i], usable)
        self.pages = [[]]
        self._y = self.top
        for i, block in enumerate(blocks):
            page = self.pages[-1]
            gap = block.space_before if page else 0.0
            if page and self._y + gap + first[i] > self.bottom:
                self._new_page(block.section)
                gap = 0.0
            self._y += gap
            if self._y + block.height <= self.bottom:
                self._place(block, 0.0, block.height)
            else:
                self._place_across_pages(block)

    def _place(self, block: _Block, start: float, stop: float) -> None:
        self.pages[-1].append(_Piece(block, self._y, start, stop))
        self._y += stop - start

    def _new_page(self, section: str | None) -> None:
        self.pages.append([])
        self._y = self.top
        if section is not None:  # a page that starts inside a month says which
            self._place(self._continued(section), 0.0, self._continued_height)

    def _place_across_pages(self, block: _Block) -> None:
        """Places ``block`` from the current position on, cut at line boundaries at each page's bottom."""
        cuts = _cuts(block)
        start = 0.0
        while block.height - start > self.bottom - self._y:
            # The lowest cut whose piece fits in the space left; a line taller than a whole page
            # (no such text exists within the data's limits) is drawn whole rather than lost.
            fitting = bisect_right(cuts, start + (self.bottom - self._y)) - 1
            if fitting < 0 or cuts[fitting] <= start:
                if self.pages[-1] and self._y > self._page_start():
                    self._new_page(block.section)
                    continue
                following = bisect_right(cuts, start)
                stop = cuts[following] if following < len(cuts) else block.height
            else:
                stop = cuts[fitting]
            self._place(block, start, stop)
            start = stop
            if start >= block.height:
                return
            self._new_page(block.section)
        self._place(block, start, block.height)

    def _page_start(self) -> float:
        """Where a new page's content starts: below its "(continued)" heading, if any."""
        page = self.pages[-1]
        return self.top + (self._continued_height if page and page[0].block.continued else 0.0)

    def _continued(self, heading: str) -> _Block:
        layout, height = self.t.paragraph(
            _("{month} (continued)").format(month=heading), _font(11.5, bold=True), self.width
        )
        self._continued_height = height + self.t.pt(5)
        return _Block(self._continued_height, [_Text(layout, 0, 0, ACCENT)], continued=True)

    def draw(self, painter: QPainter, writer: QPdfWriter, progress: Progress | None) -> None:
        total = len(self.pages)
        for number, page in enumerate(self.pages, start=1):
            if number > 1:
                writer.newPage()
            for piece in page:
                self._draw_piece(painter, piece)
                if piece.stop >= piece.block.height:
                    # Drawn for good: its shaped text is freed now, a page at a time, rather than all at
                    # once at the end, which would hold the interpreter lock for as long in one go.
                    piece.block.texts.clear()
            self._footer(painter, number, total)
            if progress is not None and not progress(0.5 + 0.5 * number / total):
                raise ExportCancelled

    def _draw_piece(self, painter: QPainter, piece: _Piece) -> None:
        """Draws the part of a block between ``start`` and ``stop`` (block units) with ``start`` at ``y``."""
        block, x, start, stop = piece.block, self.left, piece.start, piece.stop
        whole = start == 0.0 and stop >= block.height
        y = piece.y - start
        for rect, color in block.bands:
            part = rect.intersected(QRectF(rect.left(), start, rect.width(), stop - start))
            if not part.isEmpty():
                painter.fillRect(part.translated(x, y), color)
        for x1, y1, x2, y2, color, width in block.rules:
            if whole or (start < y1 <= stop) or (start == 0.0 and y1 == 0.0):
                painter.setPen(QPen(color, width))
                painter.drawLine(QPointF(x + x1, y + y1), QPointF(x + x2, y + y2))
        for text in block.texts:
            painter.setPen(text.color)
            origin = QPointF(x + text.x, y + text.y)
            if whole:
                text.layout.draw(painter, origin)
                continue
            for number in range(text.layout.lineCount()):
                line = text.layout.lineAt(number)
                if start <= text.y + line.y() < stop:
                    line.draw(painter, origin)

    def _footer(self, painter: QPainter, number: int, total: int) -> None:
        t = self.t
        y = self.bottom + t.mm(9)
        painter.setPen(QPen(RULE, t.pt(0.5)))
        painter.drawLine(QPointF(self.left, y), QPointF(self.right, y))
        font = _font(8)
        page_text = _("Page {page} of {pages}").format(page=i18n.format_number(number), pages=i18n.format_number(total))
        page_layout, _height = t.paragraph(page_text, font, t.mm(40), Qt.AlignmentFlag.AlignRight)
        title_layout, _height = t.paragraph(
            _("{title} · {range}").format(title=_("INTERPOL cybercrime bulletins"), range=range_text(self.plan)),
            font,
            self.width - t.mm(45),
        )
        painter.setPen(MUTED)
        title_layout.draw(painter, QPointF(self.left, y + t.pt(4)))
        page_layout.draw(painter, QPointF(self.right - t.mm(40), y + t.pt(4)))


# ---------------------------------------------------------------- writing


def render_pdf(
    plan: ExportPlan, taxonomy: Taxonomy, paper: str = "A4", progress: Progress | None = None
) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages. Raises ExportCancelled when ``progress`` says so."""
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAPER_SIZES.get(paper, QPageSize.PageSizeId.A4)),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    document = _Document(plan, taxonomy, writer)
    document.build(progress)
    outline = document.outline()
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(_("The PDF could not be started."))
    try:
        document.draw(painter, writer, progress)
    finally:
        painter.end()
    buffer.close()
    metadata = document_metadata(plan, taxonomy)
    return with_metadata(bytes(buffer.data().data()), metadata, outline), len(document.pages)


@dataclass(frozen=True)
class Metadata:
    """What a PDF says about itself, in its information dictionary and its XMP packet alike."""

    title: str
    subject: str
    language: str  # a BCP 47 tag: "fr-FR"
    author: str  # the product, in the document's language: whoever exports, the app compiled it
    creator: str


def document_metadata(plan: ExportPlan, taxonomy: Taxonomy) -> Metadata:
    """The export's metadata in the active language: its title, and its range and filters as the subject."""
    locale = i18n.babel_locale()
    subject = _("{range}; filters: {filters}").format(
        range=_capitalized(range_text(plan)), filters=filters_text(plan.request, taxonomy)
    )
    tag = "-".join(part for part in (locale.language, locale.territory) if part)
    name = _(APP_DISPLAY_NAME)
    return Metadata(document_title(plan), subject, tag, name, f"{name} {__version__}")


def with_metadata(data: bytes, metadata: Metadata, outline: list[Bookmark] | None = None) -> bytes:
    """The PDF ``data`` (as Qt writes it) with ``metadata``, the catalog's /Lang and the ``outline`` as its
    bookmarks, rewritten by pypdf."""
    import pypdf
    from pypdf.generic import Fit, NameObject, TextStringObject
    from pypdf.xmp import XmpInformation

    reader = pypdf.PdfReader(io.BytesIO(data))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header  # Qt's version (1.4, for its transparency), not pypdf's default
    writer.root_object[NameObject("/Lang")] = TextStringObject(metadata.language)
    parents: list = []  # the open entry of each level above the next one
    for mark in outline or ():
        height = float(writer.pages[mark.page].mediabox.height)
        del parents[mark.level :]
        parent = parents[-1] if parents else None
        # A year's entry opens its months: the outline starts as a list of years, each a click from its months.
        item = writer.add_outline_item(
            title=mark.title,
            page_number=mark.page,
            parent=parent,
            fit=Fit.xyz(left=0, top=height - mark.top),
            is_open=False,
        )
        parents.append(item)
    if outline:
        writer.page_mode = "/UseOutlines"  # viewers show the bookmarks beside the first page
    producer = f"Qt {qVersion()}, pypdf {pypdf.__version__}"
    writer.add_metadata(
        {
            "/Title": metadata.title,
            "/Author": metadata.author,
            "/Subject": metadata.subject,
            "/Creator": metadata.creator,
            "/Producer": producer,
        }
    )
    # The XMP packet Qt wrote says the same things; readers may prefer either, so both agree.
    xmp = writer.xmp_metadata or XmpInformation.create()
    xmp.dc_title = {"x-default": metadata.title}
    xmp.dc_creator = [metadata.author]
    xmp.dc_description = {"x-default": metadata.subject}
    xmp.dc_language = [metadata.language]
    xmp.pdf_producer = producer
    xmp.xmp_creator_tool = metadata.creator
    writer.xmp_metadata = xmp
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def export_pdf(
    plan: ExportPlan, taxonomy: Taxonomy, target: Path, paper: str = "A4", progress: Progress | None = None
) -> int:
    """Writes the PDF to ``target`` whole or not at all; returns its number of pages.

    Raises ExportError (the reason, for people) or ExportCancelled; either way no file is left behind.
    """
    target = Path(target)
    try:
        with replacing(target) as stream:
            data, pages = render_pdf(plan, taxonomy, paper, progress)
            stream.write(data)
            if progress is not None and not progress(1.0):  # the last moment the target can still be kept
                raise ExportCancelled
    except OSError as error:
        raise ExportError(
            _("Cannot write {path}: {reason}").format(path=target, reason=error.strerror or error)
        ) from error
    return pages
