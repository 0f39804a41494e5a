"""Paints timeline rows: year and month headings, and bulletins with date, language mark and title."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from timeline_gui import i18n
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.roles import Role, RowKind

_Index = QModelIndex | QPersistentModelIndex
_MARGIN = 8


def draw_focus_outline(painter: QPainter, option: QStyleOptionViewItem, width: int = 2) -> None:
    """A clear outline round the current item while its view has the focus.

    The style's own focus rectangle (Fusion's is faint, and lost on a selected row) stays; this one is
    seen on any background, so keyboard users always know where they are.
    """
    if not option.state & QStyle.StateFlag.State_HasFocus:
        return
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    colors = scheme(option.palette, _group(option))
    color = colors.selected_text if selected else colors.accent
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = width // 2 + (1 if width > 1 else 0)
    painter.drawRoundedRect(
        option.rect.adjusted(inset, inset, -inset - (width % 2), -inset - (width % 2)), width + 1, width + 1
    )
    painter.restore()


def _group(option: QStyleOptionViewItem) -> QPalette.ColorGroup:
    active = option.state & QStyle.StateFlag.State_Active
    return QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive


class FocusOutlineDelegate(QStyledItemDelegate):
    """The standard delegate, plus the clear focus outline (used by the taxonomy tree).

    In a tree that wraps its text, a row is as tall as its label wrapped in its column: Qt's own size hint
    measures the text on one line, not knowing the column's width.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        view = option.widget
        if not isinstance(view, QTreeView) or not view.wordWrap():
            return super().sizeHint(option, index)
        width = view.header().sectionSize(index.column())
        if index.column() == view.header().logicalIndex(0):  # the column with the branches: less its indentation
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(1, width), 1)
        sized.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(sized, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        draw_focus_outline(
            painter, option, width=1
        )  # tree rows are one line high: a thin outline leaves the text clear


def title_lines(text: str, font: QFont, width: int) -> list[str]:
    """``text`` wrapped at word boundaries into at most TITLE_LINES lines of ``width`` pixels, the last one elided
    when the text goes on."""
    lines: list[str] = []
    rest = text.strip()
    metrics = QFontMetrics(font)
    while rest and len(lines) < TITLE_LINES - 1:
        layout = QTextLayout(rest, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(max(1, width))
        layout.endLayout()
        length = max(1, line.textLength())
        if length >= len(rest):
            break
        lines.append(rest[:length].rstrip())
        rest = rest[length:].lstrip()
    if rest:
        lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, max(1, width)))
    return lines


TITLE_LINES = 2  # a title wraps onto a second line before it is cut (the whole of it is in the tooltip)
_NARROW_TITLE = 16  # average characters: a title column narrower than this goes under the date instead


