"""The detail pane: everything known about the current bulletin, in the active language."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from timeline_gui import i18n
from timeline_gui.domain.model import Bulletin
from timeline_gui.export.text import shown_title
from timeline_gui.i18n import N_, _
from timeline_gui.ui.colors import scheme
from timeline_gui.ui.language import retranslated
from timeline_gui.ui.node_detail import NodeDetail
from timeline_gui.ui.session import Session

# (object name, label) of each row, in display order.
FIELDS = (
    ("date", N_("Date")),
    ("title_en", N_("Title in English")),
    ("title_fr", N_("Title in French")),
    ("original", N_("Original language")),
    ("initiatives", N_("Initiatives")),
    ("crime_types", N_("Crime types")),
    ("places", N_("Places")),
    ("partners", N_("Partners")),
)


class _ValueLabel(QLabel):
    """A value the keyboard can reach: a frame in the highlight colour shows which one has the focus.

    Drawn here rather than by a style sheet: a style sheet on the pane cost the window some 6 ms to start.
    """

    _FRAME = 2  # pixels of the frame, inside a margin of one more
    _RADIUS = 3

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        margin = self._FRAME + 1
        self.setContentsMargins(margin, margin, margin, margin)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(scheme(self.palette()).accent, self._FRAME))
            inset = self._FRAME / 2
            painter.drawRoundedRect(
                QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), self._RADIUS, self._RADIUS
            )

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


class DetailPane(QScrollArea):
    """Shows the session's current bulletin, or the taxonomy node it describes (``Session.described_node``)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detail")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._session = session
        self._bulletin: Bulletin | None = None
        body = QWidget()
        outer = self._layout = QVBoxLayout(body)
        self._heading = QLabel()
        self._heading.setObjectName("detail-heading")
        self._heading.setWordWrap(True)
        font = self._heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self._heading.setFont(font)
        outer.addWidget(self._heading)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)  # two columns however narrow: values wrap
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._names: dict[str, QLabel] = {}
        self._values: dict[str, QLabel] = {}
        for key, _label in FIELDS:
            name = QLabel()
            value = _ValueLabel()
            value.setObjectName(f"detail-{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            name.setBuddy(value)
            form.addRow(name, value)
            self._names[key] = name
            self._values[key] = value
        outer.addLayout(form)
        self.node = NodeDetail()
        self.node.setVisible(False)
        outer.addWidget(self.node)
        outer.addStretch(1)
        self.setWidget(body)
        session.current_changed.connect(self._show_current)
        session.timeline_changed.connect(self._show_current)
        session.query_changed.connect(self._show_current)  # nothing shown at all is said differently
        session.described_node_changed.connect(self._show_current)
        self._bulletin = session.current_bulletin()
        self.retranslate()
        retranslated(self)

    def _show_current(self) -> None:
        session = self._session
        if session.described_node is not None:
            self.node.show_node(session.described_node, session.timeline.taxonomy, session.timeline_index)
        self.show_bulletin(session.current_bulletin())

    def showing_node(self) -> str | None:
        """The key of the node shown, or None while the pane shows a bulletin (or nothing)."""
        return self._session.described_node

    def value_text(self, key: str) -> str:
        return self._values[key].text()

    def heading_text(self) -> str:
        return self._heading.text()

    def first_value(self) -> QLabel:
        return self._values[FIELDS[0][0]]

    def show_bulletin(self, bulletin: Bulletin | None) -> None:
        self._bulletin = bulletin
        self._fill()

    def retranslate(self) -> None:
        for key, label in FIELDS:
            self._names[key].setText(_(label) + _(":"))
        self.setAccessibleName(_("Bulletin details"))
        self.setAccessibleDescription(_("Date, titles and taxonomy of the current bulletin"))
        for value in self._values.values():
            value.setAccessibleDescription(_("Of the current bulletin; F6 moves to the next pane"))
        self._fill()
        self._layout.activate()  # the label column takes the width of the new language's labels

    def _fill(self) -> None:
        showing_node = self._session.described_node is not None
        bulletin = None if showing_node else self._bulletin
        for key, _label in FIELDS:
            self._names[key].setVisible(bulletin is not None)
            self._values[key].setVisible(bulletin is not None)
        self.node.setVisible(showing_node)
        if showing_node:
            self.node.retranslate()
            self._heading.setText(self.node.heading())
            return
        if bulletin is None:
            nothing_shown = not self._session.shown_positions and len(self._session.timeline) > 0
            self._heading.setText(
                _("No bulletin is shown: the search and filters hide them all.")
                if nothing_shown
                else _("No bulletin selected")
            )
            return
        language = i18n.language()
        self._heading.setText(shown_title(bulletin, language))
        taxonomy = self._session.timeline.taxonomy
        none = _("none")

        def join(values: tuple[str, ...]) -> str:
            return ", ".join(values) if values else none

        def tags(keys: tuple[str, ...]) -> str:
            """Each tag on a line of its own, with the reason the data gives for it."""
            lines = []
            for key in keys:
                label, reason = taxonomy.label(key, language), bulletin.basis_of(key, language)
                lines.append(label if reason is None else _("{tag} – {reason}").format(tag=label, reason=reason))
            if len(lines) > 1:  # a reason may wrap: a bullet shows where each tag starts
                lines = [f"• {line}" for line in lines]
            return "\n".join(lines) if lines else none

        values = {
            "date": i18n.format_date(bulletin.date),
            "title_en": _("{title} (original)").format(title=bulletin.title_en)
            if bulletin.language == "en"
            else bulletin.title_en or _("not translated"),
            "title_fr": _("{title} (original)").format(title=bulletin.title_fr)
            if bulletin.language == "fr"
            else bulletin.title_fr or _("not translated"),
            "original": i18n.language_name(bulletin.language),
            "initiatives": tags(bulletin.initiatives),
            "crime_types": tags(bulletin.crime_types),
            "places": join(taxonomy.names_in(bulletin.places, language)),
            "partners": join(taxonomy.names_in(bulletin.partners, language)),
        }
        for key, text in values.items():
            self._values[key].setText(text)
            # What a screen reader says on reaching the value: its field and the value ("Date: 1 August 2016").
            self._values[key].setAccessibleName(self._names[key].text() + " " + text)
