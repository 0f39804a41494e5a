"""The About dialogs: the data (the source page's overview and what the open file covers) and the app (its
version, licence and the libraries it runs on). Imported when one first opens (ui/about.py)."""

from __future__ import annotations

import html
import platform
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from timeline_gui import APP_DISPLAY_NAME, __version__, i18n
from timeline_gui.domain.coverage import coverage
from timeline_gui.domain.model import Timeline
from timeline_gui.i18n import _
from timeline_gui.storage.data_format import SCHEMA_VERSION

DISTRIBUTION = "timeline-gui"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def libraries() -> list[tuple[str, str]]:
    """(name, installed version) of each library the app requires, as its package metadata lists them,
    then Qt itself; a library not installed reads "–"."""
    from importlib import metadata  # with email.message, some 7 ms: imported when About is first opened

    found: dict[str, str] = {}
    for requirement in metadata.requires(DISTRIBUTION) or []:
        if "extra ==" in requirement:
            continue
        match = _NAME.match(requirement)
        if match is None or match.group() in found:
            continue
        try:
            found[match.group()] = metadata.version(match.group())
        except metadata.PackageNotFoundError:
            found[match.group()] = "–"
    return [("Python", platform.python_version()), *found.items(), ("Qt", qVersion())]


def _paragraphs(parts: list[tuple[str, list[str]]]) -> str:
    """HTML of headed sections; every text is escaped (data from a file is never markup)."""
    out = []
    for heading, texts in parts:
        out.append(f"<h3>{html.escape(heading)}</h3>")
        out.extend(f"<p>{html.escape(text)}</p>" for text in texts)
    return "".join(out)


def about_data_html(timeline: Timeline, path: Path | None) -> str:
    language = i18n.language()
    parts = [(section.title.get(language), [section.text.get(language)]) for section in timeline.taxonomy.overview]
    span = coverage(timeline)
    classified = sum(1 for bulletin in timeline.bulletins if bulletin.is_classified)
    lines = [
        i18n.ngettext("{count} bulletin", "{count} bulletins", span.count).format(count=i18n.format_number(span.count))
    ]
    if span.first is not None and span.last is not None:
        lines.append(
            _("From {first} to {last}.").format(first=i18n.format_date(span.first), last=i18n.format_date(span.last))
        )
    lines.append(
        _("{classified} tied to an initiative or a kind of crime, {unclassified} not classified.").format(
            classified=i18n.format_number(classified), unclassified=i18n.format_number(span.count - classified)
        )
    )
    lines.append(
        _("Data file: {file}, format version {version} (schema: {version}).").format(
            file=path.name if path is not None else _("the bulletins packaged with the app"), version=SCHEMA_VERSION
        )
    )
    parts.insert(0, (_("Coverage"), lines))  # first: what the open file holds, then the page's account
    source = _(
        "Source: INTERPOL’s cybercrime page and its news listing. A title marked as the original is INTERPOL’s own; "
        "the other language, and the French of the overview, are translations."
    )
    return _paragraphs(parts) + f"<p><i>{html.escape(source)}</i></p>"


def about_app_html() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>&nbsp;&nbsp;{html.escape(version)}</td></tr>"
        for name, version in libraries()
    )
    head = _paragraphs(
        [
            (
                _(APP_DISPLAY_NAME),
                [
                    _("Version {version}").format(version=__version__),
                    _("A timeline of INTERPOL’s cybercrime bulletins, in English and French, with PDF export."),
                    _("Licence: MIT"),
                    _("Libraries:"),
                ],
            )
        ]
    )
    return head + f"<table>{rows}</table>"


class AboutDialog(QDialog):
    """A page of text with a Close button; ``render`` gives its HTML in the active language."""

    def __init__(self, name: str, render: Callable[[], str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self._render = render
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName(f"{name}-text")
        self.text.setOpenLinks(False)
        layout.addWidget(self.text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.text.setHtml(self._render())
        title = _("About the Data") if self.objectName() == "about-data" else _("About")
        self.setWindowTitle(title)
        self.text.setAccessibleName(title)

    def plain_text(self) -> str:
        return self.text.toPlainText()
