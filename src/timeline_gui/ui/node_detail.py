"""The detail pane's view of a taxonomy node: what it is (from the source page), its examples, and its
bulletins per year as a small chart."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from timeline_gui import i18n
from timeline_gui.domain.coverage import per_year
from timeline_gui.domain.model import BRANCHES, NOT_CLASSIFIED, Taxonomy
from timeline_gui.domain.query import TimelineIndex
from timeline_gui.i18n import N_, _
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.taxonomy_model import BRANCH_LABELS

# What the tree shows for its groupings that are not nodes of the taxonomy (taxonomy_model.BRANCH_LABELS).
_GROUP_DESCRIPTIONS = {
    "crime_types": N_("The two main kinds of Internet-related crime that law enforcement distinguishes."),
    "initiatives": N_("INTERPOL’s main initiatives in cybercrime."),
    NOT_CLASSIFIED: N_(
        "Bulletins tied to no initiative and no kind of crime: their titles name none that a reader would not dispute."
    ),
}


class YearChart(QWidget):
    """Bars of bulletins per year, in the palette's colours, each year labelled below and its count above."""

    _BAR_GAP = 6  # pixels between bars

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail-year-chart")
        self._years: list[tuple[int, int]] = []
        self.setMinimumHeight(96)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 110)

    def set_years(self, years: list[tuple[int, int]]) -> None:
        self._years = years
        self.setAccessibleDescription(self.summary())
        self.update()

    def years(self) -> list[tuple[int, int]]:
        return list(self._years)

    def summary(self) -> str:
        """The chart in words, for a screen reader: '2016: 5 bulletins, 2017: 6 bulletins'."""
        return ", ".join(
            i18n.ngettext("{year}: {count} bulletin", "{year}: {count} bulletins", count).format(
                year=year, count=i18n.format_number(count)
            )
            for year, count in self._years
        )

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self._years:
            return
        painter = QPainter(self)
        colors = scheme(self.palette())
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        top, bottom = line + 2, self.height() - line - 4  # the counts above the bars, the years below
        highest = max(count for _year, count in self._years) or 1
        width = min(64.0, (self.width() - self._BAR_GAP) / len(self._years) - self._BAR_GAP)
        bar_color, text_color = colors.accent, colors.window_text
        painter.setPen(colors.window_rule)
        painter.drawLine(0, bottom, self.width(), bottom)
        for number, (year, count) in enumerate(self._years):
            x = self._BAR_GAP + number * (width + self._BAR_GAP)
            height = (bottom - top) * count / highest
            painter.fillRect(QRectF(x, bottom - height, width, height), bar_color)
            painter.setPen(text_color)
            painter.drawText(
                QRectF(x - self._BAR_GAP / 2, bottom - height - line - 1, width + self._BAR_GAP, line),
                Qt.AlignmentFlag.AlignCenter,
                i18n.format_number(count),
            )
            painter.drawText(
                QRectF(x - self._BAR_GAP / 2, bottom + 2, width + self._BAR_GAP, line),
                Qt.AlignmentFlag.AlignCenter,
                str(year),
            )
        painter.end()


class NodeDetail(QWidget):
    """A taxonomy node (or a grouping of the tree) in the active language; hidden while a bulletin is shown."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.description = self._label("detail-node-description")
        self.examples = self._label("detail-node-examples")
        self.chart_title = self._label("detail-node-chart-title")
        self.chart = YearChart()
        for widget in (self.description, self.examples, self.chart_title, self.chart):
            layout.addWidget(widget)
        self._key: str | None = None
        self._taxonomy: Taxonomy | None = None
        self._index: TimelineIndex | None = None

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @property
    def key(self) -> str | None:
        return self._key

    def show_node(self, key: str, taxonomy: Taxonomy, index: TimelineIndex) -> None:
        self._key, self._taxonomy, self._index = key, taxonomy, index
        self.chart.set_years(per_year(index, key))
        self.retranslate()

    def heading(self) -> str:
        if self._key is None or self._taxonomy is None:
            return ""
        node = self._taxonomy.by_key.get(self._key)
        return node.label.get(i18n.language()) if node is not None else _(BRANCH_LABELS[self._key])

    def retranslate(self) -> None:
        key, taxonomy = self._key, self._taxonomy
        if key is None or taxonomy is None:
            return
        language = i18n.language()
        node = taxonomy.by_key.get(key)
        if node is not None:
            self.description.setText(node.description.get(language))
            children = [child.label.get(language) for child in node.children]
            title = _("Examples")
        else:
            self.description.setText(_(_GROUP_DESCRIPTIONS[key]) if key in _GROUP_DESCRIPTIONS else "")
            children = [root.label.get(language) for root in taxonomy.roots(key)] if key in BRANCHES else []
            title = _("Kinds") if key == "crime_types" else _("Initiatives")
        self.examples.setText(_("{title}: {items}").format(title=title, items=", ".join(children)))
        self.examples.setVisible(bool(children))
        self.chart_title.setText(_("Bulletins per year"))
        self.chart.set_years(self.chart.years())  # the summary in the new language
        self.chart.setAccessibleName(_("Bulletins per year"))
