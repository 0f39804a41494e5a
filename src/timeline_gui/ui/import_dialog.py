"""File ▸ Import Listing…: paste or open a news listing, check what was read, confirm tags, add it to a file.

The preview shows every row read (date, title, its language, which can be corrected, and whether it is a
duplicate) and every rejected line with its number; the tags suggested for the selected row are listed below
with the words that suggested them, each unchecked until the user checks it. Nothing is written until Import
is pressed (and, when lines were rejected, confirmed); the file is then written whole, checked, and opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from timeline_gui import i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Bulletin, Taxonomy
from timeline_gui.domain.tag_suggestions import TagRules
from timeline_gui.i18n import LANGUAGES, _
from timeline_gui.storage.listing import Listing, ListingRow, read_listing, read_listing_file
from timeline_gui.storage.listing_writer import ImportResult, existing_bulletins, import_rows
from timeline_gui.ui.colors import scheme

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

LINE, DATE, LANGUAGE, TITLE, STATUS, TAGS = range(6)


def _duplicate_text(row: ListingRow) -> str:
    if row.duplicate_of:
        return _("already in the file ({id}): skipped").format(id=row.duplicate_of)
    if row.repeats_line:
        return _("repeats line {line}: skipped").format(line=row.repeats_line)
    return _("new")


class ListingPreviewModel(QAbstractTableModel):
    """The rows of a listing: one a bulletin read; the language column is editable (English or French)."""

    language_changed = Signal(int)  # row

    def __init__(self, taxonomy: Taxonomy, parent: QWidget | None = None):
        super().__init__(parent)
        self._taxonomy = taxonomy
        self._rules = TagRules(taxonomy)
        self.rows: list[ListingRow] = []

    def set_rows(self, rows: list[ListingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else TAGS + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Line"), _("Date"), _("Language"), _("Title"), _("Status"), _("Tags"))[section]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == LANGUAGE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def tags_text(self, row: ListingRow) -> str:
        language = i18n.language()
        marks = []
        for suggestion in row.suggestions:
            box = "☑" if suggestion.key in row.accepted else "☐"
            marks.append(f"{box} {self._taxonomy.label(suggestion.key, language)} ({', '.join(suggestion.words)})")
        return "; ".join(marks)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.EditRole and column == LANGUAGE:
            return row.language
        if role == Qt.ItemDataRole.ToolTipRole and column == LANGUAGE and not row.certain:
            return _("The title's words did not tell its language: check it")
        if role == Qt.ItemDataRole.ForegroundRole and row.is_duplicate:
            # Greyed as the timeline's dates are, which still read at 4.5:1 (a disabled grey would not).
            return scheme(QApplication.palette()).dim
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == LINE:
            return str(row.line)
        if column == DATE:
            return i18n.format_date(row.date)
        if column == LANGUAGE:
            name = i18n.language_name(row.language)
            return name if row.certain else _("{language}?").format(language=name)
        if column == TITLE:
            return row.title
        if column == STATUS:
            return _duplicate_text(row)
        return self.tags_text(row)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != LANGUAGE or value not in LANGUAGES:
            return False
        row = self.rows[index.row()]
        if row.language != value or not row.certain:
            row.language, row.certain = value, True  # the user has said
            row.suggestions = self._rules.suggest(row.title, row.language)  # keywords of the language now set
            row.accepted &= {suggestion.key for suggestion in row.suggestions}
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), TAGS))
            self.language_changed.emit(index.row())
        return True

    def refresh_tags(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, TAGS), self.index(row, TAGS))


class SuggestionModel(QAbstractTableModel):
    """The tags suggested for one row, each checkable, with the words of the title that suggested it."""

    def __init__(self, taxonomy: Taxonomy, parent: QWidget | None = None):
        super().__init__(parent)
        self._taxonomy = taxonomy
        self.row: ListingRow | None = None

    def set_row(self, row: ListingRow | None) -> None:
        self.beginResetModel()
        self.row = row
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() or self.row is None else len(self.row.suggestions)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_("Suggested tag"), _("Because the title says"))[section]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == 0 and self.row is not None and not self.row.is_duplicate:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.row is None or index.row() >= len(self.row.suggestions):
            return None
        suggestion = self.row.suggestions[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._taxonomy.label(suggestion.key, i18n.language())
            if role == Qt.ItemDataRole.CheckStateRole:
                accepted = suggestion.key in self.row.accepted
                return Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked
        elif role == Qt.ItemDataRole.DisplayRole:
            return ", ".join(_("“{word}”").format(word=word) for word in suggestion.words)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if self.row is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        key = self.row.suggestions[index.row()].key
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.row.accepted.add(key)
        else:
            self.row.accepted.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class _LanguageDelegate(QStyledItemDelegate):
    """Edits a row's language with a list of the two."""

    def createEditor(self, parent: QWidget, _option: Any, _index: _Index) -> QWidget:
        editor = QComboBox(parent)
        for code in LANGUAGES:
            editor.addItem(i18n.language_name(code), code)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _button(text: str, slot: Any) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(slot)
    return button


