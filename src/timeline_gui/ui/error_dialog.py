"""A dialog that lists every problem of a data file, with a button to copy them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from timeline_gui import i18n
from timeline_gui.domain.errors import DataError
from timeline_gui.i18n import _
from timeline_gui.ui.report_dialog import ReportDialog


class DataErrorDialog(ReportDialog):
    def __init__(self, path: str, errors: list[DataError], note: str = "", parent: QWidget | None = None):
        count = len(errors)
        summary = i18n.ngettext("{path} has {count} problem.", "{path} has {count} problems.", count).format(
            path=path, count=i18n.format_number(count)
        )
        details = "\n".join(str(error) for error in errors)
        super().__init__(
            _("Cannot open data file"), summary + (f"\n{note}" if note else ""), details, _("Problems found"), parent
        )
        self.setObjectName("data-errors")
