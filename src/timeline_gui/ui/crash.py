"""The exception hook: an unexpected error is logged to a file and shown, and the app keeps running.

``install()`` (called by ``app.run()``) replaces ``sys.excepthook``. Qt calls that hook for an
exception raised in a slot or a virtual method and then carries on with its event loop, so the
window stays usable. The traceback goes to ``timeline-gui.log`` in the user's application data
folder (QStandardPaths.AppLocalDataLocation), size-capped with one rotated backup; a dialog shows
a summary, the log's path and a button that copies the details.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication

from timeline_gui import __version__

LOG_NAME = "timeline-gui.log"
LOG_MAX_BYTES = 1024 * 1024
LOG_BACKUPS = 1
log = logging.getLogger("timeline_gui.crash")


def log_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(folder or Path.home()) / LOG_NAME


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


class _Relay(QObject):
    """Lives in the GUI thread: an error raised in another thread is shown from there."""

    show = Signal(str, str, str)


class ExceptionHook:
    """Callable installed as sys.excepthook; keeps the previous hook to restore it."""

    def __init__(self, path: Path | None = None):
        self.path = path or log_path()
        self.previous = sys.excepthook
        self.previous_threading = threading.excepthook
        self.handler = _file_handler(self.path)
        self.showing = False
        self.relay = _Relay()
        self.relay.show.connect(self.show_dialog, Qt.ConnectionType.QueuedConnection)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
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
        details = "".join(traceback.format_exception(kind, value, tb))
        written = self._write(f"timeline-gui {__version__}, Python {sys.version.split()[0]}\n{details}")
        sys.stderr.write(details)
        app = QApplication.instance()
        if app is None:
            return
        summary = f"{kind.__name__}: {value}" if str(value) else kind.__name__
        path = str(self.path) if written else ""
        if QThread.currentThread() is app.thread():
            self.show_dialog(summary, details, path)
        else:  # widgets belong to the GUI thread: show it from there
            self.relay.show.emit(summary, details, path)

    def show_dialog(self, summary: str, details: str, path: str) -> None:
        if self.showing:
            return  # one dialog at a time: an error raised while it shows is only logged
        self.showing = True
        try:
            from timeline_gui.ui.crash_dialog import CrashDialog

            CrashDialog(summary, details, Path(path) if path else None, QApplication.activeWindow()).exec()
        finally:
            self.showing = False

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
