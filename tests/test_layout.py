"""How the window looks at its default size and narrower, in English and French: nothing touches the window's
edges, no label or title is cut, the detail form keeps its two columns, the checked order button stands out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QLabel, QStyle

from timeline_gui import i18n
from timeline_gui.ui.colors import contrast
from timeline_gui.ui.delegate import TITLE_LINES, title_lines
from timeline_gui.ui.taxonomy_model import COLUMN_LABEL


@pytest.fixture(params=["en", "fr"])
def language(request):
    return request.param


def shown(window, language: str, width: int = 1200, height: int = 760):
    window.switcher.switch(language)
    window.resize(width, height)
    window.show()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    window.taxonomy.view.doItemsLayout()
    QApplication.processEvents()
    return window


def in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_nothing_touches_the_windows_edges(window, language):
    shown(window, language)
    margin = window.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
    assert margin > 0
    assert in_window(window, window.search_label).left() >= margin
    assert in_window(window, window.timeline_view).left() >= margin
    assert window.width() - in_window(window, window.taxonomy.clear_button).right() > margin
    assert window.width() - in_window(window, window.order_button).right() > margin // 2


def test_every_taxonomy_label_shows_whole(window, language):
    tree = shown(window, language).taxonomy.view
    model = tree.model()
    metrics = QFontMetrics(tree.font())
    bold = tree.font()
    bold.setBold(True)

    def rows(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, COLUMN_LABEL, parent)
            yield index
            yield from rows(index)

    checked = 0
    for index in rows(tree.rootIndex()):
        rect = tree.visualRect(index)
        text = index.data()
        font_metrics = QFontMetrics(bold) if index.data(Qt.ItemDataRole.FontRole) else metrics
        # Room for the text wrapped at the cell's width (less the style's text margins) in the cell's height.
        needed = font_metrics.boundingRect(
            QRect(0, 0, rect.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, text
        ).height()
        assert rect.height() >= needed, (text, rect, needed)
        checked += 1
    assert checked > 10


def test_the_count_columns_fit_millions_and_their_title(window, language):
    """Both trees' counts: a width that fits seven digits and the column's title, whatever the counts shown."""
    shown(window, language)
    for tree in (window.taxonomy.view, window.facet_panel.view):
        header = tree.header()
        width = header.sectionSize(1)
        assert width >= QFontMetrics(tree.font()).horizontalAdvance(i18n.format_number(9_999_999)) + 8
        assert width >= header.sectionSizeHint(1)
        index = tree.model().index(0, 1)
        rect = tree.visualRect(index)
        needed = QFontMetrics(tree.font()).horizontalAdvance(index.data() or "")
        assert rect.width() >= needed, (tree.objectName(), index.data(), rect)


def test_packaged_titles_fit_on_two_lines_at_the_default_size(window, language, timeline):
    view = shown(window, language).timeline_view
    delegate = view.itemDelegate()
    font = view.font()
    # The title's column, as the delegate lays it out in a row of the view's width.
    title_left = 3 * 8 + QFontMetrics(font).horizontalAdvance("EN") + 8 + 8 + delegate.date_width(font) + 16
    width = view.viewport().width() - 8 - title_left
    for bulletin in timeline.bulletins:
        lines = title_lines(bulletin.title(language), font, width)
        assert len(lines) <= TITLE_LINES
        assert not lines[-1].endswith("…"), (bulletin.title(language), width)


def test_a_long_title_wraps_then_is_cut_at_the_end_of_its_second_line(qapp):
    font = qapp.font()
    title = " ".join(["cybercrime"] * 40)
    lines = title_lines(title, font, 200)
    assert len(lines) == 2 and lines[0].startswith("cybercrime") and lines[1].endswith("…")
    assert all(QFontMetrics(font).horizontalAdvance(line) <= 200 for line in lines)
    assert title_lines("Short", font, 200) == ["Short"]


@pytest.mark.parametrize("width", [1200, 900, 800])
def test_the_detail_form_keeps_two_columns(window, language, width):
    shown(window, language, width)
    detail = window.detail
    for key in ("date", "title_en", "initiatives"):
        value = detail.findChild(QLabel, f"detail-{key}")
        (name,) = [label for label in detail.findChildren(QLabel) if label.buddy() is value]
        assert name.mapTo(detail, QPoint(0, 0)).y() == value.mapTo(detail, QPoint(0, 0)).y(), key
        assert value.mapTo(detail, QPoint(0, 0)).x() >= name.mapTo(detail, QPoint(0, 0)).x() + name.width()


def test_no_gap_under_the_detail_form_at_the_start(make_window, language):
    i18n.set_language(language)
    window = make_window()
    shown(window, language)
    detail = window.detail
    content = detail.widget()
    visible = detail.viewport().height()
    needed = content.heightForWidth(detail.viewport().width())
    # At most a line or two: the form is measured as if a scroll bar took room, so that none is needed.
    spacing = window.style().pixelMetric(QStyle.PixelMetric.PM_LayoutVerticalSpacing)
    assert visible - needed < 2 * QFontMetrics(detail.font()).lineSpacing() + 2 * spacing
    assert not detail.verticalScrollBar().isVisible()


def panel(button) -> QColor:
    """The colour the style paints the button with, left of its text, halfway down."""
    image = button.grab().toImage()
    return image.pixelColor(4, image.height() // 2)


def test_the_checked_order_button_stands_out(window, qtbot):
    button = shown(window, "en").order_button
    unchecked = panel(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isChecked()
    checked = panel(button)
    # Unlike the style's own shade of grey: a 3:1 change (WCAG's for a control's state), its text still legible.
    assert contrast(checked, unchecked) >= 3.0, (checked.name(), unchecked.name())
    assert contrast(button.palette().color(QPalette.ColorRole.ButtonText), checked) >= 4.5
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert panel(button) == unchecked