class ImportListingDialog(QDialog):
    """``imported`` holds the file written once the dialog is accepted."""

    def __init__(self, taxonomy: Taxonomy, target: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("import-listing")
        self.setWindowTitle(_("Import Listing"))
        self._taxonomy = taxonomy
        self.listing: Listing | None = None
        self.imported: Path | None = None
        self.result_: ImportResult | None = None

        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            _("Paste INTERPOL's news listing here: a date line (22 March 2017, 22 mars 2017), then a title line.")
        )
        self.text.setAccessibleName(_("Listing text"))
        self.open_button = _button(_("Open Text File…"), self.choose_listing)
        self.read_button = _button(_("&Read Listing"), self.read)
        self.target = QLineEdit(str(target) if target else "")
        self.target.setPlaceholderText(_("the bulletins file to add to (new or existing)"))
        self.target.setAccessibleName(_("Bulletins file"))
        self.target.editingFinished.connect(self.read)
        self.target_button = _button(_("Choose…"), self.choose_target)

        self.preview = ListingPreviewModel(taxonomy, self)
        self.table = QTableView()
        self.table.setObjectName("listing-preview")
        self.table.setAccessibleName(_("Rows read"))
        self.table.setModel(self.preview)
        self.table.setItemDelegateForColumn(LANGUAGE, _LanguageDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((STATUS, 200), (TAGS, 320)):  # long texts: the whole of each in its tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_suggestions)
        self.preview.language_changed.connect(self._language_changed)

        self.suggestions = SuggestionModel(taxonomy, self)
        self.suggestions.dataChanged.connect(self._tags_checked)
        self.suggestion_table = QTableView()
        self.suggestion_table.setObjectName("listing-suggestions")
        self.suggestion_table.setAccessibleName(_("Suggested tags"))
        self.suggestion_table.setModel(self.suggestions)
        self.suggestion_table.verticalHeader().hide()
        self.suggestion_table.horizontalHeader().setStretchLastSection(True)
        self.suggestion_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.accept_all_button = _button(_("Check &All Suggestions"), self.accept_all)

        self.rejects = QListWidget()
        self.rejects.setObjectName("listing-rejects")
        self.rejects.setAccessibleName(_("Rejected lines"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)

        source_row = QHBoxLayout()
        source_row.addWidget(self.open_button)
        source_row.addWidget(self.read_button)
        source_row.addStretch(1)
        target_row = QHBoxLayout()
        target_label = QLabel(_("Add to:"))
        target_label.setBuddy(self.target)
        target_row.addWidget(target_label)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.target_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.text)
        top_layout.addLayout(source_row)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(QLabel(_("Rows read")))
        middle_layout.addWidget(self.table, 3)
        tags_row = QHBoxLayout()
        tags_row.addWidget(QLabel(_("Tags suggested for the selected row (none is added unless checked)")), 1)
        tags_row.addWidget(self.accept_all_button)
        middle_layout.addLayout(tags_row)
        middle_layout.addWidget(self.suggestion_table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(_("Rejected lines")))
        bottom_layout.addWidget(self.rejects)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (top, middle, bottom):
            splitter.addWidget(part)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([150, 480, 110])

        layout = QVBoxLayout(self)
        layout.addLayout(target_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(1100, 760)
        self._update_state()

    # ------------------------------------------------------------ reading
    def choose_listing(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Open listing"), str(Path.home()), _("Text (*.txt);;All files (*)")
        )
        if path:
            self.open_listing(Path(path))

    def open_listing(self, path: Path) -> None:
        try:
            data = read_listing_file(path)
        except DataLoadError as error:
            QMessageBox.warning(self, _("Import Listing"), str(error))
            return
        self.text.setPlainText(data.decode("utf-8", "replace"))
        self.read(data, str(path))

    def choose_target(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Add to bulletins file"),
            self.target.text() or str(Path.home()),
            _("Bulletins (*.yaml *.yml)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # bulletins are added to it, nothing replaced
        )
        if path:
            self.target.setText(path)
            self.read()

    def read(self, data: bytes | str | None = None, source: str | None = None) -> None:
        """Reads the listing (the text shown, unless ``data`` is given) against the target's bulletins."""
        if not isinstance(data, bytes | str):
            data, source = self.text.toPlainText(), None
        target = self.target.text().strip()
        existing: list[Bulletin] = []
        self.summary.setStyleSheet("")
        if target:
            try:
                _text, existing = existing_bulletins(Path(target), self._taxonomy)
            except DataLoadError as error:
                self.summary.setText(_("The bulletins file cannot be added to: {problem}").format(problem=error))
                self.listing = None
                self.preview.set_rows([])
                self._update_state()
                return
        self.listing = read_listing(data, self._taxonomy, existing, source=source or _("pasted text"))
        self.preview.set_rows(self.listing.rows)
        self.rejects.clear()
        for reject in self.listing.rejects:
            self.rejects.addItem(_("Line {line}: {message}").format(line=reject.line, message=reject.message))
        if self.listing.rows:
            self.table.selectRow(0)
        else:
            self.suggestions.set_row(None)
        self._update_state()

    # ------------------------------------------------------------ tags
    def _show_suggestions(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        rows = self.preview.rows
        self.suggestions.set_row(rows[current.row()] if current.isValid() and current.row() < len(rows) else None)

    def _language_changed(self, row: int) -> None:
        """The suggestions shown follow the new language when they are those of the row corrected."""
        if self.suggestions.row is self.preview.rows[row]:
            self.suggestions.set_row(self.suggestions.row)

    def _tags_checked(self, *_args: object) -> None:
        if self.suggestions.row is not None:
            self.preview.refresh_tags(self.preview.rows.index(self.suggestions.row))

    def accept_all(self) -> None:
        for row in self.preview.rows:
            if not row.is_duplicate:
                row.accept_all()
        self.preview.dataChanged.emit(self.preview.index(0, TAGS), self.preview.index(len(self.preview.rows), TAGS))
        self.suggestions.set_row(self.suggestions.row)

    # ------------------------------------------------------------ writing
    def _update_state(self) -> None:
        listing = self.listing
        new = listing.new_rows() if listing else []
        if listing is not None:
            read = len(listing.rows)
            counts = (
                i18n.ngettext("{count} row read", "{count} rows read", read),
                i18n.ngettext("{count} new", "{count} new", len(new)),
                i18n.ngettext("{count} duplicate skipped", "{count} duplicates skipped", read - len(new)),
                i18n.ngettext("{count} line rejected", "{count} lines rejected", len(listing.rejects)),
            )
            numbers = (read, len(new), read - len(new), len(listing.rejects))
            self.summary.setText(", ".join(text.format(count=n) for text, n in zip(counts, numbers, strict=True)))
        self.import_button.setEnabled(bool(new) and bool(self.target.text().strip()))
        self.accept_all_button.setEnabled(bool(new))

    def import_rows(self) -> None:
        listing = self.listing
        target = self.target.text().strip()
        if listing is None or not target:
            return
        new = listing.new_rows()
        if listing.rejects:
            answer = QMessageBox.question(
                self,
                _("Import Listing"),
                i18n.ngettext(
                    "{rejected} line was rejected and will not be imported. Add the {count} rows read well?",
                    "{rejected} lines were rejected and will not be imported. Add the {count} rows read well?",
                    len(listing.rejects),
                ).format(rejected=len(listing.rejects), count=len(new)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.result_ = import_rows(Path(target), new, self._taxonomy)
        except DataLoadError as error:
            from timeline_gui.ui.error_dialog import DataErrorDialog

            DataErrorDialog(target, error.errors, parent=self).exec()
            return
        except OSError as error:
            QMessageBox.warning(self, _("Import Listing"), f"{target}: {error.strerror or error}")
            return
        self.imported = Path(target)
        self.accept()
