"""Writing a PDF off the GUI thread, with progress and cancel through signals, as loading does.

The worker renders with the same code as the command line (``export.pdf.export_pdf``): QPainter on a
QPdfWriter, QFont and QTextLayout, all usable outside the GUI thread. The target is written whole or
not at all, so a cancel or a failure leaves it as it was.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from timeline_gui.domain.model import Taxonomy
from timeline_gui.export.pdf import ExportCancelled, ExportError, export_pdf
from timeline_gui.export.plan import ExportPlan
from timeline_gui.i18n import _
from timeline_gui.storage.gc_pause import paused_collection
from timeline_gui.ui.loading import PROGRESS_STEPS, ProgressThrottle, quick_thread_switches

log = logging.getLogger(__name__)


# Every worker is referenced here from start to end, not by its dialog: destroying a QThread that is still
# running aborts the process, and a dialog is deleted once closed, which may be before its worker's last step.
_running: set[ExportWorker] = set()


class ExportWorker(QThread):
    """One export. Its signals reach the GUI thread queued; ``cancel()`` may be called from any thread.

    Exactly one of ``exported``, ``failed`` and ``cancelled`` is emitted, then QThread's ``finished``.
    """

    progressed = Signal(int, int)  # done, total (PROGRESS_STEPS)
    exported = Signal(int)  # number of pages
    failed = Signal(str)  # the reason, for people, in the active language
    cancelled = Signal()

    def __init__(self, plan: ExportPlan, taxonomy: Taxonomy, target: Path, paper: str):
        super().__init__()
        self.plan = plan
        self.taxonomy = taxonomy
        self.target = target
        self.paper = paper
        self._cancel = threading.Event()
        self._throttle = ProgressThrottle()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, fraction: float) -> bool:
        """The renderer's report: passed on at most every 50 ms, and only when the bar would move."""
        step = int(PROGRESS_STEPS * min(max(fraction, 0.0), 1.0))
        if self._throttle.due(step):
            self.progressed.emit(step, PROGRESS_STEPS)
        return not self._cancel.is_set()

    def run(self) -> None:  # the worker thread
        try:
            # The collector would walk the tens of thousands of shaped paragraphs again and again, holding the
            # interpreter lock (and the window) for a few hundred milliseconds each time; loading pauses it too.
            with quick_thread_switches(), paused_collection():
                pages = export_pdf(self.plan, self.taxonomy, self.target, self.paper, self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except ExportError as error:
            self.failed.emit(str(error))
        except Exception as error:  # noqa: BLE001 - a worker must always answer, or the progress would stay open
            log.exception("exporting to %s failed", self.target)
            self.failed.emit(
                _("Cannot write {path}: {reason}").format(path=self.target, reason=str(error) or type(error).__name__)
            )
        else:
            self.exported.emit(pages)

    def begin(self) -> None:
        """Starts the thread; the worker keeps itself alive until it has ended."""
        _running.add(self)
        self.finished.connect(self._ended)
        self.start(QThread.Priority.LowPriority)

    def _ended(self) -> None:
        _running.discard(self)
        self.deleteLater()

    def stop(self, timeout_ms: int = 2000) -> bool:
        """Cancels the export and waits for the thread at most ``timeout_ms``; True when it has ended.

        A worker still running then ends on its own (its target is still written whole or not at all).
        """
        self.cancel()
        return self.wait(timeout_ms)
