"""File ▸ Export to PDF…: choose the range, filters, paper and file; write it with a cancellable progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from timeline_gui import i18n
from timeline_gui.domain.model import Timeline
from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.export.pdf import default_file_name, filters_text
from timeline_gui.export.plan import ExportPlan, ExportRequest, build_plan, selected_positions
from timeline_gui.i18n import _
from timeline_gui.ui.export_worker import ExportWorker
from timeline_gui.ui.loading import PROGRESS_STEPS

# Territories whose printers are loaded with US Letter (PySide6 names the enum Country).
LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Philippines,
    QLocale.Country.PuertoRico,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
    QLocale.Country.Venezuela,
}


def default_paper(locale: QLocale | None = None) -> str:
    return "Letter" if (locale or QLocale.system()).territory() in LETTER_TERRITORIES else "A4"


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ExportDialog(QDialog):
    export_ended = Signal()  # written, failed or cancelled: result_path is set only when written

    def __init__(
        self,
        timeline: Timeline,
        index: TimelineIndex | None = None,
        query: Query | None = None,
        descending: bool = False,
        selection: tuple[dt.date, dt.date] | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
        chosen: Sequence[int] = (),
    ):
        super().__init__(parent)
        self.setObjectName("export-dialog")
        self.timeline = timeline
        self.index = index or TimelineIndex(timeline)
        self.query = query or Query()
        self.descending = descending
        self.result_path: Path | None = None
        self.result_count = 0
        self.result_pages = 0
        self._worker: ExportWorker | None = None
        self._progress: QProgressDialog | None = None
        self._name_edited = False
        first = timeline[0].date if len(timeline) else dt.date.today()
        last = timeline[len(timeline) - 1].date if len(timeline) else dt.date.today()
        self.chosen = tuple(sorted(chosen))
        # The range: the selection's span, else the filters' range, else the whole timeline.
        start, end = selection or (self.query.start or first, self.query.end or last)

        locale = QLocale(i18n.babel_locale().language + "_" + (i18n.babel_locale().territory or ""))
        self.from_edit = self._date_edit("export-from", locale, start)
        self.to_edit = self._date_edit("export-to", locale, end)
        self.filters_check = QCheckBox()
        self.filters_check.setObjectName("export-filters")
        self.filters_check.setEnabled(not self.query.is_empty)
        self.filters_check.setChecked(not self.query.is_empty)
        self.filters_note = QLabel()
        self.filters_note.setObjectName("export-filters-note")
        self.filters_note.setWordWrap(True)
        self.paper_combo = QComboBox()
        self.paper_combo.setObjectName("export-paper")
        self.paper_combo.addItem("A4", "A4")
        self.paper_combo.addItem("", "Letter")
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(default_paper()))
        self.file_edit = QLineEdit(str((folder or default_folder()) / default_file_name(start, end)))
        self.file_edit.setObjectName("export-file")
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("export-browse")
        self.count_label = QLabel()
        self.count_label.setObjectName("export-count")

        self.chosen_radio = QRadioButton()
        self.chosen_radio.setObjectName("export-chosen")
        self.range_radio = QRadioButton()
        self.range_radio.setObjectName("export-range")
        self.chosen_radio.setEnabled(len(self.chosen) > 1)  # one selected bulletin is just the current one
        (self.chosen_radio if self.chosen_radio.isEnabled() else self.range_radio).setChecked(True)
        self.what_label = QLabel()
        what_box = QVBoxLayout()
        what_box.addWidget(self.chosen_radio)
        what_box.addWidget(self.range_radio)

        form = QFormLayout()
        form.addRow(self.what_label, what_box)
        self.from_label, self.to_label, self.paper_label, self.file_label = QLabel(), QLabel(), QLabel(), QLabel()
        for label, field in (
            (self.from_label, self.from_edit),
            (self.to_label, self.to_edit),
            (self.paper_label, self.paper_combo),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        filters_box = QVBoxLayout()
        filters_box.addWidget(self.filters_check)
        filters_box.addWidget(self.filters_note)
        self.filters_label = QLabel()
        self.filters_label.setBuddy(self.filters_check)
        form.addRow(self.filters_label, filters_box)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.file_label.setBuddy(self.file_edit)
        form.addRow(self.file_label, file_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setObjectName("export-ok")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self.browse)
        self.from_edit.dateChanged.connect(self._range_changed)
        self.to_edit.dateChanged.connect(self._range_changed)
        self.filters_check.toggled.connect(self._update_count)
        self.range_radio.toggled.connect(self._choice_changed)
        self.file_edit.textEdited.connect(self._file_edited)
        self.retranslate()
        self._choice_changed()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())

    def _date_edit(self, name: str, locale: QLocale, value: dt.date) -> QDateEdit:
        edit = QDateEdit(_qdate(value))
        edit.setObjectName(name)
        edit.setLocale(locale)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(
            locale.dateFormat(QLocale.FormatType.ShortFormat).replace("yy", "yyyy").replace("yyyyyyyy", "yyyy")
        )
        edit.setMinimumDate(QDate(1900, 1, 1))
        return edit

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export to PDF"))
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.paper_label.setText(_("&Paper size:"))
        self.file_label.setText(_("F&ile:"))
        self.paper_combo.setItemText(self.paper_combo.findData("Letter"), _("US Letter"))
        self.filters_label.setText(_("Filters") + _(":"))
        self.filters_check.setText(_("Apply the current &filters"))
        self.browse_button.setText(_("&Browse…"))
        self.what_label.setText(_("Export") + _(":"))
        self.chosen_radio.setText(
            i18n.ngettext(
                "The &selected bulletin", "The &selected bulletins ({count})", max(1, len(self.chosen))
            ).format(count=i18n.format_number(len(self.chosen)))
        )
        self.range_radio.setText(_("A date &range"))
        self.export_button.setText(_("&Export"))
        self._update_filters_note()
        self._update_count()

    # ------------------------------------------------------------ state
    @property
    def start(self) -> dt.date:
        return _pydate(self.from_edit.date())

    @property
    def end(self) -> dt.date:
        return _pydate(self.to_edit.date())

    @property
    def paper(self) -> str:
        return self.paper_combo.currentData()

    @property
    def target(self) -> Path:
        """The file named in the field, ``~`` expanded when it can be (``~nosuchuser/...`` stays as typed)."""
        path = Path(self.file_edit.text().strip())
        try:
            return path.expanduser()
        except RuntimeError:  # no such user, or no home folder: accept() says so
            return path

    def checked_target(self) -> tuple[Path, bool]:
        """The file to write (``.pdf`` added when missing) and whether it exists.

        Raises ValueError with a message saying why the name cannot be used (no user of that ~name,
        a name too long, a folder that cannot be read, ...), for the dialog to show.
        """
        text = self.file_edit.text().strip()
        if not text:
            raise ValueError(_("Choose a file to export to."))
        if "\0" in text:
            raise ValueError(_("{path} is not a valid file name.").format(path=text.replace("\0", "")))
        try:
            target = Path(text).expanduser()
        except RuntimeError as error:
            raise ValueError(_("Cannot find the home folder that {path} starts from.").format(path=text)) from error
        try:
            if not target.name or target.is_dir():  # "/", "~", a folder's name
                raise ValueError(_("{path} is a folder; choose a file name.").format(path=target))
            if target.suffix.lower() != ".pdf":
                target = target.with_name(target.name + ".pdf")
            if target.is_dir():
                raise ValueError(_("{path} is a folder; choose a file name.").format(path=target))
            return target, target.exists()
        except OSError as error:  # ENAMETOOLONG, EACCES, ...
            raise ValueError(
                _("Cannot write {path}: {reason}").format(path=target, reason=error.strerror or error)
            ) from error

    def request(self) -> ExportRequest:
        if self.chosen_radio.isChecked():
            dates = self.timeline[self.chosen[0]].date, self.timeline[self.chosen[-1]].date
            return ExportRequest(*dates, descending=self.descending, chosen=self.chosen)
        query = self.query if self.filters_check.isChecked() else Query()
        return ExportRequest(self.start, self.end, query, descending=self.descending)

    def _choice_changed(self, *_args) -> None:
        by_range = self.range_radio.isChecked()
        for widget in (self.from_edit, self.to_edit, self.filters_check):
            widget.setEnabled(by_range and (widget is not self.filters_check or not self.query.is_empty))
        self._update_count()

    def _file_edited(self, _text: str) -> None:
        self._name_edited = True

    def _range_changed(self) -> None:
        if not self._name_edited:
            self.file_edit.setText(str(self.target.parent / default_file_name(self.start, self.end)))
        self._update_count()

    def search_pending_changed(self, pending: bool) -> None:
        """The window's search index is built (``pending`` False): the count the dialog waited for can be made."""
        if not pending:
            self._update_count()

    def _update_filters_note(self) -> None:
        if self.query.is_empty:
            self.filters_note.setText(_("No filters are set in the timeline."))
        else:
            self.filters_note.setText(filters_text(ExportRequest(query=self.query), self.timeline.taxonomy))

    def _update_count(self) -> None:
        if self.range_radio.isChecked() and self.start > self.end:
            self.count_label.setText(_("The first day is after the last one."))
            self.export_button.setEnabled(False)
            return
        request = self.request()
        if not self.index.answers_at_once(request.query):  # counting now would read every title
            self.count_label.setText(_("Counting once the search is ready…"))
            self.export_button.setEnabled(False)
            return
        count = len(selected_positions(self.timeline, request, self.index))
        if not count:  # a document with no bulletin is no use: say so instead
            self.count_label.setText(_("No bulletin in this range matches; choose another range or clear filters."))
            self.export_button.setEnabled(False)
            return
        self.count_label.setText(
            i18n.ngettext("{count} bulletin to export", "{count} bulletins to export", count).format(
                count=i18n.format_number(count)
            )
        )
        self.export_button.setEnabled(True)

    # ------------------------------------------------------------ actions
    def browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export to PDF"),
            str(self.target),
            _("PDF documents (*.pdf)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.file_edit.setText(path)
            self._name_edited = True

    def confirm_replace(self, path: Path) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Replace file?"),
            _("{name} already exists in {folder}. Replace it?").format(name=path.name, folder=path.parent),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("export-replace")
        box.button(QMessageBox.StandardButton.Yes).setText(_("&Replace"))
        box.button(QMessageBox.StandardButton.No).setText(_("&Keep It"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def show_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, _("Export failed"), message, QMessageBox.StandardButton.Close, self)
        box.setObjectName("export-error")
        box.setInformativeText(_("No file was written."))
        box.exec()

    def accept(self) -> None:
        if not self.export_button.isEnabled() or self.exporting:
            return
        try:
            target, exists = self.checked_target()
        except ValueError as error:
            self.show_error(str(error))
            return
        if exists and not self.confirm_replace(target):
            return
        plan = build_plan(self.timeline, self.request(), self.index)
        self._start_export(plan, target)

    @property
    def exporting(self) -> bool:
        return self._worker is not None

    def _start_export(self, plan: ExportPlan, target: Path) -> None:
        """Renders ``plan`` into ``target`` in a worker thread; a progress dialog shows how far and can cancel."""
        label = i18n.ngettext("Exporting {count} bulletin…", "Exporting {count} bulletins…", len(plan)).format(
            count=i18n.format_number(len(plan))
        )
        progress = QProgressDialog(label, _("Cancel"), 0, PROGRESS_STEPS, self)
        progress.setObjectName("export-progress")
        progress.setWindowTitle(_("Export to PDF"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        worker = ExportWorker(plan, self.timeline.taxonomy, target, self.paper)
        self._worker, self._progress = worker, progress
        # Bound methods of the dialog (which lives in the GUI thread): the worker's signals arrive queued there.
        worker.progressed.connect(self._export_progressed)
        worker.exported.connect(self._exported)
        worker.failed.connect(self._export_failed)
        worker.cancelled.connect(self._export_cancelled)
        progress.canceled.connect(worker.cancel)
        self.export_button.setEnabled(False)
        worker.begin()

    def _end_export(self) -> None:
        self._worker = None
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self._update_count()

    def _export_progressed(self, done: int, _total: int) -> None:
        if self._progress is not None:
            self._progress.setValue(done)

    def _exported(self, pages: int) -> None:
        worker = self._worker
        if worker is None:
            return
        self._end_export()
        self.result_path, self.result_count, self.result_pages = worker.target, len(worker.plan), pages
        self.export_ended.emit()
        super().accept()

    def _export_failed(self, message: str) -> None:
        self._end_export()
        self.export_ended.emit()
        self.show_error(message)

    def _export_cancelled(self) -> None:
        self._end_export()
        self.count_label.setText(_("Export cancelled; no file was written."))
        self.export_ended.emit()

    def stop_export(self) -> None:
        """Cancels the export under way, if any, and waits for it briefly (the window is closing)."""
        worker = self._worker
        if worker is None:
            return
        for signal in (worker.exported, worker.failed, worker.cancelled, worker.progressed):
            signal.disconnect()
        self._end_export()
        worker.stop()

    def done(self, result: int) -> None:
        self.stop_export()
        super().done(result)
