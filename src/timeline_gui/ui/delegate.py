"""Paints timeline rows: year and month headings, and bulletins with date, language mark and title."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

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
    color = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(color, width))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = width // 2 + (1 if width > 1 else 0)
    painter.drawRoundedRect(
        option.rect.adjusted(inset, inset, -inset - (width % 2), -inset - (width % 2)), width + 1, width + 1
    )
    painter.restore()


class FocusOutlineDelegate(QStyledItemDelegate):
    """The standard delegate, plus the clear focus outline (used by the taxonomy tree)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        draw_focus_outline(
            painter, option, width=1
        )  # tree rows are one line high: a thin outline leaves the text clear


class TimelineDelegate(QStyledItemDelegate):
    """Rows are all one height (two lines of text), so the view can lay out a million of them at once."""

    lines = 2  # 3 while a search shows matches: the other language's title goes under, where the match is

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.lineSpacing() * self.lines + 3 * _MARGIN // 2)

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
        palette = option.palette
        rect = option.rect
        font = QFont(option.font)
        font.setBold(True)
        if kind == RowKind.YEAR:
            font.setPointSizeF(font.pointSizeF() * 1.5)
            painter.fillRect(rect, palette.brush(QPalette.ColorRole.Window))
        else:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        text_rect = rect.adjusted(_MARGIN if kind == RowKind.YEAR else 2 * _MARGIN, 0, -_MARGIN, -_MARGIN // 2)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, str(index.data()))
        if kind == RowKind.MONTH:
            painter.setPen(palette.color(QPalette.ColorRole.Mid))
            painter.drawLine(text_rect.left(), rect.bottom() - 1, rect.right() - _MARGIN, rect.bottom() - 1)

    def _paint_bulletin(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        # The style draws selection, hover and the focus rectangle, so they look native and stay visible.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        )
        text_color = opt.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        dim_color = text_color if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)

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
        date_rect = QRect(badge_rect.right() + _MARGIN, top, width - badge_rect.width() - _MARGIN, line)
        painter.drawText(
            date_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data(Role.DATE_TEXT) or "")
        )

        title_rect = QRect(left, top + line, width, line)
        text = str(index.data() or "")
        _draw_marked(painter, metrics, title_rect, text, index.data(Role.MATCHES) or [], text_color)
        other = index.data(Role.OTHER_MATCH)
        if other:
            other_title, ranges = other
            other_rect = QRect(left + 2 * _MARGIN, top + 2 * line, width - 2 * _MARGIN, line)
            _draw_marked(
                painter, metrics, other_rect, f"↳ {other_title}", [(s + 2, e + 2) for s, e in ranges], dim_color
            )
        draw_focus_outline(painter, opt)


MARK_COLOR = QColor(255, 200, 40, 130)  # a highlighter's yellow, seen on light and dark themes and under selection


def _draw_marked(
    painter: QPainter, metrics: QFontMetrics, rect: QRect, text: str, ranges: list[tuple[int, int]], color: QColor
) -> None:
    """``text`` on one line (elided), its ``ranges`` marked as with a highlighter, and underlined so the mark
    does not rest on colour alone."""
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    visible = len(shown) if shown == text else max(0, len(shown) - 1)  # the ellipsis stands for the rest
    for start, stop in ranges:
        if start >= visible:
            continue
        end = min(stop, visible)
        x = rect.left() + metrics.horizontalAdvance(shown[:start])
        mark = QRect(x, rect.top(), metrics.horizontalAdvance(shown[start:end]), rect.height())
        painter.fillRect(mark, MARK_COLOR)
        painter.setPen(QPen(color, 1))
        painter.drawLine(
            mark.left(), rect.top() + metrics.ascent() + 2, mark.right(), rect.top() + metrics.ascent() + 2
        )
    painter.setPen(color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
