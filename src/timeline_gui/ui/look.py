"""The window's finish: spacing from the style, labels that wrap rather than being cut, a checked state one sees.

Helpers the main window and its parts apply to their widgets; each takes a widget and changes nothing but how it
looks (or, for ``own_viewport``, who made its viewport).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLayout,
    QScrollArea,
    QSplitter,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from timeline_gui.ui.colors import legible, scheme


def own_viewport(view: QAbstractScrollArea) -> None:
    """Gives ``view`` a viewport made here, set up as Qt sets up its own (tests/test_startup.py compares them).

    PySide6 then knows the viewport's type. For one Qt made, the first ``viewport()`` resolves every QWidget
    subclass of QtWidgets and builds their enums (some 60 of them, 4-8 ms at start)."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(QPalette.ColorRole.Base)
    viewport.setAutoFillBackground(True)
    viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)  # as the scroll area sets it on its own
    view.setViewport(viewport)


def framed(content: QWidget) -> QWidget:
    """``content`` inside the margins the style gives a window's contents, so nothing touches the window's edges."""
    frame = QWidget()
    layout = QVBoxLayout(frame)  # a layout's default margins and spacing are the style's (PM_Layout*Margin)
    layout.addWidget(content)
    return frame


def spacing(widget: QWidget) -> int:
    """The style's spacing between two widgets side by side."""
    return widget.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)


def tight(layout: QLayout) -> QLayout:
    """A layout nested in another: no margins of its own (its parent's apply), the style's spacing."""
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


def wrapping_labels(tree: QTreeView) -> None:
    """Long labels wrap onto more lines in their column instead of ending in "…"; rows grow to fit them."""
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setTextElideMode(tree.textElideMode().ElideNone)
    relayout = QTimer(tree, singleShot=True, interval=0)  # once per burst of resizes (a splitter drag)
    relayout.timeout.connect(tree.doItemsLayout)
    tree.header().sectionResized.connect(lambda *_args: relayout.start())


def count_column(tree: QTreeView, column: int) -> None:
    """``column`` of ``tree`` holds counts: a fixed width that fits millions and the column's title. Fitted to its
    contents instead, the tree would measure every row at each layout: some 300 size hints at start."""
    header = tree.header()
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(
        column, max(tree.fontMetrics().horizontalAdvance("0,000,000") + 12, header.sectionSizeHint(column))
    )


CHECKED_CONTRAST = 6.0


def marked_when_checked(button: QAbstractButton) -> None:
    """A checked toggle drawn in the selection's colours: the style's own checked look is a shade of grey."""

    def follow(checked: bool) -> None:
        parent = button.parentWidget()
        palette = QPalette(parent.palette() if parent is not None else QApplication.palette())
        if checked:
            colors = scheme(palette)
            # Styles lighten a checked button's colour (Fusion by a tenth): start from one that still reads then.
            panel = legible(colors.selection, colors.selected_text, CHECKED_CONTRAST)
            palette.setColor(QPalette.ColorRole.Button, panel)
            palette.setColor(QPalette.ColorRole.ButtonText, colors.selected_text)
        button.setPalette(palette)

    button.toggled.connect(follow)
    follow(button.isChecked())


def share(splitter: QSplitter, first: float, total: int) -> None:
    """Sizes a two-pane splitter of ``total`` pixels: ``first`` (0..1) of them to its first pane."""
    splitter.setSizes([round(total * first), total - round(total * first)])


def content_height(area: QScrollArea, width: int) -> int:
    """Height the scroll area's contents take at ``width``: what it needs to show them without scrolling."""
    content = area.widget()
    if content is None:
        return 0
    margins = area.contentsMargins()
    # Measured as if its scroll bar took room: text wrapped a little tighter, so that the bar is not needed.
    scroll_bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    inner = width - margins.left() - margins.right() - 2 * area.frameWidth() - scroll_bar
    height = content.heightForWidth(inner) if content.hasHeightForWidth() else -1
    return (height if height > 0 else content.sizeHint().height()) + margins.top() + margins.bottom()


class _FirstShow(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._callback()
            self.deleteLater()
        return False


def on_first_show(widget: QWidget, callback: Callable[[], None]) -> None:
    """Calls ``callback`` when ``widget`` first shows: sizes given to splitters before then are not kept as given,
    but grown by their stretch factors to the window's size."""
    _FirstShow(widget, callback)
