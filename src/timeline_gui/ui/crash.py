"""The exception hook: an unexpected error is logged to a file and shown, and the app keeps running.

``install()`` (called by ``app.run()``) replaces ``sys.excepthook``. Qt calls that hook for an
exception raised in a slot or a virtual method and then carries on with its event loop, so the
window stays usable. The traceback goes to ``timeline-gui.log`` in the user's application data
folder (``user_folders.data_dir()``), size-capped with one rotated backup; a dialog shows
a summary, the log's path and a button that copies the details. The dialog is shown from the event
loop, after the code that raised has returned: opened inside a paint event, it would paint again
inside that paint event.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from timeline_gui import __version__
from timeline_gui.user_folders import data_dir

if TYPE_CHECKING:
    from timeline_gui.ui.crash_dialog import CrashDialog

LOG_NAME = "timeline-gui.log"
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 1
log = logging.getLogger("timeline_gui.crash")


def log_path() -> Path:
    return data_dir() / LOG_NAME


class _RotatingLog(logging.Handler):
    """A size-capped log file with one rotated backup. The rotating handler it passes records to is made at
    the first record: ``logging.handlers`` (which imports socket, pickle, queue) is not needed to start."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def _target(self) -> logging.Handler:
        if self._file is None:
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
            )
            self._file.setFormatter(self.formatter)
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        self._target().emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _file_handler(path: Path) -> logging.Handler | None:
    """A size-capped file handler on ``path``, or None when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = _RotatingLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


@dataclass
class _Report:
    """One unexpected error, as the dialog shows it; ``key`` tells a repeat of it from another error."""

    key: tuple[str, ...]
    summary: str
    details: str
    path: str


class _Relay(QObject):
    """Lives in the GUI thread: the dialog is shown from its event loop, never from inside the code that raised
    (a paint event showing a modal dialog would paint again inside itself), nor from another thread."""

    show = Signal(object)  # _Report
    counted = Signal(object, int)  # the key of an error, how many times it happened


def _key(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> tuple[str, ...]:
    """What makes two errors the same one: their type, message and the line that raised."""
    where = traceback.extract_tb(tb)[-1] if tb is not None else None
    place = (where.filename, str(where.lineno)) if where is not None else ("", "")
    return (kind.__qualname__, str(value), *place)


class ExceptionHook:
    """Callable installed as sys.excepthook; keeps the previous hook to restore it.

    An error raised again and again (in a paint event, a timer) is shown once, its dialog counting the
    repeats; its traceback is logged the first time, and a line at the 2nd, 4th, 8th, ... repeat.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or log_path()
        self.previous = sys.excepthook
        self.previous_threading = threading.excepthook
        self.handler = _file_handler(self.path)
        self.showing = False
        self.counts: dict[tuple[str, ...], int] = {}
        self._dialog_key: tuple[str, ...] | None = None  # the error whose dialog is queued or showing
        self._dialog: CrashDialog | None = None  # the dialog showing, told of repeats while it shows
        self.relay = _Relay()
        self.relay.show.connect(self.show_dialog, Qt.ConnectionType.QueuedConnection)
        self.relay.counted.connect(self._counted, Qt.ConnectionType.QueuedConnection)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        if args.exc_value is None:  # no exception object to report: threading's own hook prints what there is
            self.previous_threading(args)
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)

    def __call__(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, value, tb)
            return
        try:
            self.handle(kind, value, tb)
        except Exception:  # the hook itself must never take the app down
            sys.__excepthook__(kind, value, tb)

    def handle(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        key = _key(kind, value, tb)
        count = self.counts[key] = self.counts.get(key, 0) + 1
        summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
        if count > 1:
            if count & (count - 1) == 0:  # a power of two: the log grows by a line per doubling, not per repeat
                self._write(f"the same error again, {count} times so far: {summary}")
            if key == self._dialog_key:
                self.relay.counted.emit(key, count)
            return
        details = "".join(traceback.format_exception(kind, value, tb))
        written = self._write(f"timeline-gui {__version__}, Python {sys.version.split()[0]}\n{details}")
        sys.stderr.write(details)
        if QApplication.instance() is None or self._dialog_key is not None:
            return  # one dialog at a time: an error raised while one is queued or shows is only logged
        self._dialog_key = key
        self.relay.show.emit(_Report(key, summary, details, str(self.path) if written else ""))

    def show_dialog(self, report: _Report) -> None:
        if self.showing:
            return
        self.showing = True
        try:
            from timeline_gui.ui.crash_dialog import CrashDialog

            path = Path(report.path) if report.path else None
            dialog = CrashDialog(report.summary, report.details, path, QApplication.activeWindow())
            dialog.set_count(self.counts.get(report.key, 1))
            self._dialog = dialog
            dialog.exec()
        finally:
            self.showing = False
            self._dialog_key = None
            self._dialog = None

    def _counted(self, key: tuple[str, ...], count: int) -> None:
        if key == self._dialog_key and self._dialog is not None:
            self._dialog.set_count(count)

    def _write(self, text: str) -> bool:
        if self.handler is None:
            return False
        record = logging.LogRecord(log.name, logging.ERROR, __file__, 0, "unexpected error\n%s", (text,), None)
        try:
            self.handler.handle(record)
            self.handler.flush()
        except Exception:
            return False
        return self.path.exists()

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous
        if threading.excepthook == self.thread_hook:
            threading.excepthook = self.previous_threading
        if self.handler is not None:
            logging.getLogger("timeline_gui").removeHandler(self.handler)
            self.handler.close()


def install(path: Path | None = None) -> ExceptionHook:
    """Installs the hook, and sends the app's warnings (settings ignored, ...) to the same log."""
    hook = ExceptionHook(path)
    sys.excepthook = hook
    threading.excepthook = hook.thread_hook
    if hook.handler is not None:
        package = logging.getLogger("timeline_gui")
        package.addHandler(hook.handler)
        if package.level == logging.NOTSET or package.level > logging.WARNING:
            package.setLevel(logging.WARNING)
    return hook


def __getattr__(name: str):
    """``crash.CrashDialog``: its module (dialog widgets) is imported when an error is first shown, not at start."""
    if name == "CrashDialog":
        from timeline_gui.ui.crash_dialog import CrashDialog

        return CrashDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