class TimelineDelegate(QStyledItemDelegate):
    """Rows are all one height (two lines), so the view can lay out a million of them at once.

    A bulletin is its language badge and date in a column of their own, the title beside them on up to two lines;
    in a view too narrow for that, the title goes on one line under the date.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._date_widths: dict[tuple[str, str], int] = {}
        # One more while a search marks matches: the other language's title goes under, where the match is.
        self.lines = TITLE_LINES

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.lineSpacing() * self.lines + 3 * _MARGIN // 2)

    def date_width(self, font: QFont) -> int:
        """Width of the longest date the active language writes ("28 septembre 2016"), so titles line up."""
        key = (font.key(), i18n.language())
        width = self._date_widths.get(key)
        if width is None:
            metrics = QFontMetrics(font)
            width = max(metrics.horizontalAdvance(i18n.format_date(dt.date(2000, month, 28))) for month in range(1, 13))
            self._date_widths[key] = width
        return width

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        kind = index.data(Role.KIND)
        painter.save()
        try:
            if kind == RowKind.BULLETIN:
                self._paint_bulletin(painter, option, index)
            else:
                self._paint_heading(painter, option, index, kind)
        finally:
            painter.restore()

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index, kind: int) -> None:
        colors = scheme(option.palette, _group(option))
        rect = option.rect
        font = QFont(option.font)
        font.setBold(True)
        if kind == RowKind.YEAR:
            font.setPointSizeF(font.pointSizeF() * 1.5)
            painter.fillRect(rect, colors.year_band)
        else:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(colors.heading)
        text_rect = rect.adjusted(_MARGIN if kind == RowKind.YEAR else 2 * _MARGIN, 0, -_MARGIN, -_MARGIN // 2)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, str(index.data()))
        if kind == RowKind.MONTH:
            painter.setPen(colors.rule)
            painter.drawLine(text_rect.left(), rect.bottom() - 1, rect.right() - _MARGIN, rect.bottom() - 1)

    def _paint_bulletin(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        # The style draws selection, hover and the focus rectangle, so they look native and stay visible.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colors = scheme(opt.palette, _group(opt))
        text_color = colors.selected_text if selected else colors.text
        dim_color = colors.selected_text if selected else colors.dim

        metrics = QFontMetrics(opt.font)
        line = metrics.lineSpacing()
        left = opt.rect.left() + 3 * _MARGIN
        top = opt.rect.top() + _MARGIN // 2
        width = opt.rect.right() - left - _MARGIN

        badge_font = QFont(opt.font)
        badge_font.setPointSizeF(max(6.0, badge_font.pointSizeF() * 0.8))
        badge_font.setBold(True)
        badge_text = str(index.data(Role.ORIGINAL_LANGUAGE) or "").upper()
        badge_metrics = QFontMetrics(badge_font)
        badge_rect = QRect(
            left,
            top + (line - badge_metrics.height()) // 2,
            badge_metrics.horizontalAdvance(badge_text) + 8,
            badge_metrics.height(),
        )
        painter.setPen(dim_color)
        painter.drawRoundedRect(badge_rect, 3, 3)
        painter.setFont(badge_font)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge_text)

        painter.setFont(opt.font)
        date_rect = QRect(badge_rect.right() + _MARGIN, top, self.date_width(opt.font), line)
        painter.drawText(
            date_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data(Role.DATE_TEXT) or "")
        )

        title = str(index.data() or "")
        marks = index.data(Role.MATCHES) or []
        highlighter = None if selected else colors.mark
        title_left = date_rect.right() + 2 * _MARGIN
        title_width = opt.rect.right() - _MARGIN - title_left
        if title_width >= _NARROW_TITLE * metrics.averageCharWidth():
            for number, (text, start) in enumerate(_with_starts(title, title_lines(title, opt.font, title_width))):
                rect = QRect(title_left, top + number * line, title_width, line)
                _draw_marked(painter, metrics, rect, text, _shifted(marks, -start), text_color, highlighter)
            other_left, other_width = title_left, title_width
        else:
            shown = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
            rect = QRect(left, top + line, width, line)
            _draw_marked(painter, metrics, rect, shown, marks, text_color, highlighter)
            other_left, other_width = left, width
        other = index.data(Role.OTHER_MATCH)
        if other and self.lines > TITLE_LINES:
            other_title, ranges = other
            text = metrics.elidedText(f"↳ {other_title}", Qt.TextElideMode.ElideRight, other_width)
            rect = QRect(other_left, top + TITLE_LINES * line, other_width, line)
            _draw_marked(painter, metrics, rect, text, _shifted(ranges, 2), text_color, highlighter)
        draw_focus_outline(painter, opt)


def _with_starts(title: str, lines: list[str]) -> list[tuple[str, int]]:
    """Each wrapped line of ``title`` with where it starts in ``title``."""
    found, position = [], 0
    for text in lines:
        visible = text[:-1] if text.endswith("…") and not title.endswith(text) else text
        start = title.find(visible, position) if visible else position
        start = position if start < 0 else start
        found.append((text, start))
        position = start + len(visible)
    return found


def _shifted(ranges: list[tuple[int, int]], by: int) -> list[tuple[int, int]]:
    return [(start + by, end + by) for start, end in ranges]


def _draw_marked(
    painter: QPainter,
    metrics: QFontMetrics,
    rect: QRect,
    text: str,
    ranges: list[tuple[int, int]],
    color: QColor,
    mark_color: QColor | None,
) -> None:
    """``text`` on one line, the parts ``ranges`` cover underlined, and marked as with a highlighter when ``mark``
    is given (not on a selected row, whose colours are the selection's); ranges are offsets in ``text``."""
    visible = len(text) - 1 if text.endswith("…") else len(text)
    for first, stop in ranges:
        start, end = max(0, first), min(stop, visible)
        if start >= end:
            continue
        x = rect.left() + metrics.horizontalAdvance(text[:start])
        mark = QRect(x, rect.top(), metrics.horizontalAdvance(text[start:end]), rect.height())
        if mark_color is not None:
            painter.fillRect(mark, mark_color)
        painter.setPen(QPen(color, 1))
        baseline = rect.top() + (rect.height() + metrics.ascent() - metrics.descent()) // 2 + 2
        painter.drawLine(mark.left(), baseline, mark.right(), baseline)
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
