"""The dialog of the exception hook (crash.py), imported when an unexpected error is first shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from timeline_gui import i18n
from timeline_gui.i18n import _
from timeline_gui.ui.report_dialog import ReportDialog


class CrashDialog(ReportDialog):
    """What went wrong, where the details were written, and a button to copy them."""

    def __init__(self, summary: str, details: str, path: Path | None, parent: QWidget | None = None):
        where = (
            _("The details were written to {path}.").format(path=path)
            if path
            else _("The details could not be written to a log file.")
        )
        self._lines = [
            _("Something went wrong: {summary}").format(summary=summary),
            where,
            _("You can keep working; if something looks wrong, restart the app."),
        ]
        super().__init__(_("Unexpected error"), "\n".join(self._lines), details, _("Error details"), parent)
        self.setObjectName("crash-dialog")

    def set_count(self, count: int) -> None:
        """Says how many times the error happened (nothing more when once): a repeat shows no dialog of its own."""
        lines = list(self._lines)
        if count > 1:
            repeated = i18n.ngettext("This error happened {count} time.", "This error happened {count} times.", count)
            lines.insert(1, repeated.format(count=i18n.format_number(count)))
        self.summary.setText("\n".join(lines))
